package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The smallest screen the app lays out on; below it, it says so.
const (
	minWidth  = 60
	minHeight = 12
	// chrome is the lines around the body: the header, the status line and the help line.
	chrome = 3
)

// App is the root model: a stack of panes (the top one has the focus), the header, the status
// bar and the help. It routes keys to the focused pane after the global keys, and each
// request's answer to the pane that asked, wherever it is on the stack.
type App struct {
	env      *env
	stack    []Pane
	status   status
	help     help.Model
	showHelp bool
	asked    *asked // the question open, drawn over its pane
	open     string // an email or id to open on start
	waits    <-chan waitMsg
	width    int
	height   int
	foot     footerCache
	// The local index's sync (indexsync.go): one running, and how the last one ended.
	syncing  bool
	indexErr error
	ticks    int  // the latest sync tick scheduled (indexsync.go)
	probing  bool // the sync running began offline
}

func newApp(e *env, first Pane, openOn string, waits <-chan waitMsg) *App {
	h := help.New()
	h.Styles = e.theme.Help
	return &App{env: e, stack: []Pane{first}, status: newStatus(e.theme, e.after), help: h, open: openOn, waits: waits}
}

func (m *App) top() Pane { return m.stack[len(m.stack)-1] }

// Init starts the first pane, opens the contact asked for on the command line (if it does not
// exist, its pane closes and says so, leaving the list), and listens for the API's waits.
func (m *App) Init() tea.Cmd {
	cmds := []tea.Cmd{m.top().Init(), m.listenWaits(), m.syncIndex()}
	if m.open != "" {
		cmds = append(cmds, m.push(newDetailPane(m.env, m.open, "")))
	}
	return tea.Batch(cmds...)
}

func (m *App) listenWaits() tea.Cmd {
	if m.waits == nil {
		return nil
	}
	ch := m.waits
	return func() tea.Msg {
		w, ok := <-ch
		if !ok {
			return nil
		}
		return w
	}
}

// Update routes one message.
func (m *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	case typedAheadMsg:
		keys := msg.take()
		cmds := make([]tea.Cmd, len(keys))
		for i, k := range keys {
			cmds[i] = m.key(k)
		}
		return m, tea.Batch(cmds...)
	case tea.MouseMsg:
		return m, m.mouse(msg)
	case targeted:
		return m, m.deliver(msg)
	case broadcast:
		return m, m.everyPane(msg)
	}
	return m, m.control(msg)
}

// control handles the messages panes send the root; anything else goes to the focused pane.
func (m *App) control(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.indexControl(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case noticeMsg:
		m.status.setNotice(sanitize.Display(msg.text))
	case errMsg:
		m.status.err = errorText("", msg.err)
	case startedMsg:
		return m.status.started(msg)
	case spinner.TickMsg:
		return m.status.tick(msg)
	case waitMsg:
		// The focused pane hears it too (the import and export panes count the waits).
		return tea.Batch(m.status.setWait(msg), m.listenWaits(), m.forward(msg))
	case clearWaitMsg:
		m.status.clearWait(msg)
	default:
		return m.forward(msg)
	}
	return nil
}

// deliver hands a message to the pane it names; a request's answer also ends it in the status
// bar, and an answer (paneMsg, doneMsg) runs its continuation in that pane.
func (m *App) deliver(msg targeted) tea.Cmd {
	p := m.find(msg.target())
	switch msg := msg.(type) {
	case doneMsg:
		m.status.finished(msg)
		off := m.offline(msg.err)
		if p == nil && msg.outlives {
			return tea.Batch(off, msg.then()) // its pane has closed: what it asks of the root goes with it
		}
		return tea.Batch(off, m.inPane(p, msg.then))
	case paneMsg:
		return m.inPane(p, msg.then)
	}
	if p == nil {
		m.env.debug("dropped a message for a closed pane", "pane", msg.target())
		return nil
	}
	next, cmd := p.Update(msg)
	return tea.Batch(cmd, m.navigate(next.(Pane)))
}

// inPane runs then in p (nil: p has closed, and then is dropped), then applies what p asked.
func (m *App) inPane(p Pane, then func() tea.Cmd) tea.Cmd {
	if p == nil {
		return nil
	}
	cmd := then()
	return tea.Batch(cmd, m.navigate(p))
}

// find is the pane with id on the stack, or nil.
func (m *App) find(id int) Pane {
	for _, p := range m.stack {
		if p.base().id == id {
			return p
		}
	}
	return nil
}

