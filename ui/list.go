package ui

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
)

// listPane is the contacts table: pages load as the cursor nears the end, a column can be
// sorted (by HubSpot's search, which sorts server side), rows are marked with space for batch
// actions, enter opens a contact and / finds one.
type listPane struct {
	paneBase
	cols    columns
	table   *table
	after   string // the next page's cursor; "" with done
	done    bool   // every page is loaded
	loading int64  // the page request in flight, 0 when none
	sortBy  string // column key sorted on; "" for HubSpot's list order
	desc    bool
	total   int // matches of a sorted (search) view
}

// prefetchScreens is how close (in screens) to the end of the loaded rows the cursor may come
// before the next page loads.
const prefetchScreens = 2

// A sorted view goes through search, which pages up to 200 and stops at 10,000 results.
const searchPage = api.MaxSearchLimit

// listPage is a page as the list receives it: rows already formatted off the UI goroutine.
type listPage struct {
	defs  *defs
	rows  []row
	after string
	total int
	reset bool // replaces the rows (first page, refresh, new sort) instead of adding to them
}

func newListPane(e *env) *listPane {
	cols := columns{keys: e.settings.Columns}
	return &listPane{paneBase: newPaneBase(e), cols: cols, table: newTable(e.theme, cols.table())}
}

func (l *listPane) Init() tea.Cmd { return l.load("", true, 0) }

func (l *listPane) Title() string { return "Contacts" }

func (l *listPane) SetSize(w, h int) {
	l.paneBase.SetSize(w, h)
	l.table.SetSize(w, h)
}

// load asks for a page (after) or, with reset, for the first pages again until want rows are
// loaded (a refresh keeps as many rows as were loaded, so the cursor keeps its contact).
func (l *listPane) load(after string, reset bool, want int) tea.Cmd {
	q := pageQuery{cols: l.cols, sortBy: l.sortBy, desc: l.desc, after: after, want: want, reset: reset}
	label := "Loading contacts"
	if q.sortBy != "" {
		label = "Sorting contacts"
	}
	e := l.env
	req, cmd := request(e, l.id, label, func(ctx context.Context) (listPage, error) { return q.fetch(ctx, e) })
	l.loading = req
	return cmd
}

// pageQuery is what the list asks for: pages from after until at least want rows (one page
// when want is 0), in HubSpot's order or sorted by a column.
type pageQuery struct {
	cols   columns
	sortBy string
	desc   bool
	after  string
	want   int
	reset  bool
}

func (q pageQuery) fetch(ctx context.Context, e *env) (listPage, error) {
	if q.cols.defs == nil {
		d, err := loadDefs(ctx, e)
		if err != nil {
			return listPage{}, err
		}
		q.cols.defs = d
	}
	p := listPage{defs: q.cols.defs, reset: q.reset, after: q.after}
	for {
		objs, next, total, err := q.page(ctx, e, p.after)
		if err != nil {
			return listPage{}, err
		}
		p.rows, p.after, p.total = q.cols.rows(p.rows, objs), next, total
		if p.after == "" || len(p.rows) >= q.want {
			return p, nil
		}
	}
}

// page reads one page: the list endpoint in HubSpot's order, or search when sorted.
func (q pageQuery) page(ctx context.Context, e *env, after string) ([]*api.Object, string, int, error) {
	if q.sortBy == "" {
		p, err := e.hub.ListContacts(ctx, api.ListOptions{Limit: e.settings.PageSize, After: after, Properties: q.cols.properties()})
		return p.Results, p.After, 0, err
	}
	r := api.SearchRequest{Sort: &api.Sort{Property: sortProperty(q.sortBy), Descending: q.desc},
		Properties: q.cols.properties(), Limit: searchPage, After: after}
	p, err := e.hub.SearchContacts(ctx, r)
	next := p.After
	if n, _ := strconv.Atoi(next); n+searchPage > api.MaxSearchResults {
		next = "" // HubSpot refuses to page a search past 10,000 results
	}
	return p.Results, next, p.Total, err
}

// sortProperty is the property a column sorts by: the name column sorts by last name.
func sortProperty(col string) string {
	if col == nameColumn {
		return "lastname"
	}
	return col
}

func (l *listPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case resultMsg:
		return l, l.loaded(msg)
	case tea.KeyMsg:
		return l, l.key(msg)
	case tea.MouseMsg:
		return l, l.mouse(msg)
	case changedMsg:
		return l, l.changed(msg)
	}
	return l, nil
}

// loaded takes a page; an answer to an older request (before a sort or refresh) is dropped.
func (l *listPane) loaded(msg resultMsg) tea.Cmd {
	if msg.req != l.loading {
		return nil
	}
	l.loading = 0
	if msg.err != nil {
		return nil // the status bar shows it; r tries again
	}
	p := msg.value.(listPage)
	if l.cols.defs == nil {
		l.cols.defs = p.defs
		l.table.SetColumns(l.cols.table())
	}
	rows := p.rows
	if !p.reset {
		rows = append(l.table.rows, p.rows...)
	}
	l.table.SetRows(rows, nil, nil)
	l.after, l.done, l.total = p.after, p.after == "", p.total
	return l.more()
}

// more loads the next page when the cursor nears the end of what is loaded.
func (l *listPane) more() tea.Cmd {
	if l.loading != 0 || l.done {
		return nil
	}
	if l.table.Len()-l.table.cursor > prefetchScreens*l.table.visible() {
		return nil
	}
	return l.load(l.after, false, 0)
}

