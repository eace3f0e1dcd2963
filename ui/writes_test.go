package ui

import (
	"context"
	tea "github.com/charmbracelet/bubbletea"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func listOf(t *testing.T, c *api.Client, mods ...func(*Options)) (*harness, *listPane) {
	t.Helper()
	e, _ := paneEnv(t, c, mods...)
	hs := drive(t, newListPane(e), 100, 20)
	return hs, hs.pane.(*listPane)
}

func TestListWriteKeysOpenTheirPanes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 3)
		hs, _ := listOf(t, c)
		hs.keys("j", "e")
		f, ok := hs.opened().(*formPane)
		require.True(t, ok)
		assert.Equal(t, ids[1], f.contactID)
		assert.False(t, f.fromDetail)
		hs.keys("n")
		f, ok = hs.opened().(*formPane)
		require.True(t, ok)
		assert.True(t, f.creating)
		hs.keys("d")
		assert.Equal(t, "Delete Person 2 (person2@example.com)?", hs.asked().text)
	})
}

func TestListWriteKeysActOnTheMarkedContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 6)
		hs, _ := listOf(t, c)
		hs.keys("j", " ", "j", " ", " ") // marks 2, 4 and 5
		hs.keys("e")
		b, ok := hs.opened().(*batchPane)
		require.True(t, ok)
		assert.Equal(t, []string{ids[1], ids[3], ids[4]}, batchIDs(b.targets), "in the list's order")
		assert.False(t, b.archive)
		hs.keys("d")
		q := hs.asked()
		assert.Equal(t, "Delete 3 marked contacts: Person 2, Person 4, Person 5?", q.text)
		assert.Contains(t, q.details[0], "restored for 90 days")
		hs.answer("y")
		b, ok = hs.opened().(*batchPane)
		require.True(t, ok, "yes opens the batch delete")
		assert.True(t, b.archive)
	})
}

func batchIDs(ts []contact) []string { return ids(ts) }

func TestReadOnlyRefusesEveryWriteKeyWithTheReason(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 2)
		ro := func(o *Options) { o.ReadOnly = true }
		hs, _ := listOf(t, c, ro)
		hs.keys(" ", "e", "n", "d")
		require.Len(t, hs.notices(), 3)
		for i, what := range []string{"edit", "new contact", "delete"} {
			assert.Contains(t, hs.notices()[i], "read-only mode: "+what+" is off")
		}
		assert.Nil(t, hs.opened())
		e, _ := paneEnv(t, c, ro)
		d := drive(t, newDetailPane(e, "person1@example.com", ""), 100, 30)
		d.keys("e", "d")
		assert.Len(t, d.notices(), 2)
		assert.Nil(t, d.opened())
		var help []string
		for _, b := range d.pane.keys() {
			help = append(help, b.view(false).Help().Desc)
		}
		assert.Contains(t, help, "edit (off)")
		assert.Contains(t, help, "delete (off)")
	})
}

func TestDetailWriteKeys(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, ada.ID, ""), 100, 30)
		hs.keys("e")
		f, ok := hs.opened().(*formPane)
		require.True(t, ok)
		assert.True(t, f.fromDetail)
		hs.keys("d")
		assert.Equal(t, "Delete Ada Lovelace (ada@example.com)?", hs.asked().text)
	})
}

func TestChangedKeepsTheListTrue(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 4)
		hs, l := listOf(t, c)
		hs.keys(" ", " ") // marks 1 and 2
		hs.send(changedMsg{deleted: []string{ids[0]}})
		assert.Equal(t, 3, l.table.Len())
		assert.Equal(t, []string{ids[1]}, l.table.Marked(), "the deleted one's mark went with it")
		o := freshContact(t, c, ids[2], "firstname", "lastname", "email", "company", "lifecyclestage")
		o.Properties["company"] = "Globex"
		hs.send(changedMsg{saved: o})
		assert.Contains(t, l.View(), "Globex", "a saved contact's row shows its new values")
		_, err := c.UpdateContact(context.Background(), ids[1], map[string]string{"company": "Initech"})
		require.NoError(t, err)
		hs.send(changedMsg{updated: []string{ids[1]}})
		assert.Empty(t, l.table.Marked(), "updated by a batch: unmarked")
		assert.Contains(t, l.View(), "Initech", "and read again")
	})
}

func TestChangedShowsTheSaveInTheDetail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, ada.ID, ""), 100, 30)
		d := hs.pane.(*detailPane)
		hs.send(changedMsg{saved: &api.Object{ID: ada.ID, Properties: map[string]string{"jobtitle": "Director", "firstname": "Augusta"}}})
		assert.Equal(t, "Augusta Lovelace", d.name)
		assert.Regexp(t, `Job Title +Director`, d.View())
		assert.Contains(t, d.View(), "ada@example.com", "the rest stays")
		hs.send(changedMsg{saved: &api.Object{ID: "other", Properties: map[string]string{"jobtitle": "X"}}})
		assert.Regexp(t, `Job Title +Director`, d.View(), "another contact's save changes nothing")
	})
}

func TestDeleteTaskReportsAndTellsEveryPane(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 1)
		e, _ := paneEnv(t, c)
		asker := newFake(e, "Ada")
		msgs := run(deleteTask(&asker.paneBase, contact{id: ids[0], name: "Person 1", email: "person1@example.com"}))
		require.Len(t, msgs, 2)
		assert.Equal(t, startedMsg{req: msgs[0].(startedMsg).req, label: "Deleting Person 1"}, msgs[0])
		done := msgs[1].(doneMsg)
		assert.NoError(t, done.err)
		assert.Equal(t, asker.ID(), done.pane, "the spinner stops for the pane that asked")
		assert.True(t, done.outlives, "what follows a delete does not depend on the pane that asked (the detail closes at once)")
		assert.Equal(t, []tea.Msg{changedMsg{deleted: []string{ids[0]}},
			noticeMsg{"Deleted Person 1: in HubSpot's recycle bin, restorable there for 90 days"}}, run(done.then()))
	})
}

func TestDeleteTaskFailureSaysSoAndChangesNothing(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ids := createContacts(t, c, 1)
		for range api.DefaultMaxRetries + 1 {
			srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "DELETE"})
		}
		e, _ := paneEnv(t, c)
		msgs := run(deleteTask(&newFake(e, "Ada").paneBase, contact{id: ids[0], name: "Person 1"}))
		require.Len(t, msgs, 2, "started, then the failed result")
		err := msgs[1].(doneMsg).err
		require.Error(t, err)
		assert.Empty(t, run(msgs[1].(doneMsg).then()), "no change announced")
		assert.Contains(t, errorText("Deleting Person 1", err), "Deleting Person 1 failed: HubSpot had a server error (503)")
		_, gerr := c.GetContact(context.Background(), ids[0], api.GetOptions{})
		assert.NoError(t, gerr, "still there")
	})
}
