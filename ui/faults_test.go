package ui

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Faults end to end through the TUI: the whole app on a tui (fake clock, real client,
// real sandbox), with latency, 429s, 5xx, resets and dropped answers injected where a save, a
// create or a batch is on its way. What the user sees is read from the frame while the request
// is still waiting, and what HubSpot stored is read from the sandbox afterwards. (A save through
// 503s and through dropped connections, kept form and retry included, is form_flow_test.go's.)

// ada creates Ada Lovelace, an intern, for the tests that edit her.
func ada(c *api.Client) {
	_, err := c.CreateContact(context.Background(), map[string]string{
		"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com", "jobtitle": "Intern"})
	if err != nil {
		panic(err)
	}
}

func onAda(o *Options) { o.Open = "ada@example.com" }

// reviewJobTitle opens Ada's form, types a new job title and opens the change review.
func reviewJobTitle(l *tui, title string) {
	l.t.Helper()
	l.shows("Ada Lovelace  ada@example.com")
	l.press("e")
	l.shows("Edit Ada Lovelace")
	l.press("down", "down", "down", "down", "ctrl+u") // first name, last name, email, phone, job title
	l.typeText(title)
	l.press("ctrl+s")
	l.shows("Save 1 change", "Intern → "+title)
}

// appliedWrites are the writes HubSpot carried out, as "METHOD path".
func appliedWrites(sb *hubspottest.Server) []string {
	var out []string
	for _, r := range sb.Writes() {
		if r.Applied() {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// jobTitle is Ada's job title as the sandbox stores it (read from the store, not through the
// client, whose waits would move the fake clock and show in the app's status bar).
func jobTitle(l *tui) string {
	var title string
	_ = l.sb.srv.Store().View(func(tx *hubspottest.Tx) error {
		if o := tx.ContactByEmail("ada@example.com"); o != nil {
			title = o.Props["jobtitle"]
		}
		return nil
	})
	return title
}

func TestFaultsRateLimitWaitIsShownAndTheSaveGoesThrough(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			reviewJobTitle(l, "Director")
			l.sb.srv.ResetRequests()
			l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429, Match: "PATCH"})
			l.deliver(monkeyKey("y"))
			l.settle(2*time.Second, false) // two seconds into HubSpot's ten-second window
			// The window has room when the first request of this session leaves it: 9 s on.
			l.shows("Waiting 9 s for HubSpot's rate limit", "Edit Ada Lovelace", "Director")
			assert.Equal(t, "Intern", jobTitle(l), "nothing stored yet")
			l.settle(0, true)
			l.shows("Saved 1 change to Ada Lovelace")
			assert.NotContains(t, l.frame(), "Waiting", "the wait line goes with the wait")
			assert.Equal(t, "Director", jobTitle(l))
			assert.Len(t, appliedWrites(l.sb.srv), 1, "one PATCH stored")
		}, onAda)
	})
}

func TestFaultsSlowSaveSaysWhatIsHappening(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			reviewJobTitle(l, "Director")
			l.sb.srv.SetFaults(hubspottest.Faults{Latency: 20 * time.Second, Only: hubspottest.FaultFilter{Methods: []string{"PATCH"}}})
			l.deliver(monkeyKey("y"))
			l.settle(3*time.Second, false)
			l.shows("Saving Ada Lovelace…")
			l.settle(0, true)
			l.shows("Saved 1 change to Ada Lovelace")
			assert.Equal(t, "Director", jobTitle(l))
		}, onAda)
	})
}

// TestFaultsSaveThroughEveryFaultKeepsTheFormThenSavesOnce: the save meets a 5xx, a reset, a
// truncated answer and a dropped one, one after the other; the API layer retries the PATCH
// (idempotent) through them all and the save goes through once the sandbox answers.
func TestFaultsSaveThroughEveryFaultSavesOnce(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			reviewJobTitle(l, "Director")
			l.sb.srv.ResetRequests()
			for _, k := range []hubspottest.FaultKind{hubspottest.Fault502, hubspottest.FaultReset, hubspottest.FaultTruncate, hubspottest.FaultDrop} {
				l.sb.srv.InjectNext(hubspottest.Fault{Kind: k, Match: "PATCH"})
			}
			l.deliver(monkeyKey("y"))
			l.settle(0, true)
			l.shows("Saved 1 change to Ada Lovelace")
			assert.Equal(t, "Director", jobTitle(l))
			var patches int
			for _, r := range l.sb.srv.Writes() {
				patches++
				assert.Equal(t, `{"properties":{"jobtitle":"Director"}}`, string(r.Body), "every attempt sent the same change")
			}
			assert.Equal(t, 5, patches, "four faults, then the answer")
		}, onAda)
	})
}

// createContactThroughForm presses n on the list and types the first fields of the form.
func createThroughForm(l *tui, first, last, email string) {
	l.t.Helper()
	l.press("n")
	l.shows("New contact")
	l.typeText(first)
	l.press("down")
	l.typeText(last)
	l.press("down")
	l.typeText(email)
	l.press("ctrl+s")
	l.shows("Create")
}

func countContacts(l *tui, match func(o *hubspottest.Object) bool) int {
	n := 0
	_ = l.sb.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if match(o) {
				n++
			}
			return true
		})
		return nil
	})
	return n
}

