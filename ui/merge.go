package ui

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// mergePane merges two contacts: both side by side, property by property, the differences
// marked, and what HubSpot will keep of each (HubSpot's documented rules, mergedValue), with how
// many companies, deals, tickets and activities each has (all of them stay). s chooses which is
// the primary; enter asks, naming both and saying plainly that a merge cannot be undone (the
// default is No), then merges. The surviving contact then opens under its new id, and every pane
// holding either old id follows it (changedMsg.merged).
//
// It opens from two marked contacts in the list (M), from M on a contact (the list's cursor, the
// detail: find the other one and press enter), from the secondary-email conflict and from the
// edit form's duplicate-email answer.
type mergePane struct {
	paneBase
	given    [2]contact // as asked for, in the order shown
	primary  int        // which of given is the primary
	data     *mergeData
	loading  call
	merging  call
	loadErr  string
	onlyDiff bool       // show only the properties that differ
	all      []mergeRow // every property's row, laid out as the contacts load and the primary changes
	offset   int
	// stay: the pane below shows one of the two contacts and follows the merge (a detail, the
	// secondary emails, the edit form), so the merged contact is not opened again on top of it.
	stay bool
}

// mergeData is both contacts loaded, with every property and association.
type mergeData struct {
	defs *defs
	c    [2]*api.Object
	// same is the id both lead to when they are one contact (already merged): nothing to merge.
	same string
}

// mergeCounted are the associated types a merge carries over and the screen counts.
func mergeCounted() []string {
	return []string{api.ObjectCompanies, api.ObjectDeals, api.ObjectTickets,
		api.ObjectNotes, api.ObjectCalls, api.ObjectEmails, api.ObjectMeetings, api.ObjectTasks}
}

func newMergePane(e *env, a, b contact, stay bool) *mergePane {
	return &mergePane{paneBase: newPaneBase(e), given: [2]contact{a, b}, merging: call{outlives: true}, stay: stay}
}

func (m *mergePane) Init() tea.Cmd { return m.load() }

func (m *mergePane) Title() string { return "Merge" }

func (m *mergePane) load() tea.Cmd {
	e, ids := m.env, [2]string{m.given[0].id, m.given[1].id}
	return request(&m.paneBase, &m.loading, "Loading both contacts", func(ctx context.Context) (*mergeData, error) {
		return fetchMerge(ctx, e, ids)
	}, shown(&m.loadErr, m.show))
}

// fetchMerge reads the definitions and both contacts, side by side.
func fetchMerge(ctx context.Context, e *env, ids [2]string) (*mergeData, error) {
	df, err := loadDefs(ctx, e)
	if err != nil {
		return nil, err
	}
	data := &mergeData{defs: df}
	var errs [2]error
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			data.c[i], errs[i] = e.hub.GetContact(ctx, id, api.GetOptions{Properties: df.names(), Associations: mergeCounted()})
		})
	}
	wg.Wait()
	if err := firstError(errs[:]); err != nil {
		return nil, err
	}
	if data.c[0].ID == data.c[1].ID {
		data.same = data.c[0].ID
	}
	return data, nil
}

func (m *mergePane) show(data *mergeData) {
	m.data = data
	for i, c := range data.c {
		m.given[i] = contactOf(c)
	}
	m.all = m.layRows()
}

func (m *mergePane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if c, ok := msg.(changedMsg); ok && len(c.merged) > 0 && !m.merging.busy() {
		return m, m.load() // merged elsewhere meanwhile: look again
	}
	return m, nil
}

func (m *mergePane) keys() []binding {
	km := m.env.keys
	ready := func() bool { return m.data != nil && m.data.same == "" }
	by := func(n int) { m.offset = max(0, min(m.offset+n, len(m.rows())-m.tableRoom())) }
	page := func() int { return max(1, m.tableRoom()/2) }
	end := func() int { return len(m.rows()) }
	return append(quiet(scrolls(km, by, page, end)),
		binding{key: km.Submit, help: "merge…", run: m.confirm, on: ready, group: "Merge"},
		binding{key: km.MakePrimary, help: "make the other primary", run: m.swap, on: ready},
		binding{key: km.Merge, help: "merge…", run: m.confirm, on: ready, more: true},
		binding{key: km.ToggleEmpty, help: "only differences / all", run: m.toggle, on: ready},
		binding{key: km.Open, help: "open the merged contact", run: m.openSame, on: func() bool { return m.data != nil && m.data.same != "" }},
		binding{key: km.Refresh, run: m.load},
	)
}

