package accommodation_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"portal06/app/testdb"
	"portal06/policies"
	"portal06/tenants/accommodation"
)

// TestPoliceDashboardPagesProperty checks, for random scopes and area
// filters over a random province, that the police dashboard's pages of
// sites, read area by area (pageOfSites), are together exactly the
// accommodation sites the scope covers, each once, in the order of their
// area's name and code and then their name and id; and that a page says
// another follows exactly when one does.
func TestPoliceDashboardPagesProperty(t *testing.T) {
	d := testdb.New(t)
	rng := rand.New(rand.NewPCG(2026, 11))
	w := newRandomProvince(t, d, rng)
	byID := w.byID
	for iter := range 60 {
		scope, filter := w.scope(rng, iter)
		want := w.inScope(scope, filter)
		slices.SortFunc(want, func(a, b provinceSite) int {
			x, y := byID[a.area], byID[b.area]
			if x.name != y.name {
				return cmpString(x.name, y.name)
			}
			if x.code != y.code {
				return cmpString(x.code, y.code)
			}
			if a.name != b.name {
				return cmpString(a.name, b.name)
			}
			return int(a.id - b.id)
		})
		// under row-level security with the scope, and under none (a scope
		// that shows every row), where the statement's own condition alone
		// must narrow the sites to the scope
		for _, rls := range []policies.Scope{scope, {All: true}} {
			var got []int64
			err := d.App.Transaction(func(tx *gorm.DB) error {
				if err := rls.Apply(tx, 0); err != nil {
					return err
				}
				for page := 1; ; page++ {
					ids, err := accommodation.PageOfSites(tx, scope, filter, page)
					if err != nil {
						return err
					}
					if len(ids) > 26 {
						return fmt.Errorf("page %d has %d sites", page, len(ids))
					}
					more := len(ids) == 26
					got = append(got, ids[:min(len(ids), 25)]...)
					if more != (len(want) > page*25) {
						return fmt.Errorf("page %d says another page follows: %v, with %d sites in all", page, more, len(want))
					}
					if !more {
						return nil
					}
				}
			})
			if err != nil {
				t.Fatalf("scope %+v, area %q, row-level security %+v: %v", scope, filter, rls, err)
			}
			var wantIDs []int64
			for _, s := range want {
				wantIDs = append(wantIDs, s.id)
			}
			if !slices.Equal(got, wantIDs) {
				t.Fatalf("scope %+v, area %q, row-level security %+v:\n got %v\nwant %v", scope, filter, rls, got, wantIDs)
			}
		}
	}
}

// cmpString orders as the database's C collation does: by bytes.
func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// provinceArea is an area of a random province.
type provinceArea struct {
	id           int64
	code, name   string
	parent       int64
	descendantOf map[int64]bool
}

// provinceSite is a site of a random province.
type provinceSite struct {
	id, tenant, area int64
	name, kind       string
}

// randomProvince is a province of 12 areas (areas[1] crowded with more
// than a page of sites, none below it), 3 tenants and 140 sites of every
// kind, with names that repeat.
type randomProvince struct {
	areas   []*provinceArea
	byID    map[int64]*provinceArea
	sites   []provinceSite
	tenants []int64
}

