package hubspottest_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// What `hubcontacts sandbox --contacts N --state FILE` costs at scale. These use only the
// package's long-standing API (New, Persist, LoadState, SaveState, ServeHTTP), so
// `.ci/bench-sandbox` runs them on an older commit too, for before-and-after figures in one run.
//
//	fresh:   seed N contacts, then Persist to a new FILE (the command's start before it listens);
//	         seed-s and persist-s split the time, disk-MB is FILE and FILE.wal after it
//	restart: a FILE started fresh that took 1,000 writes (PATCHes over the handler), then
//	         LoadState and Persist again (a restart after kill -9)
//	fold:    what folding the log into FILE costs after those writes (SaveState writes what a
//	         fold writes), and loading the folded FILE (load-s)
//
// Each reports the process's peak resident memory during the timed part (Linux).

// stateScaleSizes are the sizes of BenchmarkStateFresh and BenchmarkStateRestart.
var stateScaleSizes = []int{100_000, 1_000_000}

func BenchmarkStateFresh(b *testing.B) {
	for _, n := range stateScaleSizes {
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			var seedT, persistT time.Duration
			var peak, disk int64
			defer cpuMeter(b)()
			for b.Loop() {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "state")
				stateScaleQuiet()
				b.StartTimer()
				t0 := time.Now()
				sb := hubspottest.New(stateScaleOptions(n))
				t1 := time.Now()
				stop, err := sb.Persist(path)
				if err != nil {
					b.Fatal(err)
				}
				seedT, persistT = seedT+t1.Sub(t0), persistT+time.Since(t1)
				b.StopTimer()
				peak = max(peak, peakRSS())
				if err := stop(); err != nil {
					b.Fatal(err)
				}
				disk = stateScaleDisk(path)
				_ = os.RemoveAll(filepath.Dir(path))
				runtime.KeepAlive(sb)
				b.StartTimer()
			}
			stateScaleReport(b, seedT, persistT, peak, disk)
		})
	}
}

func BenchmarkStateRestart(b *testing.B) {
	for _, n := range stateScaleSizes {
		b.Run(fmt.Sprintf("contacts=%d/writes=1000", n), func(b *testing.B) {
			path := stateScaleWritten(b, n)
			var loadT, persistT time.Duration
			var peak int64
			defer cpuMeter(b)()
			for b.Loop() {
				b.StopTimer()
				stateScaleQuiet()
				b.StartTimer()
				t0 := time.Now()
				sb, err := hubspottest.LoadState(path, stateScaleOptions(n))
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				stop, err := sb.Persist(path)
				if err != nil {
					b.Fatal(err)
				}
				loadT, persistT = loadT+t1.Sub(t0), persistT+time.Since(t1)
				b.StopTimer()
				peak = max(peak, peakRSS())
				if err := stop(); err != nil {
					b.Fatal(err)
				}
				runtime.KeepAlive(sb)
				b.StartTimer()
			}
			stateScaleReport(b, loadT, persistT, peak, stateScaleDisk(path))
		})
	}
}

func BenchmarkStateFold(b *testing.B) {
	const n = 100_000
	b.Run(fmt.Sprintf("contacts=%d/writes=1000", n), func(b *testing.B) {
		path := stateScaleWritten(b, n)
		sb, err := hubspottest.LoadState(path, stateScaleOptions(n))
		if err != nil {
			b.Fatal(err)
		}
		folded := path + ".folded"
		var saveT, loadT time.Duration
		var peak int64
		defer cpuMeter(b)()
		for b.Loop() {
			b.StopTimer()
			stateScaleQuiet()
			b.StartTimer()
			t0 := time.Now()
			if err := sb.SaveState(folded); err != nil {
				b.Fatal(err)
			}
			saveT += time.Since(t0)
			b.StopTimer()
			peak = max(peak, peakRSS())
			t1 := time.Now()
			if _, err := hubspottest.LoadState(folded, stateScaleOptions(n)); err != nil {
				b.Fatal(err)
			}
			loadT += time.Since(t1)
			b.StartTimer()
		}
		fi, _ := os.Stat(folded)
		b.ReportMetric(saveT.Seconds()/float64(b.N), "fold-s")
		b.ReportMetric(loadT.Seconds()/float64(b.N), "load-s")
		if peak > 0 {
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
		}
		if fi != nil {
			b.ReportMetric(float64(fi.Size())/1e6, "disk-MB")
		}
	})
}

func stateScaleOptions(n int) hubspottest.Options {
	return hubspottest.Options{Seed: 1, Contacts: n, RateLimit: hubspottest.RateLimit{Max: -1}, DailyLimit: 1 << 30}
}

// stateScaleWritten is a FILE started fresh with n seeded contacts that took 1,000 PATCHes.
func stateScaleWritten(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "state")
	sb := hubspottest.New(stateScaleOptions(n))
	var ids []string
	_ = sb.Store().View(func(tx *hubspottest.Tx) error {
		page, _ := tx.Page(hubspottest.Contacts, 0, 1000, false)
		for _, o := range page {
			ids = append(ids, o.ID)
		}
		return nil
	})
	stop, err := sb.Persist(path)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		req := httptest.NewRequest("PATCH", "/crm/v3/objects/contacts/"+ids[i%len(ids)],
			strings.NewReader(fmt.Sprintf(`{"properties":{"jobtitle":"Title %d","city":"Town %d"}}`, i, i)))
		req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
		}
	}
	if err := stop(); err != nil {
		b.Fatal(err)
	}
	return path
}

// stateScaleQuiet collects garbage and resets the peak resident memory before a timed part.
func stateScaleQuiet() {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
}

// stateScaleDisk is the bytes FILE and FILE.wal hold.
func stateScaleDisk(path string) int64 {
	var n int64
	for _, p := range []string{path, path + ".wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

func stateScaleReport(b *testing.B, first, persist time.Duration, peak, disk int64) {
	name := "seed-s"
	if strings.Contains(b.Name(), "Restart") {
		name = "load-s"
	}
	b.ReportMetric(first.Seconds()/float64(b.N), name)
	b.ReportMetric(persist.Seconds()/float64(b.N), "persist-s")
	if peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
	b.ReportMetric(float64(disk)/1e6, "disk-MB")
}
