package ui

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// findPane is the one find box. As the text changes, the loaded rows filter at once (fuzzy, off
// the UI goroutine); after a short pause HubSpot's search runs, and when the text is a whole
// email an exact get by email runs too (it sees a contact created a moment ago, which search
// does not yet, and resolves secondary emails). Enter opens the best match, but only once the
// answers for the text on screen have landed: pressed earlier, it waits for them.
type findPane struct {
	paneBase
	input  textinput.Model
	cols   columns
	listed []row // the list's rows when find opened; read-only, shared with filter runs
	table  *table

	gen      int           // bumped by every change of the text; answers carry the gen they are for
	latest   *atomic.Int64 // gen, for filter runs to see they are superseded and stop
	text     string        // the text of gen, trimmed
	local    *filterAnswer
	prev     *filterAnswer // the latest local answer, for narrowing
	extra    []row         // the exact match, then HubSpot's results, for text
	searched bool          // HubSpot's search answered for gen
	exacted  bool          // the exact get answered for gen
	started  bool          // the search for gen has been sent
	search   call
	exact    call
	pending  bool // enter was pressed before the answers landed
	moved    bool // the user moved the cursor since the text changed
}

// searchDelay is the pause in typing after which HubSpot's search runs.
const searchDelay = 300 * time.Millisecond

// serverResults is how many results HubSpot's search returns for the box.
const serverResults = 50

func newFindPane(e *env, cols columns, base []row) *findPane {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, email or company"
	in.CharLimit = 256
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing re-renders while idle
	in.Focus()
	f := &findPane{paneBase: newPaneBase(e), input: in, cols: cols, listed: slices.Clip(base), table: newTable(e.theme, cols.table()),
		latest: new(atomic.Int64)}
	f.table.SetRows(f.listed, nil, nil)
	f.local = &filterAnswer{rows: f.listed}
	return f
}

func (f *findPane) Init() tea.Cmd { return nil }

func (f *findPane) Title() string { return "Find" }

// typing: the box has the focus, so q and ? are typed, not obeyed.
func (f *findPane) typing() bool { return true }

func (f *findPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tea.MouseMsg); ok {
		return f, f.mouse(m)
	}
	return f, nil
}

// keys: the ones a box cannot take as text (the footer names them that way: ↑, not k).
func (f *findPane) keys() []binding {
	km := f.env.keys
	move := func(by func()) func() tea.Cmd {
		return func() tea.Cmd {
			by()
			f.moved = true
			return nil
		}
	}
	return []binding{
		{key: km.Submit, help: "open best match", run: f.enter, group: "Find"},
		{key: km.Up, help: "choose", run: move(func() { f.table.Move(-1) })},
		{key: km.Down, help: "choose", run: move(func() { f.table.Move(1) }), more: true},
		{key: km.Cancel, help: "clear / back", run: f.cancel},
		{key: km.PageDown, run: move(func() { f.table.Page(1) }), more: true},
		{key: km.PageUp, run: move(func() { f.table.Page(-1) }), more: true},
		{key: km.Export, help: "export the ones shown", run: f.export, more: true},
	}
}

// typeKey edits the text; a change starts the answers for it.
func (f *findPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(typed(k))
	if f.input.Value() != before {
		return tea.Batch(cmd, f.changed()), true
	}
	return cmd, true
}

// cancel clears the box, or leaves when it is empty.
func (f *findPane) cancel() tea.Cmd {
	if f.input.Value() == "" {
		f.pop()
		return nil
	}
	f.input.SetValue("")
	return f.changed()
}

func (f *findPane) export() tea.Cmd {
	f.push(f.exportShown())
	return nil
}

// changed starts the answers for new text: the local filter now, HubSpot after a pause.
func (f *findPane) changed() tea.Cmd {
	f.gen++
	f.latest.Store(int64(f.gen))
	f.text = strings.TrimSpace(f.input.Value())
	f.local, f.extra = nil, nil
	f.searched, f.exacted, f.started = false, false, false
	f.search.stop() // answers to earlier text are no longer awaited
	f.exact.stop()
	f.pending, f.moved = false, false
	gen := f.gen
	q := filterQuery{seq: gen, pattern: f.text, rows: f.listed, within: narrowing(f.prev, f.text, f.listed), latest: f.latest}
	filter := request(&f.paneBase, nil, "", func(context.Context) (filterAnswer, error) { return q.run(), nil },
		func(a filterAnswer, _ error) tea.Cmd { return f.filtered(a) })
	if !f.needsServer() {
		return filter
	}
	debounce := later(&f.paneBase, searchDelay, func() tea.Cmd {
		if gen != f.gen {
			return nil
		}
		return f.startSearch()
	})
	return tea.Batch(filter, debounce)
}

// needsServer: HubSpot is asked once the text has two characters.
func (f *findPane) needsServer() bool { return len([]rune(f.text)) >= 2 }

func (f *findPane) filtered(a filterAnswer) tea.Cmd {
	if a.seq != f.gen {
		return nil // an answer for text no longer on screen
	}
	f.local, f.prev = &a, &a
	f.show()
	return f.openIfReady()
}

