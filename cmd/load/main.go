// Command load is the portal's load harness (make load): it starts the
// private cluster under PORTAL06_DATA (default data-load), optionally fills
// it with `portal06 seed scale`, runs the portal on a loopback port, and
// drives fixed numbers of requests at fixed concurrencies: check-ins
// through the API, police searches, list pages, dashboards and a sign-in
// storm mixed with check-ins. It prints throughput and p50/p95/p99 of
// each, the share of active sessions waiting on a lock while searching,
// the portal's memory under 200 clients, and in the same run pgbench -N and
// pgbench with the check-in's own statements (with row-level security
// applied and bypassed), with the ratios. Everything stays on 127.0.0.1
// and ends by itself.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"portal06/app/pgcluster"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

var (
	dataDir     = flag.String("data", envOr("PORTAL06_DATA", "data-load"), "the private cluster's folder")
	bin         = flag.String("bin", "bin/portal06", "the portal binary")
	stays       = flag.Int("stays", 0, "run `seed scale --stays N` first, unless this folder was already seeded with at least N")
	scale       = flag.Float64("scale", 1, "multiply every request count by this (0.25 for a quick run)")
	pgbenchT    = flag.Int("pgbench-seconds", 10, "seconds of each pgbench run")
	reads       = flag.Bool("reads", false, "run only the read pages (light page, dashboard, province, stays list, search) and stop")
	provClients = flag.Int("province-clients", 8, "clients at once in the --province phases")
	provOnly    = flag.Bool("province", false, "run only the province's pages, every level of every live indicator, and stop")
	hotelsOnly  = flag.Int("hotel-checkins", 0, "run only this many check-ins at 16 scale hotels at once, then stop (for profiles)")
	searchOnly  = flag.Int("search", 0, "run only the light page and the police search at 16 clients, this many times in turn, with the CPU each request cost the portal and the cluster, and stop")
	stormOnly   = flag.Bool("storm", false, "run only the check-ins alone and during the sign-in storm, print their ratio, and stop")
	signinCPU   = flag.Int("signin-cpu", 0, "PORTAL06_SIGNIN_CPU for the portal (percent of the CPU sign-in hashing may take; 0: the portal's default)")
	rlsPairs    = flag.Int("rls", 0, "run only this many pairs of pgbench of the check-in's statements with row-level security applied and bypassed, the order swapped from pair to pair, print each pair's cost, and stop")
	only        = flag.String("only", "", "with --reads, run only these read phases besides the light page, comma-separated: dashboard, home, overview, drill, list, later, search")
)

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

func n(x int) int { return max(1, int(float64(x)**scale)) }

