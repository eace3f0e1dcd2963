package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// What the one-shot commands (get, search, import, export) share: progress and wait lines on
// standard error, the atomic output file, property lists from flags, the confirmation prompt.

// progressEvery is how often a long job prints a progress line.
const progressEvery = 2 * time.Second

// minNotedWait is the shortest API wait worth a line on standard error.
const minNotedWait = time.Second

// progressPrinter prints a job's progress to standard error as plain lines (never redrawn in
// place, so a log or a pipe keeps them all): the first event, then every few seconds, each
// noticeable wait, and the end. Safe for the API layer's goroutines.
type progressPrinter struct {
	mu   sync.Mutex
	w    io.Writer
	verb string // "imported", "exported"
	unit string // "rows", "contacts"
	last time.Time
	// waitedTo is when the waits said so far end: a wait that ends no later than a second
	// after it is news already told (the same wait seen again in a later event, or requests
	// in flight together waiting together: an import's hundred requests held by one full
	// window would otherwise be a hundred lines).
	waitedTo time.Time
	started  bool
}

func newProgressPrinter(w io.Writer, verb, unit string) *progressPrinter {
	return &progressPrinter{w: w, verb: verb, unit: unit}
}

// event is bulk.Meter's Notify.
func (p *progressPrinter) event(pr bulk.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !pr.WaitAt.IsZero() && pr.Wait.Duration >= minNotedWait {
		if end := pr.WaitAt.Add(pr.Wait.Duration); end.Sub(p.waitedTo) >= minNotedWait {
			p.waitedTo = end
			fmt.Fprintf(p.w, "hubcontacts: %s\n", pr.Wait.String())
		}
	}
	if pr.Finished || !p.started || now.Sub(p.last) >= progressEvery {
		p.started, p.last = true, now
		fmt.Fprintln(p.w, "hubcontacts: "+p.line(pr))
	}
}

// line is one progress line: "4,300 of 10,000 rows imported (43%) · 812 rows/s · created 2,100,
// updated 2,190, failed 10 · waited 4 s for HubSpot's limits".
func (p *progressPrinter) line(pr bulk.Progress) string {
	s := fmt.Sprintf("%s %s %s", value.Thousands(pr.Done), p.unit, p.verb)
	if pr.Total > 0 {
		s = fmt.Sprintf("%s of %s %s %s (%d%%)", value.Thousands(pr.Done), value.Thousands(pr.Total), p.unit, p.verb, int(pr.Fraction()*100))
	}
	s += fmt.Sprintf(" · %s %s/s", value.Thousands(int(pr.PerSecond()+0.5)), p.unit)
	if pr.Created+pr.Updated+pr.Failed > 0 {
		s += fmt.Sprintf(" · created %s, updated %s, failed %s", value.Thousands(pr.Created), value.Thousands(pr.Updated), value.Thousands(pr.Failed))
	}
	if pr.Waited >= minNotedWait {
		s += fmt.Sprintf(" · waited %s for HubSpot's limits", pr.Waited.Round(time.Second))
	}
	return s
}

// waitNoter prints the API layer's noticeable waits to standard error (get, search).
func waitNoter(w io.Writer) func(api.Wait) {
	var mu sync.Mutex
	return func(wt api.Wait) {
		if wt.Duration < minNotedWait {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "hubcontacts: %s\n", wt.String())
	}
}

// count is "1 row", "2,000 rows".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return value.Thousands(n) + " " + noun + "s"
}

// splitList reads a comma-separated flag value ("email,firstname"), dropping blanks.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// stdinIsTerminal reports whether a person can answer a prompt.
func (r *runner) stdinIsTerminal() bool {
	f, ok := r.app.Stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stdoutIsTerminal reports whether standard output is a terminal (raw data must not go there).
func (r *runner) stdoutIsTerminal() bool {
	f, ok := r.app.Stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// confirm asks a yes/no question on standard error and reads the answer from standard input;
// only "y" or "yes" says yes. Ctrl-C (ctx) ends the wait at once.
func (r *runner) confirm(ctx context.Context, question string) (bool, error) {
	fmt.Fprintf(r.stderr, "%s [y/N] ", question)
	got := make(chan string, 1)
	go func() {
		var answer string
		_, _ = fmt.Fscanln(r.app.Stdin, &answer)
		got <- answer
	}()
	select {
	case answer := <-got:
		answer = strings.ToLower(strings.TrimSpace(answer))
		return answer == "y" || answer == "yes", nil
	case <-ctx.Done():
		fmt.Fprintln(r.stderr)
		return false, ctx.Err()
	}
}

// show is HubSpot's (or a file's) text made safe for the terminal.
func show(s string) string { return sanitize.Display(s) }