func (m *mergePane) swap() tea.Cmd {
	m.primary = 1 - m.primary
	m.all = m.layRows() // what HubSpot keeps follows the primary
	return nil
}

func (m *mergePane) toggle() tea.Cmd {
	m.onlyDiff, m.offset = !m.onlyDiff, 0
	return nil
}

func (m *mergePane) openSame() tea.Cmd {
	m.pop()
	m.push(newDetailPane(m.env, m.data.same, ""))
	return nil
}

// who names a side for a question: "Ada Lovelace (ada@example.com, id 1001)".
func (t contact) whoWithID() string {
	if t.email == "" || t.email == t.name {
		return t.name + " (id " + sanitize.Display(t.id) + ")"
	}
	return t.name + " (" + t.email + ", id " + sanitize.Display(t.id) + ")"
}

// confirm asks before merging, naming both; No is the default.
func (m *mergePane) confirm() tea.Cmd {
	if m.merging.busy() {
		return nil
	}
	p, o := m.given[m.primary], m.given[1-m.primary]
	keeps := p.name + "'s values where both have one"
	if p.email != "" && o.email != "" {
		keeps += ", " + p.email + " as the email and " + o.email + " as an additional one"
	}
	m.ask(question{
		title: "Merge contacts",
		text:  "Merge " + o.whoWithID() + " into " + p.whoWithID() + "?",
		details: []string{
			"A merge cannot be undone: HubSpot has no way to split the contacts again.",
			"HubSpot keeps one contact, under a new id, with " + keeps + ", the furthest lifecycle stage, and both contacts' companies, deals, tickets and activities. Both old ids will lead to it.",
		},
		answers: []answer{{does: "merge", run: m.merge}},
	})
	return nil
}

// merge asks HubSpot to merge (the API layer never sends it twice blindly), then opens the
// surviving contact and tells every pane.
func (m *mergePane) merge() tea.Cmd {
	if m.merging.busy() {
		return nil
	}
	p, o := m.given[m.primary], m.given[1-m.primary]
	hub := m.env.hub
	return request(&m.paneBase, &m.merging, "Merging "+o.name+" into "+p.name, func(ctx context.Context) (*api.Object, error) {
		return hub.MergeContacts(ctx, p.id, o.id)
	}, func(obj *api.Object, err error) tea.Cmd {
		var same *api.SameContactError
		switch {
		case errors.As(err, &same):
			return m.load()
		case err != nil:
			return nil // the status bar says why; the pane stays (r looks at both again)
		}
		m.pop()
		if !m.stay {
			m.push(newDetailPane(m.env, obj.ID, p.name))
		}
		merged := changedMsg{merged: map[string]string{p.id: obj.ID, o.id: obj.ID}}
		return tea.Batch(notice("Merged "+o.name+" into "+p.name+": one contact now, id "+sanitize.Display(obj.ID)),
			func() tea.Msg { return merged })
	})
}

// mergeRow is one property side by side: both values and what HubSpot keeps (display text).
type mergeRow struct {
	label   string
	values  [2]string
	kept    string
	differs bool
}

// rows are the properties either contact has a value for (only the differing ones when asked).
func (m *mergePane) rows() []mergeRow {
	if !m.onlyDiff {
		return m.all
	}
	var out []mergeRow
	for _, r := range m.all {
		if r.differs {
			out = append(out, r)
		}
	}
	return out
}

