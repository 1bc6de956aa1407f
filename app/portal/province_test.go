package portal_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portal06/app/i18n"
	"portal06/tenants/accommodation"
)

// personalRe matches what looks like a personal ID number (12 digits, or
// the old 9-digit card) or a Vietnamese phone number, standing alone.
var personalRe = regexp.MustCompile(`(?:^|[^0-9A-Za-z])(?:[0-9]{12}|[0-9]{9}|0[35789][0-9]{8}|\+84[0-9]{9})(?:$|[^0-9A-Za-z])`)

// xlsxText is every cell of a workbook, one line per row.
func xlsxText(t *testing.T, body string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

var hrefRe = regexp.MustCompile(`href="(/province[^"]*)"`)

// TestProvincePagesShowNoPersonalData walks every province page and export
// reachable from the overview as the provincial official, down to the site
// level of every indicator, and fails on anything that looks like a
// personal ID number or a phone number.
func TestProvincePagesShowNoPersonalData(t *testing.T) {
	e := newEnv(t)
	if err := e.asOwner(accommodation.SeedDemoHistory); err != nil {
		t.Fatal(err)
	}
	c := e.login("tinh")
	// the year of demo stays holds 12-digit numbers: none may leak
	if n := e.id(`SELECT count(*) FROM stays WHERE doc_number ~ '^[0-9]{12}$'`); n == 0 {
		t.Fatal("the demo has no stays with a 12-digit number: the walk would prove nothing")
	}
	seen := map[string]bool{}
	queue := []string{"/province"}
	for len(queue) > 0 && len(seen) < 1500 {
		p := strings.ReplaceAll(queue[0], "&amp;", "&")
		queue = queue[1:]
		if seen[p] || strings.Contains(p, "page=") && len(seen) > 1000 {
			continue
		}
		seen[p] = true
		r := c.get(p)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: status %d: %.500s", p, r.Status, r.Body)
		}
		body := r.Body
		if strings.HasSuffix(pathOnly(p), ".xlsx") {
			body = xlsxText(t, r.Body)
		}
		if m := personalRe.FindString(body); m != "" {
			t.Fatalf("GET %s shows %q, which looks like personal data", p, m)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(r.Body, -1) {
			if !seen[strings.ReplaceAll(m[1], "&amp;", "&")] {
				queue = append(queue, m[1])
			}
		}
	}
	t.Logf("walked %d province pages and exports", len(seen))
	for _, want := range []string{"/province", "/province/models", "/province/matrix", "/province/report", "/province/reported"} {
		if !seen[want] {
			t.Errorf("the walk never reached %s", want)
		}
	}
	sites := 0
	for p := range seen {
		if strings.Contains(p, "site=") {
			sites++
		}
	}
	if sites == 0 {
		t.Error("the walk reached no site level")
	}
	if !seen["/province/report.xlsx?month="+e.thisMonth()] {
		t.Errorf("the walk never downloaded the report; saw %d pages", len(seen))
	}
}

// TestProvinceOverviewCountsDeployedModels: the overview shows the deployed
// models out of 45, and the catalogue lists the 45.
func checkProvinceOverviewCountsDeployedModels(t *testing.T, e *env) {
	c := e.login("tinh")
	r := c.get("/province")
	wantStatus(t, r, http.StatusOK)
	mustContain(t, r, `id="deployed-count">33/45<`, "Đã triển khai", `id="models"`)
	r = c.get("/province/models")
	wantStatus(t, r, http.StatusOK)
	if n := strings.Count(r.Body, `href="/province/models/`); n != 45 {
		t.Fatalf("the catalogue lists %d models, want 45", n)
	}
	mustContain(t, r, "Chợ 4.0", "Quản lý số tại chung cư và nhà trọ")
}

// TestProvincePagesRefuseOthers: police and tenants cannot open them.
func checkProvincePagesRefuseOthers(t *testing.T, e *env) {
	for _, u := range []string{"ca-baichay", "ks-letan"} {
		c := e.login(u)
		for _, p := range []string{"/province", "/province/models", "/province/report.xlsx?month=" + e.thisMonth(), "/province/indicators/acc.stays_notified"} {
			wantStatus(t, c.get(p), http.StatusForbidden)
		}
	}
}

// TestModelEditKeepsHistory: only the admin edits the catalogue, and each
// change is kept with who and when.
func checkModelEditKeepsHistory(t *testing.T, e *env) {
	tinh := e.login("tinh")
	tinh.get("/province/models/13")
	form := url.Values{"name_vi": {"Camera AI tại khu du lịch Hạ Long"}, "name_en": {"AI cameras at Hạ Long tourist sites"},
		"lead_agency": {"Công an tỉnh"}, "status": {"piloting"}, "piloting_on": {"2026-02-01"}, "description": {"Thí điểm tại Bãi Cháy."}}
	wantStatus(t, tinh.post("/province/models/13", form), http.StatusForbidden)

	admin := e.login("admin")
	wantStatus(t, admin.get("/province/models/13"), http.StatusOK)
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("status", "deployed") // without a deployment date
	r := admin.post("/province/models/13", bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Ngày triển khai")
	if n := e.id(`SELECT count(*) FROM pilot_model_changes`); n != 0 {
		t.Fatalf("a refused edit kept %d changes", n)
	}
	bad.Set("name_vi", strings.Repeat("a", 301))
	wantStatus(t, admin.post("/province/models/13", bad), http.StatusUnprocessableEntity)

	wantStatus(t, admin.post("/province/models/13", form), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM pilot_model_changes WHERE model_no = 13 AND changed_by = (SELECT id FROM users WHERE username = 'admin')`); n < 3 {
		t.Fatalf("%d changes kept, want one per changed field", n)
	}
	r = admin.get("/province/models/13")
	mustContain(t, r, "Camera AI tại khu du lịch Hạ Long", `id="history"`, "admin", "Camera AI kiểm soát ra vào tại khu du lịch")
	r = tinh.get("/province")
	mustContain(t, r, `id="deployed-count">33/45<`) // 13 was planned, now piloting
}

// TestReportedEntryKeepsCorrections: the official enters a month's value;
// a correction keeps the old value, who entered it and when; a wrong value
// saves nothing.
func checkReportedEntryKeepsCorrections(t *testing.T, e *env) {
	c := e.login("tinh")
	month := e.thisMonth()
	wantStatus(t, c.get("/province/reported?month="+month), http.StatusOK)
	r := c.post("/province/reported", url.Values{"month": {month}, "v_rep.kiosks": {"42"}, "v_rep.dvc_online_share": {"83,5"}})
	wantStatus(t, r, http.StatusSeeOther)
	r = c.post("/province/reported", url.Values{"month": {month}, "v_rep.kiosks": {"45"}, "v_rep.dvc_online_share": {"120"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "100")
	if v := e.id(`SELECT value::bigint FROM reported_values WHERE indicator = 'rep.kiosks' AND replaced_at IS NULL AND month = date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')`); v != 42 {
		t.Fatalf("a refused form changed the value to %d", v)
	}
	wantStatus(t, c.post("/province/reported", url.Values{"month": {month}, "v_rep.kiosks": {"45"}}), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM reported_values WHERE indicator = 'rep.kiosks' AND month = date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')`); n != 2 {
		t.Fatalf("%d rows for the corrected value, want the old and the new", n)
	}
	if n := e.id(`SELECT count(*) FROM reported_values WHERE indicator = 'rep.kiosks' AND value = 42 AND replaced_at IS NOT NULL
		AND entered_by = (SELECT id FROM users WHERE username = 'tinh')`); n != 1 {
		t.Fatal("the corrected value was not kept with who entered it")
	}
	r = c.get("/province/reported?month=" + month)
	mustContain(t, r, "Đã được đính chính")
	for _, bad := range []string{"abc", "-1", "1e400", strings.Repeat("9", 40)} {
		wantStatus(t, c.post("/province/reported", url.Values{"month": {month}, "v_rep.kiosks": {bad}}), http.StatusUnprocessableEntity)
	}
	wantStatus(t, c.post("/province/reported", url.Values{"month": {"2019-13"}, "v_rep.kiosks": {"1"}}), http.StatusBadRequest)
	admin := e.login("admin")
	wantStatus(t, admin.post("/province/reported", url.Values{"month": {month}, "v_rep.kiosks": {"1"}}), http.StatusForbidden)
}

// TestReportExport downloads the month's report as XLSX, in Vietnamese.
func checkReportExport(t *testing.T, e *env) {
	c := e.login("tinh")
	r := c.get("/province/report.xlsx?month=" + e.thisMonth())
	wantStatus(t, r, http.StatusOK)
	text := xlsxText(t, r.Body)
	for _, want := range []string{"BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06", "Tỉnh Quảng Ninh", "Lượt lưu trú đã thông báo", "Phường Tuần Châu"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the report lacks %q:\n%.2000s", want, text)
		}
	}
	for _, bad := range []string{"2026-13", "x", "1999-01", "9999-01"} {
		wantStatus(t, c.get("/province/report.xlsx?month="+bad), http.StatusBadRequest)
	}
	r = c.get("/province/report?month=" + e.thisMonth())
	wantStatus(t, r, http.StatusOK)
	mustContain(t, r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", `class="a4"`)
}

// thisMonth is the current month as YYYY-MM in Vietnam's time.
func (e *env) thisMonth() string {
	return time.Now().In(i18n.Zone).Format("2006-01")
}

// TestTargetsAreSetPerCommune: the official sets a commune's target of the
// year; a wrong value is refused with its field named; police cannot.
func checkTargetsAreSetPerCommune(t *testing.T, e *env) {
	c := e.login("tinh")
	area := e.id(`SELECT id FROM areas WHERE code = '06706'`)
	year := e.thisMonth()[:4]
	page := c.get("/province/indicators/acc.stays_on_time?area=" + fmtInt(area))
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, `id="target-form"`)
	form := url.Values{"year": {year}, "area": {fmtInt(area)}, "target": {"97,5"}}
	wantStatus(t, c.post("/province/indicators/acc.stays_on_time/target", form), http.StatusSeeOther)
	if v := e.id(`SELECT (target * 10)::bigint FROM indicator_targets WHERE indicator = 'acc.stays_on_time' AND area_id = ? AND year = ?`, area, year); v != 975 {
		t.Fatalf("target %d/10, want 97.5", v)
	}
	form.Set("target", "101")
	r := c.post("/province/indicators/acc.stays_on_time/target", form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "100")
	wantStatus(t, c.post("/province/indicators/no.such/target", form), http.StatusNotFound)
	police := e.login("pc06")
	police.get("/")
	wantStatus(t, police.post("/province/indicators/acc.stays_on_time/target", url.Values{"year": {year}, "target": {"1"}}), http.StatusForbidden)
}

// TestProvinceConsole runs the province pages' checks on one demo portal.
func TestProvinceConsole(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		name string
		f    func(*testing.T, *env)
	}{
		{"OverviewCountsDeployedModels", checkProvinceOverviewCountsDeployedModels},
		{"PagesRefuseOthers", checkProvincePagesRefuseOthers},
		{"ModelEditKeepsHistory", checkModelEditKeepsHistory},
		{"ReportedEntryKeepsCorrections", checkReportedEntryKeepsCorrections},
		{"ReportExport", checkReportExport},
		{"TargetsAreSetPerCommune", checkTargetsAreSetPerCommune},
	} {
		t.Run(c.name, func(t *testing.T) { e.T = t; c.f(t, e) })
	}
}

