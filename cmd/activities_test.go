package cmd_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// activitiesOf reads a contact's activities through the API layer, as the TUI does.
func (o *oneShot) activitiesOf(email string) []api.Activity {
	o.t.Helper()
	c, err := api.New(api.Config{BaseURL: o.srv.URL, Token: o.srv.Token, APIVersion: o.fam.Version})
	require.NoError(o.t, err)
	acts, err := c.Activities(context.Background(), email)
	require.NoError(o.t, err)
	return acts
}

// note add logs a note on a contact by email or id, its text written as HubSpot's minimal
// HTML, from the flag or standard input, pinned with --pin; the contact lists it.
func TestNoteAdd(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		r := o.hc("", "note", "add", "ada@example.com", "--body", "Called: a quote <soon>\nby Friday")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, "Logged note ")
		assert.Contains(t, r.stdout, "on Ada Lovelace (ada@example.com)")
		assert.Contains(t, r.stdout, "    Called: a quote <soon>\n    by Friday\n")
		r = o.hc("line one\nline two\n", "note", "add", o.ids["ada@example.com"], "--body", "-", "--pin")
		require.Equal(t, 0, r.code, r.output())
		acts := o.activitiesOf("ada@example.com")
		require.Len(t, acts, 2)
		bodies := map[string]bool{}
		for _, a := range acts {
			bodies[a.Body] = a.Pinned
		}
		assert.Equal(t, map[string]bool{"<p>Called: a quote &lt;soon&gt;<br>by Friday</p>": false, "<p>line one<br>line two</p>": true}, bodies)

		for args, code := range map[[2]string]int{
			{"nobody@example.com", "x"}: 3, // no such contact
			{"ada@example.com", " "}:    2, // an empty note
			{"not-an-id", "x"}:          2,
		} {
			r := o.hc("", "note", "add", args[0], "--body", args[1])
			assert.Equal(t, code, r.code, "%v: %s", args, r.output())
		}
		assert.Equal(t, 2, o.hc("", "note", "add", "ada@example.com").code, "--body is required")
		assert.Len(t, o.activitiesOf("ada@example.com"), 2, "nothing more was logged")
		ro := o.hc("", "note", "add", "ada@example.com", "--body", "x", "--read-only")
		assert.Equal(t, 1, ro.code, ro.output())
		assert.Contains(t, ro.stderr, "read-only")
		assert.Len(t, o.activitiesOf("ada@example.com"), 2, "read-only: nothing logged")
	})
}

// task add: due at a local day and time (or a day at nine), assigned by owner email or to me:;
// an unknown owner is a usage error, an unknown contact exit 3.
func TestTaskAdd(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		r := o.hc("", "task", "add", "ada@example.com", "--subject", "Send the quote", "--due", "2026-03-14T15:30:00Z",
			"--owner", "ADA.lovelace@hubcontacts.example")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, "task  ·  Send the quote  ·  Ada Lovelace")
		o.writeConfig("profiles:\n  default:\n    me: " + hubspottest.SandboxUser + "\n")
		r = o.hc("", "task", "add", "grace@example.com", "--subject", "Call back", "--due", "2026-03-15")
		require.Equal(t, 0, r.code, r.output())
		ada, grace := o.activitiesOf("ada@example.com"), o.activitiesOf("grace@example.com")
		require.Len(t, ada, 1)
		require.Len(t, grace, 1)
		assert.Equal(t, "2026-03-14T15:30:00.000Z", ada[0].Properties["hs_timestamp"])
		assert.Equal(t, hubspottest.AdaOwnerID, ada[0].Properties["hubspot_owner_id"])
		assert.Equal(t, api.TaskNotStarted, ada[0].Properties["hs_task_status"])
		assert.Equal(t, hubspottest.MeOwnerID, grace[0].Properties["hubspot_owner_id"], "me: owns it")
		assert.Equal(t, "Call back", grace[0].Title)

		assert.Equal(t, 2, o.hc("", "task", "add", "ada@example.com", "--subject", "x", "--owner", "nobody@example.com").code)
		assert.Equal(t, 2, o.hc("", "task", "add", "ada@example.com", "--subject", "x", "--due", "next week").code)
		assert.Equal(t, 3, o.hc("", "task", "add", "nobody@example.com", "--subject", "x").code)
		assert.Len(t, o.activitiesOf("ada@example.com"), 1, "nothing more was created")
	})
}

// activities lists what the TUI shows, newest first: --json in the API layer's order with
// HubSpot's raw values; plain as text, hostile markup inert.
func TestActivitiesCommand(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		require.Equal(t, 0, o.hc("", "note", "add", "evil@example.com", "--body", "first").code)
		require.Equal(t, 0, o.hc("", "task", "add", "evil@example.com", "--subject", "Later", "--due", "2030-01-01 09:00").code)
		c, err := api.New(api.Config{BaseURL: o.srv.URL, Token: o.srv.Token, APIVersion: o.fam.Version})
		require.NoError(t, err)
		_, err = c.CreateActivity(context.Background(), "evil@example.com", api.ObjectNotes, map[string]string{
			"hs_note_body": "<style>x{}</style><p onclick='a>b'>hi \x1b]52;c;ZXZpbA==\x07there\u202e</p>", "hs_timestamp": "2026-01-01T00:00:00Z"})
		require.NoError(t, err)

		r := o.hc("", "activities", "evil@example.com", "--json")
		require.Equal(t, 0, r.code, r.output())
		var got []struct {
			ID, Type   string
			Pinned     bool
			Properties map[string]string
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
		want := o.activitiesOf("evil@example.com")
		require.Len(t, got, len(want))
		for i := range want {
			assert.Equal(t, want[i].ID, got[i].ID, "the TUI's order")
			assert.Equal(t, want[i].Properties, got[i].Properties)
		}
		assert.Equal(t, "tasks", got[0].Type, "the task due in 2030 first")

		r = o.hc("", "activities", "evil@example.com")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, "    hi there\n")
		for _, bad := range []string{"\x1b", "\u202e", "onclick", "x{}", "ZXZpbA"} {
			assert.NotContains(t, r.stdout, bad)
		}
		assert.Equal(t, 3, o.hc("", "activities", "nobody@example.com").code)
		r = o.hc("", "activities", "grace@example.com")
		assert.Equal(t, 0, r.code)
		assert.Contains(t, r.stdout, "No notes, calls, emails, meetings or tasks")
	})
}
