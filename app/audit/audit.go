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

// Reservation is an entry's place in a chain, which audit_reserve gave a
// transaction: the chain, the place in it (seq), the entry's id and time,
// and the previous entry's hash. The chain's head stays locked until the
// transaction ends.
type Reservation struct {
	Chain    int
	Seq      int64
	ID       int64
	At       time.Time
	PrevHash string
}

// ReserveColumns are the columns of a Reservation, as a statement that
// reads FROM audit_reserve() under alias answers them (named audit_chain,
// audit_seq, audit_id, audit_at, audit_prev_hash, the fields of a row
// struct that embeds Reservation with the prefix audit_). A statement can
// so reserve an entry while it reads what the entry records, one round
// trip fewer than Write; Append then writes the entry.
func ReserveColumns(alias string) string {
	return alias + ".chain AS audit_chain, " + alias + ".seq AS audit_seq, " + alias + ".id AS audit_id, " +
		alias + ".at AS audit_at, " + alias + ".prev_hash AS audit_prev_hash"
}

// Write appends an entry in tx: audit_reserve takes a chain head that no
// other transaction holds (there are 32 chains, so concurrent writers do
// not queue) and gives the entry its chain, place, id, time and previous
// hash; then Append writes it.
func (l *Log) Write(tx *gorm.DB, e Entry) error {
	var next Reservation
	if err := tx.Raw(`SELECT chain, seq, id, at, prev_hash FROM audit_reserve()`).Scan(&next).Error; err != nil {
		return fmt.Errorf("audit: reserve %s: %w", e.Action, err)
	}
	return l.Append(tx, next, e)
}

