// Package store reads and writes the core tables. Every function takes the
// request's transaction, so row-level security applies to it.
package store

import (
	"errors"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// PerPage is the page size of every list.
const PerPage = 25

// Invalid maps form fields to the message ids of what is wrong with them.
type Invalid map[string]string

func (v Invalid) Error() string {
	keys := make([]string, 0, len(v))
	for k, id := range v {
		keys = append(keys, k+": "+id)
	}
	sort.Strings(keys)
	return "invalid input: " + strings.Join(keys, ", ")
}

// IsUniqueViolation reports whether err is PostgreSQL's unique_violation,
// and on which constraint.
func IsUniqueViolation(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.ConstraintName, true
	}
	return "", false
}

// Offset turns a 1-based page number into an SQL offset.
func Offset(page int) int {
	if page < 1 {
		page = 1
	}
	return (page - 1) * PerPage
}

// likePattern escapes a user's search text for ILIKE.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}
