package ui

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// activitiesPane is the contact's notes, calls, emails, meetings and tasks, newest first: type,
// when (local time), title or subject, owner, and the start of the body. enter reads one in
// full; P pins the selected one (it then shows first on the contact's detail), or unpins it
// when it is the pinned one. n (or L) logs a note, call, meeting or task, which lands
// selected; e edits the selected one, c completes or reopens a task, d deletes (after a
// question that names it).
type activitiesPane struct {
	paneBase
	contact  contact
	table    *plainTable
	acts     map[string]api.Activity // by row id
	names    activityNames
	loading  call
	pinning  call
	writing  call   // a completion or a delete
	selectID string // the row to select when the next load lands (a new activity)
	loaded   bool
	loadErr  string // why the first load failed; r tries again
}

func activityRow(a api.Activity) string { return a.Type + "/" + a.ID }

// activityColumns are the pane's columns. The type takes what its words need ("Meeting", "Call
// (pinned)"), measured on every load, so the title keeps its room at 80 columns.
func activityColumns() []table.Column {
	return []table.Column{
		{Key: "type", Title: "Type", Min: 7},
		{Key: "when", Title: "When", Min: 16},
		{Key: "title", Title: "Title", Min: 12, Weight: 3},
		{Key: "owner", Title: "Owner", Min: 10, Weight: 2},
		{Key: "body", Title: "Body", Min: 12, Weight: 5},
	}
}

func newActivitiesPane(e *env, c contact) *activitiesPane {
	return &activitiesPane{paneBase: newPaneBase(e), contact: c, table: newTable[none](e.theme, activityColumns())}
}

func (p *activitiesPane) Init() tea.Cmd { return p.load() }

func (p *activitiesPane) Title() string { return "Activities" }

// activitiesData is the activities and the names of what they hold as ids.
type activitiesData struct {
	acts  []api.Activity
	names activityNames
}

func (p *activitiesPane) load() tea.Cmd {
	e, id := p.env, p.contact.id
	return request(&p.paneBase, &p.loading, "Loading activities", func(ctx context.Context) (activitiesData, error) {
		acts, err := e.hub.Activities(ctx, id)
		if err != nil {
			return activitiesData{}, err
		}
		return activitiesData{acts: acts, names: loadActivityNames(ctx, e, acts)}, nil
	}, shown(&p.loadErr, p.show))
}

func (p *activitiesPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		return p, p.load()
	case changedMsg:
		if followMerge(&p.contact, msg) {
			return p, p.load()
		}
	case tea.MouseMsg:
		if mouseBelow(p.table, msg, activitiesTableTop) {
			return p, p.read()
		}
	}
	return p, nil
}

// show lays the activities out in the order the API layer gives (newest first).
func (p *activitiesPane) show(data activitiesData) {
	p.acts = make(map[string]api.Activity, len(data.acts))
	p.names = data.names
	rows := make([]plainRow, len(data.acts))
	for i, a := range data.acts {
		id := activityRow(a)
		p.acts[id] = a
		kind := capitalize(activityKind(a.Type))
		if a.Pinned {
			kind += " (pinned)"
		} else if taskDone(a) {
			kind += " (done)"
		}
		owner := ""
		if o := a.Properties[ownerProperty]; o != "" {
			owner = p.names.owner(o)
		}
		rows[i] = newPlainRow(id, []string{kind, localTime(a.Timestamp, p.env.loc), sanitize.Display(a.Title), owner, bodySnippet(a.Body)})
	}
	p.table.SetRows(rows, nil, nil)
	p.table.SetColumns(activityColumns()) // measured again: a pin or a completion may widen the type
	if p.selectID != "" && p.table.SelectID(p.selectID) {
		p.selectID = ""
	}
	p.loaded = true
}

// taskDone reports a completed task.
func taskDone(a api.Activity) bool {
	return a.Type == api.ObjectTasks && a.Properties["hs_task_status"] == api.TaskCompleted
}

// activityKind is an engagement type in words: "note", "call", "email", "meeting", "task".
func activityKind(typ string) string {
	if len(typ) > 1 && typ[len(typ)-1] == 's' {
		return typ[:len(typ)-1]
	}
	return typ
}

