package store_test

import (
	"errors"
	"slices"
	"sort"
	"testing"

	"gorm.io/gorm"

	"portal06/app/portaltest"
	"portal06/app/store"
	"portal06/policies"
)

func TestMain(m *testing.M) { portaltest.Main(m) }

// inTx runs f in a transaction of the demo database that sees every row:
// the scope the functions are given is what narrows their answers.
func inTx(t *testing.T, f func(tx *gorm.DB)) {
	t.Helper()
	e := portaltest.NewEnv(t)
	if err := e.AsOwner(func(tx *gorm.DB) error { f(tx); return nil }); err != nil {
		t.Fatal(err)
	}
}

func slugs(rows []store.SiteRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Slug)
	}
	sort.Strings(out)
	return out
}

// TestSitesKeepToTheScope lists and fetches sites under the scopes of a
// ward's police, a tenant, a single site and no grant at all, and with the
// area filter of the site lists: an area means it and every area below it.
func TestSitesKeepToTheScope(t *testing.T) {
	inTx(t, func(tx *gorm.DB) {
		var vinhXanh, baiChay, hongGai int64
		tx.Raw(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`).Scan(&vinhXanh)
		tx.Raw(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`).Scan(&baiChay)
		tx.Raw(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`).Scan(&hongGai)
		list := func(scope policies.Scope, f store.SiteFilter) ([]string, int64) {
			t.Helper()
			rows, total, err := store.ListSites(tx, scope, f, 1)
			if err != nil {
				t.Fatal(err)
			}
			return slugs(rows), total
		}
		ward := policies.Scope{Areas: []string{"06703"}} // Phường Bãi Cháy
		got, total := list(ward, store.SiteFilter{})
		want := []string{"ben-xe-bai-chay", "cc-bai-chay", "green-bay", "vinh-xanh-bai-chay"}
		if !slices.Equal(got, want) || total != int64(len(want)) {
			t.Fatalf("Bãi Cháy's police list %v (%d), want %v", got, total, want)
		}
		if got, _ := list(policies.Scope{}, store.SiteFilter{}); len(got) != 0 {
			t.Fatalf("a scope without grants lists %v", got)
		}
		if got, _ := list(policies.Scope{Tenants: []int64{vinhXanh}}, store.SiteFilter{}); !slices.Equal(got, []string{"vinh-xanh-bai-chay", "vinh-xanh-hong-gai"}) {
			t.Fatalf("the tenant lists %v", got)
		}
		if got, _ := list(policies.Scope{Sites: []int64{baiChay}}, store.SiteFilter{}); !slices.Equal(got, []string{"vinh-xanh-bai-chay"}) {
			t.Fatalf("a site's staff list %v", got)
		}
		// the province is every site; its code as a filter is every site too
		all, allTotal := list(policies.Scope{All: true}, store.SiteFilter{})
		if _, n := list(policies.Scope{Areas: []string{"22"}}, store.SiteFilter{}); n != allTotal || len(all) == 0 {
			t.Fatalf("the province's grant lists %d sites of %d", n, allTotal)
		}
		if _, n := list(policies.Scope{All: true}, store.SiteFilter{AreaCode: "22"}); n != allTotal {
			t.Fatalf("the province's filter lists %d sites of %d", n, allTotal)
		}
		if got, _ := list(policies.Scope{All: true}, store.SiteFilter{AreaCode: "06658", Kind: "hotel"}); !slices.Equal(got, []string{"vinh-xanh-hong-gai"}) {
			t.Fatalf("hotels of Hồng Gai: %v", got)
		}
		if got, _ := list(ward, store.SiteFilter{AreaCode: "06658"}); len(got) != 0 {
			t.Fatalf("a filter widens the scope: %v", got)
		}
		// a site outside the scope is not found, whatever the tenant
		if _, err := store.GetSite(tx, ward, vinhXanh, hongGai); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Hồng Gai's site for Bãi Cháy's police: %v, want ErrNotFound", err)
		}
		if s, err := store.GetSite(tx, ward, vinhXanh, baiChay); err != nil || s.AreaCode != "06703" || s.TenantSlug != "vinh-xanh" {
			t.Fatalf("own site: %+v, %v", s, err)
		}
		if _, err := store.GetSite(tx, policies.Scope{All: true}, vinhXanh+1000, baiChay); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a site under another tenant's id: %v", err)
		}
	})
}

// TestAreasUnderAScope lists a ward's area alone and the province's every area.
func TestAreasUnderAScope(t *testing.T) {
	inTx(t, func(tx *gorm.DB) {
		ward, err := store.AreasUnder(tx, policies.Scope{Areas: []string{"06703"}})
		if err != nil || len(ward) != 1 || ward[0].Code != "06703" {
			t.Fatalf("Bãi Cháy: %+v, %v", ward, err)
		}
		all, err := store.ListAreas(tx)
		if err != nil {
			t.Fatal(err)
		}
		province, err := store.AreasUnder(tx, policies.Scope{Areas: []string{"22"}})
		if err != nil || len(province) != len(all) || len(all) < 10 {
			t.Fatalf("the province covers %d areas of %d (%v)", len(province), len(all), err)
		}
		if none, err := store.AreasUnder(tx, policies.Scope{}); err != nil || len(none) != 0 {
			t.Fatalf("no grant covers %+v (%v)", none, err)
		}
		j, err := store.Jurisdiction(tx, "CA-BAICHAY")
		if err != nil || len(j) != 1 || j[0].Code != "06703" {
			t.Fatalf("jurisdiction of CA-BAICHAY: %+v, %v", j, err)
		}
		if _, err := store.AreaByCode(tx, "99999"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("an unknown area: %v", err)
		}
	})
}

// TestTenantInputIsCheckedAndDuplicatesNamed refuses bad fields by name,
// answers a taken slug as a field error, and leaves the transaction usable.
func TestTenantInputIsCheckedAndDuplicatesNamed(t *testing.T) {
	inTx(t, func(tx *gorm.DB) {
		kinds := []string{"accommodation"}
		_, err := store.CreateTenant(tx, store.TenantInput{Kind: "bakery", Slug: "Bad Slug", Name: "", TaxCode: "12"}, kinds)
		var inv store.Invalid
		if !errors.As(err, &inv) {
			t.Fatalf("bad input: %v, want store.Invalid", err)
		}
		for _, f := range []string{"kind", "slug", "name", "tax_code"} {
			if inv[f] == "" {
				t.Errorf("field %s is not named: %v", f, inv)
			}
		}
		_, err = store.CreateTenant(tx, store.TenantInput{Kind: "accommodation", Slug: "vinh-xanh", Name: "Khách sạn khác", TaxCode: "5799999999"}, kinds)
		if !errors.As(err, &inv) || inv["slug"] != "validation.taken" {
			t.Fatalf("a taken slug: %v", err)
		}
		// the savepoint kept the transaction alive: the next statements run
		id, err := store.CreateTenant(tx, store.TenantInput{Kind: "accommodation", Slug: "khach-san-moi", Name: "Khách sạn Mới", TaxCode: "5799999999"}, kinds)
		if err != nil || id == 0 {
			t.Fatalf("a good tenant after a refused one: %d, %v", id, err)
		}
		got, err := store.TenantBySlug(tx, "khach-san-moi")
		if err != nil || got.ID != id || got.Name != "Khách sạn Mới" {
			t.Fatalf("read back: %+v, %v", got, err)
		}
		var n int64
		tx.Raw(`SELECT count(*) FROM tenants WHERE name = 'Khách sạn khác'`).Scan(&n)
		if n != 0 {
			t.Fatal("the refused tenant was saved")
		}
	})
}

// TestListPagesArePaged lists tenants a page at a time, with the total.
func TestListPagesArePaged(t *testing.T) {
	inTx(t, func(tx *gorm.DB) {
		for i := 0; i < store.PerPage+2; i++ {
			slug := "khach-san-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			if _, err := store.CreateTenant(tx, store.TenantInput{Kind: "accommodation", Slug: slug, Name: "Khách sạn Thử " + slug, TaxCode: "5799999999"}, []string{"accommodation"}); err != nil {
				t.Fatal(err)
			}
		}
		first, total, err := store.ListTenants(tx, "Thử", "", 1)
		if err != nil || len(first) != store.PerPage || total != int64(store.PerPage+2) {
			t.Fatalf("page 1: %d rows of %d (%v)", len(first), total, err)
		}
		second, _, err := store.ListTenants(tx, "Thử", "", 2)
		if err != nil || len(second) != 2 {
			t.Fatalf("page 2: %d rows (%v)", len(second), err)
		}
		if first[0].ID == second[0].ID {
			t.Fatal("the pages repeat rows")
		}
	})
}

// TestSitesCountedByKind checks that the counts of sites by kind, read from
// area_site_counts for a scope of areas alone, equal a count of the sites
// themselves, for every scope and after sites are added, moved and removed.
func TestSitesCountedByKind(t *testing.T) {
	inTx(t, func(tx *gorm.DB) {
		var vinhXanh int64
		tx.Raw(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`).Scan(&vinhXanh)
		scopes := []policies.Scope{
			{Areas: []string{"06703"}}, {Areas: []string{"22"}}, {Areas: []string{"06703", "06658"}},
			{Areas: []string{"06703"}, Pin: vinhXanh}, {Tenants: []int64{vinhXanh}}, {All: true}, {},
		}
		check := func(when string) {
			t.Helper()
			for _, scope := range scopes {
				got, err := store.CountSitesByKind(tx, scope)
				if err != nil {
					t.Fatal(err)
				}
				var want []store.KindCount
				if err := scope.Where(tx.Table("sites s"), "s").Select("s.kind, count(*) AS count").Group("s.kind").Order("s.kind").
					Scan(&want).Error; err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s, scope %+v: counted %v, the sites are %v", when, scope, got, want)
				}
			}
		}
		check("demo")
		must := func(q string) {
			t.Helper()
			if err := tx.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		must(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			SELECT t.id, 'dem-' || g, 'Nhà nghỉ đếm ' || g, 'guesthouse', (SELECT id FROM areas WHERE code = '06703'), 'Số ' || g
			FROM tenants t, generate_series(1, 3) g WHERE t.slug = 'vinh-xanh'`)
		check("three added")
		must(`UPDATE sites SET area_id = (SELECT id FROM areas WHERE code = '06658') WHERE slug = 'dem-1'`)
		must(`UPDATE sites SET kind = 'homestay' WHERE slug = 'dem-2'`)
		check("one moved, one re-kinded")
		must(`DELETE FROM sites WHERE slug = 'dem-3'`)
		check("one removed")
	})
}
