package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Key is one action's binding. Name is how the config refers to it. A Write action is refused
// in read-only mode; Off, when set, is the reason the action is refused: the key stays bound so
// pressing it explains why, and help shows it marked.
type Key struct {
	key.Binding
	Name  string
	Write bool
	Off   string
}

// Matches reports whether msg presses this key.
func (k Key) Matches(msg tea.KeyMsg) bool { return key.Matches(msg, k.Binding) }

// help returns the binding as help shows it: with "(off)" after a refused action.
func (k Key) help() key.Binding {
	if k.Off == "" {
		return k.Binding
	}
	b := k.Binding
	h := b.Help()
	b.SetHelp(h.Key, h.Desc+" (off)")
	return b
}

// as is the key with another description, for help where it does something more specific
// ("enter: whole value").
func (k Key) as(desc string) Key {
	k.SetHelp(k.Help().Key, desc)
	return k
}

// bindings turns keys into what help.KeyMap wants.
func bindings(keys ...Key) []key.Binding {
	out := make([]key.Binding, len(keys))
	for i, k := range keys {
		out[i] = k.help()
	}
	return out
}

// KeyMap holds every action's key. Panes read the fields they use; help is built from the same
// values, so what help shows is what works.
type KeyMap struct {
	// Everywhere.
	Help, Quit, Back, Suspend Key
	// Moving in lists and views.
	Up, Down, Top, Bottom, PageDown, PageUp, Open Key
	// Contacts.
	Find, Mark, Sort, Reverse, Refresh, Copy, Browser Key
	// The detail.
	History, ToggleEmpty, NextPane, PrevPane Key
	// The actions of the editing and relationship panes.
	Edit, New, Delete, Associations, Emails, Activities Key
	// The edit form.
	Save, NextField, PrevField, AddField, OpenExisting Key
	// Inside the associations, secondary emails and activities panes.
	Add, Remove, MakePrimary, Pin Key
	// Bulk work: paste many emails, import a CSV file, export contacts; look up what was pasted.
	PasteMany, Import, Export, Lookup Key
}

func bind(name, help string, keys ...string) Key {
	return Key{Name: name, Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), help))}
}

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

// DefaultKeyMap is the keys as issue-documented defaults (see README "Using it").
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Help: bind("help", "help", "?"), Quit: bind("quit", "quit", "q", "ctrl+c"),
		Back: bind("back", "back", "esc"), Suspend: bind("suspend", "suspend", "ctrl+z"),
		Up: bind("up", "up", "k", "up"), Down: bind("down", "down", "j", "down"),
		Top: bind("top", "top", "g", "home"), Bottom: bind("bottom", "bottom", "G", "end"),
		PageDown: bind("page_down", "page down", "ctrl+d", "pgdown"),
		PageUp:   bind("page_up", "page up", "ctrl+u", "pgup"),
		Open:     bind("open", "open", "enter"),
		Find:     bind("find", "find", "/"), Mark: bind("mark", "mark", " "),
		Sort: bind("sort", "sort by next column", "s"), Reverse: bind("reverse", "reverse sort", "S"),
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
		Add:          write(bind("add", "add", "n", "+")),
		Remove:       write(bind("remove", "remove", "d", "x")),
		MakePrimary:  write(bind("make_primary", "make primary", "s")),
		Pin:          write(bind("pin", "pin/unpin", "P")),
		PasteMany:    bind("paste_many", "many emails", ":"),
		Import:       bind("import", "import CSV", "i"),
		Export:       bind("export", "export", "x", "ctrl+x"),
		Lookup:       bind("lookup", "look them up", "ctrl+s"),
	}
}

// all lists every key with its address, for overrides and checks.
func (km *KeyMap) all() []*Key {
	return []*Key{
		&km.Help, &km.Quit, &km.Back, &km.Suspend,
		&km.Up, &km.Down, &km.Top, &km.Bottom, &km.PageDown, &km.PageUp, &km.Open,
		&km.Find, &km.Mark, &km.Sort, &km.Reverse, &km.Refresh, &km.Copy, &km.Browser,
		&km.History, &km.ToggleEmpty, &km.NextPane, &km.PrevPane,
		&km.Edit, &km.New, &km.Delete, &km.Associations, &km.Emails, &km.Activities,
		&km.Save, &km.NextField, &km.PrevField, &km.AddField, &km.OpenExisting,
		&km.Add, &km.Remove, &km.MakePrimary, &km.Pin,
		&km.PasteMany, &km.Import, &km.Export, &km.Lookup,
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
