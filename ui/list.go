package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// listPane is the contacts table: pages load as the cursor nears the end, a column can be
// sorted (by HubSpot's search, which sorts server side), rows are marked with space for batch
// actions, enter opens a contact and / finds one. It shows every contact or a saved view (a
// filter, its columns and sort: views.go), whose name is its crumb in the header.
type listPane struct {
	paneBase
	cols    columns
	rows    contactRows // the loaded contacts, held compactly; the table shows them
	table   *contactTable
	after   string // the next page's cursor; "" with done
	done    bool   // every page is loaded
	loading call   // the page request
	sortBy  string // column key (or property) sorted on; "" for HubSpot's list order
	desc    bool
	total   int  // matches of a sorted or filtered (search) view, or the local index's
	local   bool // the rows come from the local index
	view    config.View
	scope   scope // the view's filter, parsed (once the definitions have come)
	scoped  bool
	// outside are contacts marked in find that are not among the loaded rows: the batch
	// actions reach them too (while they stay marked).
	outside []contact
	failed  error      // the last load's failure, shown while nothing is loaded
	record  *listScope // one record's contacts (scope.go); nil for every contact
}

// prefetchScreens is how close (in screens) to the end of the loaded rows the cursor may come
// before the next page loads.
const prefetchScreens = 2

// A sorted view goes through search, which pages up to 200 and stops at 10,000 results.
const searchPage = api.MaxSearchLimit

// listPage is a page as the list receives it: rows already formatted off the UI goroutine (and
// laid out compactly, for the list).
type listPage struct {
	defs   *defs
	rows   []row
	pages  []*rowPage
	after  string
	total  int
	reset  bool  // replaces the rows (first page, refresh, new sort) instead of adding to them
	scope  scope // the view's filter, read
	scoped bool
	local  bool // read from the local index, not HubSpot
}

func newListPane(e *env) *listPane {
	l := &listPane{paneBase: newPaneBase(e)}
	l.show(e.startView)
	return l
}

// show takes a view's columns and sort (its filter is read with the first page).
func (l *listPane) show(v config.View) {
	l.view, l.scope, l.scoped = v, scope{}, false
	keys := v.Columns
	if len(keys) == 0 {
		keys = l.env.settings.Columns
	}
	l.cols = columns{keys: keys, defs: l.cols.defs}
	if l.table == nil {
		l.table = newTable[contact](l.env.theme, l.cols.table())
	} else {
		l.table.SetColumns(l.cols.table())
	}
	l.sortBy, l.desc = viewSort(v.Sort)
	if l.sortBy == "lastname" && slices.Contains(keys, nameColumn) {
		l.sortBy = nameColumn
	}
	l.table.SortedBy(l.sortBy, l.desc)
}

// applyView shows a view picked in the views list.
func (l *listPane) applyView(v config.View) tea.Cmd {
	l.show(v)
	l.done = false
	l.rows = contactRows{}.keepPool(l.rows)
	l.table.SetRows(nil, nil, nil)
	return l.load("", true, 0)
}

func (l *listPane) Init() tea.Cmd { return l.load("", true, 0) }

// Title is the crumb: the view's name, or Contacts for every contact.
func (l *listPane) Title() string {
	if l.record != nil {
		return l.record.title()
	}
	if l.view.Name == "" || l.view.Name == config.ViewAll {
		return "Contacts"
	}
	return l.view.Name
}

func (l *listPane) SetSize(w, h int) {
	l.paneBase.SetSize(w, h)
	l.table.SetSize(w, h)
}

// load asks for a page (after) or, with reset, for the first pages again until want rows are
// loaded (a refresh keeps as many rows as were loaded, so the cursor keeps its contact).
func (l *listPane) load(after string, reset bool, want int) tea.Cmd {
	q := pageQuery{cols: l.cols, sortBy: l.sortBy, desc: l.desc, after: after, want: want, reset: reset,
		filter: l.view.Filter, view: l.view.Name, scope: l.scope, scoped: l.scoped, record: l.record, compact: true}
	label := "Loading contacts"
	if q.sortBy != "" {
		label = "Sorting contacts"
	}
	e := l.env
	return request(&l.paneBase, &l.loading, label, func(ctx context.Context) (listPage, error) { return q.fetch(ctx, e) }, l.loaded)
}

