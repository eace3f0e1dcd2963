package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Owners by name. HubSpot stores an owner as an id (hubspot_owner_id); the portal's owners
// (read once per session by the API layer) become that property's options, labelled with the
// owner's name, so every screen that shows a value by its option's label shows the name: the
// list's column, the detail, the activities, the forms, batch edit and the review. In a form
// the owner is chosen in a picker, by part of the name or the email.

// ownerProperty is the property holding an owner's id, on every object type.
const ownerProperty = "hubspot_owner_id"

// withOwners gives the owner property the portal's owners as options: an active owner by name
// (a queue says so), a deactivated one hidden (shown only where a record still holds it) and
// marked. Without owners (the token may lack crm.objects.owners.read) ids show as they are.
func (d *defs) withOwners(owners []api.Owner) *defs {
	p := d.prop(ownerProperty)
	if p == nil || len(owners) == 0 {
		return d
	}
	d.owners = owners
	p.Options = ownerOptions(owners)
	return d
}

// ownerOptions are owners as a property's options, in HubSpot's order.
func ownerOptions(owners []api.Owner) []api.Option {
	opts := make([]api.Option, len(owners))
	for i, o := range owners {
		opts[i] = api.Option{Value: o.ID, Label: ownerLabel(o), DisplayOrder: i, Hidden: o.Archived}
	}
	return opts
}

// ownerLabel is an owner's name as the app shows it (raw; sanitized when drawn).
func ownerLabel(o api.Owner) string {
	switch {
	case o.Archived:
		return o.Name() + " (deactivated)"
	case o.Type == "QUEUE":
		return o.Name() + " (queue)"
	}
	return o.Name()
}

// withOwnersOf reads the owners for d; a failure leaves ids on screen (logged, not fatal: the
// token may lack the owners scope).
func withOwnersOf(ctx context.Context, e *env, d *defs) *defs {
	owners, err := e.hub.Owners(ctx)
	if err != nil {
		e.debug("owners not loaded; owner ids show as they are", "err", err)
		return d
	}
	return d.withOwners(owners)
}

// ownerKind is the owner field: the owner's name, chosen in a picker (enter, or typing part of
// a name or an email, opens it); backspace clears.
type ownerKind struct {
	prop   *api.Property
	owners []api.Owner
	raw    string
}

func (k *ownerKind) Value() string  { return k.raw }
func (k *ownerKind) Set(raw string) { k.raw = raw }
func (k *ownerKind) Editable() bool { return true }

func (k *ownerKind) Key(m tea.KeyMsg) bool {
	switch m.String() {
	case "backspace", "delete", "ctrl+u":
		k.raw = ""
		return true
	}
	return false
}

func (k *ownerKind) View(width int, focused bool, t *Theme) string {
	label := "—"
	if k.raw != "" {
		label = sanitize.Display(value.For(k.prop, nil).Show(k.raw))
	}
	if !focused {
		return ansi.Truncate(label, width, "…")
	}
	return ansi.Truncate(t.Selected.Render(label)+t.Dim.Render("  type a name or email, or enter, to choose"), width, "…")
}

// choices are the owners one can assign: every active one, by name, with the email to match.
func (k *ownerKind) choices() (string, []pickItem) {
	items := make([]pickItem, 0, len(k.owners))
	for _, o := range k.owners {
		if !o.Archived {
			items = append(items, pickItem{id: o.ID, label: ownerLabel(o), detail: o.Email})
		}
	}
	return "Choose the owner (" + sanitize.Display(k.prop.Label) + ")", items
}

func (k *ownerKind) choose(id string) { k.raw = id }

// chooser is a field kind whose value is picked from a list (the owner).
type chooser interface {
	choices() (title string, items []pickItem)
	choose(id string)
}

// choosing reports a key that opens fl's picker, and the text to start it with: enter, or
// text typed into a chooser field.
func choosing(fl *field, km *KeyMap, k tea.KeyMsg) (chooser, string, bool) {
	ch, ok := fl.kind.(chooser)
	switch {
	case !ok:
		return nil, "", false
	case k.Type == tea.KeyRunes && !k.Alt:
		return ch, strings.TrimSpace(string(typed(k).Runes)), true
	case km.Submit.Matches(k):
		return ch, "", true
	}
	return nil, "", false
}

// choosePicker is the picker of a chooser field, opened in the pane owner; the pick is set in
// the field, then done runs in owner.
func choosePicker(e *env, owner int, fl *field, ch chooser, seed string, done func() tea.Cmd) *pickerPane {
	title, items := ch.choices()
	p := newLocalPicker(e, owner, title, items, func(it pickItem, ok bool) tea.Cmd {
		if ok {
			ch.choose(it.id)
			fl.check()
		}
		return done()
	})
	return p.seed(seed)
}

// ownerName is how an owner id shows where no definitions are at hand (the activities): the
// name, else the id.
func ownerName(owners map[string]api.Owner, id string) string {
	if o, ok := owners[id]; ok {
		return sanitize.Display(ownerLabel(o))
	}
	return sanitize.Display(id)
}

// ownersByID indexes owners.
func ownersByID(owners []api.Owner) map[string]api.Owner {
	m := make(map[string]api.Owner, len(owners))
	for _, o := range owners {
		m[o.ID] = o
	}
	return m
}
