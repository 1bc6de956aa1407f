package portal_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/tenants/market/vietqr"
)

func (e *env) str(q string, args ...any) string {
	e.T.Helper()
	var v string
	if err := e.asOwner(func(tx *gorm.DB) error { return tx.Raw(q, args...).Scan(&v).Error }); err != nil {
		e.T.Fatal(err)
	}
	return v
}

const unpaidBill = `SELECT %s FROM market_bills b JOIN tenants t ON t.id = b.tenant_id
	WHERE t.slug = 'cho-mao-khe' AND b.paid_method IS NULL ORDER BY b.id LIMIT 1 OFFSET %d`

// TestMarketStatementReconciliation: a statement's credits pay the bills
// their notes name; the rest are listed; nothing is paid twice; importing
// the same file again changes nothing.
func TestMarketStatementReconciliation(t *testing.T) {
	e := newEnv(t)
	board := e.login("cho-board")
	codeA, amountA := e.str(fmt.Sprintf(unpaidBill, "b.code", 0)), e.id(fmt.Sprintf(unpaidBill, "b.amount", 0))
	codeB, amountB := e.str(fmt.Sprintf(unpaidBill, "b.code", 1)), e.id(fmt.Sprintf(unpaidBill, "b.amount", 1))
	codeC, amountC := e.str(fmt.Sprintf(unpaidBill, "b.code", 2)), e.id(fmt.Sprintf(unpaidBill, "b.amount", 2))
	paidCode := e.str(`SELECT b.code FROM market_bills b JOIN tenants t ON t.id = b.tenant_id WHERE t.slug = 'cho-mao-khe' AND b.paid_method = 'cash' LIMIT 1`)
	otherTenant := e.str(`SELECT b.code FROM market_bills b JOIN tenants t ON t.id = b.tenant_id WHERE t.slug = 'cho-ha-long-1' AND b.paid_method IS NULL LIMIT 1`)
	paidBefore := e.id(`SELECT count(*) FROM market_bills WHERE paid_method IS NOT NULL`)
	figBefore := e.id(`SELECT coalesce(sum(num), 0)::bigint FROM figure_days WHERE indicator = 'market.fees_cashless'`)
	// codeC is written the way banks mangle notes: lower case, cut by dashes and spaces
	mangled := strings.ToLower(codeC[:5]) + " - " + strings.ToLower(codeC[5:])
	csv := "Ngày giao dịch;Số tham chiếu;Nội dung;Ghi có\n" +
		"01/11/2026;FT001;CK phi cho " + codeA + " NGUYEN VAN A;" + fmtInt(amountA) + "\n" +
		"01/11/2026;FT002;chuyen tien an trua;50000\n" +
		"02/11/2026;FT003;" + "PHI2611S9999999" + ";100000\n" +
		"02/11/2026;FT004;nop lai " + codeA + ";" + fmtInt(amountA) + "\n" +
		"02/11/2026;FT005;" + codeB + ";" + fmtInt(amountB-1000) + "\n" +
		"03/11/2026;FT006;" + mangled + ";" + fmtInt(amountC) + "\n" +
		"03/11/2026;FT007;" + paidCode + ";500000\n" +
		"03/11/2026;FT008;" + otherTenant + ";500000\n" +
		"03/11/2026;FT009;phi ngan hang;-11000\n"
	board.get("/t/cho-mao-khe/statements")
	res := board.uploadFile("/t/cho-mao-khe/statements", "saoke.csv", []byte(csv))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "2 phiếu được ghi nhận đã nộp, 6 giao dịch không khớp, 0 giao dịch đã nhập trước đó",
		"Không có mã phiếu thu", "Không có phiếu thu mang mã này", "Phiếu đã nộp trước đó", "Số tiền thấp hơn phiếu thu")
	for code, want := range map[string]string{codeA: "qr", codeB: "", codeC: "qr", paidCode: "cash", otherTenant: ""} {
		if got := e.str(`SELECT coalesce(paid_method, '') FROM market_bills WHERE code = ? AND tenant_id = (SELECT id FROM tenants WHERE slug = ?)`,
			code, map[bool]string{true: "cho-ha-long-1", false: "cho-mao-khe"}[code == otherTenant]); got != want {
			t.Errorf("bill %s paid by %q, want %q", code, got, want)
		}
	}
	if n := e.id(`SELECT count(*) FROM market_bills WHERE paid_method IS NOT NULL`); n != paidBefore+2 {
		t.Fatalf("%d bills paid, want %d", n, paidBefore+2)
	}
	if n := e.id(`SELECT coalesce(sum(num), 0)::bigint FROM figure_days WHERE indicator = 'market.fees_cashless'`); n != figBefore+2 {
		t.Fatalf("the province's cashless fees moved by %d, want 2", n-figBefore)
	}

	// the same file again: every credit was seen, nothing changes
	rowsBefore := e.id(`SELECT count(*) FROM market_statement_rows`)
	res = board.uploadFile("/t/cho-mao-khe/statements", "saoke.csv", []byte(csv))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "0 phiếu được ghi nhận đã nộp, 0 giao dịch không khớp, 8 giao dịch đã nhập trước đó")
	if n := e.id(`SELECT count(*) FROM market_bills WHERE paid_method IS NOT NULL`); n != paidBefore+2 {
		t.Fatalf("re-import: %d bills paid, want %d", n, paidBefore+2)
	}
	if n := e.id(`SELECT count(*) FROM market_statement_rows`); n != rowsBefore {
		t.Fatalf("re-import added %d statement rows", n-rowsBefore)
	}

	// the bank's XLSX export, with a title block above the header, pays B in full
	xlsx := marketXLSX(t, []string{"SAO KÊ TÀI KHOẢN", "", "", ""}, [][]any{
		{"Ngày", "Diễn giải", "Số tiền ghi có", "Mã giao dịch"},
		{"05/11/2026", "Thanh toan " + codeB, fmtInt(amountB), "FT100"},
		{"05/11/2026", "Thanh toan " + codeB, fmtInt(amountB), "FT101"},
	})
	res = board.uploadFile("/t/cho-mao-khe/statements", "saoke.xlsx", xlsx)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "1 phiếu được ghi nhận đã nộp, 1 giao dịch không khớp")
	if n := e.id(`SELECT count(*) FROM market_bills WHERE paid_method IS NOT NULL`); n != paidBefore+3 {
		t.Fatalf("%d bills paid, want %d", n, paidBefore+3)
	}
	// junk is refused with a reason, nothing saved
	res = board.uploadFile("/t/cho-mao-khe/statements", "x.csv", []byte("a,b\n1,2\n"))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Không tìm thấy dòng tiêu đề")
	res = board.uploadFile("/t/cho-mao-khe/statements", "x.xlsx", []byte("PK\x03\x04garbage"))
	wantStatus(t, res, http.StatusUnprocessableEntity)
}

