package ui

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The monkey: thousands of random keystrokes, pastes, mouse events and resizes, driven through
// the whole app — the root model with every pane it opens — against a seeded sandbox with faults
// injected (latency, 5xx, 429, resets, truncated and dropped answers) through the real API client.
//
// It runs on the tui harness (tui_test.go) in a testing/synctest bubble, where the app's timers,
// the client's backoff and rate-limit waits and the sandbox's latency run on a fake clock, so a
// ten-second 429 wait costs no real time and nothing depends on the machine's speed; requests
// really go over HTTP to the sandbox. Between keystrokes the monkey "thinks" for a random while
// (fake time), sometimes not at all, so keys also land while answers are still on their way.
//
// After every step: no panic (in Update or in any command), the frame holds no escape, control,
// bidi or zero-width character and fits the terminal, and no write reached the sandbox that the
// keystrokes did not ask for. At the end the app still quits on q. A step that does not settle
// within loopStepBudget of fake time is a hang; a watchdog on the real clock catches a loop
// that never yields.
//
// make test runs fixed seeds (monkeySeeds), so a run is the same run every time; make fuzz runs
// a random seed (HUBCONTACTS_MONKEY_SEED=random), printed. Reproduce a failure with the seed it
// prints:
//
//	HUBCONTACTS_MONKEY_SEED=<seed> go test -race -run TestMonkey ./ui
//
// and HUBCONTACTS_MONKEY_KEYS=<n> sets the number of steps (default 10,000 each; make fuzz runs 50,000).

const (
	monkeyDefaultSteps = 10_000
	// monkeyWatchdog is the real time without a single step done after which the run is a hang.
	monkeyWatchdog = 3 * time.Minute
	monkeyTrail    = 40 // steps shown in a failure report
)

func TestMonkeyReadsNeverWrite(t *testing.T) {
	longRun(t, func(t *testing.T, fam families.Family) {
		runMonkey(t, monkeyConfig{test: "TestMonkeyReadsNeverWrite", fam: fam, keys: monkeySteps(t, monkeyDefaultSteps), share: 1})
	})
}

// The writes run settles after every step, so each write is traced to the key that sent it.
func TestMonkeyWritesOnlyWhenConfirmed(t *testing.T) {
	longRun(t, func(t *testing.T, fam families.Family) {
		runMonkey(t, monkeyConfig{test: "TestMonkeyWritesOnlyWhenConfirmed", fam: fam, keys: monkeySteps(t, monkeyDefaultSteps), share: 1, writes: true})
	})
}

type monkeyConfig struct {
	test   string
	fam    families.Family // the API family it runs under (longRun)
	seed   uint64
	keys   int // HUBCONTACTS_MONKEY_KEYS
	share  int // the run takes keys/share steps
	steps  int
	writes bool // false: keys that would commit a write are replaced by esc, and no write may happen
	dir    string
}

// replay is the command that runs this monkey again.
func (c monkeyConfig) replay() string {
	return fmt.Sprintf("HUBCONTACTS_MONKEY_SEED=%d HUBCONTACTS_MONKEY_KEYS=%d go test -race -run '^%s$' ./ui", c.seed, c.keys, c.test)
}

func monkeySteps(t *testing.T, def int) int {
	if s := os.Getenv("HUBCONTACTS_MONKEY_KEYS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("HUBCONTACTS_MONKEY_KEYS=%q: want a positive number", s)
		}
		return n
	}
	return def
}

// fixedSeed is the seed make test runs for a monkey.
func fixedSeed(test string) uint64 {
	if test == "TestMonkeyWritesOnlyWhenConfirmed" {
		return 20260302
	}
	return 20260301
}

// monkeySeed is the test's fixed seed, the one HUBCONTACTS_MONKEY_SEED names, or with
// HUBCONTACTS_MONKEY_SEED=random a random one (make fuzz), printed.
func monkeySeed(t *testing.T, test string) uint64 {
	if s := os.Getenv("HUBCONTACTS_MONKEY_SEED"); s == "random" {
		seed := rand.Uint64() >> 1
		fmt.Printf("%s: random seed %d\n", t.Name(), seed)
		return seed
	} else if s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HUBCONTACTS_MONKEY_SEED=%q: want a number", s)
		}
		return n
	}
	return fixedSeed(test)
}

