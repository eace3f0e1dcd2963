package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// emailsPane is a contact's email addresses: the primary, then the secondary ones. n adds a
// secondary email (refused, with the reason, when it is malformed, the primary, already there,
// or another contact's), d removes one and s makes one the primary (the old primary becomes a
// secondary), each after a confirmation. Writes go through the API layer, which uses
// hs_additional_emails or, where HubSpot keeps that read-only, the legacy v1 endpoints.
type emailsPane struct {
	paneBase
	contact   contact
	primary   string   // as HubSpot has it
	secondary []string // as HubSpot has them, in its order
	table     *plainTable
	loading   call
	writing   call
	telling   call // the contact read back for the other panes: the latest write's only
	loaded    bool
	loadErr   string // why the first load failed; r tries again
	adding    bool
	input     textinput.Model
	problem   string // the last refusal or failure, kept on screen until the next try
}

// emailsData is the contact's addresses as loaded.
type emailsData struct {
	primary   string
	secondary []string
}

// Row ids: the primary, and each secondary by its address.
const primaryRow = "primary"

func secondaryRow(email string) string { return "secondary:" + strings.ToLower(email) }

func newEmailsPane(e *env, c contact) *emailsPane {
	in := textinput.New()
	in.Prompt = "Add secondary email: "
	in.Placeholder = "name@example.com"
	in.CharLimit = 254
	in.Cursor.SetMode(cursor.CursorStatic)
	cols := []table.Column{{Key: "email", Title: "Email", Min: 20, Weight: 4}, {Key: "kind", Title: "", Min: 10, Weight: 1}}
	return &emailsPane{paneBase: newPaneBase(e), contact: c, input: in, table: newTable[none](e.theme, cols), telling: call{outlives: true}}
}

func (m *emailsPane) Init() tea.Cmd { return m.load() }

func (m *emailsPane) Title() string { return "Secondary emails" }

// typing: while adding, keys type into the box (esc cancels, enter adds).
func (m *emailsPane) typing() bool { return m.adding }

func (m *emailsPane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(typed(k))
	return cmd, true
}

func (m *emailsPane) load() tea.Cmd {
	e, id := m.env, m.contact.id
	return request(&m.paneBase, &m.loading, "Loading email addresses", func(ctx context.Context) (emailsData, error) {
		o, err := e.hub.GetContact(ctx, id, api.GetOptions{Properties: []string{"email", "hs_additional_emails"}})
		if err != nil {
			return emailsData{}, err
		}
		return emailsData{primary: o.Properties["email"], secondary: splitAddresses(o.Properties["hs_additional_emails"])}, nil
	}, shown(&m.loadErr, m.show))
}

// splitAddresses reads hs_additional_emails (';'-separated as HubSpot sends it; ',' accepted).
func splitAddresses(raw string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ';' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (m *emailsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		return m, m.load()
	case tea.MouseMsg:
		mouseBelow(m.table, msg, emailsTableTop)
	case changedMsg:
		if followMerge(&m.contact, msg) {
			return m, tea.Batch(m.stopAdding(), m.load()) // an address in use may be its own now
		}
	}
	return m, nil
}

func (m *emailsPane) show(d emailsData) {
	m.primary, m.secondary, m.loaded = d.primary, d.secondary, true
	rows := make([]plainRow, 0, len(d.secondary)+1)
	if d.primary != "" {
		rows = append(rows, newPlainRow(primaryRow, []string{sanitize.Display(d.primary), "Primary"}))
	}
	for _, s := range d.secondary {
		rows = append(rows, newPlainRow(secondaryRow(s), []string{sanitize.Display(s), "Secondary"}))
	}
	m.table.SetRows(rows, nil, nil)
}

// selected is the address under the cursor and whether it is the primary.
func (m *emailsPane) selected() (string, bool, bool) {
	id := m.table.SelectedID()
	if id == primaryRow {
		return m.primary, true, true
	}
	for _, s := range m.secondary {
		if secondaryRow(s) == id {
			return s, false, true
		}
	}
	return "", false, false
}

