package web

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgconn"

	"portal06/app/iddoc"
	"portal06/app/store"
)

// TestStatusOf maps every kind of error a handler returns, wrapped or not,
// to the one status the central handler answers with.
func TestStatusOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("accommodation: load stay: %w", err) }
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"fiber", fiber.ErrForbidden, 403},
		{"fiber wrapped", wrap(fiber.NewError(429, "slow down")), 429},
		{"not found", store.ErrNotFound, 404},
		{"not found wrapped", wrap(store.ErrNotFound), 404},
		{"invalid", store.Invalid{"slug": "validation.required"}, 422},
		{"invalid wrapped", wrap(store.Invalid{"slug": "validation.required"}), 422},
		{"document", wrap(&iddoc.Errors{List: []iddoc.FieldError{{Field: "document_number", Code: "iddoc.x"}}}), 422},
		{"bad connection", wrap(driver.ErrBadConn), 503},
		{"deadline", wrap(context.DeadlineExceeded), 503},
		{"server shutting down", wrap(&pgconn.PgError{Code: "57P01"}), 503},
		{"connection exception", &pgconn.PgError{Code: "08006"}, 503},
		{"conn closed", wrap(errors.New("conn closed")), 503},
		{"unique violation", wrap(&pgconn.PgError{Code: "23505"}), 500},
		{"anything else", errors.New("boom"), 500},
	}
	for _, c := range cases {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("%s: statusOf(%v) = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}
