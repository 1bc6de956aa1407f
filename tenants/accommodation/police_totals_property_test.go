package accommodation_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/testdb"
	"portal06/policies"
	"portal06/tenants/accommodation"
)

// TestPoliceTotalsProperty checks, for random scopes and area filters over a
// random province whose sites of every kind (an apartment block may lodge
// guests) have guests staying and gone, refusals, check-ins late and on
// time, and suspicious scans old and new, that the police dashboard's
// totals are a count of those rows at the accommodation sites the scope
// covers: under row-level security with the scope, and under none (a scope
// that shows every row), where the statement's own condition alone must
// narrow the rows to the scope. It covers both ways the totals are read:
// the rollups by area for a unit's areas, and the rows of each site for
// any other scope.
func TestPoliceTotalsProperty(t *testing.T) {
	d := testdb.New(t)
	rng := rand.New(rand.NewPCG(2026, 28))
	w := newRandomProvince(t, d, rng)
	now := time.Now()
	d.Seed(t, func(tx *gorm.DB) error {
		for i := range 400 {
			s := w.sites[rng.IntN(len(w.sites))]
			arrival := now.Add(-time.Duration(rng.IntN(72*60)) * time.Minute)
			status, departed := "open", any(nil)
			switch rng.IntN(4) {
			case 0:
				status, departed = "checked_out", arrival.Add(time.Hour)
			case 1:
				status = "cancelled"
			}
			var stay int64
			if err := tx.Raw(`INSERT INTO stays (tenant_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
					nationality, arrival_at, expected_departure, reason, deadline_at, source, status, departed_at, cancel_reason)
				VALUES (?, ?, 'passport', ?, 'Khách thử', 'khach thu', '1990-01-01', 'M', 'KOR', ?, ?, 'Du lịch', ?, 'manual', ?, ?,
					CASE WHEN ? = 'cancelled' THEN 'Nhập nhầm' END) RETURNING id`,
				s.tenant, s.id, fmt.Sprintf("P%07d", i), arrival, arrival.AddDate(0, 0, 2), arrival.Add(12*time.Hour), status, departed,
				status).Scan(&stay).Error; err != nil {
				return err
			}
			// its check-in's notification: pending (late or not yet),
			// refused, or accepted
			note := []string{"pending", "pending", "refused", "accepted"}[rng.IntN(4)]
			if err := tx.Exec(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at, status, refusal, accepted_at)
				VALUES (?, ?, ?, 'check_in', '{}', ?, ?, CASE WHEN ? = 'refused' THEN 'Sai' END, CASE WHEN ? = 'accepted' THEN ?::timestamptz END)`,
				s.tenant, s.id, stay, arrival.Add(12*time.Hour), note, note, note, arrival.Add(time.Minute)).Error; err != nil {
				return err
			}
			if rng.IntN(4) == 0 { // a suspicious scan, of this month or long ago
				at := now.Add(-time.Duration(rng.IntN(60*24)) * time.Hour)
				if err := tx.Exec(`INSERT INTO suspicious_scans (tenant_id, site_id, doc_number, full_name, reasons, raw, scanned_at)
					VALUES (?, ?, ?, 'Khách thử', '{checksum}', 'x', ?)`, s.tenant, s.id, fmt.Sprintf("0010%08d", i), at).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	owner := d.OwnerAll(t)
	today := now.In(time.FixedZone("ICT", 7*3600)).Format(time.DateOnly)
	names := []string{"guests now", "today's check-ins", "late check-ins", "refusals", "suspicious scans"}
	for iter := range 40 {
		scope, filter := w.scope(rng, iter)
		var ids []int64
		for _, s := range w.inScope(scope, filter) {
			ids = append(ids, s.id)
		}
		var want [5]int64
		err := owner.QueryRow(`SELECT
				(SELECT count(*) FROM stays WHERE status = 'open' AND site_id = ANY ($1)),
				(SELECT count(*) FROM stays WHERE status <> 'cancelled' AND (arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = $2::date AND site_id = ANY ($1)),
				(SELECT count(*) FROM notifications WHERE status = 'pending' AND event = 'check_in' AND deadline_at < $3 AND site_id = ANY ($1)),
				(SELECT count(*) FROM notifications WHERE status = 'refused' AND site_id = ANY ($1)),
				(SELECT count(*) FROM suspicious_scans WHERE scanned_at >= $3::timestamptz - interval '30 days' AND site_id = ANY ($1))`,
			ids, today, now).Scan(&want[0], &want[1], &want[2], &want[3], &want[4])
		if err != nil {
			t.Fatal(err)
		}
		if iter == 0 && (want[0] == 0 || want[1] == 0 || want[2] == 0 || want[3] == 0 || want[4] == 0) {
			t.Fatalf("a unit's first scope has no %v of some kind: the test would prove little", want)
		}
		for _, rls := range []policies.Scope{scope, {All: true}} {
			var got [5]int64
			err := d.App.Transaction(func(tx *gorm.DB) error {
				if err := rls.Apply(tx, 0); err != nil {
					return err
				}
				var err error
				got, err = accommodation.PoliceTotals(tx, scope, filter, now)
				return err
			})
			if err != nil {
				t.Fatalf("scope %+v, area %q: %v", scope, filter, err)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("scope %+v, area %q, row-level security %+v: %s %d, counted %d", scope, filter, rls, names[i], got[i], want[i])
				}
			}
		}
	}
}
