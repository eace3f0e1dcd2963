package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/filter"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// findPane is the one find box. Words rank the loaded contacts at once (rank.go, off the UI
// goroutine) and, after a pause, ask HubSpot's search too, with an exact get when the text is a
// whole email (it sees a contact created a moment ago, which search does not yet, and resolves
// secondary emails). Filter terms (internal/filter) go to HubSpot's search alone. Enter opens
// the best match only once the answers for the text on screen have landed, so a quick enter
// never opens a stale one.
type findPane struct {
	paneBase
	input  textinput.Model
	cols   columns
	listed []row      // the list's rows when find opened; read-only, shared with rank runs
	index  *rankIndex // listed, ready to rank (built once)
	// With the local index (indexfind.go) words are found in it, the whole portal, at every
	// keystroke: listed and index then hold its answer for the text, listRows and listIx the
	// list's rows; the count is the index's, exact or estimated.
	listRows   []row
	listIx     *rankIndex
	ixCount    int
	ixEstimate bool
	table      *contactTable

	// The list's view: its filter (find looks within it), as written, and its sort.
	scope      scope
	viewFilter string
	sortBy     string
	desc       bool

	gen      int           // bumped by every change of the text; answers carry the gen they are for
	latest   *atomic.Int64 // gen, for rank runs to see they are superseded and stop
	text     string        // the text of gen, trimmed
	query    filter.Query  // the text, read
	bad      *filter.Error // a term that cannot be mapped
	local    *rankAnswer   // the loaded rows ranked for text
	prev     *rankAnswer   // the latest local answer, for narrowing
	prevText string
	extra    []row // the exact match, then HubSpot's results, for text
	extraIx  *rankIndex
	exactN   int  // how many of extra are the exact match
	searched bool // HubSpot's search answered for gen
	gotExact bool // the exact get by email answered for gen
	started  bool // the search for gen has been sent
	search   call
	exact    call
	pending  bool        // enter was pressed before the answers landed
	moved    bool        // the user moved the cursor since the text changed
	markTo   func([]row) // marks contacts in the list (see markInto)
	defsCall call        // the definitions, when a term needs them before the list has them

	// What is shown: the matches (exact, ranked, HubSpot's) then, under the cut-off, the close;
	// by position, which loaded row or tail row (view), and why (picks, for the highlight).
	view    []int
	picks   []hitIn
	tail    []row
	words   string
	matches int
	close   int

	// Filtered (terms): HubSpot's answer, or the local index's (fromIx), paged.
	found     []row
	total     int
	fromIx    bool
	after     string
	filtering call

	comp completion

	// title and pick make find a chooser (merge.go's "merge with…"): enter gives the best
	// match to pick instead of opening it.
	title string
	pick  func(row) tea.Cmd
}

// completion is tab's state: the choices for the input when tab was first pressed.
type completion struct {
	from    string // the input they complete
	choices []filter.Completion
	at      int // the choice shown; -1 before the first
}

// searchDelay is the pause in typing after which HubSpot's search runs.
const searchDelay = 300 * time.Millisecond

// serverResults is how many results HubSpot's search returns for the box's words.
const serverResults = 50

func newFindPane(e *env, cols columns, base []row) *findPane {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, email or company; or a filter: lifecycle:lead owner:me (tab completes)"
	in.CharLimit = 512
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing re-renders while idle
	in.Focus()
	listed := slices.Clip(base)
	f := &findPane{paneBase: newPaneBase(e), input: in, cols: cols, listed: listed, index: newRankIndex(listed, cols.keys),
		table: newTable[contact](e.theme, cols.table()), latest: new(atomic.Int64)}
	f.table.SetRows(f.listed, nil, nil)
	return f
}

// within makes find look within the list's view: its parsed filter, the filter as written and
// the list's sort (kept when the text is saved as a view).
func (f *findPane) within(s scope, viewFilter, sortBy string, desc bool) *findPane {
	f.scope, f.viewFilter, f.sortBy, f.desc = s, viewFilter, sortBy, desc
	return f
}

func (f *findPane) Init() tea.Cmd { return nil }

func (f *findPane) Title() string {
	if f.title != "" {
		return f.title
	}
	return "Find"
}

// typing: the box has the focus, so q and ? are typed, not obeyed.
func (f *findPane) typing() bool { return true }

