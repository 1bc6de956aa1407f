// Package portal is the dependency container: one build function wires the
// core and the tenant kinds for serve, for seeding and for the tests.
package portal

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"portal06/app/account"
	"portal06/app/admin"
	"portal06/app/audit"
	"portal06/app/auth"
	"portal06/app/config"
	"portal06/app/i18n"
	"portal06/app/jobs"
	"portal06/app/kind"
	"portal06/app/live"
	"portal06/app/national"
	"portal06/app/police"
	"portal06/app/province"
	"portal06/app/stays"
	"portal06/app/tenantpages"
	"portal06/app/tips"
	"portal06/app/web"
	"portal06/policies"
	"portal06/static"
)

// Options are what Build wires. Only Config and DB are required.
type Options struct {
	Config config.Config
	DB     *gorm.DB      // the runtime role's pool
	Kinds  kind.Registry // nil means Kinds()
	Queue  *jobs.Queue   // nil: jobs cannot be queued (pages that queue fail)
	Hub    *live.Hub     // nil: no live events
	Log    *slog.Logger
	Clock  func() time.Time // nil means time.Now
	// OnMissingMessage hears of a message id a page used and no file has.
	OnMissingMessage func(lang, id string)
}

// Portal is a wired portal: its server, its kinds and the audit log.
type Portal struct {
	Server *web.Server
	Kinds  kind.Registry
	Audit  *audit.Log
	Host   *kind.Host
}

// Build wires the server: messages, authorizer, the core's routes and every
// kind's, the kinds' River workers on the queue, and their host.
func Build(ctx context.Context, o Options) (*Portal, error) {
	if o.Kinds == nil {
		o.Kinds = Kinds()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	ks := o.Kinds
	msgs, err := i18n.NewBundle(ks.Messages()...)
	if err != nil {
		return nil, err
	}
	msgs.OnMissing = o.OnMissingMessage
	authz, err := policies.NewAuthorizer(ctx, o.DB)
	if err != nil {
		return nil, err
	}
	auditLog, err := audit.New(AuditKey(o.Config))
	if err != nil {
		return nil, fmt.Errorf("portal: audit log: %w", err)
	}
	sessions := auth.Sessions{Idle: o.Config.SessionIdle, Max: o.Config.SessionMax}
	// argon2 hashes at once, how long a sign-in waits for one, and the
	// share of the CPU they may take
	auth.LimitHashes(o.Config.SignInHashes, o.Config.SignInWait, float64(o.Config.SignInCPU)/100)
	srv := web.NewServer(web.Deps{DB: o.DB, Authz: authz, Messages: msgs, Sessions: sessions, Config: o.Config, Log: o.Log,
		Metrics: web.NewMetrics()})
	host := &kind.Host{DB: o.DB, Pages: srv, Queue: o.Queue, Stays: &stays.Service{Queue: o.Queue, Now: o.Clock},
		Audit: auditLog, Clock: o.Clock, Live: o.Hub, Log: o.Log, Config: o.Config}
	ks.Attach(host)
	if o.Queue != nil {
		river.AddWorker(o.Queue.Workers, &stays.Deliverer{DB: o.DB,
			Client: national.NewClient(o.Config.NationalURL, o.Config.NationalWait), Log: o.Log})
		ks.AddWorkers(o.Queue.Workers)
	}
	srv.MountInfra(static.FS)
	box, err := auth.NewSecretBox(AuditKey(o.Config))
	if err != nil {
		return nil, err
	}
	account.New(srv, box).Register()
	tenantpages.New(srv, ks).Register()
	police.New(srv, ks.AllSiteKinds(), ks.PersonSources(), auditLog, o.Hub).Register()
	prov := province.New(srv, ks).WithClock(o.Clock)
	prov.Register()
	prov.AddJobs(o.Queue, o.DB)
	tips.New(srv, o.Hub, auditLog, AuditKey(o.Config), o.Config, o.Clock).Register()
	admin.New(srv, ks, sessions).Register()
	ks.Mount(srv)
	if o.Config.MetricsAddr != "" {
		srv.ServeMetrics(o.Config.MetricsAddr)
	}
	return &Portal{Server: srv, Kinds: ks, Audit: auditLog, Host: host}, nil
}

// AuditKey reads PORTAL06_AUDIT_KEY: hex when it is hex, its bytes otherwise.
func AuditKey(cfg config.Config) []byte {
	if b, err := hex.DecodeString(cfg.AuditKey); err == nil {
		return b
	}
	return []byte(cfg.AuditKey)
}

// SeedPolicies offers the default policy rows of the core and of every kind.
func SeedPolicies(ctx context.Context, db *gorm.DB, ks kind.Registry) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, err := policies.ApplySeeds(tx, append(policies.SeedRules(), ks.Policies()...))
		return err
	})
}
