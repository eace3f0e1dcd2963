package ui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// activityForm logs a note, call, meeting or task on a contact, or edits one. Its fields are
// the kind's properties as HubSpot defines them (labels, types, options; a call's outcome from
// the portal's call outcomes, the owner chosen by name), checked as the contact form checks
// its fields; ctrl+n adds any other property of the kind. ctrl+s shows what will be saved and
// saves on y, in one request (a new activity is associated with the contact in the create
// itself). Whatever goes wrong, the form stays open with every value typed.
type activityForm struct {
	paneBase
	fieldList // the cursor is on a field, or on the add-a-field row after them
	contact   contact
	typ       string        // notes, calls, meetings, tasks
	editing   *api.Activity // nil when logging a new one
	saved     func(a api.Activity, created bool) tea.Cmd
	savedTo   int // the pane saved runs in (the one that opened the form)
	loading   call
	saving    call
	banner    string
	start     []string // the fields' values as the form opened (a new one's defaults): leaving loses nothing typed while they stand
}

// activityKinds are the kinds one can log, in the order the log question offers them, with
// the letter that picks each (not n or y: the dialog's no and yes).
func activityKinds() []struct{ typ, letter string } {
	return []struct{ typ, letter string }{
		{api.ObjectNotes, "o"}, {api.ObjectCalls, "c"}, {api.ObjectMeetings, "m"}, {api.ObjectTasks, "t"},
	}
}

// activityFormFields are the properties a kind's form shows, in order. Every kind has its owner
// ("Activity assigned to"), me for a new one, as HubSpot's own forms start it.
func activityFormFields(typ string) []string {
	switch typ {
	case api.ObjectCalls:
		return []string{"hs_call_title", "hs_call_body", "hs_call_direction", "hs_call_disposition", "hs_call_duration", "hs_timestamp", ownerProperty}
	case api.ObjectMeetings:
		return []string{"hs_meeting_title", "hs_meeting_body", "hs_meeting_start_time", "hs_meeting_end_time", "hs_meeting_outcome", ownerProperty}
	case api.ObjectTasks:
		return []string{"hs_task_subject", "hs_task_body", "hs_timestamp", "hs_task_priority", "hs_task_type", ownerProperty, "hs_task_status"}
	}
	return []string{"hs_note_body", ownerProperty}
}

// logQuestion asks which kind of activity to log on c, then opens its form over p; saved runs
// in p after a save.
func logQuestion(p *paneBase, c contact, saved func(api.Activity, bool) tea.Cmd) question {
	q := question{title: "Log an activity", text: "Log what on " + c.name + "?"}
	for _, k := range activityKinds() {
		q.answers = append(q.answers, answer{choice: k.letter, does: activityKind(k.typ), run: func() tea.Cmd {
			p.push(newActivityForm(p.env, c, k.typ, nil, p.id, saved))
			return nil
		}})
	}
	return q
}

// editable reports an activity the app edits (emails are logged by the mail, not typed).
func editable(a api.Activity) bool { return a.Type != api.ObjectEmails }

func newActivityForm(e *env, c contact, typ string, editing *api.Activity, savedTo int, saved func(api.Activity, bool) tea.Cmd) *activityForm {
	return &activityForm{paneBase: newPaneBase(e), contact: c, typ: typ, editing: editing, savedTo: savedTo, saved: saved}
}

// activityData is what the form loads: the kind's definitions (with owners and, for a call,
// its outcomes), the activity's values (editing), and who "me" is (a new activity's owner).
type activityData struct {
	defs   *defs
	values map[string]string
	me     string
}

func (f *activityForm) Init() tea.Cmd {
	e, typ, editing := f.env, f.typ, f.editing
	return request(&f.paneBase, &f.loading, "Loading the "+activityKind(typ)+" form", func(ctx context.Context) (activityData, error) {
		df, err := loadTypeDefs(ctx, e, typ)
		if err != nil {
			return activityData{}, err
		}
		if p := df.prop("hs_call_disposition"); p != nil && len(p.Options) == 0 {
			if outcomes, err := e.hub.CallOutcomes(ctx); err == nil {
				p.Options = outcomes
			}
		}
		data := activityData{defs: df, values: map[string]string{}}
		if editing != nil {
			o, err := e.hub.GetObject(ctx, typ, editing.ID, df.names())
			if err != nil {
				return data, err
			}
			data.values = o.Properties
		} else {
			data.me = e.me
		}
		return data, nil
	}, f.loaded)
}

func (f *activityForm) noun() string { return activityKind(f.typ) }

func (f *activityForm) Title() string {
	if f.editing != nil {
		return "Edit " + f.noun()
	}
	return "Log " + f.noun()
}

// typing: the focused field takes the keys (q is a letter here).
func (f *activityForm) typing() bool { return true }

