package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// searchPhases runs the light page and the police search by number at 16
// clients, *searchOnly times in turn, and prints each phase's CPU per
// request: the portal's, and the cluster's (the postmaster and every
// process under it, ended ones included), read from /proc. CPU time,
// unlike a p50, holds still while other work shares the machine.
func searchPhases(pgdata string, portalPID int, pc06s []*client, number string) error {
	b, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return fmt.Errorf("the cluster's postmaster.pid: %w", err)
	}
	postmaster, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	fmt.Println("| what | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms | portal CPU ms/req | cluster CPU ms/req |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	timed := func(name string, f func(int) error) result {
		p0, c0 := cpuTicks(portalPID, false), cpuTicks(postmaster, true)
		r := phaseQuiet(16, n(800), f)
		p1, c1 := cpuTicks(portalPID, false), cpuTicks(postmaster, true)
		k := float64(len(r.lat)+r.errs) / 1000 * 100 // ticks of 10 ms → ms per request
		fmt.Printf("| %s | 16 | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |\n", name, len(r.lat)+r.errs, r.errs, r.rate(),
			r.p(50), r.p(95), r.p(99), float64(p1-p0)/k, float64(c1-c0)/k)
		if r.lastErr != nil {
			fmt.Printf("|   last error: %.120s |\n", r.lastErr)
		}
		return r
	}
	var ratios []string
	for range *searchOnly {
		light := timed("light page: GET /police/search (the form)", func(i int) error { return pc06s[i%16].get("/police/search") })
		search := timed("police search by number: POST /police/search", func(i int) error {
			return pc06s[i%16].post("/police/search", url.Values{"q": {number}, "purpose": {"Tải thử 01/2026"}})
		})
		ratios = append(ratios, fmt.Sprintf("%.2f", search.p(50)/light.p(50)))
	}
	fmt.Printf("\npolice search (16 clients) p50 / light page p50 at 16 clients, each pair: %s\n", strings.Join(ratios, " "))
	return nil
}

// cpuTicks is the user and system CPU time of pid in clock ticks, with its
// ended children's; with tree, also that of every live process whose
// parent is pid.
func cpuTicks(pid int, tree bool) int64 {
	total := statTicks(pid)
	if !tree {
		return total
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		f := statFields(string(b))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			total += statTicks(child)
		}
	}
	return total
}

// statTicks is utime + stime + cutime + cstime of /proc/pid/stat.
func statTicks(pid int) int64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0
	}
	f := statFields(string(b))
	var t int64
	for _, i := range []int{11, 12, 13, 14} { // fields 14–17, counted after the command
		if i < len(f) {
			v, _ := strconv.ParseInt(f[i], 10, 64)
			t += v
		}
	}
	return t
}

// statFields are the fields of a stat line after the command's closing
// parenthesis: state first, then the parent's pid.
func statFields(line string) []string {
	if i := strings.LastIndexByte(line, ')'); i >= 0 {
		line = line[i+1:]
	}
	return strings.Fields(line)
}