func (l *listPane) key(k tea.KeyMsg) tea.Cmd {
	km := l.env.keys
	if moveTable(l.table, km, k) {
		return l.more()
	}
	switch {
	case km.Open.Matches(k):
		return l.openSelected()
	case km.Find.Matches(k):
		l.push(newFindPane(l.env, l.cols, l.table.rows))
		return nil
	case km.Mark.Matches(k):
		l.table.ToggleMark()
		l.table.Move(1)
		return l.more()
	case km.Sort.Matches(k):
		return l.nextSort()
	case km.Reverse.Matches(k):
		return l.reverse()
	case km.Refresh.Matches(k):
		return l.load("", true, l.table.Len())
	}
	if cmd, ok := l.writeKeys(k); ok {
		return cmd
	}
	if l.bulkKeys(k) {
		return nil
	}
	return l.actions(k)
}

// actions are the keys that act on the contact under the cursor.
func (l *listPane) actions(k tea.KeyMsg) tea.Cmd {
	r, ok := l.table.Selected()
	if !ok {
		return nil
	}
	km := l.env.keys
	switch {
	case km.Copy.Matches(k):
		l.offer(l.env.copyChoice(r.id, r.email))
		return nil
	case km.Browser.Matches(k):
		return l.env.openRecord(r.id)
	}
	return l.env.reserved(k)
}

func (l *listPane) openSelected() tea.Cmd {
	r, ok := l.table.Selected()
	if !ok {
		return nil
	}
	l.push(newDetailPane(l.env, r.id, r.name))
	return nil
}

// nextSort sorts by the next column (then back to HubSpot's order), reloading from HubSpot.
func (l *listPane) nextSort() tea.Cmd {
	keys := l.cols.keys
	next := ""
	if l.sortBy == "" {
		next = keys[0]
	}
	for i, k := range keys {
		if k == l.sortBy && i+1 < len(keys) {
			next = keys[i+1]
		}
	}
	l.sortBy, l.desc = next, false
	return l.resort()
}

func (l *listPane) reverse() tea.Cmd {
	if l.sortBy == "" {
		l.sortBy = l.cols.keys[0]
	}
	l.desc = !l.desc
	return l.resort()
}

func (l *listPane) resort() tea.Cmd {
	l.table.sortBy, l.table.desc = l.sortBy, l.desc
	l.done = false
	return l.load("", true, 0)
}

func (l *listPane) mouse(m tea.MouseMsg) tea.Cmd {
	if mouseTable(l.table, m) {
		return l.openSelected()
	}
	return l.more()
}

func (l *listPane) View() string {
	if l.table.Len() == 0 {
		return l.table.header() + "\n\n" + l.empty()
	}
	return l.table.View()
}

func (l *listPane) empty() string {
	if l.loading != 0 || !l.done {
		return l.env.theme.Dim.Render("  Loading contacts…")
	}
	return l.env.theme.Dim.Render("  No contacts in this portal yet.")
}

// Info is the status bar's right side: how much is loaded and whether there is more.
func (l *listPane) Info() string {
	n := l.table.Len()
	s := thousands(n) + " loaded"
	switch {
	case l.sortBy != "" && l.total > 0:
		s = thousands(n) + " of " + thousands(l.total)
		if l.done && l.total > n {
			s += " (HubSpot sorts the first 10,000)"
		}
	case !l.done:
		s += " · more"
	}
	if m := len(l.table.marks); m > 0 {
		s = thousands(m) + " marked · " + s
	}
	return s
}

func (l *listPane) ShortHelp() []key.Binding {
	km := l.env.keys
	return bindings(km.Open, km.Find, km.Mark, km.Sort, km.Copy, km.Browser, km.Refresh)
}

func (l *listPane) FullHelp() [][]key.Binding {
	km := l.env.keys
	return [][]key.Binding{
		bindings(km.Up, km.Down, km.Top, km.Bottom, km.PageDown, km.PageUp),
		bindings(km.Open, km.Find, km.Mark, km.Sort, km.Reverse, km.Refresh, km.Copy, km.Browser),
		bindings(km.Edit, km.New, km.Delete, km.Associations, km.Emails, km.Activities),
		bindings(km.PasteMany, km.Import, km.Export),
	}
}

// moveTable applies a movement key to a table; it reports whether the key was one.
func moveTable(t *table, km *KeyMap, k tea.KeyMsg) bool {
	switch {
	case km.Up.Matches(k):
		t.Move(-1)
	case km.Down.Matches(k):
		t.Move(1)
	case km.Top.Matches(k):
		t.Top()
	case km.Bottom.Matches(k):
		t.Bottom()
	case km.PageDown.Matches(k):
		t.Page(1)
	case km.PageUp.Matches(k):
		t.Page(-1)
	default:
		return false
	}
	return true
}

// mouseTable scrolls with the wheel and selects with a click; it reports a click on the row
// already selected (which opens it).
func mouseTable(t *table, m tea.MouseMsg) bool {
	switch {
	case m.Button == tea.MouseButtonWheelUp:
		t.Scroll(-3)
	case m.Button == tea.MouseButtonWheelDown:
		t.Scroll(3)
	case m.Button == tea.MouseButtonLeft && m.Action == tea.MouseActionPress:
		again, ok := t.Click(m.Y)
		return ok && again
	}
	return false
}