// everyPane hands a message to every pane on the stack, bottom first.
func (m *App) everyPane(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for _, p := range slices.Clone(m.stack) {
		next, cmd := p.Update(msg)
		cmds = append(cmds, cmd, m.navigate(next.(Pane)))
	}
	return tea.Batch(cmds...)
}

// forward gives a message to the focused pane.
func (m *App) forward(msg tea.Msg) tea.Cmd {
	next, cmd := m.top().Update(msg)
	return tea.Batch(cmd, m.navigate(next.(Pane)))
}

// navigate applies what p asked for: opening panes on top of it, asking a question over it, or
// closing it (and anything above it). A pane no longer on the stack asks for nothing.
func (m *App) navigate(p Pane) tea.Cmd {
	nav := p.base().takeNav()
	if len(nav) == 0 || m.find(p.base().id) == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, n := range nav {
		switch {
		case n.ask != nil:
			m.asked = &asked{pane: p.base().id, q: *n.ask}
		case n.next != nil:
			cmds = append(cmds, m.push(n.next))
		default:
			m.close(p)
		}
	}
	return tea.Batch(cmds...)
}

// close removes p and every pane above it; the first pane stays.
func (m *App) close(p Pane) {
	for i := 1; i < len(m.stack); i++ {
		if m.stack[i].base().id == p.base().id {
			m.stack = m.stack[:i]
			if m.asked != nil && m.find(m.asked.pane) == nil {
				m.asked = nil
			}
			return
		}
	}
}

func (m *App) push(p Pane) tea.Cmd {
	if i := m.showingAlready(p); i > 0 {
		m.stack = m.stack[:i+1] // back to it, as esc would bring it back
		if m.asked != nil && m.find(m.asked.pane) == nil {
			m.asked = nil
		}
		m.showHelp = false
		return nil
	}
	m.stack = append(m.stack, p)
	p.SetSize(m.bodySize())
	m.showHelp = false
	return p.Init()
}

func (m *App) resize(w, h int) {
	m.width, m.height = w, h
	m.help.Width = w
	bw, bh := m.bodySize()
	for _, p := range m.stack {
		p.SetSize(bw, bh)
	}
}

func (m *App) bodySize() (int, int) { return max(0, m.width), max(0, m.height-chrome) }

func (m *App) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// key handles a key press: an open question first, then the global keys, then the focused
// pane's key table, its text box, the table's bindings after the box, and esc back. While the
// pane captures keys, q, ctrl+z and esc stay with it; while it types, text and editing keys are
// the box's (? is f1 there).
func (m *App) key(k tea.KeyMsg) tea.Cmd {
	p := m.top()
	typing, capturing := isTyping(p), isCapturing(p)
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !typing {
		return m.keys(k.Runes) // keys read in one go ("jjj" when j is held): one at a time
	}
	if k.Type == tea.KeyEsc && k.Alt && !k.Paste {
		// Two escapes read in one go reach bubbletea as alt+esc: they are two escapes.
		k.Alt = false
		first := m.key(k)
		return tea.Batch(first, m.key(k))
	}
	m.status.keyPressed()
	if m.asked != nil {
		return m.answer(k)
	}
	km := m.env.keys
	notBoxes := !capturing || !textKey(k) // a global key by a key that no text box or captured pane keeps
	switch {
	case km.Quit.Matches(k) && notBoxes:
		return m.quit()
	case km.Help.Matches(k) && (!typing || !textKey(k)):
		m.showHelp = !m.showHelp
		return nil
	case m.showHelp && (km.Back.Matches(k) || km.Cancel.Matches(k)):
		m.showHelp = false
		return nil
	case km.Suspend.Matches(k) && notBoxes:
		return tea.Suspend
	}
	if cmd, ok := pressKey(p, k); ok {
		return tea.Batch(cmd, m.navigate(p))
	}
	if !capturing && km.Back.Matches(k) && len(m.stack) > 1 {
		return m.back()
	}
	return m.forward(k)
}

// keys handles runes typed together as separate key presses (a pane opened by one, such as
// find, gets the rest as typed text).
func (m *App) keys(runes []rune) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(runes))
	for _, r := range runes {
		cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
	return tea.Batch(cmds...)
}

