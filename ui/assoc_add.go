package ui

import (
	"context"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// assocAddPane associates a record with the contact in three steps: the kind of record
// (company, deal, ticket), the record (found by name through HubSpot's search, or by its id),
// and the association type or label (HubSpot's list for the pair). Then it associates (the
// v3 PUT). A failure keeps every choice on screen with HubSpot's reason.
type assocAddPane struct {
	paneBase
	contact contact
	parent  int // the associations pane, reloaded after a success
	// existing is what the contact is associated with already, by assocRecord.key.
	existing map[string]assocRecord
	step     addStep
	kind     int    // index into countedTypes()
	forKind  string // the kind the box, its answers and the labels are for

	input   textinput.Model
	found   *plainTable
	records map[string]assocRecord // the search's answers by id
	gen     int                    // bumped by every change of the text
	shown   int                    // the gen whose answers the table shows
	total   int                    // how many records match the shown answers' text
	search  call
	pending bool // enter was pressed before the answers for the text landed

	record   assocRecord // the chosen record
	types    []api.AssociationType
	typeCur  int
	typesReq call
	saving   call
	problem  string // the last failure, kept on screen until the next try
}

type addStep int

const (
	stepKind addStep = iota
	stepFind
	stepLabel
)

// foundAnswer is a search's answer (the first records and how many match in all) and the
// text generation it is for.
type foundAnswer struct {
	gen   int
	recs  []assocRecord
	total int
}

// pickerResults is how many records a search shows.
const pickerResults = 20

func newAssocAddPane(e *env, c contact, parent int, existing map[string]assocRecord) *assocAddPane {
	in := textinput.New()
	in.Prompt = "Find: "
	in.Placeholder = "name, or the record's id"
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic)
	cols := []table.Column{
		{Key: "name", Title: "Name", Min: 16, Weight: 4},
		{Key: "detail", Title: "Details", Min: 10, Weight: 3},
		{Key: "id", Title: "Id", Min: 12, Weight: 1},
	}
	return &assocAddPane{paneBase: newPaneBase(e), contact: c, parent: parent, existing: existing, input: in,
		found: newTable[none](e.theme, cols), records: map[string]assocRecord{}}
}

func (p *assocAddPane) Init() tea.Cmd { return nil }

func (p *assocAddPane) Title() string { return "Associate" }

// typing: while finding, keys type into the box (esc steps back to the kind).
func (p *assocAddPane) typing() bool { return p.step == stepFind }

func (p *assocAddPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(typed(k))
	if p.input.Value() == before {
		return cmd, true
	}
	p.gen++
	p.problem = ""
	gen := p.gen
	return tea.Batch(cmd, later(&p.paneBase, searchDelay, func() tea.Cmd {
		if gen == p.gen && p.step == stepFind {
			return p.startSearch()
		}
		return nil
	})), true
}

func (p *assocAddPane) kindType() string { return countedTypes()[p.kind] }

func (p *assocAddPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p, p.key(msg)
	case tea.MouseMsg:
		if p.step == stepFind && mouseBelow(p.found, msg, findTableTop) {
			return p, p.pick()
		}
	}
	return p, nil
}

func (p *assocAddPane) keys() []binding {
	km := p.env.keys
	in := func(st addStep) func() bool { return func() bool { return p.step == st } }
	n := len(countedTypes())
	do := func(f func()) func() tea.Cmd { return func() tea.Cmd { f(); return nil } }
	return []binding{
		{key: km.Up, run: do(func() { p.kind = (p.kind + n - 1) % n }), on: in(stepKind), group: "Kind"},
		{key: km.Down, run: do(func() { p.kind = (p.kind + 1) % n }), on: in(stepKind)},
		{key: km.Open, help: "choose", run: p.toFind, on: in(stepKind)},
		{key: km.Up, help: "previous", run: do(func() { p.found.Move(-1) }), on: in(stepFind), group: "Record"},
		{key: km.Down, help: "next", run: do(func() { p.found.Move(1) }), on: in(stepFind)},
		{key: km.Submit, help: "pick", run: p.enter, on: in(stepFind)},
		{key: km.Cancel, help: "back to the kind", run: do(p.toKind), on: in(stepFind)},
		{key: km.Up, run: do(func() { p.typeCur = max(0, p.typeCur-1) }), on: in(stepLabel), group: "Label"},
		{key: km.Down, run: do(func() { p.typeCur = min(len(p.types)-1, p.typeCur+1) }), on: in(stepLabel)},
		{key: km.Open, help: "associate", run: p.associate, on: in(stepLabel)},
	}
}