func run() error {
	flag.Parse()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if *stays > 0 && seededWith() < *stays {
		fmt.Printf("== seed scale --stays %d\n", *stays)
		cmd := exec.Command(*bin, "seed", "scale", "--stays", strconv.Itoa(*stays))
		cmd.Env = append(cleanEnv(), "PORTAL06_DATA="+*dataDir)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("seed scale: %w", err)
		}
		os.WriteFile(filepath.Join(*dataDir, "load-seeded"), []byte(strconv.Itoa(*stays)), 0o600)
	}
	cl, err := pgcluster.Start(ctx, *dataDir, log)
	if err != nil {
		return err
	}
	defer cl.Stop()
	// the owner sees every row (row-level security is forced on it too)
	owner, err := sql.Open("pgx", cl.OwnerURL()+" options='-c app.all=on'")
	if err != nil {
		return err
	}
	defer owner.Close()
	super, err := sql.Open("pgx", cl.SuperURL())
	if err != nil {
		return err
	}
	defer super.Close()
	key, err := auditKey()
	if err != nil {
		return err
	}
	addr, metrics := freeAddr(), freeAddr()
	portal := exec.Command(*bin, "serve", "--demo")
	portal.Env = append(cleanEnv(), "DATABASE_URL="+cl.OwnerURL(), "PORTAL06_AUDIT_KEY="+key, "PORTAL06_ADDR="+addr,
		"PORTAL06_METRICS_ADDR="+metrics, "PORTAL06_DATA="+*dataDir, "PORTAL06_LOG_LEVEL=error")
	if *signinCPU > 0 {
		portal.Env = append(portal.Env, fmt.Sprintf("PORTAL06_SIGNIN_CPU=%d", *signinCPU))
	}
	portal.Stdout, portal.Stderr = io.Discard, os.Stderr
	if err := portal.Start(); err != nil {
		return err
	}
	meter = cpuMeter{portal: portal.Process.Pid, pgdata: filepath.Join(*dataDir, "pg")}
	defer func() { portal.Process.Signal(os.Interrupt); portal.Wait() }()
	base := "http://" + addr
	if err := waitUp(base); err != nil {
		return err
	}
	machine()
	if *rlsPairs > 0 {
		return rlsCost(ctx, super, owner, cl, *rlsPairs)
	}
	var counts struct{ Stays, Sites int64 }
	owner.QueryRow(`SELECT (SELECT reltuples::bigint FROM pg_class WHERE relname = 'stays'), (SELECT count(*) FROM sites)`).Scan(&counts.Stays, &counts.Sites)
	fmt.Printf("data: about %d stays, %d sites\n\n", counts.Stays, counts.Sites)

	// each client its own session, as each officer or receptionist has
	pc06s, err := logins(base, "pc06", 16)
	if err != nil {
		return err
	}
	letans, err := logins(base, "ks-letan", 8)
	if err != nil {
		return err
	}
	tinhs, err := logins(base, "tinh", 8)
	if err != nil {
		return err
	}
	if *provOnly {
		return provincePages(tinhs)
	}
	var seq atomic.Int64 // guests' numbers, one per check-in
	seq.Store(time.Now().UnixNano() % 400_000)
	if *hotelsOnly > 0 || *reads || *searchOnly > 0 {
		fmt.Printf("pprof: http://%s/debug/pprof/\n", metrics)
	}
	if *hotelsOnly > 0 {
		_, err := hotelsPhase(owner, base, *hotelsOnly, &seq)
		return err
	}
	checkin := func(int) error { return apiCheckin(base, seq.Add(1)) }
	if *stormOnly {
		tableHeader()
		ci4, ci4s := stormPhase(base, checkin)
		fmt.Println()
		stormRatio(ci4, ci4s)
		return nil
	}
	letan := letans[0]
	var number string
	owner.QueryRow(`SELECT doc_number FROM identity_records ORDER BY record_id DESC LIMIT 1`).Scan(&number)
	if number == "" {
		number = "022095001234"
	}

	if *searchOnly > 0 {
		return searchPhases(pc06s, number)
	}
	tableHeader()
	pick := func(name string) bool {
		if *only == "" {
			return true
		}
		return slices.Contains(strings.Split(*only, ","), name)
	}
	var dash, prov, drill, list, later, light16, search result
	light := phase("light page: GET /police/search (the form)", 8, n(400), func(i int) error { return pc06s[i%16].get("/police/search") })
	if pick("dashboard") {
		dash = readPhase("police dashboard: GET /police/accommodation", 8, n(200), func(i int) error { return pc06s[i%16].get("/police/accommodation") })
	}
	if pick("home") {
		readPhase("police home: GET /police", 8, n(200), func(i int) error { return pc06s[i%16].get("/police") })
	}
	if pick("overview") {
		prov = readPhase("province overview: GET /province", 8, n(200), func(i int) error { return tinhs[i%8].get("/province") })
	}
	if pick("drill") {
		drill = readPhase("province drill-down: GET /province/indicators/acc.stays_notified", 8, n(200), func(i int) error {
			return tinhs[i%8].get("/province/indicators/acc.stays_notified")
		})
	}
	if pick("list") {
		list = readPhase("stays list: GET /t/vinh-xanh/stays", 8, n(400), func(i int) error { return letans[i%8].get("/t/vinh-xanh/stays") })
	}
	if pick("later") {
		after := afterOf(letan)
		later = readPhase("stays list, a later page (after=)", 8, n(400), func(i int) error { return letans[i%8].get("/t/vinh-xanh/stays?after=" + after) })
	}

	// The harness is a closed loop (p50 ≈ clients ÷ throughput), so the
	// search at 16 clients is compared with the light page at 16 clients.
	var waits lockSampler
	if pick("search") {
		light16 = readPhase("light page at 16 clients: GET /police/search (the form)", 16, n(800), func(i int) error { return pc06s[i%16].get("/police/search") })
		stop := waits.run(owner)
		search = readPhase("police search by number: POST /police/search", 16, n(800), func(i int) error {
			return pc06s[i%16].post("/police/search", url.Values{"q": {number}, "purpose": {"Tải thử 01/2026"}})
		})
		stop()
	}
	if *reads {
		fmt.Println()
		if len(search.lat) > 0 {
			fmt.Printf("police search (16 clients) p50 / light page p50 at 16 clients: %.2f\n", search.p(50)/light16.p(50))
		}
		for _, r := range []struct {
			name string
			res  result
		}{{"police dashboard", dash}, {"province overview", prov}, {"province drill-down", drill}, {"stays list", list}, {"stays list, a later page", later}} {
			if len(r.res.lat) > 0 {
				fmt.Printf("%s (8 clients) p50 / light page p50 at 8 clients: %.2f; CPU per request / the light page's: %.2f\n",
					r.name, r.res.p(50)/light.p(50), r.res.cpuPerRequest().Seconds()/light.cpuPerRequest().Seconds())
			}
		}
		return nil
	}
	ci16 := phase("check-in: POST /api/v1/stays", 16, n(800), checkin)
	ci16h, err := hotelsPhase(owner, base, n(800), &seq)
	if err != nil {
		return err
	}
	ci4, ci4s := stormPhase(base, checkin)

	// 200 concurrent clients of each kind at once, and the portal's memory
	var rss rssSampler
	stopRSS := rss.run(portal.Process.Pid)
	var mix sync.WaitGroup
	for _, p := range []struct {
		name string
		f    func(int) error
	}{
		{"200 clients: light page", func(i int) error { return pc06s[i%16].get("/police/search") }},
		{"200 clients: stays list", func(i int) error { return letans[i%8].get("/t/vinh-xanh/stays") }},
		{"200 clients: police search", func(i int) error {
			return pc06s[i%16].post("/police/search", url.Values{"q": {number}, "purpose": {"Tải thử 01/2026"}})
		}},
		{"200 clients: check-in", checkin},
	} {
		mix.Add(1)
		go func() { defer mix.Done(); r := phaseQuiet(200, n(800), p.f); r.print(p.name, 200) }()
	}
	mix.Wait()
	stopRSS()
	fmt.Println()
	fmt.Printf("portal memory under 200 concurrent clients of each kind: peak RSS %d MB (VmHWM %d MB)\n", rss.peak/1024, rss.hwm/1024)
	fmt.Printf("active database sessions waiting on a lock during the search phase: %.1f%% (%d samples; %.1f%% of them on the audit chain head's relation)\n",
		waits.share(), waits.samples, waits.auditShare())
	fmt.Printf("police search (16 clients) p50 / light page p50 at 16 clients: %.2f\n", search.p(50)/light16.p(50))
	stormRatio(ci4, ci4s)
	fmt.Println()

	// pgbench on the same cluster
	tpsN, err := pgbench(super, cl, nil, "-N")
	if err != nil {
		return err
	}
	script, err := checkinScript(owner)
	if err != nil {
		return err
	}
	tpsRLS, err := pgbench(super, cl, script, "rls")
	if err != nil {
		return err
	}
	tpsBypass, err := pgbench(super, cl, script, "bypass")
	if err != nil {
		return err
	}
	fmt.Printf("pgbench -N, 16 clients: %.0f tps\n", tpsN)
	fmt.Printf("pgbench, the check-in's statements, 16 clients, row-level security applied (portal06_app): %.0f tps\n", tpsRLS)
	fmt.Printf("pgbench, the same statements, row-level security bypassed (superuser): %.0f tps\n", tpsBypass)
	fmt.Printf("API check-ins (16 clients) / pgbench -N: %.3f\n", ci16.rate()/tpsN)
	if len(ci16h.lat) > 0 {
		fmt.Printf("API check-ins at 16 hotels (one client each) / pgbench -N: %.3f\n", ci16h.rate()/tpsN)
	}
	fmt.Printf("API check-ins (16 clients) / pgbench of the check-in's statements: %.3f\n", ci16.rate()/tpsRLS)
	fmt.Printf("cost of row-level security on the check-in's statements: %.1f%%\n", 100*(tpsBypass-tpsRLS)/tpsBypass)
	return cleanup(ctx, owner)
}