func (f *findPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.MouseMsg:
		return f, f.mouse(m)
	case changedMsg:
		return f, f.contactsChanged(m)
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
			return f.more()
		}
	}
	enter := "open best match"
	if f.pick != nil {
		enter = "choose the best match"
	}
	return []binding{
		{key: km.Submit, help: enter, run: f.enter, group: "Find"},
		{key: km.Up, help: "choose", run: move(func() { f.table.Move(-1) })},
		{key: km.Down, help: "choose", run: move(func() { f.table.Move(1) }), more: true},
		{key: km.Complete, help: "complete a filter term", run: f.complete},
		{key: km.Cancel, help: "clear / back", run: f.cancel},
		{key: km.PageDown, run: move(func() { f.table.Page(1) }), more: true},
		{key: km.PageUp, run: move(func() { f.table.Page(-1) }), more: true},
		{key: km.Export, help: "export the matches", run: f.export, more: true},
		{key: km.SaveView, help: "save the filter as a view", run: f.saveView, more: true},
		{key: km.MarkAll, help: "mark all found", run: f.markFound, more: true,
			on: func() bool { return f.markTo != nil && f.matches > 0 }},
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

// changed starts the answers for new text: the local rank now, HubSpot after a pause; or, for
// terms, HubSpot's search after the pause; or, for a term that cannot be mapped, nothing.
func (f *findPane) changed() tea.Cmd {
	f.gen++
	f.latest.Store(int64(f.gen))
	f.text = strings.TrimSpace(f.input.Value())
	f.local, f.extra, f.extraIx, f.exactN, f.found, f.total, f.after = nil, nil, nil, 0, nil, 0, ""
	f.searched, f.gotExact, f.started = false, false, false
	f.search.stop() // answers to earlier text are no longer awaited
	f.exact.stop()
	f.filtering.stop()
	f.pending, f.moved = false, false
	if f.comp.from != "" && f.input.Value() != f.comp.shown() {
		f.comp = completion{}
	}
	if looksLikeTerms(f.text) && f.cols.defs == nil {
		return f.loadDefs()
	}
	f.query, f.bad = filter.Query{}, nil
	q, err := filter.Parse(f.text, f.env.filterEnv(f.cols.defs))
	if fe := (*filter.Error)(nil); errors.As(err, &fe) {
		f.bad = fe
		f.show()
		return nil
	}
	f.query = q
	if f.listRows != nil {
		f.listed, f.index = f.listRows, f.listIx // the list's rows until the index answers
	}
	if q.HasTerms() {
		f.show()
		gen := f.gen
		return later(&f.paneBase, searchDelay, func() tea.Cmd {
			if gen != f.gen {
				return nil
			}
			return f.startFilter()
		})
	}
	return f.rankLocal()
}

// looksLikeTerms: the text holds a term's sign, so reading it needs the definitions.
func looksLikeTerms(s string) bool { return strings.ContainsAny(s, ":=<>") }

// loadDefs fetches the property definitions (the list has not yet), then reads the text again.
func (f *findPane) loadDefs() tea.Cmd {
	e := f.env
	return request(&f.paneBase, &f.defsCall, "Loading property definitions", func(ctx context.Context) (*defs, error) {
		return loadDefs(ctx, e)
	}, func(d *defs, err error) tea.Cmd {
		if err != nil {
			return nil
		}
		f.cols.defs = d
		return f.changed()
	})
}

// rankLocal ranks the loaded rows for the words (a longer text only looks at the rows the
// shorter one matched), and schedules HubSpot's search.
func (f *findPane) rankLocal() tea.Cmd {
	gen, text, ix, latest := f.gen, f.query.Text(), f.index, f.latest
	var within []int32
	if f.prev != nil && f.prevText != "" && strings.HasPrefix(text, f.prevText) {
		within = f.prev.rowsOf()
	}
	stale := func() bool { return latest.Load() != int64(gen) }
	if f.fromIndex() {
		return f.findInIndex()
	}
	rank := request(&f.paneBase, nil, "", func(context.Context) (rankAnswer, error) {
		return ix.rank(text, within, stale), nil
	}, func(a rankAnswer, _ error) tea.Cmd {
		if gen != f.gen || ix != f.index {
			return nil // an answer for text no longer on screen, or rows since changed
		}
		f.local, f.prev, f.prevText = &a, &a, text
		f.show()
		return f.openIfReady()
	})
	if !f.needsServer() {
		return rank
	}
	debounce := later(&f.paneBase, searchDelay, func() tea.Cmd {
		if gen != f.gen {
			return nil
		}
		return f.startSearch()
	})
	return tea.Batch(rank, debounce)
}

// needsServer: HubSpot is asked once the words have two characters.
func (f *findPane) needsServer() bool { return len([]rune(f.query.Text())) >= 2 }

// startSearch sends HubSpot's search for the words (within the view) and, for a whole email,
// the exact get.
func (f *findPane) startSearch() tea.Cmd {
	if f.started || !f.needsServer() || f.query.HasTerms() {
		return nil
	}
	f.started = true
	e, text, props, s := f.env, f.query.Text(), f.cols.properties(), f.scope
	search := f.lookup(&f.search, "Searching HubSpot", func(ctx context.Context) ([]*api.Object, error) {
		p, err := e.hub.SearchContacts(ctx, api.SearchRequest{Query: strings.TrimSpace(s.text + " " + text), Groups: s.groups, Properties: props, Limit: serverResults})
		return p.Results, err
	}, func(rows []row) {
		f.searched = true
		f.extra = append(f.extra, rows...)
	})
	if !isEmail(text) {
		f.gotExact = true
		return search
	}
	exact := f.lookup(&f.exact, "Looking up "+sanitize.Display(text), func(ctx context.Context) ([]*api.Object, error) {
		if !s.empty() { // within a view: the address, as primary or secondary email, in the view
			p, err := e.hub.SearchContacts(ctx, api.SearchRequest{Properties: props, Limit: 2, Query: s.text,
				Groups: emailGroups(s, text)})
			return p.Results, err
		}
		o, err := e.hub.GetContact(ctx, text, api.GetOptions{Properties: props})
		switch {
		case api.IsNotFound(err):
			return nil, nil
		case err != nil:
			return nil, err
		}
		return []*api.Object{o}, nil
	}, func(rows []row) {
		f.gotExact = true
		f.exactN = len(rows)
		f.extra = append(rows, f.extra...)
	})
	return tea.Batch(search, exact)
}

// emailGroups finds an address as the primary or a secondary email (HubSpot's email filter does
// not look at secondary ones), within the scope's filter.
func emailGroups(s scope, email string) []api.FilterGroup {
	var base []api.Filter
	if len(s.groups) > 0 {
		base = s.groups[0].Filters
	}
	email = strings.ToLower(email)
	return []api.FilterGroup{
		api.Where(append(slices.Clone(base), api.Eq("email", email))...),
		api.Where(append(slices.Clone(base), api.Eq("hs_additional_emails", email))...),
	}
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
		f.extraIx = newRankIndex(f.extra, f.cols.keys)
		f.show()
		return f.openIfReady()
	})
}

