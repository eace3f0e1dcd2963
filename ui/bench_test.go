package ui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	btable "github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
)

// Benchmarks: the contact list and find with 100,000 contacts loaded, against bubbles' list.Model
// (with its page dots, its default; without them; with its arabic "3/9,091" pager instead) and
// bubbles' table.Model holding the same contacts, in one run:
//
//	go test ./ui -run '^$' -bench . -benchmem
//
// Every peer is measured in the same run as ours, so compare ratios, not absolute times. The
// frames are drawn in colour (a true-colour terminal), ours in the colour theme, as a user sees
// them.

const benchN = 100_000

// Word lists for the synthetic contacts: names, companies and emails of the sandbox's lengths.
var (
	benchFirst = []string{"Amara", "Jonas", "Maria", "Sam", "Lena", "Anna", "Bert", "Chidi", "Emma", "Farid",
		"Grace", "Hiro", "Ines", "Jamal", "Kofi", "Lucia", "Mateo", "Nadia", "Oskar", "Priya"}
	benchLast = []string{"Kamau", "Berg", "Garcia", "Okafor", "Becker", "Goldenberg", "Nguyen", "Rossi",
		"Schmidt", "Tanaka", "Silva", "Novak", "Haddad", "Olsen", "Ibrahim", "Kowalski", "Dubois"}
	benchCompanyA = []string{"Sakuraworks", "Northwind", "Brightspring", "Bluefin", "Cedar", "Ironbark",
		"Lumen", "Quill", "Redwood", "Solstice", "Tidewater", "Vertex", "Willow", "Zephyr"}
	benchCompanyB = []string{"Foods", "Traders", "Labs", "Logistics", "Health", "Media", "Energy", "Systems"}
	benchStages   = []string{"lead", "customer", "opportunity", "subscriber", "marketingqualifiedlead"}
)

// benchObjects are n contacts as HubSpot's list returns them (the properties the list asks for).
func benchObjects(n int) []*api.Object {
	out := make([]*api.Object, n)
	for i := range out {
		first, last := benchFirst[i%len(benchFirst)], benchLast[i/len(benchFirst)%len(benchLast)]
		a, b := benchCompanyA[i/7%len(benchCompanyA)], benchCompanyB[i/3%len(benchCompanyB)]
		id := fmt.Sprint(1_000_001 + i)
		out[i] = &api.Object{ID: id, Properties: map[string]string{
			"hs_object_id": id, "firstname": first, "lastname": last,
			"email":   fmt.Sprintf("%s.%s%d@%s-%s.com", strings.ToLower(first), strings.ToLower(last), i%1000, strings.ToLower(a), strings.ToLower(b)),
			"company": a + " " + b, "lifecyclestage": benchStages[i%len(benchStages)],
			"createdate": "2026-01-02T03:04:05.678Z", "lastmodifieddate": "2026-02-03T04:05:06.789Z",
		}}
	}
	return out
}

var benchCols = columns{keys: config.DefaultColumns()}

// benchRows are the rows our list holds for n contacts, formatted as a page is.
func benchRows(n int) []row { return benchCols.rows(nil, benchObjects(n)) }

// benchEnv is the app's env in the colour theme, with no pauses (a debounce runs at once when
// asked) and, for find, HubSpot's search answering with hub's objects.
func benchEnv(hub Backend) *env {
	e := testEnv()
	e.theme = ColorTheme("dark")
	e.after = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	e.hub = hub
	return e
}

// colour draws in true colour for the benchmark, and back to plain text after.
func colour(b *testing.B) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

// benchList is our list pane at 120×33 (the body of a 120×36 screen) with the rows loaded and
// every page loaded (no requests).
func benchList(rows []row) *listPane {
	l := newListPane(benchEnv(nil))
	l.loaded(listPage{pages: encodePages(rows), reset: true}, nil) // as the pages land
	l.done = true
	l.SetSize(120, 33)
	return l
}

// benchApp is the whole screen (header, the list, status bar, footer) at 120×36.
func benchApp(rows []row) *App {
	l := benchList(rows)
	m := newApp(l.env, l, "", nil)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	return m
}

// bubblesItem is a contact as a bubbles list item: its row, as our list holds it.
type bubblesItem struct{ r row }

func (i bubblesItem) Title() string       { return i.r.Value.name }
func (i bubblesItem) Description() string { return i.r.Value.email + " · " + i.r.Value.company }
func (i bubblesItem) FilterValue() string { return i.r.Key }

// pager is how a bubbles list shows its pages.
type pager int

