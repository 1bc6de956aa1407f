package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/testdb"
)

// TestWritersDoNotQueue: while one transaction holds an audit entry it has
// not committed (a police search still rendering), other writers append
// and commit at once, in other chains; the whole log then verifies, and
// an anchor signs every chain head.
func TestWritersDoNotQueue(t *testing.T) {
	d := testdb.New(t)
	l := newLog(t)
	ctx := context.Background()
	held := d.App.WithContext(ctx).Begin()
	defer held.Rollback()
	if err := l.Write(held, audit.Entry{Username: "pc06", Role: "police_commander", Action: "person_search", Query: "nguyen"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for range 3 {
			err := d.App.Transaction(func(tx *gorm.DB) error {
				return l.Write(tx, audit.Entry{Username: "ca-baichay", Role: "police_officer", Action: "person_search", Query: "tran"})
			})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		held.Rollback()
		t.Fatal("a writer waited for another transaction's audit entry")
	}
	if err := held.Commit().Error; err != nil {
		t.Fatal(err)
	}
	rep := verify(t, d)
	if !rep.OK() || rep.Checked != 4 || rep.Chains != 2 {
		t.Fatalf("%+v, want 4 entries in 2 chains", rep)
	}
	a := anchor(t, d)
	if len(a.Chains) != 2 || a.LastID != 4 {
		t.Fatalf("anchor %+v, want 2 chain heads and entry 4", a)
	}
	if rep := verify(t, d, a); !rep.OK() || rep.Anchors != 1 {
		t.Fatalf("anchored: %+v", rep)
	}
}

// TestEveryChainIsTamperEvident: an entry removed from the middle of the
// second chain, a chain's tail removed with its head moved back (which the
// anchor shows), and an entry moved to another chain are all found.
func TestEveryChainIsTamperEvident(t *testing.T) {
	setup := func(t *testing.T) (*testdb.DB, audit.Anchor) {
		d := testdb.New(t)
		l := newLog(t)
		// chain 1 is held by an open transaction while 4 entries go to chain 2
		held := d.App.Begin()
		if err := l.Write(held, audit.Entry{Username: "pc06", Action: "person_search"}); err != nil {
			t.Fatal(err)
		}
		write(t, d, l, 4)
		if err := held.Commit().Error; err != nil {
			t.Fatal(err)
		}
		a := anchor(t, d)
		if rep := verify(t, d, a); !rep.OK() || rep.Chains != 2 {
			t.Fatalf("%+v", rep)
		}
		return d, a
	}
	cases := []struct {
		name, sql string
		broken    int64
		reason    string
	}{
		{"middle entry removed", `DELETE FROM audit_log WHERE chain = 2 AND seq = 2`, 3, "entry 2 of chain 2 is missing"},
		{"moved to another chain", `UPDATE audit_log SET chain = 3, seq = 1 WHERE chain = 2 AND seq = 4`, 5, "chain 2 ends"},
		{"tail of a chain removed", `DELETE FROM audit_log WHERE chain = 2 AND seq >= 3;
			UPDATE audit_chains c SET last_seq = 2, last_id = l.id, last_hash = l.hash FROM audit_log l WHERE l.chain = 2 AND l.seq = 2 AND c.chain = 2`,
			4, "history rewritten"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, a := setup(t)
			if _, err := d.Owner.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			rep := verify(t, d, a)
			if rep.OK() || rep.FirstBroken != c.broken || !strings.Contains(rep.Reason, c.reason) {
				t.Fatalf("%+v, want entry %d named with %q", rep, c.broken, c.reason)
			}
		})
	}
}
