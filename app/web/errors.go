package web

import (
	"context"
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"net"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgconn"

	"portal06/app/iddoc"
	"portal06/app/store"
)

const requestIDKey = "portal06.request_id"

// newRequestID is a short random id that the error page shows and the log
// repeats, so that a user's report finds its log line.
func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// RequestID is the id of the request c serves.
func RequestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey).(string)
	return id
}

// statusOf maps an error to the status it answers with: Fiber's own, 404
// for a row not found or out of scope, 422 for invalid input, 503 when the
// database went away, 500 for anything else.
func statusOf(err error) int {
	var fe *fiber.Error
	var inv store.Invalid
	var doc *iddoc.Errors
	switch {
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, store.ErrNotFound):
		return fiber.StatusNotFound
	case errors.As(err, &inv), errors.As(err, &doc):
		return fiber.StatusUnprocessableEntity
	case databaseGone(err):
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// databaseGone reports an error of a lost connection or a server shutting
// down: the request may succeed when retried.
func databaseGone(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// class 08: connection exception; 57P01-57P03: the server is shutting down or starting
		return pe.Code[:2] == "08" || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	// pgx's error for a connection that died under a statement has no type
	return pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") ||
		strings.Contains(err.Error(), "unexpected EOF")
}

// fieldLines are the translated "field: problem" lines of a validation error.
func fieldLines(r *Request, err error) []string {
	var out []string
	var inv store.Invalid
	var doc *iddoc.Errors
	switch {
	case errors.As(err, &doc):
		for _, f := range doc.List {
			out = append(out, FieldLabel(r, f.Field)+": "+r.T.T(f.Code, f.Args...))
		}
	case errors.As(err, &inv):
		fields := make([]string, 0, len(inv))
		for f := range inv {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			out = append(out, FieldLabel(r, f)+": "+r.T.T(inv[f]))
		}
	}
	return out
}

// FieldLabel is the translated name of a form field (message field.<name>;
// a group row's g_<name> is named as <name>), or the name itself.
func FieldLabel(r *Request, field string) string {
	for _, id := range []string{"field." + field, "field." + strings.TrimPrefix(field, "g_")} {
		if label := r.T.T(id); label != id {
			return label
		}
	}
	return field
}

// FieldMessages translates a validation error (*iddoc.Errors or
// store.Invalid, wrapped or not) into one message per field, the first
// problem of each field; ok is false for any other error.
func FieldMessages(r *Request, err error) (msgs map[string]string, ok bool) {
	var inv store.Invalid
	var doc *iddoc.Errors
	out := map[string]string{}
	switch {
	case errors.As(err, &doc):
		for _, f := range doc.List {
			if _, seen := out[f.Field]; !seen {
				out[f.Field] = r.T.T(f.Code, f.Args...)
			}
		}
	case errors.As(err, &inv):
		for f, code := range inv {
			out[f] = r.T.T(code)
		}
	default:
		return nil, false
	}
	return out, true
}
