package ui

import (
	"context"
	"errors"
	"slices"
	"sort"
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
	loaded contactRows // the list's rows when find opened; never changed, shared with rank runs
	index  *rankIndex  // ranks loaded
	// With the local index (indexfind.go) words are found in it, the whole portal, at every
	// keystroke: loaded and index then hold its answer for the text, listRows and listIx the
	// list's rows; the count is the index's, exact or estimated.
	listRows   contactRows
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

	// What is shown: the matches (exact, ranked, HubSpot's) then, under the cut-off, the close.
	shown   *findView
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
	return findOver(e, cols, newContactRows(base))
}

// findOver is find over the loaded rows as the list holds them.
func findOver(e *env, cols columns, loaded contactRows) *findPane {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, email or company; or a filter: lifecycle:lead owner:me (tab completes)"
	in.CharLimit = 512
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing re-renders while idle
	in.Focus()
	f := &findPane{paneBase: newPaneBase(e), input: in, cols: cols, loaded: loaded, index: rowsIndex(loaded, cols.keys),
		table: newTable[contact](e.theme, cols.table()), latest: new(atomic.Int64)}
	f.table.SetSource(f.loaded, nil)
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
		f.index.retire(f.prev) // the list's next find fills its buffers
		f.prev, f.local = nil, nil
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
	if f.listIx != nil {
		f.loaded, f.index = f.listRows, f.listIx // the list's rows until the index answers
	}
	if q.HasTerms() {
		f.show()
		if f.filterQuery("").local(f.env) {
			return f.startFilter() // no request to spare: the local index answers
		}
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
	var within *rankAnswer
	if f.prev != nil && f.prevText != "" && strings.HasPrefix(text, f.prevText) {
		within = f.prev
	}
	stale := func() bool { return latest.Load() != int64(gen) }
	if f.fromIndex() {
		return f.findInIndex()
	}
	rank := request(&f.paneBase, nil, "", func(context.Context) (rankAnswer, error) {
		return ix.rankNext(text, within, stale), nil
	}, func(a rankAnswer, _ error) tea.Cmd {
		if gen != f.gen || ix != f.index {
			ix.retire(&a)
			return nil // an answer for text no longer on screen, or rows since changed
		}
		old := f.prev
		f.local, f.prev, f.prevText = &a, &a, text
		f.show()
		ix.retire(old) // nothing shows it or ranks from it now
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
	q, e, label := f.filterQuery(after), f.env, "Searching HubSpot"
	if q.local(e) {
		label = "" // the local index answers at once
	}
	return request(&f.paneBase, &f.filtering, label, func(ctx context.Context) (listPage, error) {
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
	src, hl := f.layout()
	f.table.SetSource(src, hl)
	if !f.moved {
		f.table.Top()
	}
}

// layout works out what is shown: for a filter, HubSpot's answer; for an empty box, every
// loaded row; for words, the matches — the exact one, the loaded rows and HubSpot's results
// ranked together, each contact once, then HubSpot's results the ranking cannot explain (a
// phone number) — and, under a cut-off, the close ones. Its cost grows with HubSpot's answers,
// not with the loaded rows: the ranked rows show through runs of the local answer.
func (f *findPane) layout() (table.Source[contact], func(int) []int) {
	f.shown, f.matches, f.close = nil, 0, 0
	switch {
	case f.bad != nil:
		return rowsShown(nil), nil
	case f.query.HasTerms():
		f.matches = len(f.found)
		return rowsShown(f.found), nil
	case f.text == "":
		return f.loaded, nil
	case f.local == nil && len(f.extra) == 0:
		return rowsShown(nil), nil
	}
	f.words = f.query.Text()
	q := newRankQuery(f.words)
	v := &findView{f: f, q: q, loaded: f.loaded, index: f.index, local: f.local, ranked: f.local != nil}
	if v.local == nil {
		v.local = &rankAnswer{}
	}
	nLocal := v.local.matches
	fromHub := map[string]bool{} // the contacts shown from HubSpot's answers (a few)
	var skip []int               // local hits not shown (HubSpot's answer shows the contact)
	var server []hit
	if f.extraIx != nil {
		server = f.extraIx.rank(f.words, nil, nil).hits
		for i := range f.exactN { // the exact lookup's answer leads
			v.addTail(f.extra[i], hitIn{})
			fromHub[f.extra[i].ID] = true
			if k, ok := v.localHit(f.extra[i].ID); ok {
				skip = append(skip, k)
			}
		}
		slices.Sort(skip)
	}
	// Merge the two ranked lists, matches only: HubSpot's hit goes after the loaded ones of its
	// group and before.
	li := 0
	for _, h := range server {
		if h.tier >= tierClose {
			break
		}
		end := v.local.groupEnd(h, li, nLocal)
		v.addLocal(li, end, skip)
		li = end
		r := f.extraIx.rows[h.row]
		if k, ok := v.localHit(r.ID); ok && k < nLocal || fromHub[r.ID] {
			continue // the loaded row shows it
		}
		fromHub[r.ID] = true
		v.addHit(f.extraIx, h)
	}
	v.addLocal(li, nLocal, skip)
	for _, r := range f.extra { // HubSpot found them; the ranking cannot say why (a phone number)
		if k, ok := v.localHit(r.ID); !fromHub[r.ID] && !(ok && k < nLocal) {
			fromHub[r.ID] = true
			v.addTail(r, hitIn{})
		}
	}
	f.matches = v.Len()
	skip = skip[:0]
	for id := range fromHub {
		if k, ok := v.localHit(id); ok && k >= nLocal {
			skip = append(skip, k) // HubSpot's answer showed it among the matches
		}
	}
	slices.Sort(skip)
	if f.close = len(v.local.hits) - nLocal - len(skip); f.close > 0 {
		v.addTail(f.cutoff(f.close), hitIn{})
		v.addLocal(nLocal, len(v.local.hits), skip)
	}
	f.shown = v
	return v, v.highlight
}

// findView is what find shows for words, by position: runs of the local answer's hits (the
// loaded rows, made as they are drawn) and of rows of its own (HubSpot's answers, the cut-off).
type findView struct {
	f      *findPane
	q      rankQuery
	loaded contactRows // what it shows, as it was laid out (the pane's may change later)
	index  *rankIndex
	local  *rankAnswer
	ranked bool // local is the loaded rows' answer (else none has landed)
	runs   []findRun
	tail   []row
	picks  []hitIn // per tail row: what to highlight
	n      int
}

// findRun is the local hits [from, to), or (tail) the tail rows [from, to).
type findRun struct {
	tail     bool
	from, to int
	end      int // the position after the run
}

func (v *findView) Len() int { return v.n }

func (v *findView) add(tail bool, from, to int) {
	if from >= to {
		return
	}
	if k := len(v.runs) - 1; k >= 0 && v.runs[k].tail == tail && v.runs[k].to == from {
		v.runs[k].to, v.runs[k].end = to, v.runs[k].end+to-from
	} else {
		v.runs = append(v.runs, findRun{tail: tail, from: from, to: to, end: v.n + to - from})
	}
	v.n += to - from
}

// addLocal shows the local hits [from, to) but those in skip (sorted).
func (v *findView) addLocal(from, to int, skip []int) {
	for _, k := range skip {
		if k >= from && k < to {
			v.add(false, from, k)
			from = k + 1
		}
	}
	v.add(false, from, to)
}

func (v *findView) addTail(r row, p hitIn) {
	v.tail, v.picks = append(v.tail, r), append(v.picks, p)
	v.add(true, len(v.tail)-1, len(v.tail))
}

// addHit shows hit h of HubSpot's answers; found by a secondary email, it shows that address
// in its email cell.
func (v *findView) addHit(ix *rankIndex, h hit) {
	if h.kind == fieldSecondary && h.tier != tierWords {
		if r, hl, ok := v.f.secondaryRow(ix, h, v.q); ok {
			v.addTail(r, hitIn{hl: hl, done: true})
			return
		}
	}
	v.addTail(ix.rows[h.row], hitIn{ix: ix, h: h})
}

// localHit is where a loaded contact stands among the local hits, if it does.
func (v *findView) localHit(id string) (int, bool) {
	i, ok := v.loaded.Find(id)
	if !ok || !v.ranked {
		return 0, false
	}
	h, ok := v.index.matchRow(i, v.q)
	if !ok {
		return 0, false
	}
	return v.local.position(h)
}

// at is the run of position pos, and where pos is in it.
func (v *findView) at(pos int) (findRun, int) {
	k := sort.Search(len(v.runs), func(k int) bool { return v.runs[k].end > pos })
	r := v.runs[k]
	return r, r.from + pos - (r.end - (r.to - r.from))
}

func (v *findView) Row(pos int) row {
	r, i := v.at(pos)
	if r.tail {
		return v.tail[i]
	}
	h := v.local.hits[i]
	if h.kind == fieldSecondary && h.tier != tierWords {
		if r, _, ok := v.f.secondaryRow(v.index, h, v.q); ok {
			return r
		}
	}
	return v.loaded.Row(int(h.row))
}

func (v *findView) ID(pos int) string {
	r, i := v.at(pos)
	if r.tail {
		return v.tail[i].ID
	}
	return v.loaded.ID(int(v.local.hits[i].row))
}

// Find is the first position showing id.
func (v *findView) Find(id string) (int, bool) {
	best, found := 0, false
	for _, r := range v.runs {
		if !r.tail {
			continue
		}
		for i := r.from; i < r.to; i++ {
			if v.tail[i].ID == id {
				best, found = r.end-(r.to-i), true
				break
			}
		}
		if found {
			break
		}
	}
	k, ok := v.localHit(id)
	if !ok {
		return best, found
	}
	for _, r := range v.runs {
		if !r.tail && k >= r.from && k < r.to {
			if pos := r.end - (r.to - k); !found || pos < best {
				return pos, true
			}
		}
	}
	return best, found
}

// highlight is the shown position's matched runes, worked out as it is drawn.
func (v *findView) highlight(pos int) []int {
	r, i := v.at(pos)
	if r.tail {
		p := v.picks[i]
		if p.done || p.ix == nil {
			return p.hl
		}
		return p.ix.offsets(p.h, v.q.Text)
	}
	h := v.local.hits[i]
	if h.kind == fieldSecondary && h.tier != tierWords {
		_, hl, _ := v.f.secondaryRow(v.index, h, v.q)
		return hl
	}
	return v.index.offsets(h, v.q.Text)
}

// hitIn is a tail row's highlight: a hit and the index it is from, or (done) its highlight
// already worked out; none when both are unset.
type hitIn struct {
	ix   *rankIndex
	h    hit
	hl   []int
	done bool
}

// rowsShown shows rows as they are.
func rowsShown(rows []row) table.Source[contact] { return rowSlice(rows) }

// rowSlice is rows as a table's source.
type rowSlice []row

func (s rowSlice) Len() int          { return len(s) }
func (s rowSlice) Row(pos int) row   { return s[pos] }
func (s rowSlice) ID(pos int) string { return s[pos].ID }

// secondaryRow is a row found by a secondary email, showing that address in its email cell, and
// its highlight.
func (f *findPane) secondaryRow(ix *rankIndex, h hit, q rankQuery) (row, []int, bool) {
	r := ix.src.Row(int(h.row))
	fs := appendFields(nil, &r, f.cols.keys)
	col := slices.Index(f.cols.keys, "email")
	if col < 0 || col >= len(r.Cells) || int(h.field) >= len(fs) {
		return row{}, nil, false
	}
	fd := fs[h.field]
	cells := slices.Clone(r.Cells)
	cells[col] = fd.text + " (secondary)"
	shown := table.NewRow(r.ID, cells, r.Value)
	fd.at = int32(cellOffsets(&shown)[col])
	return shown, fieldOffsets([]rankField{fd}, hit{row: 0, tier: h.tier, field: 0, pos: h.pos}, q), true
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
		out = append(out, f.table.At(pos))
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
		case !f.searched && f.filterQuery("").local(f.env):
			return "  finding…" + f.pendingNote()
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
		return "  " + thousands(f.loaded.Len()) + " loaded" + f.scopeNote()
	}
	if f.local == nil {
		return "  finding…" + f.pendingNote()
	}
	if f.listIx != nil && f.local != nil {
		return f.indexInfo() + f.pendingNote()
	}
	s := "  " + count(f.matches, "match", "matches")
	if f.close > 0 {
		s += " · " + thousands(f.close) + " close"
	}
	s += " · loaded " + thousands(f.loaded.Len()) + f.scopeNote()
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
