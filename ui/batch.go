package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// batchPane sets one property on every marked contact (batch update), or moves them all to the
// recycle bin (batch archive), and then lists what happened to each: a progress line while the
// requests run (the API layer sends 100 per request), then every contact that failed, named,
// with HubSpot's reason, and every one whose value HubSpot did not apply. Nothing is dropped
// silently: each marked contact ends up in the result list.
type batchPane struct {
	paneBase
	archive  bool
	targets  []contact
	defs     *defs
	field    *field.Field // update: the property and the value to set
	row      int          // setup: 0 the property, 1 the value
	loading  call
	running  call
	progress chan int // contacts settled so far
	done     int
	results  []outcome // after the run, failures first
	offset   int
	banner   string
	awaiting bool      // the property picker is open: keys wait for its answer
	ahead    typeAhead // keys typed while the picker closed, replayed when the answer comes
}

// outcome is what happened to one contact.
type outcome struct {
	t      contact
	failed bool
	reason string // why it failed, or what HubSpot did instead (raw)
}

func newBatchEdit(e *env, targets []contact) *batchPane {
	return &batchPane{paneBase: newPaneBase(e), targets: targets}
}

func newBatchArchive(e *env, targets []contact) *batchPane {
	return &batchPane{paneBase: newPaneBase(e), archive: true, targets: targets}
}

// batchDelete is the question, asked in p, before the marked contacts go to the recycle bin.
func batchDelete(p *paneBase, targets []contact) question {
	return question{
		title:   "Delete marked contacts",
		text:    "Delete " + plural(len(targets), "marked contact") + ": " + someNames(targets) + "?",
		details: []string{"They go to HubSpot's recycle bin, where they can be restored for 90 days."},
		answers: []answer{{does: "delete " + plural(len(targets), "contact"), run: func() tea.Cmd {
			p.push(newBatchArchive(p.env, targets))
			return nil
		}}},
	}
}

// someNames names the first few contacts and counts the rest.
func someNames(ts []contact) string {
	const shown = 3
	names := make([]string, 0, shown)
	for _, t := range ts[:min(shown, len(ts))] {
		names = append(names, t.name)
	}
	s := strings.Join(names, ", ")
	if len(ts) > shown {
		s += " and " + itoa(len(ts)-shown) + " more"
	}
	return s
}

func (b *batchPane) Init() tea.Cmd {
	if b.archive {
		return b.run()
	}
	e := b.env
	return request(&b.paneBase, &b.loading, "Loading properties", func(ctx context.Context) (*defs, error) { return loadDefs(ctx, e) },
		func(df *defs, err error) tea.Cmd {
			if err != nil {
				b.pop()
				return nil
			}
			b.defs = df
			b.chooseProperty()
			return nil
		})
}

func (b *batchPane) Title() string {
	if b.archive {
		return "Delete " + plural(len(b.targets), "contact")
	}
	return "Edit " + plural(len(b.targets), "contact")
}

// typing: until the results show, the pane takes every key (the value is typed; a running
// batch cannot be left halfway).
func (b *batchPane) typing() bool { return b.results == nil }

// Unsaved: a value typed but not sent, or a batch still running.
func (b *batchPane) Unsaved() bool {
	return b.running.busy() || b.results == nil && b.field != nil && b.field.Dirty()
}

func (b *batchPane) Update(tea.Msg) (tea.Model, tea.Cmd) { return b, nil }

// setting: the property and the value can be changed (no picker open, nothing running).
func (b *batchPane) setting() bool {
	return b.results == nil && b.defs != nil && !b.awaiting && !b.running.busy()
}

func (b *batchPane) keys() []binding {
	km := b.env.keys
	toggle := func() tea.Cmd {
		b.row = 1 - b.row
		if b.field != nil {
			b.field.Check()
		}
		return nil
	}
	enter := func() tea.Cmd {
		if b.row == 0 {
			b.chooseProperty()
			return nil
		}
		return toggle()
	}
	results := func() bool { return b.results != nil }
	scroll := func(by func() int) func() tea.Cmd {
		return func() tea.Cmd { b.offset = max(0, b.offset+by()); return nil }
	}
	half := func() int { return max(1, b.height/2) }
	return []binding{
		{key: km.Cancel, run: b.cancel, on: func() bool { return b.setting() || b.loading.busy() }, group: "Batch"},
		{key: km.NextField, run: toggle, on: b.setting, afterBox: true},
		{key: km.Save, run: b.confirm, on: b.setting},
		{key: km.PrevField, run: toggle, on: b.setting, afterBox: true, more: true},
		{key: km.Submit, help: "choose / next", run: enter, on: b.setting, afterBox: true, more: true},
		{key: km.Down, run: scroll(func() int { return 1 }), on: results, group: "Results"},
		{key: km.Up, run: scroll(func() int { return -1 }), on: results},
		{key: km.PageDown, run: scroll(half), on: results, more: true},
		{key: km.PageUp, run: scroll(func() int { return -half() }), on: results, more: true},
		{key: km.Top, run: scroll(func() int { return -b.offset }), on: results, more: true},
		{key: km.Bottom, run: scroll(func() int { return 1 << 30 }), on: results, more: true}, // the view clamps it
	}
}

