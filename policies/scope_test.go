package policies_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/testdb"
	"portal06/policies"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// world is one random arrangement of areas, tenants, sites and grants.
type world struct {
	areas    []string // codes; areas[0] is the province
	tenants  []int64
	sites    []policies.SiteRef
	subjects map[string][]string // subject -> scopes
}

func buildWorld(t *testing.T, db *sql.DB, rng *rand.Rand) world {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	must := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must(`SELECT set_config('app.all', 'on', true)`)
	must(`DELETE FROM sites`)
	must(`DELETE FROM tenants`)
	must(`DELETE FROM casbin_rule`)
	must(`DELETE FROM areas`)

	w := world{subjects: map[string][]string{}}
	ids := map[string]int64{}
	nAreas := 1 + rng.IntN(25)
	for i := 0; i < nAreas; i++ {
		code := fmt.Sprintf("%d", 10000+rng.IntN(89999))
		if i == 0 {
			code = "22"
		}
		if _, dup := ids[code]; dup {
			continue
		}
		var parent any
		kind := "province"
		if i > 0 {
			parent = ids[w.areas[rng.IntN(len(w.areas))]]
			kind = []string{"ward", "commune", "special_zone"}[rng.IntN(3)]
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO areas (code, name, kind, parent_id) VALUES ($1, $1, $2, $3) RETURNING id`,
			code, kind, parent).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[code] = id
		w.areas = append(w.areas, code)
	}
	nTenants := 1 + rng.IntN(5)
	var tenants []int64
	for i := 0; i < nTenants; i++ {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO tenants (kind, slug, name, tax_code) VALUES ('accommodation', $1, $1, '0100000000') RETURNING id`,
			fmt.Sprintf("t-%d-%d", i, rng.IntN(1e9))).Scan(&id); err != nil {
			t.Fatal(err)
		}
		tenants = append(tenants, id)
	}
	w.tenants = tenants
	for i := rng.IntN(40); i > 0; i-- {
		tid := tenants[rng.IntN(len(tenants))]
		area := w.areas[rng.IntN(len(w.areas))]
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			VALUES ($1, $2, 'S', 'hotel', $3, 'A') RETURNING id`, tid, fmt.Sprintf("s%d", i), ids[area]).Scan(&id); err != nil {
			t.Fatal(err)
		}
		w.sites = append(w.sites, policies.SiteRef{Tenant: tid, ID: id, Area: area})
	}
	// Random grants, including ones that point nowhere and malformed ones.
	for s := 0; s < 6; s++ {
		subject := fmt.Sprintf("unit:U%d", s)
		for g := rng.IntN(4); g > 0; g-- {
			var scope string
			switch rng.IntN(6) {
			case 0:
				scope = "area:" + w.areas[rng.IntN(len(w.areas))]
			case 1:
				scope = fmt.Sprintf("tenant:%d", tenants[rng.IntN(len(tenants))])
			case 2:
				if len(w.sites) > 0 {
					scope = fmt.Sprintf("site:%d", w.sites[rng.IntN(len(w.sites))].ID)
				}
			case 3:
				scope = []string{"province", "area:99999", "tenant:0", "area:x", "province:", "site:"}[rng.IntN(6)]
			default:
				scope = "area:" + w.areas[rng.IntN(len(w.areas))]
			}
			if scope == "" {
				continue
			}
			w.subjects[subject] = append(w.subjects[subject], scope)
			must(`INSERT INTO casbin_rule (ptype, v0, v1) VALUES ('p2', $1, $2) ON CONFLICT DO NOTHING`, subject, scope)
		}
		if _, ok := w.subjects[subject]; !ok {
			w.subjects[subject] = nil // a subject with no grant
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestScopeSQLMatchesEnforce is the property that ties Casbin to SQL: for
// random trees, sites and grants, the SQL condition and the row-level
// security policy both return exactly the sites Enforce allows.
func TestScopeSQLMatchesEnforce(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	auth, err := policies.NewAuthorizer(ctx, d.App)
	if err != nil {
		t.Fatal(err)
	}
	for iter := 0; iter < 25; iter++ {
		rng := rand.New(rand.NewPCG(42, uint64(iter)))
		w := buildWorld(t, d.Owner, rng)
		if err := auth.Refresh(ctx, d.App); err != nil {
			t.Fatal(err)
		}
		for subject := range w.subjects {
			var want []int64
			for _, s := range w.sites {
				if auth.CanSee(subject, s) {
					want = append(want, s.ID)
				}
			}
			scope := auth.ScopeFor(subject)

			// 1. The SQL condition, under a scope that lets RLS show everything.
			var got []int64
			err := d.App.Transaction(func(tx *gorm.DB) error {
				if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
					return err
				}
				return scope.Where(tx.Table("sites s"), "s").Order("s.id").Pluck("s.id", &got).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			// 2. Row-level security alone: no WHERE clause at all.
			var rls []int64
			err = d.App.Transaction(func(tx *gorm.DB) error {
				if err := scope.Apply(tx, 0); err != nil {
					return err
				}
				return tx.Raw(`SELECT id FROM sites ORDER BY id`).Scan(&rls).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(want)
			if !slices.Equal(want, got) {
				t.Fatalf("iter %d %s grants %v: Enforce allows %v, SQL returns %v", iter, subject, w.subjects[subject], want, got)
			}
			if !slices.Equal(want, rls) {
				t.Fatalf("iter %d %s grants %v: Enforce allows %v, RLS shows %v", iter, subject, w.subjects[subject], want, rls)
			}
			checkTenants(t, d, w, scope, want)
			checkSiteRows(t, d, scope, want)
		}
	}
}

// checkSiteRows: SiteRowCondition, on rows that carry their site's tenant,
// id (site_id) and area, holds for the rows of exactly the sites the scope
// sees (sites).
func checkSiteRows(t *testing.T, d *testdb.DB, scope policies.Scope, sites []int64) {
	t.Helper()
	cond, args := scope.SiteRowCondition("r")
	var got []int64
	err := d.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return tx.Table("(SELECT s.tenant_id, s.id AS site_id, s.area_id FROM sites s) r").Where(cond, args...).
			Order("r.site_id").Pluck("r.site_id", &got).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, sites) {
		t.Fatalf("scope %+v: the site rows' condition holds for %v, the scope sees %v", scope, got, sites)
	}
}

// checkTenants: the policy of tenants shows exactly the tenants the scope
// grants whole and those of the sites it sees (sites), both reading the
// table whole and probing each tenant by id.
func checkTenants(t *testing.T, d *testdb.DB, w world, scope policies.Scope, sites []int64) {
	t.Helper()
	var want []int64
	for _, id := range w.tenants {
		ok := scope.All || slices.Contains(scope.Tenants, id)
		for _, s := range w.sites {
			ok = ok || (s.Tenant == id && slices.Contains(sites, s.ID))
		}
		if ok {
			want = append(want, id)
		}
	}
	var whole, probed []int64
	err := d.App.Transaction(func(tx *gorm.DB) error {
		if err := scope.Apply(tx, 0); err != nil {
			return err
		}
		if err := tx.Raw(`SELECT id FROM tenants ORDER BY id`).Scan(&whole).Error; err != nil {
			return err
		}
		for _, id := range w.tenants {
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM tenants WHERE id = ?`, id).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				probed = append(probed, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(want, whole) || !slices.Equal(want, probed) {
		t.Fatalf("scope %+v: tenants shown %v (whole table) and %v (one by one), want %v", scope, whole, probed, want)
	}
}

// TestEmptyScopeMatchesNothing guards deny by default.
func TestEmptyScopeMatchesNothing(t *testing.T) {
	cond, args := policies.Scope{}.SiteCondition("s")
	if cond != "FALSE" || len(args) != 0 {
		t.Fatalf("empty scope gave %q %v", cond, args)
	}
	if s := policies.ParseScope([]string{"area:", "tenant:-1", "site:x", "province:1", "bogus"}); !s.Empty() {
		t.Fatalf("malformed grants granted %+v", s)
	}
}

// TestAreaIDsKeptForTheTransaction checks that app_area_ids(), which the
// policies call for every table, works the areas below the granted ones
// out at its first call after Scope.Apply and keeps them for the calls
// after it, and works them out again when a session names other codes in
// app.areas alone (the kept ids are then stale).
func TestAreaIDsKeptForTheTransaction(t *testing.T) {
	d := testdb.New(t)
	ids := map[string]int64{}
	d.Seed(t, func(tx *gorm.DB) error {
		for _, a := range []struct{ code, parent string }{{"96000", ""}, {"96001", "96000"}, {"96002", "96000"}, {"96003", "96001"}, {"96100", ""}} {
			var parent any
			kind := "province"
			if a.parent != "" {
				parent, kind = ids[a.parent], "ward"
			}
			var id int64
			if err := tx.Raw(`INSERT INTO areas (code, name, kind, parent_id) VALUES (?, ?, ?, ?) RETURNING id`, a.code, "Khu "+a.code, kind, parent).
				Scan(&id).Error; err != nil {
				return err
			}
			ids[a.code] = id
		}
		return nil
	})
	areaIDs := func(tx *gorm.DB) []int64 {
		var got []int64
		if err := tx.Raw(`SELECT unnest(app_area_ids()) ORDER BY 1`).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := func(codes ...string) []int64 {
		var out []int64
		for _, c := range codes {
			out = append(out, ids[c])
		}
		slices.Sort(out)
		return out
	}
	err := d.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{Areas: []string{"96001", "96100"}}).Apply(tx, 0); err != nil {
			return err
		}
		kept := func() string {
			var v string
			if err := tx.Raw(`SELECT current_setting('app.area_ids')`).Scan(&v).Error; err != nil {
				t.Fatal(err)
			}
			return v
		}
		if k := kept(); k != "" {
			t.Errorf("app.area_ids after Apply = %q, want it empty until a policy needs it", k)
		}
		if got, w := areaIDs(tx), want("96001", "96003", "96100"); !slices.Equal(got, w) {
			t.Errorf("after Apply: %v, want %v", got, w)
		}
		if k := kept(); !strings.HasPrefix(k, "96001,96100|") {
			t.Errorf("app.area_ids after a policy's call = %q", k)
		}
		// the kept ids are what the policies read (not area_closure again)
		if err := tx.Exec(`SELECT set_config('app.area_ids', ?, true)`, fmt.Sprintf("96001,96100|%d", ids["96000"])).Error; err != nil {
			return err
		}
		if got, w := areaIDs(tx), want("96000"); !slices.Equal(got, w) {
			t.Errorf("kept ids set by hand: %v, want %v", got, w)
		}
		// other codes named alone: the kept ids are not theirs
		if err := tx.Exec(`SELECT set_config('app.areas', '96002', true)`).Error; err != nil {
			return err
		}
		if got, w := areaIDs(tx), want("96002"); !slices.Equal(got, w) {
			t.Errorf("after app.areas alone: %v, want %v", got, w)
		}
		// a scope of no areas keeps none
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		if got := areaIDs(tx); len(got) != 0 {
			t.Errorf("no areas granted: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