// Unsaved reports a value typed: one that differs from what the form opened with.
func (f *activityForm) Unsaved() bool {
	for i, fl := range f.fields {
		if i >= len(f.start) || fl.Kind.Value() != f.start[i] {
			return true
		}
	}
	return false
}

func (f *activityForm) Update(tea.Msg) (tea.Model, tea.Cmd) { return f, nil }

// loaded builds the fields; an activity that is gone closes the form and says so.
func (f *activityForm) loaded(data activityData, err error) tea.Cmd {
	if err != nil {
		f.pop() // the status bar says why
		if api.IsNotFound(err) {
			return notice("This " + f.noun() + " is no longer in HubSpot (deleted?)")
		}
		return nil
	}
	f.defs = data.defs
	for _, name := range activityFormFields(f.typ) {
		f.addField(name, data.values[name])
	}
	if f.editing == nil {
		f.defaults(data.me)
	}
	for _, fl := range f.fields {
		f.start = append(f.start, fl.Kind.Value())
	}
	return f.replay()
}

// defaults fills a new activity's fields as HubSpot's own forms start them: now for when it
// happened, a meeting of half an hour, a task due tomorrow at nine, not started, to-do; each
// owned by me (when me: names an owner).
func (f *activityForm) defaults(me string) {
	now := f.env.now().In(f.env.loc)
	at := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	start := now.Truncate(15 * time.Minute)
	due := value.DueDefault(now, f.env.loc)
	for name, v := range map[string]string{
		"hs_timestamp": at(now), "hs_meeting_start_time": at(start), "hs_meeting_end_time": at(start.Add(30 * time.Minute)),
		"hs_task_status": api.TaskNotStarted, "hs_task_type": "TODO", ownerProperty: me,
	} {
		if f.typ == api.ObjectTasks && name == "hs_timestamp" {
			v = at(due)
		}
		if i := f.fieldIndex(name); i >= 0 && v != "" {
			f.fields[i].Kind.Set(v)
		}
	}
}

func (f *activityForm) ready() bool { return f.fields != nil && !f.awaiting && !f.saving.busy() }

func (f *activityForm) keys() []binding {
	km := f.env.keys
	ready := f.ready
	step := func(dir int) func() tea.Cmd { return func() tea.Cmd { f.move(dir); return nil } }
	enter := func() tea.Cmd {
		if f.cursor == len(f.fields) {
			return f.chooseField()
		}
		f.move(1)
		return nil
	}
	return []binding{
		{key: km.Cancel, run: f.cancel, on: func() bool { return f.fields == nil || ready() }, group: "Form"},
		{key: km.NextField, run: step(1), on: ready, afterBox: true},
		{key: km.Save, run: f.review, on: ready},
		{key: km.AddField, run: f.chooseField, on: ready},
		{key: km.PrevField, run: step(-1), on: ready, afterBox: true, more: true},
		{key: km.Submit, help: "next field", run: enter, on: ready, afterBox: true, more: true},
	}
}

// typeKey gives a key to the focused field; keys that come before the form can take them wait.
func (f *activityForm) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	return f.fieldList.typeKey(f, f.saving.busy(), f.await, k)
}

func (f *activityForm) await(p Pane) {
	f.awaiting = true
	f.push(p)
}

// answered: the picker or the review has answered; the keys typed meanwhile are the form's.
func (f *activityForm) answered() tea.Cmd {
	f.awaiting = false
	return f.replay()
}

func (f *activityForm) move(dir int) { f.leaveField(f.cursor+dir, len(f.fields)+1) }

func (f *activityForm) cancel() tea.Cmd {
	return f.leave(f.fields != nil && f.Unsaved(), "Discard this "+f.noun()+"?")
}

// chooseField offers the kind's other properties one may set.
func (f *activityForm) chooseField() tea.Cmd {
	var items []pickItem
	for _, p := range f.defs.list {
		if !p.Hidden && !p.ReadOnly && !p.Calculated && f.fieldIndex(p.Name) < 0 {
			items = append(items, pickItem{id: p.Name, label: p.Label, detail: p.Name + " · " + p.Type})
		}
	}
	f.await(newLocalPicker(f.env, f.ID(), "Add a field", items, func(it pickItem, ok bool) tea.Cmd {
		if ok {
			if i := f.addField(it.id, f.valueOf(it.id)); i >= 0 {
				f.cursor = i
			}
		}
		return f.answered()
	}))
	return nil
}

// valueOf is HubSpot's value of a property of the activity edited ("" when logging).
func (f *activityForm) valueOf(name string) string {
	if f.editing == nil {
		return ""
	}
	return f.editing.Properties[name]
}

