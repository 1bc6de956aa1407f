package database

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"

	"github.com/pressly/goose/v3"

	"portal06/app/jobs"
	"portal06/migrations"
)

// Migrate applies the core's embedded migrations and the tenant kinds'
// folders (kinds), in one order of versions: "up" applies all pending, "down"
// rolls back the newest one, "status" prints the state of each to w.
func Migrate(ctx context.Context, db *sql.DB, direction string, w io.Writer, kinds ...fs.FS) error {
	all, err := Merge(append([]fs.FS{migrations.FS}, kinds...)...)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, all, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("database: load migrations: %w", err)
	}
	switch direction {
	case "up":
		res, err := p.Up(ctx)
		if err != nil {
			return fmt.Errorf("database: migrate up: %w", err)
		}
		for _, r := range res {
			fmt.Fprintf(w, "applied %s (%s)\n", r.Source.Path, r.Duration)
		}
		if err := jobs.Migrate(ctx, db); err != nil {
			return err
		}
	case "down":
		r, err := p.Down(ctx)
		if err != nil {
			return fmt.Errorf("database: migrate down: %w", err)
		}
		fmt.Fprintf(w, "rolled back %s\n", r.Source.Path)
	case "status":
		st, err := p.Status(ctx)
		if err != nil {
			return fmt.Errorf("database: migration status: %w", err)
		}
		for _, s := range st {
			at := "pending"
			if s.State == goose.StateApplied {
				at = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
			}
			fmt.Fprintf(w, "%-40s %s\n", s.Source.Path, at)
		}
	default:
		return fmt.Errorf("database: unknown migrate direction %q (up, down or status)", direction)
	}
	return nil
}
