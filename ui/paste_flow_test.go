package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// A list pasted with carriage returns for line ends (tmux's paste-buffer, some terminals) or
// with \r\n shows one address a line, as one pasted with \n does (it was shown glued together
// though counted right).
func TestFlowPasteShowsOneAddressALineWhateverTheLineEnding(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, nl := range []string{"\r", "\r\n", "\n"} {
			t.Run(strings.NewReplacer("\r", "CR", "\n", "LF").Replace(nl), func(t *testing.T) {
				eachSize(t, func(t *testing.T, w, h int) {
					_, c := sandbox(t, fam)
					tm := appAt(t, c, w, h)
					screenShows(t, tm, "No contacts in this portal yet")
					keys(tm, ":")
					screenShows(t, tm, "Paste or type email addresses")
					addrs := []string{"ada@example.com", "grace@example.com", "alan@example.com"}
					tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Join(addrs, nl) + nl), Paste: true})
					screenShows(t, tm, "3 addresses")
					m := quit(t, tm)
					lines := screenLines(m)
					for _, a := range addrs {
						assert.Contains(t, lines, "  "+a, "a line of its own:\n%s", strings.Join(lines, "\n"))
					}
				})
			})
		}
	})
}