func (p *activitiesPane) selected() (api.Activity, bool) {
	a, ok := p.acts[p.table.SelectedID()]
	return a, ok
}

func (p *activitiesPane) keys() []binding {
	km := p.env.keys
	some := func() bool { return p.table.Len() > 0 }
	sel := func(ok func(api.Activity) bool) func() bool {
		return func() bool { a, found := p.selected(); return found && ok(a) }
	}
	return slices.Concat(moves(km, p.table, nil), []binding{
		{key: km.Open, run: p.read, on: some, group: "Activity"},
		{key: km.Add, help: "log…", run: p.log},
		{key: km.Log, run: p.log, more: true},
		{key: km.Edit, run: p.edit, on: sel(editable)},
		{key: km.TaskDone, run: p.complete, on: sel(func(a api.Activity) bool { return a.Type == api.ObjectTasks })},
		{key: km.Delete, run: p.delete, on: some},
		{key: km.Pin, run: p.pin},
		{key: km.Refresh, run: p.load},
	}, relationKeys(&p.paneBase, p.contact, relActivities))
}

// log asks which kind to log, then opens its form; the new activity lands selected.
func (p *activitiesPane) log() tea.Cmd {
	p.ask(logQuestion(&p.paneBase, p.contact, p.saved))
	return nil
}

// saved runs here after the form saved: the activity saved shows at once, selected (a P
// pressed before the reload lands pins it), then the list reloads.
func (p *activitiesPane) saved(a api.Activity, _ bool) tea.Cmd {
	acts := slices.DeleteFunc(p.current(), func(o api.Activity) bool { return activityRow(o) == activityRow(a) })
	acts = append(acts, a)
	slices.SortStableFunc(acts, func(x, y api.Activity) int { return y.Timestamp.Compare(x.Timestamp) })
	p.show(activitiesData{acts: acts, names: p.names})
	p.table.SelectID(activityRow(a))
	p.selectID = activityRow(a)
	return p.load()
}

// current is the activities shown, in their order.
func (p *activitiesPane) current() []api.Activity {
	acts := make([]api.Activity, 0, len(p.table.Rows()))
	for _, r := range p.table.Rows() {
		acts = append(acts, p.acts[r.ID])
	}
	return acts
}

// edit opens the selected activity's form.
func (p *activitiesPane) edit() tea.Cmd {
	a, ok := p.selected()
	if !ok {
		return nil
	}
	p.push(newActivityForm(p.env, p.contact, a.Type, &a, p.id, p.saved))
	return nil
}

// complete completes the selected task, or reopens it when it is done.
func (p *activitiesPane) complete() tea.Cmd {
	a, ok := p.selected()
	if !ok || p.writing.busy() {
		return nil
	}
	return taskStatusRequest(&p.paneBase, &p.writing, a, func(got api.Activity) tea.Cmd {
		return p.saved(a.With(got.Properties), false) // shown at once: a second c reopens it
	})
}

// delete asks, naming the activity, then moves it to the recycle bin.
func (p *activitiesPane) delete() tea.Cmd {
	a, ok := p.selected()
	if !ok || p.writing.busy() {
		return nil
	}
	p.ask(deleteQuestion(&p.paneBase, &p.writing, p.contact, a, p.env.loc, func() tea.Cmd {
		p.show(activitiesData{acts: slices.DeleteFunc(p.current(), func(o api.Activity) bool {
			return activityRow(o) == activityRow(a)
		}), names: p.names}) // gone at once, before the reload lands
		return p.load()
	}))
	return nil
}

// read opens the selected activity in full.
func (p *activitiesPane) read() tea.Cmd {
	a, ok := p.selected()
	if !ok {
		return nil
	}
	v := newActivityPane(p.env, p.contact, a, p.names, p.id)
	v.was = p.pinnedOther(a)
	p.push(v)
	return nil
}

// pin pins the selected activity, or unpins it when it is the pinned one; then this list and
// the detail show it.
func (p *activitiesPane) pin() tea.Cmd {
	a, ok := p.selected()
	if !ok || p.pinning.busy() {
		return nil
	}
	return pinRequest(&p.paneBase, &p.pinning, p.contact, a, p.pinnedOther(a), func(done string) tea.Cmd {
		p.pinned(a, !a.Pinned)
		return tea.Batch(notice(done), p.load(), relatedChanged(p.contact.id))
	})
}

