package ui

import (
	"context"
	"fmt"
	"io"
	"reflect"
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
)

// bubbleLoop runs the whole app inside a testing/synctest bubble the way Bubble Tea's program
// does: each message goes through App.Update, every command it returns is executed on its own
// goroutine (batches concurrently, sequences in order), and the messages they produce are fed
// back. The sandbox is served over a pipeNet inside the bubble and reached by the real API
// client, so requests, faults, retries, rate-limit waits and the app's own timers all run on the
// bubble's fake clock: a ten-second 429 wait costs no real time, and nothing depends on the
// machine's speed. Messages are taken in the order their commands started, so a run is
// repeatable as far as the scheduler allows.
//
// Use it only inside synctest.Test. The monkey test drives it with random keys; the fault
// tests with scripted ones.
type bubbleLoop struct {
	t        *testing.T
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
}

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

// newBubbleLoop starts a sandbox with opts, runs prepare (may be nil) with a client of it, then
// starts the app at 120×36 and lets it load.
func newBubbleLoop(t *testing.T, opts hubspottest.Options, prepare func(*api.Client), mods ...func(*Options)) *bubbleLoop {
	l := &bubbleLoop{t: t, stop: make(chan struct{}), relay: NewWaitRelay(), context: func() string { return "" }}
	sb, err := newBubbleSandbox(opts, api.Config{OnWait: l.relay.OnWait})
	if err != nil {
		t.Fatal(err)
	}
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
func (l *bubbleLoop) press(keys ...string) {
	for _, k := range keys {
		l.deliver(monkeyKey(k))
		l.settle(0, true)
	}
}

// write sends the bytes a terminal would, read in one go: bubbletea's own input reader turns
// them into key messages ("\x1b\x1b" is alt+esc there), delivered in order, then it settles.
func (l *bubbleLoop) write(raw string) {
	for _, k := range decodeKeys(raw) {
		l.deliver(k)
	}
	l.settle(0, true)
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
func (l *bubbleLoop) typeText(s string) {
	for _, r := range s {
		l.deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	l.settle(0, true)
}

// frame is what the terminal shows now.
func (l *bubbleLoop) frame() string { return l.app.View() }

// shows fails unless the frame holds every text.
func (l *bubbleLoop) shows(texts ...string) {
	l.t.Helper()
	f := l.frame()
	for _, s := range texts {
		if !strings.Contains(f, s) {
			l.fail("the screen does not show %q:\n%s", s, f)
		}
	}
}

// spawn runs cmd on its own goroutine, as Bubble Tea does.
func (l *bubbleLoop) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	j := &loopJob{ch: make(chan loopEvent)}
	l.jobs = append(l.jobs, j)
	go l.exec(j, cmd)
}

func (l *bubbleLoop) exec(j *loopJob, cmd tea.Cmd) {
	defer close(j.ch)
	defer func() {
		if r := recover(); r != nil {
			l.emit(j, loopEvent{panic: r, stack: debug.Stack()})
		}
	}()
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		l.emit(j, loopEvent{batch: b})
		return
	}
	l.result(j, msg)
}

// result hands a command's message to the loop; a sequence runs its commands in order on this
// goroutine, each message delivered before the next command starts (Bubble Tea's
// execSequenceMsg), and a batch inside it runs in place.
func (l *bubbleLoop) result(j *loopJob, msg tea.Msg) bool {
	if cmds, ok := cmdList(msg); ok {
		for _, c := range cmds {
			if c != nil && !l.result(j, c()) {
				return false
			}
		}
		return true
	}
	if msg == nil {
		return true
	}
	return l.emit(j, loopEvent{msg: msg})
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

func (l *bubbleLoop) emit(j *loopJob, ev loopEvent) bool {
	select {
	case j.ch <- ev:
		return true
	case <-l.stop:
		return false
	}
}

// ready takes the first message waiting, in the order the commands were started.
func (l *bubbleLoop) ready() (loopEvent, bool) {
	for i := 0; i < len(l.jobs); i++ {
		select {
		case ev, ok := <-l.jobs[i].ch:
			if !ok {
				l.jobs = slices.Delete(l.jobs, i, i+1)
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
func (l *bubbleLoop) drain() {
	for {
		synctest.Wait()
		ev, ok := l.ready()
		if !ok {
			return
		}
		l.handle(ev)
	}
}

// settle lets fake time pass for at least think and, with full, until no request is in flight.
func (l *bubbleLoop) settle(think time.Duration, full bool) {
	l.handled = 0
	start := time.Now()
	until, limit := start.Add(think), start.Add(loopStepBudget)
	for {
		l.drain()
		now := time.Now()
		if !now.Before(limit) {
			l.fail("hang: the step did not settle within %s of (fake) time; in flight: %v; on screen:\n%s",
				loopStepBudget, l.app.status.inflight, l.frame())
		}
		if !now.Before(until) && !(full && l.busy()) {
			return
		}
		deadline := until
		if !now.Before(until) {
			deadline = limit
		}
		l.waitEvent(deadline)
	}
}

// busy reports work in flight: a request (the status bar's spinner), or an import or export
// job (which shows its own progress bar instead).
func (l *bubbleLoop) busy() bool {
	if l.app.status.busy() {
		return true
	}
	for _, p := range l.app.stack {
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
func (l *bubbleLoop) waitEvent(deadline time.Time) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(timer.C)}}
	for _, j := range l.jobs {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(j.ch)})
	}
	i, v, ok := reflect.Select(cases)
	switch {
	case i == 0:
	case !ok:
		l.jobs = slices.Delete(l.jobs, i-1, i)
	default:
		l.handle(v.Interface().(loopEvent))
	}
}

func (l *bubbleLoop) handle(ev loopEvent) {
	switch {
	case ev.panic != nil:
		l.fail("a command panicked: %v\n%s", ev.panic, ev.stack)
	case ev.batch != nil:
		for _, c := range ev.batch {
			l.spawn(c)
		}
	default:
		l.deliver(ev.msg)
	}
}

// deliver gives the app one message, as Bubble Tea's event loop does: its own messages
// (quit, suspend, window title…) stop at the program; everything else goes to Update.
func (l *bubbleLoop) deliver(msg tea.Msg) {
	l.handled++
	if l.recent = append(l.recent, fmt.Sprintf("%T", msg)); len(l.recent) > 20 {
		l.recent = l.recent[1:]
	}
	if l.handled > loopStepMessages {
		l.fail("livelock: %d messages in one step without settling; the latest: %v", l.handled, l.recent)
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		l.quitSeen = true
		return
	}
	if t := reflect.TypeOf(msg); t != nil && t.PkgPath() == "github.com/charmbracelet/bubbletea" && !exported(t.Name()) {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			l.fail("Update panicked on %T %v: %v\n%s", msg, msg, r, debug.Stack())
		}
	}()
	_, cmd := l.app.Update(msg)
	l.spawn(cmd)
}

func exported(name string) bool { return name != "" && unicode.IsUpper([]rune(name)[0]) }

func (l *bubbleLoop) resize(w, h int) {
	l.width, l.height = w, h
	l.deliver(tea.WindowSizeMsg{Width: w, Height: h})
}

// shutdown stops everything the bubble started, so synctest.Test can return: commands still
// running hand nothing over, the sandbox and the client's connections close, fake time runs on
// until every timer has fired and every request has given up, then the wait relay closes (no
// request is left to report a wait) and its listener ends.
func (l *bubbleLoop) shutdown() {
	if l.stopped {
		return
	}
	l.stopped = true
	close(l.stop)
	l.sb.close()
	time.Sleep(time.Hour)
	close(l.relay.ch)
	time.Sleep(time.Hour)
}

// fail reports, stops the bubble's work and ends the test.
func (l *bubbleLoop) fail(format string, args ...any) {
	l.t.Helper()
	l.t.Log(fmt.Sprintf(format, args...) + l.context())
	l.shutdown()
	l.t.FailNow()
}

// inBubble runs f with a bubbleLoop (see newBubbleLoop), and shuts it down after.
func inBubble(t *testing.T, opts hubspottest.Options, prepare func(*api.Client), f func(l *bubbleLoop), mods ...func(*Options)) {
	synctest.Test(t, func(t *testing.T) {
		l := newBubbleLoop(t, opts, prepare, mods...)
		defer l.shutdown()
		f(l)
	})
}
