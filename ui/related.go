package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The panes about one contact's relations: associations, secondary emails and activities. They
// sit above the contact's detail; tab and shift+tab cycle detail → associations → secondary
// emails → activities, and a, m and p jump to one. esc returns to the detail.

// relation names the panes of the tab cycle, in its order.
type relation int

const (
	relDetail relation = iota
	relAssociations
	relEmails
	relActivities
	relCount
)

// reloadMsg asks a pane (by id, wherever it is on the stack) to load its data again.
type reloadMsg struct{ pane int }

func (m reloadMsg) target() int { return m.pane }

func reload(pane int) tea.Cmd { return func() tea.Msg { return reloadMsg{pane} } }

// relationPane builds the pane of a relation for c.
func relationPane(e *env, c contact, r relation) Pane {
	switch r {
	case relAssociations:
		return newAssocPane(e, c)
	case relEmails:
		return newEmailsPane(e, c)
	case relActivities:
		return newActivitiesPane(e, c)
	}
	return nil
}

// relationKeys are the keys that move between the relations from the relation pane p: tab
// and shift+tab cycle, a/m/p jump (the pane gives way to the one asked for; the detail is the
// pane below).
func relationKeys(p *paneBase, c contact, self relation) []binding {
	km := p.env.keys
	goTo := func(to relation) func() tea.Cmd {
		return func() tea.Cmd {
			p.pop()
			if to != relDetail {
				p.push(relationPane(p.env, c, to))
			}
			return nil
		}
	}
	out := []binding{
		{key: km.NextPane, run: goTo((self + 1) % relCount), group: "Go to"},
		{key: km.PrevPane, run: goTo((self + relCount - 1) % relCount), more: true},
	}
	for _, r := range []struct {
		rel relation
		key Key
	}{{relAssociations, km.Associations}, {relEmails, km.Emails}, {relActivities, km.Activities}} {
		if r.rel != self {
			out = append(out, binding{key: r.key, run: goTo(r.rel), more: true})
		}
	}
	return out
}

// shown is a relation pane's load continuation: the data shown, or why it failed kept in
// failure for the pane to say (r tries again).
func shown[T any](failure *string, show func(T)) func(T, error) tea.Cmd {
	return func(v T, err error) tea.Cmd {
		*failure = ""
		if err != nil {
			*failure = errorText("", err)
			return nil
		}
		show(v)
		return nil
	}
}

// typed is a key for a text box with what the sanitizer would remove taken out of its runes,
// so a paste cannot put escapes or invisible characters (a bidi override in an address) on
// screen or into a request.
func typed(k tea.KeyMsg) tea.KeyMsg {
	if k.Type == tea.KeyRunes {
		k.Runes = []rune(sanitize.Display(string(k.Runes)))
	}
	return k
}

// loadingText is what a relation pane shows before its first load: a wait, or why it failed.
func loadingText(e *env, width int, what, failure string) string {
	t := e.theme
	if failure == "" {
		return t.Dim.Render("  Loading " + what + "…")
	}
	text := ansi.Wrap("✗ Could not load "+what+": "+failure, max(20, width-2), " ")
	return t.Error.Render(text) + "\n" + t.Dim.Render(keyName(e.keys.Refresh)+" tries again.")
}

// mouseBelow is mouseTable for a table drawn top lines down the pane.
func mouseBelow(t cursorTable, m tea.MouseMsg, top int) bool {
	m.Y -= top
	return mouseTable(t, m)
}

// about is the contact a detail pane shows, for the relation panes opened from it.
func (d *detailPane) about() contact {
	o := d.data.contact
	return contact{id: o.ID, name: d.name, email: sanitize.Display(o.Properties["email"])}
}

// relatedMsg tells every pane that a contact's relations changed (an association, a secondary
// email, an activity): a detail showing it loads it again.
type relatedMsg struct{ contact string }

func (relatedMsg) broadcast() {}

func relatedChanged(id string) tea.Cmd { return func() tea.Msg { return relatedMsg{id} } }
