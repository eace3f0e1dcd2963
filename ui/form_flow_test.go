package ui

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Flows of the edit form, create, delete and batch edits: the whole app (the tui harness) against the
// sandbox through the real API client, each checked afterwards by a fresh read through the API
// layer (and the sandbox's request log where the number of requests is the point).

// The default form's rows: firstname 0, lastname 1, email 2, phone 3, jobtitle 4, company 5,
// lifecyclestage 6, hs_lead_status 7.

func adaLovelace(t *testing.T, c *api.Client, extra map[string]string) *api.Object {
	props := map[string]string{"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com", "jobtitle": "Intern"}
	for k, v := range extra {
		props[k] = v
	}
	return mkContact(t, c, props)
}

// editAda opens the app on Ada's detail and her edit form.
func editAda(t *testing.T, c *api.Client) *tui {
	t.Helper()
	tm := app(t, c, func(o *Options) { o.Open = "ada@example.com" })
	screenShows(t, tm, "Ada Lovelace  ada@example.com")
	sendKeys(tm, "e")
	screenShows(t, tm, "Edit Ada Lovelace", "+ Add a field")
	return tm
}

func TestFlowEditJobTitleAndPhoneSavesOnePatchOfTheChanges(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		tm := editAda(t, c)
		sendKeys(tm, "down", "down", "down")
		tm.Type("+44 20 7946 0000")
		sendKeys(tm, "down", "ctrl+u")
		tm.Type("Director of Engines")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Save 2 changes to Ada Lovelace?", "Intern → Director of Engines", "— → +44 20 7946 0000")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 2 changes to Ada Lovelace")
		m := leaveApp(t, tm, false)
		require.IsType(t, &detailPane{}, m.top())
		shown := m.top().(*detailPane).data.contact.Properties
		assert.Equal(t, "Director of Engines", shown["jobtitle"], "the detail shows what HubSpot returned")
		assert.Equal(t, "+44 20 7946 0000", shown["phone"])

		got := freshContact(t, c, ada.ID, "jobtitle", "phone")
		assert.Equal(t, "Director of Engines", got.Properties["jobtitle"])
		assert.Equal(t, "+44 20 7946 0000", got.Properties["phone"])
		ps := patches(t, srv)
		require.Len(t, ps, 1, "one PATCH")
		assert.Equal(t, map[string]string{"jobtitle": "Director of Engines", "phone": "+44 20 7946 0000"}, ps[0].props, "only the changed properties")
	})
}

func TestFlowEnumerationThroughItsSelect(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"hs_lead_status": "NEW"})
		tm := editAda(t, c)
		sendKeys(tm, "down", "down", "down", "down", "down", "down", "down")
		screenShows(t, tm, "‹ New ›")
		tm.Type("in")
		screenShows(t, tm, "‹ In Progress ›")
		sendKeys(tm, "right")
		screenShows(t, tm, "‹ Open Deal ›")
		sendKeys(tm, "left", "ctrl+s")
		screenShows(t, tm, "New → In Progress")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change to Ada Lovelace")
		leaveApp(t, tm, false)
		assert.Equal(t, "IN_PROGRESS", freshContact(t, c, ada.ID, "hs_lead_status").Properties["hs_lead_status"], "the option's value is stored")
	})
}

func TestFlowInvalidEmailKeepsEveryTypedValue(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		tm := editAda(t, c)
		sendKeys(tm, "ctrl+u")
		tm.Type("Augusta Ada")
		sendKeys(tm, "down", "down", "ctrl+u")
		tm.Type("ada@nowhere")
		sendKeys(tm, "down")
		screenShows(t, tm, `"ada@nowhere" is not a valid email address`)
		sendKeys(tm, "down", "ctrl+u")
		tm.Type("Countess")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Fix Email first")
		m := leaveApp(t, tm, true)
		f := m.top().(*formPane)
		assert.Equal(t, "Augusta Ada", f.fields[0].Kind.Value())
		assert.Equal(t, "ada@nowhere", f.fields[2].Kind.Value())
		assert.Equal(t, "Countess", f.fields[4].Kind.Value())
		assert.Equal(t, 2, f.cursor, "the email field has the focus")
		assert.Empty(t, patches(t, srv), "nothing was sent")
		assert.Equal(t, "Ada", freshContact(t, c, ada.ID, "firstname").Properties["firstname"])
	})
}