// startSearch sends HubSpot's search and, for a whole email, the exact get.
func (f *findPane) startSearch() tea.Cmd {
	if f.started || !f.needsServer() {
		return nil
	}
	f.started = true
	e, text, props := f.env, f.text, f.cols.properties()
	search := f.lookup(&f.search, "Searching HubSpot", func(ctx context.Context) ([]*api.Object, error) {
		p, err := e.hub.SearchContacts(ctx, api.SearchRequest{Query: text, Properties: props, Limit: serverResults})
		return p.Results, err
	}, func(rows []row) {
		f.searched = true
		f.extra = append(f.extra, rows...)
	})
	if !isEmail(text) {
		f.exacted = true
		return search
	}
	exact := f.lookup(&f.exact, "Looking up "+sanitize.Display(text), func(ctx context.Context) ([]*api.Object, error) {
		o, err := e.hub.GetContact(ctx, text, api.GetOptions{Properties: props})
		switch {
		case api.IsNotFound(err):
			return nil, nil
		case err != nil:
			return nil, err
		}
		return []*api.Object{o}, nil
	}, func(rows []row) {
		f.exacted = true
		f.extra = append(rows, f.extra...)
	})
	return tea.Batch(search, exact)
}

// lookup sends one lookup whose answer becomes rows off the UI goroutine; took takes them. An
// error counts as an answer with nothing in it (the status bar shows the error).
func (f *findPane) lookup(c *call, label string, fn func(context.Context) ([]*api.Object, error), took func([]row)) tea.Cmd {
	cols := f.cols
	return request(&f.paneBase, c, label, func(ctx context.Context) ([]row, error) {
		objs, err := fn(ctx)
		return cols.rows(nil, objs), err
	}, func(rows []row, _ error) tea.Cmd {
		took(rows)
		f.show()
		return f.openIfReady()
	})
}

// ready: every answer for the text on screen has landed.
func (f *findPane) ready() bool {
	if f.local == nil {
		return false
	}
	return !f.needsServer() || (f.searched && f.exacted)
}

// enter opens the best match now, or as soon as the answers land.
func (f *findPane) enter() tea.Cmd {
	if f.ready() {
		return f.openSelected()
	}
	f.pending = true
	return f.startSearch()
}

func (f *findPane) openIfReady() tea.Cmd {
	if !f.pending || !f.ready() {
		return nil
	}
	f.pending = false
	return f.openSelected()
}

func (f *findPane) openSelected() tea.Cmd {
	r, ok := f.table.Selected()
	if !ok {
		return notice("No contact matches “" + sanitize.Display(f.text) + "”")
	}
	f.push(newDetailPane(f.env, r.id, r.name))
	return nil
}

// show lays out what has landed for the text: the exact match, HubSpot's results, then the
// loaded rows that match, each contact once.
func (f *findPane) show() {
	rows, view, hl := f.merge()
	f.table.SetRows(rows, view, hl)
	if !f.moved {
		f.table.Top()
	}
}

func (f *findPane) merge() ([]row, []int, [][]int) {
	if len(f.extra) == 0 && f.local == nil {
		return f.listed, []int{}, nil
	}
	if len(f.extra) == 0 {
		return f.listed, f.local.view, f.local.hl
	}
	rows := append(f.listed, f.extra...) // listed is clipped: this copies, the list's rows stay put
	seen := make(map[string]bool, len(f.extra))
	var view []int
	var hl [][]int
	for i, r := range f.extra {
		if !seen[r.id] {
			seen[r.id] = true
			view, hl = append(view, len(f.listed)+i), append(hl, matchOffsets(f.text, r.key))
		}
	}
	if f.local != nil {
		view, hl = f.appendLocal(view, hl, seen)
	}
	return rows, view, hl
}

// appendLocal adds the loaded rows that matched and are not among HubSpot's answers.
func (f *findPane) appendLocal(view []int, hl [][]int, seen map[string]bool) ([]int, [][]int) {
	if f.local.view == nil { // blank text: every loaded row
		for i := range f.listed {
			if !seen[f.listed[i].id] {
				view, hl = append(view, i), append(hl, nil)
			}
		}
		return view, hl
	}
	for j, i := range f.local.view {
		if !seen[f.listed[i].id] {
			view, hl = append(view, i), append(hl, f.local.hl[j])
		}
	}
	return view, hl
}

// matchOffsets highlights a HubSpot result: where the text fuzzily matches its cells.
func matchOffsets(text, key string) []int {
	if text == "" {
		return nil
	}
	m := fuzzy.Find(text, []string{key})
	if len(m) == 0 {
		return nil
	}
	return m[0].MatchedIndexes
}

// isEmail reports whether s is a whole email address (something@domain.tld, no spaces).
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t<>,;") || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}

// boxHeight is the lines above the table: the bordered box and the line of counts.
const boxHeight = 4

func (f *findPane) mouse(m tea.MouseMsg) tea.Cmd {
	m.Y -= boxHeight
	if mouseTable(f.table, m) {
		return f.enter()
	}
	f.moved = true
	return nil
}

func (f *findPane) SetSize(w, h int) {
	f.paneBase.SetSize(w, h)
	f.input.Width = max(10, w-6)
	f.table.SetSize(w, h-boxHeight)
}

func (f *findPane) View() string {
	box := f.env.theme.FocusedBox.Width(max(10, f.width-2)).Render(f.input.View())
	return box + "\n" + f.env.theme.Dim.Render(f.counts()) + "\n" + f.table.View()
}

// counts says what has landed: matches among the loaded rows, HubSpot's answers.
func (f *findPane) counts() string {
	s := "  filtering…"
	if f.local != nil {
		s = "  " + thousands(f.table.Len()) + " shown · loaded " + thousands(len(f.listed))
	}
	switch {
	case !f.needsServer():
	case !f.searched || !f.exacted:
		s += " · searching HubSpot…"
	default:
		s += " · HubSpot answered"
	}
	if f.pending {
		s += " · enter opens the best match when it lands"
	}
	return s
}

func (f *findPane) Info() string {
	if f.text == "" {
		return "type to find"
	}
	return ""
}
