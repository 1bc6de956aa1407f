package audit_test

import (
	"context"
	"fmt"
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

func verify(t *testing.T, d *testdb.DB) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), d.Owner)
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
