package portal_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/live"
	"portal06/app/watch"
	"portal06/app/web"
)

// stream opens path as server-sent events over real HTTP with c's cookies
// and returns its lines.
func (e *env) stream(c *client, path string) <-chan string {
	e.T.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.T.Fatal(err)
	}
	go e.Srv.Fiber().Listener(ln)
	e.T.Cleanup(func() { e.Srv.Shutdown(time.Second) })
	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+path, nil)
	for _, ck := range c.Jar.Cookies(base) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		e.T.Fatalf("event stream %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

// next waits for the next line starting with prefix; ended reports that
// the stream closed first.
func next(t *testing.T, lines <-chan string, prefix string, within time.Duration) (line string, ended bool) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return "", true
			}
			if strings.HasPrefix(l, prefix) {
				return l, false
			}
		case <-deadline:
			t.Fatalf("neither %q nor the end within %s", prefix, within)
		}
	}
}

func (e *env) publish(topic, payload string) {
	e.T.Helper()
	if err := e.DB.App.Transaction(func(tx *gorm.DB) error { return live.Publish(tx, topic, payload) }); err != nil {
		e.T.Fatal(err)
	}
}

// TestAlertStreamEndsAtLogout: an alert stream opened before logout
// delivers nothing after it, and closes.
func TestAlertStreamEndsAtLogout(t *testing.T) {
	e := newEnv(t)
	topic := watch.Topic(e.id(`SELECT id FROM police_units WHERE code = 'CA-BAICHAY'`))
	ward := e.login("ca-baichay")
	lines := e.stream(ward, "/police/alerts/events")
	if _, ended := next(t, lines, ": open", 5*time.Second); ended {
		t.Fatal("the stream ended at once")
	}
	e.publish(topic, "truoc")
	if l, ended := next(t, lines, "data:", 5*time.Second); ended || l != "data: truoc" {
		t.Fatalf("before logout: %q ended=%v", l, ended)
	}
	wantStatus(t, ward.post("/logout", nil), http.StatusSeeOther)
	e.publish(topic, "sau")
	if l, ended := next(t, lines, "data:", 5*time.Second); !ended {
		t.Fatalf("after logout the stream delivered %q", l)
	}
}

// TestStreamEndsWhenUserDisabled: with no event at all, the heartbeat finds
// the session gone when its user is disabled, and the stream closes.
func TestStreamEndsWhenUserDisabled(t *testing.T) {
	old := web.StreamHeartbeat
	web.StreamHeartbeat = 300 * time.Millisecond
	t.Cleanup(func() { web.StreamHeartbeat = old })
	e := newEnv(t)
	ward := e.login("ca-baichay")
	lines := e.stream(ward, "/police/alerts/events")
	if _, ended := next(t, lines, ": ping", 5*time.Second); ended {
		t.Fatal("the stream ended before the user was disabled")
	}
	uid := e.id(`SELECT id FROM users WHERE username = 'ca-baichay'`)
	wantStatus(t, e.login("admin").post("/admin/users/"+itoa(uid)+"/status", url.Values{"do": {"disable"}}), http.StatusSeeOther)
	start := time.Now()
	if _, ended := next(t, lines, "data:", 5*time.Second); !ended {
		t.Fatal("the stream of a disabled user delivered an event")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the stream ended %s after the user was disabled", d)
	}
}
