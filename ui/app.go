package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
	confirm  *choice
	open     string // an email or id to open on start
	waits    <-chan waitMsg
	width    int
	height   int
}

// targeted is a message for one pane, by id, wherever it sits on the stack.
type targeted interface{ target() int }

// broadcast is a message for every pane on the stack (a contact saved or deleted: the list and
// any detail showing it update).
type broadcast interface{ broadcast() }

func (m resultMsg) target() int { return m.pane }

// choice is a question in the status bar answered by one key: a key among options runs its
// command, any other key cancels. A yes/no confirmation is a choice with only "y".
type choice struct {
	question string
	options  map[string]tea.Cmd
}

// chooseMsg asks a choice (copy what? discard changes?).
type chooseMsg choice

// choose asks the user a one-key question; confirm asks yes/no, defaulting to no.
func choose(question string, options map[string]tea.Cmd) tea.Cmd {
	return func() tea.Msg { return chooseMsg{question: question, options: options} }
}

func confirmCmd(question string, yes tea.Cmd) tea.Cmd {
	return choose(question+" (y/N)", map[string]tea.Cmd{"y": yes, "Y": yes})
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
	cmds := []tea.Cmd{m.top().Init(), m.listenWaits()}
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
	switch msg := msg.(type) {
	case openMsg:
		return m.push(msg.pane)
	case chooseMsg:
		c := choice(msg)
		m.confirm = &c
	case backMsg:
		m.pop()
	case noticeMsg:
		return m.status.setNotice(sanitize.Display(msg.text))
	case errMsg:
		m.status.err = errorText("", msg.err)
	case startedMsg:
		return m.status.started(msg)
	case spinner.TickMsg:
		return m.status.tick(msg)
	case clearNoticeMsg:
		m.status.clearNotice(msg)
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

// deliver hands a message to the pane it names; a result also ends its request in the status.
func (m *App) deliver(msg targeted) tea.Cmd {
	if r, ok := msg.(resultMsg); ok {
		m.status.finished(r)
	}
	for i, p := range m.stack {
		if p.ID() == msg.target() {
			next, cmd := p.Update(msg)
			m.stack[i] = next.(Pane)
			return tea.Batch(cmd, m.navigate(m.stack[i]))
		}
	}
	m.env.debug("dropped a message for a closed pane", "pane", msg.target())
	return nil
}

// everyPane hands a message to every pane on the stack, bottom first.
func (m *App) everyPane(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(m.stack))
	for i, p := range m.stack {
		next, cmd := p.Update(msg)
		m.stack[i], cmds[i] = next.(Pane), cmd
	}
	return tea.Batch(cmds...)
}

// forward gives a message to the focused pane.
func (m *App) forward(msg tea.Msg) tea.Cmd {
	next, cmd := m.top().Update(msg)
	m.stack[len(m.stack)-1] = next.(Pane)
	return tea.Batch(cmd, m.navigate(m.top()))
}

// navigate applies what p asked for: opening panes on top, or closing itself (and anything
// above it).
func (m *App) navigate(p Pane) tea.Cmd {
	var cmds []tea.Cmd
	for _, n := range p.takeNav() {
		switch {
		case n.ask != nil:
			m.confirm = n.ask
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
		if m.stack[i].ID() == p.ID() {
			m.stack = m.stack[:i]
			return
		}
	}
}

func (m *App) push(p Pane) tea.Cmd {
	m.stack = append(m.stack, p)
	p.SetSize(m.bodySize())
	m.showHelp = false
	return p.Init()
}

// pop closes the top pane; the one below comes back as it was left. The first pane stays.
func (m *App) pop() {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
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

// capturing reports whether the focused pane has a text input that takes every key.
func (m *App) capturing() bool {
	c, ok := m.top().(Capturer)
	return ok && c.Capturing()
}

// key handles a key press: a pending question first, then the global keys (unless a text
// input has the focus), then the focused pane.
func (m *App) key(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !m.capturing() {
		return m.keys(k.Runes) // keys read in one go ("jjj" when j is held): one at a time
	}
	m.status.keyPressed()
	if m.confirm != nil {
		return m.answer(k)
	}
	km := m.env.keys
	if k.Type == tea.KeyCtrlC {
		return m.quit()
	}
	if m.capturing() {
		return m.forward(k)
	}
	switch {
	case km.Help.Matches(k):
		m.showHelp = !m.showHelp
	case m.showHelp && km.Back.Matches(k):
		m.showHelp = false
	case km.Quit.Matches(k):
		return m.quit()
	case km.Suspend.Matches(k):
		return tea.Suspend
	case km.Back.Matches(k) && len(m.stack) > 1:
		return m.back()
	default:
		return m.forward(k)
	}
	return nil
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
			m.confirm = &choice{question: "Unsaved changes will be lost. Quit anyway? (y/N)", options: map[string]tea.Cmd{"y": tea.Quit, "Y": tea.Quit}}
			return nil
		}
	}
	return tea.Quit
}

// back pops the focused pane, asking first when it holds unsaved work.
func (m *App) back() tea.Cmd {
	if g, ok := m.top().(Guard); ok && g.Unsaved() {
		m.confirm = &choice{question: "Discard changes? (y/N)", options: map[string]tea.Cmd{"y": back, "Y": back}}
		return nil
	}
	m.pop()
	return nil
}

func (m *App) answer(k tea.KeyMsg) tea.Cmd {
	c := m.confirm
	m.confirm = nil
	return c.options[k.String()]
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
	body := m.top().View()
	if m.showHelp {
		body = m.fullHelp()
	}
	parts := []string{m.header(), fit(body, bw, bh), m.statusLine(), m.shortHelp()}
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
	if m.confirm != nil {
		return ansi.Truncate(m.env.theme.Wait.Render(m.confirm.question), m.width, "…")
	}
	return m.status.view(m.width, info)
}

// globals are the keys the root handles, shown after the pane's own.
func (m *App) globals() []key.Binding {
	if m.capturing() {
		return nil // a pane with a focused input lists its own keys
	}
	km := m.env.keys
	return bindings(km.Help, km.Quit)
}

// shortHelp is the footer: the pane's keys, cut to fit, then always the global ones (so "?
// help" is there on a narrow screen too).
func (m *App) shortHelp() string {
	globals := m.help.ShortHelpView(m.globals())
	if globals == "" {
		return ansi.Truncate(m.help.ShortHelpView(m.top().ShortHelp()), m.width, "…")
	}
	sep := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	room := m.width - ansi.StringWidth(globals) - ansi.StringWidth(sep)
	pane := ansi.Truncate(m.help.ShortHelpView(m.top().ShortHelp()), max(0, room), "…")
	return ansi.Truncate(pane+sep+globals, m.width, "…")
}

func (m *App) fullHelp() string {
	km := m.env.keys
	groups := append(m.top().FullHelp(), bindings(km.Back, km.Help, km.Suspend, km.Quit))
	return "Keys for " + sanitize.Display(m.top().Title()) + "\n\n" + m.flowHelp(groups)
}

// flowHelp lays the help's columns side by side, starting a new row of columns when the next
// would not fit (help.Model would drop it).
func (m *App) flowHelp(groups [][]key.Binding) string {
	var rows, row []string
	width := 0
	for _, g := range groups {
		col := m.help.FullHelpView([][]key.Binding{g})
		if col == "" {
			continue
		}
		col = lipgloss.NewStyle().PaddingRight(4).Render(col)
		w := lipgloss.Width(col)
		if width > 0 && width+w > m.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, width = nil, 0
		}
		row, width = append(row, col), width+w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
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
