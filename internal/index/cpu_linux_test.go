package index

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling thread (the machine's other load left out).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