// runMonkey runs one monkey in a bubble, with a watchdog on the real clock outside it.
func runMonkey(t *testing.T, cfg monkeyConfig) {
	cfg.seed = monkeySeed(t, cfg.test)
	cfg.steps = max(1, cfg.keys/cfg.share)
	// Files the app writes (exports, import failures) stay in a directory of the test's own.
	cfg.dir = t.TempDir()
	t.Chdir(cfg.dir)
	t.Setenv("HOME", cfg.dir)
	t.Logf("seed %d, %d steps; replay: %s", cfg.seed, cfg.steps, cfg.replay())
	var progress atomic.Int64
	var where atomic.Value
	where.Store("starting")
	stop := make(chan struct{})
	go watchdog(cfg, &progress, &where, stop)
	defer close(stop)
	start := time.Now()
	var stats monkeyStats
	synctest.Test(t, func(t *testing.T) {
		m := newMonkey(t, cfg, &progress, &where)
		m.run()
		stats = m.stats
	})
	t.Logf("%s in %s", stats, time.Since(start).Round(time.Millisecond))
}

// watchdog ends the test binary, with every goroutine's stack, when no step finishes for
// monkeyWatchdog of real time: Update or a command looping without ever blocking.
func watchdog(cfg monkeyConfig, progress *atomic.Int64, where *atomic.Value, stop <-chan struct{}) {
	last, since := int64(-1), time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		if p := progress.Load(); p != last {
			last, since = p, time.Now()
			continue
		}
		if time.Since(since) > monkeyWatchdog {
			buf := make([]byte, 8<<20)
			buf = buf[:runtime.Stack(buf, true)]
			fmt.Fprintf(os.Stderr, "%s\n", buf)
			panic(fmt.Sprintf("monkey hung at %v; replay: %s", where.Load(), cfg.replay()))
		}
	}
}

// monkeyStats is what a run did, for the log.
type monkeyStats struct {
	keys, pastes, mice, resizes, replaced, quits      int
	requests, writes, faults, waitsShown, errorsShown int
	fakeTime                                          time.Duration
	panes                                             map[string]int // steps spent on each pane
}

func (s monkeyStats) String() string {
	return fmt.Sprintf("%d keys, %d pastes, %d mouse events, %d resizes (%d write keys replaced); %d requests "+
		"(%d writes, %d with an injected fault); status bar showed %d waits and %d errors; q quit %d times; %s of fake time",
		s.keys, s.pastes, s.mice, s.resizes, s.replaced, s.requests, s.writes, s.faults, s.waitsShown, s.errorsShown,
		s.quits, s.fakeTime.Round(time.Second)) + "; steps per pane: " + fmt.Sprint(s.panes)
}

// monkey is one run's state, on a tui: everything but the commands runs on the bubble's
// root goroutine, as Bubble Tea's event loop would.
type monkey struct {
	*tui
	cfg      monkeyConfig
	rng      *rand.Rand
	progress *atomic.Int64
	where    *atomic.Value
	stats    monkeyStats
	trail    []string
	step     int
	stuckOn  int // the pane on top, and for how many steps it has been
	stuck    int
	emails   []string // addresses the sandbox holds, for pastes
	exported string   // the last file an export was pointed at
}

func newMonkey(t *testing.T, cfg monkeyConfig, progress *atomic.Int64, where *atomic.Value) *monkey {
	opts := hubspottest.Options{Seed: int64(cfg.seed % (1 << 62)), Contacts: 120, Companies: 20, Deals: 20, Tickets: 20,
		Faults: hubspottest.Faults{Latency: 2 * time.Millisecond, LatencyMax: 80 * time.Millisecond,
			Error5xx: 0.03, RateLimit429: 0.02, Reset: 0.01, Truncate: 0.01, DropAfterWrite: 0.01}}
	m := &monkey{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x5eed)), progress: progress, where: where,
		emails: []string{hubspottest.FirstContactEmail, hubspottest.HostileContactEmail, hubspottest.SecondaryEmail1,
			hubspottest.PinnedContactEmail, hubspottest.OddNameContactEmail, hubspottest.CustomerContactEmail}}
	m.tui = newBubbleLoop(t, cfg.fam, opts, nil)
	m.context = func() string {
		return fmt.Sprintf("\n\nseed %d, step %d; last steps:\n  %s\n\nreplay: %s",
			m.cfg.seed, m.step, strings.Join(m.trail, "\n  "), m.cfg.replay())
	}
	return m
}