const (
	dots    pager = iota // its default: a dot per page
	arabic               // "3/9,091"
	noPager              // SetShowPagination(false)
)

var pagers = []struct {
	name string
	p    pager
}{{"bubbles-list-dots", dots}, {"bubbles-list-arabic", arabic}, {"bubbles-list-nodots", noPager}}

// benchBubbles is a bubbles list.Model holding rows: the whole screen at 120×36 (its title,
// status bar, items, pager and help).
func benchBubbles(rows []row, p pager) list.Model {
	items := make([]list.Item, len(rows))
	for i, r := range rows {
		items[i] = bubblesItem{r}
	}
	m := list.New(items, list.NewDefaultDelegate(), 120, 36)
	m.Title = "Contacts"
	switch p {
	case arabic:
		m.Paginator.Type = paginator.Arabic
	case noPager:
		m.SetShowPagination(false)
	}
	return m
}

// benchTable is a bubbles table.Model holding the same cells, sized as our table (120×33).
func benchTable(rows []row) btable.Model {
	cols := make([]btable.Column, len(benchCols.keys))
	for i, k := range benchCols.keys {
		cols[i] = btable.Column{Title: benchCols.title(k), Width: []int{12, 12, 38, 28, 16}[i]}
	}
	trows := make([]btable.Row, len(rows))
	for i, r := range rows {
		trows[i] = btable.Row(r.Cells)
	}
	t := btable.New(btable.WithColumns(cols), btable.WithRows(trows), btable.WithHeight(33), btable.WithWidth(120), btable.WithFocused(true))
	t.SetStyles(btable.DefaultStyles())
	return t
}

// tableScreen is a bubbles table.Model as a whole screen: a header line, the table, a status
// line and the help line, as ours has.
type tableScreen struct {
	t    btable.Model
	help help.Model
}

func (s *tableScreen) View() string {
	header := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#8E8BFF")).Render("hubcontacts") +
		lipgloss.NewStyle().Foreground(lipgloss.Color("#8A8A8A")).Render(" · work · portal 12345678")
	status := lipgloss.NewStyle().Foreground(lipgloss.Color("#8A8A8A")).Render(fmt.Sprintf("%*s", 120, "100,000 loaded"))
	return strings.Join([]string{header, s.t.View(), status, s.help.View(s.t.KeyMap)}, "\n")
}

var down, up = tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}

// BenchmarkCursorMove is one key press moving the cursor in the middle of 100,000 contacts and
// the frame that follows: the table alone (ours, bubbles' table.Model), then the whole screen
// (ours: header, table, status bar, footer; bubbles' list in each pager; table.Model with a
// header, a status line and its help).
func BenchmarkCursorMove(b *testing.B) {
	colour(b)
	rows := benchRows(benchN)
	keys := []tea.KeyMsg{down, up}
	b.Run("table/ours", func(b *testing.B) {
		l := benchList(rows)
		l.table.Move(benchN / 2)
		c := startClock(b)
		for i := range b.N {
			l.table.Move(1 - 2*(i%2)) // what ↓ and ↑ do
			l.more()
			_ = l.View()
		}
		c.stop()
	})
	b.Run("table/bubbles-table", func(b *testing.B) {
		t := benchTable(rows)
		t.SetCursor(benchN / 2)
		c := startClock(b)
		for i := range b.N {
			t, _ = t.Update(keys[i%2])
			_ = t.View()
		}
		c.stop()
	})
	b.Run("screen/ours", func(b *testing.B) {
		m := benchApp(rows)
		m.top().(*listPane).table.Move(benchN / 2)
		c := startClock(b)
		for i := range b.N {
			m.Update(keys[i%2])
			_ = m.View()
		}
		c.stop()
	})
	for _, p := range pagers {
		b.Run("screen/"+p.name, func(b *testing.B) {
			m := benchBubbles(rows, p.p)
			m.Select(benchN / 2)
			c := startClock(b)
			for i := range b.N {
				m, _ = m.Update(keys[i%2])
				_ = m.View()
			}
			c.stop()
		})
	}
	b.Run("screen/bubbles-table", func(b *testing.B) {
		s := &tableScreen{t: benchTable(rows), help: help.New()}
		s.t.SetCursor(benchN / 2)
		c := startClock(b)
		for i := range b.N {
			s.t, _ = s.t.Update(keys[i%2])
			_ = s.View()
		}
		c.stop()
	})
}

