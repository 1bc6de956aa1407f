package portal_test

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"portal06/app/auth"
	"portal06/app/config"
	"portal06/app/demo"
)

// TestSignInStormIsAnsweredBusy: with one hash at a time and a wait of a
// millisecond, sign-ins arriving together are either signed in or answered
// 503 with Retry-After and a translated "try again", never 500, and a busy
// answer counts no failure against the account.
func TestSignInStormIsAnsweredBusy(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.SignInHashes, c.SignInWait = 1, time.Millisecond })
	t.Cleanup(func() { auth.LimitHashes(0, 0, 0) })
	if auth.HashesAtOnce() != 1 || auth.HashWait() != time.Millisecond {
		t.Fatalf("the settings were not applied: %d hashes, wait %s", auth.HashesAtOnce(), auth.HashWait())
	}
	const n = 16
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = e.client()
		clients[i].get("/login")
	}
	res := make([]response, n)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = clients[i].post("/login", url.Values{"username": {"ks-letan"}, "password": {demo.Password}})
		}()
	}
	wg.Wait()
	busy := 0
	for _, r := range res {
		switch r.Status {
		case http.StatusSeeOther:
		case http.StatusServiceUnavailable:
			busy++
			if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("busy answer without a Retry-After in seconds: %q", r.Header.Get("Retry-After"))
			}
			mustContain(t, r, "Đang có quá nhiều người đăng nhập cùng lúc", `name="username"`)
		default:
			t.Fatalf("sign-in during a storm: status %d, body %.300s", r.Status, r.Body)
		}
	}
	if busy == 0 {
		t.Fatalf("%d sign-ins at once with one hash and a wait of 1ms: none was answered busy", n)
	}
	if got := e.id(`SELECT count(*) FROM login_failures f JOIN users u ON u.id = f.user_id WHERE u.username = 'ks-letan'`); got != 0 {
		t.Fatalf("busy answers counted %d failures against the account", got)
	}
	auth.LimitHashes(0, 0, 0)
	e.login("ks-letan")
}
