package ui

import (
	"context"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"io"
	"maps"
	"net"
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// tui is the one harness that runs the whole app: each message goes through App.Update the
// way Bubble Tea's program does, every command it returns runs on its own goroutine (batches
// concurrently, sequences in order) and the messages they produce are fed back, in the order
// their commands started. What the screen shows is App.View, the frame the renderer draws.
// Nothing waits on the wall clock:
//
//   - In a testing/synctest bubble (inBubble, the monkey, the fault tests) the sandbox is served
//     over a pipeNet and reached by the real client, and requests, faults, retries, rate-limit
//     waits and the app's own timers all run on the bubble's fake clock.
//   - Outside one (app, appAt: the flows) the sandbox is the test's own on loopback, the
//     client's clock is the test's, and the app's timers (the pause before a search, a notice's
//     life, the spinner) are virtual: they fire, earliest first, only when nothing else is
//     running. A wait for the screen delivers message after message until a frame shows what
//     it waits for, or nothing is left to run.
//
// Every test that reaches the sandbox through the client runs under both of HubSpot's API
// families, the numbered v3 paths and the dated 2026-03 ones (families.Run: TestX/v3 and
// TestX/2026-03); the constructors (sandbox, editSandbox, relSandbox, resourceSandbox,
// newBubbleLoop, inBubble, goldenApp, newHostileHub) take the family, and the sandbox fails the
// test for a request on another family's path. So every pane's flows, and every endpoint the
// panes call, run under each family. The long runs whose cost is their size (the two monkeys,
// the resource measurements) are the exception: each runs once, under the family longRun gives
// it, so each family has a monkey and a resource run while the suite pays for one of each.
type tui struct {
	t        testing.TB
	app      *App
	sb       *bubbleSandbox
	relay    *WaitRelay
	jobs     []*loopJob
	stop     chan struct{}
	stopped  bool
	width    int
	height   int
	quitSeen bool
	handled  int      // messages delivered in the current settle
	recent   []string // the latest messages' types, for a livelock's report
	// context adds to a failure's report (the monkey's last steps).
	context func() string

	clipMu sync.Mutex
	copied []string

	// virtual: outside a bubble, the app's timers are the harness's (timers, at).
	virtual bool
	waits   <-chan waitMsg // outside a bubble, the API layer's waits come here, not to a command
	timers  []vtimer
	at      time.Time
	frames  strings.Builder // every frame since the start, when keep is set (always outside a bubble)
	keep    bool
	read    int // how much of frames Output has given
}

// vtimer is an app timer on the virtual clock; vtimerMsg asks for one (env.after's command).
type vtimer struct {
	at   time.Time
	fire func(time.Time) tea.Msg
}

type vtimerMsg struct{ vtimer }

// loopJob is a command running on its own goroutine; its messages arrive on ch, which closes
// when it is done.
type loopJob struct{ ch chan loopEvent }

type loopEvent struct {
	msg   tea.Msg
	batch []tea.Cmd
	panic any
	stack []byte
}

// loopStepBudget is the fake time a step may take to settle: far more than the slowest
// legitimate step (retries with backoff, ten-second 429 waits, a few requests in a row).
// loopStepMessages bounds the messages one step may cause: more is a livelock (messages
// feeding each other without end).
const (
	loopStepBudget   = 10 * time.Minute
	loopStepMessages = 200_000
)

// newBubbleLoop starts a sandbox with opts, runs prepare (may be nil) with a client of it
// speaking fam, then starts the app at 120×36 and lets it load.
func newBubbleLoop(t *testing.T, fam families.Family, opts hubspottest.Options, prepare func(*api.Client), mods ...func(*Options)) *tui {
	l := &tui{t: t, stop: make(chan struct{}), relay: NewWaitRelay(), context: func() string { return "" }}
	sb, err := newBubbleSandbox(opts, api.Config{APIVersion: fam.Version, OnWait: l.relay.OnWait})
	if err != nil {
		t.Fatal(err)
	}
	fam.Watch(t, sb.srv)
	l.sb = sb
	if prepare != nil {
		prepare(sb.client)
	}
	o := Options{Client: sb.client, Profile: "bubble", PortalID: hubspottest.DefaultPortalID,
		Config: config.Defaults(""), Waits: l.relay, loc: time.UTC,
		copy: func(s string) error {
			l.clipMu.Lock()
			defer l.clipMu.Unlock()
			l.copied = append(l.copied, s)
			return nil
		},
		browse: func(string) error { return nil },
	}
	for _, m := range mods {
		m(&o)
	}
	app, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	l.app = app
	l.spawn(app.Init())
	l.resize(120, 36)
	l.settle(time.Second, true)
	return l
}

// press delivers keys, settling fully after each.
func (u *tui) press(keys ...string) {
	for _, k := range keys {
		u.deliver(monkeyKey(k))
		u.settle(0, true)
	}
}

// write sends the bytes a terminal would, read in one go: bubbletea's own input reader turns
// them into key messages ("\x1b\x1b" is alt+esc there), delivered in order, then it settles.
func (u *tui) write(raw string) {
	for _, k := range decodeKeys(raw) {
		u.deliver(k)
	}
	u.settle(0, true)
}

// decodeKeys runs raw through a bubbletea program's input reader (inside the bubble: it waits
// for the reader to be done with the bytes without waiting on the clock).
func decodeKeys(raw string) []tea.KeyMsg {
	got := make(chan tea.KeyMsg, len(raw))
	in, w := io.Pipe()
	p := tea.NewProgram(keyDecoder{got}, tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(), tea.WithoutRenderer())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	_, _ = w.Write([]byte(raw))
	synctest.Wait()
	p.Quit()
	_ = w.Close()
	<-done
	close(got)
	var out []tea.KeyMsg
	for k := range got {
		out = append(out, k)
	}
	return out
}

// keyDecoder hands every key it gets to a channel.
type keyDecoder struct{ got chan<- tea.KeyMsg }

func (d keyDecoder) Init() tea.Cmd { return nil }
func (d keyDecoder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		d.got <- k
	}
	return d, nil
}
func (d keyDecoder) View() string { return "" }

