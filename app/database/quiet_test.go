package database_test

import (
	"context"
	"database/sql/driver"
	"sync/atomic"
	"testing"

	"portal06/app/database"
	"portal06/app/testdb"
)

// counted is an argument that counts how often its value is read: once
// to send it, once more each time gorm formats the statement.
type counted struct{ n *atomic.Int64 }

func (c counted) Value() (driver.Value, error) { c.n.Add(1); return int64(41), nil }

// TestNoSQLFormatting: the portal's gorm handle never formats a statement
// with its arguments: not for Raw(...).Scan (which swaps in a recorder that
// does), not for an error, not for a slow statement.
func TestNoSQLFormatting(t *testing.T) {
	d := testdb.New(t)
	db, err := database.OpenApp(context.Background(), d.OwnerURL, d.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s, _ := db.DB(); s.Close() }()
	var n atomic.Int64
	var x int
	if err := db.Raw(`SELECT ?::int + 1`, counted{&n}).Scan(&x).Error; err != nil || x != 42 {
		t.Fatalf("query: %d %v", x, err)
	}
	if err := db.Exec(`SELECT no_such_column FROM pg_class WHERE relpages = ?`, counted{&n}).Error; err == nil {
		t.Fatal("a bad statement passed")
	}
	if err := db.Exec(`SELECT pg_sleep(0.25) WHERE ? > 0`, counted{&n}).Error; err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got != 2 {
		t.Fatalf("the arguments were read %d times, not 2 (once to send each of the two that reached the server): gorm formatted statements with them", got)
	}
	if s := db.Dialector.Explain(`SELECT $1`, "022095001234"); s != `SELECT $1` {
		t.Fatalf("Explain formats: %q", s)
	}
}
