package ui

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/filter"
)

// Flows of issue 15: activities written from the app (the whole app, the tui harness) against the
// sandbox through the real client, each checked afterwards through the API layer.

// actContact is a contact with nothing on it yet (Ada Lovelace, ada@example.com).
func actContact(t *testing.T, c *api.Client) string {
	t.Helper()
	return mustCreate(t, c, api.ObjectContacts, map[string]string{"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"})
}

// actsOf reads the contact's activities through the API layer, by type.
func actsOf(t *testing.T, c *api.Client, contact string) map[string][]api.Activity {
	t.Helper()
	acts, err := c.Activities(context.Background(), contact)
	require.NoError(t, err)
	out := map[string][]api.Activity{}
	for _, a := range acts {
		out[a.Type] = append(out[a.Type], a)
	}
	return out
}

// asMe starts the app as the sandbox's own user (the owner me: names), on the tests' clock.
func asMe(o *Options) {
	o.Me = hubspottest.MeOwnerID
	o.now = func() time.Time { return testStart }
}

// Log each of the four kinds: a note and a call from the contact's detail (L), a meeting and a
// task from the activities (n). Each lands selected at the top of the activities; HubSpot then
// holds each with the values typed, associated with the contact, each owned by me unless the
// form chose another owner (the call).
func TestFlowLogEachKindOfActivity(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		contact := actContact(t, c)
		tt := startOn(t, c, "ada@example.com", asMe)
		tt.shows("Ada Lovelace  ada@example.com")

		tt.keys("L")
		tt.shows("Log what on Ada Lovelace?", "o note", "c call", "m meeting", "t task")
		tt.keys("o")
		tt.shows("Log a note on Ada Lovelace", "Note body", "Activity assigned to", "Sam Sandbox") // mine unless changed
		tt.typeText("Met at the fair.")
		tt.keys("enter")
		tt.typeText("Wants a demo & a quote <soon>.")
		tt.keys("ctrl+s")
		tt.shows("Log a note on Ada Lovelace?", "Wants a demo & a quote <soon>.")
		tt.keys("y")
		tt.shows("Logged the note “Met at the fair. Wants a demo")

		tt.keys("L", "c")
		tt.shows("Log a call on Ada Lovelace", "Call outcome")
		tt.typeText("Pricing call")
		tt.keys("tab")
		tt.typeText("Went through the options")
		tt.keys("tab", "right", "right", "tab") // direction: Outbound
		tt.typeText("Con")                      // outcome, by its label
		tt.keys("tab")
		tt.typeText("5:30")
		tt.keys("tab", "tab") // when, then the owner: this call is Ada's
		tt.typeText("love")
		tt.shows("Choose the owner", "Ada Lovelace")
		tt.keys("enter")
		tt.keys("ctrl+s")
		tt.shows("Log a call on Ada Lovelace?", "Connected", "5:30", "Activity assigned to")
		tt.keys("y")
		tt.shows("Logged the call “Pricing call” on Ada Lovelace")

		tt.keys("p")
		tt.shows("Activities of Ada Lovelace", "Pricing call")
		tt.keys("n", "m")
		tt.shows("Log a meeting on Ada Lovelace", "Start time")
		tt.typeText("Quarterly review")
		tt.keys("ctrl+s", "y")
		tt.shows("Logged the meeting “Quarterly review” on Ada Lovelace")
		tt.keys("n", "t")
		tt.shows("Log a task on Ada Lovelace", "Due date", "Sam Sandbox")
		tt.typeText("Send the quote")
		tt.keys("ctrl+s")
		tt.shows("Log a task on Ada Lovelace?", "2026-02-04 09:00", "Sam Sandbox")
		tt.keys("y")
		tt.shows("Logged the task “Send the quote” on Ada Lovelace")
		tt.keys("P") // the new one, selected, can be pinned at once
		tt.shows("Pinned the task “Send the quote”")
		m, _ := tt.quit()
		p := m.top().(*activitiesPane)
		sel, _ := p.selected()
		assert.Equal(t, "Send the quote", sel.Title, "the task logged last is selected")

		got := actsOf(t, c, contact)
		require.Len(t, got[api.ObjectNotes], 1)
		assert.Equal(t, "<p>Met at the fair.<br>Wants a demo &amp; a quote &lt;soon&gt;.</p>", got[api.ObjectNotes][0].Body)
		assert.Equal(t, hubspottest.MeOwnerID, got[api.ObjectNotes][0].Properties[ownerProperty], "a new note is mine")
		require.Len(t, got[api.ObjectCalls], 1)
		call := got[api.ObjectCalls][0].Properties
		assert.Equal(t, "Pricing call", call["hs_call_title"])
		assert.Equal(t, "OUTBOUND", call["hs_call_direction"])
		assert.Equal(t, hubspottest.DispositionConnected, call["hs_call_disposition"])
		assert.Equal(t, "330000", call["hs_call_duration"])
		assert.Equal(t, hubspottest.AdaOwnerID, call[ownerProperty], "the owner chosen in the form")
		require.Len(t, got[api.ObjectMeetings], 1)
		meet := got[api.ObjectMeetings][0].Properties
		assert.Equal(t, "Quarterly review", meet["hs_meeting_title"])
		assert.Equal(t, "2026-02-03T10:00:00.000Z", meet["hs_meeting_start_time"])
		assert.Equal(t, "2026-02-03T10:30:00.000Z", meet["hs_meeting_end_time"])
		assert.Equal(t, hubspottest.MeOwnerID, meet[ownerProperty], "a new meeting is mine")
		require.Len(t, got[api.ObjectTasks], 1)
		task := got[api.ObjectTasks][0]
		assert.Equal(t, "Send the quote", task.Title)
		assert.Equal(t, hubspottest.MeOwnerID, task.Properties[ownerProperty], "a new task is mine")
		assert.Equal(t, api.TaskNotStarted, task.Properties["hs_task_status"])
		assert.Equal(t, "2026-02-04T09:00:00.000Z", task.Properties["hs_timestamp"], "due tomorrow at nine")
		assert.True(t, task.Pinned, "pinned")
	})
}

