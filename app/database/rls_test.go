package database_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/testdb"
	"portal06/policies"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// seedTwoTenants inserts two tenants with a site and a member each, as the owner.
func seedTwoTenants(t *testing.T, d *testdb.DB) (a, b int64) {
	t.Helper()
	owner, err := database.OpenGorm(context.Background(), d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s, _ := owner.DB(); s.Close() }()
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		var prov, ward int64
		tx.Raw(`INSERT INTO areas (code, name, kind) VALUES ('22', 'Quảng Ninh', 'province') RETURNING id`).Scan(&prov)
		tx.Raw(`INSERT INTO areas (code, name, kind, parent_id) VALUES ('06703', 'Bãi Cháy', 'ward', ?) RETURNING id`, prov).Scan(&ward)
		var u int64
		tx.Raw(`INSERT INTO users (username, full_name, password_hash) VALUES ('u1', 'U', 'x') RETURNING id`).Scan(&u)
		for i, slug := range []string{"tenant-a", "tenant-b"} {
			var id int64
			if err := tx.Raw(`INSERT INTO tenants (kind, slug, name, tax_code) VALUES ('accommodation', ?, ?, '0100000000') RETURNING id`, slug, slug).Scan(&id).Error; err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address) VALUES (?, 's', 'S', 'hotel', ?, 'A')`, id, ward).Error; err != nil {
				return err
			}
			if i == 0 {
				a = id
				tx.Exec(`INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES (?, ?, 'owner')`, id, u)
			} else {
				b = id
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestRowLevelSecurityAloneHidesOtherTenants connects as the runtime role and
// queries with no WHERE clause: only row-level security stands between the
// tenants.
func TestRowLevelSecurityAloneHidesOtherTenants(t *testing.T) {
	d := testdb.New(t)
	a, b := seedTwoTenants(t, d)
	count := func(scope policies.Scope, table string) (n int64) {
		t.Helper()
		err := d.App.Transaction(func(tx *gorm.DB) error {
			if err := scope.Apply(tx, 0); err != nil {
				return err
			}
			return tx.Raw(`SELECT count(*) FROM ` + table).Scan(&n).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, table := range []string{"tenants", "sites", "tenant_memberships"} {
		if n := count(policies.Scope{}, table); n != 0 {
			t.Errorf("%s with no scope: %d rows, want 0", table, n)
		}
		if n := count(policies.Scope{All: true}, table); n == 0 {
			t.Errorf("%s with the whole province: no rows", table)
		}
	}
	if n := count(policies.Scope{Tenants: []int64{a}}, "tenants"); n != 1 {
		t.Errorf("tenant A sees %d tenants", n)
	}
	if n := count(policies.Scope{Tenants: []int64{b}}, "sites"); n != 1 {
		t.Errorf("tenant B sees %d sites", n)
	}
	if n := count(policies.Scope{Tenants: []int64{b}}, "tenant_memberships"); n != 0 {
		t.Errorf("tenant B sees %d memberships of tenant A", n)
	}
	// The pin holds even against a grant that reaches further.
	if n := count(policies.Scope{All: true, Pin: a}, "sites"); n != 1 {
		t.Errorf("pinned to A, the whole-province scope shows %d sites", n)
	}
	if n := count(policies.Scope{Areas: []string{"22"}}, "sites"); n != 2 {
		t.Errorf("the province area shows %d sites, want 2", n)
	}
	// A police scope sees the tenants of the sites it sees, and no other.
	if n := count(policies.Scope{Areas: []string{"22"}}, "tenants"); n != 2 {
		t.Errorf("the province area shows %d tenants, want 2", n)
	}
	if n := count(policies.Scope{Areas: []string{"06703"}}, "tenants"); n != 2 {
		t.Errorf("the ward shows %d tenants, want 2", n)
	}
	if n := count(policies.Scope{Areas: []string{"99999"}}, "tenants"); n != 0 {
		t.Errorf("an area without sites shows %d tenants, want 0", n)
	}
	// Writing into another tenant is refused by the policy's check.
	err := d.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{Tenants: []int64{a}}).Apply(tx, 0); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			SELECT ?, 'x', 'X', 'hotel', id, 'A' FROM areas WHERE code = '06703'`, b).Error
	})
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("insert into another tenant: %v", err)
	}
}

// TestRuntimeRoleOwnsNothing checks the runtime role's privileges.
func TestRuntimeRoleOwnsNothing(t *testing.T) {
	d := testdb.New(t)
	var row struct {
		Super, Bypass bool
		Owned         int64
		User          string
	}
	err := d.App.Raw(`SELECT r.rolsuper AS super, r.rolbypassrls AS bypass, current_user AS "user",
		(SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&row).Error
	if err != nil {
		t.Fatal(err)
	}
	if row.User != database.AppRole || row.Super || row.Bypass || row.Owned != 0 {
		t.Fatalf("runtime role %+v: want %s, no superuser, no BYPASSRLS, no tables", row, database.AppRole)
	}
	var forced []string
	d.App.Raw(`SELECT relname FROM pg_class WHERE relname IN ('tenants', 'sites', 'tenant_memberships')
		AND relrowsecurity AND relforcerowsecurity ORDER BY relname`).Scan(&forced)
	if len(forced) != 3 {
		t.Fatalf("tables with forced row-level security: %v", forced)
	}
	if err := d.App.Exec(`INSERT INTO areas (code, name, kind) VALUES ('99', 'X', 'province')`).Error; err == nil {
		t.Fatal("the runtime role could write reference data")
	}
}

// TestEveryTenantTableHasTenantIDFirst guards the Citus-ready shape: every
// table with a tenant_id has it first in its primary key and in every
// unique constraint.
func TestEveryTenantTableHasTenantIDFirst(t *testing.T) {
	d := testdb.New(t)
	var bad []string
	// unique indexes cover primary keys and unique constraints; foreign keys
	// between tenant-owned tables must lead with tenant_id as well
	err := d.App.Raw(`SELECT i.indrelid::regclass::text || ' ' || i.indexrelid::regclass::text FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid AND c.relnamespace = 'public'::regnamespace
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
		WHERE i.indisunique
		  AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = i.indrelid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
		  AND a.attname <> 'tenant_id'
		UNION ALL
		SELECT f.conrelid::regclass::text || ' ' || f.conname FROM pg_constraint f
		JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
		WHERE f.contype = 'f' AND f.connamespace = 'public'::regnamespace
		  AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = f.confrelid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
		  AND a.attname <> 'tenant_id'`).Scan(&bad).Error
	if err != nil {
		t.Fatal(err)
	}
	// figure_days also holds rows of an area that belong to no tenant (crime
	// tips reported for a commune): their key has no tenant to lead with
	bad = slices.DeleteFunc(bad, func(s string) bool { return s == "figure_days figure_days_area_key" })
	if len(bad) > 0 {
		t.Fatalf("constraints on tenant-owned tables that do not lead with tenant_id: %v", bad)
	}
}

// TestMigrationsGoDownAndUp rolls the newest migration back and applies it again.
func TestMigrationsGoDownAndUp(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := database.Migrate(ctx, d.Owner, "down", &out); err != nil {
		t.Fatal(err)
	}
	if err := database.Migrate(ctx, d.Owner, "status", &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pending") {
		t.Fatalf("after down, status shows no pending migration:\n%s", out.String())
	}
	if err := database.Migrate(ctx, d.Owner, "up", &out); err != nil {
		t.Fatal(err)
	}
	if err := database.Migrate(ctx, d.Owner, "sideways", &out); err == nil {
		t.Fatal("an unknown direction was accepted")
	}
}
