package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPersonSearchStaysInTheJurisdiction(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	ward := e.login("ca-baichay")
	res := ward.get("/police/search")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `method="post" action="/police/search"`, `name="q"`, `name="purpose"`, `name="_csrf"`)

	search := func(c *client, q string) response {
		return c.post("/police/search", url.Values{"q": {q}, "purpose": {"Vụ việc 12/2026"}})
	}
	res = search(ward, "nguyen van an")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "•••••••••234")
	mustNotContain(t, res, "Phạm Văn Bình")
	// A guest outside the jurisdiction is not found: the search ran (200)
	// and said so, rather than failing.
	for _, q := range []string{"Phạm Văn Bình", "022088005522"} {
		res := search(ward, q)
		wantStatus(t, res, http.StatusOK)
		mustContain(t, res, "Không tìm thấy ai trên địa bàn.")
		mustNotContain(t, res, "Phạm Văn Bình</td>", "•••••••••522")
	}
	mustContain(t, search(ward, "15/03/1995"), "Nguyễn Văn An")
	// No link carries an ID number: opening a person posts it.
	if strings.Contains(res.Body, `href="/police/person`) || strings.Contains(res.Body, "022095001234\"") && !strings.Contains(res.Body, `name="doc_number" value="022095001234"`) {
		t.Fatal("an ID number travels in a URL")
	}

	pc06 := e.login("pc06")
	res = search(pc06, "van")
	mustContain(t, res, "Nguyễn Văn An", "Phạm Văn Bình")

	// A purpose is required, and nothing is searched or audited without it.
	before := e.id(`SELECT count(*) FROM audit_log`)
	res = ward.post("/police/search", url.Values{"q": {"nguyen"}, "purpose": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mục đích tra cứu: không được để trống.")
	if e.id(`SELECT count(*) FROM audit_log`) != before {
		t.Fatal("a refused search was audited")
	}

	// Opening a person shows their history and is audited; outside the jurisdiction it is a 404.
	res = ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 12/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "Phường Bãi Cháy", "022095001234")
	wantStatus(t, ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Vụ việc 12/2026"}}), http.StatusNotFound)
	mustContain(t, pc06.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Tuần tra"}}), "Khách sạn Vịnh Xanh Hồng Gai")

	// The log: who, which unit, what, why and how many; never the number itself.
	if n := e.id(`SELECT count(*) FROM audit_log WHERE username = 'ca-baichay' AND unit_code = 'CA-BAICHAY' AND action = 'person_search' AND purpose = 'Vụ việc 12/2026'`); n != 4 {
		t.Fatalf("%d searches audited for ca-baichay, want 4", n)
	}
	if n := e.id(`SELECT count(*) FROM audit_log WHERE action = 'person_open' AND subject_hmac <> '' AND results = 1`); n != 2 {
		t.Fatalf("%d opened records audited, want 2", n)
	}
	if n := e.id(`SELECT count(*) FROM audit_log WHERE query LIKE '%0220%' OR subject_hmac LIKE '%0220%'`); n != 0 {
		t.Fatal("an ID number is in the audit log")
	}
	if n := e.id(`SELECT results FROM audit_log WHERE username = 'pc06' AND action = 'person_search'`); n != 2 {
		t.Fatalf("pc06's search audited %d results, want 2", n)
	}
	// Tenants and officials cannot search people.
	wantStatus(t, e.login("ks-owner").get("/police/search"), http.StatusForbidden)
	wantStatus(t, e.login("tinh").post("/police/search", url.Values{"q": {"nguyen"}, "purpose": {"xem"}}), http.StatusForbidden)
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	ward := e.login("ca-baichay")
	wantStatus(t, ward.post("/police/search", url.Values{"q": {"nguyen van an"}, "purpose": {"Vụ việc 7/2026"}}), http.StatusOK)
	wantStatus(t, ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 7/2026"}}), http.StatusOK)

	pc06 := e.login("pc06")
	res := pc06.get("/police/audit")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "ca-baichay", "CA-BAICHAY", "Vụ việc 7/2026", "nguyen van an", "Mở hồ sơ", `href="/police/audit"`)
	// By person, posted: the number typed is matched through its HMAC, and
	// never goes into a URL, not even the pages' or the export's.
	res = pc06.post("/police/audit", url.Values{"person": {"022095001234"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Mở hồ sơ", `id="audit-export"`)
	mustNotContain(t, res, "nguyen van an", "person=")
	res = pc06.post("/police/audit.xlsx", url.Values{"person": {"022095001234"}})
	wantStatus(t, res, http.StatusOK)
	if rows := sheetRows(t, res); len(rows) != 2 || rows[1][5] != "person_open" {
		t.Fatalf("audit export by person: %q", rows)
	}
	// A person in the URL filters nothing.
	mustContain(t, pc06.get("/police/audit?person=022095001234"), "nguyen van an")
	res = pc06.get("/police/audit?officer=pc06")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nhật ký truy cập dữ liệu cá nhân")
	mustNotContain(t, res, "ca-baichay</td>")
	res = pc06.get("/police/audit.xlsx?unit=CA-BAICHAY")
	wantStatus(t, res, http.StatusOK)
	if rows := sheetRows(t, res); len(rows) != 3 || rows[1][2] != "ca-baichay" {
		t.Fatalf("audit export: %q", rows)
	}
	wantStatus(t, e.login("admin").get("/admin/audit"), http.StatusOK)
	// Ward police and tenants cannot read the log.
	wantStatus(t, ward.get("/police/audit"), http.StatusForbidden)
	res = ward.get("/police")
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, `href="/police/audit"`)
	wantStatus(t, e.login("ks-owner").get("/admin/audit"), http.StatusForbidden)
}
