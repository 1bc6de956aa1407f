// Command portal06 runs the Project 06 portal of Quảng Ninh province.
//
//	portal06 serve [--demo]        start the portal (--demo loads demo data into an empty database)
//	portal06 migrate up|down|status
//	portal06 seed demo
//	portal06 seed scale --stays N   add a province-sized data set on top of the demo data (COPY)
//	portal06 audit verify           check the audit log's keyed hash chain and its anchors, naming the first broken entry
//	portal06 audit anchor           sign the audit chain head and keep it outside the database
//	portal06 national-stub [--addr A] [--mode up|down|refuse|drop|slow] [--delay D]
//	portal06 vietqr decode PAYLOAD | vietqr encode --bin B --account A [--card] [--amount N] [--purpose TEXT]
//	portal06 version
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/config"
	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/jobs"
	"portal06/app/live"
	"portal06/app/national"
	"portal06/app/pgcluster"
	"portal06/app/portal"
	"portal06/app/scale"
	"portal06/app/tips"
	"portal06/policies"
	"portal06/tenants/market/vietqr"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(os.Args[1:], log); err != nil {
		if errors.Is(err, pgcluster.ErrNoServer) || vietqr.IsCommandError(err) {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		log.Error("portal06 failed", "err", err)
		os.Exit(1)
	}
}

func usage() error {
	return errors.New("usage: portal06 serve [--demo] | migrate up|down|status | seed demo | seed scale --stays N [--residents N] [--stalls N] [--tips N] | audit verify|anchor | vietqr decode|encode | national-stub [--addr A] [--mode M] [--delay D] | version")
}

func run(args []string, log *slog.Logger) error {
	if len(args) == 0 {
		return usage()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "version":
		fmt.Println("portal06", version)
		return nil
	case "serve":
		fset := flag.NewFlagSet("serve", flag.ContinueOnError)
		withDemo := fset.Bool("demo", false, "load the demo data when the database is empty")
		if err := fset.Parse(args[1:]); err != nil {
			return err
		}
		return serve(ctx, log, *withDemo)
	case "vietqr":
		return vietqr.Command(args[1:], os.Stdout)
	case "national-stub":
		return runStub(ctx, log, args[1:])
	case "audit":
		if len(args) != 2 || (args[1] != "verify" && args[1] != "anchor") {
			return usage()
		}
		return withOwner(ctx, log, func(db *sql.DB) error {
			an, err := anchorer(nil)
			if err != nil {
				return err
			}
			return audit.Command(ctx, args[1], db, an, os.Stdout)
		})
	case "migrate":
		if len(args) != 2 {
			return usage()
		}
		return withOwner(ctx, log, func(db *sql.DB) error {
			return database.Migrate(ctx, db, args[1], os.Stdout, portal.Kinds().Migrations()...)
		})
	case "seed":
		if len(args) >= 2 && args[1] == "scale" {
			return seedScale(ctx, log, args[2:])
		}
		if len(args) != 2 || args[1] != "demo" {
			return usage()
		}
		return withDatabase(ctx, log, func(owner, _ string) error {
			if err := migrateUp(ctx, owner); err != nil {
				return err
			}
			seeded, err := seedDemo(ctx, owner)
			if err == nil && !seeded {
				fmt.Println("the database already holds tenants: demo data not loaded")
			}
			return err
		})
	}
	return usage()
}

// withDatabase runs f with the owner and runtime connection strings: those
// of DATABASE_URL, or of a private cluster started for the call.
func withDatabase(ctx context.Context, log *slog.Logger, f func(owner, app string) error) error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return f(cfg.DatabaseURL, cfg.AppDatabaseURL)
	}
	log.Info("starting the database: a private PostgreSQL cluster", "dir", cfg.DataDir)
	cl, err := pgcluster.Start(ctx, cfg.DataDir, log)
	if err != nil {
		return err
	}
	defer cl.Stop()
	log.Info("database ready")
	return f(cl.OwnerURL(), cl.AppURL())
}

// withOwner runs f on an owner connection to the database of withDatabase.
func withOwner(ctx context.Context, log *slog.Logger, f func(db *sql.DB) error) error {
	return withDatabase(ctx, log, func(owner, _ string) error {
		db, err := database.OpenOwner(ctx, owner)
		if err != nil {
			return err
		}
		defer db.Close()
		return f(db)
	})
}

func migrateUp(ctx context.Context, owner string) error {
	db, err := database.OpenOwner(ctx, owner)
	if err != nil {
		return err
	}
	defer db.Close()
	return database.Migrate(ctx, db, "up", nullWriter{}, portal.Kinds().Migrations()...)
}

