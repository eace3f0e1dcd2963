package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
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
	targets  []target
	defs     *defs
	field    *field // update: the property and the value to set
	row      int    // setup: 0 the property, 1 the value
	loading  int64
	running  int64
	progress chan batchProgressMsg
	done     int
	results  []outcome // after the run, failures first
	offset   int
	banner   string
	awaiting bool         // the property picker is open: keys wait for its answer
	early    []tea.KeyMsg // keys typed while it closed, replayed when the answer comes
}

// outcome is what happened to one contact.
type outcome struct {
	t      target
	failed bool
	reason string // why it failed, or what HubSpot did instead (raw)
}

// batchProgressMsg is how many contacts are settled so far.
type batchProgressMsg struct{ pane, done int }

func (m batchProgressMsg) target() int { return m.pane }

// batchRunMsg starts the run once the user confirmed it.
type batchRunMsg struct{ pane int }

func (m batchRunMsg) target() int { return m.pane }

func newBatchEdit(e *env, targets []target) *batchPane {
	return &batchPane{paneBase: newPaneBase(e), targets: targets}
}

func newBatchArchive(e *env, targets []target) *batchPane {
	return &batchPane{paneBase: newPaneBase(e), archive: true, targets: targets}
}

// batchDelete is the question before the marked contacts go to the recycle bin.
func batchDelete(e *env, targets []target) Confirm {
	return Confirm{
		Title:    "Delete marked contacts",
		Question: "Delete " + plural(len(targets), "marked contact") + ": " + someNames(targets) + "?",
		Details:  []string{"They go to HubSpot's recycle bin, where they can be restored for 90 days."},
		Yes:      "delete " + plural(len(targets), "contact"),
		OnYes:    open(newBatchArchive(e, targets)),
	}
}

// someNames names the first few contacts and counts the rest.
func someNames(ts []target) string {
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
	req, cmd := request(e, b.ID(), "Loading properties", func(ctx context.Context) (*defs, error) { return loadDefs(ctx, e) })
	b.loading = req
	return cmd
}

func (b *batchPane) Title() string {
	if b.archive {
		return "Delete " + plural(len(b.targets), "contact")
	}
	return "Edit " + plural(len(b.targets), "contact")
}

// Capturing: until the results show, the pane takes every key (the value is typed; a running
// batch cannot be left halfway).
func (b *batchPane) Capturing() bool { return b.results == nil }

// Unsaved: a value typed but not sent, or a batch still running.
func (b *batchPane) Unsaved() bool {
	return b.running != 0 || b.results == nil && b.field != nil && b.field.dirty()
}

func (b *batchPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return b, b.key(msg)
	case resultMsg:
		return b, b.answered(msg)
	case pickedMsg:
		b.awaiting = false
		if !msg.cancelled {
			b.choose(msg.item.id)
		}
		return b, b.replay()
	case batchRunMsg:
		return b, b.run()
	case batchProgressMsg:
		if b.running == 0 {
			return b, nil // the result came first
		}
		b.done = msg.done
		return b, b.listen()
	}
	return b, nil
}

func (b *batchPane) answered(msg resultMsg) tea.Cmd {
	switch {
	case msg.req == b.loading && msg.err != nil:
		b.pop()
	case msg.req == b.loading:
		b.loading, b.defs = 0, msg.value.(*defs)
		b.chooseProperty()
	case msg.req == b.running:
		return b.finished(msg)
	}
	return nil
}

// chooseProperty offers the properties one value can sensibly be set on for every contact.
func (b *batchPane) chooseProperty() {
	var items []pickItem
	for _, p := range b.defs.list {
		if !p.Hidden && !p.ReadOnly && !p.Calculated && !p.Unique && p.Name != "email" && p.Name != "hs_additional_emails" {
			items = append(items, pickItem{id: p.Name, label: p.Label, detail: p.Name + " · " + p.Type})
		}
	}
	b.awaiting = true
	b.push(newLocalPicker(b.env, b.ID(), pickField, "Property to set on "+plural(len(b.targets), "contact"), items))
}

func (b *batchPane) choose(name string) {
	if p := b.defs.prop(name); p != nil {
		b.field, b.row, b.banner = newField(p, "", b.defs), 1, ""
	}
}

// replay types the keys that came while the picker's answer was on its way.
func (b *batchPane) replay() tea.Cmd {
	keys := b.early
	b.early = nil
	cmds := make([]tea.Cmd, len(keys))
	for i, k := range keys {
		cmds[i] = b.key(k)
	}
	return tea.Batch(cmds...)
}

func (b *batchPane) key(k tea.KeyMsg) tea.Cmd {
	if b.awaiting {
		b.early = append(b.early, k)
		return nil
	}
	switch {
	case b.running != 0:
		return notice("The batch is running; it cannot be stopped halfway. Its results show when it ends.")
	case b.results != nil:
		return b.scrollKey(k)
	case b.defs == nil:
		if b.env.keys.Back.Matches(k) {
			b.pop()
		}
		return nil
	}
	km := b.env.keys
	switch {
	case km.Back.Matches(k):
		if b.Unsaved() {
			return confirmCmd("Discard this batch edit?", back)
		}
		b.pop()
	case km.Save.Matches(k):
		return b.confirm()
	case k.Type == tea.KeyEnter && b.row == 0:
		b.chooseProperty()
	case b.row == 1 && b.field != nil && b.field.key(k):
		return nil
	case km.NextField.Matches(k), km.PrevField.Matches(k), k.Type == tea.KeyEnter:
		b.row = 1 - b.row
		if b.field != nil {
			b.field.check()
		}
	}
	return nil
}

