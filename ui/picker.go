package ui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// pickerPane chooses one item from a list by typing: a property to add to the form (filtered
// here, fuzzy, by label), or a company to associate (searched in HubSpot as you type, after a
// pause). Enter picks the item under the cursor, but only once the answer for the text on
// screen has landed; esc goes back without picking. The pick goes to the pane that asked.
type pickerPane struct {
	paneBase
	owner   int    // the pane the pick goes to
	purpose string // what the pick is for, so the owner can tell picks apart
	title   string
	input   editor
	all     []pickItem // local items (nil when searching HubSpot)
	items   []pickItem // shown
	cursor  int
	search  func(ctx context.Context, text string) ([]pickItem, error)
	gen     int   // bumped by every change of the text
	sent    int   // the gen of the search in flight
	shows   int   // the gen the shown items answer
	req     int64 // the search in flight
	waiting bool  // enter was pressed before the answer for the text landed
	failed  bool
}

// pickItem is one choice: raw text, sanitized when drawn.
type pickItem struct{ id, label, detail string }

// pickedMsg brings the choice to the pane that asked; cancelled when esc closed the picker
// without one. A picker always answers, so its owner knows when keys are its own again.
type pickedMsg struct {
	pane      int
	purpose   string
	item      pickItem
	cancelled bool
}

func (m pickedMsg) target() int { return m.pane }

// pickDebounceMsg ends the pause in typing after which HubSpot is searched.
type pickDebounceMsg struct{ pane, gen int }

func (m pickDebounceMsg) target() int { return m.pane }

// Purposes of picks.
const (
	pickField   = "field"
	pickCompany = "company"
)

// companyResults is how many companies the picker lists.
const companyResults = 20

func newPicker(e *env, owner int, purpose, title string) *pickerPane {
	return &pickerPane{paneBase: newPaneBase(e), owner: owner, purpose: purpose, title: title, input: newEditor(false)}
}

// newLocalPicker filters items as the text changes.
func newLocalPicker(e *env, owner int, purpose, title string, items []pickItem) *pickerPane {
	p := newPicker(e, owner, purpose, title)
	p.all, p.items = items, items
	return p
}

// newCompanyPicker searches HubSpot's companies by name.
func newCompanyPicker(e *env, owner int) *pickerPane {
	p := newPicker(e, owner, pickCompany, "Associate a company")
	p.search = func(ctx context.Context, text string) ([]pickItem, error) {
		page, err := e.hub.SearchByName(ctx, api.ObjectCompanies, strings.TrimSpace(text), companyResults)
		if err != nil {
			return nil, err
		}
		out := make([]pickItem, len(page.Results))
		for i, o := range page.Results {
			out[i] = pickItem{id: o.ID, label: o.Properties["name"], detail: o.Properties["domain"]}
		}
		return out, nil
	}
	return p
}

func (p *pickerPane) Init() tea.Cmd {
	if p.search == nil {
		return nil
	}
	return p.startSearch()
}

func (p *pickerPane) Title() string { return p.title }

// Capturing: the text box has the focus.
func (p *pickerPane) Capturing() bool { return true }

func (p *pickerPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p, p.key(msg)
	case pickDebounceMsg:
		if msg.gen == p.gen {
			return p, p.startSearch()
		}
	case resultMsg:
		return p, p.answered(msg)
	}
	return p, nil
}

func (p *pickerPane) key(k tea.KeyMsg) tea.Cmd {
	if p.env.keys.Back.Matches(k) {
		p.pop()
		owner, purpose := p.owner, p.purpose
		return func() tea.Msg { return pickedMsg{pane: owner, purpose: purpose, cancelled: true} }
	}
	switch k.String() {
	case "enter":
		return p.pick()
	case "up", "ctrl+p", "shift+tab":
		p.cursor = max(0, p.cursor-1)
		return nil
	case "down", "ctrl+n", "tab":
		p.cursor = min(max(0, len(p.items)-1), p.cursor+1)
		return nil
	}
	before := p.input.Value()
	if !p.input.Key(k) || p.input.Value() == before {
		return nil
	}
	return p.changed()
}