// A new activity's defaults alone (its owner, me; its time) log nothing: the form asks for
// something typed first, and nothing reaches HubSpot.
func TestFlowLogNothingTyped(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		actContact(t, c)
		tt := startOn(t, c, "ada@example.com", asMe)
		tt.shows("Ada Lovelace  ada@example.com")
		srv.ResetRequests()
		tt.keys("L", "o")
		tt.shows("Log a note on Ada Lovelace", "Sam Sandbox")
		tt.keys("ctrl+s")
		tt.shows("Nothing to log yet: type something first.")
		tt.quit()
		assert.Empty(t, srv.Writes(), "nothing logged")
	})
}

// Edit a note's body; a body with formatting says, before it is saved, that saving simplifies
// it. HubSpot then holds the new text as minimal HTML.
func TestFlowEditANoteBody(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		contact := actContact(t, c)
		plain := mustEngage(t, c, contact, api.ObjectNotes, "2026-02-02T09:00:00.000Z", map[string]string{"hs_note_body": "<p>First draft</p>"})
		rich := mustEngage(t, c, contact, api.ObjectNotes, "2026-02-01T09:00:00.000Z", map[string]string{"hs_note_body": "<p>A <b>bold</b> claim</p>"})
		tt := startOn(t, c, "ada@example.com")
		tt.shows("Ada Lovelace  ada@example.com")
		tt.keys("p")
		tt.shows("Activities of Ada Lovelace", "First draft", "A bold claim")
		tt.keys("e")
		tt.shows("Edit the note on Ada Lovelace", "First draft")
		tt.typeText(", then the final one")
		tt.keys("ctrl+s")
		tt.shows("Save 1 change to the note on Ada Lovelace?", "was First draft", "now First draft, then the final one")
		tt.keys("y")
		tt.shows("Saved 1 change to the note “First draft, then the final one”")
		tt.keys("j", "e")
		tt.shows("Edit the note on Ada Lovelace", "A bold claim")
		tt.typeText("!")
		tt.shows("saving it keeps the words and the lines")
		tt.keys("ctrl+s")
		tt.shows("Save 1 change to the note", "saving it keeps the words")
		tt.keys("y")
		tt.shows("Saved 1 change to the note “A bold claim!”")
		tt.quit()
		for id, want := range map[string]string{plain: "<p>First draft, then the final one</p>", rich: "<p>A bold claim!</p>"} {
			o, err := c.GetObject(context.Background(), api.ObjectNotes, id, []string{"hs_note_body"})
			require.NoError(t, err)
			assert.Equal(t, want, o.Properties["hs_note_body"])
		}
	})
}

