package database

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Quiet is gorm's logger when the portal logs no SQL: it never calls the
// function that formats a statement with its arguments, whatever happens
// (errors and slow statements included); the request's error path logs
// errors once.
type Quiet struct{}

// LogMode returns the logger unchanged: it stays quiet.
func (Quiet) LogMode(logger.LogLevel) logger.Interface { return Quiet{} }

// Info does nothing.
func (Quiet) Info(context.Context, string, ...any) {}

// Warn does nothing.
func (Quiet) Warn(context.Context, string, ...any) {}

// Error does nothing.
func (Quiet) Error(context.Context, string, ...any) {}

// Trace does nothing, and never calls fc.
func (Quiet) Trace(context.Context, time.Time, func() (string, int64), error) {}

// quietDialector is PostgreSQL's gorm dialector whose Explain does not
// format: gorm's Raw(...).Scan swaps any logger for a recorder that
// formats every statement with its arguments (for a log line nobody
// writes), which cost about 4% of the portal's CPU. The portal uses goose
// for its schema, never gorm's migrator, the only other user of Explain.
type quietDialector struct{ *postgres.Dialector }

// Explain returns the statement as it is, without its arguments.
func (quietDialector) Explain(sql string, _ ...any) string { return sql }

// Dialector is the gorm dialector of the portal's pools.
func Dialector(sqlDB *sql.DB) gorm.Dialector {
	return quietDialector{postgres.New(postgres.Config{Conn: sqlDB}).(*postgres.Dialector)}
}
