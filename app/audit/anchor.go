package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// AnchorFile is the name of the append-only file of anchors under PORTAL06_DATA.
const AnchorFile = "audit-anchors.log"

// Anchor is the chain head signed with a sub-key of the audit key and kept
// outside the database, one JSON line each: whoever can rewrite the
// database cannot rewrite the anchors, and Verify compares the two.
type Anchor struct {
	At        time.Time `json:"at"`
	LastID    int64     `json:"last_id"`
	LastHash  string    `json:"last_hash"`
	KeyedFrom int64     `json:"keyed_from"`
	MAC       string    `json:"mac"`
}

func (l *Log) anchorMAC(a Anchor) string {
	m := hmac.New(sha256.New, l.anchorKey)
	fmt.Fprintf(m, "portal06-audit-anchor\x1f%s\x1f%d\x1f%s\x1f%d", a.At.UTC().Format(time.RFC3339Nano), a.LastID, a.LastHash, a.KeyedFrom)
	return hex.EncodeToString(m.Sum(nil))
}

func (l *Log) anchorValid(a Anchor) bool {
	return hmac.Equal([]byte(l.anchorMAC(a)), []byte(a.MAC))
}

// Head reads the chain head and signs it.
func (l *Log) Head(ctx context.Context, db *sql.DB) (Anchor, error) {
	var a Anchor
	err := db.QueryRowContext(ctx, `SELECT last_id, last_hash, keyed_from FROM audit_head`).Scan(&a.LastID, &a.LastHash, &a.KeyedFrom)
	if err != nil {
		return a, fmt.Errorf("audit: read chain head: %w", err)
	}
	a.At = time.Now().UTC().Truncate(time.Millisecond)
	a.MAC = l.anchorMAC(a)
	return a, nil
}

// Anchorer writes the signed chain head to the anchor file and, when URL is
// set, POSTs it there as JSON.
type Anchorer struct {
	Log    *Log
	DB     *sql.DB
	File   string // the anchor file: PORTAL06_DATA/audit-anchors.log
	URL    string // PORTAL06_AUDIT_ANCHOR_URL, or empty
	Client *http.Client
}

// Anchor anchors the chain head now, in the file and at the URL.
func (an Anchorer) Anchor(ctx context.Context) (Anchor, error) {
	a, err := an.Log.Head(ctx, an.DB)
	if err != nil {
		return a, err
	}
	line, err := json.Marshal(a)
	if err != nil {
		return a, fmt.Errorf("audit: encode anchor: %w", err)
	}
	var errs []error
	if an.File != "" {
		errs = append(errs, appendLine(an.File, line))
	}
	if an.URL != "" {
		errs = append(errs, an.post(ctx, line))
	}
	return a, errors.Join(errs...)
}

// appendLine appends one line to the anchor file, created owner-only, and
// syncs it to disk.
func appendLine(path string, line []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("audit: anchor folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: open anchor file: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("audit: write anchor: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit: sync anchor file: %w", err)
	}
	return f.Close()
}

func (an Anchorer) post(ctx context.Context, line []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, an.URL, bytes.NewReader(line))
	if err != nil {
		return fmt.Errorf("audit: anchor request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	c := an.Client
	if c == nil {
		c = http.DefaultClient
	}
	res, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("audit: post anchor: %w", err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("audit: post anchor: the receiver answered %d", res.StatusCode)
	}
	return nil
}

// Run anchors at once and then every interval until ctx ends; a failure is
// logged and tried again at the next tick.
func (an Anchorer) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if a, err := an.Anchor(ctx); err != nil && ctx.Err() == nil {
			log.Error("audit: anchoring the chain head failed", "err", err)
		} else if err == nil {
			log.Info("audit: chain head anchored", "entry", a.LastID)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ReadAnchors reads the anchor file, oldest first; a missing file has none.
// A line that is not an anchor is an error naming its line.
func ReadAnchors(path string) ([]Anchor, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: open anchor file: %w", err)
	}
	defer f.Close()
	var out []Anchor
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var a Anchor
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("audit: %s line %s is not an anchor: %w", path, strconv.Itoa(n), err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: read anchor file: %w", err)
	}
	return out, nil
}
