// Package pgcluster runs a private PostgreSQL cluster from the machine's
// server binaries, listening only on a Unix socket inside its own folder.
package pgcluster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// ErrNoServer means no PostgreSQL server binaries were found.
var ErrNoServer = errors.New("PostgreSQL server binaries (initdb, postgres) not found: install Debian's postgresql package (apt-get install postgresql)")

// Database is the name of the portal's database in a private cluster.
const Database = "portal06"

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	dir  string
	bin  string
	cred *syscall.Credential
	cmd  *exec.Cmd
	done chan error
	log  *slog.Logger
}

// Start initialises the cluster under dir when it is new, starts it, and
// creates the owner role and the portal06 database.
func Start(ctx context.Context, dir string, log *slog.Logger) (*Cluster, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: resolve %s: %w", dir, err)
	}
	if n := len(filepath.Join(abs, ".s.PGSQL.5432")); n > 100 {
		return nil, fmt.Errorf("pgcluster: folder path %s is too long for a Unix socket (%d bytes); set PORTAL06_DATA to a shorter path", abs, n)
	}
	c := &Cluster{dir: abs, bin: bin, log: log}
	if err := c.prepareDir(); err != nil {
		return nil, err
	}
	if err := c.initdb(ctx); err != nil {
		return nil, err
	}
	c.stopLeftover(ctx)
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if err := c.bootstrap(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// OwnerURL is the connection string of the role that owns the schema.
func (c *Cluster) OwnerURL() string { return c.url("portal06_owner", Database) }

// AppURL is the connection string of the runtime role, which owns nothing.
func (c *Cluster) AppURL() string { return c.url("portal06_app", Database) }

// SuperURL is a superuser connection to the maintenance database.
func (c *Cluster) SuperURL() string { return c.url("postgres", "postgres") }

// URL builds a connection string for any role and database of the cluster.
func (c *Cluster) URL(role, db string) string { return c.url(role, db) }

func (c *Cluster) url(role, db string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s dbname=%s sslmode=disable", c.dir, role, db)
}

func (c *Cluster) pgdata() string { return filepath.Join(c.dir, "pg") }

// serverDirs is where Debian's postgresql packages put the server binaries.
var serverDirs = "/usr/lib/postgresql/*/bin"

func findBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("postgres"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob(serverDirs)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
				return d, nil
			}
		}
	}
	return "", ErrNoServer
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// prepareDir creates the folder; as root it hands it to the postgres user,
// since initdb and postgres refuse to run as root.
func (c *Cluster) prepareDir() error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("pgcluster: create %s: %w", c.dir, err)
	}
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("pgcluster: running as root needs the postgres system user (from Debian's postgresql package): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	err = filepath.Walk(c.dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
	if err != nil {
		return fmt.Errorf("pgcluster: hand %s to the postgres user: %w", c.dir, err)
	}
	// The postgres user must be able to reach the folder through its parents.
	for p := filepath.Dir(c.dir); p != "/"; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(p, st.Mode().Perm()|0o001); err != nil {
				return fmt.Errorf("pgcluster: let the postgres user traverse %s: %w", p, err)
			}
		}
	}
	return nil
}

func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Setpgid: true}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	return cmd
}

func (c *Cluster) initdb(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.pgdata(), "PG_VERSION")); err == nil {
		return nil
	}
	c.log.Info("initialising private PostgreSQL cluster", "dir", c.pgdata())
	out, err := c.command(ctx, "initdb", "-D", c.pgdata(), "--username=postgres", "--auth=trust",
		"--encoding=UTF8", "--no-locale", "--no-sync").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgcluster: initdb: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// stopLeftover stops a server a killed portal left running on this folder.
func (c *Cluster) stopLeftover(ctx context.Context) {
	if _, err := os.Stat(filepath.Join(c.pgdata(), "postmaster.pid")); err != nil {
		return
	}
	if err := c.command(ctx, "pg_ctl", "-D", c.pgdata(), "status").Run(); err == nil {
		c.log.Warn("stopping a PostgreSQL server left running in the data folder")
		_ = c.command(ctx, "pg_ctl", "-D", c.pgdata(), "stop", "-m", "fast", "-w").Run()
	}
}

func (c *Cluster) start(ctx context.Context) error {
	cmd := c.command(context.Background(), "postgres", "-D", c.pgdata(),
		"-c", "listen_addresses=", "-c", "unix_socket_directories="+c.dir,
		"-c", "unix_socket_permissions=0700", "-c", "fsync=on", "-c", "max_connections=100",
		"-c", "timezone=UTC")
	cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
	logFile, err := os.OpenFile(filepath.Join(c.dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("pgcluster: open server log: %w", err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("pgcluster: start postgres: %w", err)
	}
	c.cmd = cmd
	c.done = make(chan error, 1)
	go func() { c.done <- cmd.Wait(); logFile.Close() }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		db, err := sql.Open("pgx", c.SuperURL())
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		if err == nil {
			return nil
		}
		select {
		case werr := <-c.done:
			return fmt.Errorf("pgcluster: postgres exited at start (%v); see %s", werr, filepath.Join(c.dir, "postgres.log"))
		case <-ctx.Done():
			c.Stop()
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.Stop()
			return fmt.Errorf("pgcluster: postgres did not answer within 30s: %w", err)
		}
	}
}

func (c *Cluster) bootstrap(ctx context.Context) error {
	db, err := sql.Open("pgx", c.SuperURL())
	if err != nil {
		return fmt.Errorf("pgcluster: connect as superuser: %w", err)
	}
	defer db.Close()
	stmts := []string{
		`DO $$ BEGIN
		   IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal06_owner') THEN
		     CREATE ROLE portal06_owner LOGIN CREATEROLE CREATEDB NOSUPERUSER NOBYPASSRLS;
		   END IF;
		 END $$`,
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("pgcluster: create owner role: %w", err)
		}
	}
	return c.CreateDatabase(ctx, Database, "")
}

// CreateDatabase creates a database owned by portal06_owner unless it exists,
// optionally as a copy of a template database.
func (c *Cluster) CreateDatabase(ctx context.Context, name, template string) error {
	db, err := sql.Open("pgx", c.SuperURL())
	if err != nil {
		return fmt.Errorf("pgcluster: connect as superuser: %w", err)
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("pgcluster: look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	q := fmt.Sprintf(`CREATE DATABASE %q OWNER portal06_owner`, name)
	if template != "" {
		q += fmt.Sprintf(` TEMPLATE %q`, template)
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("pgcluster: create database %s: %w", name, err)
	}
	return nil
}

// Stop shuts the server down (fast mode) and waits for it.
func (c *Cluster) Stop() {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	c.cmd = nil
}