// quit leaves the app, asking first when a pane holds unsaved work.
func (m *App) quit() tea.Cmd {
	for _, p := range m.stack {
		if g, ok := p.(Guard); ok && g.Unsaved() {
			m.asked = &asked{pane: m.top().base().id, q: question{title: "Quit", text: "Unsaved changes will be lost. Quit anyway?",
				answers: []answer{{does: "quit", run: func() tea.Cmd { return tea.Quit }}}}}
			return nil
		}
	}
	return tea.Quit
}

// back closes the focused pane, asking first when it holds unsaved work.
func (m *App) back() tea.Cmd {
	p := m.top()
	g, ok := p.(Guard)
	return m.inPane(p, func() tea.Cmd { return p.base().leave(ok && g.Unsaved(), "Discard changes?") })
}

// answer takes the key that answers the open question: one of its answers, or no.
func (m *App) answer(k tea.KeyMsg) tea.Cmd {
	a := m.asked
	m.asked = nil
	p := m.find(a.pane)
	for _, ans := range a.q.answers {
		if ans.matches(m.env.keys, k) {
			return m.inPane(p, ans.run)
		}
	}
	if a.q.onNo != nil {
		return m.inPane(p, a.q.onNo)
	}
	return nil
}

// mouse hands wheel and clicks in the body to the focused pane, in body coordinates.
func (m *App) mouse(msg tea.MouseMsg) tea.Cmd {
	msg.Y--
	if msg.Y < 0 || msg.Y >= m.height-chrome || m.showHelp || m.tooSmall() {
		return nil
	}
	return m.forward(msg)
}

// View draws the header, the focused pane (or the help, or a "too small" note), the status
// line and the short help.
func (m *App) View() string {
	if m.width == 0 {
		return ""
	}
	if m.tooSmall() {
		return m.smallView()
	}
	bw, bh := m.bodySize()
	body := fit(m.top().View(), bw, bh)
	switch {
	case m.showHelp:
		body = fit(m.fullHelp(), bw, bh)
	case m.asked != nil:
		body = fit(dialog(m.env.theme, m.env.keys, m.asked.q, body, bw, bh), bw, bh)
	}
	parts := []string{m.header(), body, m.statusLine(), m.footer()}
	return strings.Join(parts, "\n")
}

func (m *App) smallView() string {
	msg := "Terminal too small: " + itoa(m.width) + "×" + itoa(m.height) +
		". hubcontacts needs at least " + itoa(minWidth) + "×" + itoa(minHeight) + ". (q quits)"
	return ansi.Wrap(msg, max(1, m.width), "")
}

// header: app name, profile, portal, badges, then the crumbs of the pane stack.
func (m *App) header() string {
	e, t := m.env, m.env.theme
	left := t.Header.Render("hubcontacts")
	if e.profile != "" {
		left += t.Crumb.Render(" · " + sanitize.Display(e.profile))
	}
	if e.portalID != 0 {
		left += t.Crumb.Render(" · portal " + itoa64(e.portalID))
	}
	if e.demo {
		left += " " + t.badge(t.DemoBadge, "DEMO")
	}
	if e.readOnly {
		left += " " + t.badge(t.ReadOnlyBadge, "READ-ONLY")
	}
	if e.offline {
		left += " " + t.badge(t.ReadOnlyBadge, "OFFLINE")
	}
	if e.index != nil {
		left += t.Crumb.Render(" · " + m.indexText())
	}
	if w := m.status.inHeader(); w != "" {
		if ansi.StringWidth(left)+ansi.StringWidth(w)+2 > m.width-12 {
			w = t.Status.Render(m.status.spin.View()) // the crumbs keep some room
		}
		left += "  " + w
	}
	return m.withCrumbs(left)
}

func (m *App) withCrumbs(left string) string {
	titles := make([]string, len(m.stack))
	for i, p := range m.stack {
		titles[i] = sanitize.Display(p.Title())
	}
	crumbs := strings.Join(titles, " › ")
	room := m.width - ansi.StringWidth(left) - 2
	if over := ansi.StringWidth(crumbs) - room; over > 0 {
		crumbs = ansi.TruncateLeft(crumbs, over+1, "…")
	}
	crumbs = m.env.theme.Crumb.Render(crumbs)
	pad := max(1, m.width-ansi.StringWidth(left)-ansi.StringWidth(crumbs))
	return ansi.Truncate(left+spaces(pad)+crumbs, m.width, "")
}

func (m *App) statusLine() string {
	info := ""
	if in, ok := m.top().(Informer); ok {
		info = in.Info()
	}
	return m.status.view(m.width, info)
}

// fit makes s exactly w×h: long lines cut, missing lines blank, extra lines dropped.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}
