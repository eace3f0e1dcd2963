package ui

import (
	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// contact is a contact as the panes name it, every text sanitized: the row of a contact table
// carries one, a write is about one, a relation pane shows one's relations.
type contact struct {
	id    string
	name  string // as the header shows it
	email string // the primary email
	// What find matches besides the name and email: the company, the secondary emails.
	company   string
	secondary []string
}

// contactOf is the contact a HubSpot object is.
func contactOf(o *api.Object) contact {
	c := contact{id: o.ID, name: displayName(o), email: sanitize.Display(o.Properties["email"]),
		company: sanitize.Display(o.Properties["company"])}
	for _, s := range splitAddresses(o.Properties["hs_additional_emails"]) {
		c.secondary = append(c.secondary, sanitize.Display(s))
	}
	return c
}

// who names a contact for a question: "Ada Lovelace (ada@example.com)".
func (c contact) who() string {
	if c.email == "" || c.email == c.name {
		return c.name
	}
	return c.name + " (" + c.email + ")"
}

// The tables of contacts (the list, find, paste's results) carry each row's contact; the other
// panes' tables carry nothing but their cells.
type (
	row          = table.Row[contact]
	contactTable = table.Table[contact]
	plainRow     = table.Row[none]
	plainTable   = table.Table[none]
	none         = struct{}
)

// newTable is a table drawn in the theme.
func newTable[T any](t *Theme, cols []table.Column) *table.Table[T] {
	return table.New[T](table.Styles{
		CursorGlyph: t.CursorGlyph, NoCursor: t.NoCursor, MarkGlyph: t.MarkGlyph, NoMark: t.NoMark,
		Header: t.TableHeader, Selected: t.Selected, Match: t.Match, Dim: t.Dim,
	}, cols)
}

// newPlainRow is a row of a plain table.
func newPlainRow(id string, cells []string) plainRow { return table.NewRow(id, cells, none{}) }

// cursorTable is what moving and the mouse need of a table, whatever its rows carry.
type cursorTable interface {
	Move(delta int)
	Top()
	Bottom()
	Page(dir int)
	Scroll(delta int)
	Click(y int) (again, ok bool)
}

// pad fills s with spaces to width w.
func pad(s string, w int) string { return table.Pad(s, w) }