func TestFlowEmailHubSpotRefusesShowsItsErrorAtTheField(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ctx := context.Background()
		ada := adaLovelace(t, c, nil)
		require.NoError(t, c.GDPRDeleteContact(ctx, "gone@example.com")) // unknown: HubSpot blocks the address
		tm := editAda(t, c)
		sendKeys(tm, "ctrl+u")
		tm.Type("Augusta Ada")
		sendKeys(tm, "down", "down", "ctrl+u")
		tm.Type("gone@example.com")
		sendKeys(tm, "down", "down", "ctrl+u")
		tm.Type("Countess")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Save 3 changes")
		sendKeys(tm, "y")
		screenShows(t, tm, "Not saved: HubSpot refused 1 value", "gone@example.com is blocked in this portal")
		m := leaveApp(t, tm, true)
		f := m.top().(*formPane)
		assert.Equal(t, []string{"Augusta Ada", "gone@example.com", "Countess"},
			[]string{f.fields[0].Kind.Value(), f.fields[2].Kind.Value(), f.fields[4].Kind.Value()}, "every typed value kept")
		assert.Contains(t, f.fields[2].Problem(), "blocked in this portal", "HubSpot's error sits at the email field")
		assert.Equal(t, 2, f.cursor)
		got := freshContact(t, c, ada.ID, "firstname", "email", "jobtitle")
		assert.Equal(t, "Ada", got.Properties["firstname"], "HubSpot refused the whole PATCH")
	})
}

// saveThroughFaults edits the job title, saves into the faults, checks the form kept the value
// and says so, then saves again.
func saveThroughFaults(t *testing.T, srv *hubspottest.Server, c *api.Client, kind hubspottest.FaultKind, says string) *api.Object {
	ada := adaLovelace(t, c, nil)
	tm := editAda(t, c)
	for range api.DefaultMaxRetries + 1 {
		srv.InjectNext(hubspottest.Fault{Kind: kind, Match: "PATCH"})
	}
	sendKeys(tm, "down", "down", "down", "down", "ctrl+u")
	tm.Type("Director")
	sendKeys(tm, "ctrl+s")
	screenShows(t, tm, "Save 1 change")
	sendKeys(tm, "y")
	screenShows(t, tm, says, "Everything you typed is still here; ctrl+s saves again.")
	sendKeys(tm, "ctrl+s")
	screenShows(t, tm, "Intern → Director")
	sendKeys(tm, "y")
	screenShows(t, tm, "Saved 1 change to Ada Lovelace")
	m := leaveApp(t, tm, false)
	assert.IsType(t, &detailPane{}, m.top())
	assert.Empty(t, srv.PendingFaults())
	return ada
}

func TestFlowSaveThrough503sKeepsTheFormAndSavesOnce(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := saveThroughFaults(t, srv, c, hubspottest.Fault503, "Not saved: HubSpot had a server error (503) after 5 tries")
		assert.Equal(t, "Director", freshContact(t, c, ada.ID, "jobtitle").Properties["jobtitle"])
		assert.Equal(t, []string{"Director", "Intern"}, storedHistory(t, c, ada.ID, "jobtitle"), "exactly one change stored")
		applied := 0
		for _, p := range patches(t, srv) {
			if p.applied {
				applied++
			}
		}
		assert.Equal(t, 1, applied, "one PATCH took effect: the 503s were answered without processing")
	})
}

