package ui

import (
	"context"
	"maps"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// formPane edits a contact (e) or creates one (n). Its fields come from the property
// definitions, the configured ones first; ctrl+n adds any other property by its label. Each
// field is checked as the user leaves it; ctrl+s shows the changes and saves them, on y, in one
// request carrying only the changed properties. Whatever goes wrong, the form stays open with
// every value typed, HubSpot's word on each property next to its field.
type formPane struct {
	paneBase
	// fieldList: the fields; the cursor is on a field, then (creating) the company row, then
	// the add-a-field row.
	fieldList
	creating   bool
	contactID  string      // the contact being edited
	name       string      // its name, sanitized
	fromDetail bool        // opened from the contact's detail (which then shows the result)
	contact    *api.Object // as loaded, updated by each save
	loading    call
	saving     call
	banner     string // the last save's outcome when it needs saying (raw)
	existing   string // the contact a 409 named
	company    *pickItem
}

// defaultFormFields are the form's fields when the config names none.
func defaultFormFields() []string {
	return []string{"firstname", "lastname", "email", "phone", "jobtitle", "company", "lifecyclestage", "hs_lead_status"}
}

// formData is what the form loads: the definitions and (editing) the contact.
type formData struct {
	defs    *defs
	contact *api.Object
}

// saveResult is a save's answer: the contact as HubSpot returned it, and what was sent.
type saveResult struct {
	obj     *api.Object
	sent    map[string]string
	partial bool // a two-step save whose second request failed: obj is the first's answer
}

func newEditForm(e *env, id, name string, fromDetail bool) *formPane {
	return &formPane{paneBase: newPaneBase(e), contactID: id, name: name, fromDetail: fromDetail}
}

func newCreateForm(e *env) *formPane {
	return &formPane{paneBase: newPaneBase(e), creating: true}
}

func (f *formPane) Init() tea.Cmd {
	e, id, creating := f.env, f.contactID, f.creating
	return request(&f.paneBase, &f.loading, "Loading the form", func(ctx context.Context) (formData, error) {
		df, err := loadDefs(ctx, e)
		if err != nil || creating {
			return formData{defs: df}, err
		}
		o, err := e.hub.GetContact(ctx, id, api.GetOptions{Properties: df.names()})
		return formData{defs: df, contact: o}, err
	}, f.loaded)
}

func (f *formPane) Title() string {
	if f.creating {
		return "New contact"
	}
	return "Edit " + f.name
}

// typing: the focused field takes the keys (q is a letter here); ctrl+c still quits.
func (f *formPane) typing() bool { return true }

// Unsaved reports a value that differs from HubSpot's, or a company chosen for a new contact.
func (f *formPane) Unsaved() bool {
	if f.creating && f.company != nil {
		return true
	}
	return slices.ContainsFunc(f.fields, (*field.Field).Dirty)
}

func (f *formPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(changedMsg); ok && !f.creating {
		if next, merged := m.merged[f.contactID]; merged {
			f.followMerge(next)
		}
	}
	return f, nil
}

// reviewed takes the review's answer: save what it showed, or go back to editing.
func (f *formPane) reviewed(a reviewAnswer) tea.Cmd {
	f.awaiting = false
	if a.cancelled {
		return f.replay()
	}
	return tea.Batch(f.save(a.changes, a.twoStep), f.replay())
}

// loaded builds the fields; a contact that is gone closes the form and says so.
func (f *formPane) loaded(data formData, err error) tea.Cmd {
	if api.IsNotFound(err) {
		f.pop()
		return notice("No contact " + sanitize.Display(f.contactID) + " in HubSpot (deleted or merged?)")
	}
	if err != nil {
		f.pop() // the status bar says why
		return nil
	}
	f.defs, f.contact = data.defs, data.contact
	if f.contact == nil {
		f.contact = &api.Object{Type: api.ObjectContacts, Properties: map[string]string{}}
	} else {
		f.name = displayName(f.contact)
	}
	for _, name := range defaultFormFields() {
		f.addField(name)
	}
	return f.replay()
}

// addField puts a property's field, with the contact's value, at the end of the fields (once),
// reporting its index.
func (f *formPane) addField(name string) int {
	return f.fieldList.addField(name, f.contact.Properties[name])
}

// Rows after the fields.
func (f *formPane) companyRow() int {
	if !f.creating {
		return -1
	}
	return len(f.fields)
}

func (f *formPane) addRow() int { return len(f.fields) + boolInt(f.creating) }

func (f *formPane) rowCount() int { return f.addRow() + 1 }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ready: the fields are there and no answer is awaited.
func (f *formPane) ready() bool { return f.fields != nil && !f.awaiting && !f.saving.busy() }

// keys: the keys that mean the same on every field, then (after the field, which may take
// enter, tab or the arrows) moving between rows.
func (f *formPane) keys() []binding {
	km := f.env.keys
	ready := f.ready
	return []binding{
		{key: km.Cancel, run: f.cancel, on: func() bool { return f.fields == nil || ready() }, group: "Form"},
		{key: km.NextField, run: f.step(1), on: ready, afterBox: true},
		{key: km.Save, run: f.review, on: ready},
		{key: km.AddField, run: f.chooseField, on: ready},
		{key: km.PrevField, run: f.step(-1), on: ready, afterBox: true, more: true},
		{key: km.Submit, help: "next field / choose", run: f.enter, on: ready, afterBox: true, more: true},
		{key: km.OpenExisting, run: f.openExisting, on: func() bool { return ready() && f.existing != "" }},
	}
}

// typeKey gives a key to the focused field; keys that come before the form can take them wait.
func (f *formPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	return f.fieldList.typeKey(f, f.saving.busy(), f.await, k)
}

func (f *formPane) step(dir int) func() tea.Cmd {
	return func() tea.Cmd {
		f.move(dir)
		return nil
	}
}

// enter opens the picker of the company or the add-a-field row, else moves on.
func (f *formPane) enter() tea.Cmd {
	switch f.cursor {
	case f.companyRow():
		f.await(newCompanyPicker(f.env, f.ID(), f.pickedCompany))
	case f.addRow():
		return f.chooseField()
	default:
		f.move(1)
	}
	return nil
}

func (f *formPane) openExisting() tea.Cmd {
	f.push(newDetailPane(f.env, f.existing, ""))
	return nil
}

// move leaves the focused field (checking it) for the next or previous row.
func (f *formPane) move(dir int) { f.leaveField(f.cursor+dir, f.rowCount()) }

// cancel closes the form, asking first when something would be lost.
func (f *formPane) cancel() tea.Cmd {
	return f.leave(f.fields != nil && f.Unsaved(), "Discard changes?")
}

// chooseField offers every property not in the form yet, by label (secondary emails have
// their own pane, m on the detail).
func (f *formPane) chooseField() tea.Cmd {
	var items []pickItem
	for _, p := range f.defs.list {
		if !p.Hidden && f.fieldIndex(p.Name) < 0 && p.Name != "hs_additional_emails" {
			items = append(items, pickItem{id: p.Name, label: p.Label, detail: p.Name + " · " + p.Type})
		}
	}
	f.await(newLocalPicker(f.env, f.ID(), "Add a field", items, f.pickedField))
	return nil
}

// await opens a pane whose answer the form awaits (a picker, the review); keys that come after
// it closes and before its answer arrives are kept for the form.
func (f *formPane) await(p Pane) {
	f.awaiting = true
	f.push(p)
}

// pickedField adds the chosen property and focuses it.
func (f *formPane) pickedField(it pickItem, ok bool) tea.Cmd {
	f.awaiting = false
	if ok {
		if i := f.addField(it.id); i >= 0 {
			f.cursor = i
		}
	}
	return f.replay()
}

// pickedCompany takes the company to associate a new contact with.
func (f *formPane) pickedCompany(it pickItem, ok bool) tea.Cmd {
	f.awaiting = false
	if ok {
		f.company = &it
		if i := f.fieldIndex("company"); i >= 0 && f.fields[i].Kind.Value() == "" {
			f.fields[i].Kind.Set(it.label)
		}
	}
	return f.replay()
}

// review checks every field, then shows the changes for confirmation.
func (f *formPane) review() tea.Cmd {
	if msg := f.invalid(); msg != "" {
		f.banner = msg
		return nil
	}
	if f.creating && !f.named() {
		f.cursor = max(0, f.fieldIndex("email"))
		f.banner = "A new contact needs an email, a first name or a last name."
		return nil
	}
	ch := f.changes()
	if len(ch) == 0 && !f.creating {
		return notice("Nothing to save: no field differs from HubSpot")
	}
	spec := reviewSpec{form: f.ID(), who: f.name, creating: f.creating, changes: ch, defs: f.defs, then: f.reviewed}
	if f.company != nil {
		spec.company = f.company.label
	}
	f.await(newReviewPane(f.env, spec))
	return nil
}

// named reports a new contact with an email, a first name or a last name.
func (f *formPane) named() bool {
	for _, name := range []string{"email", "firstname", "lastname"} {
		if i := f.fieldIndex(name); i >= 0 && strings.TrimSpace(f.fields[i].Kind.Value()) != "" {
			return true
		}
	}
	return false
}

// save sends the reviewed changes: one PATCH (or, twoStep, the lifecycle stage cleared with
// the other changes, then set), or the create.
func (f *formPane) save(changes []change, twoStep bool) tea.Cmd {
	props := map[string]string{}
	for _, c := range changes {
		props[c.prop.Name] = c.new
	}
	f.banner, f.existing = "", ""
	e, id := f.env, f.contactID
	label := "Saving " + f.name
	run := func(ctx context.Context) (saveResult, error) { return update(ctx, e.hub, id, props, twoStep) }
	if f.creating {
		label, run = "Creating the contact", f.createRun(props)
	}
	return request(&f.paneBase, &f.saving, label, run, f.saved)
}

// update is the edit's requests: one PATCH, or for a two-step the stage cleared alongside the
// other changes and then set in a second PATCH (HubSpot ignores a backward move otherwise).
func update(ctx context.Context, hub Backend, id string, props map[string]string, twoStep bool) (saveResult, error) {
	if !twoStep {
		o, err := hub.UpdateContact(ctx, id, props)
		return saveResult{obj: o, sent: props}, err
	}
	first := maps.Clone(props)
	first["lifecyclestage"] = ""
	o1, err := hub.UpdateContact(ctx, id, first)
	if err != nil {
		return saveResult{}, err
	}
	o2, err := hub.UpdateContact(ctx, id, map[string]string{"lifecyclestage": props["lifecyclestage"]})
	if err != nil {
		return saveResult{obj: o1, sent: first, partial: true}, err
	}
	maps.Copy(o1.Properties, o2.Properties)
	return saveResult{obj: o1, sent: props}, nil
}

func (f *formPane) createRun(props map[string]string) func(context.Context) (saveResult, error) {
	hub := f.env.hub
	var assocs []api.AssociationInput
	if f.company != nil {
		assocs = append(assocs, api.AssociationInput{ToID: f.company.id, TypeID: api.AssocContactToPrimaryCompany})
	}
	return func(ctx context.Context) (saveResult, error) {
		o, err := hub.CreateContact(ctx, props, assocs...)
		return saveResult{obj: o, sent: props}, err
	}
}

// saved takes a save's answer: what HubSpot returned becomes the fields' HubSpot values; a
// failure keeps the form as it is, with HubSpot's errors at their fields.
func (f *formPane) saved(res saveResult, err error) tea.Cmd {
	if f.creating {
		return f.created(res, err)
	}
	var announce tea.Cmd
	ignored := 0
	if res.obj != nil {
		ignored = f.take(res.obj, res.sent)
		announce = f.announce()
	}
	if err != nil {
		return tea.Batch(announce, f.failed(err, res.partial))
	}
	if ignored > 0 {
		f.banner = "HubSpot did not apply " + plural(ignored, "value") + " (marked !); they stay here, changed."
		if n := len(res.sent) - ignored; n > 0 {
			f.banner = "Saved " + plural(n, "change") + ", but " + f.banner
		}
		return announce
	}
	return tea.Batch(announce, f.close(len(res.sent)))
}

// take applies HubSpot's answer to the fields: each property sent is now HubSpot's value; one
// HubSpot did not take stays changed in its field, with a warning. It returns how many.
func (f *formPane) take(obj *api.Object, sent map[string]string) int {
	maps.Copy(f.contact.Properties, obj.Properties)
	f.contact.ID = obj.ID
	f.name = displayName(f.contact)
	ignored := 0
	for name, v := range sent {
		i := f.fieldIndex(name)
		if i < 0 {
			continue
		}
		fl, got := f.fields[i], obj.Properties[name]
		if value.Same(fl.Prop, v, got) {
			fl.Reset(got)
			continue
		}
		ignored++
		fl.Rebase(got)
		fl.Ignored(f.ignoredText(fl, got))
	}
	return ignored
}

func (f *formPane) ignoredText(fl *field.Field, got string) string {
	kept := f.defs.value(fl.Prop.Name, got)
	if kept == "" {
		kept = "no value"
	}
	if fl.Prop.Name == "lifecyclestage" {
		return "HubSpot kept " + kept + ": a lifecycle stage only moves forward. " + keyName(f.env.keys.Save) + " again offers the two-step (clear, then set)."
	}
	return "HubSpot kept " + kept + " instead of the value sent."
}

// announce tells every pane the contact changed, with what HubSpot returned.
func (f *formPane) announce() tea.Cmd {
	o := *f.contact
	o.Properties = maps.Clone(f.contact.Properties)
	return func() tea.Msg { return changedMsg{saved: &o} }
}

// close ends a successful save: the form goes, and the contact's detail shows the result.
func (f *formPane) close(n int) tea.Cmd {
	f.pop()
	if !f.fromDetail {
		f.push(newDetailPane(f.env, f.contact.ID, f.name))
	}
	return notice("Saved " + plural(n, "change") + " to " + f.name)
}

// created ends a create: the new contact's detail opens in the form's place.
func (f *formPane) created(res saveResult, err error) tea.Cmd {
	if err != nil {
		return f.failed(err, false)
	}
	f.contact = res.obj
	f.name = displayName(res.obj)
	f.pop()
	f.push(newDetailPane(f.env, res.obj.ID, f.name))
	return tea.Batch(f.announce(), notice("Created "+f.name))
}

// failed explains a failed save; the form keeps every value.
func (f *formPane) failed(err error, partial bool) tea.Cmd {
	if errs, ok := api.IsValidation(err); ok {
		f.refused(errs)
		return nil
	}
	if id, ok := api.IsConflict(err); ok && id != "" {
		return f.conflict(id)
	}
	what := saveOutcome(err)
	if partial {
		what = "The stage was cleared and your other changes saved, but setting the new stage failed"
	}
	f.banner = saveFailedBanner(what, err, f.env.keys.Save)
	return nil
}

// refused puts HubSpot's per-property errors at their fields.
func (f *formPane) refused(errs []api.PropertyError) {
	f.banner = f.refuseAt(errs, f.env.keys.Save)
}

// conflict is a 409: another contact has this email. ctrl+o (or o now) opens it.
func (f *formPane) conflict(id string) tea.Cmd {
	f.existing = id
	if i := f.fieldIndex("email"); i >= 0 {
		f.fields[i].Refused("A contact with this email already exists")
		f.cursor = i
	}
	f.banner = "A contact with this email already exists (id " + id + "). " + keyName(f.env.keys.OpenExisting) + " opens it; what you typed stays here."
	q := question{title: "Contact exists", text: "A contact with this email already exists (id " + id + "). What you typed stays here.",
		answers: []answer{{choice: "o", does: "open it", run: f.openExisting}}}
	if !f.creating {
		this := contact{id: f.contactID, name: f.name, email: sanitize.Display(f.contact.Properties["email"])}
		q.answers = append(q.answers, mergeOffer(&f.paneBase, "", "", this, contact{id: id, name: "contact " + sanitize.Display(id)}).answers...)
	}
	f.ask(q)
	return nil
}

// formLabel is the width of the label column.
const formLabel = 24

func (f *formPane) View() string {
	t := f.env.theme
	if f.fields == nil {
		return t.Dim.Render("  Loading the form…")
	}
	head := f.head()
	lines, starts := f.body()
	room := max(1, f.height-len(head))
	f.scroll(starts, len(lines), room)
	end := min(len(lines), f.offset+room)
	return strings.Join(append(head, lines[f.offset:end]...), "\n")
}

// head is the title and the outcome of the last save, when there is something to say.
func (f *formPane) head() []string {
	title := "Edit " + f.name
	if f.creating {
		title = "New contact"
	}
	return formHead(f.env.theme, sanitize.Display(title), f.saving.busy(), f.banner, f.width)
}

// body draws every row; starts[i] is the first line of row i.
func (f *formPane) body() ([]string, []int) {
	var lines []string
	starts := make([]int, 0, f.rowCount())
	for i, fl := range f.fields {
		starts = append(starts, len(lines))
		lines = append(lines, f.fieldLines(i, fl)...)
	}
	if f.creating {
		starts = append(starts, len(lines))
		lines = append(lines, f.companyLine())
	}
	starts = append(starts, len(lines))
	lines = append(lines, f.addFieldLine(f.env.theme, f.env.keys, f.addRow()))
	return lines, starts
}

// scroll keeps the focused row's lines on screen.
func (f *formPane) scroll(starts []int, total, room int) {
	f.offset = scrollTo(f.offset, starts, f.cursor, total, room)
}

// scrollTo is the first line to show of a form's total lines, room at a time, so that the lines
// of row cursor (from starts[cursor] to the next row's start) are on screen, moving from offset
// as little as it can.
func scrollTo(offset int, starts []int, cursor, total, room int) int {
	first := starts[cursor]
	last := total
	if cursor+1 < len(starts) {
		last = starts[cursor+1]
	}
	if first < offset {
		offset = first
	}
	if last > offset+room {
		offset = min(first, last-room)
	}
	return max(0, min(offset, total-room))
}

// fieldLines draws a field: label, changed mark, input; under it HubSpot's or the check's
// word on the value.
func (f *formPane) fieldLines(i int, fl *field.Field) []string {
	return drawField(f.env.theme, f.width, fl, f.gutter(f.env.theme, i), i == f.cursor)
}

// drawField draws a form's field in width columns (the activity form's too), gutter first.
func drawField(t *Theme, width int, fl *field.Field, gutter string, focused bool) []string {
	label := pad(ansi.Truncate(sanitize.Display(fl.Prop.Label), formLabel-2, "…"), formLabel)
	mark := "  "
	if fl.Dirty() {
		mark = t.Wait.Render(field.DirtyGlyph(t.fieldStyles()))
	}
	indentW := ansi.StringWidth(t.NoCursor) + formLabel + 2
	w := max(8, width-indentW)
	input := strings.Split(fl.Kind.View(w, focused, t.fieldStyles()), "\n")
	lines := []string{gutter + t.Label.Render(label) + mark + input[0]}
	for _, l := range input[1:] {
		lines = append(lines, spaces(indentW)+l)
	}
	if p := fl.Problem(); p != "" {
		lines = append(lines, noteLines(indentW, w, field.ErrGlyph(t.fieldStyles())+p, t.Error)...)
	}
	if fl.Kind.Editable() && field.Tampered(fl.Kind.Value()) {
		lines = append(lines, noteLines(indentW, w, "holds hidden characters, shown as ␛ and �: delete them here", t.Dim)...)
	}
	if fl.Warning() != "" {
		lines = append(lines, noteLines(indentW, w, "! "+fl.Warning(), t.Wait)...)
	}
	if n := fl.Note(); n != "" {
		lines = append(lines, noteLines(indentW, w, "! "+n, t.Wait)...)
	}
	if fl.Simplified() {
		lines = append(lines, noteLines(indentW, w, "! "+field.SimplifiedNote, t.Wait)...)
	}
	return lines
}

// noteLines wraps a note (HubSpot's text, sanitized here) under a field.
func noteLines(indentW, w int, text string, style lipgloss.Style) []string {
	var out []string
	for _, l := range strings.Split(ansi.Wrap(sanitize.Display(text), w, " "), "\n") {
		out = append(out, spaces(indentW)+style.Render(l))
	}
	return out
}

func (f *formPane) companyLine() string {
	t := f.env.theme
	row := f.companyRow()
	value := t.Dim.Render("none · enter to choose one")
	if f.company != nil {
		value = sanitize.Display(f.company.label) + t.Dim.Render("  (primary) · enter to change")
	}
	return f.gutter(f.env.theme, row) + t.Label.Render(pad("Company (association)", formLabel)) + "  " + value
}

// Info counts the changes.
func (f *formPane) Info() string {
	n := len(f.changes())
	if n == 0 {
		return "no changes"
	}
	return plural(n, "change")
}