// key takes what the key table does not: 1–3 choose the kind at once; backspace on the label
// goes back to the search.
func (p *assocAddPane) key(k tea.KeyMsg) tea.Cmd {
	n := len(countedTypes())
	switch {
	case p.step == stepKind && len(k.Runes) == 1 && k.Runes[0] >= '1' && int(k.Runes[0]-'1') < n:
		p.kind = int(k.Runes[0] - '1')
		return p.toFind()
	case p.step == stepLabel && k.Type == tea.KeyBackspace:
		p.step = stepFind
		return p.input.Focus()
	}
	return nil
}

func (p *assocAddPane) toKind() {
	p.step = stepKind
	p.input.Blur()
}

// associate associates the record, asking for the labels again if they failed to load.
func (p *assocAddPane) associate() tea.Cmd {
	if cmd := p.loadTypes(); cmd != nil {
		return cmd
	}
	return p.save()
}

// toFind opens the search box for the chosen kind and lists its first records at once.
func (p *assocAddPane) toFind() tea.Cmd {
	if p.forKind != p.kindType() {
		p.forKind = p.kindType()
		p.input.SetValue("")
		p.found.SetRows(nil, nil, nil)
		p.records, p.types = map[string]assocRecord{}, nil
	}
	p.step = stepFind
	p.problem = ""
	p.input.Placeholder = kindName(p.kindType()) + " name, or its id"
	p.gen++
	return tea.Batch(p.input.Focus(), p.startSearch())
}

// enter picks the record under the cursor, but only among the answers for the text on screen;
// pressed earlier, it picks when they land.
func (p *assocAddPane) enter() tea.Cmd {
	if p.shown != p.gen || p.search.busy() {
		p.pending = true
		if !p.search.busy() {
			return p.startSearch()
		}
		return nil
	}
	return p.pick()
}

func (p *assocAddPane) startSearch() tea.Cmd {
	e, typ, text, gen := p.env, p.kindType(), strings.TrimSpace(p.input.Value()), p.gen
	return request(&p.paneBase, &p.search, "Searching "+kindName(typ)+" records", func(ctx context.Context) (foundAnswer, error) {
		recs, total, err := findRecords(ctx, e, typ, text)
		return foundAnswer{gen: gen, recs: recs, total: total}, err
	}, p.searched)
}

