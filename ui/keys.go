package ui

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Key is one action's binding. Name is how the config refers to it. A Write action is refused
// in read-only mode; Off is then the reason: the key stays bound so pressing it explains why,
// and help shows it marked.
type Key struct {
	key.Binding
	Name  string
	Write bool
	Off   string
}

// Matches reports whether msg presses this key.
func (k Key) Matches(msg tea.KeyMsg) bool { return key.Matches(msg, k.Binding) }

// KeyMap holds every action's key, the answers to questions and the keys of text boxes
// included. Panes name the actions in their key tables (binding); help is built from the same
// tables, so what help shows is what works, and a rebinding in the config reaches every pane.
type KeyMap struct {
	// Everywhere.
	Help, Quit, Back, Suspend Key
	// Text boxes and questions: leave without acting, act on what was typed, yes, no.
	Cancel, Submit, Yes, No Key
	// Moving in lists and views.
	Up, Down, Top, Bottom, PageDown, PageUp, Open Key
	// Contacts.
	Find, Mark, MarkAll, UnmarkAll, Sort, Reverse, Refresh, Copy, Browser Key
	// The detail.
	History, ToggleEmpty, NextPane, PrevPane Key
	// The actions of the editing and relationship panes.
	Edit, New, Delete, Associations, Emails, Activities Key
	// The edit form and its review.
	Save, NextField, PrevField, AddField, OpenExisting, TwoStep Key
	// Inside the associations, secondary emails and activities panes.
	Add, Remove, MakePrimary, Pin Key
	// Activities: log one (from the detail and the activities), complete or reopen a task, the
	// user's open tasks (from the list).
	Log, TaskDone, MyTasks Key
	// Bulk work: paste many emails, import a CSV file, export contacts; look up what was pasted;
	// export every property.
	PasteMany, Import, Export, Lookup, AllProps Key
	// Views: choose a saved view, save what is shown as one, delete or rename one (in the views'
	// picker); complete a filter term in find.
	Views, SaveView, DeleteView, RenameView, Complete Key
	// Merging two contacts into one.
	Merge Key
}

func bind(name, help string, keys ...string) Key {
	return Key{Name: name, Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), help))}
}

// keyLabel names keys for help: the first two, arrows as arrows.
func keyLabel(keys []string) string {
	labels := map[string]string{"up": "↑", "down": "↓", " ": "space"}
	out := make([]string, 0, 2)
	for _, k := range keys[:min(2, len(keys))] {
		if l, ok := labels[k]; ok {
			k = l
		}
		out = append(out, k)
	}
	return strings.Join(out, "/")
}

func write(k Key) Key { k.Write = true; return k }