// startFilter sends HubSpot's search for the terms (and the words), within the view.
func (f *findPane) startFilter() tea.Cmd {
	if f.started {
		return nil
	}
	f.started = true
	return f.filterPage("")
}

// filterPage asks for one page of the filter's contacts.
func (f *findPane) filterPage(after string) tea.Cmd {
	s := f.scope.and(f.query)
	q := pageQuery{cols: f.cols, sortBy: f.sortBy, desc: f.desc, after: after, scope: s, scoped: true}
	e := f.env
	return request(&f.paneBase, &f.filtering, "Searching HubSpot", func(ctx context.Context) (listPage, error) {
		return q.fetch(ctx, e)
	}, func(p listPage, err error) tea.Cmd {
		f.searched = true
		if err == nil {
			f.found = append(f.found, p.rows...)
			f.after, f.fromIx = p.after, p.local
			if p.total != 0 {
				f.total = p.total
			}
		}
		f.show()
		return tea.Batch(f.openIfReady(), f.more())
	})
}

// more loads the filter's next page when the cursor nears the end of what is loaded.
func (f *findPane) more() tea.Cmd {
	if !f.query.HasTerms() || f.filtering.busy() || f.after == "" {
		return nil
	}
	if f.table.Len()-f.table.Cursor() > prefetchScreens*f.table.Visible() {
		return nil
	}
	return f.filterPage(f.after)
}

// ready: every answer for the text on screen has landed.
func (f *findPane) ready() bool {
	switch {
	case f.bad != nil:
		return true
	case f.query.HasTerms():
		return f.searched
	case f.local == nil && f.text != "":
		return false
	}
	return !f.needsServer() || (f.searched && f.gotExact)
}