// cleanEnv is the environment without the portal's database settings, so
// that the portal uses the cluster started here.
func cleanEnv() []string {
	var out []string
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "DATABASE_URL=") || strings.HasPrefix(e, "PORTAL06_") {
			continue
		}
		out = append(out, e)
	}
	return out
}

func seededWith() int {
	b, _ := os.ReadFile(filepath.Join(*dataDir, "load-seeded"))
	v, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return v
}

// auditKey is the folder's audit key, as serve without DATABASE_URL keeps it.
func auditKey() (string, error) {
	path := filepath.Join(*dataDir, "audit.key")
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	k := make([]byte, 32)
	rand.Read(k)
	h := hex.EncodeToString(k)
	return h, os.WriteFile(path, []byte(h+"\n"), 0o600)
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitUp(base string) error {
	for range 600 {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the portal did not start within a minute")
}

func machine() {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(b); m != nil {
			cpu = string(m[1])
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	pgv, _ := exec.Command("pgbench", "--version").Output()
	fmt.Printf("machine: %s, %d CPUs visible, load average %s; %s", cpu, numCPU(), strings.Fields(string(load) + " ?")[0], pgv)
	fmt.Printf("run at %s\n", time.Now().UTC().Format(time.RFC3339))
}

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(b), "processor\t:")
}

// client is a signed-in browser: its cookies and CSRF token.
type client struct {
	base string
	http *http.Client
	csrf string
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func login(base, user string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 256},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if err := c.get("/login"); err != nil {
		return nil, err
	}
	res, err := c.http.PostForm(base+"/login", url.Values{"username": {user}, "password": {"demo06"}, "_csrf": {c.csrf}})
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == "/login/mfa" {
		return nil, fmt.Errorf("sign in as %s: %d %s", user, res.StatusCode, res.Header.Get("Location"))
	}
	return c, c.get("/")
}

// logins signs user in k times, each a session of its own.
func logins(base, user string, k int) ([]*client, error) {
	out := make([]*client, k)
	for i := range out {
		c, err := login(base, user)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func (c *client) get(path string) error {
	res, err := c.http.Get(c.base + path)
	if err != nil {
		return err
	}
	return c.read(res)
}

func (c *client) post(path string, form url.Values) error {
	form.Set("_csrf", c.csrf)
	res, err := c.http.PostForm(c.base+path, form)
	if err != nil {
		return err
	}
	return c.read(res)
}

var csrfMu sync.Mutex

func (c *client) read(res *http.Response) error {
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if m := csrfRe.FindSubmatch(b); m != nil {
		csrfMu.Lock()
		c.csrf = string(m[1])
		csrfMu.Unlock()
	}
	if res.StatusCode >= 400 {
		return fmt.Errorf("%s: %d", res.Request.URL.Path, res.StatusCode)
	}
	lastBody.Store(string(b))
	return nil
}

var lastBody atomic.Value

var afterRe = regexp.MustCompile(`after=([0-9]+_[0-9]+)`)

// afterOf is the cursor of the second page of the stays list.
func afterOf(c *client) string {
	c.get("/t/vinh-xanh/stays")
	if m := afterRe.FindStringSubmatch(lastBody.Load().(string)); m != nil {
		return m[1]
	}
	return ""
}

var apiClient = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}

// demoHotel is the demo hotel's Bãi Cháy site with its demo token.
var demoHotel = hotel{token: "demo-token-vinh-xanh", site: "vinh-xanh-bai-chay"}

// apiCheckin checks a new guest in at the demo hotel through the API, as
// hotel software does.
func apiCheckin(base string, i int64) error { return hotelCheckin(base, demoHotel, i) }

// result is one phase's latencies.
type result struct {
	lat     []time.Duration
	errs    int
	elapsed time.Duration
	lastErr error
	cpu     cpuUse // CPU used during the phase (phase only, not phaseQuiet)
}

// cpuPerRequest is the portal's and PostgreSQL's CPU per answered request.
func (r result) cpuPerRequest() time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return (r.cpu.portal + r.cpu.pg) / time.Duration(len(r.lat))
}

// meter reads the portal's and the cluster's CPU time.
var meter cpuMeter

func (r result) p(q float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*q/100))].Microseconds()) / 1000
}

