// Package e2e drives the real portal06 binary, on its own private
// PostgreSQL cluster with demo data, from a real Chromium.
package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

var (
	baseURL string
	chrome  string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	chrome = findChrome()
	if chrome == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "e2e: no Chromium found (install Debian's chromium package); CI requires the browser tests")
			return 1
		}
		fmt.Fprintln(os.Stderr, "e2e: no Chromium found; browser tests skipped (they fail instead when CI=true)")
		return 0
	}
	dir, err := os.MkdirTemp("", "p06e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "portal06")
	build := exec.Command("go", "build", "-o", bin, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	port, err := freePort()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	baseURL = "http://" + addr
	logFile, _ := os.Create(filepath.Join(dir, "portal.log"))
	srv := exec.Command(bin, "serve", "--demo")
	srv.Env = append(os.Environ(), "PORTAL06_ADDR="+addr, "PORTAL06_DATA="+filepath.Join(dir, "data"), "DATABASE_URL=")
	srv.Stdout, srv.Stderr = logFile, logFile
	if err := srv.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start:", err)
		return 1
	}
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			srv.Process.Kill()
		}
	}()
	if err := waitHealthy(baseURL, 90*time.Second); err != nil {
		logs, _ := os.ReadFile(filepath.Join(dir, "portal.log"))
		fmt.Fprintf(os.Stderr, "e2e: portal not healthy: %v\n%s\n", err, logs)
		return 1
	}
	code := m.Run()
	if code != 0 {
		logs, _ := os.ReadFile(filepath.Join(dir, "portal.log"))
		fmt.Fprintf(os.Stderr, "--- portal log ---\n%s\n", tail(string(logs), 4000))
	}
	return code
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func findChrome() string {
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitHealthy(url string, d time.Duration) error {
	deadline := time.Now().Add(d)
	var last error
	for time.Now().Before(deadline) {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
			last = fmt.Errorf("status %d", res.StatusCode)
		} else {
			last = err
		}
		time.Sleep(200 * time.Millisecond)
	}
	return last
}

// browser starts a fresh Chromium (its own cookies) with a window of the given width.
func browser(t *testing.T, width int, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(width, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelC := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser; no timeout on this call
		cancelC()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if width < 600 {
		// Headless windows are never narrower than 500 px: emulate the phone's screen.
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 780, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
			t.Fatalf("emulate a %d px phone: %v", width, err)
		}
	}
	return ctx
}

// secrets are the TOTP secrets the tests enrolled, as an authenticator app keeps them.
var (
	secretsMu sync.Mutex
	secrets   = map[string]string{}
	steps     = map[string]int64{} // the last time step used, by user: a code signs in once
)

// nextCode is the user's code for a time step not used yet (the next
// step's, accepted for clock drift, or after waiting for it).
func nextCode(t *testing.T, user string) string {
	t.Helper()
	secretsMu.Lock()
	defer secretsMu.Unlock()
	now := time.Now().Unix() / 30
	step := now
	if last, ok := steps[user]; ok && step <= last {
		step = last + 1
	}
	if step > now+1 {
		time.Sleep(time.Until(time.Unix((step-1)*30, 0)))
	}
	steps[user] = step
	code, err := totp.GenerateCode(secrets[user], time.Unix(step*30, 0))
	if err != nil {
		t.Fatalf("second factor of %s: %v", user, err)
	}
	return code
}

// login signs in through the form, giving the second factor when asked
// (enrolling the first time).
func login(t *testing.T, ctx context.Context, user string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-username`)),
		chromedp.SendKeys(chromedp.CSS(`#f-username`), user),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "demo06"),
		chromedp.Submit(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`#logout, #f-code`)),
	)
	if err != nil {
		t.Fatalf("login as %s: %v", user, err)
	}
	if eval[bool](t, ctx, `!!document.getElementById('f-code')`) {
		secretsMu.Lock()
		if s := eval[string](t, ctx, `(document.getElementById('totp-secret') || {}).textContent || ''`); s != "" {
			secrets[user] = s
		}
		secretsMu.Unlock()
		code := nextCode(t, user)
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#f-code`), code), chromedp.Submit(chromedp.CSS(`#mfa`)),
			chromedp.WaitVisible(chromedp.CSS(`#logout`))); err != nil {
			t.Fatalf("second factor of %s: %v", user, err)
		}
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func mustHave(t *testing.T, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Fatalf("%q lacks %q", got, p)
		}
	}
}

// noHorizontalScroll fails when the page is wider than the window.
func noHorizontalScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if over > 0 {
		t.Errorf("%s: %d px wider than the screen", page, over)
	}
	if w := eval[int](t, ctx, `window.innerWidth`); w > 600 {
		return
	} else if w != 360 {
		t.Fatalf("%s: the phone screen is %d px wide, not 360", page, w)
	}
}

// eval runs JavaScript and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// attr reads an attribute of the first element matching sel, waiting for it.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(sel))); err != nil {
		t.Fatalf("wait for %s: %v", sel, err)
	}
	r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return r.Value
}

// screenshot saves a PNG under e2e/screenshots for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("screenshots", 0o755)
	os.WriteFile(filepath.Join("screenshots", name+".png"), png, 0o644)
}

// clickToPage clicks sel, which leads to another page (a link, a plain
// form post, or an htmx post answered with HX-Redirect), and waits until a
// new document has loaded that holds ready. Unlike WaitVisible it is never
// satisfied by the page it leaves, and it rides through the moment the old
// document goes away.
func clickToPage(sel, ready string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[any](`window.__p06left = 1`)(ctx, tg); err != nil {
			return chromedp.Void{}, fmt.Errorf("mark the page: %w", err)
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, tg); err != nil {
			return chromedp.Void{}, fmt.Errorf("click %s: %w", sel, err)
		}
		js := fmt.Sprintf(`!window.__p06left && document.readyState === 'complete' && !!document.querySelector(%q)`, ready)
		for {
			// errors while the old document goes away are expected: try again
			if ok, err := chromedp.Evaluate[bool](js)(ctx, tg); err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("wait for %s after clicking %s: %w", ready, sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}
