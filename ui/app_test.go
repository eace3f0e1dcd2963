package ui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// testEnv is an env with no backend, fixed time and a recording clipboard and browser.
func testEnv() *env {
	return &env{
		ctx: context.Background(), theme: MonoTheme(), keys: DefaultKeyMap(),
		settings: Settings{}.withDefaults(), profile: "work", portalID: 12345678,
		loc: time.UTC, now: func() time.Time { return time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) },
		copy: func(string) error { return nil }, browse: func(string) error { return nil },
		ids: new(atomic.Int64),
	}
}

// fakePane counts keys and remembers what it got. Its table binds open; while capture is set
// it types.
type fakePane struct {
	paneBase
	title   string
	got     []string // keys that reached it
	opened  int      // presses of open
	msgs    []tea.Msg
	capture bool
	unsaved bool
}

func newFake(e *env, title string) *fakePane {
	return &fakePane{paneBase: newPaneBase(e), title: title}
}

func (p *fakePane) Init() tea.Cmd { return nil }
func (p *fakePane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		p.got = append(p.got, k.String())
	}
	p.msgs = append(p.msgs, msg)
	return p, nil
}
func (p *fakePane) View() string  { return "body of " + p.title }
func (p *fakePane) Title() string { return p.title }
func (p *fakePane) keys() []binding {
	return []binding{{key: p.env.keys.Open, run: func() tea.Cmd { p.opened++; return nil }}}
}
func (p *fakePane) typing() bool { return p.capture }
func (p *fakePane) typeKey(k tea.KeyMsg) (tea.Cmd, bool) {
	p.got = append(p.got, k.String())
	return nil, true
}
func (p *fakePane) Unsaved() bool { return p.unsaved }

// press makes the key message for a key as bubbletea names it ("j", "down", "ctrl+d", " ",
// "alt+esc"): every name bubbletea gives a key type maps back to that type.
func press(s string) tea.KeyMsg {
	alt := false
	if rest, ok := strings.CutPrefix(s, "alt+"); ok && rest != "" {
		alt, s = true, rest
	}
	if t, ok := keyTypes[s]; ok {
		return tea.KeyMsg{Type: t, Alt: alt}
	}
	if s == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" "), Alt: alt}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Alt: alt}
}

// keyTypes maps bubbletea's key names back to their types.
var keyTypes = func() map[string]tea.KeyType {
	out := map[string]tea.KeyType{}
	for kt := tea.KeyType(-200); kt < 200; kt++ {
		if name := (tea.Key{Type: kt}).String(); kt != tea.KeyRunes && kt != tea.KeySpace && name != "" {
			if _, ok := out[name]; !ok {
				out[name] = kt
			}
		}
	}
	return out
}()

// run executes a command and every command it leads to, collecting the messages (sequences and
// batches included), without waiting on ticks.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch m := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, run(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, run(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func sized(m *App) *App {
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestAppStackKeepsPaneState(t *testing.T) {
	e := testEnv()
	list, detail := newFake(e, "Contacts"), newFake(e, "Ada")
	m := sized(newApp(e, list, "", nil))
	m.Update(press("j"))
	m.push(detail)
	assert.Equal(t, detail, m.top())
	assert.Contains(t, m.View(), "Contacts › Ada", "crumbs in the header")
	m.Update(press("j"))
	m.Update(press("esc"))
	assert.Equal(t, list, m.top(), "esc pops back")
	assert.Equal(t, []string{"j"}, list.got, "the list kept its state and got only its own keys")
	m.Update(press("esc"))
	assert.Equal(t, list, m.top(), "the first pane stays")
	assert.Equal(t, []string{"j", "esc"}, list.got, "esc on the first pane is the pane's")
	m.Update(press("enter"))
	assert.Equal(t, 1, list.opened, "a key of the pane's table runs its binding")
}

func TestAppResultsReachThePaneThatAsked(t *testing.T) {
	e := testEnv()
	list, detail := newFake(e, "Contacts"), newFake(e, "Ada")
	m := sized(newApp(e, list, "", nil))
	got := 0
	cmd := request(&list.paneBase, nil, "Loading contacts", func(context.Context) (int, error) { return 42, nil },
		func(v int, err error) tea.Cmd { got = v; return nil })
	msgs := run(cmd)
	require.Len(t, msgs, 2)
	m.Update(msgs[0])
	assert.True(t, m.status.busy())
	m.push(detail)
	m.Update(msgs[1])
	assert.False(t, m.status.busy())
	assert.Equal(t, 42, got, "delivered under the detail")
	assert.Empty(t, detail.msgs)
}