// changed filters local items at once, or schedules HubSpot's search.
func (p *pickerPane) changed() tea.Cmd {
	p.gen++
	p.cursor = 0
	if p.search == nil {
		p.items, p.shows = filterItems(p.all, p.input.Value()), p.gen
		return nil
	}
	id, gen := p.id, p.gen
	return p.env.after(searchDelay, func(time.Time) tea.Msg { return pickDebounceMsg{pane: id, gen: gen} })
}

func (p *pickerPane) startSearch() tea.Cmd {
	text, search := p.input.Value(), p.search
	p.sent = p.gen
	req, cmd := request(p.env, p.id, "Searching companies", func(ctx context.Context) ([]pickItem, error) {
		return search(ctx, text)
	})
	p.req = req
	return cmd
}

// answered takes HubSpot's answer if it is for the latest search.
func (p *pickerPane) answered(msg resultMsg) tea.Cmd {
	if msg.req != p.req {
		return nil
	}
	p.req = 0
	p.failed = msg.err != nil
	if msg.err != nil {
		p.waiting = false
		return nil
	}
	p.items, p.shows = msg.value.([]pickItem), p.sent
	p.cursor = min(p.cursor, max(0, len(p.items)-1))
	if p.waiting && p.shows == p.gen {
		p.waiting = false
		return p.pick()
	}
	return nil
}

// pick sends the item under the cursor, once the items answer the text on screen.
func (p *pickerPane) pick() tea.Cmd {
	if p.shows != p.gen {
		p.waiting = true
		return nil
	}
	if len(p.items) == 0 {
		return nil
	}
	it, owner, purpose := p.items[p.cursor], p.owner, p.purpose
	p.pop()
	return func() tea.Msg { return pickedMsg{pane: owner, purpose: purpose, item: it} }
}

// filterItems keeps the items whose label matches text (fuzzy), best first.
func filterItems(all []pickItem, text string) []pickItem {
	text = strings.TrimSpace(text)
	if text == "" {
		return all
	}
	labels := make([]string, len(all))
	for i, it := range all {
		labels[i] = it.label + " " + it.id
	}
	matches := fuzzy.Find(text, labels)
	out := make([]pickItem, len(matches))
	for i, m := range matches {
		out[i] = all[m.Index]
	}
	return out
}

func (p *pickerPane) View() string {
	t := p.env.theme
	lines := []string{t.Header.Render(sanitize.Display(p.title)), "/ " + p.input.View(max(10, p.width-4), true, t), ""}
	lines = append(lines, p.rows(max(1, p.height-len(lines)-1))...)
	return strings.Join(lines, "\n")
}

// rows draws the items around the cursor, or says why there are none.
func (p *pickerPane) rows(room int) []string {
	t := p.env.theme
	switch {
	case p.failed:
		return []string{t.Error.Render("  The search failed; type to try again.")}
	case p.req != 0 && len(p.items) == 0, p.waiting:
		return []string{t.Dim.Render("  Searching…")}
	case len(p.items) == 0:
		return []string{t.Dim.Render("  Nothing matches.")}
	}
	first := max(0, p.cursor-room+1)
	last := min(len(p.items), first+room)
	out := make([]string, 0, last-first)
	for i := first; i < last; i++ {
		out = append(out, p.item(i))
	}
	return out
}

func (p *pickerPane) item(i int) string {
	t := p.env.theme
	it := p.items[i]
	gutter := t.NoCursor
	label := pad(ansi.Truncate(sanitize.Display(it.label), 36, "…"), 38)
	if i == p.cursor {
		gutter, label = t.CursorGlyph, t.Selected.Render(label)
	}
	return ansi.Truncate(gutter+label+t.Dim.Render(sanitize.Display(it.detail)), p.width, "…")
}

func (p *pickerPane) Info() string {
	if len(p.items) == 0 {
		return ""
	}
	return itoa(p.cursor+1) + " of " + itoa(len(p.items))
}

func (p *pickerPane) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		cancelBinding(p.env.keys),
	}
}

func (p *pickerPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