type nullWriter struct{}

func (nullWriter) Write(p []byte) (int, error) { return len(p), nil }

// seedScale loads the demo data if the database has none, then a
// province-sized data set on top of it with COPY.
func seedScale(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("seed scale", flag.ContinueOnError)
	var o scale.Options
	fset.IntVar(&o.Stays, "stays", 0, "stays to add, with their notifications, revisions and identity records")
	fset.IntVar(&o.Residents, "residents", 0, "residents to add, in apartment blocks and boarding houses across the wards")
	fset.IntVar(&o.Stalls, "stalls", 0, "market stalls to add, in markets across the wards, with a year of adoption and fee bills")
	fset.IntVar(&o.Tips, "tips", 0, "crime tips to add, spread over the wards and the last twelve months")
	fset.IntVar(&o.Sites, "sites", 1500, "accommodation sites of the scale tenants")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if o.Stays < 0 || o.Residents < 0 || o.Stalls < 0 || o.Tips < 0 || o.Sites < 1 {
		return errors.New("seed scale: counts must not be negative, and --sites at least 1")
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	return withDatabase(ctx, log, func(owner, _ string) error {
		if cfg.DatabaseURL == "" {
			// the private cluster's superuser loads fast (see scale.Options)
			o.LoaderURL = strings.Replace(owner, "user=portal06_owner", "user=postgres", 1)
		}
		if err := migrateUp(ctx, owner); err != nil {
			return err
		}
		if seeded, err := seedDemo(ctx, owner); err != nil {
			return err
		} else if seeded {
			fmt.Println("demo data loaded")
		}
		o.Seeders = portal.Kinds().ScaleSeeders()
		return scale.Load(ctx, owner, o, os.Stdout)
	})
}

// seedDemo loads the demo data as the owner unless tenants exist.
func seedDemo(ctx context.Context, owner string) (bool, error) {
	db, err := database.OpenGorm(ctx, owner)
	if err != nil {
		return false, err
	}
	defer closeGorm(db)
	ks := portal.Kinds()
	seeded := false
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		has, err := demo.Seeded(tx)
		if err != nil || has {
			return err
		}
		seeded = true
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		if err := ks.SeedDemo(tx); err != nil {
			return err
		}
		return tips.SeedDemo(tx)
	})
	return seeded, err
}

func closeGorm(db *gorm.DB) {
	if s, err := db.DB(); err == nil {
		s.Close()
	}
}

func serve(ctx context.Context, log *slog.Logger, withDemo bool) error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	return withDatabase(ctx, log, func(owner, appURL string) error {
		log.Info("migrating the database")
		if err := migrateUp(ctx, owner); err != nil {
			return err
		}
		if withDemo {
			log.Info("loading the demo data (skipped when the database holds tenants)")
			seeded, err := seedDemo(ctx, owner)
			if err != nil {
				return err
			}
			if seeded {
				log.Info("demo data loaded")
			}
			if cfg.NationalURL == "" {
				url, err := startStub(ctx, log)
				if err != nil {
					return err
				}
				cfg.NationalURL = url
			}
		}
		db, err := database.OpenAppPool(ctx, owner, appURL, cfg.DBMaxConns)
		if err != nil {
			return err
		}
		defer closeGorm(db)
		listen, role := appURL, ""
		if listen == "" {
			listen, role = owner, database.AppRole
		}
		// a delivery lost with a dead instance runs again soon after its timeout
		jobTimeout := jobs.JobTimeout(cfg.NationalWait)
		queue, err := jobs.New(ctx, db, listen, role, jobs.Config{
			Backoff: jobs.Backoff{Base: time.Second, Max: cfg.RetryMax}, PollEvery: time.Second,
			RescueAfter: jobs.RescueAfter(jobTimeout), JobTimeout: jobTimeout, Workers: cfg.JobWorkers, Log: log})
		if err != nil {
			return err
		}
		if cfg.NationalURL == "" {
			log.Warn("PORTAL06_NATIONAL_URL is not set: notifications wait until it is")
		}
		hub := live.Start(ctx, listen, role, log)
		if cfg.AuditKey, err = auditKey(cfg); err != nil {
			return err
		}
		an, err := anchorer(db)
		if err != nil {
			return err
		}
		go an.Run(ctx, time.Hour, log) // the chain head, anchored outside the database every hour
		// the policy rows first: Build loads them, and /healthz never reloads them
		ks := portal.Kinds()
		if err := portal.SeedPolicies(ctx, db, ks); err != nil {
			return err
		}
		p, err := portal.Build(ctx, portal.Options{Config: cfg, DB: db, Kinds: ks, Queue: queue, Hub: hub, Log: log})
		if err != nil {
			return err
		}
		// the rows just offered decide from the first request on, the
		// health check's included (it has no request transaction to refresh them)
		if err := p.Server.Authz().Refresh(ctx, db); err != nil {
			return err
		}
		srv := p.Server
		if err := queue.Client.Start(ctx); err != nil {
			return fmt.Errorf("start the job queue: %w", err)
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			queue.Client.Stop(sctx)
		}()
		if withDemo {
			printDemo(cfg.BaseURL(), cfg.NationalURL, p.Kinds.DemoLines())
		}
		errc := make(chan error, 1)
		go func() { errc <- srv.Listen(cfg.Addr) }()
		log.Info("portal06 listening", "addr", cfg.Addr, "public", cfg.BaseURL(), "version", version, "national", cfg.NationalURL)
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			log.Info("shutting down")
			return srv.Shutdown(10 * time.Second)
		}
	})
}

