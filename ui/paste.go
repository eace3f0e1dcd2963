package ui

import (
	"context"
	"maps"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// pastePane looks many emails up at once. Paste a list (one address a line, or separated by
// commas, semicolons, tabs or spaces, as a spreadsheet or a mail client copies them), then
// ctrl+s: HubSpot's batch read by email (100 per request) answers, and the pane lists the
// contacts found and, apart, the addresses not found, which n creates in one step and y copies.
type pastePane struct {
	paneBase
	text    []rune     // what was pasted or typed
	split   bulk.Paste // text split, kept current
	stage   pasteStage // input, looking, results
	req     call       // the lookup or the create
	found   []bulk.Found
	missing []string
	failed  []bulk.Unsettled
	created int             // contacts created from the missing ones
	isNew   map[string]bool // their ids
	table   *contactTable
}

type pasteStage int

const (
	pasteInput pasteStage = iota
	pasteLooking
	pasteResults
)

// pasteLines is how many lines of the pasted text the input stage shows (the last ones).
const pasteLines = 8

func newPastePane(e *env) *pastePane {
	cols := []table.Column{
		{Key: "email", Title: "Email", Min: 12, Weight: 4},
		{Key: "name", Title: "Name", Min: 8, Weight: 3},
		{Key: "company", Title: "Company", Min: 8, Weight: 3},
		{Key: "note", Title: "", Min: 4, Weight: 2},
	}
	return &pastePane{paneBase: newPaneBase(e), table: newTable[contact](e.theme, cols), isNew: map[string]bool{}}
}

func (p *pastePane) Init() tea.Cmd { return nil }

func (p *pastePane) Title() string { return "Many emails" }

// typing: while the text is being pasted or typed, every key is text.
func (p *pastePane) typing() bool { return p.stage == pasteInput }

func (p *pastePane) SetSize(w, h int) {
	p.paneBase.SetSize(w, h)
	p.table.SetSize(w, max(3, h-p.chromeLines()))
}

func (p *pastePane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(changedMsg); ok {
		p.contactsChanged(m)
	}
	return p, nil
}

// contactsChanged shows a contact found with the values a save gave it, and drops a deleted one.
func (p *pastePane) contactsChanged(m changedMsg) {
	found := make([]bulk.Found, 0, len(p.found))
	for _, f := range p.found {
		switch {
		case slices.Contains(m.deleted, f.Contact.ID):
			continue
		case m.saved != nil && m.saved.ID == f.Contact.ID:
			o := *f.Contact
			o.Properties = maps.Clone(o.Properties)
			maps.Copy(o.Properties, m.saved.Properties)
			f.Contact = &o
		}
		found = append(found, f)
	}
	p.found = found
	p.showFound()
}

func (p *pastePane) keys() []binding {
	km := p.env.keys
	input := func() bool { return p.stage == pasteInput }
	results := func() bool { return p.stage == pasteResults }
	return slices.Concat([]binding{
		{key: km.Lookup, run: p.lookup, on: input, group: "Paste"},
		{key: km.Cancel, help: "back", run: func() tea.Cmd { p.pop(); return nil }, on: input},
	}, onlyWhen(results, moves(km, p.table, nil)), onlyWhen(results, []binding{
		{key: km.Open, run: p.open, group: "Results"},
		{key: km.New, help: "create the not found", run: p.askCreate},
		{key: km.Copy, run: p.offerCopy},
		{key: km.PasteMany, help: "paste more", run: func() tea.Cmd { p.stage = pasteInput; return nil }},
	}))
}

// typeKey edits the text: runes and pastes add, enter adds a line, backspace removes the last
// character, ctrl+u clears.
func (p *pastePane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case k.Type == tea.KeyEnter:
		p.add([]rune{'\n'})
	case k.Type == tea.KeyTab:
		p.add([]rune{'\t'})
	case k.Type == tea.KeySpace:
		p.add([]rune{' '})
	case k.Type == tea.KeyBackspace && len(p.text) > 0:
		p.text = p.text[:len(p.text)-1]
		p.resplit()
	case k.Type == tea.KeyCtrlU:
		p.text = nil
		p.resplit()
	case k.Type == tea.KeyRunes:
		p.add(k.Runes)
	}
	return nil, true
}

// add appends typed or pasted text. Line endings become \n whatever they were: tmux and some
// terminals paste lines ended by a carriage return (\r) or by \r\n, and the pane shows one line
// a line. A paste copied from a coloured terminal carries escape sequences and controls around
// the addresses: the sanitizer drops them (tabs kept, as separators), the addresses stay.
func (p *pastePane) add(r []rune) {
	parts := strings.Split(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(r)), "\t")
	for i := range parts {
		parts[i] = sanitize.DisplayMultiline(parts[i]) // which would make a tab a space
	}
	p.text = append(p.text, []rune(strings.Join(parts, "\t"))...)
	p.resplit()
}