// TestIndicatorLabelsExist: every kind's live indicator has its name in
// Vietnamese and English, a known unit and a pilot model among the 45.
func TestIndicatorLabelsExist(t *testing.T) {
	b := messages(t)
	seen := map[string]bool{}
	for _, src := range kinds().FigureSources() {
		for _, ind := range src.Indicators() {
			for _, lang := range i18n.Languages {
				if !b.Has(lang, ind.Label) {
					t.Errorf("indicator %s: label %q missing in %s", ind.Code, ind.Label, lang)
				}
			}
			if ind.Unit != "count" && ind.Unit != "percent" && ind.Unit != "vnd" {
				t.Errorf("indicator %s: unit %q", ind.Code, ind.Unit)
			}
			if ind.Model < 1 || ind.Model > 45 {
				t.Errorf("indicator %s: model %d", ind.Code, ind.Model)
			}
			// one figure may serve several models, but each model once
			key := fmt.Sprintf("%s/%d", ind.Code, ind.Model)
			if seen[key] {
				t.Errorf("indicator %s declared twice for model %d", ind.Code, ind.Model)
			}
			seen[key], seen[ind.Code] = true, true
		}
	}
	if !seen["acc.stays_on_time"] {
		t.Error("accommodation declares no indicators")
	}
}
