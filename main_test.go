package main

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/portal"
	"portal06/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// TestAuditVerifyCommand runs `portal06 audit verify` against a real log,
// intact and then with one entry altered.
func TestAuditVerifyCommand(t *testing.T) {
	d := testdb.New(t)
	t.Setenv("DATABASE_URL", d.OwnerURL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	l, _ := audit.New([]byte("0123456789abcdef0123"))
	for i := 0; i < 3; i++ {
		if err := d.App.Transaction(func(tx *gorm.DB) error {
			return l.Write(tx, audit.Entry{Username: "pc06", Role: "police_commander", Action: "person_search", Query: "nguyen", Purpose: "x"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := run([]string{"audit", "verify"}, log); err != nil {
		t.Fatalf("intact log: %v", err)
	}
	if _, err := d.Owner.Exec(`UPDATE audit_log SET query = 'nguyen van' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"audit", "verify"}, log); !errors.Is(err, errAuditBroken) {
		t.Fatalf("altered log: %v", err)
	}
	if err := run([]string{"audit", "sideways"}, log); err == nil {
		t.Fatal("a bad subcommand was accepted")
	}
}
