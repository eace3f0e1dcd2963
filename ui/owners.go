package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/field"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Owners by name. HubSpot stores an owner as an id (hubspot_owner_id); the portal's owners
// (read once per session by the API layer) become that property's options, labelled with the
// owner's name, so every screen that shows a value by its option's label shows the name: the
// list's column, the detail, the activities, the forms, batch edit and the review. In a form
// the owner is chosen in a picker, by part of the name or the email.

// ownerProperty is the property holding an owner's id, on every object type.
const ownerProperty = api.OwnerProperty

// withOwners gives the owner property the portal's owners as options: an active owner by name
// (a queue says so), a deactivated one hidden (shown only where a record still holds it) and
// marked. Without owners (the token may lack crm.objects.owners.read) ids show as they are.
func (d *defs) withOwners(owners []api.Owner) *defs {
	p := d.prop(ownerProperty)
	if p == nil || len(owners) == 0 {
		return d
	}
	d.owners = owners
	p.Options = api.OwnerOptions(owners)
	return d
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

// ownerChoices are the owners one can assign, for the owner field's picker: every active one,
// by name, with the email to match.
func (d *defs) ownerChoices(p *api.Property) (string, []field.Choice, bool) {
	if p.Name != ownerProperty || len(d.owners) == 0 {
		return "", nil, false
	}
	choices := make([]field.Choice, 0, len(d.owners))
	for _, o := range d.owners {
		if !o.Archived {
			choices = append(choices, field.Choice{ID: o.ID, Label: o.Label(), Detail: o.Email})
		}
	}
	return "Choose the owner (" + sanitize.Display(p.Label) + ")", choices, true
}

// choosing reports a key that opens fl's picker, and the text to start it with: enter, or
// text typed into a field whose value is chosen.
func choosing(fl *field.Field, km *KeyMap, k tea.KeyMsg) (field.Chooser, string, bool) {
	ch, ok := fl.Kind.(field.Chooser)
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
func choosePicker(e *env, owner int, fl *field.Field, ch field.Chooser, seed string, done func() tea.Cmd) *pickerPane {
	title, choices := ch.Choices()
	items := make([]pickItem, len(choices))
	for i, c := range choices {
		items[i] = pickItem{id: c.ID, label: c.Label, detail: c.Detail}
	}
	p := newLocalPicker(e, owner, title, items, func(it pickItem, ok bool) tea.Cmd {
		if ok {
			ch.Choose(it.id)
			fl.Check()
		}
		return done()
	})
	return p.seed(seed)
}

// ownerName is how an owner id shows where no definitions are at hand (the activities): the
// name, else the id.
func ownerName(owners map[string]api.Owner, id string) string {
	if o, ok := owners[id]; ok {
		return sanitize.Display(o.Label())
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
