package accommodation_test

import (
	"net/http"
	"strings"
	"testing"

	"portal06/tenants/accommodation"
)

func TestRegisterAndPendingExports(t *testing.T) {
	e := newEnv(t)
	body := strings.Replace(stayBody(""), `"reason":"Du lịch"`, `"reason":"=HYPERLINK(\"http://evil\")"`, 1)
	wantStatus(t, e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", body), 201)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")

	res := c.get("/t/vinh-xanh/sites/" + site + "/register.xlsx")
	wantStatus(t, res, http.StatusOK)
	rows := sheetRows(t, res)
	if len(rows) != 2 || rows[1][1] != "Nguyễn Văn An" || rows[1][6] != "022095001234" || rows[1][2] != "15/03/1995" {
		t.Fatalf("register rows %q", rows)
	}
	if got := rows[1][11]; !strings.HasPrefix(got, "'=") {
		t.Fatalf("a formula-like reason was not escaped: %q", got)
	}

	res = c.get("/t/vinh-xanh/notifications/pending.xlsx")
	wantStatus(t, res, http.StatusOK)
	rows = sheetRows(t, res)
	if strings.Join(rows[0], ",") != strings.Join(accommodation.PendingColumns, ",") {
		t.Fatalf("pending columns %v", rows[0])
	}
	if len(rows) != 2 || rows[1][0] != "vinh-xanh/vinh-xanh-bai-chay" || rows[1][2] != "check_in" || rows[1][5] != "022095001234" {
		t.Fatalf("pending rows %q", rows)
	}
	// Other tenants' exports hold none of it.
	other := e.login("cc-manager")
	wantStatus(t, other.get("/t/vinh-xanh/notifications/pending.xlsx"), http.StatusNotFound)
	wantStatus(t, e.login("ks-owner").get("/t/vinh-xanh/sites/99999/register.xlsx"), http.StatusNotFound)
}
