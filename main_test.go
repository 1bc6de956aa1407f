package main

import (
	"bufio"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/portal"
	"portal06/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// TestAuditVerifyCommand runs `portal06 audit anchor` and `audit verify`
// against a real log: intact, with one entry altered, and with its tail
// removed and the head moved back (which only the anchor shows).
func TestAuditVerifyCommand(t *testing.T) {
	fresh := func() *testdb.DB {
		d := testdb.New(t)
		t.Setenv("DATABASE_URL", d.OwnerURL)
		t.Setenv("PORTAL06_AUDIT_KEY", "0123456789abcdef0123456789abcdef")
		t.Setenv("PORTAL06_DATA", t.TempDir())
		l, _ := audit.New(mustHex("0123456789abcdef0123456789abcdef"))
		for i := 0; i < 3; i++ {
			if err := d.App.Transaction(func(tx *gorm.DB) error {
				return l.Write(tx, audit.Entry{Username: "pc06", Role: "police_commander", Action: "person_search", Query: "nguyen", Purpose: "x"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	d := fresh()
	if err := run([]string{"audit", "verify"}, log); err != nil {
		t.Fatalf("intact log: %v", err)
	}
	if _, err := d.Owner.Exec(`UPDATE audit_log SET query = 'nguyen van' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"audit", "verify"}, log); !errors.Is(err, audit.ErrBroken) {
		t.Fatalf("altered log: %v", err)
	}

	d = fresh()
	if err := run([]string{"audit", "anchor"}, log); err != nil {
		t.Fatalf("anchor: %v", err)
	}
	if err := run([]string{"audit", "verify"}, log); err != nil {
		t.Fatalf("intact anchored log: %v", err)
	}
	if _, err := d.Owner.Exec(`DELETE FROM audit_log WHERE id = 3; UPDATE audit_head SET last_id = 2, last_hash = (SELECT hash FROM audit_log WHERE id = 2)`); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"audit", "verify"}, log); !errors.Is(err, audit.ErrBroken) {
		t.Fatalf("a removed tail passed the anchor: %v", err)
	}
	if err := run([]string{"audit", "sideways"}, log); err == nil {
		t.Fatal("a bad subcommand was accepted")
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestShutdownEndsStreams: SIGTERM while a police alert stream is open ends
// the stream, and serve returns without error within 2 seconds.
func TestShutdownEndsStreams(t *testing.T) {
	d := testdb.New(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	t.Setenv("DATABASE_URL", d.OwnerURL)
	t.Setenv("PORTAL06_ADDR", addr)
	t.Setenv("PORTAL06_AUDIT_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
	t.Setenv("PORTAL06_DATA", t.TempDir())
	t.Setenv("PORTAL06_NATIONAL_URL", "http://127.0.0.1:9/none")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	done := make(chan error, 1)
	go func() { done <- run([]string{"serve", "--demo"}, log) }()
	base := "http://" + addr
	up := false
	for i := 0; i < 300 && !up; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			up = res.StatusCode == 200
		}
		if !up {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !up {
		t.Fatal("the portal did not start")
	}
	// sign in as a ward's police (the demo police skip the second factor)
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := browser.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(body)
	if csrf == nil {
		t.Fatal("no CSRF token on the login page")
	}
	res, err := browser.PostForm(base+"/login", url.Values{"username": {"ca-baichay"}, "password": {"demo06"}, "_csrf": {string(csrf[1])}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v %v", res, err)
	}
	res.Body.Close()
	stream, err := browser.Get(base + "/police/alerts/events")
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("alert stream: %v %v", stream, err)
	}
	defer stream.Body.Close()
	opened := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), ": open") {
				opened <- true
			}
		}
	}()
	select {
	case <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream did not open")
	}
	start := time.Now()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve ended with %v after SIGTERM", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("serve took %s to stop", took)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve still running %s after SIGTERM", time.Since(start))
	}
}
