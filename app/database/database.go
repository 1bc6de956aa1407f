// Package database opens the portal's PostgreSQL connections and applies
// the embedded goose migrations.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// AppRole is the runtime role: it owns no table and cannot bypass row-level security.
const AppRole = "portal06_app"

// DefaultMaxConns is the runtime pool's size unless PORTAL06_DB_MAX_CONNS says otherwise.
const DefaultMaxConns = 20

// OpenApp connects as the runtime role with a pool of DefaultMaxConns. With
// appURL empty it uses ownerURL and drops to the runtime role with SET ROLE
// on every new connection.
func OpenApp(ctx context.Context, ownerURL, appURL string) (*gorm.DB, error) {
	return OpenAppPool(ctx, ownerURL, appURL, DefaultMaxConns)
}

// OpenAppPool is OpenApp with a pool of at most maxConns connections.
func OpenAppPool(ctx context.Context, ownerURL, appURL string, maxConns int) (*gorm.DB, error) {
	return OpenAppTraced(ctx, ownerURL, appURL, maxConns, nil)
}

// OpenAppTraced is OpenAppPool whose statements tracer sees (nil: none),
// for tests that count a request's round trips to PostgreSQL.
func OpenAppTraced(ctx context.Context, ownerURL, appURL string, maxConns int, tracer pgx.QueryTracer) (*gorm.DB, error) {
	if maxConns < 1 {
		maxConns = DefaultMaxConns
	}
	url, setRole := appURL, false
	if url == "" {
		url, setRole = ownerURL, true
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse connection string: %w", err)
	}
	cfg.Tracer = tracer
	var opts []stdlib.OptionOpenDB
	if setRole {
		opts = append(opts, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
			_, err := c.Exec(ctx, "SET ROLE "+AppRole)
			return err
		}))
	}
	sqlDB := stdlib.OpenDB(*cfg, opts...)
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(Dialector(sqlDB), GormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: open gorm: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("database: connect as %s: %w", AppRole, err)
	}
	return db, nil
}

// GormConfig is the configuration of every gorm handle: no default
// transaction, UTC times, and a logger that never formats a statement.
func GormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 Quiet{},
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
}

// OpenOwner connects with the owner's connection string, for migrations and seeding.
func OpenOwner(ctx context.Context, ownerURL string) (*sql.DB, error) {
	db, err := sql.Open("pgx", ownerURL)
	if err != nil {
		return nil, fmt.Errorf("database: open owner connection: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: connect as owner: %w", err)
	}
	return db, nil
}

// Ping reports whether the database answers within a second.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("database: get pool: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return sqlDB.PingContext(ctx)
}

// OpenGorm opens a gorm handle on a connection string as it is, for the
// owner's work such as seeding reference data.
func OpenGorm(ctx context.Context, url string) (*gorm.DB, error) {
	return OpenApp(ctx, url, url)
}
