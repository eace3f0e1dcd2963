//go:build !unix

package hubspottest_test

import "time"

// processCPU is not measured on this platform; the cpu-ns/op metric then reads 0.
func processCPU() time.Duration { return 0 }
