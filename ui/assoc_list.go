package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// assocPane lists a contact's companies, deals and tickets, each with its name, a detail (a
// company's domain, a deal's stage, a ticket's status) and the association's labels; the
// primary company is marked. n associates another record (assocAddPane), d removes one after a
// confirmation naming both records.
type assocPane struct {
	paneBase
	contact contact
	table   *plainTable
	records map[string]assocRecord // by row id
	loading call
	writing call
	loaded  bool
	loadErr string // why the first load failed; r tries again
}

// assocRecord is one associated record as the pane shows it; every text is sanitized.
type assocRecord struct {
	typ    string // companies, deals, tickets
	id     string
	name   string
	detail string
	types  []api.AssociationType
}

func (r assocRecord) key() string { return r.typ + "/" + r.id }

// primary reports the contact's primary company (HubSpot-defined type 1, whatever its label).
func (r assocRecord) primary() bool {
	for _, t := range r.types {
		if t.TypeID == api.AssocContactToPrimaryCompany && r.typ == api.ObjectCompanies {
			return true
		}
	}
	return false
}

// labelled lists the types that carry a label, in HubSpot's order.
func (r assocRecord) labelled() []api.AssociationType {
	var out []api.AssociationType
	for _, t := range r.types {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

// labels is the labels on one line, "—" when the association has none.
func (r assocRecord) labels() string {
	var out []string
	for _, t := range r.labelled() {
		out = append(out, sanitize.Display(t.Label))
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

// wholeType is the pair's unlabelled type: removing it removes every association between the
// two records, as HubSpot documents.
func (r assocRecord) wholeType() int {
	for _, t := range r.types {
		if t.Label == "" && t.Category == "HUBSPOT_DEFINED" {
			return t.TypeID
		}
	}
	return defaultAssocType(r.typ)
}

// defaultAssocType is HubSpot's unlabelled contact → type association.
func defaultAssocType(typ string) int {
	switch typ {
	case api.ObjectDeals:
		return api.AssocContactToDeal
	case api.ObjectTickets:
		return api.AssocContactToTicket
	}
	return api.AssocContactToCompany
}

// kindName is an object type in words: "company", "deal", "ticket".
func kindName(typ string) string {
	switch typ {
	case api.ObjectCompanies:
		return "company"
	case api.ObjectDeals:
		return "deal"
	case api.ObjectTickets:
		return "ticket"
	}
	return strings.TrimSuffix(typ, "s")
}

// nameProp is the property naming a record of a type; recordProps what the pane reads.
func nameProp(typ string) string {
	switch typ {
	case api.ObjectDeals:
		return "dealname"
	case api.ObjectTickets:
		return "subject"
	}
	return "name"
}

func recordProps(typ string) []string {
	switch typ {
	case api.ObjectDeals:
		return []string{"dealname", "dealstage", "pipeline"}
	case api.ObjectTickets:
		return []string{"subject", "hs_pipeline_stage", "hs_pipeline"}
	}
	return []string{"name", "domain"}
}

// stageProp is the property whose option label the detail shows ("" for companies).
func stageProp(typ string) string {
	switch typ {
	case api.ObjectDeals:
		return "dealstage"
	case api.ObjectTickets:
		return "hs_pipeline_stage"
	}
	return ""
}

func newAssocPane(e *env, c contact) *assocPane {
	cols := []table.Column{
		{Key: "type", Title: "Type", Min: 8},
		{Key: "name", Title: "Name", Min: 16, Weight: 4},
		{Key: "detail", Title: "Details", Min: 10, Weight: 3},
		{Key: "labels", Title: "Labels", Min: 10, Weight: 3},
	}
	return &assocPane{paneBase: newPaneBase(e), contact: c, table: newTable[none](e.theme, cols)}
}

func (a *assocPane) Init() tea.Cmd { return a.load() }

func (a *assocPane) Title() string { return "Associations" }

func (a *assocPane) load() tea.Cmd {
	e, id := a.env, a.contact.id
	return request(&a.paneBase, &a.loading, "Loading associations", func(ctx context.Context) ([]assocRecord, error) {
		return fetchAssociations(ctx, e, id)
	}, shown(&a.loadErr, a.show))
}

// fetchAssociations reads the contact's companies, deals and tickets with their labels, then
// the records themselves (names, stages), companies first, the primary one at the top. The
// three types load side by side (the API layer keeps the pace HubSpot allows).
func fetchAssociations(ctx context.Context, e *env, contactID string) ([]assocRecord, error) {
	types := countedTypes()
	recs := make([][]assocRecord, len(types))
	errs := make([]error, len(types))
	var wg sync.WaitGroup
	for i, typ := range types {
		wg.Go(func() { recs[i], errs[i] = fetchAssocType(ctx, e, contactID, typ) })
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return slices.Concat(recs...), nil
}

// firstError is the first of errs that is not nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func fetchAssocType(ctx context.Context, e *env, contactID, typ string) ([]assocRecord, error) {
	assocs, err := e.hub.ListAssociations(ctx, contactID, typ)
	if err != nil || len(assocs) == 0 {
		return nil, err
	}
	ids := make([]string, len(assocs))
	for i, a := range assocs {
		ids[i] = a.ToID
	}
	objs, err := readRecords(ctx, e, typ, ids)
	if err != nil {
		return nil, err
	}
	stages, err := optionLabelsOf(ctx, e, typ, stageProp(typ))
	if err != nil {
		return nil, err
	}
	out := make([]assocRecord, len(assocs))
	for i, a := range assocs {
		out[i] = describeRecord(typ, a.ToID, objs[a.ToID], stages)
		out[i].types = a.Types
	}
	sortRecords(out)
	return out, nil
}

// readRecords reads records by id; one that cannot be read (deleted since) is left out.
func readRecords(ctx context.Context, e *env, typ string, ids []string) (map[string]*api.Object, error) {
	res, err := e.hub.BatchReadObjects(ctx, typ, ids, recordProps(typ))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*api.Object, len(res))
	for _, r := range res {
		if r.Object != nil {
			out[r.Object.ID] = r.Object
		}
	}
	return out, nil
}

// optionLabelsOf maps an enumeration property's values to their labels (nil for prop "").
func optionLabelsOf(ctx context.Context, e *env, typ, prop string) (map[string]string, error) {
	if prop == "" {
		return nil, nil
	}
	props, err := e.hub.Properties(ctx, typ)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range props {
		if p.Name == prop {
			for _, o := range p.Options {
				out[o.Value] = o.Label
			}
		}
	}
	return out, nil
}

// describeRecord names a record and says the one thing that tells it apart.
func describeRecord(typ, id string, o *api.Object, stages map[string]string) assocRecord {
	r := assocRecord{typ: typ, id: id}
	if o == nil {
		r.name = "(cannot be read) · id " + sanitize.Display(id)
		return r
	}
	r.name = sanitize.Display(strings.TrimSpace(o.Properties[nameProp(typ)]))
	if r.name == "" {
		r.name = "(no name) · id " + sanitize.Display(id)
	}
	switch typ {
	case api.ObjectCompanies:
		r.detail = sanitize.Display(o.Properties["domain"])
	case api.ObjectDeals:
		r.detail = stageText("Stage", o.Properties["dealstage"], stages)
	case api.ObjectTickets:
		r.detail = stageText("Status", o.Properties["hs_pipeline_stage"], stages)
	}
	return r
}

func stageText(what, value string, labels map[string]string) string {
	if value == "" {
		return ""
	}
	if l := labels[value]; l != "" {
		value = l
	}
	return what + ": " + sanitize.Display(value)
}

// sortRecords puts the primary company first, then by name.
func sortRecords(recs []assocRecord) {
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].primary() != recs[j].primary() {
			return recs[i].primary()
		}
		return strings.ToLower(recs[i].name) < strings.ToLower(recs[j].name)
	})
}