// typeKey gives a key to the value; keys that come while the picker's answer is on its way
// wait for it.
func (b *batchPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case b.ahead.keep(k, b.awaiting):
		return nil, true
	case b.running.busy():
		return notice("The batch is running; it cannot be stopped halfway. Its results show when it ends."), true
	case b.defs == nil:
		return nil, true
	}
	if b.row != 1 || b.field == nil {
		return nil, false
	}
	if ch, seed, ok := choosing(b.field, b.env.keys, k); ok {
		b.awaiting = true
		b.push(choosePicker(b.env, b.ID(), b.field, ch, seed, func() tea.Cmd { b.awaiting = false; return b.replay() }))
		return nil, true
	}
	return nil, b.field.Key(k)
}

// cancel leaves, asking first when a value was typed.
func (b *batchPane) cancel() tea.Cmd {
	return b.leave(b.defs != nil && b.Unsaved(), "Discard this batch edit?")
}

// chooseProperty offers the properties one value can sensibly be set on for every contact.
func (b *batchPane) chooseProperty() {
	var items []pickItem
	for _, p := range b.defs.list {
		if !p.Hidden && !p.ReadOnly && !p.Calculated && !p.Unique && p.Name != "email" && p.Name != "hs_additional_emails" {
			items = append(items, propertyItem(p))
		}
	}
	b.awaiting = true
	b.push(newLocalPicker(b.env, b.ID(), "Property to set on "+plural(len(b.targets), "contact"), items, b.picked))
}

// picked takes the property chosen (none: the choice stays as it was).
func (b *batchPane) picked(it pickItem, ok bool) tea.Cmd {
	b.awaiting = false
	if ok {
		b.choose(it.id)
	}
	return b.replay()
}

func (b *batchPane) choose(name string) {
	if p := b.defs.prop(name); p != nil {
		b.field, b.row, b.banner = newField(p, "", b.defs), 1, ""
	}
}

// replay types the keys that came while the picker's answer was on its way.
func (b *batchPane) replay() tea.Cmd { return b.ahead.replay() }

// confirm checks the value and asks before anything is sent.
func (b *batchPane) confirm() tea.Cmd {
	if b.field == nil {
		b.banner = "Choose a property first (enter)."
		return nil
	}
	if b.field.Check(); b.field.Invalid() != "" {
		b.row, b.banner = 1, b.field.Invalid()
		return nil
	}
	label := b.defs.label(b.field.Prop.Name)
	value := b.defs.value(b.field.Prop.Name, b.field.Kind.Value())
	q := "Set " + label + " to " + value + " on " + plural(len(b.targets), "contact") + "?"
	details := []string{"HubSpot gets them in requests of up to 100; the results name every contact that fails."}
	if value == "" {
		q = "Clear " + label + " on " + plural(len(b.targets), "contact") + "?"
	}
	if b.field.Prop.Name == "lifecyclestage" {
		details = append(details, "HubSpot ignores a backward stage move: contacts at a later stage keep theirs, and the results list them.")
	}
	b.ask(question{title: "Batch edit", text: q, details: details, answers: []answer{{does: "set it on all", run: b.run}}})
	return nil
}

