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
	if len(l.table.Marks) == 0 {
		return nil
	}
	var out []contact
	seen := make(map[string]bool)
	l.rows.eachID(func(i int, id string) {
		if l.table.Marks[id] {
			out = append(out, l.rows.Row(i).Value)
			seen[id] = true
		}
	})
	for _, t := range l.outside {
		if l.table.Marks[t.id] && !seen[t.id] {
			out = append(out, t)
			seen[t.id] = true
		}
	}
	return out
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