// TestMarketBills: the month's bills carry a dynamic VietQR with the
// amount and the bill code; marking paid twice is refused.
func TestMarketBills(t *testing.T) {
	e := newEnv(t)
	board := e.login("cho-board")
	id := e.id(fmt.Sprintf(unpaidBill, "b.id", 0))
	code := e.str(`SELECT code FROM market_bills WHERE id = ?`, id)
	amount := e.id(`SELECT amount FROM market_bills WHERE id = ?`, id)
	res := board.get("/t/cho-mao-khe/fees/" + fmtInt(id))
	wantStatus(t, res, http.StatusOK)
	i := strings.Index(res.Body, `id="bill-payload">`)
	if i < 0 {
		t.Fatalf("no payload: %.2000s", res.Body)
	}
	payload := res.Body[i+len(`id="bill-payload">`):]
	payload = payload[:strings.Index(payload, "<")]
	d, err := vietqr.Decode(payload)
	if err != nil || d.Initiation != "dynamic" || d.Amount != amount || d.Purpose != code || d.BIN != "970436" {
		t.Fatalf("bill QR %q: %+v %v", payload, d, err)
	}
	wantStatus(t, board.get("/t/cho-mao-khe/fees/"+fmtInt(id)+"/qr.png"), http.StatusOK)
	wantStatus(t, board.post("/t/cho-mao-khe/fees/"+fmtInt(id)+"/pay", url.Values{"method": {"qr"}}), http.StatusSeeOther)
	wantStatus(t, board.post("/t/cho-mao-khe/fees/"+fmtInt(id)+"/pay", url.Values{"method": {"cash"}}), http.StatusConflict)
	if m := e.str(`SELECT paid_method FROM market_bills WHERE id = ?`, id); m != "qr" {
		t.Fatalf("paid by %s", m)
	}
	res = board.get("/t/cho-mao-khe/fees")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "phiếu thu", `id="bills"`)
	// issuing again adds nothing: every stall has its bill this month
	res = board.post("/t/cho-mao-khe/fees/issue", url.Values{"amount_1": {"300000"}, "amount_2": {"200000"}, "amount_3": {"100000"}})
	wantStatus(t, res, http.StatusSeeOther)
	if !strings.HasSuffix(res.Header.Get("Location"), "issued=0") {
		t.Fatalf("issued again: %s", res.Header.Get("Location"))
	}
	res = board.post("/t/cho-mao-khe/fees/issue", url.Values{"amount_1": {"-3"}, "amount_2": {"x"}, "amount_3": {"100000"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Nhập số tiền")
	other := e.id(`SELECT b.id FROM market_bills b JOIN tenants t ON t.id = b.tenant_id WHERE t.slug = 'cho-ha-long-1' LIMIT 1`)
	wantStatus(t, board.get("/t/cho-mao-khe/fees/"+fmtInt(other)), http.StatusNotFound)
	wantStatus(t, board.post("/t/cho-mao-khe/fees/"+fmtInt(other)+"/pay", url.Values{"method": {"qr"}}), http.StatusNotFound)
}

// TestMarketStallImport: a sheet with a bad row imports nothing and names
// each bad row and field; a good sheet imports every row.
func TestMarketStallImport(t *testing.T) {
	e := newEnv(t)
	board := e.login("cho-board")
	board.get("/t/cho-mao-khe/stalls/import")
	head := []string{"Mã quầy", "Khu", "Ngành hàng", "Hạng quầy", "Chủ quầy", "Điện thoại", "CCCD", "Ngân hàng", "Số tài khoản"}
	before := e.id(`SELECT count(*) FROM stalls`)
	res := board.uploadFile("/t/cho-mao-khe/stalls/import", "quay.xlsx", marketXLSX(t, head, [][]any{
		{"N-1", "Khu N", "Rau củ quả", "1", "Trần Thị Bé", "0912000001", "", "970436", "0011001234567"},
		{"N-2", "Khu N", "vàng bạc", "1", "Trần Văn Cả", "0912000002", "", "", ""},
		{"N-1", "Khu N", "produce", "2", "", "12345", "0220950012", "999999", "12-3"},
		{"A-1", "Khu A", "produce", "1", "Lê Thị Dung", "0912000004", "", "", ""},
	}))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "chưa nhập dòng nào", `id="import-errors"`, "Ngành hàng", "Mã quầy trùng với dòng 2",
		"Chủ quầy", "Số điện thoại gồm", "Số CCCD", "Ngân hàng", "Số tài khoản")
	if !strings.Contains(res.Body, ">3<") || !strings.Contains(res.Body, ">4<") {
		t.Fatalf("row numbers missing: %.3000s", res.Body)
	}
	if n := e.id(`SELECT count(*) FROM stalls`); n != before {
		t.Fatalf("%d stalls imported from a sheet with bad rows", n-before)
	}
	// the existing A-1 is caught before anything is saved
	res = board.uploadFile("/t/cho-mao-khe/stalls/import", "quay.xlsx", marketXLSX(t, head, [][]any{
		{"N-1", "Khu N", "Rau củ quả", "1", "Trần Thị Bé", "0912000001", "", "970436", "0011001234567"},
		{"A-1", "Khu A", "produce", "1", "Lê Thị Dung", "0912000004", "", "", ""},
	}))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Chợ đã có quầy mang mã này.")
	csv := "Mã quầy,Khu,Ngành hàng,Hạng quầy,Chủ quầy,Điện thoại,CCCD,Ngân hàng,Số tài khoản\n" +
		"N-1,Khu N,Rau củ quả,1,Trần Thị Bé,0912000001,,970436,0011001234567\n" +
		"n-2,Khu N,Hàng khô,3,\"Phạm Văn Đức\",0912 000 002,022095001234,TMCP Tiên Phong,0099999999\n"
	res = board.uploadFile("/t/cho-mao-khe/stalls/import", "quay.csv", []byte(csv))
	wantStatus(t, res, http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM stalls`); n != before+2 {
		t.Fatalf("%d stalls imported, want 2", n-before)
	}
	if b := e.str(`SELECT bank_bin FROM stalls WHERE code = 'N-2'`); b != "970423" {
		t.Fatalf("bank by name: %q", b)
	}
	// the rollup counted them
	if n := e.id(`SELECT sum(stalls) FROM market_stall_days WHERE zone = 'Khu N'`); n != 2 {
		t.Fatalf("rollup of Khu N: %d", n)
	}
}

// TestMarketBillLink: a bill's link shows its QR to anyone who has it,
// without the holder's name; a guessed link finds nothing.
func TestMarketBillLink(t *testing.T) {
	e := newEnv(t)
	id := e.id(fmt.Sprintf(unpaidBill, "b.id", 0))
	token := e.str(`SELECT link_token FROM market_bills WHERE id = ?`, id)
	holder := e.str(`SELECT st.holder_name FROM market_bills b JOIN stalls st ON st.id = b.stall_id WHERE b.id = ?`, id)
	board := e.login("cho-board")
	res := board.get("/t/cho-mao-khe/fees/" + fmtInt(id))
	mustContain(t, res, "/p/market/bills/"+token)
	anyone := e.client()
	res = anyone.get("/p/market/bills/" + token)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, e.str(`SELECT code FROM market_bills WHERE id = ?`, id), `id="bill-qr"`)
	mustNotContain(t, res, holder, `id="pay-qr"`)
	wantStatus(t, anyone.get("/p/market/bills/"+token+"/qr.png"), http.StatusOK)
	wantStatus(t, anyone.get("/p/market/bills/"+strings.Repeat("0", 32)), http.StatusNotFound)
	wantStatus(t, anyone.get("/p/market/bills/x'--"), http.StatusNotFound)
}
