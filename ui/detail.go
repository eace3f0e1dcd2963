package ui

import (
	"context"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// detailPane is one contact: a summary (name, email, id, counts of associated companies, deals
// and tickets, secondary emails, the pinned activity), then every property with its label,
// grouped as HubSpot groups them; empty ones show on a toggle. h shows a property's history.
type detailPane struct {
	paneBase
	ref       string // what was asked for: an id, or an email when opened from the command line
	name      string // the contact's name, for the header until it is loaded
	data      *contactData
	indexed   bool // data holds the local index's values until HubSpot's answer comes
	loading   call
	showEmpty bool
	lines     []detailLine
	cursor    int // index into lines, always on a property line when there is one
	offset    int
}

// contactData is a loaded contact with what the view needs to show it.
type contactData struct {
	defs    *defs
	contact *api.Object
	pinned  *api.Activity
}

// detailLine is one line of the view; prop names the property of a property line.
type detailLine struct {
	text string
	prop string
}

// countedTypes are the associated object types the summary counts.
func countedTypes() []string {
	return []string{api.ObjectCompanies, api.ObjectDeals, api.ObjectTickets}
}

func newDetailPane(e *env, ref, name string) *detailPane {
	return &detailPane{paneBase: newPaneBase(e), ref: ref, name: name}
}

func (d *detailPane) Init() tea.Cmd { return d.load() }

func (d *detailPane) Title() string {
	if d.name == "" {
		return sanitize.Display(d.ref)
	}
	return d.name
}

func (d *detailPane) load() tea.Cmd {
	e, ref := d.env, d.ref
	fetch := request(&d.paneBase, &d.loading, "Loading contact", func(ctx context.Context) (*contactData, error) {
		return fetchContact(ctx, e, ref)
	}, d.loaded)
	if d.data != nil {
		return fetch
	}
	return tea.Batch(d.peek(), fetch)
}

// peek shows the local index's values of the contact while HubSpot's load: nil without an
// index or when it does not hold the contact (the definitions are the ones the list loaded).
func (d *detailPane) peek() tea.Cmd {
	e := d.env
	id, ok := contactID(d.ref)
	if e.index == nil || !ok {
		return nil
	}
	return request(&d.paneBase, nil, "", func(ctx context.Context) (*contactData, error) {
		row, held := e.index.Get(id)
		if !held {
			return nil, nil
		}
		df, err := loadDefs(ctx, e)
		if err != nil {
			return nil, nil
		}
		return &contactData{defs: df, contact: &api.Object{ID: row.ID, Type: api.ObjectContacts, Properties: row.Props}}, nil
	}, func(data *contactData, _ error) tea.Cmd {
		if data != nil && d.data == nil { // HubSpot's answer, come first, stays
			d.data, d.indexed, d.name = data, true, displayName(data.contact)
			d.rebuild()
		}
		return nil
	})
}

// fetchContact reads the definitions, the contact with every property and its associations,
// and its pinned activity. A contact that does not exist gives nil, nil.
func fetchContact(ctx context.Context, e *env, ref string) (*contactData, error) {
	df, err := loadDefs(ctx, e)
	if err != nil {
		return nil, err
	}
	o, err := e.hub.GetContact(ctx, ref, api.GetOptions{Properties: df.names(), Associations: countedTypes()})
	if api.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data := &contactData{defs: df, contact: o}
	if o.Properties["hs_pinned_engagement_id"] != "" {
		data.pinned, err = pinnedActivity(ctx, e, o)
	}
	return data, err
}

func pinnedActivity(ctx context.Context, e *env, o *api.Object) (*api.Activity, error) {
	acts, err := e.hub.Activities(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for i := range acts {
		if acts[i].Pinned || acts[i].ID == o.Properties["hs_pinned_engagement_id"] {
			return &acts[i], nil
		}
	}
	return nil, nil
}

func (d *detailPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		return d, d.load()
	case relatedMsg:
		if d.ref == msg.contact || d.data != nil && d.data.contact.ID == msg.contact {
			return d, d.load()
		}
	case tea.MouseMsg:
		d.mouse(msg)
	case changedMsg:
		return d, d.changed(msg)
	}
	return d, nil
}

func (d *detailPane) loaded(data *contactData, err error) tea.Cmd {
	if err != nil {
		d.rebuild() // the local index's values say HubSpot did not answer
		return nil
	}
	if data == nil {
		d.pop()
		return notice("No contact " + sanitize.Display(d.ref) + " in HubSpot (deleted, merged or mistyped?)")
	}
	d.data, d.indexed, d.name = data, false, displayName(data.contact)
	d.ref = data.contact.ID // reloads go by id: the address it was opened by may move (a new primary email)
	d.rebuild()
	return nil
}

// rebuild lays the lines out again (after a load, a toggle or a resize), keeping the cursor
// on the same property.
func (d *detailPane) rebuild() {
	if d.data == nil {
		return
	}
	keep := d.selectedProp()
	d.lines = d.summary()
	d.lines = append(d.lines, d.properties()...)
	d.cursor = 0
	for i, l := range d.lines {
		if l.prop != "" && (l.prop == keep || keep == "") {
			d.cursor = i
			break
		}
	}
	d.scroll()
}

func (d *detailPane) selectedProp() string {
	if d.cursor < len(d.lines) {
		return d.lines[d.cursor].prop
	}
	return ""
}

// summary is the top of the view: who, counts, secondary emails, the pinned activity.
func (d *detailPane) summary() []detailLine {
	t, o := d.env.theme, d.data.contact
	email := sanitize.Display(o.Properties["email"])
	head := t.Header.Render(d.name)
	if email != "" && email != d.name {
		head += "  " + email
	}
	lines := []detailLine{{text: head + t.Dim.Render("  · id "+sanitize.Display(o.ID))}, {text: d.counts()}}
	if d.indexed {
		lines[1] = detailLine{text: t.Dim.Render(d.indexNote())}
	}
	if sec := secondaryEmails(o); sec != "" {
		lines = append(lines, detailLine{text: t.Label.Render("Secondary emails: ") + sec})
	}
	if d.data.pinned != nil {
		lines = append(lines, detailLine{text: d.pinnedLine()})
	}
	return append(lines, detailLine{})
}

func (d *detailPane) counts() string {
	labels := map[string]string{api.ObjectCompanies: "Companies", api.ObjectDeals: "Deals", api.ObjectTickets: "Tickets"}
	parts := make([]string, 0, 3)
	for _, typ := range countedTypes() {
		parts = append(parts, labels[typ]+" "+itoa(len(d.data.contact.Associations[typ])))
	}
	return d.env.theme.Label.Render(strings.Join(parts, " · "))
}

func secondaryEmails(o *api.Object) string {
	raw := o.Properties["hs_additional_emails"]
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, ";")
	for i, p := range parts {
		parts[i] = sanitize.Display(strings.TrimSpace(p))
	}
	return strings.Join(parts, ", ")
}