// enter opens the best match now, or as soon as the answers land.
func (f *findPane) enter() tea.Cmd {
	if f.ready() {
		return f.openSelected()
	}
	f.pending = true
	if f.query.HasTerms() {
		return f.startFilter()
	}
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
	if f.bad != nil {
		return notice(f.bad.Error())
	}
	r, ok := f.table.Selected()
	if !ok || r.ID == "" {
		return notice("No contact matches “" + sanitize.Display(f.text) + "”")
	}
	if f.pick != nil {
		return f.pick(r)
	}
	f.push(newDetailPane(f.env, r.ID, r.Value.name))
	return nil
}

// show lays out what has landed for the text.
func (f *findPane) show() {
	rows := f.layout()
	f.table.SetView(rows, f.tail, f.view, f.highlight)
	if !f.moved {
		f.table.Top()
	}
}

// highlight is the shown position's matched runes, worked out as it is drawn.
func (f *findPane) highlight(pos int) []int {
	if f.view == nil || pos >= len(f.picks) {
		return nil
	}
	p := f.picks[pos]
	switch {
	case p.hl != nil:
		return p.hl
	case p.ix == nil || p.h.field < 0:
		return nil
	}
	return p.ix.offsets(p.h, f.words)
}

// layout works out what is shown, and returns the rows the view indexes (then f.tail): for a
// filter, HubSpot's answer; for an empty box, every loaded row; for words, the matches — the
// exact one, the loaded rows and HubSpot's results ranked together, each contact once, then
// HubSpot's results the ranking cannot explain (a phone number) — and, under a cut-off, the
// close ones. It allocates nothing per loaded row (two arrays per answer: the view, the picks).
func (f *findPane) layout() []row {
	f.view, f.picks, f.tail, f.matches, f.close = nil, nil, nil, 0, 0
	switch {
	case f.bad != nil:
		return nil
	case f.query.HasTerms():
		f.matches = len(f.found)
		return f.found
	case f.text == "":
		return f.listed
	case f.local == nil && len(f.extra) == 0:
		return nil
	}
	f.words = f.query.Text()
	ix := f.index
	ix.newMarks()
	var local []hit
	if f.local != nil {
		local = f.local.hits
	}
	f.view, f.picks = make([]int, 0, len(local)+len(f.extra)+1), make([]hitIn, 0, len(local)+len(f.extra)+1)
	nLocal := 0 // the local matches: local[:nLocal]
	for nLocal < len(local) && local[nLocal].tier < tierClose {
		ix.mark(local[nLocal].row)
		nLocal++
	}
	fromHub := map[string]bool{} // the contacts shown from HubSpot's answers (a few)
	var server []hit
	if f.extraIx != nil {
		server = f.extraIx.rank(f.words, nil, nil).hits
		for i := range f.exactN { // the exact lookup's answer leads
			f.addTail(f.extra[i], hitIn{ix: f.extraIx, h: hit{row: int32(i), tier: tierWhole, field: -1}})
			fromHub[f.extra[i].ID] = true
		}
	}
	addLocal := func(h hit) {
		if len(fromHub) > 0 && fromHub[ix.rows[h.row].ID] {
			return
		}
		f.add(ix, h, int(h.row))
	}
	addServer := func(h hit) {
		r := f.extraIx.rows[h.row]
		if i, ok := ix.byID(r.ID); ok && ix.marked(i) || fromHub[r.ID] {
			return // the loaded row shows it
		}
		fromHub[r.ID] = true
		f.add(f.extraIx, h, -1)
	}
	li, si := 0, 0 // merge the two ranked lists, matches only
	for li < nLocal || si < len(server) && server[si].tier < tierClose {
		switch {
		case si >= len(server) || server[si].tier >= tierClose:
			addLocal(local[li])
			li++
		case li >= nLocal || (hitIn{ix: f.extraIx, h: server[si]}).compare(hitIn{ix: ix, h: local[li]}) < 0:
			addServer(server[si])
			si++
		default:
			addLocal(local[li])
			li++
		}
	}
	for i, r := range f.extra { // HubSpot found them; the ranking cannot say why (a phone number)
		if j, ok := ix.byID(r.ID); !fromHub[r.ID] && !(ok && ix.marked(j)) {
			fromHub[r.ID] = true
			f.addTail(r, hitIn{ix: f.extraIx, h: hit{row: int32(i), tier: tierWords, field: -1}})
		}
	}
	f.matches = len(f.view)
	rule := -1
	for _, h := range local[nLocal:] {
		if fromHub[ix.rows[h.row].ID] {
			continue // HubSpot's answer showed it among the matches
		}
		if rule < 0 {
			f.addTail(row{}, hitIn{})
			rule = len(f.tail) - 1
		}
		f.close++
		f.add(ix, h, int(h.row))
	}
	if rule >= 0 {
		f.tail[rule] = f.cutoff(f.close)
	}
	return f.listed
}

