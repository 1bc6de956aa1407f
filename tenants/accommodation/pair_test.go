package accommodation_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"portal06/app/config"
)

// TestPhoneScanReachesDeskOnAnotherInstance: the desk listens on one
// instance, the phone posts to another; the card arrives within a second.
func TestPhoneScanReachesDeskOnAnotherInstance(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	desk := e.login("ks-letan")
	res := desk.get("/t/vinh-xanh/sites/" + site + "/pair")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="pair-qr"`, "data:image/png;base64,")
	phoneURL := regexp.MustCompile(`http://[^<"]+/t/vinh-xanh/pair/[A-Za-z0-9_-]+`).FindString(res.Body)
	if phoneURL == "" {
		t.Fatal("no pairing URL on the desk page")
	}
	path := strings.TrimPrefix(phoneURL, "http://portal.test")
	token := path[strings.LastIndex(path, "/")+1:]

	// Instance B serves the desk's event stream over real HTTP.
	other := e.build()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go other.Fiber().Listener(ln)
	t.Cleanup(func() { other.Fiber().ShutdownWithTimeout(time.Second) })
	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/t/vinh-xanh/pair/"+token+"/events", nil)
	for _, ck := range desk.Jar.Cookies(base) {
		req.AddCookie(ck)
	}
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != 200 || !strings.HasPrefix(stream.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("event stream: %d %s", stream.StatusCode, stream.Header.Get("Content-Type"))
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitFor := func(prefix string, within time.Duration) string {
		deadline := time.After(within)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatal("the stream ended")
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-deadline:
				t.Fatalf("no %q within %s", prefix, within)
			}
		}
	}
	waitFor(": open", 5*time.Second)

	// The same receptionist on her phone (instance A, her own session) sends a card.
	phone := e.login("ks-letan")
	wantStatus(t, phone.get(path), http.StatusOK)
	phone.HTMX = true
	start := time.Now()
	res = phone.post(path+"/scan", url.Values{"id_qr": {qrAn}})
	wantStatus(t, res, http.StatusOK)
	got := waitFor("data: ", time.Second)
	if got != "data: "+qrAn {
		t.Fatalf("desk got %q", got)
	}
	t.Logf("phone to desk in %s", time.Since(start))

	// Another user cannot use the pairing, on the phone or the stream.
	owner := e.login("ks-owner")
	wantStatus(t, owner.get(path), http.StatusNotFound)
	wantStatus(t, owner.post(path+"/scan", url.Values{"id_qr": {qrAn}}), http.StatusNotFound)
	wantStatus(t, owner.get(path+"/events"), http.StatusNotFound)
	wantStatus(t, e.login("cc-manager").get(path), http.StatusNotFound)
}

// TestPairingURLIgnoresHostHeader: the phone's address (and its QR code)
// comes from PORTAL06_PUBLIC_URL, not from the request's Host header.
func TestPairingURLIgnoresHostHeader(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.PublicURL = "https://portal06.example.vn" })
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	desk := e.login("ks-letan")
	req, _ := http.NewRequest(http.MethodGet, "http://portal.test/t/vinh-xanh/sites/"+site+"/pair", nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil2.example")
	res := desk.do(req)
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, "evil.example", "evil2.example")
	if !regexp.MustCompile(`https://portal06\.example\.vn/t/vinh-xanh/pair/[A-Za-z0-9_-]{20,}`).MatchString(res.Body) {
		t.Fatalf("the pairing URL is not built from the public URL:\n%.2000s", res.Body)
	}
}