// Complete a task with one key, then reopen it with the same key; HubSpot follows each time.
func TestFlowCompleteAndReopenATask(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		contact := actContact(t, c)
		task, err := c.CreateActivity(context.Background(), contact, api.ObjectTasks, map[string]string{
			"hs_task_subject": "Call back", "hs_timestamp": "2026-02-05T09:00:00.000Z", "hs_task_status": api.TaskNotStarted})
		require.NoError(t, err)
		status := func() string {
			o, err := c.GetObject(context.Background(), api.ObjectTasks, task.ID, []string{"hs_task_status"})
			require.NoError(t, err)
			return o.Properties["hs_task_status"]
		}
		tt := startOn(t, c, "ada@example.com")
		tt.shows("Ada Lovelace  ada@example.com")
		tt.keys("p")
		tt.shows("Call back")
		tt.keys("c")
		tt.shows("Completed the task “Call back”", "Task (done)")
		assert.Equal(t, api.TaskCompleted, status())
		tt.keys("c")
		tt.shows("Reopened the task “Call back”")
		tt.quit()
		assert.Equal(t, api.TaskNotStarted, status())
	})
}

// Delete asks first, naming the activity, and no is the default: declined, nothing is deleted;
// confirmed, a pinned note is unpinned, then goes to the recycle bin.
func TestFlowDeleteAnActivityAndDeclineOne(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		contact := actContact(t, c)
		note := mustEngage(t, c, contact, api.ObjectNotes, "2026-02-01T09:00:00.000Z", map[string]string{"hs_note_body": "<p>Keep or not</p>"})
		_, err := c.PinActivity(context.Background(), contact, note)
		require.NoError(t, err)
		tt := startOn(t, c, "ada@example.com")
		tt.shows("Ada Lovelace  ada@example.com")
		tt.keys("p")
		tt.shows("Note (pinned)")
		srv.ResetRequests()
		tt.keys("d")
		tt.shows("Delete note", "Delete the note “Keep or not” on Ada Lovelace?", "it is unpinned first", "(default: No)")
		tt.keys("x")     // any other key than yes
		tt.keys("enter") // the note is still there
		tt.shows("Note · 2026-02-01 09:00 · pinned", "Keep or not")
		assert.Empty(t, deletes(srv), "declined: nothing deleted")
		assert.Len(t, actsOf(t, c, contact)[api.ObjectNotes], 1)

		tt.keys("esc", "d")
		tt.shows("Delete the note “Keep or not” on Ada Lovelace?")
		tt.keys("y")
		tt.shows("Deleted the note “Keep or not”", "No notes, calls, emails, meetings or tasks")
		tt.quit()
		assert.Empty(t, actsOf(t, c, contact)[api.ObjectNotes])
		assert.Equal(t, []string{fam.Objects("notes") + "/" + note}, deletes(srv))
		assert.Empty(t, pinnedID(t, c, contact), "unpinned before it went")
	})
}

// A save whose answer a 502 or a reset loses is settled, not sent twice; one that fails
// through every retry keeps the form with everything typed, and saving again stores exactly
// one note.
func TestFlowSaveThroughFaultsStoresOneActivity(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		contact := actContact(t, c)
		notes := func(body string) int {
			n := 0
			for _, a := range actsOf(t, c, contact)[api.ObjectNotes] {
				if a.Body == body {
					n++
				}
			}
			return n
		}
		tt := startOn(t, c, "ada@example.com")
		tt.shows("Ada Lovelace  ada@example.com")
		for _, f := range []hubspottest.FaultKind{hubspottest.Fault502, hubspottest.FaultReset, hubspottest.FaultDrop} {
			srv.InjectNext(hubspottest.Fault{Kind: f, Match: "POST " + fam.Objects("notes")})
			tt.keys("L", "o")
			tt.shows("Log a note on Ada Lovelace")
			tt.typeText("after a " + f.String())
			tt.keys("ctrl+s", "y")
			tt.shows("Logged the note “after a " + f.String() + "”")
			assert.Equal(t, 1, notes("<p>after a "+f.String()+"</p>"), f.String())
		}

		// Every POST about notes answered 502 (the create, and the reads that would settle it).
		srv.SetFaults(hubspottest.Faults{Error5xx: 1, Codes: []int{502},
			Only: hubspottest.FaultFilter{Methods: []string{"POST"}, Path: fam.Objects("notes")}})
		tt.keys("L", "o")
		tt.shows("Log a note on Ada Lovelace")
		tt.typeText("stubborn")
		tt.keys("ctrl+s", "y")
		tt.shows("HubSpot did not confirm the save", "Everything you typed is still here")
		srv.SetFaults(hubspottest.Faults{})
		assert.Equal(t, 0, notes("<p>stubborn</p>"), "nothing stored")
		tt.keys("ctrl+s")
		tt.shows("Log a note on Ada Lovelace?", "stubborn")
		tt.keys("y")
		tt.shows("Logged the note “stubborn”")
		tt.quit()
		assert.Equal(t, 1, notes("<p>stubborn</p>"), "saved once")
	})
}