// run sends the batch off the UI goroutine; progress comes back over a channel.
func (b *batchPane) run() tea.Cmd {
	if b.running.busy() {
		return nil
	}
	e, ts, archive := b.env, b.targets, b.archive
	ch := make(chan int, len(ts)/api.MaxBatchInputs+2)
	progress := api.OnProgress(func(done, _ int) {
		select {
		case ch <- done:
		default: // the next one will say more
		}
	})
	var prop, value string
	if b.field != nil {
		prop, value = b.field.Prop.Name, b.field.Kind.Value()
	}
	label := "Updating " + plural(len(ts), "contact")
	if archive {
		label = "Deleting " + plural(len(ts), "contact")
	}
	cmd := request(&b.paneBase, &b.running, label, func(ctx context.Context) ([]api.BatchResult, error) {
		defer close(ch)
		if archive {
			return e.hub.BatchArchiveContacts(ctx, ids(ts), progress)
		}
		return e.hub.BatchUpdateContacts(ctx, updates(ts, prop, value), progress)
	}, b.finished)
	b.progress, b.done = ch, 0
	return tea.Batch(cmd, b.listen())
}

func ids(ts []contact) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.id
	}
	return out
}

func updates(ts []contact, prop, value string) []api.BatchUpdate {
	out := make([]api.BatchUpdate, len(ts))
	for i, t := range ts {
		out[i] = api.BatchUpdate{ID: t.id, Properties: map[string]string{prop: value}}
	}
	return out
}

// listen waits for the next progress report.
func (b *batchPane) listen() tea.Cmd {
	ch, id := b.progress, b.id
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		done, ok := <-ch
		if !ok {
			return nil
		}
		return paneMsg{pane: id, then: func() tea.Cmd {
			if !b.running.busy() {
				return nil // the result came first
			}
			b.done = done
			return b.listen()
		}}
	}
}

// finished turns the answer into one outcome per contact and tells the other panes.
func (b *batchPane) finished(rs []api.BatchResult, err error) tea.Cmd {
	b.progress = nil
	b.results = b.outcomes(rs, err)
	var ok []string
	for _, o := range b.results {
		if !o.failed && o.reason == "" {
			ok = append(ok, o.t.id)
		}
	}
	b.done = len(b.targets)
	changed := changedMsg{updated: ok}
	if b.archive {
		changed = changedMsg{deleted: ok}
	}
	return tea.Batch(func() tea.Msg { return changed }, notice(b.summary()))
}

// outcomes maps the results (in input order) to the contacts; a contact without a result got
// the whole batch's error.
func (b *batchPane) outcomes(rs []api.BatchResult, err error) []outcome {
	var bad, odd, good []outcome
	for i, t := range b.targets {
		o := outcome{t: t}
		switch {
		case i >= len(rs) || rs[i].Err == nil && rs[i].Object == nil && !b.archive:
			o.failed, o.reason = true, reasonOf(err)
		case rs[i].Err != nil:
			o.failed, o.reason = true, reasonOf(rs[i].Err)
		case !b.archive:
			o.reason = b.notApplied(rs[i].Object)
		}
		switch {
		case o.failed:
			bad = append(bad, o)
		case o.reason != "":
			odd = append(odd, o)
		default:
			good = append(good, o)
		}
	}
	return append(append(bad, odd...), good...)
}

// notApplied says what HubSpot kept when it did not take the value, else "".
func (b *batchPane) notApplied(o *api.Object) string {
	p, sent := b.field.Prop, b.field.Kind.Value()
	got := o.Properties[p.Name]
	if value.Same(p, sent, got) {
		return ""
	}
	kept := b.defs.value(p.Name, got)
	if kept == "" {
		kept = "no value"
	}
	if p.Name == "lifecyclestage" {
		return "HubSpot kept " + kept + ": a lifecycle stage only moves forward (edit the contact for the two-step)"
	}
	return "HubSpot kept " + kept
}