// add shows hit h of ix: the loaded row at (when not -1), or a tail row; a row found by a
// secondary email shows that address in its email cell.
func (f *findPane) add(ix *rankIndex, h hit, at int) {
	if h.field >= 0 && ix.fields[h.field].kind == fieldSecondary && h.tier != tierWords {
		if r, hl, ok := f.secondaryRow(ix, h); ok {
			f.addTail(r, hitIn{ix: ix, h: h, hl: hl})
			return
		}
	}
	if at < 0 {
		f.addTail(ix.rows[h.row], hitIn{ix: ix, h: h})
		return
	}
	f.view, f.picks = append(f.view, at), append(f.picks, hitIn{ix: ix, h: h})
}

func (f *findPane) addTail(r row, p hitIn) {
	f.tail = append(f.tail, r)
	f.view, f.picks = append(f.view, len(f.listed)+len(f.tail)-1), append(f.picks, p)
}

// hitIn is a hit and the index it is from (the loaded rows, or HubSpot's answers); hl, when
// set, is its highlight already worked out.
type hitIn struct {
	ix *rankIndex
	h  hit
	hl []int
}

func (a hitIn) compare(b hitIn) int {
	if a.h.tier != b.h.tier {
		return int(a.h.tier) - int(b.h.tier)
	}
	return int(a.ix.fields[a.h.field].kind) - int(b.ix.fields[b.h.field].kind)
}

// secondaryRow is a row found by a secondary email, showing that address in its email cell, and
// its highlight.
func (f *findPane) secondaryRow(ix *rankIndex, h hit) (row, []int, bool) {
	r, fd := ix.rows[h.row], ix.fields[h.field]
	col := slices.Index(f.cols.keys, "email")
	if col < 0 || col >= len(r.Cells) {
		return row{}, nil, false
	}
	cells := slices.Clone(r.Cells)
	cells[col] = fd.text + " (secondary)"
	shown := table.NewRow(r.ID, cells, r.Value)
	one := newRankIndex([]row{shown}, f.cols.keys)
	one.fields = append(one.fields, rankField{lower: fd.lower, text: fd.text, at: int32(cellOffsets(&shown)[col]), kind: fieldSecondary})
	one.start[1] = int32(len(one.fields))
	sh := hit{row: 0, tier: h.tier, field: int32(len(one.fields) - 1), pos: h.pos}
	return shown, one.offsets(sh, f.words), true
}

// cutoff is the line between the matches and the close ones.
func (f *findPane) cutoff(n int) row {
	text := "── close: the letters in order, not a match (" + thousands(n) + ") ──"
	r := table.NewRow("", []string{text}, contact{})
	r.Rule = true
	return r
}

// matchRows are the matches (never the close ones), for export and marks.
func (f *findPane) matchRows() []row {
	out := make([]row, 0, f.matches)
	for pos := range min(f.matches, f.table.Len()) {
		out = append(out, *f.table.At(pos))
	}
	return out
}

