package tips_test

import (
	"net/http"
	"net/url"
	"testing"

	"portal06/app/tips"
)

// TestDemoTips: the demo loads a few dozen tips across wards and statuses,
// each routed to the units of its place, and the demo code can be followed.
func TestDemoTips(t *testing.T) {
	e := newEnv(t)
	e.asOwner(func(tx *gormDB) error { return tips.SeedDemo(tx) })
	if n := e.int(`SELECT count(*) FROM tips`); n < 30 {
		t.Fatalf("only %d demo tips", n)
	}
	if n := e.int(`SELECT count(DISTINCT status) FROM tips`); n < 3 {
		t.Fatalf("demo tips in %d statuses", n)
	}
	if n := e.int(`SELECT count(DISTINCT area_id) FROM tips`); n < 10 {
		t.Fatalf("demo tips in %d areas", n)
	}
	if n := e.int(`SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM tip_units tu JOIN police_units u ON u.id = tu.unit_id
		WHERE tu.tip_id = t.id AND u.code = 'PC06')`); n != 0 {
		t.Fatalf("%d demo tips PC06 does not see", n)
	}
	if n := e.int(`SELECT count(*) FROM figure_days WHERE indicator = 'tips.received'`); n == 0 {
		t.Fatal("tips from posters did not reach figure_days")
	}
	bc := e.login("ca-baichay")
	list := bc.get("/police/tips")
	wantStatus(t, list, http.StatusOK)
	mustContain(t, list, "Xe máy Honda Vision")
	mustNotContain(t, list, "móc túi người đi chợ") // Mạo Khê's
	if n := e.int(`SELECT count(*) FROM tips WHERE status = 'transferred'`); n != 1 {
		t.Fatalf("%d transferred demo tips", n)
	}
	mustContain(t, list, "chỉ xem lịch sử")
	figs := bc.get("/police/tips/figures")
	wantStatus(t, figs, http.StatusOK)
	mustContain(t, figs, "Phường Bãi Cháy", "Tỷ lệ kết thúc trong 30 ngày")
	mustContain(t, e.login("pc06").get("/police/tips?area=07093"), "móc túi người đi chợ")

	c := e.client()
	c.get("/tip/status")
	res := c.post("/tip/status", url.Values{"code": {tips.DemoCode}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="tip-status-value"`)
}

// TestTipFormInEnglish: the form speaks English when asked, and accepts
// a time with seconds.
func TestTipFormInEnglish(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/tip")
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/tip"}})
	page := c.get("/tip")
	mustContain(t, page, "Report a crime", "What happened", "Commune, ward or special zone", "Photos (up to 3)", `lang="en"`)
	f := tipForm("Someone is selling fake tickets at the pier")
	f.Set("occurred_at", "2026-01-02T10:00:00")
	code, res := c.sendTip(f)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Your tracking code", code)
}
