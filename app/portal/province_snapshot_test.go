package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/province"
	"portal06/policies"
)

// TestClosedMonthSnapshotDoesNotChange: the report of a closed month is
// frozen when first asked for; stays, corrections and catalogue changes
// made later do not change it, while the same figures computed afresh do.
func TestClosedMonthSnapshotDoesNotChange(t *testing.T) {
	e := newEnv(t)
	vi := messages(t).For("vi")
	now := time.Now()
	cur := monthStart(now)
	last := cur.AddDate(0, -1, 0)
	asOfficial := func(f func(tx *gorm.DB) error) {
		t.Helper()
		err := e.DB.App.Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
				return err
			}
			return f(tx)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	report := func(fresh bool) (rep province.Report) {
		t.Helper()
		asOfficial(func(tx *gorm.DB) (err error) {
			if fresh {
				rep, err = province.BuildReport(tx, kinds(), vi, last, now)
			} else {
				rep, err = province.MonthReport(tx, kinds(), vi, last, now)
			}
			return err
		})
		return rep
	}
	c := e.login("tinh")
	xlsx := func() string {
		r := c.get("/province/report.xlsx?month=" + last.Format("2006-01"))
		wantStatus(t, r, http.StatusOK)
		return xlsxText(t, r.Body)
	}
	firstXLSX := xlsx() // the first request after the month closed freezes it
	if n := e.id(`SELECT count(*) FROM report_snapshots WHERE month = ?`, last.Format("2006-01-02")); n != 1 {
		t.Fatalf("%d snapshots of the closed month, want 1", n)
	}
	before, _ := json.Marshal(report(false))

	// later data about that month: a late check-in, a correction of a
	// reported value, a model deployed
	_, site, err := e.siteOf("ngoc-trai", "ngoc-trai-tuan-chau")
	if err != nil {
		t.Fatal(err)
	}
	asOfficial(func(tx *gorm.DB) error {
		arr := last.Add(10 * 24 * time.Hour)
		if err := tx.Exec(`INSERT INTO stays (tenant_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality,
				arrival_at, expected_departure, reason, deadline_at, source)
			SELECT tenant_id, id, 'passport', 'P77777777', 'Khách muộn', 'khach muon', '1990-01-01', 'F', 'KOR', ?, ?, 'Du lịch', ?, 'manual'
			FROM sites WHERE id = ?`, arr, arr.AddDate(0, 0, 1), arr.Add(12*time.Hour), site).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE pilot_models SET status = 'deployed', deployed_on = ? WHERE no = 13`, last.Format("2006-01-02")).Error
	})
	wantStatus(t, c.post("/province/reported", url.Values{"month": {last.Format("2006-01")}, "v_rep.kiosks": {"999"}}), http.StatusSeeOther)

	after, _ := json.Marshal(report(false))
	if string(before) != string(after) {
		t.Fatalf("the closed month's report changed:\nbefore %s\nafter  %s", before, after)
	}
	if xlsx() != firstXLSX {
		t.Fatal("the closed month's XLSX changed")
	}
	fresh, _ := json.Marshal(report(true))
	if string(fresh) == string(after) {
		t.Fatal("the later data did not change the figures computed afresh: the test proves nothing")
	}
	// the snapshot cannot be rewritten, even by the owner
	err = e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE report_snapshots SET data = '{}' WHERE month = ?`, last.Format("2006-01-02")).Error
	})
	if err == nil {
		t.Fatal("a snapshot was rewritten")
	}
	// the current month is live
	r := c.get("/province/report?month=" + cur.Format("2006-01"))
	mustContain(t, r, "số liệu tính trực tiếp")
	r = c.get("/province/report?month=" + last.Format("2006-01"))
	mustContain(t, r, "Số liệu đã chốt")
}

// siteOf returns the ids of a demo site.
func (e *env) siteOf(tenant, site string) (int64, int64, error) {
	var ids struct{ TenantID, SiteID int64 }
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT t.id AS tenant_id, s.id AS site_id FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = ? AND s.slug = ?`,
			tenant, site).Scan(&ids).Error
	})
	return ids.TenantID, ids.SiteID, err
}

// TestSnapshotJobFreezesLastMonth: the hourly job freezes the month that
// last closed without anyone opening its report, and running it again
// changes nothing.
func TestSnapshotJobFreezesLastMonth(t *testing.T) {
	e := newEnv(t)
	w := &province.SnapshotWorker{DB: e.DB.App, Kinds: kinds(), VI: messages(t).For("vi"), Now: time.Now}
	last := monthStart(time.Now()).AddDate(0, -1, 0).Format("2006-01-02")
	if n := e.id(`SELECT count(*) FROM report_snapshots`); n != 0 {
		t.Fatalf("%d snapshots before the job ran", n)
	}
	for i := 0; i < 2; i++ {
		if err := w.Work(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.id(`SELECT count(*) FROM report_snapshots WHERE month = ?`, last); n != 1 {
		t.Fatalf("%d snapshots of %s, want 1", n, last)
	}
	if n := e.id(`SELECT count(*) FROM report_snapshots`); n != 1 {
		t.Fatalf("%d snapshots in all, want 1", n)
	}
}