// findRecords finds records by name (HubSpot's search, every word a prefix of a word of the
// name) and, when text is a number, by id as well (the id's record first). It returns the
// first records and how many match in all.
func findRecords(ctx context.Context, e *env, typ, text string) ([]assocRecord, int, error) {
	stages, err := optionLabelsOf(ctx, e, typ, stageProp(typ))
	if err != nil {
		return nil, 0, err
	}
	var out []assocRecord
	if isDigits(text) {
		o, err := e.hub.GetObject(ctx, typ, text, recordProps(typ))
		switch {
		case err == nil:
			out = append(out, describeRecord(typ, o.ID, o, stages))
		case !api.IsNotFound(err):
			return nil, 0, err
		}
	}
	page, err := e.hub.SearchObjects(ctx, typ, api.SearchRequest{Query: text, Properties: recordProps(typ),
		Sort: api.Asc(nameProp(typ)), Limit: pickerResults})
	if err != nil {
		return nil, 0, err
	}
	total := page.Total + len(out)
	for _, o := range page.Results {
		if len(out) == 0 || out[0].id != o.ID {
			out = append(out, describeRecord(typ, o.ID, o, stages))
		} else {
			total-- // the id's record matched the name too
		}
	}
	return out, max(total, len(out)), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (p *assocAddPane) searched(ans foundAnswer, err error) tea.Cmd {
	if err != nil {
		p.pending = false
		p.problem = errorText("Searching", err)
		return nil
	}
	if ans.gen != p.gen {
		return nil // the text changed since; its own search comes
	}
	p.shown, p.total = ans.gen, ans.total
	p.records = make(map[string]assocRecord, len(ans.recs))
	rows := make([]plainRow, len(ans.recs))
	for i, r := range ans.recs {
		p.records[r.id] = r
		name := r.name
		if had, ok := p.existing[r.key()]; ok {
			name += " · associated"
			if len(had.labelled()) > 0 {
				name += " (" + had.labels() + ")"
			}
		}
		rows[i] = newPlainRow(r.id, []string{name, r.detail, r.id})
	}
	p.found.SetRows(rows, nil, nil)
	if p.pending {
		p.pending = false
		return p.pick()
	}
	return nil
}

// pick chooses the record under the cursor and moves on to the association type.
func (p *assocAddPane) pick() tea.Cmd {
	r, ok := p.records[p.found.SelectedID()]
	if !ok {
		p.problem = "No " + kindName(p.kindType()) + " to choose: try other words, or the record's id."
		return nil
	}
	p.record, p.step, p.problem = r, stepLabel, ""
	p.input.Blur()
	return p.loadTypes()
}

// loadTypes asks HubSpot for the contact → kind association types, unless they are here or on
// their way.
func (p *assocAddPane) loadTypes() tea.Cmd {
	if p.types != nil || p.typesReq.busy() {
		return nil
	}
	e, typ := p.env, p.kindType()
	return request(&p.paneBase, &p.typesReq, "Loading the association labels", func(ctx context.Context) ([]api.AssociationType, error) {
		return e.hub.AssociationTypes(ctx, api.ObjectContacts, typ)
	}, func(types []api.AssociationType, err error) tea.Cmd {
		if err != nil {
			p.problem = errorText("Loading the labels", err)
			return nil
		}
		p.types, p.typeCur, p.problem = sortTypes(types), 0, ""
		return nil
	})
}

// sortTypes puts the unlabelled type first, then HubSpot's labels, then the portal's own.
func sortTypes(types []api.AssociationType) []api.AssociationType {
	rank := func(t api.AssociationType) int {
		switch {
		case t.Label == "":
			return 0
		case t.Category == "HUBSPOT_DEFINED":
			return 1
		}
		return 2
	}
	out := make([]api.AssociationType, 0, len(types))
	for r := range 3 {
		for _, t := range types {
			if rank(t) == r {
				out = append(out, t)
			}
		}
	}
	return out
}

// save associates the record with the chosen type.
func (p *assocAddPane) save() tea.Cmd {
	if p.saving.busy() || p.typeCur >= len(p.types) {
		return nil
	}
	e, c, r, t := p.env, p.contact, p.record, p.types[p.typeCur]
	done := "Associated " + c.name + " with " + kindName(r.typ) + " " + r.name + " (" + typeName(t) + ")"
	p.problem = ""
	return request(&p.paneBase, &p.saving, "Associating", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, e.hub.Associate(ctx, c.id, r.typ, r.id, t.TypeID)
	}, func(_ struct{}, err error) tea.Cmd {
		if err != nil {
			p.problem = errorText("Associating", err)
			return nil
		}
		p.pop()
		return tea.Batch(reload(p.parent), relatedChanged(p.contact.id), notice(done))
	})
}

// typeName is how a type reads in a sentence: its label, or "no label".
func typeName(t api.AssociationType) string {
	if t.Label == "" {
		return "no label"
	}
	return sanitize.Display(t.Label)
}