// typeText types s one rune at a time.
func (u *tui) typeText(s string) {
	for _, r := range s {
		u.deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	u.settle(0, true)
}

// frame is what the terminal shows now.
func (u *tui) frame() string { return u.app.View() }

// shows fails unless the frame holds every text.
func (u *tui) shows(texts ...string) {
	u.t.Helper()
	f := u.frame()
	for _, s := range texts {
		if !strings.Contains(f, s) {
			u.fail("the screen does not show %q:\n%s", s, f)
		}
	}
}

// spawn runs cmd on its own goroutine, as Bubble Tea does.
func (u *tui) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	j := &loopJob{ch: make(chan loopEvent)}
	u.jobs = append(u.jobs, j)
	go u.exec(j, cmd)
}

func (u *tui) exec(j *loopJob, cmd tea.Cmd) {
	defer close(j.ch)
	defer func() {
		if r := recover(); r != nil {
			u.emit(j, loopEvent{panic: r, stack: debug.Stack()})
		}
	}()
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		u.emit(j, loopEvent{batch: b})
		return
	}
	u.result(j, msg)
}

// result hands a command's message to the loop; a sequence runs its commands in order on this
// goroutine, each message delivered before the next command starts (Bubble Tea's
// execSequenceMsg), and a batch inside it runs in place.
func (u *tui) result(j *loopJob, msg tea.Msg) bool {
	if cmds, ok := cmdList(msg); ok {
		for _, c := range cmds {
			if c != nil && !u.result(j, c()) {
				return false
			}
		}
		return true
	}
	if msg == nil {
		return true
	}
	return u.emit(j, loopEvent{msg: msg})
}

