package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// pickerPane chooses one item from a list by typing: a property to add to the form (filtered
// here, fuzzy, by label), or a company to associate (searched in HubSpot as you type, after a
// pause). Enter picks the item under the cursor, but only once the answer for the text on
// screen has landed; esc goes back without picking. The pick goes to the pane that asked.
type pickerPane struct {
	paneBase
	owner   int                                // the pane the pick goes to
	then    func(it pickItem, ok bool) tea.Cmd // runs in owner: the pick, or (!ok) none
	title   string
	input   field.Editor
	all     []pickItem // local items (nil when searching HubSpot)
	items   []pickItem // shown
	cursor  int
	search  func(ctx context.Context, text string) ([]pickItem, error)
	gen     int  // bumped by every change of the text
	sent    int  // the gen of the search in flight
	shows   int  // the gen the shown items answer
	req     call // the search
	waiting bool // enter was pressed before the answer for the text landed
	failed  bool
	extra   []binding // the asker's own keys on the item under the cursor (the views': delete, rename)
	// load reads a local picker's items as it opens (the views, from the configuration file):
	// the picker opens at once, so what is typed meanwhile is its text, not keys for the pane
	// below, and filters the items when they come; enter pressed before waits for them.
	load   func(ctx context.Context) ([]pickItem, error)
	onLoad func()    // runs in the picker once its items have loaded
	ahead  typeAhead // keys that act on the items (moves, enter, the asker's keys), kept while they load
}

// pickItem is one choice: raw text, sanitized when drawn.
type pickItem struct{ id, label, detail string }

// companyResults is how many companies the picker lists.
const companyResults = 20

// newPicker is a picker whose answer, then, runs in the pane owner. A picker always answers
// (ok false when esc closed it), so its owner knows when keys are its own again.
func newPicker(e *env, owner int, title string, then func(it pickItem, ok bool) tea.Cmd) *pickerPane {
	return &pickerPane{paneBase: newPaneBase(e), owner: owner, then: then, title: title, input: field.NewEditor(false)}
}

// newLocalPicker filters items as the text changes.
func newLocalPicker(e *env, owner int, title string, items []pickItem, then func(it pickItem, ok bool) tea.Cmd) *pickerPane {
	p := newPicker(e, owner, title, then)
	p.all, p.items = items, items
	return p
}

// newLoadingPicker is a local picker whose items load as it opens (see load).
func newLoadingPicker(e *env, owner int, title string, load func(ctx context.Context) ([]pickItem, error), then func(it pickItem, ok bool) tea.Cmd) *pickerPane {
	p := newPicker(e, owner, title, then)
	p.load, p.shows = load, -1
	return p
}

// loaded takes the items a loading picker read.
func (p *pickerPane) loaded(items []pickItem, err error) tea.Cmd {
	p.load = nil
	if err != nil {
		p.failed, p.waiting = true, false
		return p.ahead.replay() // the status bar says why; the keys kept act on no items
	}
	p.all = items
	p.items, p.shows = filterItems(p.all, p.input.Value()), p.gen
	if p.onLoad != nil {
		p.onLoad()
	}
	return p.ahead.replay()
}

// newCompanyPicker searches HubSpot's companies by name.
func newCompanyPicker(e *env, owner int, then func(it pickItem, ok bool) tea.Cmd) *pickerPane {
	p := newPicker(e, owner, "Associate a company", then)
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
	switch {
	case p.load != nil:
		return request(&p.paneBase, &p.req, "Reading "+strings.ToLower(p.title), p.load, p.loaded)
	case p.search == nil:
		return nil
	}
	return p.startSearch()
}

func (p *pickerPane) Title() string { return p.title }

// typing: the text box has the focus.
func (p *pickerPane) typing() bool { return true }

func (p *pickerPane) Update(tea.Msg) (tea.Model, tea.Cmd) { return p, nil }

func (p *pickerPane) keys() []binding {
	km := p.env.keys
	up := func() tea.Cmd { p.cursor = max(0, p.cursor-1); return nil }
	down := func() tea.Cmd { p.cursor = min(max(0, len(p.items)-1), p.cursor+1); return nil }
	if p.load != nil || p.ahead.replaying {
		// the items are not here yet: only esc acts now; what acts on them waits (typeKey)
		return []binding{{key: km.Cancel, run: p.cancel, group: "Choose"}}
	}
	return append([]binding{
		{key: km.Up, help: "move", run: up, group: "Choose"},
		{key: km.Down, help: "move", run: down, more: true},
		{key: km.PrevField, help: "move", run: up, more: true},
		{key: km.NextField, help: "move", run: down, more: true},
		{key: km.Submit, help: "choose", run: p.pick},
		{key: km.Cancel, run: p.cancel},
	}, p.extra...)
}