func (m *monkey) run() {
	start := time.Now()
	m.check("start")
	for m.step = 1; m.step <= m.cfg.steps; m.step++ {
		m.oneStep()
		m.progress.Add(1)
	}
	m.quitAtTheEnd()
	m.stats.fakeTime = time.Since(start)
	m.checkClipboard()
	m.shutdown()
}

// oneStep draws one action, performs it, lets the app think, and checks everything.
func (m *monkey) oneStep() {
	var what string
	var commit bool
	var act func()
	switch r := m.rng.IntN(100); {
	case r < 4:
		w, h := m.drawSize()
		what, act = fmt.Sprintf("resize %d×%d", w, h), func() { m.resize(w, h) }
		m.stats.resizes++
	case r < 9:
		p := m.drawPaste()
		what, act = fmt.Sprintf("paste %q", ansiShort(p)), func() { m.deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(p), Paste: true}) }
		m.stats.pastes++
	case r < 15:
		ms := m.drawMouse()
		what, act = fmt.Sprintf("mouse %s at %d,%d", ms.String(), ms.X, ms.Y), func() { m.deliver(ms) }
		m.stats.mice++
	default:
		k := m.drawKey()
		commit = m.commits(k)
		what = fmt.Sprintf("key %q", k.String())
		if commit && !m.cfg.writes {
			what += " (commits a write here: esc instead)"
			k, commit = monkeyKey("esc"), false
			m.stats.replaced++
		}
		m.confine(k)
		act = func() { m.deliver(k); m.checkQuit(k) }
		m.stats.keys++
	}
	m.note(what)
	act()
	m.think()
	m.check(what)
	m.checkWrites(commit)
}

// note records a step for the failure report and the watchdog.
func (m *monkey) note(what string) {
	if m.stats.panes == nil {
		m.stats.panes = map[string]int{}
	}
	top := m.app.top()
	m.stats.panes[strings.TrimPrefix(fmt.Sprintf("%T", top), "*ui.")]++
	if top.ID() == m.stuckOn {
		m.stuck++
	} else {
		m.stuckOn, m.stuck = top.ID(), 0
	}
	s := fmt.Sprintf("%d: %s [on %s]", m.step, what, m.paneName())
	m.trail = append(m.trail, s)
	if len(m.trail) > monkeyTrail {
		m.trail = m.trail[1:]
	}
	m.where.Store(s)
}

func (m *monkey) paneName() string {
	name := fmt.Sprintf("%T", m.app.top())
	if m.app.asked != nil {
		name += " + question " + strconv.Quote(m.app.asked.q.text)
	}
	return strings.TrimPrefix(name, "*ui.")
}

// think lets fake time pass the way a user would: at once (keys typed in a burst, while answers
// are still on their way), a short pause, or until the app is idle. With writes allowed, every
// step settles, so each write can be traced to the key that asked for it.
func (m *monkey) think() {
	if m.cfg.writes {
		m.settle(time.Duration(m.rng.IntN(800))*time.Millisecond, true)
		return
	}
	switch r := m.rng.IntN(100); {
	case r < 35:
		m.drain()
	case r < 70:
		m.settle(time.Duration(10+m.rng.IntN(400))*time.Millisecond, false)
	default:
		m.settle(time.Duration(m.rng.IntN(1500))*time.Millisecond, true)
	}
}

// --- drawing actions ---