// pinnedLine is the pinned activity: type, when, title and the start of its body.
func (d *detailPane) pinnedLine() string {
	a := d.data.pinned
	kind := strings.TrimSuffix(a.Type, "s")
	text := sanitize.Display(a.Title)
	if body := bodySnippet(a.Body); body != "" && text != "" {
		text += " — " + body
	} else if body != "" {
		text = body
	}
	when := localTime(a.Timestamp, d.env.loc)
	head := "Pinned " + kind + " · " + when + ": "
	text = ansi.Truncate(text, max(10, d.width-ansi.StringWidth(head)-3), "…")
	return d.env.theme.Pinned.Render(head) + text
}

// properties are the grouped property lines.
func (d *detailPane) properties() []detailLine {
	var lines []detailLine
	for _, g := range d.groups() {
		if len(g.props) == 0 {
			continue
		}
		lines = append(lines, detailLine{text: d.env.theme.Group.Render(sanitize.Display(g.label))})
		for _, p := range g.props {
			lines = append(lines, d.propertyLines(p)...)
		}
		lines = append(lines, detailLine{})
	}
	return lines
}

type propGroup struct {
	label string
	order int
	props []*api.Property
}

// groups sorts the properties to show into HubSpot's groups, in HubSpot's order.
func (d *detailPane) groups() []propGroup {
	df, values := d.data.defs, d.data.contact.Properties
	byName := map[string]*propGroup{}
	for _, g := range df.groups {
		byName[g.Name] = &propGroup{label: g.Label, order: g.DisplayOrder}
	}
	for i := range df.list {
		p := &df.list[i]
		if !d.shown(p, values[p.Name]) {
			continue
		}
		g := byName[p.GroupName]
		if g == nil {
			g = &propGroup{label: "Other", order: 1 << 30}
			byName[p.GroupName] = g
		}
		g.props = append(g.props, p)
	}
	return sortGroups(byName)
}

// shown: a property with a value always; an empty one on the toggle, unless HubSpot hides it.
func (d *detailPane) shown(p *api.Property, value string) bool {
	return value != "" || (d.showEmpty && !p.Hidden)
}

