package ui

import (
	"context"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// myTasksPane is the user's open tasks across contacts: every task assigned to the owner the
// profile's me: names, whatever its status but completed, due first, the overdue marked. enter
// opens the task's contact; c completes the selected task (it leaves the list); r reloads (a
// task written a moment ago may take HubSpot's search a few seconds to show).
type myTasksPane struct {
	paneBase
	table   *plainTable
	tasks   map[string]api.TaskItem // by row id
	me      api.Owner
	loading call
	writing call
	loaded  bool
	loadErr string // why the load failed; r tries again
	problem string // why there can be no list (me: missing or naming no owner)
}

func newMyTasksPane(e *env) *myTasksPane {
	return &myTasksPane{paneBase: newPaneBase(e), table: newTable[none](e.theme, myTasksColumns(0))}
}

// myTasksColumns are My tasks' columns at width w: the subject gets the room (the due date is
// short: "Dec 7", "today 16:00", "! 2 days late"), and under 100 columns the status (of an open
// task) gives way to it.
func myTasksColumns(w int) []table.Column {
	cols := []table.Column{
		{Key: "due", Title: "Due", Min: 9},
		{Key: "task", Title: "Task", Min: 16, Weight: 5},
		{Key: "contact", Title: "Contact", Min: 12, Weight: 3},
		{Key: "priority", Title: "Priority", Min: 6},
		{Key: "status", Title: "Status", Min: 7},
	}
	if w > 0 && w < 100 {
		return cols[:len(cols)-1]
	}
	return cols
}

func (p *myTasksPane) Init() tea.Cmd { return p.load() }

func (p *myTasksPane) Title() string { return "My tasks" }

// myTasks is what the pane loads: who me is, and their open tasks.
type myTasks struct {
	me      api.Owner
	tasks   []api.TaskItem
	problem string
}

func (p *myTasksPane) load() tea.Cmd {
	e := p.env
	return request(&p.paneBase, &p.loading, "Loading your tasks", func(ctx context.Context) (myTasks, error) {
		switch {
		case e.me == "" && e.meWhy != "":
			return myTasks{problem: "Whose tasks? " + e.meWhy + "."}, nil
		case e.me == "":
			return myTasks{problem: "Whose tasks? Add me: with your HubSpot login email under this profile in the config file " +
				"(hubcontacts config path shows where), e.g. me: you@example.com. A private app's token belongs to no user of its own."}, nil
		}
		me := api.Owner{ID: e.me}
		if owners, err := e.hub.Owners(ctx); err == nil {
			if i := slices.IndexFunc(owners, func(o api.Owner) bool { return o.ID == e.me }); i >= 0 {
				me = owners[i]
			}
		}
		tasks, err := e.hub.OwnerTasks(ctx, e.me, 0)
		return myTasks{me: me, tasks: tasks}, err
	}, shown(&p.loadErr, p.show))
}

func (p *myTasksPane) show(m myTasks) {
	p.me, p.problem, p.loaded = m.me, m.problem, true
	p.tasks = make(map[string]api.TaskItem, len(m.tasks))
	rows := make([]plainRow, 0, len(m.tasks))
	now := p.env.now()
	for _, t := range m.tasks {
		p.tasks[t.ID] = t
		contact := ""
		if t.Contact != nil {
			contact = displayName(t.Contact)
		}
		due := dueWhen(t.Timestamp, now, p.env.loc)
		if late(t.Timestamp, now) {
			due = p.env.theme.tint(p.env.theme.Overdue, due)
		}
		rows = append(rows, newPlainRow(t.ID, []string{due, sanitize.Display(t.Title), contact,
			words(t.Properties["hs_task_priority"], nil), words(t.Properties["hs_task_status"], nil)}))
	}
	p.table.SetRows(rows, nil, nil)
}

// overdueMark is in front of an overdue task's due date: overdue shows without colour too.
const overdueMark = "! "

// late reports a task due before now.
func late(due, now time.Time) bool { return !due.IsZero() && due.Before(now) }

// dueWhen says shortly when a task is due against now, by the user's calendar days: overdue
// ones marked, "! 3 days late", "! today 09:00"; then "today 16:00", "tomorrow 09:00", "Dec 7",
// and "Jan 5 2027" in another year.
func dueWhen(due, now time.Time, loc *time.Location) string {
	if due.IsZero() {
		return "no date"
	}
	day := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	days := int(day(due).Sub(day(now)).Round(time.Hour).Hours() / 24)
	local := due.In(loc)
	mark := ""
	if late(due, now) {
		mark = overdueMark
	}
	switch {
	case days < 0:
		return mark + plural(-days, "day") + " late"
	case days == 0:
		return mark + "today " + local.Format("15:04")
	case days == 1:
		return "tomorrow " + local.Format("15:04")
	case local.Year() == now.In(loc).Year():
		return local.Format("Jan 2")
	}
	return local.Format("Jan 2 2006")
}

// overdue counts the tasks due before now.
func (p *myTasksPane) overdue() int {
	now, n := p.env.now(), 0
	for _, t := range p.tasks {
		if late(t.Timestamp, now) {
			n++
		}
	}
	return n
}

func (p *myTasksPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		return p, p.load()
	case tea.MouseMsg:
		if mouseBelow(p.table, msg, myTasksTableTop) {
			return p, p.open()
		}
	}
	return p, nil
}

