package accommodation_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"portal06/app/database"
	"portal06/app/portal"
)

// statements counts the statements sent to PostgreSQL, one round trip each.
type statements struct {
	mu  sync.Mutex
	on  bool
	sql []string
}

func (s *statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	s.mu.Lock()
	if s.on {
		s.sql = append(s.sql, strings.Join(strings.Fields(d.SQL), " "))
	}
	s.mu.Unlock()
	return ctx
}

func (s *statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// perCheckin is how many of the traced statements one check-in costs:
// all of them but River's notice to its workers that a queue has new jobs,
// which River sends at most once per queue in a short interval, whatever
// the number of jobs inserted (so it follows the first check-in of a burst,
// not each one, and whether a measured check-in pays for it depends on the
// time since the one before).
func (s *statements) perCheckin() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, q := range s.sql {
		if !strings.HasPrefix(q, "-- name: PGNotifyMany ") {
			n++
		}
	}
	return n
}

// maxCheckinRoundTrips is the most one API check-in may cost: every
// statement is a round trip, BEGIN and COMMIT included (23 before the
// check-in became one SQL function and the API's token, tenant and scope
// one statement).
const maxCheckinRoundTrips = 6

// maxDeskCheckinRoundTrips is the most one check-in saved at the desk may
// cost, session, tenant and site included: BEGIN, web_session (the policy
// version, the session, the user and their memberships), the scope,
// stay_check_in (which finds the site and checks its room and trip), River's
// insert, COMMIT. It was 14, then 12 with the tenant taken from the
// memberships, 7 with the session in one statement, 6 without reading the
// site before the check-in.
const maxDeskCheckinRoundTrips = 6

// TestCheckinRoundTrips counts the round trips of one check-in through the
// API, on a pool whose statements are traced, and fails above the bound.
func TestCheckinRoundTrips(t *testing.T) {
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
	// one check-in first, so that caches (policies, prepared statements) are warm
	if r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", stayBody("")); r.Status != http.StatusCreated {
		t.Fatalf("first check-in: %d %.300s", r.Status, r.Body)
	}
	tr.mu.Lock()
	tr.on = true
	tr.mu.Unlock()
	body := strings.Replace(stayBody(""), "022095001234", "022095004321", 1)
	r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", body)
	tr.mu.Lock()
	tr.on = false
	tr.mu.Unlock()
	n := tr.perCheckin()
	if r.Status != http.StatusCreated {
		t.Fatalf("check-in: %d %.300s", r.Status, r.Body)
	}
	t.Logf("one API check-in: %d round trips", n)
	if n > maxCheckinRoundTrips || n == 0 {
		for i, s := range tr.sql {
			t.Logf("%2d %.160s", i+1, s)
		}
		t.Fatalf("one API check-in took %d round trips to PostgreSQL, more than %d", n, maxCheckinRoundTrips)
	}
}

// TestDeskCheckinRoundTrips counts the round trips of one check-in saved
// from the desk's confirmation form, session and all.
func TestDeskCheckinRoundTrips(t *testing.T) {
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
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	c.get("/t/vinh-xanh/checkin")
	// one check-in first, so that caches (policies, prepared statements) are warm
	wantStatus(t, c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101")), http.StatusSeeOther)
	form := confirmFields("102")
	form.Set("document_number", "022095004321")
	tr.mu.Lock()
	tr.on = true
	tr.mu.Unlock()
	res := c.post("/t/vinh-xanh/sites/"+site+"/checkin", form)
	tr.mu.Lock()
	tr.on = false
	tr.mu.Unlock()
	n := tr.perCheckin()
	wantStatus(t, res, http.StatusSeeOther)
	t.Logf("one desk check-in: %d round trips", n)
	if n > maxDeskCheckinRoundTrips || n == 0 {
		for i, s := range tr.sql {
			t.Logf("%2d %.160s", i+1, s)
		}
		t.Fatalf("one desk check-in took %d round trips to PostgreSQL, more than %d", n, maxDeskCheckinRoundTrips)
	}
}