func TestFlowSaveThroughDroppedConnectionsKeepsTheFormAndSavesOnce(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := saveThroughFaults(t, srv, c, hubspottest.FaultDrop, "HubSpot did not confirm the save")
		assert.Equal(t, "Director", freshContact(t, c, ada.ID, "jobtitle").Properties["jobtitle"])
		assert.Equal(t, []string{"Director", "Intern"}, storedHistory(t, c, ada.ID, "jobtitle"),
			"exactly one change stored, though HubSpot processed every dropped PATCH")
		for _, p := range patches(t, srv) {
			assert.Equal(t, map[string]string{"jobtitle": "Director"}, p.props, "every attempt sent the same value")
		}
	})
}

func TestFlowLifecycleBackwardTakesTheConfirmedTwoStep(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"lifecyclestage": "customer"})
		tm := editAda(t, c)
		sendKeys(tm, "down", "down", "down", "down", "down", "down")
		screenShows(t, tm, "‹ Customer ›")
		tm.Type("lead")
		screenShows(t, tm, "‹ Lead ›")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "goes back from Customer to Lead", "HubSpot ignores a backward move", "t two-step")
		sendKeys(tm, "t")
		screenShows(t, tm, "Clear the lifecycle stage of Ada Lovelace, then set it to Lead?", "(default: No)")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change to Ada Lovelace")
		m := leaveApp(t, tm, false)
		assert.Equal(t, "lead", m.top().(*detailPane).data.contact.Properties["lifecyclestage"], "the detail shows Lead")

		assert.Equal(t, "lead", freshContact(t, c, ada.ID, "lifecyclestage").Properties["lifecyclestage"])
		ps := patches(t, srv)
		require.Len(t, ps, 2, "clear, then set")
		assert.Equal(t, map[string]string{"lifecyclestage": ""}, ps[0].props)
		assert.Equal(t, map[string]string{"lifecyclestage": "lead"}, ps[1].props)
	})
}

func TestFlowLifecycleBackwardSavedAsIsWarnsThatHubSpotKeptTheStage(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"lifecyclestage": "customer"})
		tm := editAda(t, c)
		sendKeys(tm, "down", "down", "down", "down", "ctrl+u")
		tm.Type("Director")
		sendKeys(tm, "down", "down")
		tm.Type("lead")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "goes back from Customer to Lead")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change, but HubSpot did not apply 1 value", "HubSpot kept Customer: a lifecycle stage only moves forward")
		m := leaveApp(t, tm, true)
		f := m.top().(*formPane)
		assert.Equal(t, "lead", f.fields[6].Kind.Value(), "the stage the user chose is still in the form")
		assert.True(t, f.fields[6].Dirty())
		assert.False(t, f.fields[4].Dirty(), "the job title was saved")
		got := freshContact(t, c, ada.ID, "jobtitle", "lifecyclestage")
		assert.Equal(t, "Director", got.Properties["jobtitle"])
		assert.Equal(t, "customer", got.Properties["lifecyclestage"])
	})
}

func TestFlowCreateWithAnExistingEmailOpensTheExistingContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		existing := mkContact(t, c, map[string]string{"firstname": "Existing", "lastname": "Person", "email": "taken@example.com"})
		srv.ResetRequests()
		tm := app(t, c)
		screenShows(t, tm, "taken@example.com", "1 loaded")
		sendKeys(tm, "n")
		screenShows(t, tm, "New contact", "Company (association)")
		tm.Type("Second")
		sendKeys(tm, "down", "down")
		tm.Type("taken@example.com")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Create a contact with 2 values?")
		sendKeys(tm, "y")
		screenShows(t, tm, "A contact with this email already exists (id", "o open it")
		sendKeys(tm, "o")
		screenShows(t, tm, "Existing Person  taken@example.com", "id "+existing.ID)
		m := leaveApp(t, tm, true)
		require.IsType(t, &detailPane{}, m.top())
		assert.Equal(t, existing.ID, m.top().(*detailPane).data.contact.ID)
		f := m.stack[len(m.stack)-2].(*formPane)
		assert.Equal(t, "Second", f.fields[0].Kind.Value(), "the form is still there under it, as typed")
		assert.Equal(t, 1, writesTo(srv, fam.Objects("contacts")), "one create was sent; nothing else was created")
		n := 0
		for _, err := range c.IterContacts(context.Background(), api.ListOptions{}) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 1, n)
	})
}

