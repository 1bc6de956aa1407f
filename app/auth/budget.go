package auth

import (
	"runtime"
	"time"
)

// DefaultHashShare is the default share of the machine's CPU time that
// password hashing may take: a fifth, so that a storm of sign-ins leaves the
// work in progress at least four fifths of the machine.
const DefaultHashShare = 0.2

// dutyCycle is the share of its time one of n hashing slots may spend
// hashing so that together they take share of cpus CPUs: each hash of d is
// followed by a rest of d × (1/duty − 1) before its slot is free again.
func dutyCycle(share float64, cpus, n int) float64 {
	return min(1, share*float64(cpus)/float64(n))
}

// rest is how long a slot stays taken after a hash that took d, at duty.
func rest(d time.Duration, duty float64) time.Duration {
	if duty >= 1 {
		return 0
	}
	return time.Duration(float64(d) * (1/duty - 1))
}

// wallTime runs f and returns how long it took. A hash is charged its wall
// time: its CPU time when it had a CPU to itself, more when it had to share
// one, so that hashing yields more the busier the machine is. (Its CPU time
// cannot be read per hash: argon2 computes its lanes on goroutines of its own.)
func wallTime(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// cpus is how many CPUs the portal may use.
func cpus() int { return runtime.GOMAXPROCS(0) }