// clock is the benchmark's timer, and the CPU time the process used while it ran (cpu-ns/op:
// on a busy machine the wall time also counts the time other processes held the CPU).
type clock struct {
	b        *testing.B
	cpu, was time.Duration
}

// startClock collects the setup's garbage (not the frame's to collect) and starts the clock.
func startClock(b *testing.B) *clock {
	runtime.GC()
	b.ResetTimer()
	return &clock{b: b, was: cpuTime()}
}

// pause stops the clock for setup; resume collects the setup's garbage and starts it again.
func (c *clock) pause() {
	c.cpu += cpuTime() - c.was
	c.b.StopTimer()
}

func (c *clock) resume() {
	runtime.GC()
	c.b.StartTimer()
	c.was = cpuTime()
}

// stop reports the CPU time per operation.
func (c *clock) stop() {
	c.pause()
	c.b.ReportMetric(float64(c.cpu)/float64(c.b.N), "cpu-ns/op")
}

// BenchmarkFrame is our list's frame (View) with 1,000 and 100,000 contacts loaded: it must
// not grow with the count.
func BenchmarkFrame(b *testing.B) {
	colour(b)
	for _, n := range []int{1_000, benchN} {
		b.Run(fmt.Sprintf("ours/%d", n), func(b *testing.B) {
			l := benchList(benchRows(n))
			l.table.Move(n / 2)
			c := startClock(b)
			for range b.N {
				_ = l.View()
			}
			c.stop()
		})
	}
}

// BenchmarkFindKeystroke is one key typed into find with 100,000 contacts loaded, the ranking
// it starts (run here on the benchmark's goroutine; in the app it runs off the UI goroutine)
// and the frame showing the answer. "first" types m (every contact matches: each email holds
// ".com"); "next" types a after m (ours ranks within m's answer). The peers type into bubbles'
// list filter and draw its whole screen.
func BenchmarkFindKeystroke(b *testing.B) {
	colour(b)
	rows := benchRows(benchN)
	for _, k := range []struct{ name, before, key string }{{"first", "", "m"}, {"next", "m", "a"}} {
		b.Run(k.name+"/ours", func(b *testing.B) {
			l := benchList(rows)
			c := startClock(b)
			for range b.N {
				c.pause()
				f := benchFind(l, k.before)
				c.resume()
				typeInto(f, k.key)
				_ = f.View()
			}
			c.stop()
		})
		for _, p := range pagers {
			b.Run(k.name+"/"+p.name, func(b *testing.B) {
				base := benchBubbles(rows, p.p)
				c := startClock(b)
				for range b.N {
					c.pause()
					m := base
					m.SetFilterText(k.before)
					m.SetFilterState(list.Filtering)
					c.resume()
					m = bubblesType(m, k.key)
					_ = m.View()
				}
				c.stop()
			})
		}
	}
}

// benchFind opens find over the list, as / does, with before typed and its answer shown.
func benchFind(l *listPane, before string) *findPane {
	l.find()
	f := l.takeNav()[0].next.(*findPane)
	f.SetSize(120, 33)
	typeInto(f, before)
	return f
}