// matchIDs are the matches' ids.
func (f *findPane) matchIDs() []string {
	rows := f.matchRows()
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// complete finishes the last word of a filter: a property's name, an option; tab again shows
// the next choice.
func (f *findPane) complete() tea.Cmd {
	if f.cols.defs == nil {
		return f.loadDefs()
	}
	if f.comp.from == "" || f.input.Value() != f.comp.shown() {
		f.comp = completion{from: f.input.Value(), choices: filter.Complete(f.input.Value(), f.env.filterEnv(f.cols.defs)), at: -1}
	}
	if len(f.comp.choices) == 0 {
		f.comp = completion{}
		return notice("Nothing to complete: tab completes a property's name, or an option after name:")
	}
	f.comp.at = (f.comp.at + 1) % len(f.comp.choices)
	f.input.SetValue(f.comp.shown())
	f.input.CursorEnd()
	return f.changed()
}

// shown is the input with the current choice.
func (c completion) shown() string {
	if c.at < 0 || c.at >= len(c.choices) {
		return c.from
	}
	return c.choices[c.at].Input
}

// saveView saves the box's filter (within the list's view) with the list's columns and sort.
func (f *findPane) saveView() tea.Cmd {
	text := strings.TrimSpace(f.viewFilter + " " + f.text)
	if f.bad != nil {
		return notice(f.bad.Error())
	}
	f.push(newSaveViewPane(f.env, config.View{Filter: text, Columns: f.cols.keys, Sort: sortText(f.sortBy, f.desc)}))
	return nil
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
	return f.more()
}

func (f *findPane) SetSize(w, h int) {
	f.paneBase.SetSize(w, h)
	f.input.Width = max(10, w-6)
	f.table.SetSize(w, h-boxHeight)
}

func (f *findPane) View() string {
	box := f.env.theme.FocusedBox.Width(max(10, f.width-2)).Render(f.input.View())
	style, text := f.env.theme.Dim, f.counts()
	switch {
	case f.comp.at >= 0 && len(f.comp.choices) > 1: // tab's choices
	case f.bad != nil && f.bad.End == len(f.input.Value()) && !f.pending:
		// The term is still being typed: say what it needs, quietly.
		text = "  " + sanitize.Display(f.bad.Error())
	case f.bad != nil:
		style, text = f.env.theme.Error, "  "+sanitize.Display(f.bad.Error())
	}
	// A message longer than the line takes a second one, from the table's last row.
	lines := wrapLines(text, max(10, f.width-4))
	if len(lines) > 2 {
		lines = append(lines[:1], ansi.Truncate(lines[1], max(10, f.width-2), "…"))
		lines = lines[:2]
	}
	for i := range lines {
		if i > 0 {
			lines[i] = "  " + lines[i]
		}
		lines[i] = style.Render(lines[i])
	}
	table := f.table.View()
	if len(lines) > 1 {
		if cut := strings.LastIndexByte(table, '\n'); cut >= 0 {
			table = table[:cut]
		}
	}
	return box + "\n" + strings.Join(lines, "\n") + "\n" + table
}

// counts says what has landed: the matches, the close ones, HubSpot's answers; for a filter,
// how many HubSpot finds.
func (f *findPane) counts() string {
	if f.comp.at >= 0 && len(f.comp.choices) > 1 {
		return "  tab: " + f.choicesLine()
	}
	if f.query.HasTerms() {
		switch {
		case !f.searched:
			return "  searching HubSpot…" + f.pendingNote()
		case f.fromIx:
			return "  " + count(f.total, "match", "matches") + " · the local index" + f.pendingNote()
		case f.total > api.MaxSearchResults:
			return "  " + thousands(api.MaxSearchResults) + "+ matches; narrow the filter" + f.pendingNote()
		}
		return "  " + count(f.total, "match", "matches") + " (HubSpot's search)" + f.pendingNote()
	}
	if f.text == "" {
		return "  " + thousands(len(f.listed)) + " loaded" + f.scopeNote()
	}
	if f.local == nil {
		return "  finding…" + f.pendingNote()
	}
	if f.listRows != nil && f.local != nil {
		return f.indexInfo() + f.pendingNote()
	}
	s := "  " + count(f.matches, "match", "matches")
	if f.close > 0 {
		s += " · " + thousands(f.close) + " close"
	}
	s += " · loaded " + thousands(len(f.listed)) + f.scopeNote()
	switch {
	case !f.needsServer():
	case !f.searched || !f.gotExact:
		s += " · searching HubSpot…"
	default:
		s += " · HubSpot answered"
	}
	return s + f.pendingNote()
}

func (f *findPane) scopeNote() string {
	if f.viewFilter == "" {
		return ""
	}
	return " · within " + sanitize.Display(f.viewFilter)
}

func (f *findPane) pendingNote() string {
	if f.pending {
		return " · enter opens the best match when it lands"
	}
	return ""
}

// choicesLine lists the completions, the one shown marked.
func (f *findPane) choicesLine() string {
	var parts []string
	for i, c := range f.comp.choices {
		label := c.Label
		if i == f.comp.at {
			label = "[" + label + "]"
		}
		parts = append(parts, label)
	}
	return sanitize.Display(strings.Join(parts, " · "))
}

func (f *findPane) Info() string {
	switch {
	case len(f.table.Marks) > 0:
		return thousands(len(f.table.Marks)) + " marked"
	case f.text == "":
		return "type to find, or filter: lifecycle:lead"
	}
	return ""
}