func (a *assocPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		return a, a.load()
	case tea.MouseMsg:
		if mouseBelow(a.table, msg, assocTableTop) {
			return a, a.open()
		}
	case changedMsg:
		if followMerge(&a.contact, msg) {
			return a, a.load()
		}
	}
	return a, nil
}

func (a *assocPane) show(recs []assocRecord) {
	a.records = make(map[string]assocRecord, len(recs))
	rows := make([]plainRow, len(recs))
	for i, r := range recs {
		a.records[r.key()] = r
		name := r.name
		if r.primary() {
			name += " (primary)"
		}
		rows[i] = newPlainRow(r.key(), []string{capitalize(kindName(r.typ)), name, r.detail, r.labels()})
	}
	a.table.SetRows(rows, nil, nil)
	a.loaded = true
}

func (a *assocPane) selected() (assocRecord, bool) {
	r, ok := a.records[a.table.SelectedID()]
	return r, ok
}

func (a *assocPane) keys() []binding {
	km := a.env.keys
	some := func() bool { return a.table.Len() > 0 }
	return slices.Concat(moves(km, a.table, nil), []binding{
		{key: km.Open, run: a.open, on: some, group: "Associations"},
		{key: km.Add, run: a.add},
		{key: km.Remove, run: a.remove},
		{key: km.Refresh, run: a.load},
	}, relationKeys(&a.paneBase, a.contact, relAssociations))
}

// open shows the record under the cursor (record.go).
func (a *assocPane) open() tea.Cmd {
	if r, ok := a.selected(); ok {
		a.push(newRecordPane(a.env, r.typ, r.id, r.name))
	}
	return nil
}

