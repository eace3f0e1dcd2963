package ui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
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

// fakePane counts keys and remembers what it got.
type fakePane struct {
	paneBase
	title   string
	keys    []string
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
		p.keys = append(p.keys, k.String())
	}
	p.msgs = append(p.msgs, msg)
	return p, nil
}
func (p *fakePane) View() string              { return "body of " + p.title }
func (p *fakePane) Title() string             { return p.title }
func (p *fakePane) ShortHelp() []key.Binding  { return bindings(p.env.keys.Open) }
func (p *fakePane) FullHelp() [][]key.Binding { return [][]key.Binding{bindings(p.env.keys.Open)} }
func (p *fakePane) Capturing() bool           { return p.capture }
func (p *fakePane) Unsaved() bool             { return p.unsaved }

// press makes the key message for a key as bubbletea names it ("j", "down", "ctrl+d", " ").
func press(s string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"esc": tea.KeyEsc, "enter": tea.KeyEnter, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "backspace": tea.KeyBackspace,
		"ctrl+c": tea.KeyCtrlC, "ctrl+d": tea.KeyCtrlD, "ctrl+u": tea.KeyCtrlU,
		"ctrl+n": tea.KeyCtrlN, "ctrl+p": tea.KeyCtrlP, "ctrl+z": tea.KeyCtrlZ,
	}
	if t, ok := named[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	if s == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

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
	m.Update(openMsg{detail})
	assert.Equal(t, detail, m.top())
	assert.Contains(t, m.View(), "Contacts › Ada", "crumbs in the header")
	m.Update(press("j"))
	m.Update(press("esc"))
	assert.Equal(t, list, m.top(), "esc pops back")
	assert.Equal(t, []string{"j"}, list.keys, "the list kept its state and got only its own keys")
	m.Update(press("esc"))
	assert.Equal(t, list, m.top(), "the first pane stays")
	assert.Equal(t, []string{"j", "esc"}, list.keys, "esc on the first pane is the pane's")
}

func TestAppResultsReachThePaneThatAsked(t *testing.T) {
	e := testEnv()
	list, detail := newFake(e, "Contacts"), newFake(e, "Ada")
	m := sized(newApp(e, list, "", nil))
	_, cmd := request(e, list.ID(), "Loading contacts", func(context.Context) (int, error) { return 42, nil })
	msgs := run(cmd)
	require.Len(t, msgs, 2)
	m.Update(msgs[0])
	assert.True(t, m.status.busy())
	m.Update(openMsg{detail})
	m.Update(msgs[1])
	assert.False(t, m.status.busy())
	require.NotEmpty(t, list.msgs)
	assert.Equal(t, 42, list.msgs[len(list.msgs)-1].(resultMsg).value, "delivered under the detail")
	assert.Empty(t, detail.msgs)
}

func TestAppSpinnerOnlyWhileInFlight(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	_, cmd := m.Update(startedMsg{req: 1, label: "Loading contacts"})
	require.NotNil(t, cmd, "the first request starts the spinner")
	assert.Contains(t, m.View(), "Loading contacts…")
	_, cmd = m.Update(startedMsg{req: 2, label: "Searching"})
	assert.Nil(t, cmd, "a second request does not start another tick loop")
	m.Update(resultMsg{req: 2})
	assert.Contains(t, m.View(), "Loading contacts…")
	_, cmd = m.Update(spinner.TickMsg{ID: m.status.spin.ID()})
	assert.NotNil(t, cmd, "ticks go on while busy")
	m.Update(resultMsg{req: 1})
	_, cmd = m.Update(spinner.TickMsg{ID: m.status.spin.ID()})
	assert.Nil(t, cmd, "idle: the spinner stops")
	assert.NotContains(t, m.View(), "Loading contacts")
}

func TestAppErrorsNoticesAndWaits(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	m.Update(resultMsg{req: 1, label: "Loading contacts", err: errors.New("HubSpot said \x1b[2Jno")})
	v := m.View()
	assert.Contains(t, v, "Loading contacts failed: HubSpot said no")
	assert.NotContains(t, v, "\x1b[2J")
	m.Update(press("j"))
	assert.NotContains(t, m.View(), "failed", "an error stays until the next key")

	_, cmd := m.Update(noticeMsg{"Copied ada@example.com"})
	require.NotNil(t, cmd, "a timer to clear it")
	assert.Contains(t, m.View(), "Copied ada@example.com")
	first := clearNoticeMsg{m.status.noticeID}
	m.Update(noticeMsg{"Copied 17"})
	m.Update(first)
	assert.Contains(t, m.View(), "Copied 17", "an older notice's timer does not clear a newer one")
	m.Update(clearNoticeMsg{m.status.noticeID})
	assert.NotContains(t, m.View(), "Copied 17")

	m.Update(waitMsg{api.Wait{Reason: api.WaitRateLimit, Policy: api.PolicyTenSecondly, Duration: 3500 * time.Millisecond}})
	assert.Contains(t, m.View(), "Waiting 4 s for HubSpot's rate limit")
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
	assert.Equal(t, []string{"q"}, p.keys)
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
	m.Update(openMsg{form})
	form.unsaved = true
	_, cmd := m.Update(press("q"))
	assert.False(t, isQuit(cmd))
	assert.Contains(t, m.View(), "Quit anyway? (y/N)")
	m.Update(press("n"))
	assert.NotContains(t, m.View(), "Quit anyway")
	m.Update(press("esc"))
	assert.Contains(t, m.View(), "Discard changes? (y/N)")
	assert.Equal(t, form, m.top())
	_, cmd = m.Update(press("y"))
	m.Update(cmd())
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
	assert.Equal(t, []string{"j", "j", "k"}, p.keys, "held j arrives as one message; the pane gets three presses")
	p.capture = true
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ada")})
	assert.Equal(t, "ada", p.keys[3], "a focused input gets typed text whole")
}

func TestAppFooterAlwaysShowsHelpAndQuit(t *testing.T) {
	_, c := sandbox(t)
	e, _ := paneEnv(t, c)
	m := newApp(e, newListPane(e), "", nil)
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	lines := strings.Split(m.View(), "\n")
	footer := lines[len(lines)-1]
	assert.Contains(t, footer, "? help • q/ctrl+c quit")
	assert.Contains(t, footer, "…", "the pane's keys were cut to make room")
}

func TestAppSuspendsOnCtrlZ(t *testing.T) {
	e := testEnv()
	m := sized(newApp(e, newFake(e, "Contacts"), "", nil))
	_, cmd := m.Update(press("ctrl+z"))
	require.NotNil(t, cmd)
	assert.IsType(t, tea.SuspendMsg{}, cmd())
}