func (p *pastePane) resplit() { p.split = bulk.SplitEmails(string(p.text)) }

// lookup sends the batch reads.
func (p *pastePane) lookup() tea.Cmd {
	emails := p.split.Emails
	if len(emails) == 0 {
		return notice("Paste some email addresses first")
	}
	hub := p.env.hub
	p.stage = pasteLooking
	label := "Looking up " + count(len(emails), "address", "addresses")
	return request(&p.paneBase, &p.req, label, func(ctx context.Context) (bulk.Lookup, error) {
		return bulk.LookupEmails(ctx, hub, emails, nil)
	}, p.lookedUp)
}

// lookedUp takes a lookup's answer.
func (p *pastePane) lookedUp(v bulk.Lookup, err error) tea.Cmd {
	p.stage = pasteResults
	p.found, p.missing, p.failed = v.Found, v.NotFound, v.Failed
	if err != nil && len(p.found)+len(p.missing)+len(p.failed) == 0 {
		p.stage = pasteInput // nothing came back: the text stays, to try again
	}
	p.showFound()
	return nil
}

// showFound fills the table with the contacts found (and created).
func (p *pastePane) showFound() {
	rows := make([]row, 0, len(p.found))
	for _, f := range p.found {
		rows = append(rows, p.foundRow(f))
	}
	p.table.SetRows(rows, nil, nil)
	p.table.SetSize(p.width, max(3, p.height-p.chromeLines()))
}

func (p *pastePane) foundRow(f bulk.Found) row {
	o := f.Contact
	note := ""
	switch {
	case f.Secondary:
		note = "secondary email of " + o.Properties["email"]
	case f.Existed:
		note = "already in HubSpot"
	case p.isNew[o.ID]:
		note = "created"
	}
	cells := []string{sanitize.Display(f.Email), rowName(o), sanitize.Display(o.Properties["company"]), sanitize.Display(note)}
	return table.NewRow(o.ID, cells, contact{id: o.ID, name: displayName(o), email: sanitize.Display(o.Properties["email"])})
}

// open opens the contact under the cursor.
func (p *pastePane) open() tea.Cmd {
	if r, ok := p.table.Selected(); ok {
		p.push(newDetailPane(p.env, r.ID, r.Value.name))
	}
	return nil
}

// askCreate confirms creating one contact per address not found.
func (p *pastePane) askCreate() tea.Cmd {
	if len(p.missing) == 0 {
		return notice("Every address was found: nothing to create")
	}
	missing := append([]string(nil), p.missing...)
	p.ask(question{
		title:   "Create contacts",
		text:    "Create " + count(len(missing), "contact", "contacts") + ", one for each address not found?",
		details: []string{"Each gets only its email address (" + bulletList(missing, 3) + "); fill in the rest later."},
		answers: []answer{{does: "create", run: func() tea.Cmd { return p.create(missing) }}},
	})
	return nil
}

// create makes the contacts, once the user said yes.
func (p *pastePane) create(emails []string) tea.Cmd {
	if p.req.busy() {
		return nil
	}
	hub := p.env.hub
	return request(&p.paneBase, &p.req, "Creating "+count(len(emails), "contact", "contacts"), func(ctx context.Context) (bulk.CreateResult, error) {
		return bulk.CreateContacts(ctx, hub, emails)
	}, func(v bulk.CreateResult, _ error) tea.Cmd { return p.createdContacts(v) })
}

// createdContacts moves the created addresses to the found ones, keeps the refused ones in the
// not-found list with their reason, and tells the other panes (the list reloads).
func (p *pastePane) createdContacts(v bulk.CreateResult) tea.Cmd {
	p.created += len(v.Contacts)
	var ids []string
	for _, c := range v.Contacts {
		p.isNew[c.Contact.ID] = true
		p.found = append(p.found, c)
		ids = append(ids, c.Contact.ID)
	}
	p.missing = p.missing[:0]
	for _, f := range v.Failed {
		p.missing = append(p.missing, f.Email)
	}
	p.failed = append(p.failed, v.Failed...)
	p.showFound()
	msg := "Created " + count(len(v.Contacts), "contact", "contacts")
	if len(v.Failed) > 0 {
		msg += "; " + thousands(len(v.Failed)) + " refused (see below)"
	}
	changed := func() tea.Msg { return changedMsg{updated: ids} }
	return tea.Batch(notice(msg), changed)
}

// offerCopy asks what to copy: the addresses not found, or the found ones' emails or ids.
func (p *pastePane) offerCopy() tea.Cmd {
	var found, ids []string
	for _, f := range p.found {
		found, ids = append(found, f.Email), append(ids, f.Contact.ID)
	}
	missing := p.missing
	cp := func(what string, items []string) func() tea.Cmd {
		return func() tea.Cmd { return p.copyList(what, items) }
	}
	p.ask(question{title: "Copy", text: "Copy which addresses?", answers: []answer{
		{choice: "n", does: "the " + thousands(len(missing)) + " not found", run: cp("addresses not found", missing)},
		{choice: "f", does: "the " + thousands(len(found)) + " found", run: cp("addresses found", found)},
		{choice: "i", does: "their ids", run: cp("contact ids", ids)},
	}})
	return nil
}