// DefaultKeyMap is the keys as the README documents them ("Using it").
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Help: bind("help", "help", "?", "f1"), Quit: bind("quit", "quit", "q", "ctrl+c"),
		Back: bind("back", "back", "esc"), Suspend: bind("suspend", "suspend", "ctrl+z"),
		Cancel: bind("cancel", "cancel", "esc"), Submit: bind("submit", "ok", "enter"),
		Yes: bind("yes", "yes", "y", "Y"), No: bind("no", "no", "n", "N"),
		Up: bind("up", "up", "k", "up", "ctrl+p"), Down: bind("down", "down", "j", "down", "ctrl+n"),
		Top: bind("top", "top", "g", "home"), Bottom: bind("bottom", "bottom", "G", "end"),
		PageDown: bind("page_down", "page down", "ctrl+d", "pgdown"),
		PageUp:   bind("page_up", "page up", "ctrl+u", "pgup"),
		Open:     bind("open", "open", "enter"),
		Find:     bind("find", "find", "/"), Mark: bind("mark", "mark", " "),
		MarkAll:   bind("mark_all", "mark all", "*", "ctrl+t"),
		UnmarkAll: bind("unmark_all", "unmark all", "u"),
		Sort:      bind("sort", "sort by next column", "s"), Reverse: bind("reverse", "reverse sort", "S"),
		Refresh: bind("refresh", "refresh", "r"), Copy: bind("copy", "copy…", "y"),
		Browser: bind("browser", "open in HubSpot", "o"),
		History: bind("history", "history", "h"), ToggleEmpty: bind("toggle_empty", "show empty", "."),
		NextPane: bind("next_pane", "next pane", "tab"), PrevPane: bind("prev_pane", "previous pane", "shift+tab"),
		Edit: write(bind("edit", "edit", "e")), New: write(bind("new", "new contact", "n")),
		Delete:       write(bind("delete", "delete", "d")),
		Associations: bind("associations", "associations", "a"),
		Emails:       bind("emails", "secondary emails", "m"),
		Activities:   bind("activities", "activities", "p"),
		Save:         write(bind("save", "review and save", "ctrl+s")),
		NextField:    bind("next_field", "next field", "tab", "down"),
		PrevField:    bind("prev_field", "previous field", "shift+tab", "up"),
		AddField:     bind("add_field", "add a field", "ctrl+n"),
		OpenExisting: bind("open_existing", "open the existing contact", "ctrl+o"),
		TwoStep:      bind("two_step", "two-step (clear, then set)", "t"),
		Add:          write(bind("add", "add", "n", "+")),
		Remove:       write(bind("remove", "remove", "d", "x")),
		MakePrimary:  write(bind("make_primary", "make primary", "s")),
		Pin:          write(bind("pin", "pin/unpin", "P")),
		Log:          write(bind("log", "log an activity…", "L")),
		TaskDone:     write(bind("task_done", "complete/reopen task", "c")),
		MyTasks:      bind("my_tasks", "my tasks", "t"),
		PasteMany:    bind("paste_many", "many emails", ":"),
		Import:       bind("import", "import CSV", "i"),
		Export:       bind("export", "export", "x", "ctrl+x"),
		Lookup:       bind("lookup", "look them up", "ctrl+s"),
		AllProps:     bind("all_properties", "all properties", "ctrl+t"),
		Views:        bind("views", "views", "v"),
		SaveView:     bind("save_view", "save as a view", "ctrl+s"),
		DeleteView:   bind("delete_view", "delete the view", "ctrl+x"),
		RenameView:   bind("rename_view", "rename the view", "ctrl+r"),
		Complete:     bind("complete", "complete", "tab"),
		Merge:        write(bind("merge", "merge two contacts…", "M")),
	}
}

// all lists every key with its address, for overrides and checks.
func (km *KeyMap) all() []*Key {
	return []*Key{
		&km.Help, &km.Quit, &km.Back, &km.Suspend, &km.Cancel, &km.Submit, &km.Yes, &km.No,
		&km.Up, &km.Down, &km.Top, &km.Bottom, &km.PageDown, &km.PageUp, &km.Open,
		&km.Find, &km.Mark, &km.MarkAll, &km.UnmarkAll, &km.Sort, &km.Reverse, &km.Refresh, &km.Copy, &km.Browser,
		&km.History, &km.ToggleEmpty, &km.NextPane, &km.PrevPane,
		&km.Edit, &km.New, &km.Delete, &km.Associations, &km.Emails, &km.Activities,
		&km.Save, &km.NextField, &km.PrevField, &km.AddField, &km.OpenExisting, &km.TwoStep,
		&km.Add, &km.Remove, &km.MakePrimary, &km.Pin, &km.Log, &km.TaskDone, &km.MyTasks,
		&km.PasteMany, &km.Import, &km.Export, &km.Lookup, &km.AllProps,
		&km.Views, &km.SaveView, &km.DeleteView, &km.RenameView, &km.Complete, &km.Merge,
	}
}

// Override rebinds actions by name (the config's keys section: {"find": ["/", "ctrl+f"]}).
// An unknown name or an empty key list is an error naming it and the valid names.
func (km *KeyMap) Override(overrides map[string][]string) error {
	byName := make(map[string]*Key)
	for _, k := range km.all() {
		byName[k.Name] = k
	}
	for name, keys := range overrides {
		k, ok := byName[name]
		if !ok {
			return fmt.Errorf("keys: there is no action %q; the actions are %s", name, strings.Join(km.Names(), ", "))
		}
		if len(keys) == 0 {
			return fmt.Errorf("keys: %q has no keys; give at least one, e.g. [%q]", name, k.Keys()[0])
		}
		k.SetKeys(keys...)
		k.SetHelp(keyLabel(keys), k.Help().Desc)
	}
	return nil
}

// Names lists the action names a config may rebind, sorted.
func (km *KeyMap) Names() []string {
	var names []string
	for _, k := range km.all() {
		names = append(names, k.Name)
	}
	sort.Strings(names)
	return names
}

