package ui

import (
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"runtime"
	"strings"

	"github.com/atotto/clipboard"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The actions every contact pane offers: copy (email, id, record URL) and open in HubSpot.

// defaultHost is HubSpot's web app when the account reports no other ui domain.
const defaultHost = "app.hubspot.com"

// recordURL is a contact's page in HubSpot's web app.
func (e *env) recordURL(id string) string { return e.objectURL(api.ObjectContacts, id) }

// objectURL is a record's page in HubSpot's web app: /contacts/{portal}/record/{type id}/{id},
// the type ids being HubSpot's (0-1 contacts, 0-2 companies, 0-3 deals, 0-5 tickets).
func (e *env) objectURL(typ, id string) string {
	host := e.uiDomain
	if !validHost(host) {
		host = defaultHost
	}
	typeID := map[string]string{api.ObjectCompanies: "0-2", api.ObjectDeals: "0-3", api.ObjectTickets: "0-5"}[typ]
	if typeID == "" {
		typeID = "0-1"
	}
	return fmt.Sprintf("https://%s/contacts/%d/record/%s/%s", host, e.portalID, typeID, url.PathEscape(id))
}

// validHost accepts a plain host name (letters, digits, dots, hyphens), nothing else.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, c := range h {
		ok := c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// copyText puts text on the clipboard (sanitized: a paste is the next place it lands) and
// says so; what says so names the thing copied ("email").
func (e *env) copyText(what, text string) tea.Cmd {
	text = sanitize.Display(text)
	if text == "" {
		return notice("Nothing to copy: this contact has no " + what)
	}
	copyFn := e.copy
	return func() tea.Msg {
		if err := copyFn(text); err != nil {
			return errMsg{fmt.Errorf("could not copy the %s: %w", what, err)}
		}
		return noticeMsg{"Copied " + what + ": " + text}
	}
}

// openRecord opens a contact in the browser; in demo it only shows the URL (the sandbox's ids
// mean nothing to HubSpot).
func (e *env) openRecord(id string) tea.Cmd { return e.openObject(api.ObjectContacts, id) }

// openObject opens any record in the browser (in demo, only its URL).
func (e *env) openObject(typ, id string) tea.Cmd {
	u := e.objectURL(typ, id)
	if e.demo {
		return notice("Demo: in HubSpot this " + kindName(typ) + " is at " + u)
	}
	browse := e.browse
	return func() tea.Msg {
		if err := browse(u); err != nil {
			return errMsg{fmt.Errorf("open %s in your browser (could not start one: %v)", u, err)}
		}
		return noticeMsg{"Opened " + u}
	}
}

// terminalClipboard copies with OSC 52 through the terminal (works over SSH; tmux needs
// set-clipboard on) and also to the system clipboard where there is one.
func terminalClipboard(out io.Writer) func(string) error {
	o := termenv.NewOutput(out)
	return func(s string) error {
		o.Copy(s)
		if clipboard.Unsupported {
			return nil
		}
		_ = clipboard.WriteAll(s) // OSC 52 already went out; a missing xclip is no failure
		return nil
	}
}

// systemBrowser opens u with the platform's opener.
func systemBrowser(u string) error {
	if !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("refusing to open %q: not an https URL", u)
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// copyQuestion asks what to copy of a contact.
func (e *env) copyQuestion(id, email string) question {
	cp := func(what, text string) func() tea.Cmd { return func() tea.Cmd { return e.copyText(what, text) } }
	return question{title: "Copy", text: "Copy what of this contact?", answers: []answer{
		{choice: "e", does: "email", run: cp("email", email)},
		{choice: "i", does: "id", run: cp("id", id)},
		{choice: "u", does: "HubSpot link", run: cp("link", e.recordURL(id))},
	}}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