func TestAppSupersededRequestIsCancelledAndDropped(t *testing.T) {
	e := testEnv()
	list := newFake(e, "Contacts")
	m := sized(newApp(e, list, "", nil))
	var loading call
	var got []int
	var firstErr error
	then := func(v int, err error) tea.Cmd { got = append(got, v); return nil }
	first := request(&list.paneBase, &loading, "Loading", func(ctx context.Context) (int, error) { firstErr = ctx.Err(); return 1, ctx.Err() }, then)
	second := request(&list.paneBase, &loading, "Loading", func(ctx context.Context) (int, error) { return 2, nil }, then)
	for _, msg := range append(run(first), run(second)...) {
		m.Update(msg)
	}
	assert.ErrorIs(t, firstErr, context.Canceled, "the first request's context ended when the second started")
	assert.Equal(t, []int{2}, got, "only the latest answer reaches the pane")
	assert.False(t, loading.busy())
	assert.NotContains(t, m.View(), "failed", "a cancelled request says nothing")
}

func TestAppSpinnerOnlyWhileInFlight(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	_, cmd := m.Update(startedMsg{req: 1, label: "Loading contacts"})
	require.NotNil(t, cmd, "the first request starts the spinner")
	assert.Contains(t, m.View(), "Loading contacts…")
	_, cmd = m.Update(startedMsg{req: 2, label: "Searching"})
	assert.Nil(t, cmd, "a second request does not start another tick loop")
	m.Update(doneMsg{req: 2})
	assert.Contains(t, m.View(), "Loading contacts…")
	_, cmd = m.Update(spinner.TickMsg{ID: m.status.spin.ID()})
	assert.NotNil(t, cmd, "ticks go on while busy")
	m.Update(doneMsg{req: 1})
	_, cmd = m.Update(spinner.TickMsg{ID: m.status.spin.ID()})
	assert.Nil(t, cmd, "idle: the spinner stops")
	assert.NotContains(t, m.View(), "Loading contacts")
}

func TestAppErrorsNoticesAndWaits(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	m.Update(doneMsg{req: 1, label: "Loading contacts", err: errors.New("HubSpot said \x1b[2Jno")})
	v := m.View()
	assert.Contains(t, v, "Loading contacts failed: HubSpot said no")
	assert.NotContains(t, v, "\x1b[2J")
	m.Update(press("j"))
	assert.NotContains(t, m.View(), "failed", "an error stays until the next key")

	m.Update(noticeMsg{"Copied ada@example.com"})
	assert.Contains(t, m.View(), "Copied ada@example.com")
	m.Update(noticeMsg{"Copied 17"})
	assert.Contains(t, m.View(), "Copied 17", "a newer notice replaces the older")
	m.Update(press("j"))
	assert.NotContains(t, m.View(), "Copied 17", "a notice stays until the next key")

	m.Update(waitMsg{api.Wait{Reason: api.WaitRateLimit, Policy: api.PolicyTenSecondly, Duration: 3500 * time.Millisecond}})
	assert.Contains(t, m.View(), "Waiting 4 s for HubSpot's rate limit")
}

// Work in flight never hides a notice (or an error): the status line keeps the sentence and the
// spinner, with what is loading, moves to the header until the next key.
func TestAppLoadingDoesNotHideANotice(t *testing.T) {
	for _, w := range []int{80, 120} {
		e := testEnv()
		m := newApp(e, newFake(e, "Contacts"), "", nil)
		m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		m.Update(noticeMsg{"Pinned the call; the note is no longer pinned"})
		m.Update(startedMsg{req: 1, label: "Loading activities"})
		lines := screenLines(m)
		status, header := lines[len(lines)-2], lines[0]
		assert.Contains(t, status, "Pinned the call; the note is no longer pinned", "at %d columns", w)
		assert.NotContains(t, status, "Loading", "at %d columns", w)
		assert.Contains(t, header, m.status.spin.View(), "the spinner shows in the header at %d columns", w)
		if w == 120 {
			assert.Contains(t, header, "Loading activities…")
		}
		m.Update(doneMsg{req: 1})
		assert.Contains(t, m.View(), "no longer pinned", "the notice outlives the work")
		assert.NotContains(t, screenLines(m)[0], ansi.Strip(m.status.spin.View()))
		m.Update(startedMsg{req: 2, label: "Loading contacts"})
		m.Update(press("j"))
		lines = screenLines(m)
		assert.NotContains(t, m.View(), "no longer pinned", "until the next key")
		assert.Contains(t, lines[len(lines)-2], "Loading contacts…", "then the work shows in the status line again")
		assert.NotContains(t, lines[0], "Loading")
	}
}