// layRows formats every property either contact has a value for, as a row.
func (m *mergePane) layRows() []mergeRow {
	if m.data == nil || m.data.same != "" {
		return nil
	}
	df, c := m.data.defs, m.data.c
	p, o := c[m.primary], c[1-m.primary]
	var out []mergeRow
	for _, name := range mergeProps(df, c) {
		raw := [2]string{c[0].Properties[name], c[1].Properties[name]}
		r := mergeRow{label: df.label(name), kept: df.value(name, mergedValue(df, name, p, o)),
			differs: !strings.EqualFold(strings.TrimSpace(raw[0]), strings.TrimSpace(raw[1]))}
		for i := range raw {
			r.values[i] = df.value(name, raw[i])
		}
		if name == "hs_additional_emails" {
			r.kept = strings.ReplaceAll(r.kept, ";", ", ")
		}
		out = append(out, r)
	}
	return out
}

// mergeProps are the properties to compare: the addresses and names first, then every other
// one either contact has a value for, in HubSpot's groups and order. Calculated and read-only
// values HubSpot recomputes (ids, modification dates) are left out.
func mergeProps(df *defs, c [2]*api.Object) []string {
	first := []string{"email", "hs_additional_emails", "firstname", "lastname", "lifecyclestage"}
	has := func(name string) bool { return c[0].Properties[name] != "" || c[1].Properties[name] != "" }
	out := slices.DeleteFunc(slices.Clone(first), func(n string) bool { return !has(n) })
	groupOrder := map[string]int{}
	for _, g := range df.groups {
		groupOrder[g.Name] = g.DisplayOrder
	}
	var rest []*api.Property
	for i := range df.list {
		p := &df.list[i]
		skip := p.Calculated || p.Hidden || (p.ReadOnly && p.Name != "createdate") || p.Name == "hs_object_id" ||
			p.Name == "lastmodifieddate" || p.Name == "hs_merged_object_ids"
		if !skip && has(p.Name) && !slices.Contains(first, p.Name) {
			rest = append(rest, p)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool {
		a, b := rest[i], rest[j]
		if groupOrder[a.GroupName] != groupOrder[b.GroupName] {
			return groupOrder[a.GroupName] < groupOrder[b.GroupName]
		}
		if a.DisplayOrder != b.DisplayOrder {
			return a.DisplayOrder < b.DisplayOrder
		}
		return a.Label < b.Label
	})
	for _, p := range rest {
		out = append(out, p.Name)
	}
	return out
}

// mergedValue is the raw value HubSpot keeps for a property when other is merged into primary,
// by the rules it documents (knowledge base "How do I merge contacts", changelog "updated merge
// functionality"): the primary's value where it has one, else the other's; the primary's email
// stays and every other address of both becomes an additional email; the furthest lifecycle
// stage wins; the older create date stays.
func mergedValue(df *defs, name string, primary, other *api.Object) string {
	pv, ov := primary.Properties[name], other.Properties[name]
	switch name {
	case "email":
		if pv == "" {
			return ov
		}
		return pv
	case "hs_additional_emails":
		kept := mergedValue(df, "email", primary, other)
		var all []string
		for _, e := range slices.Concat(splitEmails(pv), []string{other.Properties["email"]}, splitEmails(ov), []string{primary.Properties["email"]}) {
			if e != "" && !strings.EqualFold(e, kept) && !slices.ContainsFunc(all, func(x string) bool { return strings.EqualFold(x, e) }) {
				all = append(all, e)
			}
		}
		return strings.Join(all, ";")
	case "lifecyclestage":
		if ov != "" && (pv == "" || field.BackwardStage(df.prop(name), ov, pv)) { // moving to pv would go back
			return ov
		}
		if pv == "" {
			return ov
		}
		return pv
	case "createdate":
		if pv == "" || (ov != "" && api.ParseTime(ov).Before(api.ParseTime(pv))) {
			return ov
		}
		return pv
	}
	if strings.TrimSpace(pv) == "" {
		return ov
	}
	return pv
}

func splitEmails(raw string) []string {
	var out []string
	for _, e := range strings.Split(raw, ";") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// countLines are the rows counting each side's companies, deals, tickets and activities, and
// how many the merged contact has (HubSpot keeps all of both; one both share counts once).
func (m *mergePane) countLines() [][4]string {
	count := func(types []string) (a, b, both int) {
		seen := map[string]bool{}
		for i, c := range m.data.c {
			for _, typ := range types {
				for _, x := range c.Associations[typ] {
					if i == 0 {
						a++
					} else {
						b++
					}
					seen[typ+"/"+x.ID] = true
				}
			}
		}
		return a, b, len(seen)
	}
	line := func(label string, types ...string) [4]string {
		a, b, both := count(types)
		return [4]string{label, itoa(a), itoa(b), itoa(both)}
	}
	return [][4]string{line("Companies", api.ObjectCompanies), line("Deals", api.ObjectDeals),
		line("Tickets", api.ObjectTickets), line("Activities", mergeCounted()[3:]...)}
}

// mergeHead is the lines above the property table.
const mergeHead = 10

func (m *mergePane) tableRoom() int { return max(1, m.height-mergeHead) }

// widths are the label column's and each value column's.
func (m *mergePane) widths() (label, col int) {
	label = min(24, max(12, m.width/5))
	col = max(8, (m.width-2-label-6)/3)
	return label, col
}

func (m *mergePane) View() string {
	t := m.env.theme
	switch {
	case m.data == nil:
		return loadingText(m.env, m.width, "both contacts", m.loadErr)
	case m.data.same != "":
		return t.Header.Render("Merge two contacts") + "\n\n" + wrapText("These are one contact already (id "+m.data.same+
			"): nothing to merge. "+keyName(m.env.keys.Open)+" opens it.", max(20, m.width-2))
	}
	lw, cw := m.widths()
	cell := func(s string, w int) string { return pad(ansi.Truncate(s, w, "…"), w) }
	p, o := m.given[m.primary], m.given[1-m.primary]
	head := []string{
		t.Header.Render("Merge two contacts") + t.Dim.Render("  · "+keyName(m.env.keys.MakePrimary)+" chooses which is the primary"),
		t.Label.Render("Primary (kept): ") + p.whoWithID(),
		t.Label.Render("Merged into it: ") + o.whoWithID(),
		"",
	}
	role := [2]string{"merged into it", "merged into it"}
	role[m.primary] = "primary"
	heading := spaces(2) + cell("", lw) + "  " + cell(m.given[0].name, cw) + "  " + cell(m.given[1].name, cw) + "  " + cell("HubSpot keeps", cw)
	roles := spaces(2) + cell("", lw) + "  " + cell("("+role[0]+")", cw) + "  " + cell("("+role[1]+")", cw) + "  " + cell("(a new id)", cw)
	head = append(head, t.Header.Render(heading), t.Dim.Render(roles))
	for _, c := range m.countLines() {
		head = append(head, spaces(2)+t.Label.Render(cell(c[0], lw))+"  "+cell(c[1], cw)+"  "+cell(c[2], cw)+"  "+
			cell(c[3]+" (all of both)", cw))
	}
	rows := m.rows()
	m.offset = max(0, min(m.offset, len(rows)-m.tableRoom()))
	lines := head
	for _, r := range rows[m.offset:min(len(rows), m.offset+m.tableRoom())] {
		mark, kept := "  ", cell(r.kept, cw)
		if r.differs {
			mark, kept = t.Selected.Render("≠")+" ", t.Selected.Render(kept)
		}
		lines = append(lines, mark+t.Label.Render(cell(r.label, lw))+"  "+cell(r.values[0], cw)+"  "+cell(r.values[1], cw)+"  "+kept)
	}
	if len(rows) == 0 {
		lines = append(lines, t.Dim.Render("  The two contacts have the same values."))
	}
	return strings.Join(lines, "\n")
}

// Info says how many properties differ, and where the view is.
func (m *mergePane) Info() string {
	if m.data == nil || m.data.same != "" {
		return ""
	}
	n := 0
	for _, r := range m.all {
		if r.differs {
			n++
		}
	}
	s := plural(n, "property") + map[bool]string{true: " differs", false: " differ"}[n == 1]
	if m.onlyDiff {
		return s + " · " + keyName(m.env.keys.ToggleEmpty) + " shows all"
	}
	return s + " (≠) · " + keyName(m.env.keys.ToggleEmpty) + " shows only those"
}

// merge starts a merge from the list: the two marked contacts side by side; with one marked, or
// none, that one (or the one under the cursor) and another to find.
func (l *listPane) merge() tea.Cmd {
	marked := l.marked()
	switch len(marked) {
	case 2:
		l.push(newMergePane(l.env, marked[0], marked[1], false))
	case 0, 1:
		first, ok := l.selectedTarget()
		if len(marked) == 1 {
			first, ok = marked[0], true
		}
		if ok {
			l.push(newMergeWith(l.env, l.cols, l.rows, first, false))
		}
	default:
		return notice(thousands(len(marked)) + " contacts are marked: a merge takes two. Leave two marked (space unmarks), then press " + keyName(l.env.keys.Merge) + ".")
	}
	return nil
}

// newMergeWith is find, choosing the contact to merge with first: enter on a result opens the
// merge screen with both.
func newMergeWith(e *env, cols columns, loaded contactRows, first contact, stay bool) *findPane {
	f := findOver(e, cols, loaded)
	f.title = "Merge " + first.name + " with…"
	f.pick = func(r row) tea.Cmd {
		if r.ID == first.id {
			return notice("That is " + first.name + ": choose the other contact to merge with")
		}
		f.pop()
		f.push(newMergePane(e, first, r.Value, stay))
		return nil
	}
	return f
}

// mergeWith starts a merge from a contact's detail: find the other contact.
func (d *detailPane) mergeWith() tea.Cmd {
	d.push(newMergeWith(d.env, columns{keys: d.env.settings.Columns, defs: d.data.defs}, contactRows{}, d.about(), true))
	return nil
}

// mergeOffer is the question after an address turned out to be another contact's: merge the two
// (the merge screen shows both; nothing is merged before its own confirmation).
func mergeOffer(p *paneBase, title, text string, this, other contact) question {
	return question{title: title, text: text, answers: []answer{{choice: keyName(p.env.keys.Merge), does: "compare and merge the two contacts…",
		run: func() tea.Cmd {
			p.push(newMergePane(p.env, this, other, true))
			return nil
		}}}}
}

// followMerge moves a pane's contact to the id it was merged into; it reports whether it did.
func followMerge(c *contact, m changedMsg) bool {
	next, ok := m.merged[c.id]
	if ok {
		c.id = next
	}
	return ok
}

// followMerge points the edit form at the contact its contact was merged into: what was typed
// stays, and saving writes it there.
func (f *formPane) followMerge(next string) {
	f.banner = f.name + " was merged: it is contact " + sanitize.Display(next) + " now. What you typed stays here; " +
		keyName(f.env.keys.Save) + " saves it to the merged contact."
	f.contactID, f.existing = next, ""
	if f.contact != nil {
		f.contact.ID = next
	}
}

// followMerge drops the merged-away contacts from the list and reads it again, so the merged
// contact shows where HubSpot lists it.
func (l *listPane) followMerge(merged map[string]string) tea.Cmd {
	gone := changedMsg{}
	for id := range merged {
		gone.deleted = append(gone.deleted, id)
		delete(l.table.Marks, id)
	}
	if rows, ok := gone.appliedRows(l.rows, l.cols); ok {
		l.rows = rows
		l.table.SetSource(rows, nil)
	}
	return l.load("", true, l.table.Len())
}

// followMerge shows the merged contact in a detail that showed one of the two, under its new id.
func (d *detailPane) followMerge(merged map[string]string) tea.Cmd {
	next, ok := merged[d.ref]
	if !ok && d.data != nil {
		next, ok = merged[d.data.contact.ID]
	}
	if !ok || next == d.ref {
		return nil
	}
	d.ref = next
	return d.load()
}