// cmdList recognises tea.BatchMsg and Bubble Tea's unexported sequenceMsg (both []tea.Cmd).
func cmdList(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

func (u *tui) emit(j *loopJob, ev loopEvent) bool {
	select {
	case j.ch <- ev:
		return true
	case <-u.stop:
		return false
	}
}

// ready takes the first message waiting, in the order the commands were started.
func (u *tui) ready() (loopEvent, bool) {
	select {
	case w := <-u.waits:
		return loopEvent{msg: w}, true
	default:
	}
	for i := 0; i < len(u.jobs); i++ {
		select {
		case ev, ok := <-u.jobs[i].ch:
			if !ok {
				u.jobs = slices.Delete(u.jobs, i, i+1)
				i--
				continue
			}
			return ev, true
		default:
		}
	}
	return loopEvent{}, false
}

// drain handles every message that is ready without letting fake time pass.
func (u *tui) drain() {
	for {
		if !u.virtual {
			synctest.Wait()
		}
		ev, ok := u.ready()
		if !ok {
			return
		}
		u.handle(ev)
	}
}

// settle lets fake time pass for at least think and, with full, until no request is in flight.
func (u *tui) settle(think time.Duration, full bool) {
	u.handled = 0
	if u.virtual {
		u.settleVirtual(think, full)
		return
	}
	start := time.Now()
	until, limit := start.Add(think), start.Add(loopStepBudget)
	for {
		u.drain()
		now := time.Now()
		if !now.Before(limit) {
			u.fail("hang: the step did not settle within %s of (fake) time; in flight: %v; on screen:\n%s",
				loopStepBudget, u.app.status.inflight, u.frame())
		}
		if !now.Before(until) && !(full && u.busy()) {
			return
		}
		deadline := until
		if !now.Before(until) {
			deadline = limit
		}
		u.waitEvent(deadline)
	}
}

// settleVirtual runs every command to its end, and the app's timers due within think (with
// full, every one while work is in flight).
func (u *tui) settleVirtual(think time.Duration, full bool) {
	until := u.at.Add(think)
	for {
		u.drain()
		switch {
		case len(u.jobs) > 0:
			u.waitEvent(time.Time{})
		case len(u.timers) > 0 && (!u.timers[0].at.After(until) || full && u.busy()):
			u.fireTimer()
		default:
			return
		}
	}
}

// waitFor delivers message after message (commands run to their end; in virtual time, timers
// fire when nothing else runs) until a frame satisfies done, or nothing is left to run.
func (u *tui) waitFor(done func(frame string) bool) bool {
	u.handled = 0
	if !u.virtual {
		u.settle(0, true)
		return done(u.frame())
	}
	limit := u.at.Add(loopStepBudget) // timers that come back (the index's sync) fire forever
	for {
		if done(u.frame()) {
			u.afterNotice()
			return true
		}
		if u.at.After(limit) {
			return false
		}
		if !u.step() {
			return done(u.frame())
		}
	}
}

// step handles one thing in virtual time: a message ready, else the next that a command
// yields, else the earliest timer; false when nothing is left to run.
func (u *tui) step() bool {
	if ev, ok := u.ready(); ok {
		u.handle(ev)
		return true
	}
	switch {
	case len(u.jobs) > 0:
		u.waitEvent(time.Time{})
	case len(u.timers) > 0:
		u.fireTimer()
	default:
		return false
	}
	return true
}

// afterNotice: a notice shows at once, over requests still in flight (a pane reloading after
// the change it reports), where the status line used to show them until they ended. A person
// reads the sentence meanwhile: those requests end before the next input, as they did.
func (u *tui) afterNotice() {
	if u.app.status.notice == "" {
		return
	}
	u.yield() // the requests the change started are in flight now, not only on their way
	waiting := maps.Clone(u.app.status.inflight)
	limit := u.at.Add(loopStepBudget)
	for {
		open := false
		for id := range waiting {
			if _, ok := u.app.status.inflight[id]; ok {
				open = true
			}
		}
		if !open || u.at.After(limit) || !u.step() {
			return
		}
	}
}

// after is the app's timer in virtual time: its command asks the harness for the timer.
func (u *tui) after(d time.Duration, fire func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return vtimerMsg{vtimer{at: u.at.Add(d), fire: fire}} }
}

