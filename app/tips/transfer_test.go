package tips_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// TestTransferMovesVisibility: after Bãi Cháy transfers a tip to Mạo Khê,
// Mạo Khê sees it and can act on it; Bãi Cháy keeps read access to the
// history of its own time, not to what Mạo Khê does next; PC06 sees all.
func TestTransferMovesVisibility(t *testing.T) {
	e := newEnv(t)
	if _, res := e.client().sendTip(tipForm("Nghi vấn tụ tập đánh bạc tại bãi đất trống")); res.Status != http.StatusOK {
		t.Fatalf("send: %d", res.Status)
	}
	id := strconv.FormatInt(e.int(`SELECT id FROM tips`), 10)
	bc, mk, pc := e.login("ca-baichay"), e.login("ca-maokhe"), e.login("pc06")
	wantStatus(t, mk.get("/police/tips/"+id), http.StatusNotFound)

	// refusals name the field and change nothing
	res := bc.post("/police/tips/"+id+"/transfer", url.Values{"unit": {"CA-MAOKHE"}, "reason": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Lý do chuyển: không được để trống.")
	res = bc.post("/police/tips/"+id+"/transfer", url.Values{"unit": {"NO-SUCH"}, "reason": {"Địa bàn khác"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if n := e.int(`SELECT count(*) FROM tip_units WHERE tip_id = ` + id); n != 3 {
		t.Fatalf("%d unit rows after refusals, want 3 (CAT-QN, PC06, CA-BAICHAY)", n)
	}

	wantStatus(t, bc.post("/police/tips/"+id+"/status", url.Values{"status": {"verifying"}, "note": {"Ghi chú của Bãi Cháy"}}), http.StatusSeeOther)
	wantStatus(t, bc.post("/police/tips/"+id+"/transfer", url.Values{"unit": {"CA-MAOKHE"}, "reason": {"Sự việc thuộc địa bàn Mạo Khê"}}), http.StatusSeeOther)

	// the receiver sees it from then on, and acts on it
	list := mk.get("/police/tips")
	mustContain(t, list, "Nghi vấn tụ tập đánh bạc")
	page := mk.get("/police/tips/" + id)
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, "Sự việc thuộc địa bàn Mạo Khê", `id="status-form"`)
	mustNotContain(t, page, "Ghi chú của Bãi Cháy")
	wantStatus(t, mk.post("/police/tips/"+id+"/status", url.Values{"status": {"closed"}, "note": {"Mạo Khê đã xử lý"},
		"public_note": {"Cảm ơn, đã xử lý."}}), http.StatusSeeOther)

	// the sender keeps its own history only, and can no longer act
	page = bc.get("/police/tips/" + id)
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, "Ghi chú của Bãi Cháy", "Sự việc thuộc địa bàn Mạo Khê")
	mustNotContain(t, page, "Mạo Khê đã xử lý", `id="status-form"`)
	wantStatus(t, bc.post("/police/tips/"+id+"/status", url.Values{"status": {"verifying"}}), http.StatusForbidden)
	mustContain(t, bc.get("/police/tips"), "Nghi vấn tụ tập đánh bạc", "chỉ xem lịch sử")

	// PC06 oversees the whole of it
	mustContain(t, pc.get("/police/tips/"+id), "Ghi chú của Bãi Cháy", "Mạo Khê đã xử lý")
	if n := e.int(`SELECT count(*) FROM figure_days WHERE indicator = 'tips.closed_30d'`); n != 1 {
		t.Fatalf("closed within 30 days counted %d times", n)
	}
}