// ReadOnly refuses every write action with the reason.
func (km *KeyMap) ReadOnly() {
	for _, k := range km.all() {
		if k.Write {
			k.Off = "read-only mode: " + k.Help().Desc + " is off (start without --read-only to change contacts)"
		}
	}
}

// Offline refuses every write action with the reason: HubSpot cannot be reached, and the app
// shows the local index.
func (km *KeyMap) Offline() {
	for _, k := range km.all() {
		if k.Write {
			k.Off = "offline: " + k.Help().Desc + " is off until HubSpot can be reached (the app tries every " +
				offlineProbe.String() + ")"
		}
	}
}

// Online gives the write actions back after Offline (readOnly: refused as ReadOnly does).
func (km *KeyMap) Online(readOnly bool) {
	for _, k := range km.all() {
		if k.Write {
			k.Off = ""
		}
	}
	if readOnly {
		km.ReadOnly()
	}
}

// binding is one line of a pane's key table: an action of the key map, what it does in this
// pane, and when it is offered. A pane declares its whole table in keys(); the root runs it
// (runKey) and draws the footer and the help from it.
type binding struct {
	key  Key            // the action, from env.keys
	help string         // what it does here, when the action's own words would not say it
	run  func() tea.Cmd // what it does
	// on, when set, offers the binding only while it says so: otherwise it is not in help and
	// its key goes on as if unbound.
	on func() bool
	// group starts a column of the full help ("" continues the one before).
	group string
	// more keeps it out of the footer: the full help (?) lists it.
	more bool
	// afterBox: in a pane with a focused text box, the box gets the key first (enter in a
	// multi-line box is a new line; only otherwise does it move to the next field).
	afterBox bool
}

func (b binding) offered() bool { return b.on == nil || b.on() }

// view is the binding as help shows it: with the pane's words, "(off)" after a refused write,
// and, while a text box has the focus, only the keys that are not text.
func (b binding) view(typing bool) key.Binding {
	h := b.key.Help()
	desc := h.Desc
	if b.help != "" {
		desc = b.help
	}
	if b.key.Off != "" {
		desc += " (off)"
	}
	label := h.Key
	if typing {
		label = keyLabel(untyped(b.key.Keys()))
	}
	return key.NewBinding(key.WithKeys(b.key.Keys()...), key.WithHelp(label, desc))
}

// matches reports whether k presses the binding; while typing, text keys are the box's.
func (b binding) matches(k tea.KeyMsg, typing bool) bool {
	return b.key.Matches(k) && !(typing && textKey(k)) && b.offered()
}

// runKey runs the binding k presses, if any: a write refused in read-only mode says why instead.
// afterBox picks the bindings tried after the focused text box.
func runKey(table []binding, k tea.KeyMsg, typing, afterBox bool) (tea.Cmd, bool) {
	for _, b := range table {
		if b.afterBox != afterBox || !b.matches(k, typing) {
			continue
		}
		if b.key.Off != "" {
			return notice(b.key.Off), true
		}
		return b.run(), true
	}
	return nil, false
}

// textKey reports a key a focused text box takes: text (runes, space, a paste) and the keys it
// edits with. While a box has the focus these are its own, whatever the key map says.
func textKey(k tea.KeyMsg) bool {
	if k.Type == tea.KeyRunes || k.Type == tea.KeySpace || k.Paste {
		return true
	}
	return textKeyName(k.String())
}

// editingKeys are the keys the app's text boxes (bubbles' textinput and the form's editor)
// move and delete with.
var editingKeys = map[string]bool{
	"backspace": true, "delete": true, "left": true, "right": true, "home": true, "end": true,
	"ctrl+a": true, "ctrl+b": true, "ctrl+d": true, "ctrl+e": true, "ctrl+f": true, "ctrl+h": true,
	"ctrl+k": true, "ctrl+u": true, "ctrl+w": true, "ctrl+left": true, "ctrl+right": true,
	"alt+left": true, "alt+right": true, "alt+backspace": true, "alt+delete": true,
}

// textKeyName is textKey for a key's name ("a", "space", "ctrl+u").
func textKeyName(s string) bool {
	if s == " " || s == "space" || editingKeys[s] {
		return true
	}
	s = strings.TrimPrefix(s, "alt+")
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && n > 0 && unicode.IsPrint(r)
}

// untyped keeps the keys that are not text.
func untyped(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !textKeyName(k) {
			out = append(out, k)
		}
	}
	return out
}

