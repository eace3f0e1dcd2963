package ui

import "strings"

// Going back to a record already open (Revisited, pane.go): the panes that show one record say
// which, and the root, asked to open one again, returns to the one on the stack.

// showing: one record's contact list is opened once on the stack (Revisited); the whole list
// is the first pane.
func (l *listPane) showing() string {
	if l.record == nil {
		return ""
	}
	return "contacts of " + l.record.typ + "/" + l.record.id
}

// showing: a contact's detail is opened once on the stack (Revisited), by its id once loaded.
func (d *detailPane) showing() string {
	if d.data != nil {
		return "contact " + d.data.contact.ID
	}
	if isEmail := strings.Contains(d.ref, "@"); isEmail {
		return ""
	}
	return "contact " + d.ref
}

// showingAlready is the place on the stack (above the first pane) of a pane showing what p
// shows, 0 when none does (Revisited) or when going back to it would close a pane holding
// unsaved work.
func (m *App) showingAlready(p Pane) int {
	r, ok := p.(Revisited)
	if !ok || r.showing() == "" {
		return 0
	}
	for i := len(m.stack) - 1; i > 0; i-- {
		if g, ok := m.stack[i].(Guard); ok && g.Unsaved() {
			return 0
		}
		if o, ok := m.stack[i].(Revisited); ok && o.showing() == r.showing() {
			return i
		}
	}
	return 0
}

// showing: a record's view is opened once on the stack (Revisited).
func (r *recordPane) showing() string { return "record " + r.typ + "/" + r.id }
