package tips_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestTipNamingAPersonNeedsAPurpose: a tip with the reporter's name opens
// only for a stated purpose, and the opening is audited; linking a person
// is audited too, and the number is masked.
func TestTipNamingAPersonNeedsAPurpose(t *testing.T) {
	e := newEnv(t)
	f := tipForm("Người đàn ông có CCCD 022095001234 thường xuyên mua bán hàng cấm")
	f.Set("reporter_name", "Trần Văn Báo")
	f.Set("reporter_phone", "0912 345 678")
	if _, res := e.client().sendTip(f); res.Status != http.StatusOK {
		t.Fatalf("send: %d", res.Status)
	}
	id := itoa(e.int(`SELECT id FROM tips`))
	bc := e.login("ca-baichay")
	list := bc.get("/police/tips")
	mustContain(t, list, "Người đàn ông có CCCD •••••••••234")
	mustNotContain(t, list, "022095001234", "Trần Văn Báo")
	page := bc.get("/police/tips/" + id)
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, `id="purpose-form"`)
	mustNotContain(t, page, "Trần Văn Báo", "0912345678")
	res := bc.post("/police/tips/"+id+"/open", url.Values{"purpose": {"x"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if n := e.int(`SELECT count(*) FROM audit_log WHERE action = 'tip_open'`); n != 0 {
		t.Fatalf("a refused opening was audited")
	}
	res = bc.post("/police/tips/"+id+"/open", url.Values{"purpose": {"Vụ việc 12/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Trần Văn Báo 0912345678", "022095001234")
	if n := e.int(`SELECT count(*) FROM audit_log WHERE action = 'tip_open' AND purpose = 'Vụ việc 12/2026' AND username = 'ca-baichay' AND query = 'tip:' || ?`, id); n != 1 {
		t.Fatalf("opening audited %d times", n)
	}

	// assign, link a person, and the first response is timed once
	officer := itoa(e.int(`SELECT id FROM users WHERE username = 'ca-baichay'`))
	wantStatus(t, bc.post("/police/tips/"+id+"/assign", url.Values{"officer": {officer}}), http.StatusSeeOther)
	wantStatus(t, bc.post("/police/tips/"+id+"/link", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}}), http.StatusSeeOther)
	res = bc.post("/police/tips/"+id+"/link", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "người này đã được liên kết")
	if n := e.int(`SELECT count(*) FROM audit_log WHERE action = 'tip_link' AND username = 'ca-baichay'`); n != 1 {
		t.Fatalf("link audited %d times", n)
	}
	mustContain(t, e.login("pc06").get("/police/audit"), "Mở tin báo có thông tin cá nhân", "Vụ việc 12/2026", "Liên kết nhân thân với tin báo")
	mustContain(t, bc.get("/police/tips"), "Thượng úy Lê Văn Bãi Cháy")
	if n := e.int(`SELECT count(*) FROM figure_days WHERE indicator = 'tips.first_response_hours'`); n != 1 {
		t.Fatalf("first response counted in %d rows", n)
	}
	if n := e.int(`SELECT sum(den) FROM figure_days WHERE indicator = 'tips.first_response_hours'`); n != 1 {
		t.Fatalf("first response counted %d times", n)
	}
	page = bc.post("/police/tips/"+id+"/open", url.Values{"purpose": {"Vụ việc 12/2026"}})
	mustContain(t, page, `id="tip-people"`, "•••••••••234")

	// the photos of a tip naming a person follow the officer's audited opening
	e.asOwner(func(tx *gormDB) error {
		return tx.Exec(`INSERT INTO tip_photos (tip_id, n, content_type, data) VALUES (?, 1, 'image/png', '\x89504e47'::bytea)`, id).Error
	})
	wantStatus(t, bc.get("/police/tips/"+id+"/photos/1"), http.StatusOK)
	pc := e.login("pc06")
	wantStatus(t, pc.get("/police/tips/"+id+"/photos/1"), http.StatusForbidden)
	wantStatus(t, pc.post("/police/tips/"+id+"/open", url.Values{"purpose": {"Kiểm tra của PC06"}}), http.StatusOK)
	wantStatus(t, pc.get("/police/tips/"+id+"/photos/1"), http.StatusOK)
}

// TestPosterAndSiteForm: a site's poster leads, by an absolute address built
// from the settings (never the request's Host), to the form that fills in
// the place; a tip from it moves the province's figure of that site.
func TestPosterAndSiteForm(t *testing.T) {
	e := newEnv(t)
	owner := e.login("cc-manager")
	site := itoa(e.int(`SELECT id FROM sites WHERE slug = 'green-bay'`))
	res := owner.get("/t/chung-cu-green-bay/sites/" + site + "/tip-poster")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="tip-qr"`, "http://127.0.0.1:8080/tip/green-bay", "Chung cư Green Bay")
	mustNotContain(t, res, "portal.test")
	mustContain(t, owner.get("/t/chung-cu-green-bay/sites/"+site), "/t/chung-cu-green-bay/sites/"+site+"/tip-poster")
	other := itoa(e.int(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	wantStatus(t, owner.get("/t/chung-cu-green-bay/sites/"+other+"/tip-poster"), http.StatusNotFound)

	c := e.client()
	page := c.get("/tip/green-bay")
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, `id="tip-place"`, "Chung cư Green Bay", `name="area" value="06703"`, `name="site" value="green-bay"`)
	wantStatus(t, c.get("/tip/no-such-site"), http.StatusNotFound)
	f := tipForm("Người lạ cạy cửa căn hộ tầng 12")
	f.Del("area")
	f.Set("site", "green-bay")
	page = c.get("/tip/green-bay")
	f.Set("form_token", tokenRe.FindStringSubmatch(page.Body)[1])
	e.wait(3 * time.Second)
	wantStatus(t, c.postMultipart("/tip", f), http.StatusOK)
	if n := e.int(`SELECT count(*) FROM tips t JOIN sites s ON s.tenant_id = t.site_tenant_id AND s.id = t.site_id WHERE s.slug = 'green-bay'`); n != 1 {
		t.Fatal("the tip did not keep its site")
	}
	if n := e.int(`SELECT sum(num)::bigint FROM figure_days f JOIN sites s ON s.tenant_id = f.tenant_id AND s.id = f.site_id
		WHERE f.indicator = 'tips.received' AND s.slug = 'green-bay'`); n != 1 {
		t.Fatalf("figure_days counts %d tips of the site", n)
	}
	mustContain(t, e.login("ca-baichay").get("/police/tips"), "Người lạ cạy cửa căn hộ", "Chung cư Green Bay")
}
