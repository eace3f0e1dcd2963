package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/richtext"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// activityPane reads one activity in full: what and when, its details (direction, status,
// duration, owner, outcome…), and the whole body as text, in a scrollable view. P pins or
// unpins it, e edits it, c completes or reopens a task, d deletes it.
type activityPane struct {
	paneBase
	contact contact
	act     api.Activity
	names   activityNames
	parent  int // the activities pane, reloaded after a change
	view    viewport.Model
	pinning call
	writing call
	was     *api.Activity // the activity pinned when this one was opened, if another
}

func newActivityPane(e *env, c contact, a api.Activity, names activityNames, parent int) *activityPane {
	return &activityPane{paneBase: newPaneBase(e), contact: c, act: a, names: names, parent: parent, view: viewport.New(0, 0)}
}

func (p *activityPane) Init() tea.Cmd { return nil }

func (p *activityPane) Title() string { return capitalize(activityKind(p.act.Type)) }

func (p *activityPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(tea.MouseMsg); ok {
		p.view, _ = p.view.Update(msg)
	}
	return p, nil
}

func (p *activityPane) keys() []binding {
	km := p.env.keys
	v := &p.view
	do := func(f func()) func() tea.Cmd { return func() tea.Cmd { f(); return nil } }
	return []binding{
		{key: km.Down, run: do(func() { v.ScrollDown(1) }), group: "Move"},
		{key: km.Up, run: do(func() { v.ScrollUp(1) })},
		{key: km.PageDown, run: do(func() { v.HalfPageDown() })},
		{key: km.PageUp, run: do(func() { v.HalfPageUp() }), more: true},
		{key: km.Top, run: do(func() { v.GotoTop() }), more: true},
		{key: km.Bottom, run: do(func() { v.GotoBottom() }), more: true},
		{key: km.Pin, run: p.pin, group: "Activity"},
		{key: km.Edit, run: p.edit, on: func() bool { return editable(p.act) }},
		{key: km.TaskDone, run: p.complete, on: func() bool { return p.act.Type == api.ObjectTasks }},
		{key: km.Delete, run: p.delete},
	}
}

// edit opens the activity's form; after a save the view shows what HubSpot has.
func (p *activityPane) edit() tea.Cmd {
	a := p.act
	p.push(newActivityForm(p.env, p.contact, a.Type, &a, p.id, func(saved api.Activity, _ bool) tea.Cmd {
		p.act = saved
		p.layout()
		return reload(p.parent)
	}))
	return nil
}

// complete completes the task, or reopens it when it is done.
func (p *activityPane) complete() tea.Cmd {
	if p.writing.busy() {
		return nil
	}
	return taskStatusRequest(&p.paneBase, &p.writing, p.act, func(a api.Activity) tea.Cmd {
		p.act.Properties = a.Properties
		p.layout()
		return reload(p.parent)
	})
}

// delete asks, naming the activity; once it is deleted the view closes.
func (p *activityPane) delete() tea.Cmd {
	if p.writing.busy() {
		return nil
	}
	p.ask(deleteQuestion(&p.paneBase, &p.writing, p.contact, p.act, p.env.loc, func() tea.Cmd {
		p.pop()
		return reload(p.parent)
	}))
	return nil
}

// pin pins or unpins the activity; the view, the list below and the detail follow.
func (p *activityPane) pin() tea.Cmd {
	if p.pinning.busy() {
		return nil
	}
	return pinRequest(&p.paneBase, &p.pinning, p.contact, p.act, p.was, func(done string) tea.Cmd {
		p.act.Pinned, p.was = !p.act.Pinned, nil
		p.layout()
		return tea.Batch(notice(done), reload(p.parent), relatedChanged(p.contact.id))
	})
}

func (p *activityPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.view.Width, p.view.Height = w, max(1, h)
	p.layout()
}

// layout renders the activity at the pane's width into the viewport, keeping the scroll.
func (p *activityPane) layout() {
	y := p.view.YOffset
	p.view.SetContent(p.render(max(20, p.width-2)))
	p.view.SetYOffset(y)
}

