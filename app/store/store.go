// Package store reads and writes the core tables. Every function takes the
// request's transaction, so row-level security applies to it.
package store

import (
	"errors"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
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

// IsForeignKeyViolation reports whether err is PostgreSQL's
// foreign_key_violation: a row refers to one that does not exist.
func IsForeignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// Savepoint runs f in a savepoint of the request's transaction tx: when a
// statement of f fails, such as an insert that clashes with an existing
// row, tx stays usable to render the answer.
func Savepoint(tx *gorm.DB, f func(sp *gorm.DB) error) error {
	return tx.Transaction(f)
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
