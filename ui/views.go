package ui

import (
	"cmp"
	"context"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/filter"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Saved views: a filter, the list's columns and its sort, by name, in the profile's part of the
// configuration file (config.View). v in the list chooses one (the picker lists the built-in
// ones and the saved ones); ctrl+s in the list or in find saves what is shown under a name.

// scope is the filter the list shows, parsed: HubSpot's search groups and free text. Find looks
// within it; export writes exactly it.
type scope struct {
	groups []api.FilterGroup
	text   string
}

// empty: every contact.
func (s scope) empty() bool { return len(s.groups) == 0 && s.text == "" }

// and adds a query's terms and words to the scope (find's box within a view).
func (s scope) and(q filter.Query) scope {
	out := scope{text: strings.TrimSpace(s.text + " " + q.Text())}
	var fs []api.Filter
	if len(s.groups) > 0 {
		fs = append(fs, s.groups[0].Filters...)
	}
	fs = append(fs, q.Filters()...)
	if len(fs) > 0 {
		out.groups = []api.FilterGroup{api.Where(fs...)}
	}
	return out
}

// filterEnv is what the filter parser needs from the app: the property definitions and the
// owners (owner:anna), who "me" is, the time zone and the clock (modified>-7d).
func (e *env) filterEnv(d *defs) filter.Env {
	var props []api.Property
	var owners []api.Owner
	if d != nil {
		props, owners = d.list, d.owners
	}
	return filter.Env{Props: props, Owners: owners, Me: e.me, MeWhy: e.meWhy, Loc: e.loc, Now: e.now}
}

// parseScope reads a view's filter (and find's box) into a scope.
func (e *env) parseScope(d *defs, text string) (scope, filter.Query, error) {
	q, err := filter.Parse(text, e.filterEnv(d))
	if err != nil {
		return scope{}, q, err
	}
	return scope{groups: q.Groups(), text: q.Text()}, q, nil
}

// viewSort reads a view's sort (a property, - first for descending).
func viewSort(s string) (string, bool) {
	name, desc := strings.CutPrefix(s, "-")
	return name, desc
}

// sortText writes a sort as a view keeps it.
func sortText(by string, desc bool) string {
	if by == "" {
		return ""
	}
	by = sortProperty(by)
	if desc {
		return "-" + by
	}
	return by
}

// views loads the profile's views from the configuration file (it may have changed since the
// app started: a view saved a moment ago, an edit by hand).
func (e *env) views(ctx context.Context) ([]config.View, error) {
	if e.configPath == "" {
		return config.BuiltinViews(), nil
	}
	c, err := config.Load(e.configPath)
	if err != nil {
		return nil, err
	}
	return c.Views(e.viewsProfile), nil
}

// chooseView lists the views in a picker; the one picked is shown in the list.
// The picker opens at once and reads the views as it opens, so keys typed after v filter them
// instead of reaching the list (where "re" of "recent" would refresh and edit).
func (l *listPane) chooseView() tea.Cmd {
	e := l.env
	var vs []config.View // written by the read, used once it has answered (in the picker's onLoad and after)
	p := newLoadingPicker(e, l.id, "Views", func(ctx context.Context) ([]pickItem, error) {
		read, err := e.views(ctx)
		if err != nil {
			return nil, err
		}
		vs = read
		items := make([]pickItem, len(vs))
		for i, v := range vs {
			items[i] = pickItem{id: v.Name, label: v.Name, detail: viewDetail(v)}
		}
		return items, nil
	}, func(it pickItem, ok bool) tea.Cmd {
		if !ok {
			return nil
		}
		for _, v := range vs {
			if v.Name == it.id {
				return l.applyView(v)
			}
		}
		return nil
	})
	p.onLoad = func() {
		p.extra = viewKeys(p, vs, func(old, name string) {
			if strings.EqualFold(l.view.Name, old) {
				l.view.Name = name // the view shown keeps its crumb true, renamed or deleted
			}
		})
	}
	l.push(p)
	return nil
}

// viewKeys are the views picker's keys on a saved view (a built-in one is neither deleted nor
// renamed): delete it, after a question that names it and defaults to no; rename it. Then
// shownAs runs in the pane the picker answers with the name a list showing the view now calls
// it: the new name, or "German leads (deleted)" (its rows stay as they are until another view
// is chosen, so the crumb must not say a view that no longer exists).
func viewKeys(p *pickerPane, vs []config.View, shownAs func(old, name string)) []binding {
	e := p.env
	saved := func() (config.View, bool) {
		it, ok := p.selected()
		i := slices.IndexFunc(vs, func(v config.View) bool { return v.Name == it.id })
		if !ok || i < 0 || vs[i].Builtin || e.configPath == "" {
			return config.View{}, false
		}
		return vs[i], true
	}
	offered := func() bool { _, ok := saved(); return ok }
	del := func() tea.Cmd {
		v, ok := saved()
		if !ok {
			return nil
		}
		p.ask(question{title: "Delete view", text: "Delete the view “" + v.Name + "”?",
			details: []string{"It shows " + viewDetail(v) + ". Only the view goes from the configuration file; no contact changes."},
			answers: []answer{{does: "delete", run: func() tea.Cmd {
				return request(&p.paneBase, nil, "Deleting the view", func(context.Context) (struct{}, error) {
					return struct{}{}, config.DeleteView(e.configPath, e.viewsProfile, v.Name)
				}, func(_ struct{}, err error) tea.Cmd {
					if err != nil {
						return nil // the status bar says why
					}
					p.replace(v.Name, pickItem{})
					return tea.Batch(notice("Deleted the view “"+v.Name+"”"),
						tell(p.owner, func() tea.Cmd { shownAs(v.Name, v.Name+" (deleted)"); return nil }))
				})
			}}}})
		return nil
	}
	rename := func() tea.Cmd {
		v, ok := saved()
		if !ok {
			return nil
		}
		p.push(newRenameViewPane(e, v, p.ID(), func(name string) tea.Cmd {
			for i := range vs {
				if vs[i].Name == v.Name {
					vs[i].Name = name
					p.replace(v.Name, pickItem{id: name, label: name, detail: viewDetail(vs[i])})
				}
			}
			return tell(p.owner, func() tea.Cmd { shownAs(v.Name, name); return nil })
		}))
		return nil
	}
	return []binding{
		{key: e.keys.DeleteView, run: del, on: offered, group: "View"},
		{key: e.keys.RenameView, run: rename, on: offered},
	}
}

// viewDetail says what a view shows, for the picker.
func viewDetail(v config.View) string {
	var parts []string
	if v.Filter != "" {
		parts = append(parts, v.Filter)
	}
	if v.Sort != "" {
		name, desc := viewSort(v.Sort)
		dir := "ascending"
		if desc {
			dir = "descending"
		}
		parts = append(parts, "sorted by "+name+" "+dir)
	}
	if len(v.Columns) > 0 {
		parts = append(parts, "columns "+strings.Join(v.Columns, ", "))
	}
	if len(parts) == 0 {
		return "every contact"
	}
	return strings.Join(parts, " · ")
}

// saveViewPane asks a name for a view and writes it to the configuration file. A name a saved
// view has asks first whether to replace it. Renaming a saved view (renamed set) asks its new
// name the same way.
type saveViewPane struct {
	paneBase
	view    config.View
	input   field.Editor
	saving  call
	err     string
	renamed func(name string) tea.Cmd // renaming: runs in the pane to, with the new name
	to      int
}

func newSaveViewPane(e *env, v config.View) *saveViewPane {
	return &saveViewPane{paneBase: newPaneBase(e), view: v, input: field.NewEditor(false)}
}

// newRenameViewPane asks a new name for the saved view v; then runs renamed in the pane to.
func newRenameViewPane(e *env, v config.View, to int, renamed func(name string) tea.Cmd) *saveViewPane {
	p := newSaveViewPane(e, v)
	p.renamed, p.to = renamed, to
	p.input.SetValue(v.Name)
	return p
}

func (p *saveViewPane) Init() tea.Cmd { return nil }

func (p *saveViewPane) Title() string {
	if p.renamed != nil {
		return "Rename view"
	}
	return "Save view"
}

func (p *saveViewPane) Update(tea.Msg) (tea.Model, tea.Cmd) { return p, nil }

func (p *saveViewPane) typing() bool { return true }

func (p *saveViewPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	if !p.input.Key(k) {
		return nil, false
	}
	p.err = ""
	return nil, true
}

func (p *saveViewPane) keys() []binding {
	km := p.env.keys
	return []binding{
		{key: km.Submit, help: "save", run: p.save, group: "Save view"},
		{key: km.Cancel, run: func() tea.Cmd { p.pop(); return nil }},
	}
}

// save checks the name, asks before replacing a saved view, then writes.
func (p *saveViewPane) save() tea.Cmd {
	if p.saving.busy() {
		return nil
	}
	name := strings.TrimSpace(p.input.Value())
	if err := config.CheckViewName(name); err != nil {
		p.err = err.Error()
		return nil
	}
	if p.env.configPath == "" {
		p.err = "there is no configuration file to save views in"
		return nil
	}
	if p.renamed != nil {
		return p.rename(name)
	}
	p.view.Name = name
	e := p.env
	return request(&p.paneBase, &p.saving, "Reading views", e.views, func(vs []config.View, err error) tea.Cmd {
		if err != nil {
			p.err = err.Error()
			return nil
		}
		for _, v := range vs {
			if strings.EqualFold(v.Name, name) {
				p.ask(question{title: "Replace view", text: "Replace the view “" + v.Name + "”?",
					details: []string{"It shows " + viewDetail(v) + "."},
					answers: []answer{{does: "replace", run: p.write}}})
				return nil
			}
		}
		return p.write()
	})
}

// rename gives the saved view its new name in the configuration file.
func (p *saveViewPane) rename(name string) tea.Cmd {
	e, old, renamed, to := p.env, p.view.Name, p.renamed, p.to
	return request(&p.paneBase, &p.saving, "Renaming the view", func(context.Context) (struct{}, error) {
		return struct{}{}, config.RenameView(e.configPath, e.viewsProfile, old, name)
	}, func(_ struct{}, err error) tea.Cmd {
		if err != nil {
			p.err = err.Error()
			return nil
		}
		p.pop()
		return tea.Batch(notice("Renamed the view “"+old+"” to “"+name+"”"), tell(to, func() tea.Cmd { return renamed(name) }))
	})
}

func (p *saveViewPane) write() tea.Cmd {
	e, v := p.env, p.view
	return request(&p.paneBase, &p.saving, "Saving the view", func(context.Context) (struct{}, error) {
		return struct{}{}, config.SaveView(e.configPath, e.viewsProfile, v)
	}, func(_ struct{}, err error) tea.Cmd {
		if err != nil {
			p.err = err.Error()
			return nil
		}
		p.pop()
		return notice("Saved the view “" + v.Name + "”: " + keyName(e.keys.Views) + " in the list shows it")
	})
}

func (p *saveViewPane) View() string {
	t := p.env.theme
	v := p.view
	v.Columns = nil
	lines := []string{
		t.Header.Render(p.Title()),
		"",
		"Shows " + sanitize.Display(viewDetail(v)) + ".",
		"Columns: " + sanitize.Display(cmp.Or(strings.Join(p.view.Columns, ", "), "the list's own")),
		"",
		"Name: " + p.input.View(max(10, p.width-8), true, t.fieldStyles()),
	}
	if p.err != "" {
		lines = append(lines, "", t.Error.Render(sanitize.Display(p.err)))
	}
	return strings.Join(lines, "\n")
}
