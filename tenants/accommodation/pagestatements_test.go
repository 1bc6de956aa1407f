package accommodation_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/portal"
	"portal06/tenants/accommodation"
)

// maxPageStatements bounds the statements (round trips, BEGIN and COMMIT
// included) of each read page the load harness times. The session pipeline
// every page shares costs 4 since web_session (BEGIN, the session with the
// policy version and the memberships, the scope, COMMIT; it was 9): the
// light page, the search form, is only that. Earlier bounds in comments.
// planned marks the pages whose routes keep generic plans
// (web.Router.GetPlanned), set with the scope.
var maxPageStatements = []struct {
	name, user, path string
	form             url.Values
	max              int
	planned          bool
}{
	{"light page", "pc06", "/police/search", nil, 4, false},                                                                   // 9
	{"police dashboard", "pc06", "/police/accommodation", nil, 5, true},                                                       // 11, 6, 7 (SET LOCAL plan_cache_mode), 6 (page and totals in one statement), 5 (the plan mode set with the scope)
	{"police home", "pc06", "/police", nil, 8, true},                                                                          // 9 (SET LOCAL plan_cache_mode, no count unfiltered), 8 (the plan mode set with the scope)
	{"province overview", "tinh", "/province", nil, 5, false},                                                                 // 11, 16, 60
	{"stays list", "ks-letan", "/t/vinh-xanh/stays", nil, 6, false},                                                           // 11, 14
	{"stays list, a later page", "ks-letan", "/t/vinh-xanh/stays?after=", nil, 6, false},                                      // 11, 12 (SET LOCAL plan_cache_mode)
	{"police search", "pc06", "/police/search", url.Values{"q": {"022095001234"}, "purpose": {"Kiểm tra 01/2026"}}, 6, false}, // 9, 14
}

// TestReadPageStatements counts the statements of each read page, on a pool
// whose statements are traced, and fails above its bound.
func TestReadPageStatements(t *testing.T) {
	e := newEnv(t)
	tr := &statements{}
	db, err := database.OpenAppTraced(context.Background(), e.DB.OwnerURL, e.DB.AppURL, 4, tr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s, _ := db.DB(); s.Close() }()
	q, hub := e.queueAndHub()
	p, err := portal.Build(context.Background(), portal.Options{Config: e.Cfg, DB: db, Kinds: e.Kinds, Queue: q, Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = p.Server
	twoGuests(t, e)
	// a later page starts after the tenant's newest stay
	var after struct {
		ArrivalAt time.Time
		ID        int64
	}
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT arrival_at, id FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')
			ORDER BY arrival_at DESC, id DESC LIMIT 1`).Scan(&after).Error
	})
	if after.ID == 0 {
		t.Fatal("vinh-xanh has no stay")
	}
	clients := map[string]*client{}
	for _, pg := range maxPageStatements {
		if pg.path == "/t/vinh-xanh/stays?after=" {
			pg.path += accommodation.Cursor{At: after.ArrivalAt, ID: after.ID}.String()
		}
		c := clients[pg.user]
		if c == nil {
			c = e.login(pg.user)
			clients[pg.user] = c
		}
		open := func() response {
			if pg.form != nil {
				return c.post(pg.path, pg.form)
			}
			return c.get(pg.path)
		}
		// once first, so that caches (policies, prepared statements) are warm
		wantStatus(t, open(), http.StatusOK)
		tr.mu.Lock()
		tr.on, tr.sql = true, nil
		tr.mu.Unlock()
		r := open()
		tr.mu.Lock()
		tr.on = false
		sql := tr.sql
		tr.mu.Unlock()
		wantStatus(t, r, http.StatusOK)
		t.Logf("%s: %d statements", pg.name, len(sql))
		if len(sql) > pg.max || len(sql) == 0 {
			for i, s := range sql {
				t.Logf("%2d %.160s", i+1, s)
			}
			t.Errorf("%s (%s) sent %d statements to PostgreSQL, more than %d", pg.name, pg.path, len(sql), pg.max)
		}
		planned := false
		for _, s := range sql {
			planned = planned || strings.Contains(s, "set_config('plan_cache_mode', 'force_generic_plan', true)")
		}
		if planned != pg.planned {
			t.Errorf("%s (%s) keeps generic plans: %v, want %v", pg.name, pg.path, planned, pg.planned)
		}
	}
}