// The owner is chosen by part of a name (or an email) in a picker; HubSpot stores the owner's
// id. The activities show the owner by name.
func TestFlowOwnerPickerFindsAnOwnerByPartOfTheName(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		contact := actContact(t, c)
		tt := startOn(t, c, "ada@example.com", asMe)
		tt.shows("Ada Lovelace  ada@example.com")
		tt.keys("L", "t")
		tt.shows("Log a task on Ada Lovelace", "Sam Sandbox")
		tt.typeText("Ask Ada")
		tt.keys("tab", "tab", "tab", "tab", "tab") // body, due, priority, type, owner
		tt.typeText("love")
		tt.shows("Choose the owner", "Ada Lovelace", "ada.lovelace@hubcontacts.example")
		tt.keys("enter")
		tt.shows("Ada Lovelace  type a name or email")
		tt.keys("ctrl+s")
		tt.shows("Log a task on Ada Lovelace?", "Ada Lovelace")
		tt.keys("y")
		tt.shows("Logged the task “Ask Ada” on Ada Lovelace")
		tt.keys("p")
		tt.matches(`Task +2026-02-04 09:00 +Ask Ada +Ada Lovelace`)
		tt.quit()
		tasks := actsOf(t, c, contact)[api.ObjectTasks]
		require.Len(t, tasks, 1)
		assert.Equal(t, hubspottest.AdaOwnerID, tasks[0].Properties[ownerProperty])
	})
}

// My tasks, from the list: the open tasks assigned to me, due first, the overdue marked; enter
// opens a task's contact; c completes one, which leaves the list.
func TestFlowMyTasks(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		ada := actContact(t, c)
		bob := mustCreate(t, c, api.ObjectContacts, map[string]string{"firstname": "Bob", "lastname": "Babbage", "email": "bob@example.com"})
		task := func(contact, subject, due, owner, status string) string {
			a, err := c.CreateActivity(context.Background(), contact, api.ObjectTasks, map[string]string{
				"hs_task_subject": subject, "hs_timestamp": due, ownerProperty: owner, "hs_task_status": status})
			require.NoError(t, err)
			return a.ID
		}
		me := hubspottest.MeOwnerID
		task(ada, "Later", "2026-02-10T09:00:00.000Z", me, api.TaskNotStarted)
		late := task(bob, "Overdue one", "2026-02-01T09:00:00.000Z", me, "IN_PROGRESS")
		task(ada, "Done already", "2026-01-20T09:00:00.000Z", me, api.TaskCompleted)
		task(bob, "Not mine", "2026-01-20T09:00:00.000Z", hubspottest.AdaOwnerID, api.TaskNotStarted)
		tt := startOn(t, c, "", asMe)
		tt.shows("Contacts")
		tt.keys("t")
		tt.shows("My tasks · Sam Sandbox", "Overdue one", "! 2 days late", "Bob Babbage", "Later", "Feb 10", "1 overdue")
		tt.keys("enter")
		tt.shows("Bob Babbage  bob@example.com")
		tt.keys("esc")
		tt.shows("My tasks · Sam Sandbox")
		tt.keys("c")
		tt.shows("Completed the task “Overdue one”")
		m, out := tt.quit()
		assert.NotContains(t, string(out), "Done already")
		assert.NotContains(t, string(out), "Not mine")
		p := m.top().(*myTasksPane)
		assert.Equal(t, 1, p.table.Len(), "the completed task left the list")
		o, err := c.GetObject(context.Background(), api.ObjectTasks, late, []string{"hs_task_status"})
		require.NoError(t, err)
		assert.Equal(t, api.TaskCompleted, o.Properties["hs_task_status"])
	})
}

