//go:build linux

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// TestOnlyTheTUIAsksTheTerminal: one-shot commands on a terminal write their output and
// nothing else (Bubble Tea's start-up used to ask every one of them for the background colour
// and the cursor position, and wait up to 5 s for answers that then showed as debris); the TUI
// still asks, before it takes the terminal.
func TestOnlyTheTUIAsksTheTerminal(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Seed: 4, Contacts: 5, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		env := userEnv(familyHome(t, fam), "HUBSPOT_ACCESS_TOKEN="+token)
		for _, args := range [][]string{
			{"--version"}, {"version"}, {"config", "path"},
			{"get", hubspottest.FirstContactEmail, "--base-url", srv.URL},
			{"search", hubspottest.FirstContactEmail, "--base-url", srv.URL},
		} {
			tm := startTermNoUI(t, env, args...)
			code, screen := tm.wait()
			assert.Equal(t, 0, code, "%v: %q", args, screen)
			assert.NotContains(t, screen, "\x1b]11;?", "%v asked the terminal's background", args)
			assert.NotContains(t, screen, "\x1b[6n", "%v asked the cursor position", args)
		}
		tm := startTerm(t, env, "--base-url", srv.URL) // waits for the cursor-position request
		tm.waitFor("loaded")
		tm.write("q")
		_, screen := tm.wait()
		assert.Contains(t, screen, "\x1b]11;?", "the TUI asks the background colour (theme auto)")
	})
}
