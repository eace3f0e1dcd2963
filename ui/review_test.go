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

func reviewOf(t *testing.T, changes ...change) (*reviewPane, *harness) {
	e := testEnv()
	r := newReviewPane(e, reviewSpec{form: 42, who: "Ada Lovelace", changes: changes, defs: stages()})
	r.SetSize(100, 30)
	return r, &harness{t: t, pane: r}
}

// answered is what the review told the form (pane 42), after it closed.
func answered(t *testing.T, r *reviewPane, hs *harness) []reviewAnswer {
	t.Helper()
	var got []reviewAnswer
	r.spec.then = func(a reviewAnswer) tea.Cmd { got = append(got, a); return nil }
	out := hs.take()
	for i, m := range out {
		if pm, ok := m.(paneMsg); ok {
			require.Equal(t, 42, pm.pane)
			require.Greater(t, i, 0)
			assert.Equal(t, backMsg{}, out[i-1], "the review closes first")
			pm.then()
		}
	}
	return got
}

func TestReviewShowsOldToNewAndSavesOnY(t *testing.T) {
	df := stages()
	r, hs := reviewOf(t, change{prop: df.prop("jobtitle"), old: "Intern", new: "Director"},
		change{prop: df.prop("lifecyclestage"), old: "", new: "lead"})
	v := r.View()
	assert.Contains(t, v, "Save 2 changes to Ada Lovelace?")
	assert.Regexp(t, `jobtitle +Intern → Director`, v)
	assert.Regexp(t, `lifecyclestage +— → Lead`, v, "labels, not option values; — for no value")
	assert.NotContains(t, v, "two-step", "a forward move needs no warning")
	hs.keys("y")
	assert.Equal(t, []reviewAnswer{{changes: r.spec.changes}}, answered(t, r, hs), "what was shown is what is saved")
}

func TestReviewCtrlSAlsoSavesAndEscGoesBack(t *testing.T) {
	df := stages()
	r1, hs := reviewOf(t, change{prop: df.prop("jobtitle"), old: "Intern", new: ""})
	hs.keys("ctrl+s")
	assert.Equal(t, []reviewAnswer{{changes: r1.spec.changes}}, answered(t, r1, hs))
	r, hs2 := reviewOf(t, change{prop: df.prop("jobtitle"), old: "Intern", new: ""})
	assert.Contains(t, r.View(), "Intern → (cleared)")
	hs2.keys("x", "enter")
	assert.Empty(t, hs2.take(), "other keys do nothing")
	hs2.keys("esc")
	assert.Equal(t, []reviewAnswer{{cancelled: true}}, answered(t, r, hs2), "the form hears it may take keys again")
}

func TestReviewWarnsOfABackwardStageAndOffersTheTwoStep(t *testing.T) {
	df := stages()
	r, hs := reviewOf(t, change{prop: df.prop("lifecyclestage"), old: "customer", new: "lead"})
	v := r.View()
	assert.Contains(t, v, "goes back from Customer to Lead")
	assert.Contains(t, v, "HubSpot ignores a backward move")
	assert.Contains(t, v, "t two-step")
	hs.keys("t")
	q := hs.asked()
	assert.Equal(t, "Clear the lifecycle stage of Ada Lovelace, then set it to Lead?", q.text)
	assert.Equal(t, "The first request clears the stage (it was Customer); the second sets Lead.", q.details[0])
	hs.take()
	hs.keys("t")
	hs.answer("y")
	assert.Equal(t, []reviewAnswer{{twoStep: true, changes: r.spec.changes}}, answered(t, r, hs))
}

func TestReviewTIsNothingWithoutABackwardStage(t *testing.T) {
	df := stages()
	_, hs := reviewOf(t, change{prop: df.prop("lifecyclestage"), old: "lead", new: "customer"})
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