// confirm checks the value and asks before anything is sent.
func (b *batchPane) confirm() tea.Cmd {
	if off := b.env.keys.Save.Off; off != "" {
		return notice(off)
	}
	if b.field == nil {
		b.banner = "Choose a property first (enter)."
		return nil
	}
	if b.field.check(); b.field.local != "" {
		b.row, b.banner = 1, b.field.local
		return nil
	}
	label := b.defs.label(b.field.prop.Name)
	value := b.defs.value(b.field.prop.Name, b.field.kind.Value())
	q := "Set " + label + " to " + value + " on " + plural(len(b.targets), "contact") + "?"
	details := []string{"HubSpot gets them in requests of up to 100; the results name every contact that fails."}
	if value == "" {
		q = "Clear " + label + " on " + plural(len(b.targets), "contact") + "?"
	}
	if b.field.prop.Name == "lifecyclestage" {
		details = append(details, "HubSpot ignores a backward stage move: contacts at a later stage keep theirs, and the results list them.")
	}
	id := b.ID()
	b.ask(Confirm{Title: "Batch edit", Question: q, Details: details, Yes: "set it on all",
		OnYes: func() tea.Msg { return batchRunMsg{pane: id} }})
	return nil
}

// run sends the batch off the UI goroutine; progress comes back over a channel.
func (b *batchPane) run() tea.Cmd {
	e, ts, archive := b.env, b.targets, b.archive
	ch := make(chan batchProgressMsg, len(ts)/api.MaxBatchInputs+2)
	id := b.ID()
	progress := api.OnProgress(func(done, _ int) {
		select {
		case ch <- batchProgressMsg{pane: id, done: done}:
		default: // the next one will say more
		}
	})
	var prop, value string
	if b.field != nil {
		prop, value = b.field.prop.Name, b.field.kind.Value()
	}
	label := "Updating " + plural(len(ts), "contact")
	if archive {
		label = "Deleting " + plural(len(ts), "contact")
	}
	req, cmd := request(e, id, label, func(ctx context.Context) ([]api.BatchResult, error) {
		defer close(ch)
		if archive {
			return e.hub.BatchArchiveContacts(ctx, ids(ts), progress)
		}
		return e.hub.BatchUpdateContacts(ctx, updates(ts, prop, value), progress)
	})
	b.running, b.progress, b.done = req, ch, 0
	return tea.Batch(cmd, b.listen())
}

func ids(ts []target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.id
	}
	return out
}

func updates(ts []target, prop, value string) []api.BatchUpdate {
	out := make([]api.BatchUpdate, len(ts))
	for i, t := range ts {
		out[i] = api.BatchUpdate{ID: t.id, Properties: map[string]string{prop: value}}
	}
	return out
}

// listen waits for the next progress report.
func (b *batchPane) listen() tea.Cmd {
	ch := b.progress
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		return m
	}
}

// finished turns the answer into one outcome per contact and tells the other panes.
func (b *batchPane) finished(msg resultMsg) tea.Cmd {
	b.running, b.progress = 0, nil
	rs, _ := msg.value.([]api.BatchResult)
	b.results = b.outcomes(rs, msg.err)
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
	p, sent := b.field.prop, b.field.kind.Value()
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

func (b *batchPane) scrollKey(k tea.KeyMsg) tea.Cmd {
	km := b.env.keys
	switch {
	case km.Down.Matches(k):
		b.offset++
	case km.Up.Matches(k):
		b.offset = max(0, b.offset-1)
	case km.PageDown.Matches(k):
		b.offset += max(1, b.height/2)
	case km.PageUp.Matches(k):
		b.offset = max(0, b.offset-max(1, b.height/2))
	case km.Top.Matches(k):
		b.offset = 0
	case km.Bottom.Matches(k):
		b.offset = 1 << 30 // the view clamps it
	}
	return nil
}

func (b *batchPane) View() string {
	t := b.env.theme
	switch {
	case b.running != 0:
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
		prop = b.defs.label(b.field.prop.Name) + t.Dim.Render("  · enter to change")
		value = b.field.kind.View(max(8, b.width-formLabel-4), b.row == 1, t)
		if p := b.field.problem(); p != "" {
			value += "\n" + spaces(formLabel+2) + t.Error.Render(errGlyph(t)+sanitize.Display(p))
		}
		if n := b.field.note(); n != "" {
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
	p := b.field.prop.Name
	value := b.defs.value(p, b.field.kind.Value())
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
		style, mark = t.Error, errGlyph(t)
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
	if b.running != 0 {
		return itoa(b.done) + " of " + itoa(len(b.targets))
	}
	return plural(len(b.targets), "contact")
}

func (b *batchPane) ShortHelp() []key.Binding {
	km := b.env.keys
	if b.results != nil {
		return bindings(km.Down, km.Up, km.Back)
	}
	return append(bindings(km.NextField, km.Save), cancelBinding(km))
}

func (b *batchPane) FullHelp() [][]key.Binding { return [][]key.Binding{b.ShortHelp()} }