// findTableTop is the results' first line in the find step (under the title, the box and the
// search's state).
const findTableTop = 3

func (p *assocAddPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.input.Width = max(10, w-len(p.input.Prompt)-4)
	p.found.SetSize(w, max(3, h-findTableTop-3))
}

func (p *assocAddPane) View() string {
	t := p.env.theme
	var body string
	switch p.step {
	case stepKind:
		body = p.kindView()
	case stepFind:
		body = p.findView()
	default:
		body = p.labelView()
	}
	if p.problem != "" {
		body += "\n\n" + t.Error.Render(ansi.Wrap("✗ "+p.problem, max(20, p.width-2), " "))
	}
	return body
}

func (p *assocAddPane) kindView() string {
	t := p.env.theme
	lines := []string{t.Header.Render("Associate " + p.contact.name + " with…"), ""}
	for i, typ := range countedTypes() {
		lines = append(lines, p.choiceLine(i == p.kind, itoa(i+1)+" "+capitalize(kindName(typ))))
	}
	km := p.env.keys
	return strings.Join(append(lines, "", t.Dim.Render("  "+keyName(km.Open)+" or 1–3 chooses · "+keyName(km.Back)+" cancels")), "\n")
}

func (p *assocAddPane) choiceLine(selected bool, text string) string {
	t := p.env.theme
	if selected {
		return t.CursorGlyph + t.Selected.Render(text)
	}
	return t.NoCursor + text
}

func (p *assocAddPane) findView() string {
	t := p.env.theme
	head := t.Header.Render("Associate "+p.contact.name+" with a "+kindName(p.kindType())) + "\n" + p.input.View() + "\n"
	return head + t.Dim.Render("  "+p.findState()) + "\n" + p.found.View()
}

// findState says where the search is.
func (p *assocAddPane) findState() string {
	switch {
	case p.search.busy():
		return "Searching HubSpot…"
	case p.found.Len() == 0 && p.shown == p.gen:
		return "No " + kindName(p.kindType()) + " matches. Try other words, or the record's id."
	}
	found := itoa(p.found.Len()) + " found"
	if p.total > p.found.Len() {
		found = "First " + itoa(p.found.Len()) + " of " + thousands(p.total) + " (type more to narrow)"
	}
	km := p.env.keys
	return found + " · " + boxKeyName(km.Up) + "/" + boxKeyName(km.Down) + " choose · " + keyName(km.Submit) + " picks · " + keyName(km.Cancel) + " back"
}

func (p *assocAddPane) labelView() string {
	t := p.env.theme
	r := p.record
	lines := []string{t.Header.Render("Associate " + p.contact.name + " with " + kindName(r.typ) + " " + r.name + " as…"), ""}
	if p.types == nil {
		lines = append(lines, t.Dim.Render("  Loading HubSpot's labels…"))
	}
	had := p.existing[r.key()]
	for i, ty := range p.types {
		text := typeChoice(ty)
		if slices.ContainsFunc(had.types, func(h api.AssociationType) bool { return h.TypeID == ty.TypeID }) {
			text += " · already set"
		}
		lines = append(lines, p.choiceLine(i == p.typeCur, text))
	}
	km := p.env.keys
	state := keyName(km.Open) + " associates · backspace chooses another " + kindName(r.typ) + " · " + keyName(km.Back) + " cancels"
	if p.saving.busy() {
		state = "Associating…"
	}
	return strings.Join(append(lines, "", t.Dim.Render("  "+state)), "\n")
}

// typeChoice is one association type in the list, with what it does.
func typeChoice(t api.AssociationType) string {
	switch {
	case t.Label == "":
		return "No label (HubSpot's default association)"
	case t.TypeID == api.AssocContactToPrimaryCompany:
		return sanitize.Display(t.Label) + " (becomes the primary company; any other loses the mark)"
	}
	return sanitize.Display(t.Label)
}