func TestFlowCreateWithACompany(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ctx := context.Background()
		acme, err := c.CreateObject(ctx, api.ObjectCompanies, map[string]string{"name": "Acme Corp", "domain": "acme.example"})
		require.NoError(t, err)
		_, err = c.CreateObject(ctx, api.ObjectCompanies, map[string]string{"name": "Globex", "domain": "globex.example"})
		require.NoError(t, err)
		tm := app(t, c)
		screenShows(t, tm, "No contacts in this portal yet.")
		sendKeys(tm, "n")
		screenShows(t, tm, "Company (association)")
		tm.Type("Grace")
		sendKeys(tm, "down")
		tm.Type("Hopper")
		for range 7 {
			sendKeys(tm, "down")
		}
		sendKeys(tm, "enter")
		screenShows(t, tm, "Associate a company", "Globex")
		tm.Type("acm")
		sendKeys(tm, "enter")
		screenShows(t, tm, "Acme Corp  (primary)")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Create a contact with 3 values?", "Company (primary)")
		sendKeys(tm, "y")
		screenShows(t, tm, "Created Grace Hopper", "Companies 1")
		m := leaveApp(t, tm, false)
		id := m.top().(*detailPane).data.contact.ID
		got, err := c.GetContact(ctx, id, api.GetOptions{Properties: []string{"firstname", "company"}, Associations: []string{api.ObjectCompanies}})
		require.NoError(t, err)
		assert.Equal(t, "Acme Corp", got.Properties["company"], "the company name filled in from the pick")
		require.Len(t, got.Associations[api.ObjectCompanies], 1)
		assert.Equal(t, acme.ID, got.Associations[api.ObjectCompanies][0].ID)
	})
}

func TestFlowDeleteMovesTheContactToTheRecycleBinAndOffTheList(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 3)
		tm := app(t, c)
		screenShows(t, tm, "3 loaded")
		sendKeys(tm, "j", "d")
		screenShows(t, tm, "Delete Person 2 (person2@example.com)?", "restored for 90", "(default: No)")
		sendKeys(tm, "y")
		screenShows(t, tm, "Deleted Person 2: in HubSpot's recycle bin, restorable there for 90 days")
		m := leaveApp(t, tm, false)
		l := m.stack[0].(*listPane)
		require.Equal(t, 2, l.table.Len())
		for _, r := range l.table.Rows() {
			assert.NotEqual(t, ids[1], r.ID)
		}
		got, err := c.GetContact(context.Background(), ids[1], api.GetOptions{Archived: true})
		require.NoError(t, err)
		assert.True(t, got.Archived, "in the recycle bin")
		_, err = c.GetContact(context.Background(), ids[1], api.GetOptions{})
		assert.True(t, api.IsNotFound(err), "gone from HubSpot's live contacts")
	})
}

func TestFlowDeleteDefaultsToNo(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		createContacts(t, c, 2)
		srv.ResetRequests()
		tm := app(t, c)
		screenShows(t, tm, "2 loaded")
		sendKeys(tm, "d")
		screenShows(t, tm, "Delete Person 1")
		sendKeys(tm, "enter")
		screenShows(t, tm, "enter open") // the dialog closed: the footer is the list's again
		m := quit(t, tm)
		assert.Equal(t, 2, m.stack[0].(*listPane).table.Len())
		assert.Empty(t, srv.Writes(), "nothing deleted")
	})
}

