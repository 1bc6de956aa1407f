package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc's CPU times.
const clockTicks = 100

// cpuMeter reads the CPU time the portal and the cluster have used, to
// report a phase's CPU per request: on a machine shared with other work,
// wall times move with the others' load, CPU time much less.
type cpuMeter struct {
	portal int    // the portal's process id
	pgdata string // the cluster's data folder, whose postmaster.pid names the server
}

// cpuUse is the CPU time used so far by the portal and by PostgreSQL (the
// postmaster, its living children and those it has reaped).
type cpuUse struct{ portal, pg time.Duration }

func (m cpuMeter) read() cpuUse {
	var u cpuUse
	if m.portal > 0 {
		f := statFields(m.portal)
		u.portal = field(f, 14) + field(f, 15)
	}
	pm := postmasterPID(m.pgdata)
	if pm <= 0 {
		return u
	}
	f := statFields(pm)
	u.pg = field(f, 14) + field(f, 15) + field(f, 16) + field(f, 17)
	parent := strconv.Itoa(pm)
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if err != nil || pid == pm {
			continue
		}
		if f := statFields(pid); len(f) > 2 && f[1] == parent {
			u.pg += field(f, 14) + field(f, 15)
		}
	}
	return u
}

// statFields are the fields of /proc/PID/stat after the command name, so
// that field n of proc(5) (from 3, the state) is at n-3: the parent's id
// (4) at 1, utime (14) at 11.
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// field is field n of proc(5) (utime 14, stime 15, cutime 16, cstime 17)
// of f, in clock ticks, as a duration.
func field(f []string, n int) time.Duration {
	if n-3 >= len(f) {
		return 0
	}
	v, _ := strconv.ParseInt(f[n-3], 10, 64)
	return time.Duration(v) * time.Second / clockTicks
}

// postmasterPID is the first line of the cluster's postmaster.pid.
func postmasterPID(pgdata string) int {
	f, err := os.Open(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(sc.Text()))
	return pid
}