// fireTimer moves the virtual clock to the earliest timer and delivers what it says.
func (u *tui) fireTimer() {
	tm := u.timers[0]
	u.timers = u.timers[1:]
	u.at = tm.at
	u.deliver(tm.fire(tm.at))
}

// busy reports work in flight: a request (the status bar's spinner), or an import or export
// job (which shows its own progress bar instead).
func (u *tui) busy() bool {
	if u.app.status.busy() {
		return true
	}
	for _, p := range u.app.stack {
		switch p := p.(type) {
		case *importPane:
			if p.stage == importRunning {
				return true
			}
		case *exportPane:
			if p.stage == exportRunning {
				return true
			}
		}
	}
	return false
}

// waitEvent blocks (durably, so fake time moves) until a command yields or deadline passes.
func (u *tui) waitEvent(deadline time.Time) {
	var never chan time.Time // virtual time: only a command can end the wait
	cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(never)}}
	if !u.virtual {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		cases[0].Chan = reflect.ValueOf(timer.C)
	}
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(u.waits)})
	for _, j := range u.jobs {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(j.ch)})
	}
	i, v, ok := reflect.Select(cases)
	switch {
	case i == 0:
	case i == 1:
		u.deliver(v.Interface().(waitMsg))
		return
	case !ok:
		u.jobs = slices.Delete(u.jobs, i-2, i-1)
	default:
		u.handle(v.Interface().(loopEvent))
	}
}

func (u *tui) handle(ev loopEvent) {
	switch {
	case ev.panic != nil:
		u.fail("a command panicked: %v\n%s", ev.panic, ev.stack)
	case ev.batch != nil:
		for _, c := range ev.batch {
			u.spawn(c)
		}
	default:
		u.deliver(ev.msg)
	}
}

// deliver gives the app one message, as Bubble Tea's event loop does: its own messages
// (quit, suspend, window title…) stop at the program; everything else goes to Update.
func (u *tui) deliver(msg tea.Msg) {
	u.handled++
	if u.recent = append(u.recent, fmt.Sprintf("%T", msg)); len(u.recent) > 20 {
		u.recent = u.recent[1:]
	}
	if u.handled > loopStepMessages {
		u.fail("livelock: %d messages in one step without settling; the latest: %v", u.handled, u.recent)
	}
	switch m := msg.(type) {
	case tea.QuitMsg:
		u.quitSeen = true
		return
	case vtimerMsg:
		i, _ := slices.BinarySearchFunc(u.timers, m.at, func(t vtimer, at time.Time) int { return t.at.Compare(at) })
		for i < len(u.timers) && u.timers[i].at.Equal(m.at) {
			i++ // timers due at once fire in the order they were set
		}
		u.timers = slices.Insert(u.timers, i, m.vtimer)
		return
	}
	if t := reflect.TypeOf(msg); t != nil && t.PkgPath() == "github.com/charmbracelet/bubbletea" && !exported(t.Name()) {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			u.fail("Update panicked on %T %v: %v\n%s", msg, msg, r, debug.Stack())
		}
	}()
	_, cmd := u.app.Update(msg)
	if u.keep {
		u.frames.WriteString(u.app.View() + "\n")
	}
	u.spawn(cmd)
}

func exported(name string) bool { return name != "" && unicode.IsUpper([]rune(name)[0]) }

func (u *tui) resize(w, h int) {
	u.width, u.height = w, h
	u.deliver(tea.WindowSizeMsg{Width: w, Height: h})
}

// shutdown stops everything the bubble started, so synctest.Test can return: commands still
// running hand nothing over, the sandbox and the client's connections close, fake time runs on
// until every timer has fired and every request has given up, then the wait relay closes (no
// request is left to report a wait) and its listener ends.
func (u *tui) shutdown() {
	if u.stopped {
		return
	}
	u.stopped = true
	close(u.stop)
	if u.virtual {
		return // the test's own sandbox closes with the test
	}
	u.sb.close()
	time.Sleep(time.Hour)
	close(u.relay.ch)
	time.Sleep(time.Hour)
}