// copyList copies a list, one item a line.
func (p *pastePane) copyList(what string, items []string) tea.Cmd {
	if len(items) == 0 {
		return notice("Nothing to copy: no " + what)
	}
	text := strings.Join(items, "\n")
	copyFn := p.env.copy
	return func() tea.Msg {
		if err := copyFn(sanitize.DisplayMultiline(text)); err != nil {
			return errMsg{err}
		}
		return noticeMsg{"Copied " + thousands(len(items)) + " " + what}
	}
}

// chromeLines is the lines around the found table in the results stage.
func (p *pastePane) chromeLines() int {
	n := 3 // summary, blank, blank before the lists
	if len(p.missing) > 0 {
		n += 2
	}
	if len(p.failed) > 0 {
		n += 2
	}
	if bad := len(p.split.Invalid) + len(p.split.Ignored); bad > 0 {
		n += 2
	}
	return n
}

func (p *pastePane) View() string {
	if p.stage == pasteResults {
		return p.resultsView()
	}
	return p.inputView()
}

// inputView: a hint, the last lines of the text, and what it holds so far.
func (p *pastePane) inputView() string {
	t := p.env.theme
	var b strings.Builder
	b.WriteString(t.Header.Render("Paste or type email addresses") + t.Dim.Render("  (one a line, or separated by , ; tab or space)") + "\n\n")
	lines := strings.Split(string(p.text), "\n")
	if len(lines) > pasteLines {
		b.WriteString(t.Dim.Render("  … "+thousands(len(lines)-pasteLines)+" lines above") + "\n")
		lines = lines[len(lines)-pasteLines:]
	}
	for i, l := range lines {
		cursor := ""
		if i == len(lines)-1 && p.stage == pasteInput {
			cursor = "█"
		}
		b.WriteString("  " + ansi.Truncate(sanitize.Display(l), max(1, p.width-4), "…") + cursor + "\n")
	}
	b.WriteString("\n" + p.summary())
	if p.stage == pasteLooking {
		b.WriteString("\n" + t.Dim.Render("Looking them up in HubSpot…"))
	}
	return b.String()
}

// summary counts what the text holds.
func (p *pastePane) summary() string {
	s := p.split
	line := count(len(s.Emails), "address", "addresses")
	if s.Repeats > 0 {
		line += " · " + thousands(s.Repeats) + " repeated (dropped)"
	}
	if bad := len(s.Invalid) + len(s.Ignored); bad > 0 {
		line += " · " + count(bad, "entry is not an address", "entries are not addresses")
	}
	return line
}

// resultsView: the counts, the contacts found, the addresses not found, what failed.
func (p *pastePane) resultsView() string {
	t := p.env.theme
	var b strings.Builder
	head := "Found " + thousands(len(p.found)) + " · not found " + thousands(len(p.missing))
	if p.created > 0 {
		head += " · created " + thousands(p.created)
	}
	b.WriteString(t.Header.Render(head) + t.Dim.Render("  ("+p.summary()+")") + "\n\n")
	if len(p.found) > 0 {
		b.WriteString(p.table.View())
	} else {
		b.WriteString(t.Dim.Render("  None of these addresses is in HubSpot."))
	}
	b.WriteString("\n")
	room := max(20, p.width-4) / 24
	if len(p.missing) > 0 {
		b.WriteString("\n" + t.Label.Render("Not found: ") + bulletList(p.missing, room) + "\n")
	}
	if len(p.failed) > 0 {
		b.WriteString("\n" + t.Error.Render("Failed: ") + failedList(p.failed, room) + "\n")
	}
	if bad := append(append([]string(nil), p.split.Invalid...), p.split.Ignored...); len(bad) > 0 {
		b.WriteString("\n" + t.Dim.Render("Not addresses: ") + bulletList(bad, room) + "\n")
	}
	return b.String()
}

// failedList is "a@x.com (why), …".
func failedList(fs []bulk.Unsettled, n int) string {
	items := make([]string, len(fs))
	for i, f := range fs {
		items[i] = f.Email + " (" + errorText("", f.Err) + ")"
	}
	return bulletList(items, n)
}

// Info is the status bar's right side.
func (p *pastePane) Info() string {
	if p.stage == pasteResults {
		return thousands(len(p.found)) + " found · " + thousands(len(p.missing)) + " not found"
	}
	return count(len(p.split.Emails), "address", "addresses")
}

// count is "1 contact", "2,000 contacts".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}
