package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func targetsOf(ids []string) []contact {
	out := make([]contact, len(ids))
	for i, id := range ids {
		out[i] = contact{id: id, name: fmt.Sprintf("Person %d", i+1), email: fmt.Sprintf("person%d@example.com", i+1)}
	}
	return out
}

// batchOn opens a batch edit of ts and chooses prop.
func batchOn(t *testing.T, c *api.Client, ts []contact, prop string) (*harness, *batchPane) {
	t.Helper()
	e, _ := paneEnv(t, c)
	hs := drive(t, newBatchEdit(e, ts), 100, 30)
	b := hs.pane.(*batchPane)
	_, ok := hs.opened().(*pickerPane)
	require.True(t, ok, "the property picker opens at once")
	hs.in(func() tea.Cmd { return b.picked(pickItem{id: prop}, true) })
	require.NotNil(t, b.field)
	return hs, b
}

// confirmRun presses ctrl+s and says yes.
func confirmRun(t *testing.T, hs *harness) question {
	t.Helper()
	hs.take()
	hs.keys("ctrl+s")
	q := hs.asked()
	hs.answer("y")
	return q
}

func TestBatchOffersOnlyPropertiesOneValueSuitsForAll(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newBatchEdit(e, targetsOf([]string{"1"})), 100, 30)
		p := hs.opened().(*pickerPane)
		var names []string
		for _, it := range p.all {
			names = append(names, it.id)
		}
		assert.Contains(t, names, "jobtitle")
		assert.Contains(t, names, "lifecyclestage")
		for _, no := range []string{"email", "customer_code", "hs_object_id", "createdate", "hs_email_domain", "hs_additional_emails"} {
			assert.NotContains(t, names, no)
		}
	})
}

func TestBatchSetsTheValueOnEveryContactAndNamesEach(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 3)
		hs, b := batchOn(t, c, targetsOf(ids), "hs_lead_status")
		hs.typeIn("conn")
		q := confirmRun(t, hs)
		assert.Equal(t, "Set Lead Status to Connected on 3 contacts?", q.text)
		assert.Equal(t, "Updated: 3 of 3", b.summary())
		v := b.View()
		for i := range 3 {
			assert.Contains(t, v, fmt.Sprintf("+ Person %d (person%d@example.com)", i+1, i+1))
		}
		var changed changedMsg
		for _, m := range hs.take() {
			if cm, ok := m.(changedMsg); ok {
				changed = cm
			}
		}
		assert.Equal(t, ids, changed.updated)
		for _, id := range ids {
			assert.Equal(t, "CONNECTED", freshContact(t, c, id, "hs_lead_status").Properties["hs_lead_status"])
		}
		assert.False(t, isCapturing(b), "the results: q and esc work again")
		assert.False(t, b.Unsaved())
	})
}

func TestBatchReportsStagesHubSpotKept(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 3)
		_, err := c.UpdateContact(context.Background(), ids[1], map[string]string{"lifecyclestage": "customer"})
		require.NoError(t, err)
		hs, b := batchOn(t, c, targetsOf(ids), "lifecyclestage")
		hs.typeIn("lead")
		q := confirmRun(t, hs)
		assert.Contains(t, q.details[1], "HubSpot ignores a backward stage move")
		assert.Equal(t, "Updated: 2 of 3 · not applied: 1", b.summary())
		assert.Contains(t, b.View(), "! Person 2 (person2@example.com) — HubSpot kept Customer: a lifecycle stage only moves forward")
		assert.True(t, strings.Index(b.View(), "Person 2") < strings.Index(b.View(), "Person 1"), "the odd ones first")
	})
}

func TestBatchWholeRequestFailureNamesEveryContactOfIt(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ids := createContacts(t, c, 150)
		for range api.DefaultMaxRetries + 1 {
			srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "/batch/update"})
		}
		hs, b := batchOn(t, c, targetsOf(ids), "jobtitle")
		hs.typeIn("Buyer")
		confirmRun(t, hs)
		assert.Equal(t, "Updated: 50 of 150 · failed: 100", b.summary(), "the first request failed after its retries, the second went through")
		failed := 0
		for _, o := range b.results {
			if o.failed {
				failed++
				assert.Contains(t, o.reason, "HubSpot had a server error (503)")
			}
		}
		assert.Equal(t, 100, failed)
		assert.Equal(t, "Buyer", freshContact(t, c, ids[149], "jobtitle").Properties["jobtitle"])
		assert.Equal(t, "", freshContact(t, c, ids[0], "jobtitle").Properties["jobtitle"])
	})
}

func TestBatchArchiveRunsAtOnceAndAnnouncesTheDeleted(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 3)
		e, _ := paneEnv(t, c)
		hs := drive(t, newBatchArchive(e, targetsOf(ids)), 100, 30)
		b := hs.pane.(*batchPane)
		assert.Equal(t, "Deleted (in the recycle bin for 90 days): 3 of 3", b.summary())
		var changed changedMsg
		for _, m := range hs.take() {
			if cm, ok := m.(changedMsg); ok {
				changed = cm
			}
		}
		assert.Equal(t, ids, changed.deleted)
		for _, id := range ids {
			o, err := c.GetContact(context.Background(), id, api.GetOptions{Archived: true})
			require.NoError(t, err)
			assert.True(t, o.Archived)
		}
	})
}

func TestBatchProgressLineWhileRunning(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		e, _ := paneEnv(t, c)
		b := newBatchArchive(e, targetsOf(make([]string, 250)))
		b.SetSize(100, 30)
		hs := &harness{t: t, pane: b}
		b.running.id = 1
		progress := make(chan int, 1)
		b.progress = progress
		listen := b.listen()
		progress <- 100
		close(progress) // the run ends: the next listen stops
		hs.run(listen)
		assert.Contains(t, b.View(), "Deleting… 100 of 250 contacts done")
		assert.Equal(t, "100 of 250", b.Info())
		assert.True(t, b.Unsaved(), "quitting mid-batch asks first")
		hs.keys("esc")
		assert.Contains(t, hs.notices()[0], "cannot be stopped halfway")
		assert.Nil(t, hs.opened())
	})
}

func TestBatchResultsAreSanitized(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		e, _ := paneEnv(t, c)
		b := newBatchEdit(e, nil)
		b.SetSize(100, 30)
		b.results = []outcome{{t: contact{name: "Eve\x1b]0;pwned\x07", email: "e\u202eve@x.com"}, failed: true, reason: "bad\x1b[2J value\r"}}
		v := b.View()
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\r"} {
			assert.NotContains(t, v, bad)
		}
		assert.Contains(t, v, "Eve")
	})
}