func (m *emailsPane) keys() []binding {
	km := m.env.keys
	adding := func() bool { return m.adding }
	browsing := func() bool { return !m.adding }
	return slices.Concat([]binding{
		{key: km.Submit, help: "add", run: m.submit, on: adding, group: "Add"},
		{key: km.Cancel, run: m.stopAdding, on: adding},
	}, onlyWhen(browsing, moves(km, m.table, nil)), onlyWhen(browsing, []binding{
		{key: km.Add, run: m.startAdding, group: "Emails"},
		{key: km.Remove, run: m.remove},
		{key: km.MakePrimary, run: m.promote},
		{key: km.Refresh, run: m.load},
	}), onlyWhen(browsing, relationKeys(&m.paneBase, m.contact, relEmails)))
}

func (m *emailsPane) startAdding() tea.Cmd {
	if !m.loaded || m.writing.busy() {
		return nil
	}
	m.adding, m.problem = true, ""
	return m.input.Focus()
}

func (m *emailsPane) stopAdding() tea.Cmd {
	m.adding, m.problem = false, ""
	m.input.Blur()
	m.input.SetValue("")
	return nil
}

// submit adds the typed address, once it passes the checks that need no request; the one that
// does (another contact has it) runs first in the same request as the add.
func (m *emailsPane) submit() tea.Cmd {
	if m.writing.busy() {
		return nil
	}
	email := strings.TrimSpace(m.input.Value())
	if why := m.refusal(email); why != "" {
		m.problem = why
		return nil
	}
	e, c := m.env, m.contact
	m.problem = ""
	return request(&m.paneBase, &m.writing, "Adding the secondary email", func(ctx context.Context) (emailOutcome, error) {
		return addSecondary(ctx, e, c, email)
	}, m.written)
}

// refusal says why email cannot be added to this contact, "" when it may be.
func (m *emailsPane) refusal(email string) string {
	shown := sanitize.Display(email)
	if email == "" {
		return "Type the email address to add, then enter (esc cancels)."
	}
	if _, err := value.Email(email); err != nil {
		return err.Error() + "."
	}
	if strings.EqualFold(email, m.primary) {
		return shown + " is already this contact's primary email."
	}
	for _, s := range m.secondary {
		if strings.EqualFold(email, s) {
			return shown + " is already a secondary email of this contact."
		}
	}
	return ""
}

// emailOutcome is a write's result: what to tell the user, or why HubSpot's data refuses it.
type emailOutcome struct {
	done    string
	refusal string
	holder  *contact // the other contact holding the address, when known: the pane offers a merge
}

// addSecondary adds email to c unless another contact has it (a get by email first: HubSpot
// resolves primary and secondary addresses alike).
func addSecondary(ctx context.Context, e *env, c contact, email string) (emailOutcome, error) {
	shown := sanitize.Display(email)
	o, err := e.hub.GetContact(ctx, email, api.GetOptions{Properties: []string{"firstname", "lastname", "email"}})
	switch {
	case err == nil && o.ID != c.id:
		return emailOutcome{refusal: inUse(shown, displayName(o), o.ID),
			holder: new(contactOf(o))}, nil
	case err == nil:
		return emailOutcome{refusal: shown + " is already one of this contact's addresses."}, nil
	case !api.IsNotFound(err):
		return emailOutcome{}, err
	}
	err = e.hub.AddSecondaryEmail(ctx, c.id, email)
	if id, ok := api.IsConflict(err); ok {
		out := emailOutcome{refusal: inUse(shown, "", id)}
		if id != "" {
			out.holder = &contact{id: id, name: "contact " + sanitize.Display(id)}
		}
		return out, nil
	}
	if err != nil {
		return emailOutcome{}, err
	}
	return emailOutcome{done: "Added " + shown + " as a secondary email of " + c.name}, nil
}

// inUse is the refusal for an address another contact holds.
func inUse(email, name, id string) string {
	who := "another contact"
	if name != "" {
		who += ", " + name
	}
	if id != "" {
		who += " (id " + sanitize.Display(id) + ")"
	}
	return email + " is in use by " + who + ": HubSpot allows an address on one contact only. Remove it there first, or merge the two contacts."
}