func (p *myTasksPane) selected() (api.TaskItem, bool) {
	t, ok := p.tasks[p.table.SelectedID()]
	return t, ok
}

func (p *myTasksPane) keys() []binding {
	km := p.env.keys
	some := func() bool { return p.table.Len() > 0 }
	return slices.Concat(moves(km, p.table, nil), []binding{
		{key: km.Open, help: "open the contact", run: p.open, on: some, group: "Task"},
		{key: km.TaskDone, help: "complete", run: p.complete, on: some},
		{key: km.Refresh, run: p.load},
	})
}

// open opens the selected task's contact.
func (p *myTasksPane) open() tea.Cmd {
	t, ok := p.selected()
	switch {
	case !ok:
		return nil
	case t.Contact == nil:
		return notice("This task is on no contact")
	}
	p.push(newDetailPane(p.env, t.Contact.ID, displayName(t.Contact)))
	return nil
}

// complete completes the selected task; it leaves the list at once (search would show it for
// a few seconds more).
func (p *myTasksPane) complete() tea.Cmd {
	t, ok := p.selected()
	if !ok || p.writing.busy() {
		return nil
	}
	return taskStatusRequest(&p.paneBase, &p.writing, t.Activity, func(api.Activity) tea.Cmd {
		delete(p.tasks, t.ID)
		rows := slices.DeleteFunc(slices.Clone(p.table.Rows()), func(r plainRow) bool { return r.ID == t.ID })
		p.table.SetRows(rows, nil, nil)
		return nil
	})
}

// myTasksTableTop is the table's first line in the pane (under the title and a blank).
const myTasksTableTop = 2

func (p *myTasksPane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.table.SetColumns(myTasksColumns(w))
	p.table.SetSize(w, h-myTasksTableTop)
}

func (p *myTasksPane) View() string {
	t := p.env.theme
	title := "My tasks"
	if p.me.ID != "" {
		title += " · " + sanitize.Display(p.me.Label())
	}
	head := t.Header.Render(title) + t.Dim.Render("  · open, due first") + "\n\n"
	switch {
	case !p.loaded:
		return head + loadingText(p.env, p.width, "your tasks", p.loadErr)
	case p.problem != "":
		return head + t.Error.Render(ansi.Wrap(sanitize.Display(p.problem), max(20, p.width-2), " "))
	case p.table.Len() == 0:
		return head + t.Dim.Render("  No open tasks: nothing is assigned to you that is not done.")
	}
	return head + p.table.View()
}

func (p *myTasksPane) Info() string {
	if !p.loaded || p.table.Len() == 0 {
		return ""
	}
	s := itoa(p.table.Cursor()+1) + " of " + plural(p.table.Len(), "task")
	if n := p.overdue(); n > 0 {
		s += " · " + itoa(n) + " overdue"
	}
	return s
}