func TestAppWaitsArriveFromTheChannel(t *testing.T) {
	e := testEnv()
	relay := NewWaitRelay()
	m := sized(newApp(e, newFake(e, "Contacts"), "", relay.ch))
	relay.OnWait(api.Wait{Reason: api.WaitPacing, Duration: 40 * time.Millisecond})
	relay.OnWait(api.Wait{Reason: api.WaitRateLimit, Duration: 2 * time.Second})
	msgs := run(m.listenWaits())
	require.Len(t, msgs, 1)
	m.Update(msgs[0])
	assert.Contains(t, m.View(), "Waiting 2 s for HubSpot's rate limit")
}

func TestAppGlobalKeysAndCapture(t *testing.T) {
	e := testEnv()
	p := newFake(e, "Find")
	m := sized(newApp(e, p, "", nil))
	_, cmd := m.Update(press("?"))
	assert.Nil(t, cmd)
	assert.Contains(t, m.View(), "Keys for Find")
	assert.Contains(t, m.View(), "suspend")
	m.Update(press("esc"))
	assert.NotContains(t, m.View(), "Keys for Find")

	p.capture = true
	_, cmd = m.Update(press("q"))
	assert.False(t, isQuit(cmd), "q types into a focused input")
	assert.Equal(t, []string{"q"}, p.got)
	m.Update(press("?"))
	assert.NotContains(t, m.View(), "Keys for Find", "? is typed too")
	m.Update(press("f1"))
	assert.Contains(t, m.View(), "Keys for Find", "f1 cannot be typed: it opens the help")
	m.Update(press("f1"))
	_, cmd = m.Update(press("ctrl+c"))
	assert.True(t, isQuit(cmd), "ctrl+c always quits")

	p.capture = false
	_, cmd = m.Update(press("q"))
	assert.True(t, isQuit(cmd))
}

func TestAppAsksBeforeLosingWork(t *testing.T) {
	e := testEnv()
	list, form := newFake(e, "Contacts"), newFake(e, "Edit")
	m := sized(newApp(e, list, "", nil))
	m.push(form)
	form.unsaved = true
	_, cmd := m.Update(press("q"))
	assert.False(t, isQuit(cmd))
	assert.Contains(t, m.View(), "Unsaved changes will be lost. Quit anyway?")
	assert.Contains(t, m.View(), "y quit")
	m.Update(press("n"))
	assert.NotContains(t, m.View(), "Quit anyway")
	m.Update(press("esc"))
	assert.Contains(t, m.View(), "Discard changes?")
	assert.Equal(t, form, m.top())
	m.Update(press("y"))
	assert.Equal(t, list, m.top())
}

func TestAppTooSmallAndMouse(t *testing.T) {
	e := testEnv()
	p := newFake(e, "Contacts")
	m := newApp(e, p, "", nil)
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	assert.Contains(t, m.View(), "Terminal too small: 40×10")
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	assert.Equal(t, 24, strings.Count(m.View(), "\n")+1, "exactly the screen's height")
	m.Update(tea.MouseMsg{X: 3, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	require.NotEmpty(t, p.msgs)
	assert.Equal(t, 4, p.msgs[len(p.msgs)-1].(tea.MouseMsg).Y, "in body coordinates")
	n := len(p.msgs)
	m.Update(tea.MouseMsg{X: 3, Y: 0, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	assert.Len(t, p.msgs, n, "a click on the header is not the pane's")
}

func TestAppHeaderBadges(t *testing.T) {
	e := testEnv()
	e.demo, e.readOnly = true, true
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	header := strings.SplitN(m.View(), "\n", 2)[0]
	assert.Contains(t, header, "hubcontacts · work · portal 12345678 [DEMO] [READ-ONLY]")
}

func TestAppSplitsRunesReadTogether(t *testing.T) {
	e := testEnv()
	p := newFake(e, "Contacts")
	m := sized(newApp(e, p, "", nil))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjk")})
	assert.Equal(t, []string{"j", "j", "k"}, p.got, "held j arrives as one message; the pane gets three presses")
	p.capture = true
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ada")})
	assert.Equal(t, "ada", p.got[3], "a focused input gets typed text whole")
}

func TestAppFooterAlwaysShowsHelpAndQuit(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		e, _ := paneEnv(t, c)
		m := newApp(e, newListPane(e), "", nil)
		m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
		lines := strings.Split(m.View(), "\n")
		footer := lines[len(lines)-1]
		assert.True(t, strings.HasSuffix(footer, "? more"), "the keys that do not fit are one ? away: %q", footer)
		assert.NotContains(t, footer, "…", "no key is cut")
	})
}

func TestAppSuspendsOnCtrlZ(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	_, cmd := m.Update(press("ctrl+z"))
	require.NotNil(t, cmd)
	assert.IsType(t, tea.SuspendMsg{}, cmd())
}