// fail reports, stops the bubble's work and ends the test.
func (u *tui) fail(format string, args ...any) {
	u.t.Helper()
	u.t.Log(fmt.Sprintf(format, args...) + u.context())
	u.shutdown()
	u.t.FailNow()
}

// appAt starts the app at w×h on the test's own sandbox behind c, outside a bubble: the app's
// timers are virtual (see tui). Clipboard and browser do nothing unless mods say otherwise.
func appAt(t testing.TB, c *api.Client, w, h int, mods ...func(*Options)) *tui {
	t.Helper()
	u := &tui{t: t, stop: make(chan struct{}), virtual: true, keep: true, at: testStart, context: func() string { return "" }}
	opts := Options{Client: c, Profile: "test", PortalID: hubspottest.DefaultPortalID, Config: config.Defaults(""),
		loc: time.UTC, copy: func(string) error { return nil }, browse: func(string) error { return nil }}
	for _, m := range mods {
		m(&opts)
	}
	m, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	m.env.after, m.status.after = u.after, u.after
	u.waits, m.waits = m.waits, nil // a source of messages, not work to wait for
	u.app = m
	t.Cleanup(u.shutdown)
	u.spawn(m.Init())
	u.resize(w, h)
	return u
}

// app starts the app at 120×36 (see appAt).
func app(t testing.TB, c *api.Client, mods ...func(*Options)) *tui {
	t.Helper()
	return appAt(t, c, 120, 36, mods...)
}

// yield lets what is already running and needs no more than the processor (a command that
// hands back a message it holds) finish and be handled before the next input, as it would while
// a person reads the screen; a request to the sandbox or a timer is not waited for.
func (u *tui) yield() {
	if !u.virtual {
		return
	}
	for range 100 {
		u.drain()
		if len(u.jobs) == 0 {
			return
		}
		runtime.Gosched()
	}
	u.drain()
}

// Type types s, one key a byte (as a terminal sends plain text).
func (u *tui) Type(s string) {
	u.yield()
	for _, b := range []byte(s) {
		u.deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune(b)}})
	}
}

// Send gives the app a message (a key, a paste) as its terminal would.
func (u *tui) Send(msg tea.Msg) {
	u.yield()
	u.deliver(msg)
}

// Output is every frame the app drew since the last call, one after another: what its terminal
// received (the renderer draws these frames, and nothing of the data besides).
func (u *tui) Output() io.Reader {
	s := u.frames.String()[u.read:]
	u.read = u.frames.Len()
	return strings.NewReader(s)
}

// screenShows waits until a frame holds every text.
func screenShows(t testing.TB, u *tui, texts ...string) {
	t.Helper()
	if !u.waitFor(func(f string) bool { return containsAll(f, texts) }) {
		t.Fatalf("the screen never showed %q; nothing is left to run. The screen:\n%s", texts, u.frame())
	}
}

// screenMatches waits until a frame matches re.
func screenMatches(t testing.TB, u *tui, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	if !u.waitFor(rx.MatchString) {
		t.Fatalf("the screen never matched %q; nothing is left to run. The screen:\n%s", re, u.frame())
	}
}