// pageQuery is what the list asks for: pages from after until at least want rows (one page
// when want is 0), in HubSpot's order or sorted by a column, every contact or a view's filter
// (read once the definitions are in, when not scoped yet).
type pageQuery struct {
	cols   columns
	sortBy string
	desc   bool
	after  string
	want   int
	reset  bool
	filter string // the view's filter as written
	view   string // its name, for a message
	scope  scope
	scoped bool
	// compact lays the rows out as pages of contactRows (the list's), instead of rows.
	compact bool
	record  *listScope
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
	if !q.scoped && q.filter != "" {
		s, _, err := e.parseScope(q.cols.defs, q.filter)
		if err != nil {
			//lint:ignore ST1005 the sentence the status line shows, as written
			return listPage{}, fmt.Errorf("The view “%s”: %w", q.view, err)
		}
		q.scope, q.scoped = s, true
	}
	p.scope, p.scoped = q.scope, q.scoped
	for {
		objs, next, total, local, err := q.page(ctx, e, p.after)
		if err != nil {
			return listPage{}, err
		}
		p.local = local
		p.rows, p.after = q.cols.rows(p.rows, objs), next
		if total != 0 { // an enumeration sort counts on its first page only
			p.total = total
		}
		if p.after == "" || len(p.rows) >= q.want {
			if q.compact {
				p.pages, p.rows = encodePages(p.rows), nil
			}
			return p, nil
		}
	}
}

// page reads one page: from the local index when it can answer (local), else the list
// endpoint in HubSpot's order, or search when sorted or filtered.
func (q pageQuery) page(ctx context.Context, e *env, after string) (objs []*api.Object, next string, total int, local bool, err error) {
	if q.record != nil && q.sortBy == "" {
		objs, next, total, err = q.record.page(ctx, e, q, after)
		return objs, next, total, false, err
	}
	if q.record != nil { // sorted: search, narrowed to the record
		q.scope.groups = q.record.groups(q.scope.groups)
	}
	if iq, ok := q.fromIndex(e); ok {
		objs, next, total, err := q.indexPage(e.index, iq, after)
		if !index.IsNotLocal(err) {
			return objs, next, total, true, err
		}
	}
	if q.sortBy == "" && q.scope.empty() {
		p, err := e.hub.ListContacts(ctx, api.ListOptions{Limit: e.settings.PageSize, After: after, Properties: q.cols.properties()})
		return p.Results, p.After, 0, false, err
	}
	if segs := q.enumSegments(); q.sortBy != "" && segs != nil {
		objs, next, total, err = q.enumPage(ctx, e, segs, after)
		return objs, next, total, false, err
	}
	r := api.SearchRequest{Groups: q.scope.groups, Query: q.scope.text, Properties: q.cols.properties(), Limit: searchPage, After: after}
	if q.sortBy != "" {
		r.Sort = &api.Sort{Property: sortProperty(q.sortBy), Descending: q.desc}
	}
	p, err := e.hub.SearchContacts(ctx, r)
	next = p.After
	if n, _ := strconv.Atoi(next); n+searchPage > api.MaxSearchResults {
		next = "" // HubSpot refuses to page a search past 10,000 results
	}
	return p.Results, next, p.Total, false, err
}

// indexPageRows is how many rows a page read from the local index holds.
const indexPageRows = 1000

// fromIndex is the list's query as the local index answers it, when it can: the index synced,
// every contact or a view's filter (the index answers a filter as HubSpot's search would:
// internal/index search.go), every column kept in it, in HubSpot's order or sorted by a kept
// property (an enumeration in its options' order as enumSegments reads it from HubSpot). A
// record's contacts come from HubSpot.
func (q pageQuery) fromIndex(e *env) (index.Query, bool) {
	ix := e.index
	if ix == nil || q.record != nil || q.cols.defs == nil || !ix.State().Complete {
		return index.Query{}, false
	}
	for _, p := range q.cols.properties() {
		if !ix.Indexed(p) {
			return index.Query{}, false
		}
	}
	types := index.TypesOf(q.cols.defs.list)
	return index.Query{Groups: q.scope.groups, Text: q.scope.text, Sort: q.indexSort(types), Types: types}, true
}

// indexSort is the list's sort for the local index.
func (q pageQuery) indexSort(types index.Types) index.Sort {
	if q.sortBy == "" {
		return index.Sort{}
	}
	prop := sortProperty(q.sortBy)
	t, _ := types(prop)
	return index.Sort{Prop: prop, Desc: q.desc, Type: t, ByOptions: q.enumSegments() != nil}
}

// indexPage reads a page from the local index; after is the offset in its order. A query the
// index cannot answer (a property it does not keep) is not local.
func (q pageQuery) indexPage(ix *index.Index, iq index.Query, after string) ([]*api.Object, string, int, error) {
	sel, err := ix.Select(iq)
	if err != nil {
		return nil, "", 0, err
	}
	from, _ := strconv.Atoi(after)
	total := sel.Len()
	var objs []*api.Object
	for i := from; i < min(total, from+indexPageRows); i++ {
		if r := sel.Row(i); r.ID != "" {
			objs = append(objs, &api.Object{ID: r.ID, Type: api.ObjectContacts, Properties: r.Props})
		}
	}
	next := ""
	if from+indexPageRows < total {
		next = strconv.Itoa(from + indexPageRows)
	}
	return objs, next, total, nil
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
	case tea.MouseMsg:
		return l, l.mouse(msg)
	case changedMsg:
		return l, l.changed(msg)
	}
	return l, nil
}