func newRandomProvince(t *testing.T, d *testdb.DB, rng *rand.Rand) *randomProvince {
	t.Helper()
	w := &randomProvince{byID: map[int64]*provinceArea{}}
	kinds := []string{"hotel", "guesthouse", "homestay", "cruise", "bus", "market", "notary_office", "apartment_block"}
	names := []string{"Bãi Cháy", "Hồng Gai", "Hạ Long", "Cẩm Phả", "Vân Đồn"} // repeated: areas share names
	d.Seed(t, func(tx *gorm.DB) error {
		for i := range 12 {
			a := &provinceArea{code: strconv.Itoa(97000 + i), name: "Phường " + names[rng.IntN(len(names))], descendantOf: map[int64]bool{}}
			var parent any
			if i > 0 { // areas[1], the crowded one below, has no area below it
				a.parent = w.areas[rng.IntN(len(w.areas))].id
				for i > 1 && a.parent == w.areas[1].id {
					a.parent = w.areas[rng.IntN(len(w.areas))].id
				}
				parent = a.parent
			}
			kind := "ward"
			if i == 0 {
				kind = "province"
			}
			if err := tx.Raw(`INSERT INTO areas (code, name, kind, parent_id) VALUES (?, ?, ?, ?) RETURNING id`, a.code, a.name, kind, parent).
				Scan(&a.id).Error; err != nil {
				return err
			}
			w.areas = append(w.areas, a)
		}
		for i := range 3 {
			var id int64
			if err := tx.Raw(`INSERT INTO tenants (slug, name, kind, tax_code) VALUES (?, ?, 'accommodation', ?) RETURNING id`,
				fmt.Sprintf("thu-trang-%d", i), fmt.Sprintf("Thử trang %d", i), fmt.Sprintf("57011%05d", i)).Scan(&id).Error; err != nil {
				return err
			}
			w.tenants = append(w.tenants, id)
		}
		for i := range 140 {
			a := w.areas[rng.IntN(len(w.areas))].id
			if rng.IntN(2) == 0 { // one crowded area: more than a page of its own
				a = w.areas[1].id
			}
			s := provinceSite{tenant: w.tenants[rng.IntN(len(w.tenants))], area: a,
				name: fmt.Sprintf("Cơ sở %02d", rng.IntN(40)), kind: kinds[rng.IntN(len(kinds))]}
			if err := tx.Raw(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address) VALUES (?, ?, ?, ?, ?, 'Số 1') RETURNING id`,
				s.tenant, fmt.Sprintf("co-so-%d", i), s.name, s.kind, s.area).Scan(&s.id).Error; err != nil {
				return err
			}
			w.sites = append(w.sites, s)
		}
		return nil
	})
	for _, a := range w.areas {
		w.byID[a.id] = a
	}
	for _, a := range w.areas { // every area is below itself and its ancestors
		for p := a; p != nil; p = w.byID[p.parent] {
			a.descendantOf[p.id] = true
		}
	}
	return w
}

// under says whether the area of id areaID lies within an area of codes.
func (w *randomProvince) under(areaID int64, codes []string) bool {
	for _, c := range codes {
		for _, a := range w.areas {
			if a.code == c && w.byID[areaID].descendantOf[a.id] {
				return true
			}
		}
	}
	return false
}

// scope is a random scope, of the shape iter%4 picks (a police unit's
// areas; areas, tenants and sites mixed; the province maybe pinned to a
// tenant; areas pinned), and a random area filter, maybe none.
func (w *randomProvince) scope(rng *rand.Rand, iter int) (policies.Scope, string) {
	var scope policies.Scope
	switch iter % 4 {
	case 0:
		for range 1 + rng.IntN(3) {
			scope.Areas = append(scope.Areas, w.areas[rng.IntN(len(w.areas))].code)
		}
	case 1:
		scope.Areas = []string{w.areas[rng.IntN(len(w.areas))].code}
		scope.Tenants = []int64{w.tenants[rng.IntN(len(w.tenants))]}
		scope.Sites = []int64{w.sites[rng.IntN(len(w.sites))].id, w.sites[rng.IntN(len(w.sites))].id}
	case 2:
		scope.All = true
		if rng.IntN(2) == 0 {
			scope.Pin = w.tenants[rng.IntN(len(w.tenants))]
		}
	case 3:
		scope.Areas = []string{w.areas[0].code}
		scope.Pin = w.tenants[rng.IntN(len(w.tenants))]
	}
	filter := ""
	switch rng.IntN(4) {
	case 0:
		filter = w.areas[rng.IntN(len(w.areas))].code
	case 1:
		filter = w.areas[1].code // the crowded area
	}
	return scope, filter
}

// inScope are the accommodation sites scope covers within the area of code
// filter (when not empty), in the province's order.
func (w *randomProvince) inScope(scope policies.Scope, filter string) []provinceSite {
	accommodationKind := map[string]bool{"hotel": true, "guesthouse": true, "homestay": true, "cruise": true, "bus": true}
	var want []provinceSite
	for _, s := range w.sites {
		in := scope.All || slices.Contains(scope.Tenants, s.tenant) || slices.Contains(scope.Sites, s.id) || w.under(s.area, scope.Areas)
		if in && (scope.Pin == 0 || s.tenant == scope.Pin) && accommodationKind[s.kind] && (filter == "" || w.under(s.area, []string{filter})) {
			want = append(want, s)
		}
	}
	return want
}
