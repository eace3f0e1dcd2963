package ui

import (
	"fmt"
	"github.com/hubcontacts/hubcontacts/ui/table"
	"runtime"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
)

// Benchmarks: the contact list against a bubbles list.Model holding the same contacts. Run in
// one go with `go test ./ui -run '^$' -bench . -benchmem`.

// benchContact is one synthetic contact, as both lists show it.
type benchContact struct{ id, first, last, email, company, stage string }

func benchContacts(n int) []benchContact {
	out := make([]benchContact, n)
	stages := []string{"Lead", "Customer", "Opportunity", "Subscriber"}
	for i := range out {
		out[i] = benchContact{
			id: fmt.Sprint(1000 + i), first: fmt.Sprintf("First%d", i), last: fmt.Sprintf("Last%d", i),
			email: fmt.Sprintf("user%d@example%d.com", i, i%97), company: fmt.Sprintf("Company %d", i%1000),
			stage: stages[i%len(stages)],
		}
	}
	return out
}

// benchList is our list pane at 120×33 (the body of a 120×36 screen) with n contacts loaded
// and every page loaded (no requests).
func benchList(n int) *listPane {
	e := testEnv()
	e.after = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil } // no debounce
	l := newListPane(e)
	rows := make([]row, n)
	for i, c := range benchContacts(n) {
		rows[i] = table.NewRow(c.id, []string{c.first, c.last, c.email, c.company, c.stage},
			contact{id: c.id, name: c.first + " " + c.last, email: c.email, company: c.company})
	}
	l.table.SetRows(rows, nil, nil)
	l.done = true
	l.SetSize(120, 33)
	return l
}

// bubblesItem is a contact as a bubbles list item.
type bubblesItem struct{ c benchContact }

func (i bubblesItem) Title() string       { return i.c.first + " " + i.c.last }
func (i bubblesItem) Description() string { return i.c.email + " · " + i.c.company }
func (i bubblesItem) FilterValue() string {
	return i.c.first + " " + i.c.last + " " + i.c.email + " " + i.c.company + " " + i.c.stage
}

func benchBubbles(n int) list.Model {
	items := make([]list.Item, n)
	for i, c := range benchContacts(n) {
		items[i] = bubblesItem{c}
	}
	return list.New(items, list.NewDefaultDelegate(), 120, 33)
}

var down, up = tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}

// BenchmarkCursorMove is one key press moving the cursor and the frame that follows.
func BenchmarkCursorMove(b *testing.B) {
	const n = 100_000
	b.Run("ours/100k", func(b *testing.B) {
		l := benchList(n)
		l.table.Move(n / 2)
		runtime.GC() // the setup's garbage is not the frame's to collect
		b.ResetTimer()
		for i := range b.N {
			l.Update([]tea.KeyMsg{down, up}[i%2])
			_ = l.View()
		}
	})
	b.Run("bubbles/100k", func(b *testing.B) {
		m := benchBubbles(n)
		m.Select(n / 2)
		runtime.GC() // the setup's garbage is not the frame's to collect
		b.ResetTimer()
		for i := range b.N {
			m, _ = m.Update([]tea.KeyMsg{down, up}[i%2])
			_ = m.View()
		}
	})
}

// BenchmarkFrame is our list's frame (View) with 1,000 and 100,000 contacts loaded: it must
// not grow with the count.
func BenchmarkFrame(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("ours/%d", n), func(b *testing.B) {
			l := benchList(n)
			l.table.Move(n / 2)
			runtime.GC() // the setup's garbage is not the frame's to collect
			b.ResetTimer()
			for range b.N {
				_ = l.View()
			}
		})
	}
}

// BenchmarkFilterKeystroke is one key typed into the filter, the filtering it starts (run here
// on the benchmark's goroutine; in the app it runs off the UI goroutine) and the frame showing
// the answer. "first" types the first letter (every contact is scanned); "next" types the
// sixth letter of "First1" (ours narrows to the answer of the fifth; bubbles scans all).
func BenchmarkFilterKeystroke(b *testing.B) {
	const n = 100_000
	for _, c := range []struct{ name, before, key string }{{"first", "", "f"}, {"next", "First", "1"}} {
		b.Run("ours/"+c.name, func(b *testing.B) { benchOursFilter(b, n, c.before, c.key) })
		b.Run("bubbles/"+c.name, func(b *testing.B) { benchBubblesFilter(b, n, c.before, c.key) })
	}
}

func benchOursFilter(b *testing.B, n int, before, k string) {
	l := benchList(n)
	runtime.GC() // the setup's garbage is not the frame's to collect
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		f := newFindPane(l.env, l.cols, l.table.Rows())
		f.SetSize(120, 33)
		typeInto(f, before)
		b.StartTimer()
		typeInto(f, k)
		_ = f.View()
	}
}

// typeInto types s into the find pane and delivers the local filter's answers (the debounced
// HubSpot search is not part of a keystroke: it runs later, once typing pauses).
func typeInto(f *findPane, s string) {
	for _, r := range s {
		cmd, _ := f.typeKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		for _, msg := range run(cmd) {
			if d, ok := msg.(doneMsg); ok && d.label == "" {
				d.then()
			}
		}
	}
}

func benchBubblesFilter(b *testing.B, n int, before, k string) {
	base := benchBubbles(n)
	runtime.GC() // the setup's garbage is not the frame's to collect
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		m := base
		m.SetFilterText(before)
		m.SetFilterState(list.Filtering)
		b.StartTimer()
		m = bubblesType(m, k)
		_ = m.View()
	}
}

// bubblesType types s into a filtering bubbles list and delivers its filter's answers.
func bubblesType(m list.Model, s string) list.Model {
	for _, r := range s {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		for _, msg := range run(cmd) {
			if fm, ok := msg.(list.FilterMatchesMsg); ok {
				m, _ = m.Update(fm)
			}
		}
	}
	return m
}