// monkeyKeys are the keys drawn, with weights: movement and enter/esc most, every action key
// of every pane, text for the inputs, and now and then q, ctrl+c and ctrl+z.
var monkeyKeys = []struct {
	key    string
	weight int
}{
	{"j", 40}, {"k", 25}, {"down", 15}, {"up", 10}, {"g", 6}, {"G", 8}, {"ctrl+d", 5}, {"ctrl+u", 4},
	{"pgdown", 2}, {"pgup", 2}, {"home", 2}, {"end", 2}, {"left", 3}, {"right", 3},
	{"enter", 40}, {"esc", 30}, {"tab", 10}, {"shift+tab", 5}, {"backspace", 6}, {"delete", 2},
	{"/", 10}, {" ", 10}, {"r", 5}, {"y", 12}, {"Y", 1}, {"o", 3}, {"h", 8}, {"?", 4}, {".", 5},
	{"e", 10}, {"n", 8}, {"d", 6}, {"a", 8}, {"m", 8}, {"p", 8}, {"P", 6}, {"s", 4}, {"S", 3},
	{"x", 3}, {"+", 3}, {"t", 3}, {"i", 3}, {"u", 3}, {"v", 3}, {"1", 3}, {"2", 2}, {"3", 2},
	{"ctrl+s", 8}, {"ctrl+n", 3}, {"ctrl+o", 2}, {"ctrl+a", 1}, {"ctrl+e", 1}, {"ctrl+k", 1}, {"ctrl+w", 1},
	{":", 5}, {"ctrl+x", 1}, {"q", 2}, {"Q", 1}, {"ctrl+c", 1}, {"ctrl+z", 1},
	{"@", 3}, {"-", 2}, {"_", 1}, {"é", 1}, {"東", 1}, {"😀", 1},
}

var monkeyKeysTotal = func() int {
	n := 0
	for _, k := range monkeyKeys {
		n += k.weight
	}
	return n
}()

// drawKey draws a key, leaning towards what a person would press where the monkey is: an
// answer to a question on screen, y in a confirmation box or the change review, esc when it has
// been stuck on one pane (a form, a picker) for a while.
func (m *monkey) drawKey() tea.KeyMsg {
	if a := m.app.asked; a != nil && m.rng.IntN(2) == 0 {
		var opts []string
		for _, ans := range a.q.answers {
			if ans.choice != "" {
				opts = append(opts, ans.choice)
			}
		}
		if len(opts) > 0 && m.rng.IntN(3) > 0 {
			return monkeyKey(opts[m.rng.IntN(len(opts))])
		}
		return monkeyKey([]string{"y", "n", "esc"}[m.rng.IntN(3)])
	}
	if m.app.asked != nil && m.rng.IntN(5) < 2 {
		return monkeyKey("y")
	}
	switch m.app.top().(type) {
	case *reviewPane:
		if m.rng.IntN(5) < 2 {
			return monkeyKey("y")
		}
	case *formPane, *batchPane:
		if m.rng.IntN(25) == 0 {
			return monkeyKey("ctrl+s")
		}
	}
	if m.cfg.writes && m.rng.IntN(12) == 0 { // the keys that lead to writes, more often
		return monkeyKey([]string{"d", "e", "n", "ctrl+s", "P", "+", "s", " "}[m.rng.IntN(8)])
	}
	if m.stuck > 25 && m.rng.IntN(200) < min(100, m.stuck) {
		return monkeyKey("esc")
	}
	return m.anyKey()
}

// anyKey draws from the whole alphabet.
func (m *monkey) anyKey() tea.KeyMsg {
	if m.rng.IntN(8) == 0 { // a letter or digit, as typed into an input
		const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@"
		return monkeyKey(string(alnum[m.rng.IntN(len(alnum))]))
	}
	r := m.rng.IntN(monkeyKeysTotal)
	for _, k := range monkeyKeys {
		if r < k.weight {
			return monkeyKey(k.key)
		}
		r -= k.weight
	}
	return monkeyKey("j")
}

// monkeyKey builds a key message as Bubble Tea reads it from the terminal.
func monkeyKey(s string) tea.KeyMsg { return press(s) }