// loaded takes a page (an answer to an older request, before a sort or refresh, never comes).
func (l *listPane) loaded(p listPage, err error) tea.Cmd {
	l.failed = err
	if err != nil {
		return nil // the status bar shows it; r tries again
	}
	if l.cols.defs == nil {
		l.cols.defs = p.defs
		l.table.SetColumns(l.cols.table())
	}
	if p.scoped {
		l.scope, l.scoped = p.scope, true
	}
	if p.reset {
		l.rows = contactRows{}.keepPool(l.rows)
	}
	l.rows = l.rows.with(p.pages)
	l.table.SetSource(l.rows, nil)
	l.after, l.done, l.local = p.after, p.after == "", p.local
	if p.reset || p.total != 0 {
		l.total = p.total
	}
	return l.more()
}

// more loads the next page when the cursor nears the end of what is loaded.
func (l *listPane) more() tea.Cmd {
	if l.loading.busy() || l.done {
		return nil
	}
	if l.table.Len()-l.table.Cursor() > prefetchScreens*l.table.Visible() {
		return nil
	}
	return l.load(l.after, false, 0)
}

// keys: the moves, then the keys in the order the footer shows them (most used first). While
// contacts are marked, what acts on them comes first, saying how many ("e edit 3 marked").
func (l *listPane) keys() []binding {
	km := l.env.keys
	selected := func() bool { return l.table.Len() > 0 }
	edit := binding{key: km.Edit, run: l.edit}
	del := binding{key: km.Delete, run: l.delete}
	cp := binding{key: km.Copy, run: l.copy, on: selected}
	export := binding{key: km.Export, run: l.export, on: l.whole}
	contacts := grouped("Contacts",
		binding{key: km.Open, run: l.openSelected, on: selected},
		binding{key: km.Find, run: l.find, on: l.whole},
		binding{key: km.Mark, run: l.mark, on: selected},
		binding{key: km.MarkAll, help: "mark all loaded", run: l.markAll, on: selected, more: true})
	view := func(cp ...binding) []binding {
		return grouped("View", slices.Concat([]binding{
			{key: km.Views, run: l.chooseView, on: l.whole},
			{key: km.SaveView, run: l.saveView, on: l.whole, more: true},
			{key: km.Sort, run: l.nextSort},
			{key: km.Reverse, run: l.reverse, more: true}}, cp, []binding{
			{key: km.Browser, run: l.browse, on: selected},
			{key: km.Refresh, run: l.refresh}})...)
	}
	others := slices.Concat(grouped("The contact's",
		binding{key: km.Associations, run: l.relation(relAssociations), on: selected},
		binding{key: km.Emails, run: l.relation(relEmails), on: selected},
		binding{key: km.Activities, run: l.relation(relActivities), on: selected},
		binding{key: km.MyTasks, run: l.myTasks, more: true},
	), grouped("Many contacts",
		binding{key: km.PasteMany, run: l.pasteMany, on: l.whole},
		binding{key: km.Import, run: l.importCSV, on: l.whole}))
	n := l.markedCount()
	if n == 0 {
		return slices.Concat(moves(km, l.table, l.more), contacts,
			grouped("Change", edit, binding{key: km.New, run: l.create, on: l.whole}, del,
				binding{key: km.Merge, run: l.merge, on: selected, more: true}), view(cp), others, []binding{export})
	}
	marked := thousands(n) + " marked"
	edit.help, del.help, export.help = "edit "+marked, "delete "+marked, "export "+marked
	cp.help, cp.run, cp.on = "copy "+count(n, "email", "emails"), l.copyMarked, nil
	merge := binding{key: km.Merge, run: l.merge, more: n != 2}
	if n == 2 {
		merge.help = "merge the two"
	}
	return slices.Concat(moves(km, l.table, l.more),
		grouped("Marked", edit, del, cp, export, merge,
			binding{key: km.Back, help: "unmark all", run: l.unmarkAll},
			binding{key: km.UnmarkAll, run: l.unmarkAll, more: true}),
		contacts, grouped("Change", binding{key: km.New, run: l.create, on: l.whole}), view(), others)
}

// grouped starts a column of the full help with bs.
func grouped(name string, bs ...binding) []binding {
	if len(bs) > 0 {
		bs[0].group = name
	}
	return bs
}

