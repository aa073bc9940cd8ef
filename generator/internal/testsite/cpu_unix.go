//go:build unix

package testsite

import (
	"syscall"
	"time"
)

// CPUTime is the processor time the process has used so far, user and
// system: benchmarks report it beside wall time, which other programs on a
// shared machine inflate.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