// typeInto types s into the find pane and delivers the local ranking's answers (HubSpot's
// search is not part of a keystroke: it runs once typing pauses).
func typeInto(f *findPane, s string) {
	for _, r := range s {
		pressInFind(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// bubblesType types s into a filtering bubbles list and delivers its filter's answers.
func bubblesType(m list.Model, s string) list.Model {
	for _, r := range s {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		m = bubblesDeliver(m, cmd)
	}
	return m
}

func bubblesDeliver(m list.Model, cmd tea.Cmd) list.Model {
	for _, msg := range run(cmd) {
		if fm, ok := msg.(list.FilterMatchesMsg); ok {
			m, _ = m.Update(fm)
		}
	}
	return m
}

// benchHub answers find's search with its results (and nothing else is asked in a benchmark).
type benchHub struct {
	Backend
	results []*api.Object
}

func (h benchHub) SearchContacts(context.Context, api.SearchRequest) (api.SearchPage, error) {
	return api.SearchPage{Results: h.results, Total: len(h.results)}, nil
}

// BenchmarkFindAnswer is HubSpot's search answer (50 contacts, none of them loaded) landing on
// a broad find ("ma" with 100,000 loaded: most of them match or come close): what the UI
// goroutine does with it (merging it into the results) and the frame that shows it. The peer
// adds the 50 to a bubbles list filtering "ma" (SetItems: it filters again) and draws it.
func BenchmarkFindAnswer(b *testing.B) {
	colour(b)
	rows := benchRows(benchN)
	answer := benchObjects(benchN + serverResults)[benchN:]
	b.Run("ours", func(b *testing.B) {
		l := benchList(rows)
		l.env.hub = benchHub{results: answer}
		c := startClock(b)
		for range b.N {
			c.pause()
			f := benchFind(l, "ma")
			var land func() tea.Cmd
			for _, msg := range run(f.startSearch()) { // HubSpot's answer, made rows off the UI goroutine
				if d, ok := msg.(doneMsg); ok {
					land = d.then
				}
			}
			c.resume()
			land()
			_ = f.View()
		}
		c.stop()
	})
	for _, p := range pagers {
		b.Run(p.name, func(b *testing.B) {
			base := benchBubbles(rows, p.p)
			more := base.Items()
			for _, r := range benchCols.rows(nil, answer) {
				more = append(more, bubblesItem{r})
			}
			c := startClock(b)
			for range b.N {
				c.pause()
				m := base
				m.SetFilterText("ma")
				m.SetFilterState(list.Filtering)
				m = bubblesDeliver(m, nil)
				c.resume()
				m = bubblesDeliver(m, m.SetItems(more))
				_ = m.View()
			}
			c.stop()
		})
	}
}

// heldMB is the heap in use after a collection, in MB.
func heldMB() float64 {
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return float64(s.HeapAlloc) / 1e6
}

// BenchmarkMemory is the heap the list holds with 100,000 contacts loaded (formatted from
// HubSpot's pages as the app does, the pages then dropped) and the heap find adds once "ma" is
// typed and shown, ours and the peers holding the same contacts ("MB-held", after a collection;
// "MB-allocated" for find is what typing allocated in all).
func BenchmarkMemory(b *testing.B) {
	colour(b)
	load := func(b *testing.B, hold func(rows []row) any) {
		var held float64
		for range b.N {
			before := heldMB()
			v := hold(benchRows(benchN)) // the pages are dropped once formatted
			held = heldMB() - before
			runtime.KeepAlive(v)
		}
		b.ReportMetric(held, "MB-held")
	}
	b.Run("list/ours", func(b *testing.B) { load(b, func(rows []row) any { return benchList(rows) }) })
	b.Run("list/bubbles-list", func(b *testing.B) { load(b, func(rows []row) any { return benchBubbles(rows, dots) }) })
	b.Run("list/bubbles-table", func(b *testing.B) { load(b, func(rows []row) any { return benchTable(rows) }) })

	typed := func(b *testing.B, setup func() any, typeMA func(any) any) {
		var held, alloc float64
		for range b.N {
			v := setup()
			var s runtime.MemStats
			before := heldMB()
			runtime.ReadMemStats(&s)
			total := s.TotalAlloc
			w := typeMA(v)
			runtime.ReadMemStats(&s)
			alloc = float64(s.TotalAlloc-total) / 1e6
			held = heldMB() - before
			runtime.KeepAlive(v)
			runtime.KeepAlive(w)
		}
		b.ReportMetric(held, "MB-held")
		b.ReportMetric(alloc, "MB-allocated")
	}
	b.Run("find-ma/ours", func(b *testing.B) {
		typed(b, func() any { return benchList(benchRows(benchN)) }, func(v any) any {
			f := benchFind(v.(*listPane), "ma")
			_ = f.View()
			return f
		})
	})
	b.Run("find-ma/bubbles-list", func(b *testing.B) {
		typed(b, func() any { return benchBubbles(benchRows(benchN), dots) }, func(v any) any {
			m := v.(list.Model)
			m.SetFilterState(list.Filtering)
			m = bubblesType(m, "ma")
			_ = m.View()
			return m
		})
	})
}

// BenchmarkFindOpen is / pressed with 100,000 contacts loaded: find opens over the list and
// draws its first frame. The peers start their filter and draw.
func BenchmarkFindOpen(b *testing.B) {
	colour(b)
	rows := benchRows(benchN)
	b.Run("ours", func(b *testing.B) {
		l := benchList(rows)
		c := startClock(b)
		for range b.N {
			l.find()
			f := l.takeNav()[0].next.(*findPane)
			f.SetSize(120, 33)
			_ = f.View()
		}
		c.stop()
	})
	for _, p := range pagers {
		b.Run(p.name, func(b *testing.B) {
			base := benchBubbles(rows, p.p)
			c := startClock(b)
			for range b.N {
				m := base
				m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
				_ = m.View()
			}
			c.stop()
		})
	}
}
