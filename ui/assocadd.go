package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// assocAddPane associates a record with the contact in three steps: the kind of record
// (company, deal, ticket), the record (found by name through HubSpot's search, or by its id),
// and the association type or label (HubSpot's list for the pair). Then it associates (the
// v3 PUT). A failure keeps every choice on screen with HubSpot's reason.
type assocAddPane struct {
	paneBase
	contact contactRef
	parent  int // the associations pane, reloaded after a success
	// existing is what the contact is associated with already, by assocRecord.key.
	existing map[string]assocRecord
	step     addStep
	kind     int    // index into countedTypes()
	forKind  string // the kind the box, its answers and the labels are for

	input   textinput.Model
	found   *table
	records map[string]assocRecord // the search's answers by id
	gen     int                    // bumped by every change of the text
	shown   int                    // the gen whose answers the table shows
	total   int                    // how many records match the shown answers' text
	search  int64
	pending bool // enter was pressed before the answers for the text landed

	record   assocRecord // the chosen record
	types    []api.AssociationType
	typeCur  int
	typesReq int64
	saving   int64
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

func newAssocAddPane(e *env, c contactRef, parent int, existing map[string]assocRecord) *assocAddPane {
	in := textinput.New()
	in.Prompt = "Find: "
	in.Placeholder = "name, or the record's id"
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic)
	cols := []column{
		{Key: "name", Title: "Name", Min: 16, Weight: 4},
		{Key: "detail", Title: "Details", Min: 10, Weight: 3},
		{Key: "id", Title: "Id", Min: 12, Weight: 1},
	}
	return &assocAddPane{paneBase: newPaneBase(e), contact: c, parent: parent, existing: existing, input: in,
		found: newTable(e.theme, cols), records: map[string]assocRecord{}}
}

func (p *assocAddPane) Init() tea.Cmd { return nil }

func (p *assocAddPane) Title() string { return "Associate" }

// Capturing: while finding, keys type into the box (esc steps back to the kind).
func (p *assocAddPane) Capturing() bool { return p.step == stepFind }

func (p *assocAddPane) kindType() string { return countedTypes()[p.kind] }

func (p *assocAddPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p, p.key(msg)
	case debouncedMsg:
		if msg.gen == p.gen && p.step == stepFind {
			return p, p.startSearch()
		}
	case resultMsg:
		return p, p.answered(msg)
	case tea.MouseMsg:
		if p.step == stepFind && mouseBelow(p.found, msg, findTableTop) {
			return p, p.pick()
		}
	}
	return p, nil
}

func (p *assocAddPane) key(k tea.KeyMsg) tea.Cmd {
	switch p.step {
	case stepKind:
		return p.kindKey(k)
	case stepFind:
		return p.findKey(k)
	}
	return p.labelKey(k)
}

// kindKey: move and enter, or 1/2/3 straight away.
func (p *assocAddPane) kindKey(k tea.KeyMsg) tea.Cmd {
	km := p.env.keys
	n := len(countedTypes())
	switch {
	case km.Up.Matches(k):
		p.kind = (p.kind + n - 1) % n
	case km.Down.Matches(k):
		p.kind = (p.kind + 1) % n
	case km.Open.Matches(k):
		return p.toFind()
	case len(k.Runes) == 1 && k.Runes[0] >= '1' && int(k.Runes[0]-'1') < n:
		p.kind = int(k.Runes[0] - '1')
		return p.toFind()
	}
	return nil
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

func (p *assocAddPane) findKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEsc:
		p.step = stepKind
		p.input.Blur()
		return nil
	case tea.KeyEnter:
		return p.enter()
	case tea.KeyUp, tea.KeyCtrlP:
		p.found.Move(-1)
		return nil
	case tea.KeyDown, tea.KeyCtrlN:
		p.found.Move(1)
		return nil
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(typed(k))
	if p.input.Value() == before {
		return cmd
	}
	p.gen++
	p.problem = ""
	gen, id := p.gen, p.id
	return tea.Batch(cmd, p.env.after(searchDelay, func(time.Time) tea.Msg { return debouncedMsg{pane: id, gen: gen} }))
}

// enter picks the record under the cursor, but only among the answers for the text on screen;
// pressed earlier, it picks when they land.
func (p *assocAddPane) enter() tea.Cmd {
	if p.shown != p.gen || p.search != 0 {
		p.pending = true
		if p.search == 0 {
			return p.startSearch()
		}
		return nil
	}
	return p.pick()
}