// keyName is the first key of an action, to name it in a sentence ("press e").
func keyName(k Key) string {
	if ks := k.Keys(); len(ks) > 0 {
		return keyLabel(ks[:1])
	}
	return k.Help().Key
}

// moves are the bindings that move a table's cursor (then, when set, runs after each move:
// the list loads its next page as the cursor nears the end).
func moves(km *KeyMap, t cursorTable, then func() tea.Cmd) []binding {
	move := func(f func()) func() tea.Cmd {
		return func() tea.Cmd {
			f()
			if then != nil {
				return then()
			}
			return nil
		}
	}
	return []binding{
		{key: km.Up, run: move(func() { t.Move(-1) }), group: "Move", more: true},
		{key: km.Down, run: move(func() { t.Move(1) }), more: true},
		{key: km.Top, run: move(t.Top), more: true},
		{key: km.Bottom, run: move(t.Bottom), more: true},
		{key: km.PageDown, run: move(func() { t.Page(1) }), more: true},
		{key: km.PageUp, run: move(func() { t.Page(-1) }), more: true},
	}
}

// scrolls are the moving bindings of a view that scrolls by line (a value, an activity).
func scrolls(km *KeyMap, by func(lines int), page func() int, end func() int) []binding {
	return []binding{
		{key: km.Down, run: func() tea.Cmd { by(1); return nil }, group: "Move"},
		{key: km.Up, run: func() tea.Cmd { by(-1); return nil }},
		{key: km.PageDown, run: func() tea.Cmd { by(page()); return nil }},
		{key: km.PageUp, run: func() tea.Cmd { by(-page()); return nil }, more: true},
		{key: km.Top, run: func() tea.Cmd { by(-end()); return nil }, more: true},
		{key: km.Bottom, run: func() tea.Cmd { by(end()); return nil }, more: true},
	}
}

// onlyWhen offers bindings only while cond holds (and their own on, if any).
func onlyWhen(cond func() bool, bs []binding) []binding {
	for i := range bs {
		own := bs[i].on
		bs[i].on = func() bool { return cond() && (own == nil || own()) }
	}
	return bs
}

// boxKeyName is keyName for a key pressed while a text box has the focus: its first key that
// is not text ("" when it has none).
func boxKeyName(k Key) string {
	if ks := untyped(k.Keys()); len(ks) > 0 {
		return keyLabel(ks[:1])
	}
	return ""
}

// typeAhead keeps the keys typed while a pane cannot take them (it waits for its data or an
// answer) and hands them back to the root, to be pressed in order as if typed now: a question
// or a pane opened by one of them takes the keys after it, as it would have had they come later.
//
// Until the root has pressed them, keys that come are kept behind them (the replay is a message
// on its way, and a key read from the terminal meanwhile must not overtake it: the down arrows
// typed while a form loaded, then the text, land the text in the field they lead to).
type typeAhead struct {
	early     []tea.KeyMsg
	replaying bool
}

// typedAheadMsg asks the root to press the keys take returns, in order, in one go.
type typedAheadMsg struct{ take func() []tea.KeyMsg }

// keep keeps k when the pane cannot take it (waiting), or keys kept before it wait or are on
// their way back (a key never overtakes one kept before it); it reports whether it did.
func (a *typeAhead) keep(k tea.KeyMsg, waiting bool) bool {
	if waiting || a.replaying || len(a.early) > 0 {
		a.early = append(a.early, k)
		return true
	}
	return false
}

// replay hands the kept keys back to the root (nil when there are none).
func (a *typeAhead) replay() tea.Cmd {
	if len(a.early) == 0 {
		return nil
	}
	a.replaying = true
	return func() tea.Msg { return typedAheadMsg{take: a.take} }
}

// take returns every key kept by now and ends the replay; the root calls it as it presses them.
func (a *typeAhead) take() []tea.KeyMsg {
	keys := a.early
	a.early, a.replaying = nil, false
	return keys
}

// pressKey runs k through p's key table and text box, as the root does after the global keys:
// the table, then (while typing) the box, then the table's bindings after the box. It reports
// whether anything took k.
func pressKey(p Pane, k tea.KeyMsg) (tea.Cmd, bool) {
	typing, table := isTyping(p), p.keys()
	if cmd, ok := runKey(table, k, typing, false); ok {
		return cmd, true
	}
	if b, ok := p.(textBox); ok && typing {
		if cmd, took := b.typeKey(k); took {
			return cmd, true
		}
	}
	return runKey(table, k, typing, true)
}
