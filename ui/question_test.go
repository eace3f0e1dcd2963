package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// askedApp is an app whose first pane asked q; its answers record what ran in that pane.
func askedApp(t *testing.T, e *env, q question) (*App, *fakePane) {
	t.Helper()
	list := newFake(e, "Contacts")
	m := sized(newApp(e, list, "", nil))
	list.ask(q)
	m.navigate(list)
	require.NotNil(t, m.asked)
	return m, list
}

// deleteAda asks about Ada; yes and no record themselves in p.got.
func deleteAda(p **fakePane) question {
	said := func(s string) func() tea.Cmd {
		return func() tea.Cmd { (*p).got = append((*p).got, s); return nil }
	}
	return question{
		title: "Delete contact", text: "Delete Ada Lovelace (ada@example.com)?",
		details: []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."},
		answers: []answer{{does: "delete", run: said("yes")}},
		onNo:    said("no"),
	}
}

func askAda(t *testing.T, e *env, edit ...func(*question)) (*App, *fakePane) {
	var list *fakePane
	q := deleteAda(&list)
	for _, f := range edit {
		f(&q)
	}
	m, p := askedApp(t, e, q)
	list = p
	return m, p
}

func TestQuestionYesRunsItsAnswerInThePaneThatAsked(t *testing.T) {
	for _, k := range []string{"y", "Y"} {
		m, list := askAda(t, testEnv())
		m.Update(press(k))
		assert.Nil(t, m.asked, "the dialog closed")
		assert.Equal(t, []string{"yes"}, list.got, "%q answered yes, in the pane that asked", k)
	}
}

func TestQuestionDefaultsToNo(t *testing.T) {
	for _, k := range []string{"n", "N", "esc", "enter", "q", " ", "x"} {
		m, list := askAda(t, testEnv())
		_, cmd := m.Update(press(k))
		assert.False(t, isQuit(cmd), "%q answers, it does not quit", k)
		assert.Nil(t, m.asked, "%q closed the dialog", k)
		assert.Equal(t, []string{"no"}, list.got, "%q answers no", k)
	}
}

func TestQuestionWithoutOnNoJustCloses(t *testing.T) {
	m, list := askAda(t, testEnv(), func(q *question) { q.onNo = nil })
	m.Update(press("esc"))
	assert.Nil(t, m.asked)
	assert.Empty(t, list.got)
}

func TestQuestionYesFollowsTheKeyMap(t *testing.T) {
	e := testEnv()
	require.NoError(t, e.keys.Override(map[string][]string{"yes": {"j"}}))
	m, list := askAda(t, e)
	assert.Contains(t, m.View(), "j delete", "the dialog names the rebound key")
	m.Update(press("j"))
	assert.Equal(t, []string{"yes"}, list.got)
	m, list = askAda(t, e)
	m.Update(press("y"))
	assert.Equal(t, []string{"no"}, list.got, "y is no longer yes")
}

func TestQuestionIsDrawnOverItsPane(t *testing.T) {
	m, _ := askAda(t, testEnv())
	v := m.View()
	for _, want := range []string{"Delete contact", "Delete Ada Lovelace (ada@example.com)?",
		"restored for 90", "y delete", "(default: No)"} {
		assert.Contains(t, v, want)
	}
	assert.Contains(t, v, "body of Contacts", "the pane shows around the dialog")
	header := strings.SplitN(v, "\n", 2)[0]
	assert.True(t, strings.HasSuffix(strings.TrimSpace(header), "Contacts"), "the header keeps the pane's crumbs: %q", header)
}

func TestQuestionSanitizesWhatItDraws(t *testing.T) {
	m, _ := askAda(t, testEnv(), func(q *question) {
		q.text = "Delete \x1b]52;c;ZXZpbA==\x07Eve\x1b[2J \u202egnp.exe?"
		q.details = []string{"ok\rFAKE \x9b2J"}
	})
	v := m.View()
	assert.NotContains(t, v, "\x1b")
	assert.NotContains(t, v, "\u202e")
	assert.NotContains(t, v, "\r")
	assert.NotContains(t, v, "\u009b")
	assert.Contains(t, v, "Delete Eve")
}

func TestQuestionWrapsLongQuestionsInsideTheBox(t *testing.T) {
	m, _ := askAda(t, testEnv(), func(q *question) { q.text = "Delete " + strings.Repeat("very long name ", 20) + "?" })
	for _, line := range strings.Split(m.View(), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80)
	}
	assert.Contains(t, m.View(), "(default: No)", "the key line survives a long question")
}

func TestQuestionChoicesAnswerByTheirLetter(t *testing.T) {
	e := testEnv()
	var list *fakePane
	pick := func(s string) func() tea.Cmd { return func() tea.Cmd { list.got = append(list.got, s); return nil } }
	m, p := askedApp(t, e, question{title: "Copy", text: "Copy what of this contact?", answers: []answer{
		{choice: "e", does: "email", run: pick("email")}, {choice: "i", does: "id", run: pick("id")},
	}})
	list = p
	v := m.View()
	assert.Contains(t, v, "e email")
	assert.Contains(t, v, "i id")
	m.Update(press("i"))
	assert.Equal(t, []string{"id"}, list.got)
}