// auditKey is PORTAL06_AUDIT_KEY or, for the private cluster, a random key
// kept beside it (created on first use), so HMACs stay comparable across restarts.
func auditKey(cfg config.Config) (string, error) {
	if cfg.AuditKey != "" {
		return cfg.AuditKey, nil
	}
	if cfg.DatabaseURL != "" {
		return "", errors.New("PORTAL06_AUDIT_KEY must be set (64 hex digits) when DATABASE_URL is")
	}
	path := filepath.Join(cfg.DataDir, "audit.key")
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	h := hex.EncodeToString(key)
	if err := os.WriteFile(path, []byte(h+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("keep the audit key: %w", err)
	}
	return h, nil
}

// anchorer anchors the audit chain head of db in the anchor file under
// PORTAL06_DATA and at PORTAL06_AUDIT_ANCHOR_URL.
func anchorer(db *gorm.DB) (audit.Anchorer, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return audit.Anchorer{}, err
	}
	if cfg.AuditKey, err = auditKey(cfg); err != nil {
		return audit.Anchorer{}, err
	}
	l, err := audit.New(portal.AuditKey(cfg))
	if err != nil {
		return audit.Anchorer{}, err
	}
	an := audit.Anchorer{Log: l, File: filepath.Join(cfg.DataDir, audit.AnchorFile), URL: cfg.AuditAnchorURL}
	if db != nil {
		if an.DB, err = db.DB(); err != nil {
			return an, err
		}
	}
	return an, nil
}

// startStub runs the reference receiver of the national system in-process,
// for the demo, and returns its URL.
func startStub(ctx context.Context, log *slog.Logger) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("start the reference receiver: %w", err)
	}
	srv := &http.Server{Handler: national.NewStub(national.ModeUp, 0), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	go func() { <-ctx.Done(); srv.Close() }()
	url := "http://" + l.Addr().String() + "/notifications"
	log.Info("demo: reference national receiver", "url", url)
	return url, nil
}

// runStub serves the reference receiver until interrupted.
func runStub(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("national-stub", flag.ContinueOnError)
	addr := fset.String("addr", "127.0.0.1:8090", "address to listen on")
	mode := fset.String("mode", "up", "up, down, refuse, drop or slow")
	delay := fset.Duration("delay", 2*time.Second, "how long a slow receiver waits")
	if err := fset.Parse(args); err != nil {
		return err
	}
	switch national.Mode(*mode) {
	case national.ModeUp, national.ModeDown, national.ModeRefuse, national.ModeDrop, national.ModeSlow:
	default:
		return fmt.Errorf("national-stub: --mode must be up, down, refuse, drop or slow, not %q", *mode)
	}
	srv := &http.Server{Addr: *addr, Handler: national.NewStub(national.Mode(*mode), *delay), ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	log.Info("reference national receiver", "url", "http://"+*addr+"/notifications", "mode", *mode,
		"control", "POST http://"+*addr+"/_control {\"mode\":\"down\"}")
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func printDemo(publicURL, nationalURL string, kindLines []string) {
	fmt.Printf("\nPortal06 demo at %s\nNational accommodation receiver (reference stub): %s\nAPI token of vinh-xanh: %s\nEvery demo account has the password %q:\n",
		publicURL, nationalURL, demo.APIToken, demo.Password)
	for _, a := range demo.Accounts {
		fmt.Printf("  %-12s %s\n", a.Username, a.FullName)
	}
	for _, l := range kindLines {
		fmt.Println(l)
	}
	fmt.Println()
}