// review checks every field, then shows what will be saved.
func (f *activityForm) review() tea.Cmd {
	if msg := f.invalid(); msg != "" {
		f.banner = msg
		return nil
	}
	if f.typ == api.ObjectTasks {
		if i := f.fieldIndex("hs_timestamp"); i >= 0 && f.fields[i].Kind.Value() == "" {
			f.cursor, f.banner = i, "A task needs a due date: HubSpot requires one."
			return nil
		}
	}
	ch := f.changes()
	switch {
	case len(ch) == 0 && f.editing != nil:
		return notice("Nothing to save: no field differs from HubSpot")
	case f.editing == nil && !f.Unsaved(): // its defaults alone (the owner, when) are no note
		f.banner = "Nothing to log yet: type something first."
		return nil
	}
	spec := reviewSpec{form: f.ID(), who: f.contact.name, creating: f.editing == nil, noun: f.noun(), changes: ch, defs: f.defs,
		then: f.reviewed}
	for _, fl := range f.fields {
		if fl.Simplified() {
			spec.notes = append(spec.notes, sanitize.Display(fl.Prop.Label)+": "+field.SimplifiedNote+".")
		}
	}
	f.await(newReviewPane(f.env, spec))
	return nil
}

func (f *activityForm) reviewed(a reviewAnswer) tea.Cmd {
	f.awaiting = false
	if a.cancelled {
		return f.replay()
	}
	return tea.Batch(f.save(a.changes), f.replay())
}

// save sends the reviewed values: the create (associated with the contact) or one PATCH.
func (f *activityForm) save(changes []change) tea.Cmd {
	props := map[string]string{}
	for _, c := range changes {
		props[c.prop.Name] = c.new
	}
	f.banner = ""
	hub, typ, contact := f.env.hub, f.typ, f.contact.id
	label := "Logging the " + f.noun()
	run := func(ctx context.Context) (api.Activity, error) { return hub.CreateActivity(ctx, contact, typ, props) }
	if f.editing != nil {
		id := f.editing.ID
		label = "Saving the " + f.noun()
		run = func(ctx context.Context) (api.Activity, error) { return hub.UpdateActivity(ctx, typ, id, props) }
	}
	return request(&f.paneBase, &f.saving, label, run, func(a api.Activity, err error) tea.Cmd {
		return f.done(a, props, err)
	})
}

// done takes a save's answer: the form closes and the pane that opened it shows the result;
// a failure keeps the form as it is, HubSpot's word at the fields.
func (f *activityForm) done(a api.Activity, sent map[string]string, err error) tea.Cmd {
	if err != nil {
		return f.failed(err)
	}
	created := f.editing == nil
	if !created {
		a = f.editing.With(a.Properties)
	}
	f.pop()
	what := "Logged " + activityWhat(a, f.env.loc) + " on " + f.contact.name
	if !created {
		what = "Saved " + plural(len(sent), "change") + " to " + activityWhat(a, f.env.loc)
	}
	saved, to := f.saved, f.savedTo
	return tea.Batch(notice(what), relatedChanged(f.contact.id), tell(to, func() tea.Cmd { return saved(a, created) }))
}

// failed explains a failed save; the form keeps every value.
func (f *activityForm) failed(err error) tea.Cmd {
	if errs, ok := api.IsValidation(err); ok {
		f.banner = f.refuseAt(errs, f.env.keys.Save)
		return nil
	}
	f.banner = saveFailedBanner(saveOutcome(err), err, f.env.keys.Save)
	return nil
}

func (f *activityForm) View() string {
	t := f.env.theme
	if f.fields == nil {
		return t.Dim.Render("  Loading the " + f.noun() + " form…")
	}
	head := formHead(t, f.heading(), f.saving.busy(), f.banner, f.width)
	var lines []string
	starts := make([]int, 0, len(f.fields)+1)
	for i, fl := range f.fields {
		starts = append(starts, len(lines))
		lines = append(lines, drawField(t, f.width, fl, f.gutter(t, i), i == f.cursor)...)
	}
	starts = append(starts, len(lines))
	lines = append(lines, f.addFieldLine(t, f.env.keys, len(f.fields)))
	room := max(1, f.height-len(head))
	f.offset = scrollTo(f.offset, starts, f.cursor, len(lines), room)
	return strings.Join(append(head, lines[f.offset:min(len(lines), f.offset+room)]...), "\n")
}

// heading says what the form does, to whom.
func (f *activityForm) heading() string {
	if f.editing != nil {
		return "Edit the " + f.noun() + " on " + f.contact.name
	}
	return "Log " + article(f.noun()) + " " + f.noun() + " on " + f.contact.name
}

func (f *activityForm) Info() string {
	n := len(f.changes())
	switch {
	case f.editing == nil:
		return plural(n, "value")
	case n == 0:
		return "no changes"
	}
	return plural(n, "change")
}