// reasonOf is HubSpot's reason for a failure: its words on each property when it gave them.
func reasonOf(err error) string {
	if err == nil {
		return "HubSpot said nothing about this contact"
	}
	if errs, ok := api.IsValidation(err); ok && len(errs) > 0 {
		parts := make([]string, 0, len(errs))
		for _, pe := range errs {
			parts = append(parts, pe.Message)
		}
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

func (b *batchPane) counts() (ok, notApplied, failed int) {
	for _, o := range b.results {
		switch {
		case o.failed:
			failed++
		case o.reason != "":
			notApplied++
		default:
			ok++
		}
	}
	return ok, notApplied, failed
}

// summary is the result in one line.
func (b *batchPane) summary() string {
	ok, odd, failed := b.counts()
	verb := "Updated"
	if b.archive {
		verb = "Deleted (in the recycle bin for 90 days)"
	}
	s := verb + ": " + itoa(ok) + " of " + itoa(len(b.targets))
	if odd > 0 {
		s += " · not applied: " + itoa(odd)
	}
	if failed > 0 {
		s += " · failed: " + itoa(failed)
	}
	return s
}

func (b *batchPane) View() string {
	t := b.env.theme
	switch {
	case b.running.busy():
		return t.Header.Render(b.Title()) + "\n\n" + b.progressLine()
	case b.results != nil:
		return b.resultsView()
	case b.defs == nil:
		return t.Dim.Render("  Loading properties…")
	}
	return b.setupView()
}

func (b *batchPane) progressLine() string {
	verb := "Updating"
	if b.archive {
		verb = "Deleting"
	}
	return "  " + verb + "… " + itoa(b.done) + " of " + plural(len(b.targets), "contact") + " done"
}

func (b *batchPane) setupView() string {
	t := b.env.theme
	lines := []string{t.Header.Render("Set a property on " + plural(len(b.targets), "marked contact")), ""}
	if b.banner != "" {
		lines = append(lines, t.Error.Render(sanitize.Display(b.banner)), "")
	}
	prop := t.Dim.Render("none · enter to choose")
	value := t.Dim.Render("—")
	if b.field != nil {
		prop = b.defs.label(b.field.Prop.Name) + t.Dim.Render("  · enter to change")
		value = b.field.Kind.View(max(8, b.width-formLabel-4), b.row == 1, t.fieldStyles())
		if p := b.field.Problem(); p != "" {
			value += "\n" + spaces(formLabel+2) + t.Error.Render(field.ErrGlyph(t.fieldStyles())+sanitize.Display(p))
		}
		if n := b.field.Note(); n != "" {
			value += "\n" + spaces(formLabel+2) + t.Wait.Render("! "+sanitize.Display(n))
		}
	}
	lines = append(lines, b.gutter(0)+t.Label.Render(pad("Property", formLabel))+prop)
	lines = append(lines, b.gutter(1)+t.Label.Render(pad("Value", formLabel))+value)
	return strings.Join(append(lines, "", t.Dim.Render("  Applies to: "+sanitize.Display(someNames(b.targets)))), "\n")
}

func (b *batchPane) gutter(row int) string {
	if row == b.row {
		return b.env.theme.CursorGlyph
	}
	return b.env.theme.NoCursor
}

// resultsView is the summary, then each contact: failures first (with HubSpot's reason in
// full, wrapped), then values HubSpot did not apply, then the rest. It scrolls by line.
func (b *batchPane) resultsView() string {
	t := b.env.theme
	head := []string{t.Header.Render(b.what()), b.summary(), ""}
	var body []string
	for _, o := range b.results {
		body = append(body, b.outcomeLines(o)...)
	}
	room := max(1, b.height-len(head))
	b.offset = max(0, min(b.offset, len(body)-room))
	return strings.Join(append(head, body[b.offset:min(len(body), b.offset+room)]...), "\n")
}

// what says what the batch did, for the results' heading.
func (b *batchPane) what() string {
	if b.archive || b.field == nil {
		return b.Title()
	}
	p := b.field.Prop.Name
	value := b.defs.value(p, b.field.Kind.Value())
	if value == "" {
		return "Clear " + b.defs.label(p) + " on " + plural(len(b.targets), "contact")
	}
	return "Set " + b.defs.label(p) + " to " + value + " on " + plural(len(b.targets), "contact")
}

// outcomeLines is one contact: a mark and its name, then why, wrapped under it.
func (b *batchPane) outcomeLines(o outcome) []string {
	t := b.env.theme
	who := sanitize.Display(o.t.who())
	if !o.failed && o.reason == "" {
		return []string{ansi.Truncate("  "+okGlyph(t)+who, b.width, "…")}
	}
	style, mark := t.Wait, "! "
	if o.failed {
		style, mark = t.Error, field.ErrGlyph(t.fieldStyles())
	}
	text := ansi.Wrap(who+" — "+sanitize.Display(o.reason), max(20, b.width-4), " ")
	lines := strings.Split(text, "\n")
	out := []string{"  " + style.Render(mark+lines[0])}
	for _, l := range lines[1:] {
		out = append(out, "    "+l)
	}
	return out
}

func okGlyph(t *Theme) string {
	if t.Mono {
		return "+ "
	}
	return "✓ "
}

// Info is the progress or the counts.
func (b *batchPane) Info() string {
	if b.running.busy() {
		return itoa(b.done) + " of " + itoa(len(b.targets))
	}
	return plural(len(b.targets), "contact")
}