func TestFaultsCreateWhoseAnswerIsLostMakesOneContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			createThroughForm(l, "Grace", "Hopper", "grace@example.com")
			l.sb.srv.ResetRequests()
			l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "POST " + fam.Objects("contacts")})
			l.press("y")
			require.IsType(t, &detailPane{}, l.app.top(), "the new contact opens, no conflict shown")
			l.shows("Grace Hopper  grace@example.com")
			assert.Equal(t, 1, countContacts(l, func(o *hubspottest.Object) bool { return o.Props["lastname"] == "Hopper" }))
			assert.Len(t, l.sb.srv.Writes(), 1, "the create was sent once: the layer found the contact by its email")
		})
	})
}

// Without an email the layer cannot look the contact up, so it never sends the create again:
// the form stays, says the outcome is unknown, and there is exactly one contact.
func TestFaultsCreateWithoutEmailWhoseAnswerIsLostIsNeverResent(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			createThroughForm(l, "Grace", "Hopper", "")
			l.sb.srv.ResetRequests()
			l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "POST " + fam.Objects("contacts")})
			l.press("y")
			l.shows("New contact", "not known whether HubSpot made it", "Everything you typed is still here")
			assert.Equal(t, 1, countContacts(l, func(o *hubspottest.Object) bool { return o.Props["lastname"] == "Hopper" }))
			assert.Len(t, l.sb.srv.Writes(), 1, "sent once")
		})
	})
}

// TestFaultsBatchNamesEveryFailure: 250 marked contacts get a job title in three requests; the
// first request fails through all its retries (five 503s), the second meets a reset and then a
// dropped answer and goes through on its third try, the third goes through at once. The result names each of the 100 contacts that failed, with
// the reason; the 150 others are stored.
func TestFaultsBatchNamesEveryFailure(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		var ids []string
		prepare := func(c *api.Client) {
			inputs := make([]map[string]string, 250)
			for i := range inputs {
				inputs[i] = map[string]string{"firstname": "Person", "lastname": fmt.Sprint(i + 1),
					"email": fmt.Sprintf("person%d@example.com", i+1)}
			}
			rs, err := c.BatchCreateContacts(context.Background(), inputs)
			if err != nil {
				panic(err)
			}
			for _, r := range rs {
				ids = append(ids, r.Object.ID)
			}
		}
		pages := func(o *Options) {
			o.Config = config.Defaults("")
			o.Config.PageSize = 100
		}
		inBubble(t, fam, hubspottest.Options{Empty: true}, prepare, func(l *tui) {
			for range 3 {
				l.press("G")
			}
			l.shows("250 loaded")
			l.press("g")
			for range 250 {
				l.press(" ")
			}
			l.shows("250 marked")
			l.press("e")
			l.shows("Property to set on 250 contacts")
			l.typeText("job title")
			l.press("enter")
			l.typeText("Buyer")
			l.press("ctrl+s")
			l.shows("Set Job Title to Buyer on 250 contacts?")
			for range api.DefaultMaxRetries + 1 {
				l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "/batch/update"})
			}
			l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultReset, Match: "/batch/update"})
			l.sb.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/update"})
			l.press("y")
			l.shows("Updated: 150 of 250 · failed: 100")
			b := l.app.top().(*batchPane)
			failed := map[string]bool{}
			for _, o := range b.results {
				if o.failed {
					failed[o.t.id] = true
					assert.Contains(t, o.reason, "HubSpot had a server error (503) after 5 tries", o.t.name)
				}
			}
			assert.Len(t, failed, 100)
			for i, id := range ids {
				assert.Equal(t, i < 100, failed[id], "person %d", i+1)
			}
			// Every failure is on the screen, by name: scroll through the result list.
			seen := map[string]bool{}
			for range 60 {
				for _, line := range strings.Split(l.frame(), "\n") {
					if name, _, ok := strings.Cut(strings.TrimSpace(line), " (person"); ok && strings.HasPrefix(name, "x Person ") {
						seen[strings.TrimPrefix(name, "x ")] = true
					}
				}
				l.press("pgdown")
			}
			assert.Len(t, seen, 100, "each failed contact is named on screen")
			rs, err := l.sb.client.BatchReadContacts(context.Background(), ids, "", []string{"jobtitle"})
			require.NoError(t, err)
			for i, r := range rs {
				want := "Buyer"
				if i < 100 {
					want = ""
				}
				assert.Equal(t, want, r.Object.Properties["jobtitle"], "person %d", i+1)
			}
			var sent int
			for _, r := range l.sb.srv.Writes() {
				if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/batch/update") {
					sent++
				}
			}
			assert.Equal(t, 5+3+1, sent, "five tries for the first request, three for the second, one for the third")
		}, pages)
	})
}

// TestDecliningAnImportLeavesItUnstarted: n to "Write N rows to HubSpot?" writes nothing and
// leaves the preview as it was, so esc goes back (the pane used to enter its running state while
// asking, and after a no it stayed there: esc offered to stop an import that never started).
func TestDecliningAnImportLeavesItUnstarted(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		dir := t.TempDir()
		path := filepath.Join(dir, "people.csv")
		require.NoError(t, os.WriteFile(path, []byte("email,firstname\nnew1@example.com,New\nada@example.com,Ada\n"), 0o600))
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			l.sb.srv.ResetRequests()
			l.press("i")
			l.typeText(path)
			l.press("enter")
			l.shows("people.csv")
			l.press("ctrl+s")
			l.shows("Write 2 rows of people.csv to HubSpot?")
			l.press("n")
			p, ok := l.app.top().(*importPane)
			require.True(t, ok, "back on the import")
			assert.Equal(t, importPreview, p.stage, "the preview, not a running import")
			l.press("esc")
			assert.IsType(t, &listPane{}, l.app.top(), "esc goes back")
			assert.Empty(t, l.sb.srv.Writes())
		})
	})
}
