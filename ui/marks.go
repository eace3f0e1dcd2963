package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Marks: space marks the contact under the cursor in the list, * marks every loaded one, ctrl+t
// in find marks every one found; u (or esc in the list) unmarks them all. While contacts are
// marked, e, d, y and x act on them (batch edit, batch delete, copy their emails, export) and
// the footer says how many.

// marked are the marked contacts: the loaded ones in the list's order, then those marked in
// find that are not loaded.
func (l *listPane) marked() []contact {
	var out []contact
	l.eachMarked(func(i int) { out = append(out, l.rows.Row(i).Value) }, func(c contact) { out = append(out, c) })
	return out
}

// markedCount is len(l.marked()) without making the rows (the footer asks it every frame).
func (l *listPane) markedCount() int {
	n := 0
	l.eachMarked(func(int) { n++ }, func(contact) { n++ })
	return n
}

// eachMarked calls loaded with the index of each marked loaded row, in the list's order, then
// outside with each contact marked in find that is not loaded.
func (l *listPane) eachMarked(loaded func(i int), outside func(contact)) {
	if len(l.table.Marks) == 0 {
		return
	}
	l.rows.eachID(func(i int, id string) {
		if l.table.Marks[id] {
			loaded(i)
		}
	})
	seen := make(map[string]bool)
	for _, t := range l.outside {
		if _, isLoaded := l.rows.Find(t.id); l.table.Marks[t.id] && !isLoaded && !seen[t.id] {
			outside(t)
			seen[t.id] = true
		}
	}
}

// markAll marks every loaded contact.
func (l *listPane) markAll() tea.Cmd {
	l.table.MarkShown()
	n := thousands(l.table.Len())
	if !l.done {
		return notice("Marked the " + n + " loaded contacts; more are not loaded yet")
	}
	return notice("Marked all " + n + " contacts")
}

// unmarkAll clears the marks.
func (l *listPane) unmarkAll() tea.Cmd {
	l.table.ClearMarks()
	l.outside = nil
	return nil
}

// markFound marks the contacts find found; those not loaded here are kept apart.
func (l *listPane) markFound(rows []row) {
	for _, r := range rows {
		l.table.Marks[r.ID] = true
		if _, loaded := l.rows.Find(r.ID); !loaded {
			l.outside = append(l.outside, r.Value)
		}
	}
}

// copyMarked copies the marked contacts' emails, one a line.
func (l *listPane) copyMarked() tea.Cmd {
	var emails []string
	none := 0
	for _, t := range l.marked() {
		if t.email == "" {
			none++
			continue
		}
		emails = append(emails, t.email)
	}
	if len(emails) == 0 {
		return notice("Nothing to copy: no marked contact has an email")
	}
	text, copyFn := sanitize.DisplayMultiline(strings.Join(emails, "\n")), l.env.copy
	done := "Copied " + count(len(emails), "email", "emails")
	if none > 0 {
		done += " (" + count(none, "marked contact has", "marked contacts have") + " none)"
	}
	return func() tea.Msg {
		if err := copyFn(text); err != nil {
			return errMsg{err}
		}
		return noticeMsg{done}
	}
}

// markInto makes find mark into the list: its table shows the list's marks, and ctrl+t hands
// the contacts found to mark.
func (f *findPane) markInto(marks map[string]bool, mark func([]row)) {
	f.table.Marks, f.markTo = marks, mark
}

// markFound marks every contact find matched (never the close ones under the cut-off).
func (f *findPane) markFound() tea.Cmd {
	rows := f.matchRows()
	f.markTo(rows)
	return notice("Marked " + count(len(rows), "contact found", "contacts found") + "; " +
		keyName(f.env.keys.Back) + " to the list to act on them")
}