func (r result) rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

func (r result) print(name string, clients int) {
	cpu := "| |"
	if k := time.Duration(max(1, len(r.lat))); r.cpu != (cpuUse{}) {
		cpu = fmt.Sprintf("| %.2f | %.2f |", ms(r.cpu.portal/k), ms(r.cpu.pg/k))
	}
	fmt.Printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f %s\n", name, clients, len(r.lat)+r.errs, r.errs, r.rate(), r.p(50), r.p(95), r.p(99), cpu)
	if r.lastErr != nil {
		fmt.Printf("|   last error: %.120s | | | | | | | | | |\n", r.lastErr)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// tableHeader prints the header of the phases' table.
func tableHeader() {
	fmt.Println("| what | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms | portal CPU ms/req | PostgreSQL CPU ms/req |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
}

func phase(name string, clients, total int, f func(int) error) result {
	before := meter.read()
	r := phaseQuiet(clients, total, f)
	after := meter.read()
	r.cpu = cpuUse{portal: after.portal - before.portal, pg: after.pg - before.pg}
	r.print(name, clients)
	return r
}

// readPhase is phase for a read page, after a warm-up of four calls a
// client that is not measured: a connection of the portal's pool plans a
// page's statements (its generic plans, the policies of every table they
// read) the first time it runs them, 5-20 ms each, and a phase of a few
// hundred requests spread over a dozen new connections measured that
// planning more than the page (a big page's CPU per request moved by a
// third from run to run). Every read page, the light page too, is warmed
// the same way.
func readPhase(name string, clients, total int, f func(int) error) result {
	phaseQuiet(clients, 4*clients, f)
	return phase(name, clients, total, f)
}

// phaseQuiet runs total calls of f from clients goroutines.
func phaseQuiet(clients, total int, f func(int) error) result {
	var mu sync.Mutex
	var r result
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1))
				if i > total {
					return
				}
				t := time.Now()
				err := f(i)
				d := time.Since(t)
				mu.Lock()
				if err != nil {
					r.errs++
					r.lastErr = err
				} else {
					r.lat = append(r.lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	slices.Sort(r.lat)
	return r
}

// lockSampler samples pg_stat_activity every 20 ms.
type lockSampler struct {
	samples, active, waiting, audit int
}

func (s *lockSampler) run(db *sql.DB) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			var a, w, au int
			err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock'),
				count(*) FILTER (WHERE wait_event_type = 'Lock' AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted
				  AND l.relation IN ('audit_chains'::regclass, 'audit_head'::regclass)))
				FROM pg_stat_activity a WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()
				AND backend_type = 'client backend'`).Scan(&a, &w, &au)
			if err == nil {
				s.samples++
				s.active += a
				s.waiting += w
				s.audit += au
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func (s *lockSampler) share() float64 {
	if s.active == 0 {
		return 0
	}
	return 100 * float64(s.waiting) / float64(s.active)
}

func (s *lockSampler) auditShare() float64 {
	if s.waiting == 0 {
		return 0
	}
	return 100 * float64(s.audit) / float64(s.waiting)
}

// rssSampler reads the portal's resident memory every 50 ms.
type rssSampler struct{ peak, hwm int }

func (s *rssSampler) run(pid int) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	read := func() {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 2 {
				continue
			}
			v, _ := strconv.Atoi(fs[1])
			switch fs[0] {
			case "VmRSS:":
				s.peak = max(s.peak, v)
			case "VmHWM:":
				s.hwm = v
			}
		}
	}
	go func() {
		defer wg.Done()
		for {
			read()
			select {
			case <-done:
				read()
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
