package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stages() *defs {
	return edDefs(time.UTC,
		edProp("lifecyclestage", "enumeration", "radio", "subscriber", "Subscriber", "lead", "Lead", "customer", "Customer"),
		edProp("jobtitle", "string", "text"))
}

func reviewOf(changes ...change) (*reviewPane, *harness) {
	e := testEnv()
	r := newReviewPane(e, reviewSpec{form: 42, who: "Ada Lovelace", changes: changes, defs: stages()})
	r.SetSize(100, 30)
	return r, &harness{pane: r}
}

func TestReviewShowsOldToNewAndSavesOnY(t *testing.T) {
	df := stages()
	r, hs := reviewOf(change{prop: df.prop("jobtitle"), old: "Intern", new: "Director"},
		change{prop: df.prop("lifecyclestage"), old: "", new: "lead"})
	v := r.View()
	assert.Contains(t, v, "Save 2 changes to Ada Lovelace?")
	assert.Regexp(t, `jobtitle +Intern → Director`, v)
	assert.Regexp(t, `lifecyclestage +— → Lead`, v, "labels, not option values; — for no value")
	assert.NotContains(t, v, "two-step", "a forward move needs no warning")
	hs.keys("y")
	assert.Equal(t, []tea.Msg{backMsg{}, saveMsg{pane: 42, changes: r.spec.changes}}, hs.take(), "what was shown is what is saved")
}

func TestReviewCtrlSAlsoSavesAndEscGoesBack(t *testing.T) {
	df := stages()
	r1, hs := reviewOf(change{prop: df.prop("jobtitle"), old: "Intern", new: ""})
	hs.keys("ctrl+s")
	assert.Equal(t, []tea.Msg{backMsg{}, saveMsg{pane: 42, changes: r1.spec.changes}}, hs.take())
	r, hs2 := reviewOf(change{prop: df.prop("jobtitle"), old: "Intern", new: ""})
	assert.Contains(t, r.View(), "Intern → (cleared)")
	hs2.keys("x", "enter")
	assert.Empty(t, hs2.take(), "other keys do nothing")
	hs2.keys("esc")
	assert.Equal(t, []tea.Msg{backMsg{}, saveMsg{pane: 42, cancelled: true}}, hs2.take(), "the form hears it may take keys again")
}

func TestReviewWarnsOfABackwardStageAndOffersTheTwoStep(t *testing.T) {
	df := stages()
	r, hs := reviewOf(change{prop: df.prop("lifecyclestage"), old: "customer", new: "lead"})
	v := r.View()
	assert.Contains(t, v, "goes back from Customer to Lead")
	assert.Contains(t, v, "HubSpot ignores a backward move")
	assert.Contains(t, v, "t two-step")
	hs.keys("t")
	c, ok := hs.opened().(*confirmPane)
	require.True(t, ok, "the two-step asks on its own")
	assert.Equal(t, "Clear the lifecycle stage of Ada Lovelace, then set it to Lead?", c.c.Question)
	assert.Equal(t, "The first request clears the stage (it was Customer); the second sets Lead.", c.c.Details[0])
	hs.take()
	hs.keys("y")
	assert.Empty(t, hs.take(), "while the confirmation's answer is on its way, keys wait")
	hs.send(c.c.OnNo())
	assert.Empty(t, hs.take(), "no: the review stays")
	hs.keys("t")
	c = hs.opened().(*confirmPane)
	hs.take()
	hs.send(c.c.OnYes())
	assert.Equal(t, []tea.Msg{backMsg{}, saveMsg{pane: 42, twoStep: true, changes: r.spec.changes}}, hs.take())
}

func TestReviewTIsNothingWithoutABackwardStage(t *testing.T) {
	df := stages()
	_, hs := reviewOf(change{prop: df.prop("lifecyclestage"), old: "lead", new: "customer"})
	hs.keys("t")
	assert.Empty(t, hs.take())
}

func TestReviewOfACreateNamesTheCompanySanitized(t *testing.T) {
	df := stages()
	r := newReviewPane(testEnv(), reviewSpec{form: 42, creating: true, defs: df, company: "Evil\x1b]8;;https://x\x1b\\Corp\u202e",
		changes: []change{{prop: df.prop("jobtitle"), new: "CTO"}}})
	r.SetSize(100, 30)
	v := r.View()
	assert.Contains(t, v, "Create a contact with 1 value?")
	assert.Regexp(t, `Company \(primary\) +EvilCorp`, v)
	assert.Contains(t, v, "y create")
	assert.NotContains(t, v, "\x1b")
	assert.NotContains(t, v, "\u202e")
}