// Append writes an entry at the place reserved for it in tx (by Write, or
// by a statement that read ReserveColumns): its hash is the HMAC computed
// here, under a key the database does not hold; audit_append stores it and
// moves the chain's head, and refuses a place that was not reserved.
func (l *Log) Append(tx *gorm.DB, next Reservation, e Entry) error {
	var uid sql.NullInt64
	if e.UserID > 0 {
		uid = sql.NullInt64{Int64: e.UserID, Valid: true}
	}
	f := []string{clean(e.Username), clean(e.Unit), clean(e.Role), clean(e.Action), l.HMAC(e.Subject), clean(l.Redact(e.Query)), clean(e.Purpose)}
	hash := l.chainHash(next.PrevHash, next.ID, next.At, uid, f, e.Results, next.Chain, next.Seq)
	var id int64
	err := tx.Raw(`SELECT audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, next.Chain, next.Seq, next.ID, next.At, next.PrevHash, uid,
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
	Chains      int    // chains with entries
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

// chainHash is the hash of an entry of one of the chains: an HMAC under
// the chain key that also covers the chain and the entry's place in it.
func (l *Log) chainHash(prev string, id int64, at time.Time, userID sql.NullInt64, fields []string, results int, chain int, seq int64) string {
	m := hmac.New(sha256.New, l.chainKey)
	m.Write(joined(prev, id, at, userID, fields, results))
	fmt.Fprintf(m, "\x1fchain %d\x1f%d", chain, seq)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify walks the log: first the old single chain, in order of id (each
// entry must follow the one before, its prev_hash the previous hash, its
// hash must match its fields: an HMAC under the chain key from the head's
// keyed_from on, the old unkeyed SHA-256 before; the last entry must be the
// frozen head); then every chain in order of seq (no gap, each linked to
// the one before and the first to the old chain's head, every hash an HMAC
// under the chain key, the last entry the chain's head). Then the log must
// agree with every anchor: each anchored entry and chain head still there
// with the anchored hash, and the same keyed_from. It names the first
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
	heads, err := chainHeads(ctx, db)
	if err != nil {
		return rep, err
	}
	// the hashes the anchors name, filled in while walking
	anchored := map[int64]string{}
	anchoredSeq := map[[2]int64]string{}
	for _, a := range anchors {
		anchored[a.LastID] = ""
		for _, c := range a.Chains {
			anchoredSeq[[2]int64{int64(c.Chain), c.Seq}] = ""
		}
	}
	broken := func(id int64, reason string) Report {
		return Report{Checked: rep.Checked, FirstBroken: id, Reason: reason, KeyedFrom: keyedFrom}
	}
	maxID := int64(0)

	// the old single chain, frozen since the chains began
	rows, err := db.QueryContext(ctx, `SELECT id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results,
		prev_hash, hash FROM audit_log WHERE chain IS NULL ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	prevID, prevHash := int64(0), "genesis"
	for rows.Next() {
		var e entry
		if err := e.scan(rows); err != nil {
			rows.Close()
			return rep, err
		}
		rep.Checked++
		want := ""
		if e.id >= keyedFrom {
			want = l.keyedHash(e.prev, e.id, e.at, e.uid, e.f, e.results)
		} else {
			want = hashOf(e.prev, e.id, e.at, e.uid, e.f, e.results)
		}
		var reason string
		switch {
		case e.id != prevID+1:
			rows.Close()
			return broken(prevID+1, fmt.Sprintf("entry %d is missing", prevID+1)), nil
		case e.prev != prevHash:
			reason = "its link to the previous entry does not match"
		case e.hash != want && e.id >= keyedFrom:
			reason = "its content does not match its keyed hash: it was changed by someone without the audit key"
		case e.hash != want:
			reason = "its content does not match its hash"
		}
		if reason != "" {
			rows.Close()
			return broken(e.id, reason), nil
		}
		if _, ok := anchored[e.id]; ok {
			anchored[e.id] = e.hash
		}
		prevID, prevHash = e.id, e.hash
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	if headID != prevID || headHash != prevHash {
		return broken(prevID+1, fmt.Sprintf("the log ends at entry %d but the chain head is at %d", prevID, headID)), nil
	}
	maxID = prevID

	// the chains, each from its first entry, linked to the old chain's head
	rows, err = db.QueryContext(ctx, `SELECT id, at, user_id, username, unit_code, role, action, subject_hmac, query, purpose, results,
		prev_hash, hash, chain, seq FROM audit_log WHERE chain IS NOT NULL ORDER BY chain, seq`)
	if err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()
	seen := map[int]head{} // the last entry read of each chain
	chain, last := 0, head{Hash: headHash}
	ended := func() (Report, bool) {
		h := heads[chain]
		if chain != 0 && (h.Seq != last.Seq || h.Hash != last.Hash) {
			return broken(last.ID+1, fmt.Sprintf("chain %d ends at its entry %d but its head is at %d", chain, last.Seq, h.Seq)), false
		}
		return Report{}, true
	}
	for rows.Next() {
		var e entry
		if err := e.scan(rows, &e.chain, &e.seq); err != nil {
			return rep, err
		}
		rep.Checked++
		if e.chain != chain {
			if r, ok := ended(); !ok {
				return r, nil
			}
			seen[chain] = last
			chain, last = e.chain, head{Hash: headHash}
			rep.Chains++
		}
		var reason string
		switch {
		case e.seq != last.Seq+1:
			at := last.ID + 1
			if last.Seq == 0 {
				at = e.id
			}
			return broken(at, fmt.Sprintf("entry %d of chain %d is missing (after entry %d)", last.Seq+1, chain, last.ID)), nil
		case e.prev != last.Hash:
			reason = "its link to the previous entry does not match"
		case e.hash != l.chainHash(e.prev, e.id, e.at, e.uid, e.f, e.results, e.chain, e.seq):
			reason = "its content does not match its keyed hash: it was changed by someone without the audit key"
		}
		if reason != "" {
			return broken(e.id, fmt.Sprintf("%s (chain %d, entry %d)", reason, chain, e.seq)), nil
		}
		if _, ok := anchored[e.id]; ok {
			anchored[e.id] = e.hash
		}
		if _, ok := anchoredSeq[[2]int64{int64(chain), e.seq}]; ok {
			anchoredSeq[[2]int64{int64(chain), e.seq}] = e.hash
		}
		last = head{Seq: e.seq, ID: e.id, Hash: e.hash}
		maxID = max(maxID, e.id)
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: read log: %w", err)
	}
	if r, ok := ended(); !ok {
		return r, nil
	}
	seen[chain] = last
	for c, h := range heads {
		if _, ok := seen[c]; !ok && h.Seq > 0 {
			return broken(h.ID, fmt.Sprintf("chain %d has no entry but its head is at %d", c, h.Seq)), nil
		}
	}

	// the anchors, oldest first: the last one that agrees bounds the rewrite
	agreed := int64(0)
	for i, a := range anchors {
		rep.Anchors++
		when := a.At.UTC().Format(time.RFC3339)
		if !l.anchorValid(a) {
			return broken(agreed+1, fmt.Sprintf("anchor %d (%s) is not signed with the audit key: the anchor file was altered", i+1, when)), nil
		}
		switch {
		case a.KeyedFrom != keyedFrom:
			return broken(min(a.KeyedFrom, keyedFrom), fmt.Sprintf("history rewritten: the chain is keyed from entry %d, but the anchor of %s says from entry %d",
				keyedFrom, when, a.KeyedFrom)), nil
		case a.LastID > maxID:
			return broken(maxID+1, fmt.Sprintf("history rewritten: entries %d to %d were anchored at %s but are gone from the log",
				maxID+1, a.LastID, when)), nil
		case a.LastID > 0 && anchored[a.LastID] != a.LastHash:
			return broken(agreed+1, fmt.Sprintf("history rewritten: entry %d no longer has the hash anchored at %s; entries %d to %d were changed and re-hashed",
				a.LastID, when, agreed+1, a.LastID)), nil
		}
		for _, c := range a.Chains {
			h := seen[c.Chain]
			switch {
			case h.Seq < c.Seq:
				return broken(h.ID+1, fmt.Sprintf("history rewritten: entries %d to %d of chain %d were anchored at %s but are gone from the log",
					h.Seq+1, c.Seq, c.Chain, when)), nil
			case anchoredSeq[[2]int64{int64(c.Chain), c.Seq}] != c.LastHash:
				return broken(agreed+1, fmt.Sprintf("history rewritten: entry %d of chain %d no longer has the hash anchored at %s",
					c.Seq, c.Chain, when)), nil
			}
		}
		agreed = max(agreed, a.LastID)
		rep.LastAnchor = a
	}
	return rep, nil
}

// entry is one row of the log as Verify reads it.
type entry struct {
	id      int64
	at      time.Time
	uid     sql.NullInt64
	f       []string
	results int
	prev    string
	hash    string
	chain   int
	seq     int64
}

func (e *entry) scan(rows *sql.Rows, more ...any) error {
	e.f = make([]string, 7)
	dest := []any{&e.id, &e.at, &e.uid, &e.f[0], &e.f[1], &e.f[2], &e.f[3], &e.f[4], &e.f[5], &e.f[6], &e.results, &e.prev, &e.hash}
	if err := rows.Scan(append(dest, more...)...); err != nil {
		return fmt.Errorf("audit: read entry: %w", err)
	}
	return nil
}

// head is a chain's head: its last entry's place, id and hash.
type head struct {
	Seq  int64
	ID   int64
	Hash string
}

// chainHeads reads the head of every chain.
func chainHeads(ctx context.Context, db *sql.DB) (map[int]head, error) {
	rows, err := db.QueryContext(ctx, `SELECT chain, last_seq, last_id, last_hash FROM audit_chains ORDER BY chain`)
	if err != nil {
		return nil, fmt.Errorf("audit: read chain heads: %w", err)
	}
	defer rows.Close()
	heads := map[int]head{}
	for rows.Next() {
		var c int
		var h head
		if err := rows.Scan(&c, &h.Seq, &h.ID, &h.Hash); err != nil {
			return nil, fmt.Errorf("audit: read chain head: %w", err)
		}
		heads[c] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: read chain heads: %w", err)
	}
	return heads, nil
}
