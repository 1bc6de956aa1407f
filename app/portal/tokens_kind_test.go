package portal_test

import (
	"net/http"
	"testing"
)

// TestTokensPageSpeaksOfTheTenantsOwnSoftware: a hotel's API keys are for
// its PMS; a market's or a notary office's page says nothing of hotels.
func TestTokensPageSpeaksOfTheTenantsOwnSoftware(t *testing.T) {
	e := newEnv(t)
	res := e.login("ks-owner").get("/t/vinh-xanh/tokens")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "phần mềm quản lý khách sạn (PMS)", "/api/v1/openapi.json")
	for _, m := range []struct{ user, tenant string }{{"cho-board", "cho-mao-khe"}, {"", "cong-chung-ha-long"}} {
		c := e.member("owner-"+m.tenant, m.tenant, "owner")
		if m.user != "" {
			c = e.login(m.user)
		}
		res := c.get("/t/" + m.tenant + "/tokens")
		wantStatus(t, res, http.StatusOK)
		mustContain(t, res, "Khóa API cho phần mềm của đơn vị")
		mustNotContain(t, res, "khách sạn", "PMS", "openapi.json")
	}
}
