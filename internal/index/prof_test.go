package index

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

func TestProfileFind1M(t *testing.T) {
	if os.Getenv("PROFILE_FIND") == "" {
		t.Skip("PROFILE_FIND=file")
	}
	tb := portal(1_000_000)
	o := tb.Order(Sort{})
	var keys []string
	for _, s := range []string{"berg", "maria", "anna b", "northwind", "@gmail", "schmidt", "lead"} {
		for i := 1; i <= len(s); i++ {
			if s[i-1] != ' ' {
				keys = append(keys, s[:i])
			}
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, k := range keys {
		c0, w0 := threadCPU(), time.Now()
		found := tb.Find(k, o, 40)
		t.Logf("%-10q cpu %6.2f ms wall %6.2f ms  matches %d est %v", k, float64((threadCPU()-c0).Microseconds())/1000,
			float64(time.Since(w0).Microseconds())/1000, found.Matches, found.Estimate)
	}
	f, _ := os.Create(os.Getenv("PROFILE_FIND"))
	pprof.StartCPUProfile(f)
	for range 10 {
		for _, k := range keys {
			tb.Find(k, o, 40)
		}
	}
	pprof.StopCPUProfile()
	f.Close()
}
