// Package testdb gives integration tests a fresh, migrated database on a
// real PostgreSQL: a private cluster started once per test binary.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/pgcluster"
)

const template = "portal06_tpl"

var (
	mu      sync.Mutex
	cluster *pgcluster.Cluster
	dir     string
	counter int
	tplDone map[string]bool // templates built
	extra   []fs.FS         // the tenant kinds' migration folders
)

const coreTemplate = "portal06_core_tpl"

// DB is one test's database, with an owner and a runtime-role connection.
type DB struct {
	Name     string
	OwnerURL string
	AppURL   string
	Owner    *sql.DB  // owner role: schema owner, still under forced RLS
	App      *gorm.DB // portal06_app: what the portal uses
}

// Main runs the tests, then stops the cluster and removes its folder. The
// databases carry the core's migrations and those of the folders given,
// the tenant kinds' (portal.Kinds().Migrations()).
func Main(m *testing.M, kindMigrations ...fs.FS) {
	extra = kindMigrations
	code := m.Run()
	mu.Lock()
	if cluster != nil {
		cluster.Stop()
		os.RemoveAll(dir)
	}
	mu.Unlock()
	os.Exit(code)
}

// New creates a migrated database for the calling test; it is dropped when the test ends.
func New(t testing.TB) *DB {
	t.Helper()
	return create(t, template, extra)
}

// NewCore creates a database with the core's migrations only, as a portal
// with no tenant kind of its own would have.
func NewCore(t testing.TB) *DB {
	t.Helper()
	return create(t, coreTemplate, nil)
}

func create(t testing.TB, template string, folders []fs.FS) *DB {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL: skipped by -short (make test-unit)")
	}
	ctx := context.Background()
	mu.Lock()
	if err := ensure(ctx, template, folders); err != nil {
		mu.Unlock()
		t.Fatalf("testdb: %v", err)
	}
	counter++
	name := fmt.Sprintf("t%d_%d", os.Getpid(), counter)
	err := cluster.CreateDatabase(ctx, name, template)
	mu.Unlock()
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	d := &DB{Name: name, OwnerURL: cluster.URL("portal06_owner", name), AppURL: cluster.URL(database.AppRole, name)}
	if d.Owner, err = database.OpenOwner(ctx, d.OwnerURL); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	if d.App, err = database.OpenApp(ctx, d.OwnerURL, d.AppURL); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		if s, err := d.App.DB(); err == nil {
			s.Close()
		}
		d.Owner.Close()
		if su, err := sql.Open("pgx", cluster.SuperURL()); err == nil {
			su.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, name))
			su.Close()
		}
	})
	return d
}

// ensure starts the cluster and builds the migrated template once.
func ensure(ctx context.Context, template string, folders []fs.FS) error {
	if cluster == nil {
		var err error
		base := os.Getenv("PORTAL06_TEST_TMP")
		if base == "" {
			base = os.TempDir()
		}
		if dir, err = os.MkdirTemp(base, "p06t-"); err != nil {
			return fmt.Errorf("make cluster folder: %w", err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		if cluster, err = pgcluster.Start(ctx, dir, log); err != nil {
			return err
		}
	}
	if tplDone[template] {
		return nil
	}
	if err := cluster.CreateDatabase(ctx, template, ""); err != nil {
		return err
	}
	owner, err := database.OpenOwner(ctx, cluster.URL("portal06_owner", template))
	if err != nil {
		return err
	}
	defer owner.Close()
	if err := database.Migrate(ctx, owner, "up", io.Discard, folders...); err != nil {
		return err
	}
	if tplDone == nil {
		tplDone = map[string]bool{}
	}
	tplDone[template] = true
	return nil
}

// Seed runs seed in one transaction as the owner with every row in scope
// (row-level security is forced on the owner too), as the demo loader
// does: for tests that start from the demo data.
func (d *DB) Seed(t testing.TB, seed func(tx *gorm.DB) error) {
	t.Helper()
	owner, err := database.OpenGorm(context.Background(), d.OwnerURL)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	defer func() {
		if s, err := owner.DB(); err == nil {
			s.Close()
		}
	}()
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT set_config('app.all', 'on', true)`).Error; err != nil {
			return err
		}
		return seed(tx)
	})
	if err != nil {
		t.Fatalf("testdb: seed: %v", err)
	}
}

// Super is a superuser's connection to the test's database, closed when the
// test ends: for tests that load as `seed scale` does (with
// session_replication_role, which only a superuser sets).
func (d *DB) Super(t testing.TB) *sql.DB {
	t.Helper()
	mu.Lock()
	url := cluster.URL("postgres", d.Name)
	mu.Unlock()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OwnerAll is an owner connection pool every session of which sees every
// row (app.all on from its start), closed when the test ends: for tests
// that count rows across tenants.
func (d *DB) OwnerAll(t testing.TB) *sql.DB {
	t.Helper()
	db, err := database.OpenOwner(context.Background(), d.OwnerURL+" options='-c app.all=on'")
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Count runs q, which counts, on db.
func Count(t testing.TB, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// MonthsOffDays is a query counting the months of figure_months (its slots
// summed) that differ from the sums of their days in figure_days, for the
// indicators whose code is LIKE pattern (letters, dots and %): the monthly
// rollup must always equal its days.
func MonthsOffDays(pattern string) string {
	if strings.Trim(pattern, "abcdefghijklmnopqrstuvwxyz0123456789_.%") != "" {
		panic("testdb: MonthsOffDays pattern " + pattern)
	}
	return `SELECT count(*) FROM (
		SELECT indicator, area_id, date_trunc('month', day)::date AS month, sum(num) AS num, sum(den) AS den
		FROM figure_days WHERE indicator LIKE '` + pattern + `' GROUP BY 1, 2, 3) d
		FULL JOIN (SELECT indicator, area_id, month, sum(num) AS num, sum(den) AS den
		FROM figure_months WHERE indicator LIKE '` + pattern + `' GROUP BY 1, 2, 3) m USING (indicator, area_id, month)
		WHERE coalesce(d.num, 0) <> coalesce(m.num, 0) OR coalesce(d.den, 0) <> coalesce(m.den, 0)`
}