func (p *activityPane) render(width int) string {
	t, a := p.env.theme, p.act
	head := capitalize(activityKind(a.Type)) + " · " + localTime(a.Timestamp, p.env.loc)
	if a.Type == api.ObjectTasks {
		head = "Task · due " + localTime(a.Timestamp, p.env.loc)
	}
	if a.Pinned {
		head += " · pinned"
	}
	lines := []string{t.Header.Render(head)}
	if title := sanitize.Display(a.Title); title != "" {
		lines = append(lines, ansi.Wrap(title, width, " "))
	}
	for i, f := range activityFacts(a, p.env.loc, p.names) {
		if i == 0 {
			lines = append(lines, "")
		}
		lines = append(lines, t.Label.Render(pad(f.label, 12))+ansi.Wrap(f.value, max(10, width-12), " "))
	}
	body := richtext.Text(a.Body)
	if body == "" {
		body = t.Empty.Render("(no text)")
	}
	lines = append(lines, "", ansi.Wrap(body, width, " "))
	return strings.Join(lines, "\n")
}

// fact is one detail of an activity, ready to show.
type fact struct{ label, value string }

// factDef names a property an activity type shows, and how to format it.
type factDef struct {
	prop, label string
	format      func(raw string, loc *time.Location) string
}

// activityFactDefs are the details each engagement type shows, in order (a constant table).
func activityFactDefs(typ string) []factDef {
	switch typ {
	case api.ObjectCalls:
		return []factDef{{"hs_call_direction", "Direction", words}, {"hs_call_status", "Status", words},
			{"hs_call_duration", "Duration", duration}, {"hs_call_disposition", "Outcome", plain}}
	case api.ObjectEmails:
		return []factDef{{"hs_email_direction", "Direction", words}, {"hs_email_status", "Status", words},
			{"hs_email_sender_email", "From", plain}, {"hs_email_to_email", "To", plain}}
	case api.ObjectMeetings:
		return []factDef{{"hs_meeting_start_time", "Starts", when}, {"hs_meeting_end_time", "Ends", when},
			{"hs_meeting_location", "Location", plain}, {"hs_meeting_outcome", "Outcome", words}}
	case api.ObjectTasks:
		return []factDef{{"hs_task_status", "Status", words}, {"hs_task_priority", "Priority", words}, {"hs_task_type", "Task type", words}}
	}
	return nil
}

// activityFacts are the details of a, formatted; owners and call outcomes by name.
func activityFacts(a api.Activity, loc *time.Location, names activityNames) []fact {
	var out []fact
	for _, d := range activityFactDefs(a.Type) {
		raw := a.Properties[d.prop]
		switch {
		case raw == "":
		case d.prop == "hs_call_disposition":
			out = append(out, fact{d.label, names.outcome(raw)})
		default:
			out = append(out, fact{d.label, d.format(raw, loc)})
		}
	}
	if o := a.Properties[ownerProperty]; o != "" {
		label := "Owner"
		if a.Type == api.ObjectTasks {
			label = "Assigned to"
		}
		out = append(out, fact{label, names.owner(o)})
	}
	return out
}

func plain(raw string, _ *time.Location) string { return sanitize.Display(raw) }

// words turns HubSpot's constants into words: "NOT_STARTED" → "Not started".
func words(raw string, _ *time.Location) string {
	return capitalize(strings.ToLower(strings.ReplaceAll(sanitize.Display(raw), "_", " ")))
}

func when(raw string, loc *time.Location) string {
	if ts := api.ParseTime(raw); !ts.IsZero() {
		return localTime(ts, loc)
	}
	return sanitize.Display(raw)
}

// duration shows milliseconds as minutes and seconds (m:ss), as the call form writes them.
func duration(raw string, _ *time.Location) string {
	return sanitize.Display(value.For(&api.Property{Name: "hs_call_duration", Type: "number"}, nil).Text(raw))
}

// bodySnippet is the start of a body on one line, for the list.
func bodySnippet(body string) string {
	return ansi.Truncate(strings.Join(strings.Fields(richtext.Text(body)), " "), snippetLen, "…")
}

func (p *activityPane) View() string { return p.view.View() }

func (p *activityPane) Info() string {
	if p.view.TotalLineCount() <= p.view.Height {
		return ""
	}
	return itoa(int(p.view.ScrollPercent()*100)) + "%"
}
