package portal_test

import (
	"net/http"
	"testing"
)

// TestMenusShowOnlyWhatTheRoleMayOpen: a market clerk (staff), who may not
// manage fees, sees no Fees entry in the menu nor on the tenant's home,
// and the page itself answers 403; the board's owner sees and opens it.
func TestMenusShowOnlyWhatTheRoleMayOpen(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("cho-quay")
	for _, p := range []string{"/t/cho-mao-khe/", "/t/cho-mao-khe/stalls"} {
		res := clerk.get(p)
		wantStatus(t, res, http.StatusOK)
		mustContain(t, res, `href="/t/cho-mao-khe/stalls"`)
		mustNotContain(t, res, `href="/t/cho-mao-khe/fees"`)
	}
	wantStatus(t, clerk.get("/t/cho-mao-khe/fees"), http.StatusForbidden)
	board := e.login("cho-board")
	res := board.get("/t/cho-mao-khe/stalls")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `href="/t/cho-mao-khe/fees"`)
	wantStatus(t, board.get("/t/cho-mao-khe/fees"), http.StatusOK)
}