func (a *assocPane) add() tea.Cmd {
	a.push(newAssocAddPane(a.env, a.contact, a.id, a.records))
	return nil
}

// remove asks what to remove when the association carries labels (all of it, or one label),
// then asks for a confirmation naming both records.
func (a *assocPane) remove() tea.Cmd {
	r, ok := a.selected()
	if !ok || a.writing.busy() {
		return nil
	}
	labelled := a.removableLabels(r)
	if len(labelled) == 0 {
		a.ask(a.confirmRemove(r, r.wholeType(), ""))
		return nil
	}
	confirm := func(typeID int, label string) func() tea.Cmd {
		return func() tea.Cmd {
			a.ask(a.confirmRemove(r, typeID, label))
			return nil
		}
	}
	answers := []answer{{choice: "a", does: "the whole association", run: confirm(r.wholeType(), "")}}
	for i, t := range labelled {
		answers = append(answers, answer{choice: itoa(i + 1), does: "the label “" + t.Label + "”", run: confirm(t.TypeID, t.Label)})
	}
	a.ask(question{title: "Remove", text: "Remove what between " + a.pair(r) + "?", answers: answers})
	return nil
}

// removableLabels are the labelled types that can go on their own (at most nine: one key each).
func (a *assocPane) removableLabels(r assocRecord) []api.AssociationType {
	var out []api.AssociationType
	for _, t := range r.labelled() {
		if t.TypeID != r.wholeType() && len(out) < 9 {
			out = append(out, t)
		}
	}
	return out
}

// pair names both records: "Ada Lovelace and company Acme Inc".
func (a *assocPane) pair(r assocRecord) string {
	return a.contact.name + " and " + kindName(r.typ) + " " + r.name
}

// confirmRemove is the question before removing one association type (or all of it) from r.
func (a *assocPane) confirmRemove(r assocRecord, typeID int, label string) question {
	q := question{title: "Remove association", text: "Remove the association between " + a.pair(r) + "?",
		details: []string{"Every label between them goes with it. HubSpot has no undo for this: to restore it, associate them again (" + keyName(a.env.keys.Add) + ")."}}
	if label != "" {
		q.title, q.text = "Remove label", "Remove the label “"+label+"” between "+a.pair(r)+"?"
		q.details = []string{"The association itself stays, with its other labels."}
	}
	q.answers = []answer{{does: "remove", run: func() tea.Cmd { return a.doRemove(r, typeID, label) }}}
	return q
}

func (a *assocPane) doRemove(r assocRecord, typeID int, label string) tea.Cmd {
	if a.writing.busy() {
		return nil
	}
	hub, contact := a.env.hub, a.contact
	done := "Removed the association between " + a.pair(r)
	if label != "" {
		done = "Removed the label “" + sanitize.Display(label) + "” between " + a.pair(r)
	}
	return request(&a.paneBase, &a.writing, "Removing the association", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, hub.RemoveAssociation(ctx, contact.id, r.typ, r.id, typeID)
	}, func(_ struct{}, err error) tea.Cmd {
		if err != nil {
			return nil
		}
		return tea.Batch(notice(done), a.load(), relatedChanged(a.contact.id))
	})
}

// assocTableTop is the table's first line in the pane (under the title, counts and a blank).
const assocTableTop = 3

func (a *assocPane) SetSize(w, h int) {
	a.paneBase.SetSize(w, h)
	a.table.SetSize(w, h-assocTableTop)
}

func (a *assocPane) View() string {
	t := a.env.theme
	head := t.Header.Render("Associations of "+a.contact.name) + "\n" + t.Label.Render(a.counts()) + "\n\n"
	switch {
	case !a.loaded:
		return head + loadingText(a.env, a.width, "the associations", a.loadErr)
	case a.table.Len() == 0:
		return head + t.Dim.Render("  No companies, deals or tickets are associated. "+keyName(a.env.keys.Add)+" associates one.")
	}
	return head + a.table.View()
}

// counts is "2 companies · 1 deal · 0 tickets".
func (a *assocPane) counts() string {
	if !a.loaded {
		return ""
	}
	n := map[string]int{}
	for _, r := range a.records {
		n[r.typ]++
	}
	parts := make([]string, 0, 3)
	for _, typ := range countedTypes() {
		parts = append(parts, plural(n[typ], kindName(typ)))
	}
	return strings.Join(parts, " · ")
}

// plural is "1 deal", "2 deals", "2 companies".
func plural(n int, noun string) string {
	if n != 1 {
		if len(noun) > 1 && noun[len(noun)-1] == 'y' && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])) {
			noun = strings.TrimSuffix(noun, "y") + "ie" // activity → activities, day → days
		}
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

func (a *assocPane) Info() string {
	if !a.loaded || a.table.Len() == 0 {
		return ""
	}
	return itoa(a.table.Cursor()+1) + " of " + itoa(a.table.Len())
}