// selected is the item under the cursor.
func (p *pickerPane) selected() (pickItem, bool) {
	if p.cursor >= len(p.items) {
		return pickItem{}, false
	}
	return p.items[p.cursor], true
}

// replace puts next in place of the item with id (next without an id: removes it).
func (p *pickerPane) replace(id string, next pickItem) {
	swap := func(items []pickItem) []pickItem {
		out := make([]pickItem, 0, len(items))
		for _, it := range items {
			switch {
			case it.id != id:
				out = append(out, it)
			case next.id != "":
				out = append(out, next)
			}
		}
		return out
	}
	p.all, p.items = swap(p.all), swap(p.items)
	p.cursor = min(p.cursor, max(0, len(p.items)-1))
}

// typeKey edits the text; a change filters the items or searches again.
func (p *pickerPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	if p.ahead.keep(k, p.load != nil && !textKey(k)) {
		return nil, true
	}
	before := p.input.Value()
	if !p.input.Key(k) {
		return nil, false
	}
	if p.input.Value() == before {
		return nil, true
	}
	return p.changed(), true
}

// cancel closes the picker without a pick.
func (p *pickerPane) cancel() tea.Cmd {
	p.pop()
	then := p.then
	return tell(p.owner, func() tea.Cmd { return then(pickItem{}, false) })
}

// changed filters local items at once, or schedules HubSpot's search.
func (p *pickerPane) changed() tea.Cmd {
	p.gen++
	p.cursor = 0
	if p.search == nil {
		if p.load == nil { // a loading picker filters when its items come
			p.items, p.shows = filterItems(p.all, p.input.Value()), p.gen
		}
		return nil
	}
	gen := p.gen
	return later(&p.paneBase, searchDelay, func() tea.Cmd {
		if gen != p.gen {
			return nil
		}
		return p.startSearch()
	})
}

func (p *pickerPane) startSearch() tea.Cmd {
	text, search := p.input.Value(), p.search
	p.sent = p.gen
	return request(&p.paneBase, &p.req, "Searching companies", func(ctx context.Context) ([]pickItem, error) {
		return search(ctx, text)
	}, p.answered)
}

// answered takes HubSpot's answer to the latest search.
func (p *pickerPane) answered(items []pickItem, err error) tea.Cmd {
	p.failed = err != nil
	if err != nil {
		p.waiting = false
		return nil
	}
	p.items, p.shows = items, p.sent
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
	it, then := p.items[p.cursor], p.then
	p.pop()
	return tell(p.owner, func() tea.Cmd { return then(it, true) })
}

// seed starts a local picker with text typed (the letter that opened it), filtered to match.
func (p *pickerPane) seed(text string) *pickerPane {
	if text != "" {
		p.input.SetValue(text)
		p.changed()
	}
	return p
}

// filterItems keeps the items whose label, detail or id matches text (fuzzy), best first.
func filterItems(all []pickItem, text string) []pickItem {
	text = strings.TrimSpace(text)
	if text == "" {
		return all
	}
	labels := make([]string, len(all))
	for i, it := range all {
		labels[i] = it.label + " " + it.detail + " " + it.id
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
	lines := []string{t.Header.Render(sanitize.Display(p.title)), "/ " + p.input.View(max(10, p.width-4), true, t.fieldStyles()), ""}
	lines = append(lines, p.rows(max(1, p.height-len(lines)-1))...)
	return strings.Join(lines, "\n")
}

// rows draws the items around the cursor, or says why there are none.
func (p *pickerPane) rows(room int) []string {
	t := p.env.theme
	switch {
	case p.failed && p.search == nil:
		return []string{t.Error.Render("  Could not read them; esc, then try again.")}
	case p.failed:
		return []string{t.Error.Render("  The search failed; type to try again.")}
	case p.load != nil:
		return []string{t.Dim.Render("  Reading…")}
	case p.req.busy() && len(p.items) == 0, p.waiting:
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