func (p *assocAddPane) startSearch() tea.Cmd {
	e, typ, text, gen := p.env, p.kindType(), strings.TrimSpace(p.input.Value()), p.gen
	req, cmd := request(e, p.id, "Searching "+kindName(typ)+" records", func(ctx context.Context) (foundAnswer, error) {
		recs, total, err := findRecords(ctx, e, typ, text)
		return foundAnswer{gen: gen, recs: recs, total: total}, err
	})
	p.search = req
	return cmd
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

func (p *assocAddPane) answered(msg resultMsg) tea.Cmd {
	switch msg.req {
	case p.search:
		return p.searched(msg)
	case p.typesReq:
		p.typesReq = 0
		if msg.err == nil {
			p.types, p.typeCur, p.problem = sortTypes(msg.value.([]api.AssociationType)), 0, ""
		} else {
			p.problem = errorText("Loading the labels", msg.err)
		}
	case p.saving:
		return p.saved(msg)
	}
	return nil
}

func (p *assocAddPane) searched(msg resultMsg) tea.Cmd {
	p.search = 0
	if msg.err != nil {
		p.pending = false
		p.problem = errorText("Searching", msg.err)
		return nil
	}
	ans := msg.value.(foundAnswer)
	if ans.gen != p.gen {
		return nil // the text changed since; its own search comes
	}
	p.shown, p.total = ans.gen, ans.total
	p.records = make(map[string]assocRecord, len(ans.recs))
	rows := make([]row, len(ans.recs))
	for i, r := range ans.recs {
		p.records[r.id] = r
		name := r.name
		if had, ok := p.existing[r.key()]; ok {
			name += " · associated"
			if len(had.labelled()) > 0 {
				name += " (" + had.labels() + ")"
			}
		}
		rows[i] = newRow(r.id, []string{name, r.detail, r.id})
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
	if p.types != nil || p.typesReq != 0 {
		return nil
	}
	e, typ := p.env, p.kindType()
	req, cmd := request(e, p.id, "Loading the association labels", func(ctx context.Context) ([]api.AssociationType, error) {
		return e.hub.AssociationTypes(ctx, api.ObjectContacts, typ)
	})
	p.typesReq = req
	return cmd
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

func (p *assocAddPane) labelKey(k tea.KeyMsg) tea.Cmd {
	km := p.env.keys
	switch {
	case km.Up.Matches(k):
		p.typeCur = max(0, p.typeCur-1)
	case km.Down.Matches(k):
		p.typeCur = min(len(p.types)-1, p.typeCur+1)
	case km.Open.Matches(k):
		return firstOf(p.loadTypes(), p.save) // labels that failed to load are asked for again
	case k.Type == tea.KeyBackspace:
		p.step = stepFind
		return p.input.Focus()
	}
	return nil
}

// save associates the record with the chosen type.
func (p *assocAddPane) save() tea.Cmd {
	if p.saving != 0 || p.typeCur >= len(p.types) {
		return nil
	}
	e, c, r, t := p.env, p.contact, p.record, p.types[p.typeCur]
	done := "Associated " + c.name + " with " + kindName(r.typ) + " " + r.name + " (" + typeName(t) + ")"
	req, cmd := request(e, p.id, "Associating", func(ctx context.Context) (string, error) {
		return done, e.hub.Associate(ctx, c.id, r.typ, r.id, t.TypeID)
	})
	p.saving, p.problem = req, ""
	return cmd
}

func (p *assocAddPane) saved(msg resultMsg) tea.Cmd {
	p.saving = 0
	if msg.err != nil {
		p.problem = errorText("Associating", msg.err)
		return nil
	}
	p.pop()
	return tea.Batch(reload(p.parent), reload(p.contact.detail), notice(msg.value.(string)))
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
	return strings.Join(append(lines, "", t.Dim.Render("  enter or 1–3 chooses · esc cancels")), "\n")
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
	case p.search != 0:
		return "Searching HubSpot…"
	case p.found.Len() == 0 && p.shown == p.gen:
		return "No " + kindName(p.kindType()) + " matches. Try other words, or the record's id."
	}
	found := itoa(p.found.Len()) + " found"
	if p.total > p.found.Len() {
		found = "First " + itoa(p.found.Len()) + " of " + thousands(p.total) + " (type more to narrow)"
	}
	return found + " · ↑/↓ choose · enter picks · esc back"
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
	state := "enter associates · backspace chooses another " + kindName(r.typ) + " · esc cancels"
	if p.saving != 0 {
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

func (p *assocAddPane) ShortHelp() []key.Binding {
	km := p.env.keys
	if p.step == stepFind {
		return []key.Binding{
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the kind")),
		}
	}
	return bindings(km.Up, km.Down, km.Open, km.Back)
}

func (p *assocAddPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
