package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
)

// The flows of issue 12 (the core flows as a new user tried them), each at the two sizes the
// app is laid out for where space matters.

// flowSizes are the smallest comfortable terminal and a common one.
var flowSizes = [][2]int{{80, 24}, {120, 36}}

// eachSize runs f as a subtest at each flow size.
func eachSize(t *testing.T, f func(t *testing.T, w, h int)) {
	for _, s := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) { f(t, s[0], s[1]) })
	}
}

// appAt starts the app at w×h on the sandbox behind c.
func appAt(t *testing.T, c *api.Client, w, h int, mods ...func(*Options)) *teatest.TestModel {
	t.Helper()
	opts := Options{Client: c, Profile: "test", PortalID: hubspottest.DefaultPortalID, Config: config.Defaults(""),
		loc: time.UTC, copy: func(string) error { return nil }, browse: func(string) error { return nil }}
	for _, m := range mods {
		m(&opts)
	}
	m, err := New(context.Background(), opts)
	require.NoError(t, err)
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
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
func screenMatchesAll(t *testing.T, tm *teatest.TestModel, res ...string) {
	t.Helper()
	rxs := make([]*regexp.Regexp, len(res))
	for i, re := range res {
		rxs[i] = regexp.MustCompile(re)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, rx := range rxs {
			if !rx.Match(b) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(flowTimeout), teatest.WithCheckInterval(20*time.Millisecond))
}
