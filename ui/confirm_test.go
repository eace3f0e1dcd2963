package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type confirmedMsg struct{ answer string }

// askedApp is an app with a pane that asked a confirmation, the box on top.
func askedApp(t *testing.T, c Confirm) (*App, *fakePane) {
	t.Helper()
	e := testEnv()
	list := newFake(e, "Contacts")
	m := sized(newApp(e, list, "", nil))
	for _, msg := range run(askConfirm(e, c)) {
		m.Update(msg)
	}
	require.IsType(t, &confirmPane{}, m.top())
	return m, list
}

// answer presses k on the app and feeds it every message that follows.
func answer(m *App, k string) {
	_, cmd := m.Update(press(k))
	for _, msg := range run(cmd) {
		m.Update(msg)
	}
}

func deleteAda() Confirm {
	return Confirm{
		Title: "Delete contact", Question: "Delete Ada Lovelace (ada@example.com)?",
		Details: []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."},
		Yes:     "delete",
		OnYes:   func() tea.Msg { return confirmedMsg{"yes"} },
		OnNo:    func() tea.Msg { return confirmedMsg{"no"} },
	}
}

func TestConfirmYesClosesTheBoxThenRunsOnYes(t *testing.T) {
	for _, k := range []string{"y", "Y"} {
		m, list := askedApp(t, deleteAda())
		answer(m, k)
		assert.Equal(t, list, m.top(), "the box closed")
		require.NotEmpty(t, list.msgs)
		assert.Equal(t, confirmedMsg{"yes"}, list.msgs[len(list.msgs)-1], "OnYes reached the pane below, after the box closed")
	}
}

func TestConfirmDefaultsToNo(t *testing.T) {
	for _, k := range []string{"n", "N", "esc", "enter", "q", " ", "x"} {
		m, list := askedApp(t, deleteAda())
		answer(m, k)
		assert.Equal(t, list, m.top(), "%q closed the box", k)
		require.NotEmpty(t, list.msgs, k)
		assert.Equal(t, confirmedMsg{"no"}, list.msgs[len(list.msgs)-1], "%q answers no", k)
		assert.NotContains(t, list.msgs, confirmedMsg{"yes"})
	}
}

func TestConfirmWithoutOnNoJustCloses(t *testing.T) {
	c := deleteAda()
	c.OnNo = nil
	m, list := askedApp(t, c)
	answer(m, "esc")
	assert.Equal(t, list, m.top())
	assert.NotContains(t, list.msgs, confirmedMsg{"yes"})
}

func TestConfirmNamesTheObjectAndTheDefault(t *testing.T) {
	m, _ := askedApp(t, deleteAda())
	v := m.View()
	for _, want := range []string{"Delete contact", "Delete Ada Lovelace (ada@example.com)?",
		"restored for 90", "y delete", "(default: No)"} {
		assert.Contains(t, v, want)
	}
	assert.Contains(t, v, "Contacts › Delete contact", "the box is a crumb in the header")
}

func TestConfirmTakesQInsteadOfQuitting(t *testing.T) {
	m, _ := askedApp(t, deleteAda())
	_, cmd := m.Update(press("q"))
	assert.False(t, isQuit(cmd), "q answers the box")
}

func TestConfirmSanitizesWhatItDraws(t *testing.T) {
	c := deleteAda()
	c.Question = "Delete \x1b]52;c;ZXZpbA==\x07Eve\x1b[2J \u202egnp.exe?"
	c.Details = []string{"ok\rFAKE \x9b2J"}
	m, _ := askedApp(t, c)
	v := m.View()
	assert.NotContains(t, v, "\x1b")
	assert.NotContains(t, v, "\u202e")
	assert.NotContains(t, v, "\r")
	assert.NotContains(t, v, "\u009b")
	assert.Contains(t, v, "Delete Eve")
}

func TestConfirmWrapsLongQuestionsInsideTheBox(t *testing.T) {
	c := deleteAda()
	c.Question = "Delete " + strings.Repeat("very long name ", 20) + "?"
	m, _ := askedApp(t, c)
	for _, line := range strings.Split(m.View(), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80)
	}
	assert.Contains(t, m.View(), "(default: No)", "the key line survives a long question")
}