// pinned shows a pinned (or not) and no other, at once: a P pressed before the reload lands
// knows what is pinned.
func (p *activitiesPane) pinned(a api.Activity, on bool) {
	acts := p.current()
	for i := range acts {
		acts[i].Pinned = on && activityRow(acts[i]) == activityRow(a)
	}
	p.show(activitiesData{acts: acts, names: p.names})
}

// pinnedOther is the pinned activity when it is not a (HubSpot keeps one per record: pinning a
// unpins it), or nil.
func (p *activitiesPane) pinnedOther(a api.Activity) *api.Activity {
	for _, o := range p.acts {
		if o.Pinned && activityRow(o) != activityRow(a) {
			return &o
		}
	}
	return nil
}

// activityName names an activity in a sentence: "the call “Renewal call”", "the note".
func activityName(a api.Activity) string { return activityNameIn(a, 0) }

// activityNameIn is activityName with the title cut to room cells (0: whole).
func activityNameIn(a api.Activity, room int) string {
	what := "the " + activityKind(a.Type)
	if t := sanitize.Display(a.Title); t != "" {
		if room > 0 {
			t = ansi.Truncate(t, room, "…")
		}
		what += " “" + t + "”"
	}
	return what
}

// pinnedInstead says a is pinned and was no longer is, its titles cut until the sentence fits
// width (a notice is one line: its end, "no longer pinned", is what matters).
func pinnedInstead(a, was api.Activity, width int) string {
	sentence := func(rooms [2]int) string {
		return "Pinned " + activityNameIn(a, rooms[0]) + "; " + activityNameIn(was, rooms[1]) + " is no longer pinned"
	}
	// The one pinned now keeps more of its title than the one before.
	for _, rooms := range [][2]int{{0, 0}, {0, 32}, {0, 16}, {32, 16}, {24, 12}, {16, 10}} {
		if s := sentence(rooms); ansi.StringWidth(s) <= width {
			return s
		}
	}
	return sentence([2]int{10, 6})
}

// pinRequest pins a (or unpins it, when pinned) on the contact; then gets the notice to show.
// was is the activity pinned before (nil: none, or a itself): the notice says it is no longer
// pinned, since HubSpot's one pin per record moves without a word.
func pinRequest(p *paneBase, c *call, contact contact, a api.Activity, was *api.Activity, then func(done string) tea.Cmd) tea.Cmd {
	hub := p.env.hub
	what := activityName(a)
	label, done := "Pinning", "Pinned "+what+": it now shows first on "+contact.name+"'s record"
	if was != nil {
		done = pinnedInstead(a, *was, p.width)
	}
	pin := func(ctx context.Context) error { _, err := hub.PinActivity(ctx, contact.id, a.ID); return err }
	if a.Pinned {
		label, done = "Unpinning", "Unpinned "+what+" from "+contact.name
		pin = func(ctx context.Context) error { _, err := hub.UnpinActivity(ctx, contact.id); return err }
	}
	return request(p, c, label, func(ctx context.Context) (struct{}, error) { return struct{}{}, pin(ctx) },
		func(_ struct{}, err error) tea.Cmd {
			if err != nil {
				return nil
			}
			return then(done)
		})
}

// activitiesTableTop is the table's first line in the pane (under the title and a blank).
const activitiesTableTop = 2

func (p *activitiesPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.table.SetSize(w, h-activitiesTableTop)
}

func (p *activitiesPane) View() string {
	t := p.env.theme
	head := t.Header.Render("Activities of "+p.contact.name) + t.Dim.Render("  · newest first") + "\n\n"
	switch {
	case !p.loaded:
		return head + loadingText(p.env, p.width, "the activities", p.loadErr)
	case p.table.Len() == 0:
		return head + t.Dim.Render("  No notes, calls, emails, meetings or tasks are associated with this contact.")
	}
	return head + p.table.View()
}

func (p *activitiesPane) Info() string {
	if !p.loaded || p.table.Len() == 0 {
		return ""
	}
	return itoa(p.table.Cursor()+1) + " of " + plural(p.table.Len(), "activity")
}
