package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// activitiesPane is the contact's notes, calls, emails, meetings and tasks, newest first: type,
// when (local time), title or subject, and the start of the body. enter reads one in full; P
// pins the selected one (it then shows first on the contact's detail), or unpins it when it is
// the pinned one.
type activitiesPane struct {
	paneBase
	contact contactRef
	table   *table
	acts    map[string]api.Activity // by row id
	loading int64
	pinning int64
	loaded  bool
	loadErr string // why the first load failed; r tries again
}

func activityRow(a api.Activity) string { return a.Type + "/" + a.ID }

func newActivitiesPane(e *env, c contactRef) *activitiesPane {
	cols := []column{
		{Key: "type", Title: "Type", Min: 14},
		{Key: "when", Title: "When", Min: 16},
		{Key: "title", Title: "Title", Min: 12, Weight: 3},
		{Key: "body", Title: "Body", Min: 12, Weight: 5},
	}
	return &activitiesPane{paneBase: newPaneBase(e), contact: c, table: newTable(e.theme, cols)}
}

func (p *activitiesPane) Init() tea.Cmd { return p.load() }

func (p *activitiesPane) Title() string { return "Activities" }

func (p *activitiesPane) load() tea.Cmd {
	e, id := p.env, p.contact.id
	req, cmd := request(e, p.id, "Loading activities", func(ctx context.Context) ([]api.Activity, error) {
		return e.hub.Activities(ctx, id)
	})
	p.loading = req
	return cmd
}

func (p *activitiesPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case resultMsg:
		return p, p.answered(msg)
	case reloadMsg:
		return p, p.load()
	case tea.KeyMsg:
		return p, p.key(msg)
	case tea.MouseMsg:
		if mouseBelow(p.table, msg, activitiesTableTop) {
			return p, p.read()
		}
	}
	return p, nil
}

func (p *activitiesPane) answered(msg resultMsg) tea.Cmd {
	switch msg.req {
	case p.loading:
		p.loading, p.loadErr = 0, ""
		if msg.err != nil {
			p.loadErr = errorText("", msg.err)
		} else {
			p.show(msg.value.([]api.Activity))
		}
	case p.pinning:
		p.pinning = 0
		if msg.err == nil {
			return tea.Batch(notice(msg.value.(string)), p.load(), reload(p.contact.detail))
		}
	}
	return nil
}

// show lays the activities out in the order the API layer gives (newest first).
func (p *activitiesPane) show(acts []api.Activity) {
	p.acts = make(map[string]api.Activity, len(acts))
	rows := make([]row, len(acts))
	for i, a := range acts {
		id := activityRow(a)
		p.acts[id] = a
		kind := capitalize(activityKind(a.Type))
		if a.Pinned {
			kind += " (pinned)"
		}
		rows[i] = newRow(id, []string{kind, localTime(a.Timestamp, p.env.loc), sanitize.Display(a.Title), bodySnippet(a.Body)})
	}
	p.table.SetRows(rows, nil, nil)
	p.loaded = true
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

func (p *activitiesPane) key(k tea.KeyMsg) tea.Cmd {
	km := p.env.keys
	if relationKey(&p.paneBase, p.contact, relActivities, k) {
		return nil
	}
	switch {
	case moveTable(p.table, km, k):
	case km.Refresh.Matches(k):
		return p.load()
	case km.Open.Matches(k):
		return p.read()
	case km.Pin.Matches(k):
		if cmd := refused(km.Pin); cmd != nil {
			return cmd
		}
		return p.pin()
	}
	return nil
}

// read opens the selected activity in full.
func (p *activitiesPane) read() tea.Cmd {
	a, ok := p.selected()
	if !ok {
		return nil
	}
	p.push(newActivityPane(p.env, p.contact, a, p.id))
	return nil
}

// pin pins the selected activity, or unpins it when it is the pinned one.
func (p *activitiesPane) pin() tea.Cmd {
	a, ok := p.selected()
	if !ok || p.pinning != 0 {
		return nil
	}
	req, cmd := pinRequest(p.env, p.id, p.contact, a)
	p.pinning = req
	return cmd
}

// pinRequest pins a (or unpins it, when pinned) on the contact; the answer is the notice.
func pinRequest(e *env, pane int, c contactRef, a api.Activity) (int64, tea.Cmd) {
	what := "the " + activityKind(a.Type)
	if t := sanitize.Display(a.Title); t != "" {
		what += " “" + t + "”"
	}
	if a.Pinned {
		return request(e, pane, "Unpinning", func(ctx context.Context) (string, error) {
			_, err := e.hub.UnpinActivity(ctx, c.id)
			return "Unpinned " + what + " from " + c.name, err
		})
	}
	return request(e, pane, "Pinning", func(ctx context.Context) (string, error) {
		_, err := e.hub.PinActivity(ctx, c.id, a.ID)
		return "Pinned " + what + ": it now shows first on " + c.name + "'s record", err
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
	return itoa(p.table.cursor+1) + " of " + plural(p.table.Len(), "activity")
}

func (p *activitiesPane) ShortHelp() []key.Binding {
	km := p.env.keys
	return bindings(km.Open, km.Pin, km.Refresh, km.NextPane, km.Back)
}

func (p *activitiesPane) FullHelp() [][]key.Binding {
	km := p.env.keys
	return [][]key.Binding{
		bindings(km.Up, km.Down, km.Top, km.Bottom, km.PageDown, km.PageUp),
		bindings(km.Open, km.Pin, km.Refresh),
		bindings(km.NextPane, km.PrevPane, km.Associations, km.Emails),
	}
}
