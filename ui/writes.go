package ui

import (
	"context"
	"maps"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The write actions of the list and the detail (e edit, n new, d delete; on marked contacts,
// batch edit and batch delete), and how panes learn that contacts changed.

// changedMsg tells every pane on the stack that contacts changed in HubSpot.
type changedMsg struct {
	saved   *api.Object // a contact after a save or create: what HubSpot returned over what was loaded
	deleted []string    // contacts moved to the recycle bin
	updated []string    // contacts a batch edit changed
}

func (changedMsg) broadcast() {}

// target is a contact a write is about, as the list shows it (sanitized).
type target struct{ id, name, email string }

// who names a contact for a question: "Ada Lovelace (ada@example.com)".
func (t target) who() string {
	if t.email == "" || t.email == t.name {
		return t.name
	}
	return t.name + " (" + t.email + ")"
}

// edit edits the marked contacts (batch edit) or the one under the cursor; delete deletes them.
func (l *listPane) edit() tea.Cmd {
	if marked := l.marked(); len(marked) > 0 {
		l.push(newBatchEdit(l.env, marked))
	} else if r, ok := l.selectedTarget(); ok {
		l.push(newEditForm(l.env, r.id, r.name, false))
	}
	return nil
}

func (l *listPane) create() tea.Cmd {
	l.push(newCreateForm(l.env))
	return nil
}

func (l *listPane) delete() tea.Cmd {
	if marked := l.marked(); len(marked) > 0 {
		l.ask(batchDelete(&l.paneBase, marked))
	} else if r, ok := l.selectedTarget(); ok {
		l.ask(deleteOne(&l.paneBase, r, false))
	}
	return nil
}

func (l *listPane) selectedTarget() (target, bool) {
	r, ok := l.table.Selected()
	return target{id: r.id, name: r.name, email: r.email}, ok
}

// changed keeps the list true to HubSpot: a deleted contact leaves it, a saved one shows its
// new values, and after a batch edit the rows are read again and the updated ones unmarked
// (the ones that failed stay marked, ready for another try).
func (l *listPane) changed(m changedMsg) tea.Cmd {
	if len(m.deleted) > 0 {
		l.dropRows(m.deleted)
	}
	if m.saved != nil {
		l.replaceRow(m.saved)
	}
	if len(m.updated) == 0 {
		return nil
	}
	for _, id := range m.updated {
		delete(l.table.marks, id)
	}
	return l.load("", true, l.table.Len())
}

func (l *listPane) dropRows(ids []string) {
	rows := make([]row, 0, len(l.table.rows))
	for _, r := range l.table.rows {
		if !slices.Contains(ids, r.id) {
			rows = append(rows, r)
		}
	}
	for _, id := range ids {
		delete(l.table.marks, id)
	}
	l.table.SetRows(rows, nil, nil)
}

// replaceRow shows a saved contact's values in its row (rows are replaced, never changed in
// place: a filter may be reading the old slice).
func (l *listPane) replaceRow(o *api.Object) {
	i := slices.IndexFunc(l.table.rows, func(r row) bool { return r.id == o.ID })
	if i < 0 {
		return
	}
	rows := slices.Clone(l.table.rows)
	rows[i] = l.cols.row(o)
	l.table.SetRows(rows, nil, nil)
}

func (d *detailPane) edit() tea.Cmd {
	d.push(newEditForm(d.env, d.data.contact.ID, d.name, true))
	return nil
}

func (d *detailPane) create() tea.Cmd {
	d.push(newCreateForm(d.env))
	return nil
}

func (d *detailPane) delete() tea.Cmd {
	o := d.data.contact
	d.ask(deleteOne(&d.paneBase, target{id: o.ID, name: d.name, email: sanitize.Display(o.Properties["email"])}, true))
	return nil
}

// changed shows what HubSpot returned after a save of this contact.
func (d *detailPane) changed(m changedMsg) tea.Cmd {
	if m.saved == nil || d.data == nil || m.saved.ID != d.data.contact.ID {
		return nil
	}
	o := *d.data.contact
	o.Properties = maps.Clone(d.data.contact.Properties)
	maps.Copy(o.Properties, m.saved.Properties)
	data := *d.data
	data.contact = &o
	d.data, d.name = &data, displayName(&o)
	d.rebuild()
	return nil
}

// deleteOne is the question before a contact goes to the recycle bin, asked in p; from the
// detail (leave), the detail closes at once.
func deleteOne(p *paneBase, t target, leave bool) question {
	return question{
		title:   "Delete contact",
		text:    "Delete " + t.who() + "?",
		details: []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."},
		answers: []answer{{does: "delete", run: func() tea.Cmd {
			if leave {
				p.pop()
			}
			return deleteTask(p, t)
		}}},
	}
}

// deleteTask deletes a contact. The status bar shows it in flight and any error; on success
// every pane learns the contact is gone (the pane that asked may have closed by then).
func deleteTask(p *paneBase, t target) tea.Cmd {
	hub := p.env.hub
	return request(p, &call{outlives: true}, "Deleting "+t.name, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, hub.DeleteContact(ctx, t.id)
	}, func(_ struct{}, err error) tea.Cmd {
		if err != nil {
			return nil
		}
		gone := func() tea.Msg { return changedMsg{deleted: []string{t.id}} }
		return tea.Sequence(gone, notice("Deleted "+t.name+": in HubSpot's recycle bin, restorable there for 90 days"))
	})
}
