// Package audit records every look at a person's data in an append-only,
// hash-chained log, and verifies the chain. ID numbers are never stored:
// the log keeps their HMAC under a key the database does not hold.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Entry is one look at personal data.
type Entry struct {
	UserID   int64
	Username string
	Unit     string // police unit code, if any
	Role     string
	Action   string // person_search, person_open, …
	Subject  string // the ID or passport number looked at; stored as its HMAC
	Query    string // what was searched; document numbers in it are replaced by their HMAC
	Purpose  string // the case number or reason stated
	Results  int
}

// Log writes entries with an HMAC key.
type Log struct{ key []byte }

// New returns a log whose HMACs use key; an empty key is refused.
func New(key []byte) (*Log, error) {
	if len(key) < 16 {
		return nil, fmt.Errorf("audit: the HMAC key must be at least 16 bytes")
	}
	return &Log{key: key}, nil
}

// HMAC is the keyed hash the log keeps instead of a document number.
func (l *Log) HMAC(number string) string {
	number = strings.ToUpper(strings.TrimSpace(number))
	if number == "" {
		return ""
	}
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(number))
	return hex.EncodeToString(m.Sum(nil))
}

var numberRe = regexp.MustCompile(`\b[A-Za-z]?[0-9][A-Za-z0-9]{4,19}\b`)

// Redact replaces every document-number-like token in text by its HMAC.
func (l *Log) Redact(text string) string {
	return numberRe.ReplaceAllStringFunc(text, func(n string) string { return "hmac:" + l.HMAC(n)[:16] })
}

func clean(s string) string { return strings.ReplaceAll(s, "\x1f", " ") }

// Write appends an entry in tx, through the database's audit_append, which
// numbers it and chains its hash.
func (l *Log) Write(tx *gorm.DB, e Entry) error {
	var uid any
	if e.UserID > 0 {
		uid = e.UserID
	}
	var id int64
	err := tx.Raw(`SELECT audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?)`, uid, clean(e.Username), clean(e.Unit), clean(e.Role), clean(e.Action),
		l.HMAC(e.Subject), clean(l.Redact(e.Query)), clean(e.Purpose), e.Results).Scan(&id).Error
	if err != nil {
		return fmt.Errorf("audit: append %s: %w", e.Action, err)
	}
	return nil
}

// Report is what Verify found.
type Report struct {
	Checked     int64
	FirstBroken int64  // 0 when the chain holds
	Reason      string // why FirstBroken is broken
}

// OK reports whether the chain holds.
func (r Report) OK() bool { return r.FirstBroken == 0 }

// hashOf recomputes an entry's hash exactly as audit_hash does.
func hashOf(prev string, id int64, at time.Time, userID sql.NullInt64, fields []string, results int) string {
	uid := ""
	if userID.Valid {
		uid = fmt.Sprint(userID.Int64)
	}
	parts := append([]string{prev, fmt.Sprint(id), fmt.Sprint(at.UnixMicro()), uid}, fields...)
	parts = append(parts, fmt.Sprint(results))
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:])
}

// Verify walks the chain in order: each entry must follow the one before
// (no gap, its prev_hash the previous hash), its hash must match its
// fields, and the last entry must be the chain head. It names the first
// broken entry.
func Verify(ctx context.Context, db *sql.DB) (Report, error) {
	var rep Report
	rows, err := db.QueryContext(ctx, `SELECT id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results,
		prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()
	prevID, prevHash := int64(0), "genesis"
	for rows.Next() {
		var id int64
		var at time.Time
		var uid sql.NullInt64
		f := make([]string, 7)
		var results int
		var prev, hash string
		if err := rows.Scan(&id, &at, &uid, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &results, &prev, &hash); err != nil {
			return rep, fmt.Errorf("audit: read entry: %w", err)
		}
		rep.Checked++
		switch {
		case id != prevID+1:
			return Report{Checked: rep.Checked, FirstBroken: prevID + 1, Reason: fmt.Sprintf("entry %d is missing", prevID+1)}, nil
		case prev != prevHash:
			return Report{Checked: rep.Checked, FirstBroken: id, Reason: "its link to the previous entry does not match"}, nil
		case hashOf(prev, id, at, uid, f, results) != hash:
			return Report{Checked: rep.Checked, FirstBroken: id, Reason: "its content does not match its hash"}, nil
		}
		prevID, prevHash = id, hash
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	var headID int64
	var headHash string
	if err := db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head`).Scan(&headID, &headHash); err != nil {
		return rep, fmt.Errorf("audit: read chain head: %w", err)
	}
	if headID != prevID || headHash != prevHash {
		return Report{Checked: rep.Checked, FirstBroken: prevID + 1, Reason: fmt.Sprintf("the log ends at entry %d but the chain head is at %d", prevID, headID)}, nil
	}
	return rep, nil
}