// myTasks opens the user's open tasks across contacts.
func (l *listPane) myTasks() tea.Cmd {
	l.push(newMyTasksPane(l.env))
	return nil
}

// relation opens the contact under the cursor with one of its relation panes on top: esc goes
// back to its detail, and again to the list (as when the detail opened it).
func (l *listPane) relation(r relation) func() tea.Cmd {
	return func() tea.Cmd {
		row, ok := l.table.Selected()
		if !ok {
			return nil
		}
		d := newDetailPane(l.env, row.ID, row.Value.name)
		l.push(d)
		l.push(relationPane(l.env, row.Value, r))
		return nil
	}
}

// whole reports the list of every contact (not one record's: find, views, new, paste, import
// and export work on the whole portal; a contact created here would not be the record's).
func (l *listPane) whole() bool { return l.record == nil }

func (l *listPane) find() tea.Cmd {
	f := findOver(l.env, l.cols, l.rows).within(l.scope, l.view.Filter, l.sortBy, l.desc)
	f.markInto(l.table.Marks, l.markFound)
	l.push(f)
	return nil
}

// saveView saves what the list shows (its view's filter, the columns, the sort) under a name.
func (l *listPane) saveView() tea.Cmd {
	l.push(newSaveViewPane(l.env, config.View{Filter: l.view.Filter, Columns: l.cols.keys, Sort: sortText(l.sortBy, l.desc)}))
	return nil
}

func (l *listPane) mark() tea.Cmd {
	l.table.ToggleMark()
	l.table.Move(1)
	return l.more()
}

// refresh reloads the list, and syncs the local index at once when there is one.
func (l *listPane) refresh() tea.Cmd {
	return tea.Batch(l.load("", true, l.table.Len()), l.env.syncNow())
}

func (l *listPane) copy() tea.Cmd {
	r, _ := l.table.Selected()
	l.ask(l.env.copyQuestion(r.ID, r.Value.email))
	return nil
}

func (l *listPane) browse() tea.Cmd {
	r, _ := l.table.Selected()
	return l.env.openRecord(r.ID)
}

func (l *listPane) openSelected() tea.Cmd {
	r, ok := l.table.Selected()
	if !ok {
		return nil
	}
	l.push(newDetailPane(l.env, r.ID, r.Value.name))
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
	l.table.SortedBy(l.sortBy, l.desc)
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
		return l.table.Header() + "\n\n" + l.empty()
	}
	return l.table.View()
}

func (l *listPane) empty() string {
	if l.failed != nil && !l.loading.busy() {
		return l.env.theme.Error.Render("  "+errorText("", l.failed)) + "\n\n" +
			l.env.theme.Dim.Render("  "+keyName(l.env.keys.Refresh)+" tries again; "+keyName(l.env.keys.Views)+" chooses another view")
	}
	if l.loading.busy() || !l.done {
		return l.env.theme.Dim.Render("  Loading contacts…")
	}
	if l.record != nil {
		return l.env.theme.Dim.Render("  " + l.record.empty())
	}
	return l.env.theme.Dim.Render("  No contacts in this portal yet.")
}

// Info is the status bar's right side: how much is loaded and whether there is more.
func (l *listPane) Info() string {
	n := l.table.Len()
	s := thousands(n) + " loaded"
	switch {
	case l.local && !l.scope.empty():
		s = thousands(n) + " of " + count(l.total, "match", "matches") + " (the local index)"
	case l.local:
		s = thousands(n) + " of " + thousands(l.total) + " (the local index)"
	case !l.scope.empty() && l.total > api.MaxSearchResults:
		s = thousands(n) + " of " + thousands(api.MaxSearchResults) + "+ matches; narrow the filter"
	case !l.scope.empty() && l.done && n == l.total:
		s = count(l.total, "match", "matches")
	case !l.scope.empty():
		s = thousands(n) + " of " + count(l.total, "match", "matches")
	case l.sortBy != "" && l.total > 0:
		s = thousands(n) + " of " + thousands(l.total)
		if l.done && l.total > n {
			s += " (HubSpot sorts the first 10,000)"
		}
	case !l.done:
		s += " · more"
	}
	if l.sortBy != "" && !slices.Contains(l.cols.keys, l.sortBy) {
		s += " · by " + l.cols.title(l.sortBy) + map[bool]string{false: " ▲", true: " ▼"}[l.desc]
	}
	if m := len(l.table.Marks); m == 2 {
		s = "2 marked (" + keyName(l.env.keys.Merge) + " merges them) · " + s
	} else if m > 0 {
		s = thousands(m) + " marked · " + s
	}
	return s
}

// mouseTable scrolls with the wheel and selects with a click; it reports a click on the row
// already selected (which opens it).
func mouseTable(t cursorTable, m tea.MouseMsg) bool {
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