func sortGroups(byName map[string]*propGroup) []propGroup {
	out := make([]propGroup, 0, len(byName))
	for _, g := range byName {
		sort.SliceStable(g.props, func(i, j int) bool {
			a, b := g.props[i], g.props[j]
			if a.DisplayOrder != b.DisplayOrder {
				return a.DisplayOrder < b.DisplayOrder
			}
			return a.Label < b.Label
		})
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].order != out[j].order {
			return out[i].order < out[j].order
		}
		return out[i].label < out[j].label
	})
	return out
}

// labelWidth is the column of property labels.
const labelWidth = 28

// maxValueLines caps how many lines one multi-line value takes in the view.
const maxValueLines = 6

// propertyLines is one property: label and value, a multi-line value wrapped under it.
func (d *detailPane) propertyLines(p *api.Property) []detailLine {
	t := d.env.theme
	raw := d.data.contact.Properties[p.Name]
	label := pad(ansi.Truncate(sanitize.Display(p.Label), labelWidth-1, "…"), labelWidth)
	width := max(10, d.width-labelWidth-4)
	if raw == "" {
		return []detailLine{{text: t.Label.Render(label) + t.Empty.Render("—"), prop: p.Name}}
	}
	values := strings.Split(ansi.Wrap(d.data.defs.block(p.Name, raw), width, " "), "\n")
	if len(values) > maxValueLines {
		values = append(values[:maxValueLines-1], "… ("+keyName(d.env.keys.Open)+" shows it all)")
	}
	lines := []detailLine{{text: t.Label.Render(label) + values[0], prop: p.Name}}
	for _, v := range values[1:] {
		lines = append(lines, detailLine{text: spaces(labelWidth) + v, prop: p.Name})
	}
	return lines
}

// keys: moving between properties, then the keys in the order the footer shows them. Most
// need the contact loaded.
func (d *detailPane) keys() []binding {
	km := d.env.keys
	loaded := func() bool { return d.data != nil && !d.indexed } // HubSpot's values
	shown := func() bool { return d.data != nil }                // or the local index's
	step := func(dir int, n func() int) func() tea.Cmd {
		return func() tea.Cmd {
			d.step(dir, n())
			d.scroll()
			return nil
		}
	}
	one := func() int { return 1 }
	half := func() int { return max(1, d.height/2) }
	all := func() int { return len(d.lines) }
	relation := func(r relation) func() tea.Cmd {
		return func() tea.Cmd {
			d.push(relationPane(d.env, d.about(), r))
			return nil
		}
	}
	return []binding{
		{key: km.Up, run: step(-1, one), group: "Move", more: true},
		{key: km.Down, run: step(1, one), more: true},
		{key: km.Top, run: step(-1, all), more: true},
		{key: km.Bottom, run: step(1, all), more: true},
		{key: km.PageDown, run: step(1, half), more: true},
		{key: km.PageUp, run: step(-1, half), more: true},
		// The footer shows the first that fit: what one comes to a contact for (change it, copy
		// its email, read and log its activities, a value's history) before the rarer reads.
		{key: km.Edit, run: d.fresh(d.edit), on: shown, group: "Contact"},
		{key: km.Copy, run: d.copy, on: shown},
		{key: km.Activities, run: relation(relActivities), on: loaded},
		{key: km.Log, run: d.fresh(d.log), on: shown},
		{key: km.History, run: d.history, on: loaded},
		{key: km.Associations, run: relation(relAssociations), on: loaded},
		{key: km.Open, help: "whole value", run: d.value, on: shown},
		{key: km.Emails, run: relation(relEmails), on: loaded},
		{key: km.NextPane, run: relation(relAssociations), on: loaded},
		{key: km.PrevPane, run: relation(relActivities), on: loaded, more: true},
		{key: km.Delete, run: d.fresh(d.delete), on: shown},
		{key: km.New, run: d.create, on: shown},
		{key: km.ToggleEmpty, run: d.toggleEmpty, on: shown},
		{key: km.Browser, run: func() tea.Cmd { return d.env.openRecord(d.data.contact.ID) }, on: loaded},
		{key: km.Merge, help: "merge with…", run: d.fresh(d.mergeWith), on: shown, more: true},
		{key: km.Refresh, run: d.load},
	}
}

// log asks which kind of activity to log on the contact, then opens its form; after a save the
// detail loads again (the form reloads it) and the activities show it.
func (d *detailPane) log() tea.Cmd {
	d.ask(logQuestion(&d.paneBase, d.about(), func(api.Activity, bool) tea.Cmd { return nil }))
	return nil
}

