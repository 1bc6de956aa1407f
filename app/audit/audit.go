// Package audit records every look at a person's data in an append-only,
// hash-chained log, and verifies the chain. ID numbers are never stored:
// the log keeps their HMAC under a key the database does not hold. The
// chain itself is keyed (each hash an HMAC under a sub-key of that key), and
// its head is anchored outside the database, so that neither the schema
// owner's rewriting of history nor the removal of its newest entries passes
// verification.
package audit

import (
	"context"
	"crypto/hkdf"
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
type Log struct {
	key       []byte // HMAC of document numbers
	chainKey  []byte // HMAC of the chain's entries
	anchorKey []byte // HMAC of the anchors of the chain head
}

// The labels of the sub-keys derived from the audit key.
const (
	chainLabel  = "portal06 audit chain v1"
	anchorLabel = "portal06 audit anchor v1"
)

// New returns a log whose HMACs use key (and sub-keys derived from it with
// HKDF-SHA256); a key under 16 bytes is refused.
func New(key []byte) (*Log, error) {
	if len(key) < 16 {
		return nil, fmt.Errorf("audit: the HMAC key must be at least 16 bytes")
	}
	chain, err := hkdf.Key(sha256.New, key, nil, chainLabel, 32)
	if err != nil {
		return nil, fmt.Errorf("audit: derive the chain key: %w", err)
	}
	anchor, err := hkdf.Key(sha256.New, key, nil, anchorLabel, 32)
	if err != nil {
		return nil, fmt.Errorf("audit: derive the anchor key: %w", err)
	}
	return &Log{key: key, chainKey: chain, anchorKey: anchor}, nil
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

// Write appends an entry in tx: audit_reserve locks the chain head and
// gives the entry its number, time and previous hash; the entry's hash is
// the HMAC computed here, under a key the database does not hold; then
// audit_append stores it and moves the head.
func (l *Log) Write(tx *gorm.DB, e Entry) error {
	var uid sql.NullInt64
	if e.UserID > 0 {
		uid = sql.NullInt64{Int64: e.UserID, Valid: true}
	}
	var next struct {
		ID       int64
		At       time.Time
		PrevHash string
	}
	if err := tx.Raw(`SELECT id, at, prev_hash FROM audit_reserve()`).Scan(&next).Error; err != nil {
		return fmt.Errorf("audit: reserve %s: %w", e.Action, err)
	}
	f := []string{clean(e.Username), clean(e.Unit), clean(e.Role), clean(e.Action), l.HMAC(e.Subject), clean(l.Redact(e.Query)), clean(e.Purpose)}
	hash := l.keyedHash(next.PrevHash, next.ID, next.At, uid, f, e.Results)
	var id int64
	err := tx.Raw(`SELECT audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, next.ID, next.At, next.PrevHash, uid,
		f[0], f[1], f[2], f[3], f[4], f[5], f[6], e.Results, hash).Scan(&id).Error
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
	KeyedFrom   int64  // the first entry of the keyed chain
	Anchors     int    // anchors checked
	LastAnchor  Anchor // the newest anchor checked, when the chain holds
}

// OK reports whether the chain holds.
func (r Report) OK() bool { return r.FirstBroken == 0 }

// joined is an entry's fields as its hash covers them, joined by the unit
// separator, exactly as the database's audit_hash joins them.
func joined(prev string, id int64, at time.Time, userID sql.NullInt64, fields []string, results int) []byte {
	uid := ""
	if userID.Valid {
		uid = fmt.Sprint(userID.Int64)
	}
	parts := append([]string{prev, fmt.Sprint(id), fmt.Sprint(at.UnixMicro()), uid}, fields...)
	parts = append(parts, fmt.Sprint(results))
	return []byte(strings.Join(parts, "\x1f"))
}

// hashOf is the unkeyed hash of an entry written before the chain was
// keyed, as audit_hash computes it.
func hashOf(prev string, id int64, at time.Time, userID sql.NullInt64, fields []string, results int) string {
	sum := sha256.Sum256(joined(prev, id, at, userID, fields, results))
	return hex.EncodeToString(sum[:])
}

// keyedHash is the hash of an entry of the keyed chain: an HMAC under the
// chain key.
func (l *Log) keyedHash(prev string, id int64, at time.Time, userID sql.NullInt64, fields []string, results int) string {
	m := hmac.New(sha256.New, l.chainKey)
	m.Write(joined(prev, id, at, userID, fields, results))
	return hex.EncodeToString(m.Sum(nil))
}

// Verify walks the chain in order: each entry must follow the one before
// (no gap, its prev_hash the previous hash), its hash must match its
// fields (an HMAC under the chain key from the head's keyed_from on, the
// old unkeyed SHA-256 before), and the last entry must be the chain head.
// Then the chain must agree with every anchor: an anchored entry still
// there with the anchored hash, and the same keyed_from. It names the first
// broken entry, or for a history rewritten and re-hashed, the first entry
// after the last anchor that still agrees.
func (l *Log) Verify(ctx context.Context, db *sql.DB, anchors []Anchor) (Report, error) {
	var rep Report
	var headID, keyedFrom int64
	var headHash string
	if err := db.QueryRowContext(ctx, `SELECT last_id, last_hash, keyed_from FROM audit_head`).Scan(&headID, &headHash, &keyedFrom); err != nil {
		return rep, fmt.Errorf("audit: read chain head: %w", err)
	}
	rep.KeyedFrom = keyedFrom
	anchored := map[int64]string{}
	for _, a := range anchors {
		anchored[a.LastID] = ""
	}
	rows, err := db.QueryContext(ctx, `SELECT id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results,
		prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()
	prevID, prevHash := int64(0), "genesis"
	broken := func(id int64, reason string) Report {
		return Report{Checked: rep.Checked, FirstBroken: id, Reason: reason, KeyedFrom: keyedFrom}
	}
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
		want := ""
		if id >= keyedFrom {
			want = l.keyedHash(prev, id, at, uid, f, results)
		} else {
			want = hashOf(prev, id, at, uid, f, results)
		}
		switch {
		case id != prevID+1:
			return broken(prevID+1, fmt.Sprintf("entry %d is missing", prevID+1)), nil
		case prev != prevHash:
			return broken(id, "its link to the previous entry does not match"), nil
		case hash != want && id >= keyedFrom:
			return broken(id, "its content does not match its keyed hash: it was changed by someone without the audit key"), nil
		case hash != want:
			return broken(id, "its content does not match its hash"), nil
		}
		if _, ok := anchored[id]; ok {
			anchored[id] = hash
		}
		prevID, prevHash = id, hash
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	if headID != prevID || headHash != prevHash {
		return broken(prevID+1, fmt.Sprintf("the log ends at entry %d but the chain head is at %d", prevID, headID)), nil
	}
	// the anchors, oldest first: the last one that agrees bounds the rewrite
	agreed := int64(0)
	for i, a := range anchors {
		rep.Anchors++
		if !l.anchorValid(a) {
			return broken(agreed+1, fmt.Sprintf("anchor %d (%s) is not signed with the audit key: the anchor file was altered", i+1, a.At.UTC().Format(time.RFC3339))), nil
		}
		switch {
		case a.KeyedFrom != keyedFrom:
			return broken(min(a.KeyedFrom, keyedFrom), fmt.Sprintf("history rewritten: the chain is keyed from entry %d, but the anchor of %s says from entry %d",
				keyedFrom, a.At.UTC().Format(time.RFC3339), a.KeyedFrom)), nil
		case a.LastID > prevID:
			return broken(prevID+1, fmt.Sprintf("history rewritten: entries %d to %d were anchored at %s but are gone from the log",
				prevID+1, a.LastID, a.At.UTC().Format(time.RFC3339))), nil
		case a.LastID > 0 && anchored[a.LastID] != a.LastHash:
			return broken(agreed+1, fmt.Sprintf("history rewritten: entry %d no longer has the hash anchored at %s; entries %d to %d were changed and re-hashed",
				a.LastID, a.At.UTC().Format(time.RFC3339), agreed+1, a.LastID)), nil
		}
		agreed = max(agreed, a.LastID)
		rep.LastAnchor = a
	}
	return rep, nil
}