// drawPaste: addresses the sandbox holds, lists of them, hostile payloads, long and odd text.
func (m *monkey) drawPaste() string {
	hostile := hubspottest.HostileSequences()
	switch m.rng.IntN(7) {
	case 0:
		return m.emails[m.rng.IntN(len(m.emails))]
	case 1:
		var b strings.Builder
		for range 1 + m.rng.IntN(30) {
			b.WriteString(m.emails[m.rng.IntN(len(m.emails))])
			b.WriteString([]string{"\n", ", ", "; ", " ", "\t"}[m.rng.IntN(5)])
		}
		return b.String()
	case 2:
		return "Mallory" + hostile[m.rng.IntN(len(hostile))] + "@example.com"
	case 3:
		return strings.Repeat("long value ", 1+m.rng.IntN(2000))
	case 4:
		return "\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202e\u200b\r\n\x00\x7f\u009b31m"
	case 5:
		return "Ünïcödé 東京 😀 " + strconv.Itoa(m.rng.IntN(1e6))
	}
	rs := make([]rune, 1+m.rng.IntN(40))
	for i := range rs {
		rs[i] = rune(m.rng.IntN(0x3000))
	}
	return string(rs)
}

func (m *monkey) drawSize() (int, int) {
	switch m.rng.IntN(6) {
	case 0:
		return 1 + m.rng.IntN(minWidth), 1 + m.rng.IntN(minHeight+4) // too small, or nearly
	case 1:
		return 200 + m.rng.IntN(100), 60 + m.rng.IntN(40)
	}
	return minWidth + m.rng.IntN(100), minHeight + m.rng.IntN(40)
}

func (m *monkey) drawMouse() tea.MouseMsg {
	buttons := []tea.MouseButton{tea.MouseButtonWheelUp, tea.MouseButtonWheelDown, tea.MouseButtonLeft, tea.MouseButtonRight}
	b := buttons[m.rng.IntN(len(buttons))]
	action := tea.MouseActionPress
	if b == tea.MouseButtonLeft && m.rng.IntN(2) == 0 {
		action = tea.MouseActionRelease
	}
	return tea.MouseMsg{X: m.rng.IntN(max(1, m.width)), Y: m.rng.IntN(max(1, m.height)), Button: b, Action: action}
}

// confine keeps the app's files in the monkey's directory: before enter reaches a file box
// (export writes the file at once; import reads one and writes its failures beside it), the box
// is pointed at a file there. Export files are then imported back now and then.
func (m *monkey) confine(k tea.KeyMsg) {
	if k.Type != tea.KeyEnter || m.app.asked != nil {
		return
	}
	switch p := m.app.top().(type) {
	case *exportPane:
		if p.stage == exportPath {
			m.exported = filepath.Join(m.cfg.dir, fmt.Sprintf("export-%d.csv", m.step))
			p.input.SetValue(m.exported)
		}
	case *importPane:
		if p.stage == importPath {
			p.input.SetValue(cmp.Or(m.exported, filepath.Join(m.cfg.dir, "none.csv")))
		}
	}
}

// commits reports whether k, pressed now, is a key that commits a write: yes to a question
// (but quitting or discarding; a choice among several never writes: it opens another question,
// or copies), y or ctrl+s on the change review, P (pin/unpin) or c (complete/reopen a task) on
// an activity, c in My tasks, enter when adding a secondary email or choosing an association's
// label. An open question takes the key first.
func (m *monkey) commits(k tea.KeyMsg) bool {
	if a := m.app.asked; a != nil {
		if len(a.q.answers) != 1 || a.q.answers[0].choice != "" || a.q.title == "Quit" || strings.HasPrefix(a.q.title, "Discard") {
			return false
		}
		return m.app.env.keys.Yes.Matches(k)
	}
	s := k.String()
	switch m.app.top().(type) {
	case *reviewPane:
		return s == "y" || s == "Y" || m.app.env.keys.Save.Matches(k)
	case *activitiesPane, *activityPane:
		return m.app.env.keys.Pin.Matches(k) || m.app.env.keys.TaskDone.Matches(k)
	case *myTasksPane:
		return m.app.env.keys.TaskDone.Matches(k)
	case *emailsPane, *assocAddPane:
		return s == "enter"
	}
	return false
}

// --- the checks ---