// markAll loads every contact and marks them all with space.
func markAll(t *testing.T, tm *tui, n int) {
	t.Helper()
	for loaded := 100; loaded < n; loaded += 100 {
		sendKeys(tm, "G")
		screenShows(t, tm, fmt.Sprintf("%d loaded", min(n, loaded+100)))
	}
	sendKeys(tm, "g")
	for range n {
		sendKeys(tm, " ")
	}
	screenShows(t, tm, fmt.Sprintf("%d marked", n))
}

// batchSet marks every contact and sets prop (found by typing its label) to value.
func batchSet(t *testing.T, tm *tui, n int, label, value string) {
	t.Helper()
	markAll(t, tm, n)
	sendKeys(tm, "e")
	screenShows(t, tm, fmt.Sprintf("Property to set on %d contacts", n))
	tm.Type(label)
	sendKeys(tm, "enter")
	screenShows(t, tm, "Set a property on "+fmt.Sprint(n)+" marked contacts")
	tm.Type(value)
	sendKeys(tm, "ctrl+s")
	screenShows(t, tm, fmt.Sprintf("on %d contacts?", n))
	sendKeys(tm, "y")
}

func TestFlowBatchEditOf250ContactsIn3Requests(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ids := createContacts(t, c, 250)
		srv.ResetRequests()
		tm := app(t, c, pageSize(100))
		screenShows(t, tm, "100 loaded · more")
		batchSet(t, tm, 250, "job title", "Buyer")
		screenShows(t, tm, "Updated: 250 of 250")
		leaveApp(t, tm, false)
		assert.Equal(t, 3, writesTo(srv, "/batch/update"), "250 contacts in 3 batch requests")
		rs, err := c.BatchReadContacts(context.Background(), ids, "", []string{"jobtitle"})
		require.NoError(t, err)
		for _, r := range rs {
			require.NotNil(t, r.Object, r.Input)
			assert.Equal(t, "Buyer", r.Object.Properties["jobtitle"], r.Input)
		}
	})
}

func TestFlowBatchEditReportsTheOneHubSpotRefusedByName(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ctx := context.Background()
		ids := createContacts(t, c, 250)
		const odd = 136 // Person 137: the note is not associated with them, so it cannot be pinned
		var assocs []api.AssociationInput
		for i, id := range ids {
			if i != odd {
				assocs = append(assocs, api.AssociationInput{ToID: id, TypeID: 202})
			}
		}
		note, err := c.CreateObject(ctx, api.ObjectNotes, map[string]string{"hs_note_body": "Call notes", "hs_timestamp": "2026-02-03T10:00:00.000Z"}, assocs...)
		require.NoError(t, err)
		srv.ResetRequests()
		tm := app(t, c, pageSize(100))
		screenShows(t, tm, "100 loaded · more")
		batchSet(t, tm, 250, "pinned engagement", note.ID)
		screenShows(t, tm, "Updated: 249 of 250 · failed: 1", "Person 137 (person137@example.com) — Engagement "+note.ID+" is not an activity associated with contact "+ids[odd])
		sendKeys(tm, "esc")
		screenShows(t, tm, "e edit 1 marked") // the list has heard which were updated (it may hear after the results show)
		m := leaveApp(t, tm, false)
		assert.Equal(t, 3, writesTo(srv, "/batch/update"))
		rs, err := c.BatchReadContacts(ctx, ids, "", []string{"hs_pinned_engagement_id"})
		require.NoError(t, err)
		for i, r := range rs {
			want := note.ID
			if i == odd {
				want = ""
			}
			assert.Equal(t, want, r.Object.Properties["hs_pinned_engagement_id"], r.Input)
		}
		l := m.stack[0].(*listPane)
		assert.Equal(t, []string{ids[odd]}, l.table.Marked(), "the one that failed stays marked for another try")
	})
}