func (d *detailPane) toggleEmpty() tea.Cmd {
	d.showEmpty = !d.showEmpty
	d.rebuild()
	return nil
}

// step moves n properties in direction dir (±1), stopping at the ends.
func (d *detailPane) step(dir, n int) {
	for ; n > 0; n-- {
		next := d.nextProp(d.cursor, dir)
		if next < 0 {
			break
		}
		d.cursor = next
	}
}

// nextProp is the first line of the next (dir 1) or previous (dir -1) property, or -1.
func (d *detailPane) nextProp(from, dir int) int {
	cur := ""
	if from < len(d.lines) {
		cur = d.lines[from].prop
	}
	for i := from + dir; i >= 0 && i < len(d.lines); i += dir {
		p := d.lines[i].prop
		if p != "" && p != cur && (dir > 0 || i == 0 || d.lines[i-1].prop != p) {
			return i
		}
	}
	return -1
}

// scroll keeps the cursor's line on screen.
func (d *detailPane) scroll() {
	h := max(1, d.height)
	if d.cursor < d.offset {
		d.offset = d.cursor
	}
	if d.cursor >= d.offset+h {
		d.offset = d.cursor - h + 1
	}
	if d.nextProp(d.cursor, -1) < 0 && d.cursor < h {
		d.offset = 0 // on the first property: the summary above it shows too
	}
	d.offset = max(0, min(d.offset, len(d.lines)-h))
}

func (d *detailPane) mouse(m tea.MouseMsg) {
	switch {
	case m.Button == tea.MouseButtonWheelUp:
		d.step(-1, 3)
	case m.Button == tea.MouseButtonWheelDown:
		d.step(1, 3)
	case m.Button == tea.MouseButtonLeft && m.Action == tea.MouseActionPress:
		if i := d.offset + m.Y; i < len(d.lines) && d.lines[i].prop != "" {
			d.cursor = i
			for d.cursor > 0 && d.lines[d.cursor-1].prop == d.lines[i].prop {
				d.cursor--
			}
		}
	}
	d.scroll()
}

// value opens the selected property's whole value.
func (d *detailPane) value() tea.Cmd {
	prop := d.selectedProp()
	if prop == "" {
		return nil
	}
	raw, df := d.data.contact.Properties[prop], d.data.defs
	d.push(newValuePane(d.env, df.label(prop)+" of "+d.name, raw, df.format(prop, raw)))
	return nil
}

func (d *detailPane) history() tea.Cmd {
	prop := d.selectedProp()
	if prop == "" {
		return nil
	}
	d.push(newHistoryPane(d.env, d.data.contact.ID, d.name, prop, d.data.defs))
	return nil
}

func (d *detailPane) copy() tea.Cmd {
	o, e := d.data.contact, d.env
	q := e.copyQuestion(o.ID, o.Properties["email"])
	if prop := d.selectedProp(); prop != "" {
		label, raw := d.data.defs.label(prop), o.Properties[prop]
		q.answers = append(q.answers, answer{choice: "v", does: label, run: func() tea.Cmd { return e.copyText(label, raw) }})
	}
	d.ask(q)
	return nil
}

func (d *detailPane) SetSize(w, h int) {
	d.paneBase.SetSize(w, h)
	d.rebuild()
}

func (d *detailPane) View() string {
	if d.data == nil {
		return d.env.theme.Dim.Render("  Loading " + d.Title() + "…")
	}
	end := min(len(d.lines), d.offset+max(1, d.height))
	var b strings.Builder
	for i := d.offset; i < end; i++ {
		if i > d.offset {
			b.WriteByte('\n')
		}
		b.WriteString(d.gutter(i) + d.lines[i].text)
	}
	return b.String()
}

// gutter marks the selected property's lines with the cursor glyph.
func (d *detailPane) gutter(i int) string {
	t := d.env.theme
	if p := d.lines[i].prop; p != "" && p == d.selectedProp() {
		if i == d.cursor {
			return t.CursorGlyph
		}
	}
	return t.NoCursor
}

// Info says where the cursor is and whether empty properties show.
func (d *detailPane) Info() string {
	if d.data == nil {
		return ""
	}
	if d.indexed {
		return "the local index's values"
	}
	if d.showEmpty {
		return "all properties"
	}
	return "properties with a value · " + keyName(d.env.keys.ToggleEmpty) + " shows all"
}
