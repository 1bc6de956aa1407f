package audit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func write(t *testing.T, d *testdb.DB, l *audit.Log, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := d.App.Transaction(func(tx *gorm.DB) error {
			return l.Write(tx, audit.Entry{Username: "ca-baichay", Unit: "CA-BAICHAY", Role: "police_officer", Action: "person_search",
				Subject: "022095001234", Query: fmt.Sprintf("022095001234 nguyen van an %d", i), Purpose: "Vụ việc 12/2026", Results: i})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, d *testdb.DB, anchors ...audit.Anchor) audit.Report {
	t.Helper()
	rep, err := newLog(t).Verify(context.Background(), d.Owner, anchors)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func newLog(t *testing.T) *audit.Log {
	l, err := audit.New([]byte("test-key-of-sufficient-length"))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestChainHoldsAndKeepsNoNumbers(t *testing.T) {
	d := testdb.New(t)
	l := newLog(t)
	write(t, d, l, 5)
	if rep := verify(t, d); !rep.OK() || rep.Checked != 5 {
		t.Fatalf("fresh chain: %+v", rep)
	}
	var leaked int64
	d.App.Raw(`SELECT count(*) FROM audit_log WHERE query LIKE '%022095001234%' OR subject_hmac LIKE '%022095001234%'`).Scan(&leaked)
	if leaked != 0 {
		t.Fatal("an ID number is stored in clear")
	}
	var subject string
	d.App.Raw(`SELECT subject_hmac FROM audit_log WHERE id = 1`).Scan(&subject)
	if subject != l.HMAC("022095001234") {
		t.Fatal("the subject is not the number's HMAC")
	}
	if _, err := audit.New([]byte("short")); err == nil {
		t.Fatal("a short key was accepted")
	}
}

func TestRuntimeRoleCannotChangeTheLog(t *testing.T) {
	d := testdb.New(t)
	write(t, d, newLog(t), 2)
	for _, q := range []string{
		`UPDATE audit_log SET purpose = 'x'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`INSERT INTO audit_log (id, at, username, unit_code, role, action, subject_hmac, query, purpose, results, prev_hash, hash)
		 VALUES (99, now(), 'x', '', '', '', '', '', '', 0, '', '')`,
		`UPDATE audit_head SET last_id = 0`,
		`UPDATE audit_head SET keyed_from = 99`,
	} {
		if err := d.App.Exec(q).Error; err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: %v", strings.Fields(q)[0], err)
		}
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name, sql string
		broken    int64
	}{
		{"flipped byte", `UPDATE audit_log SET purpose = 'Vụ việc 13/2026' WHERE id = 3`, 3},
		{"flipped result count", `UPDATE audit_log SET results = 99 WHERE id = 2`, 2},
		{"deleted row", `DELETE FROM audit_log WHERE id = 3`, 3},
		{"truncated tail", `DELETE FROM audit_log WHERE id >= 5`, 5},
		{"rewritten link", `UPDATE audit_log SET prev_hash = 'x' WHERE id = 4`, 4},
		// the schema owner changes an entry and recomputes every hash after
		// it the way audit_hash did, and the head: without the key, the
		// keyed hash of the changed entry does not match
		{"rewritten and re-hashed", `UPDATE audit_log SET purpose = 'Vụ việc 13/2026' WHERE id = 3;` + rehash(3), 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := testdb.New(t)
			write(t, d, newLog(t), 6)
			if _, err := d.Owner.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			rep := verify(t, d)
			if rep.OK() || rep.FirstBroken != c.broken || rep.Reason == "" {
				t.Fatalf("%s: %+v, want entry %d named", c.name, rep, c.broken)
			}
		})
	}
}

// TestConcurrentWritersDoNotFork: writers in parallel still make one chain.
func TestConcurrentWritersDoNotFork(t *testing.T) {
	d := testdb.New(t)
	l := newLog(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				if err := d.App.Transaction(func(tx *gorm.DB) error {
					return l.Write(tx, audit.Entry{Username: "pc06", Role: "police_commander", Action: "person_open", Subject: "C1234567", Results: 1})
				}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if rep := verify(t, d); !rep.OK() || rep.Checked != 120 {
		t.Fatalf("after concurrent writes: %+v", rep)
	}
}

// rehash is the SQL of a schema owner who recomputes the chain from entry
// from onwards with the database's own unkeyed audit_hash, and moves the head.
func rehash(from int) string {
	return fmt.Sprintf(`DO $$
	DECLARE e audit_log; prev text;
	BEGIN
	  SELECT hash INTO prev FROM audit_log WHERE id = %[1]d - 1;
	  FOR e IN SELECT * FROM audit_log WHERE id >= %[1]d ORDER BY id LOOP
	    UPDATE audit_log SET prev_hash = coalesce(prev, 'genesis'), hash = audit_hash(coalesce(prev, 'genesis'), e.id, e.at, e.user_id, e.username,
	      e.unit_code, e.role, e.action, e.subject_hmac, e.query, e.purpose, e.results) WHERE id = e.id RETURNING hash INTO prev;
	  END LOOP;
	  UPDATE audit_head SET last_id = (SELECT max(id) FROM audit_log), last_hash = prev;
	END $$;`, from)
}

// anchor signs the current chain head.
func anchor(t *testing.T, d *testdb.DB) audit.Anchor {
	t.Helper()
	a, err := newLog(t).Head(context.Background(), d.Owner)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAnchorsCatchRewrittenHistory: what the keyed chain alone cannot see
// (entries written before it was keyed, a removed tail, a moved start of
// the keyed chain), the anchors kept outside the database do.
func TestAnchorsCatchRewrittenHistory(t *testing.T) {
	// A chain begun before the chain was keyed: its first entries are unkeyed.
	legacy := func(t *testing.T) (*testdb.DB, audit.Anchor) {
		d := testdb.New(t)
		for i := 0; i < 3; i++ {
			if _, err := d.Owner.Exec(`DO $$ DECLARE h audit_head; t timestamptz := date_trunc('microseconds', clock_timestamp()); BEGIN
				SELECT * INTO h FROM audit_head;
				INSERT INTO audit_log VALUES (h.last_id + 1, t, NULL, 'pc06', 'PC06', 'pc06_officer', 'person_search', '', 'nguyen', 'cũ', 1, h.last_hash,
				  audit_hash(h.last_hash, h.last_id + 1, t, NULL, 'pc06', 'PC06', 'pc06_officer', 'person_search', '', 'nguyen', 'cũ', 1));
				UPDATE audit_head SET last_id = h.last_id + 1, last_hash = (SELECT hash FROM audit_log WHERE id = h.last_id + 1), keyed_from = h.last_id + 2;
			END $$`); err != nil {
				t.Fatal(err)
			}
		}
		a := anchor(t, d) // the portal anchors at start, before any keyed entry
		write(t, d, newLog(t), 3)
		if rep := verify(t, d, a); !rep.OK() || rep.Checked != 6 || rep.KeyedFrom != 4 {
			t.Fatalf("a legacy chain, then keyed: %+v", rep)
		}
		return d, a
	}
	cases := []struct {
		name, sql string
		broken    int64
		reason    string
	}{
		// the keyed entry 4 covers the last unkeyed hash: the legacy part cannot be re-hashed
		{"legacy entry re-hashed", `UPDATE audit_log SET query = 'tran' WHERE id = 2;` + rehash(2), 4, "keyed hash"},
		// re-hashing everything and calling it all unkeyed passes the chain, not the anchor
		{"keyed start moved", `UPDATE audit_head SET keyed_from = 100; UPDATE audit_log SET purpose = 'x' WHERE id = 5;` + rehash(4), 4, "history rewritten"},
		{"tail removed", `DELETE FROM audit_log WHERE id >= 3; UPDATE audit_head SET last_id = 2, last_hash = (SELECT hash FROM audit_log WHERE id = 2)`, 3, "history rewritten"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, a := legacy(t)
			if c.name == "tail removed" {
				a = anchor(t, d) // anchored at entry 6
			}
			if _, err := d.Owner.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			rep := verify(t, d, a)
			if rep.OK() || rep.FirstBroken != c.broken || !strings.Contains(rep.Reason, c.reason) {
				t.Fatalf("%+v, want entry %d named with %q", rep, c.broken, c.reason)
			}
		})
	}
	t.Run("forged anchor", func(t *testing.T) {
		d, a := legacy(t)
		a.LastID = 2
		if rep := verify(t, d, a); rep.OK() || !strings.Contains(rep.Reason, "not signed") {
			t.Fatalf("a forged anchor: %+v", rep)
		}
	})
}

// TestAnchorFile: anchors are appended to a file, one line each, and read back.
func TestAnchorFile(t *testing.T) {
	d := testdb.New(t)
	l := newLog(t)
	write(t, d, l, 2)
	file := t.TempDir() + "/data/audit-anchors.log"
	var posted []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		posted = append(posted, string(b))
	}))
	defer recv.Close()
	an := audit.Anchorer{Log: l, DB: d.Owner, File: file, URL: recv.URL}
	for i := 0; i < 2; i++ {
		if _, err := an.Anchor(context.Background()); err != nil {
			t.Fatal(err)
		}
		write(t, d, l, 1)
	}
	got, err := audit.ReadAnchors(file)
	if err != nil || len(got) != 2 || got[0].LastID != 2 || got[1].LastID != 3 || len(posted) != 2 {
		t.Fatalf("anchors %+v posted %d: %v", got, len(posted), err)
	}
	if rep := verify(t, d, got...); !rep.OK() || rep.Anchors != 2 {
		t.Fatalf("%+v", rep)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Fatalf("anchor file mode %v", st.Mode())
	}
	if none, err := audit.ReadAnchors(t.TempDir() + "/none.log"); none != nil || err != nil {
		t.Fatal("a missing anchor file is not empty")
	}
	recv.Close()
	if _, err := an.Anchor(context.Background()); err == nil {
		t.Fatal("a failed POST of the anchor was not reported")
	}
}
