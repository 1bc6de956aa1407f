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