func (m *emailsPane) remove() tea.Cmd {
	email, primary, ok := m.selected()
	switch {
	case !ok || m.writing.busy():
		return nil
	case primary:
		return notice("The primary email cannot be removed: make another address the primary first (" + keyName(m.env.keys.MakePrimary) + ").")
	}
	shown := sanitize.Display(email)
	m.ask(question{title: "Remove secondary email", text: "Remove the secondary email " + email + " from " + m.contact.name + "?",
		details: []string{"HubSpot will no longer find the contact by this address."},
		answers: []answer{{does: "remove", run: func() tea.Cmd {
			if m.writing.busy() {
				return nil
			}
			e, c := m.env, m.contact
			return request(&m.paneBase, &m.writing, "Removing the secondary email", func(ctx context.Context) (emailOutcome, error) {
				return emailOutcome{done: "Removed " + shown + " from " + c.name}, e.hub.RemoveSecondaryEmail(ctx, c.id, email)
			}, m.written)
		}}}})
	return nil
}

func (m *emailsPane) promote() tea.Cmd {
	email, primary, ok := m.selected()
	switch {
	case !ok || m.writing.busy():
		return nil
	case primary:
		return notice(sanitize.Display(email) + " is already the primary email.")
	}
	q := question{title: "Change the primary email", text: "Make " + email + " the primary email of " + m.contact.name + "?",
		answers: []answer{{does: "make primary", run: func() tea.Cmd {
			if m.writing.busy() {
				return nil
			}
			e, c := m.env, m.contact
			return request(&m.paneBase, &m.writing, "Changing the primary email", func(ctx context.Context) (emailOutcome, error) {
				return promoteEmail(ctx, e, c, email)
			}, m.written)
		}}}}
	if m.primary != "" {
		q.details = []string{m.primary + " becomes a secondary email: HubSpot still finds the contact by it."}
	}
	m.ask(q)
	return nil
}

// promoteEmail makes next (one of c's secondary emails) the primary and old a secondary.
//
// Every write is on c alone, so no address ever belongs to two contacts. Where HubSpot takes
// hs_additional_emails (the seed's way) it is one write, both properties together: it applies
// whole or not at all. Where that property is read-only, it takes two: the primary first (HubSpot
// drops the promoted address from the secondary list itself), then the old primary added back as
// a secondary. Should the second fail, old is on no contact: partialPromote says so plainly and
// the pane offers to add it again.
func promoteEmail(ctx context.Context, e *env, c contact, next string) (emailOutcome, error) {
	// The addresses as HubSpot has them now, not as the pane last loaded them: one removed a
	// moment ago (its reload still on its way) must not come back with this write.
	o, err := e.hub.GetContact(ctx, c.id, api.GetOptions{Properties: []string{"email", "hs_additional_emails"}})
	if err != nil {
		return emailOutcome{}, err
	}
	old, secondary := o.Properties["email"], splitAddresses(o.Properties["hs_additional_emails"])
	done := emailOutcome{done: sanitize.Display(next) + " is now the primary email of " + c.name}
	if old != "" {
		done.done += "; " + sanitize.Display(old) + " is a secondary email"
	}
	_, err = e.hub.UpdateContact(ctx, c.id, map[string]string{"email": next, "hs_additional_emails": strings.Join(swapped(secondary, old, next), ";")})
	if err == nil || !additionalReadOnly(err) {
		return done, err
	}
	if _, err := e.hub.UpdateContact(ctx, c.id, map[string]string{"email": next}); err != nil {
		return emailOutcome{}, err
	}
	if old == "" {
		return done, nil
	}
	if err := e.hub.AddSecondaryEmail(ctx, c.id, old); err != nil {
		return emailOutcome{}, partialPromote{old: old, next: next, err: err}
	}
	return done, nil
}

// swapped is the secondary list with next taken out and old put in.
func swapped(secondary []string, old, next string) []string {
	out := make([]string, 0, len(secondary)+1)
	for _, s := range secondary {
		if !strings.EqualFold(s, next) {
			out = append(out, s)
		}
	}
	if old != "" {
		out = append(out, old)
	}
	return out
}

