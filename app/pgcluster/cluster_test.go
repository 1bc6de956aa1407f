package pgcluster

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNoServerBinariesNamesThePackage(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	old := serverDirs
	serverDirs = filepath.Join(t.TempDir(), "*", "bin")
	defer func() { serverDirs = old }()
	_, err := Start(context.Background(), t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != ErrNoServer {
		t.Fatalf("err = %v", err)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "apt-get install postgresql") {
		t.Fatalf("message %q must be one line naming the package", msg)
	}
}

// TestClusterListensOnlyOnItsSocket starts a real cluster, checks that it
// has no TCP listener and that it stops, and that a second start reuses it.
func TestClusterListensOnlyOnItsSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL: skipped by -short")
	}
	dir, err := os.MkdirTemp("", "p06c-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	c, err := Start(ctx, dir, log)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", c.OwnerURL())
	if err != nil {
		t.Fatal(err)
	}
	var listen, user string
	if err := db.QueryRow(`SELECT current_setting('listen_addresses'), current_user`).Scan(&listen, &user); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if listen != "" || user != "portal06_owner" {
		t.Fatalf("listen_addresses=%q user=%q", listen, user)
	}
	if _, err := os.Stat(filepath.Join(dir, ".s.PGSQL.5432")); err != nil {
		t.Fatalf("no socket in the folder: %v", err)
	}
	c.Stop()
	if _, err := os.Stat(filepath.Join(dir, ".s.PGSQL.5432")); !os.IsNotExist(err) {
		t.Fatal("the socket is still there after Stop")
	}
	// Data survives a restart.
	start := time.Now()
	c, err = Start(ctx, dir, log)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if time.Since(start) > 20*time.Second {
		t.Fatal("restart took too long")
	}
}
