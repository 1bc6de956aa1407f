// Package portal is the dependency container: it builds the server with
// every route of the core and of the tenant kinds it is given.
package portal

import (
	"context"
	"encoding/hex"
	"log/slog"

	"gorm.io/gorm"

	"portal06/app/account"
	"portal06/app/admin"
	"portal06/app/audit"
	"portal06/app/auth"
	"portal06/app/config"
	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/live"
	"portal06/app/police"
	"portal06/app/province"
	"portal06/app/tenantpages"
	"portal06/app/web"
	"portal06/policies"
	"portal06/static"
)

// Build wires the server: messages, authorizer, the core's routes and every kind's.
func Build(ctx context.Context, cfg config.Config, db *gorm.DB, ks kind.Registry, hub *live.Hub, log *slog.Logger) (*web.Server, error) {
	msgs, err := i18n.NewBundle(ks.Messages()...)
	if err != nil {
		return nil, err
	}
	authz, err := policies.NewAuthorizer(ctx, db)
	if err != nil {
		return nil, err
	}
	sessions := auth.Sessions{Idle: cfg.SessionIdle, Max: cfg.SessionMax}
	srv := web.NewServer(web.Deps{DB: db, Authz: authz, Messages: msgs, Sessions: sessions, Config: cfg, Log: log,
		Metrics: web.NewMetrics()})
	srv.MountInfra(static.FS)
	box, err := auth.NewSecretBox(AuditKey(cfg))
	if err != nil {
		return nil, err
	}
	account.New(srv, box).Register()
	tenantpages.New(srv, ks).Register()
	var siteKinds []string
	for _, k := range ks {
		siteKinds = append(siteKinds, k.SiteKinds()...)
	}
	log2, err := audit.New(AuditKey(cfg))
	if err != nil {
		return nil, err
	}
	police.New(srv, siteKinds, ks.PersonSources(), log2, hub).Register()
	province.New(srv, ks).Register()
	admin.New(srv, ks, sessions).Register()
	ks.Mount(srv)
	if cfg.MetricsAddr != "" {
		srv.ServeMetrics(cfg.MetricsAddr)
	}
	return srv, nil
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