// additionalReadOnly reports HubSpot refusing hs_additional_emails as read-only.
func additionalReadOnly(err error) bool {
	details, ok := api.IsValidation(err)
	if !ok {
		return false
	}
	for _, d := range details {
		msg := strings.ToLower(d.Message)
		if d.Name == "hs_additional_emails" && (d.Code == "READ_ONLY_VALUE" || strings.Contains(msg, "read-only") || strings.Contains(msg, "read only")) {
			return true
		}
	}
	return false
}

// partialPromote is a promotion whose second write failed: next is the primary, old is on no
// contact.
type partialPromote struct {
	old, next string
	err       error
}

func (p partialPromote) Error() string {
	return p.next + " is now the primary email, but adding the old primary " + p.old +
		" back as a secondary email failed: " + p.err.Error() + ". " + p.old + " is on no contact now: press enter to add it again."
}

func (p partialPromote) Unwrap() error { return p.err }

// written takes a write's answer: a success reloads the pane and the detail; a refusal or a
// failure stays on screen with what was typed.
func (m *emailsPane) written(out emailOutcome, err error) tea.Cmd {
	if err != nil {
		m.problem = errorText("", err)
		var partial partialPromote
		if errors.As(err, &partial) {
			m.adding = true
			m.input.SetValue(sanitize.Display(partial.old))
			return tea.Batch(m.input.Focus(), m.load(), relatedChanged(m.contact.id), m.announce())
		}
		return nil
	}
	if out.refusal != "" {
		m.problem = out.refusal
		if out.holder != nil {
			m.ask(mergeOffer(&m.paneBase, "Address in use", out.refusal, m.contact, *out.holder))
		}
		return nil
	}
	m.adding, m.problem = false, ""
	m.input.Blur()
	m.input.SetValue("")
	return tea.Batch(notice(out.done), m.load(), relatedChanged(m.contact.id), m.announce())
}

// announce reads the contact again with what the list shows and tells every pane it changed
// (the list's row then shows the new primary email). A read started by a later write
// supersedes one still on its way, so a slow older read never brings an old address back; it
// ends even when the pane has closed. A failed read leaves the row as it was until the next
// refresh.
func (m *emailsPane) announce() tea.Cmd {
	e, id := m.env, m.contact.id
	props := append(columns{keys: e.settings.Columns}.properties(), "hs_additional_emails")
	return request(&m.paneBase, &m.telling, "Reading the contact back", func(ctx context.Context) (*api.Object, error) {
		return e.hub.GetContact(ctx, id, api.GetOptions{Properties: props})
	}, func(o *api.Object, err error) tea.Cmd {
		if err != nil {
			return nil
		}
		return func() tea.Msg { return changedMsg{saved: o} }
	})
}

// emailsTableTop is the table's first line in the pane (under the title, a note and a blank).
const emailsTableTop = 3

func (m *emailsPane) SetSize(w, h int) {
	m.paneBase.SetSize(w, h)
	m.input.Width = max(10, w-len(m.input.Prompt)-4)
	m.table.SetSize(min(w, 90), max(2, h-8))
}

func (m *emailsPane) View() string {
	t := m.env.theme
	head := t.Header.Render("Email addresses of "+m.contact.name) + "\n" +
		t.Dim.Render("HubSpot finds the contact by any of these; each belongs to this contact alone.") + "\n\n"
	if !m.loaded {
		return head + loadingText(m.env, m.width, "the email addresses", m.loadErr)
	}
	body := head + m.table.View()
	if len(m.secondary) == 0 {
		body += "\n" + t.Dim.Render("  No secondary emails. "+keyName(m.env.keys.Add)+" adds one.")
	}
	if m.adding {
		body += "\n\n" + m.input.View()
	}
	if m.problem != "" {
		body += "\n" + t.Error.Render(ansi.Wrap("✗ "+m.problem, max(20, m.width-2), " "))
	}
	return body
}

func (m *emailsPane) Info() string {
	if !m.loaded {
		return ""
	}
	return plural(len(m.secondary), "secondary email")
}
