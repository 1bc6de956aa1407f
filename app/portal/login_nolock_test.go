package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/portal"
	"portal06/app/portaltest"
)

// TestSignInTakesNoRowLock: a right password signs in while another
// transaction holds the user's row locked (as an UPDATE of the user would; a
// new session's foreign key still shares it). Before, the sign-in locked the
// row (FOR UPDATE) for the whole argon2 hash, and waited here.
func TestSignInTakesNoRowLock(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	owner, err := database.OpenOwner(ctx, e.DB.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	tx, err := owner.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SELECT 1 FROM users WHERE username = 'ks-letan' FOR NO KEY UPDATE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		c := e.client()
		c.get("/login")
		done <- c.post("/login", url.Values{"username": {"ks-letan"}, "password": {demo.Password}}).Status
	}()
	select {
	case st := <-done:
		if st != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", st)
		}
	case <-time.After(10 * time.Second):
		tx.Rollback()
		<-done
		t.Fatal("the sign-in waited for a lock on the user's row")
	}
}

// TestSignInHashesOutsideTheTransaction: on a pool of one connection,
// sign-ins work, and two at once both finish: the lookup and the hash use
// the pool between the request's two transactions, so no transaction is
// open while hashing.
func TestSignInHashesOutsideTheTransaction(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	one, err := database.OpenAppPool(ctx, e.DB.OwnerURL, e.DB.AppURL, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s, _ := one.DB(); s.Close() }()
	p, err := portal.Build(ctx, portal.Options{Config: e.Cfg, DB: one, Kinds: e.Kinds})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	status := make([]int, 2)
	for i := range status {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &client{&portaltest.Client{T: t, Srv: p.Server, Jar: e.client().Jar}}
			c.get("/login")
			status[i] = c.post("/login", url.Values{"username": {"ks-letan"}, "password": {demo.Password}}).Status
		}()
	}
	wg.Wait()
	for i, st := range status {
		if st != http.StatusSeeOther {
			t.Errorf("sign-in %d on a pool of one: %d", i, st)
		}
	}
}

// TestConcurrentFailuresLock: ten wrong passwords at once are all counted
// (the failure path locks the row briefly, after the hash), so the account
// is locked and the right password is then refused.
func TestConcurrentFailuresLock(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.client()
			c.get("/login")
			c.post("/login", url.Values{"username": {"ks-letan"}, "password": {"wrong"}})
		}()
	}
	wg.Wait()
	c := e.client()
	c.get("/login")
	if st := c.post("/login", url.Values{"username": {"ks-letan"}, "password": {demo.Password}}).Status; st != http.StatusTooManyRequests {
		t.Fatalf("after ten concurrent failures the right password got %d, want 429", st)
	}
}

// TestSessionTouchDoesNotWait: a request whose session is due to be marked
// used goes on while another transaction holds that session's row.
func TestSessionTouchDoesNotWait(t *testing.T) {
	e := newEnv(t)
	c := e.login("ks-letan")
	ctx := context.Background()
	owner, err := database.OpenOwner(ctx, e.DB.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if _, err := owner.Exec(`UPDATE sessions SET last_seen_at = now() - interval '5 minutes'`); err != nil {
		t.Fatal(err)
	}
	tx, err := owner.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SELECT 1 FROM sessions FOR NO KEY UPDATE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() { done <- c.get("/t/vinh-xanh/stays").Status }()
	select {
	case st := <-done:
		if st != http.StatusOK {
			t.Fatalf("list: %d", st)
		}
	case <-time.After(10 * time.Second):
		tx.Rollback()
		<-done
		t.Fatal("the request waited for its session's row")
	}
}