func containsAll(s string, texts []string) bool {
	for _, x := range texts {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// keys presses keys (named as bubbletea names them), without waiting for what they start.
func keys(u *tui, ks ...string) {
	u.yield()
	for _, k := range ks {
		u.deliver(press(k))
	}
}

// sendKeys is keys (the form's control keys included).
func sendKeys(u *tui, ks ...string) { keys(u, ks...) }

// quit presses ctrl+c (q would be typed into a focused box) and returns the app as it ended.
func quit(t testing.TB, u *tui) *App {
	t.Helper()
	u.settle(0, true) // what the last keys started ends first, as it would while a person reads the screen
	keys(u, "ctrl+c")
	if !u.waitFor(func(string) bool { return u.quitSeen }) {
		t.Fatalf("the app did not quit on ctrl+c. The screen:\n%s", u.frame())
	}
	u.shutdown()
	return u.app
}

// inBubble runs f with a tui (see newBubbleLoop), and shuts it down after.
func inBubble(t *testing.T, fam families.Family, opts hubspottest.Options, prepare func(*api.Client), f func(u *tui), mods ...func(*Options)) {
	synctest.Test(t, func(t *testing.T) {
		l := newBubbleLoop(t, fam, opts, prepare, mods...)
		defer l.shutdown()
		f(l)
	})
}

// pipeNet is an in-memory network for a sandbox inside a testing/synctest bubble: HTTP/1.1
// between the real client and the real sandbox over net.Pipe connections instead of loopback
// TCP, because a goroutine blocked on a socket is never "durably blocked" and would keep the
// bubble's fake clock from moving. Everything else — the client's transport, retries, limiter
// and timeouts, the sandbox's handlers, faults, limits and request log — is the real thing.
type pipeNet struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeNet() *pipeNet {
	return &pipeNet{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept hands the server the far end of each dialled pipe.
func (p *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.closed:
		return nil, net.ErrClosed
	}
}

func (p *pipeNet) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

// Addr is a loopback address, so the client's https-or-loopback rule lets plain http through.
func (p *pipeNet) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }

func (p *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-p.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// bubbleSandbox is a sandbox served over a pipeNet and a client dialling it; close stops both
// (the server's connections, then the client's idle ones).
type bubbleSandbox struct {
	srv    *hubspottest.Server
	client *api.Client
	tr     *http.Transport
}

func newBubbleSandbox(opts hubspottest.Options, cfg api.Config) (*bubbleSandbox, error) {
	pn := newPipeNet()
	srv := hubspottest.Listen(pn, opts)
	tr := &http.Transport{DialContext: pn.dial, MaxIdleConnsPerHost: 8}
	cfg.BaseURL, cfg.Token, cfg.HTTPClient = srv.URL, srv.Token, &http.Client{Transport: tr}
	c, err := api.New(cfg)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &bubbleSandbox{srv: srv, client: c, tr: tr}, nil
}

func (b *bubbleSandbox) close() {
	b.srv.Close()
	b.tr.CloseIdleConnections()
}

// longRun runs a long test once, as a subtest named after the family the table gives it: the
// monkey that writes and the 10,000 associations (where the families' association endpoints
// differ) under the dated family, the reading monkey and the megabyte values under v3.
func longRun(t *testing.T, test func(t *testing.T, fam families.Family)) {
	t.Helper()
	fam := families.V3()
	switch t.Name() {
	case "TestMonkeyWritesOnlyWhenConfirmed", "TestResourcesTenThousandAssociations":
		fam = families.Dated()
	}
	t.Run(fam.Name, func(t *testing.T) { test(t, fam) })
}

// flowSizes are the sizes the app is laid out for, where space matters: the smallest
// comfortable terminal and a common one.
func flowSizes() [][2]int { return [][2]int{{80, 24}, {120, 36}} }

// eachSize runs f as a subtest at each flow size.
func eachSize(t *testing.T, f func(t *testing.T, w, h int)) {
	for _, s := range flowSizes() {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) { f(t, s[0], s[1]) })
	}
}

// screenLines is the app's screen as the user sees it: its lines without styling, right spaces
// trimmed.
func screenLines(m *App) []string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// screenMatchesAll waits until the output matches every pattern, in any order.
func screenMatchesAll(t *testing.T, tm *tui, res ...string) {
	t.Helper()
	rxs := make([]*regexp.Regexp, len(res))
	for i, re := range res {
		rxs[i] = regexp.MustCompile(re)
	}
	if !tm.waitFor(func(f string) bool {
		for _, rx := range rxs {
			if !rx.MatchString(f) {
				return false
			}
		}
		return true
	}) {
		t.Fatalf("the screen never matched %q. The screen:\n%s", res, tm.frame())
	}
}
