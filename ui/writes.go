package ui

import (
	"context"
	"maps"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
)

// The write actions of the list and the detail (e edit, n new, d delete; on marked contacts,
// batch edit and batch delete), and how panes learn that contacts changed.

// changedMsg tells every pane on the stack that contacts changed in HubSpot.
type changedMsg struct {
	saved   *api.Object // a contact after a save or create: what HubSpot returned over what was loaded
	deleted []string    // contacts moved to the recycle bin
	updated []string    // contacts a batch edit changed
	// merged maps each contact merged away to the id of the contact it is now (merge.go).
	merged map[string]string
}

func (changedMsg) broadcast() {}

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

func (l *listPane) selectedTarget() (contact, bool) {
	r, ok := l.table.Selected()
	return r.Value, ok
}

// changed keeps the list true to HubSpot: a deleted contact leaves it, a saved one shows its
// new values, and after a batch edit the rows are read again and the updated ones unmarked
// (the ones that failed stay marked, ready for another try).
func (l *listPane) changed(m changedMsg) tea.Cmd {
	if len(m.merged) > 0 {
		return l.followMerge(m.merged)
	}
	if rows, ok := m.appliedRows(l.rows, l.cols); ok {
		l.rows = rows
		l.table.SetSource(rows, nil)
	}
	for _, id := range m.deleted {
		delete(l.table.Marks, id)
	}
	if len(m.updated) == 0 {
		return nil
	}
	for _, id := range m.updated {
		delete(l.table.Marks, id)
	}
	return l.load("", true, l.table.Len())
}

// touches reports whether m is about the contact id.
func (m changedMsg) touches(id string) bool {
	return m.saved != nil && m.saved.ID == id || slices.Contains(m.deleted, id) || slices.Contains(m.updated, id)
}

// applied is rows as m leaves them, for a pane that shows contacts as rows of cols: a saved
// contact's row made again from what HubSpot returned, a deleted one gone. ok is false when m
// is about none of them. rows is never changed in place (a filter or rank run may be reading
// it).
func (m changedMsg) applied(rows []row, cols columns) (out []row, ok bool) {
	if !slices.ContainsFunc(rows, func(r row) bool { return m.touches(r.ID) && !slices.Contains(m.updated, r.ID) }) {
		return rows, false
	}
	out = make([]row, 0, len(rows))
	for _, r := range rows {
		switch {
		case slices.Contains(m.deleted, r.ID):
		case m.saved != nil && r.ID == m.saved.ID:
			out = append(out, cols.row(m.saved))
		default:
			out = append(out, r)
		}
	}
	return out, true
}

// contactsChanged shows a saved contact's new values wherever find shows it (among the loaded
// rows, HubSpot's answers, a filter's) and drops a deleted one; the words are ranked again over
// the new values. HubSpot is not asked again: its search sees a change only seconds later.
func (f *findPane) contactsChanged(m changedMsg) tea.Cmd {
	loaded, inLoaded := m.appliedRows(f.loaded, f.cols)
	extra, inExtra := m.applied(f.extra, f.cols)
	found, inFound := m.applied(f.found, f.cols)
	if !inLoaded && !inExtra && !inFound {
		return nil
	}
	if inExtra {
		exact := 0
		for _, r := range f.extra[:f.exactN] {
			if !slices.Contains(m.deleted, r.ID) {
				exact++
			}
		}
		f.extra, f.extraIx, f.exactN = extra, newRankIndex(extra, f.cols.keys), exact
	}
	f.found = found
	if !inLoaded {
		f.show()
		return nil
	}
	f.loaded, f.index, f.prev = loaded, rowsIndex(loaded, f.cols.keys), nil
	if f.local == nil || f.query.HasTerms() {
		f.show()
		return nil
	}
	f.local = nil // its hits point into the rows as they were
	f.show()
	return f.rankLocal()
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
	d.ask(deleteOne(&d.paneBase, d.about(), true))
	return nil
}

// changed shows what HubSpot returned after a save of this contact.
func (d *detailPane) changed(m changedMsg) tea.Cmd {
	if len(m.merged) > 0 {
		return d.followMerge(m.merged)
	}
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
func deleteOne(p *paneBase, t contact, leave bool) question {
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
func deleteTask(p *paneBase, t contact) tea.Cmd {
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