// My tasks at 80 columns gives the subject the room: the due date is short, and an overdue
// one is marked ("!") and, in colour, tinted as overdue.
func TestFlowMyTasksLayout(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			_, c := relSandbox(t, fam)
			ada := actContact(t, c)
			for _, tk := range [][2]string{{"Send the renewal contract", "2026-02-01T09:00:00.000Z"},
				{"Call back about the invoice", "2026-02-03T16:30:00.000Z"}, {"Prepare the quarterly review", "2026-02-04T09:00:00.000Z"},
				{"Plan the onsite workshop", "2026-03-15T09:00:00.000Z"}} {
				_, err := c.CreateActivity(context.Background(), ada, api.ObjectTasks, map[string]string{
					"hs_task_subject": tk[0], "hs_timestamp": tk[1], ownerProperty: hubspottest.MeOwnerID, "hs_task_status": "IN_PROGRESS",
					"hs_task_priority": "MEDIUM"})
				require.NoError(t, err)
			}
			tm := appAt(t, c, w, h, asMe)
			screenShows(t, tm, "Contacts")
			keys(tm, "t")
			screenShows(t, tm, "My tasks · Sam Sandbox", "Ada Lovelace")
			for _, want := range []string{"! 2 days late  Send the renewal contract ", "today 16:30", "tomorrow 09:00", "Mar 15",
				"Call back about the invoice", "Prepare the quarterly review", "Plan the onsite workshop", "Medium"} {
				assert.Contains(t, tm.frame(), want, "at %dx%d", w, h)
			}
			if w >= 100 {
				assert.Contains(t, tm.frame(), "In progress", "the status, where there is room")
			}
			p := tm.app.top().(*myTasksPane)
			p.env.theme = ColorTheme("dark")
			lipgloss.SetColorProfile(termenv.TrueColor)
			defer lipgloss.SetColorProfile(termenv.Ascii)
			p.show(myTasks{me: p.me, tasks: slices.Collect(maps.Values(p.tasks))})
			late := p.env.theme.tint(p.env.theme.Overdue, "! 2 days late")
			assert.Contains(t, p.View(), late, "the overdue due date is tinted")
			assert.NotContains(t, p.View(), p.env.theme.tint(p.env.theme.Overdue, "today 16:30"), "a task due later today is not")
		})
	})
}

// Without me: My tasks says what to set, and where.
func TestMyTasksWithoutMe(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newMyTasksPane(e), 100, 20)
		assert.Contains(t, hs.pane.View(), "Whose tasks? Add me: with your HubSpot login email")
		_, why, err := filter.Me(context.Background(), "nobody@example.com", c)
		require.NoError(t, err)
		e, _ = paneEnv(t, c, func(o *Options) { o.MeWhy = why })
		hs = drive(t, newMyTasksPane(e), 100, 20)
		assert.Contains(t, strings.Join(strings.Fields(hs.pane.View()), " "), "no active owner of this HubSpot account has the email nobody@example.com")
	})
}

// A hostile note body (a style sheet, attributes holding quotes and '>', escape sequences, bidi
// controls) reaches the terminal as inert text in the activities and in the full view.
func TestFlowHostileNoteBodyRendersInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		contact := actContact(t, c)
		body := `<style>p{color:red}</style><p title='a">b' data-x="1>2">Dear ` + hubspottest.HostileClipboard + `Ada` + "\x1b[2J\u202e" +
			`</p><p onclick="x>1">see <a href="https://evil.example/">the &#x1b;[31mlink</a> ok` + "\r" + `FAKE</p>`
		mustEngage(t, c, contact, api.ObjectNotes, "2026-02-01T09:00:00.000Z", map[string]string{"hs_note_body": body})
		tt := startOn(t, c, "ada@example.com")
		tt.shows("Ada Lovelace  ada@example.com")
		tt.keys("p")
		tt.shows("Dear Ada see the link ok FAKE")
		tt.keys("enter")
		tt.shows("Note · 2026-02-01 09:00", "Dear Ada", "see the link ok FAKE")
		_, out := tt.quit()
		for _, s := range append(slices.Clone(injected), "\u202e", "color:red", "title=", "onclick", "evil.example", "ZXZpbA==") {
			assert.NotContains(t, string(out), s, "the terminal received %q", s)
		}
	})
}

// Read-only refuses logging, editing, completing and deleting, with the reason, and sends nothing.
func TestFlowActivityWritesRefusedReadOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		contact := actContact(t, c)
		_, err := c.CreateActivity(context.Background(), contact, api.ObjectTasks, map[string]string{"hs_task_subject": "Call back"})
		require.NoError(t, err)
		tt := startOn(t, c, "ada@example.com", func(o *Options) { o.ReadOnly = true })
		tt.shows("Ada Lovelace  ada@example.com")
		srv.ResetRequests()
		tt.keys("L")
		tt.shows("read-only mode: log an activity… is off")
		tt.keys("p")
		tt.shows("Call back")
		for key, what := range map[string]string{"n": "add", "e": "edit", "c": "complete/reopen task", "d": "delete"} {
			tt.keys(key)
			tt.shows("read-only mode: " + what + " is off")
		}
		tt.quit()
		for _, r := range srv.Requests() {
			assert.NotEqual(t, http.MethodPatch, r.Method, r.Path)
			assert.NotEqual(t, http.MethodDelete, r.Method, r.Path)
			assert.False(t, r.Method == http.MethodPost && !strings.Contains(r.Path, "/batch/read") && !strings.Contains(r.Path, "/search"), r.Path)
		}
	})
}
