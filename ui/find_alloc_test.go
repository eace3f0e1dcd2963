package ui

import (
	"runtime"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
)

// pressInFind gives find a key and delivers the local rank's answer (HubSpot's search is not
// part of a keystroke: it runs once typing pauses).
func pressInFind(f *findPane, k tea.KeyMsg) {
	cmd, _ := f.typeKey(k)
	for _, msg := range run(cmd) {
		if d, ok := msg.(doneMsg); ok && d.label == "" {
			d.then()
		}
	}
}

// typingCost is what typing "m", "a" and two backspaces into find over n loaded contacts
// allocates, a cycle, once the first cycles have run: allocations and bytes. With reopen, each
// cycle opens find, types "m" and "a", and leaves it with esc twice (the box cleared, then
// closed).
func typingCost(n int, reopen bool) (allocs, bytes float64) {
	l := benchList(benchRows(n))
	f := benchFind(l, "")
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'m'}}, {Type: tea.KeyRunes, Runes: []rune{'a'}},
		{Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}}
	cycle := func() {
		for _, k := range keys {
			pressInFind(f, k)
			_ = f.View()
		}
	}
	if reopen {
		f.cancel()
		cycle = func() {
			f := benchFind(l, "")
			for _, k := range keys[:2] {
				pressInFind(f, k)
				_ = f.View()
			}
			run(f.cancel())
			_ = f.View()
			f.cancel()
		}
	}
	for range 10 {
		cycle()
	}
	const cycles = 5
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range cycles {
		cycle()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / cycles, float64(after.TotalAlloc-before.TotalAlloc) / cycles
}

// A keystroke in find allocates for the rows it shows, not for the rows it matches: typing over
// 40,000 loaded contacts (most of them matching "m") allocates what typing over 2,000 does, in
// count and in bytes (the rank's buffers are reused from one keystroke to the next, and from one
// find to the next).
func TestFindKeystrokeAllocatesForTheRowsShown(t *testing.T) {
	for _, reopen := range []bool{false, true} {
		smallN, smallB := typingCost(2_000, reopen)
		bigN, bigB := typingCost(40_000, reopen)
		t.Logf("reopening find %v, a cycle: %.0f allocations, %.0f bytes at 2,000; %.0f, %.0f at 40,000", reopen, smallN, smallB, bigN, bigB)
		assert.LessOrEqual(t, bigN, smallN*1.1+20, "allocations (reopening find %v)", reopen)
		assert.LessOrEqual(t, bigB, smallB*1.1+64<<10, "bytes (reopening find %v)", reopen)
	}
}
