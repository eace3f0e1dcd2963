package hubspottest_test

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// BenchmarkSeedScale seeds a sandbox of 100,000 and 1,000,000 contacts (with the default 200
// companies, deals and tickets and 2–6 activities per contact: about five records a contact)
// and reports, beside the time, the process CPU, the heap still in use once the seed's garbage
// is collected (per contact) and the peak resident memory of the process while seeding (Linux).
// It uses only the package's long-standing API, so `make bench-sandbox` runs it on an older
// commit too, for before-and-after figures in one run.
func BenchmarkSeedScale(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			var live uint64
			var peak int64
			defer cpuMeter(b)()
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				debug.FreeOSMemory()
				resetPeakRSS()
				b.StartTimer()
				sb := hubspottest.New(hubspottest.Options{Seed: 1, Contacts: n})
				b.StopTimer()
				peak = max(peak, peakRSS())
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				live = m.HeapAlloc
				runtime.KeepAlive(sb)
				b.StartTimer()
			}
			b.ReportMetric(float64(live)/float64(n), "live-B/contact")
			if peak > 0 {
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
			}
		})
	}
}

// resetPeakRSS resets the kernel's peak resident set size of this process (Linux, 4.0 on).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads the peak resident set size since the last reset, in bytes (0 when unknown).
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