// check looks at the frame after a step.
func (m *monkey) check(what string) {
	frame := m.app.View()
	if strings.Contains(frame, "waiting ") || strings.Contains(frame, "retrying in") || strings.Contains(frame, "Waiting ") || strings.Contains(frame, "Retrying in") {
		m.stats.waitsShown++
	}
	if strings.Contains(frame, "✗ ") {
		m.stats.errorsShown++
	}
	if p := frameProblem(frame, m.width, m.height, m.app.tooSmall()); p != "" {
		m.fail("after %s the frame %s:\n%s", what, p, frame)
	}
	if len(m.app.stack) == 0 {
		m.fail("after %s the pane stack is empty", what)
	}
}

// frameProblem: a frame holds no escape sequence (the colour profile is Ascii, so the app draws
// none of its own), no control character but newlines, no bidi or invisible format character,
// and fits the terminal (when the terminal is big enough to lay out on: exactly its height).
func frameProblem(frame string, w, h int, tooSmall bool) string {
	for i, r := range frame {
		switch {
		case r == '\n':
		case r == utf8RuneError && !strings.HasPrefix(frame[i:], "\uFFFD"):
			return fmt.Sprintf("holds a byte that is not UTF-8 at %d", i)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			return fmt.Sprintf("holds %U at byte %d", r, i)
		}
	}
	if w == 0 {
		return ""
	}
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			return fmt.Sprintf("has line %d %d cells wide on a %d-cell terminal", i+1, lw, w)
		}
	}
	if !tooSmall && len(lines) != h {
		return fmt.Sprintf("has %d lines on a %d-line terminal", len(lines), h)
	}
	return ""
}

const utf8RuneError = '\uFFFD'

// checkWrites looks at the requests the step sent: without writes allowed there must be none;
// with them, only a step whose key committed a write may have sent one (every step settles, so
// the writes a key causes arrive during its own step).
func (m *monkey) checkWrites(commit bool) {
	reqs := m.sb.srv.Requests()
	m.sb.srv.ResetRequests()
	var writes []string
	for _, r := range reqs {
		m.stats.requests++
		if r.Fault != hubspottest.FaultNone {
			m.stats.faults++
		}
		if r.IsWrite() {
			m.stats.writes++
			writes = append(writes, r.Method+" "+r.Path+" "+string(r.Body))
		}
	}
	if len(writes) == 0 {
		return
	}
	if !m.cfg.writes {
		m.fail("writes reached HubSpot though no key asked for one:\n%s", strings.Join(writes, "\n"))
	}
	if !commit {
		m.fail("writes reached HubSpot after a key that commits none:\n%s", strings.Join(writes, "\n"))
	}
}

// checkQuit: the program quits only on q or ctrl+c, or on y to its "Quit anyway?" question.
func (m *monkey) checkQuit(k tea.KeyMsg) {
	m.drain()
	if !m.quitSeen {
		return
	}
	m.quitSeen = false
	m.stats.quits++
	if s := k.String(); s != "q" && s != "ctrl+c" && s != "y" && s != "Y" {
		m.fail("the app quit on %q", s)
	}
}

func (m *monkey) checkClipboard() {
	m.clipMu.Lock()
	defer m.clipMu.Unlock()
	for _, s := range m.copied {
		if p := frameProblem(s, 0, 0, true); p != "" { // lists copy one item a line
			m.fail("the clipboard got %q: %s", s, p)
		}
	}
}

// quitAtTheEnd: back out of whatever is open (discarding unsaved work when asked), then q must
// quit. Every key is followed by a full settle.
func (m *monkey) quitAtTheEnd() {
	m.settle(time.Second, true)
	m.quitSeen = false
	for range 40 {
		var k string
		switch {
		case m.app.asked != nil && (strings.Contains(m.app.asked.q.text, "Discard") || strings.Contains(m.app.asked.q.text, "Quit anyway")):
			k = "y"
		case m.app.asked != nil, len(m.app.stack) > 1, isCapturing(m.app.top()), m.app.showHelp:
			k = "esc"
		default:
			k = "q"
		}
		m.note("end: key " + k)
		m.deliver(monkeyKey(k))
		m.settle(100*time.Millisecond, true)
		if m.quitSeen {
			return
		}
	}
	m.fail("the app did not quit on q at the end (top pane %s)", m.paneName())
}

// ansiShort shows at most 60 characters of a paste.
func ansiShort(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
