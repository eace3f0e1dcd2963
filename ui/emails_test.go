package ui

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// addresses reads a contact's primary and secondary emails afresh through the API layer.
func addresses(t *testing.T, c *api.Client, id string) (string, []string) {
	t.Helper()
	o, err := c.GetContact(context.Background(), id, api.GetOptions{Properties: []string{"email"}})
	require.NoError(t, err)
	sec, err := c.SecondaryEmails(context.Background(), id)
	require.NoError(t, err)
	return o.Properties["email"], sec
}

func strict(o *hubspottest.Options) { o.Strict = true }

func TestEmailsListsThePrimaryThenTheSecondaries(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		v := hs.pane.View()
		assert.Contains(t, v, "Email addresses of Ada Lovelace")
		assert.Regexp(t, `> +ada@example\.com +Primary`, v)
		assert.Regexp(t, `\n +ada@old\.example\.com +Secondary`, v)
		assert.Equal(t, "1 secondary email", hs.pane.(*emailsPane).Info())
	})
}

func TestEmailsAddInDefaultAndStrictMode(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, mode := range []struct {
			name string
			opts []func(*hubspottest.Options)
			v1   bool
		}{{"default", nil, false}, {"strict", []func(*hubspottest.Options){strict}, true}} {
			t.Run(mode.name, func(t *testing.T) {
				srv, c := relSandbox(t, fam, mode.opts...)
				f := relSetup(t, c)
				e, _ := paneEnv(t, c)
				hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
				p := hs.pane.(*emailsPane)
				hs.key("n")
				assert.True(t, isTyping(p))
				typeText(hs, "ada@analytical.example")
				srv.ResetRequests()
				hs.key("enter")
				assert.False(t, isTyping(p), "the box closes on success")
				_, sec := addresses(t, c, f.contact)
				assert.Equal(t, []string{"ada@old.example.com", "ada@analytical.example"}, sec)
				assert.Contains(t, p.View(), "ada@analytical.example")
				assert.Contains(t, hs.notices(), "Added ada@analytical.example as a secondary email of Ada Lovelace")
				v1 := false
				for _, r := range srv.Writes() {
					v1 = v1 || strings.HasPrefix(r.Path, "/contacts/v1/secondary-email/")
				}
				assert.Equal(t, mode.v1, v1, "strict mode goes through the legacy endpoint")
			})
		}
	})
}

func TestEmailsRefusalsSayWhy(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		p := hs.pane.(*emailsPane)
		srv.ResetRequests()
		for in, why := range map[string]string{
			"":                       "Type the email address to add",
			"ada.example.com":        `"ada.example.com" is not a valid email address: it has no @; write it like name@example.com.`,
			"ada@@example.com":       "it has more than one @",
			"ada@example":            "the part after the @ is not a domain like example.com",
			"a da@example.com":       "it holds a space",
			"ADA@example.com":        "ADA@example.com is already this contact's primary email.",
			"Ada@Old.Example.com":    "Ada@Old.Example.com is already a secondary email of this contact.",
			"grace@example.com":      "grace@example.com is in use by another contact, Grace Hopper (id " + f.other + "): HubSpot allows an address on one contact only.",
			"grace@navy.example.com": "grace@navy.example.com is in use by another contact, Grace Hopper (id " + f.other + ")",
		} {
			hs.key("esc", "n")
			typeText(hs, in)
			hs.key("enter")
			assert.Contains(t, p.problem, why, "%q", in)
			assert.Contains(t, p.View(), "✗ ", "shown under the box")
			assert.True(t, isTyping(p), "the box stays open with the text: %q", in)
			assert.Equal(t, in, p.input.Value())
			noInjected(t, p.View())
		}
		assert.Empty(t, srv.Writes(), "nothing was written")
		_, sec := addresses(t, c, f.contact)
		assert.Equal(t, []string{"ada@old.example.com"}, sec)

		hs.key("esc", "n")
		typeText(hs, "ev\u202eil\u200b@x\x1b[2J.io")
		assert.Equal(t, "evil@x[2J.io", p.input.Value(), "a paste keeps no invisible or control character")
	})
}

func TestEmailsRemoveAfterConfirmation(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam, strict)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		hs.key("d")
		assert.Equal(t, []string{"The primary email cannot be removed: make another address the primary first (s)."}, hs.notices())
		hs.take()
		hs.key("j", "d")
		ch := askedIn(t, hs.take())
		assert.Equal(t, "Remove the secondary email ada@old.example.com from Ada Lovelace?", ch.text)
		assert.Nil(t, ch.onNo, "no does nothing")
		srv.ResetRequests()
		hs.in(ch.answers[0].run)
		_, sec := addresses(t, c, f.contact)
		assert.Empty(t, sec)
		assert.Contains(t, hs.pane.View(), "No secondary emails. n adds one.")
		assert.Contains(t, related(hs.take()), f.contact)
	})
}

func TestEmailsPromoteInDefaultAndStrictMode(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, mode := range []struct {
			name   string
			opts   []func(*hubspottest.Options)
			writes int
		}{{"default", nil, 1}, {"strict", []func(*hubspottest.Options){strict}, 3}} {
			t.Run(mode.name, func(t *testing.T) {
				srv, c := relSandbox(t, fam, mode.opts...)
				f := relSetup(t, c)
				e, _ := paneEnv(t, c)
				hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
				hs.key("s")
				assert.Equal(t, []string{"ada@example.com is already the primary email."}, hs.notices())
				hs.take()
				hs.key("j", "s")
				ch := askedIn(t, hs.take())
				assert.Equal(t, "Make ada@old.example.com the primary email of Ada Lovelace?", ch.text)
				assert.Equal(t, []string{"ada@example.com becomes a secondary email: HubSpot still finds the contact by it."}, ch.details)
				srv.ResetRequests()
				hs.in(ch.answers[0].run)
				primary, sec := addresses(t, c, f.contact)
				assert.Equal(t, "ada@old.example.com", primary)
				assert.Equal(t, []string{"ada@example.com"}, sec)
				assert.Contains(t, hs.notices(), "ada@old.example.com is now the primary email of Ada Lovelace; ada@example.com is a secondary email")
				assert.Regexp(t, `> +ada@old\.example\.com +Primary`, hs.pane.View(), "reloaded; the cursor stays on the same row")
				var told *api.Object
				for _, m := range hs.take() {
					if ch, ok := m.(changedMsg); ok {
						told = ch.saved
					}
				}
				require.NotNil(t, told, "every pane hears of the change")
				assert.Equal(t, "ada@old.example.com", told.Properties["email"])
				assert.Equal(t, "Ada", told.Properties["firstname"], "with what the list shows")
				assert.Len(t, srv.Writes(), mode.writes, "%v", srv.Writes())
				for _, w := range srv.Writes() {
					assert.NotContains(t, w.Path, f.other, "only the contact itself is written")
				}
			})
		}
	})
}

// failingAdd is the real client, except that adding a secondary email fails.
type failingAdd struct{ *api.Client }

func (failingAdd) AddSecondaryEmail(context.Context, string, string) error {
	return errors.New("connection reset by peer")
}

// A promotion writes the addresses HubSpot has at that moment, not the ones the pane last
// loaded: one removed a moment before (the pane's reload still on its way) does not come back.
func TestEmailsPromoteWritesWhatHubSpotHasNotAStaleList(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		ctx := context.Background()
		require.NoError(t, c.AddSecondaryEmail(ctx, f.contact, "ada@engines.example"))
		e, _ := paneEnv(t, c)
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		require.Contains(t, hs.pane.View(), "ada@old.example.com")
		require.NoError(t, c.RemoveSecondaryEmail(ctx, f.contact, "ada@old.example.com")) // the pane has not heard yet
		hs.key("j", "j", "s")
		q := askedIn(t, hs.take())
		require.Equal(t, "Make ada@engines.example the primary email of Ada Lovelace?", q.text)
		hs.in(q.answers[0].run)
		primary, sec := addresses(t, c, f.contact)
		assert.Equal(t, "ada@engines.example", primary)
		assert.Equal(t, []string{"ada@example.com"}, sec, "the removed address stays removed")
	})
}

func TestEmailsPromoteWhoseSecondWriteFailsSaysSoAndOffersTheRetry(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam, strict)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c, func(o *Options) { o.hub = failingAdd{c} })
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		p := hs.pane.(*emailsPane)
		hs.key("j", "s")
		hs.in(askedIn(t, hs.take()).answers[0].run)
		primary, sec := addresses(t, c, f.contact)
		assert.Equal(t, "ada@old.example.com", primary, "the first write held")
		assert.Empty(t, sec)
		assert.Equal(t, "ada@old.example.com is now the primary email, but adding the old primary ada@example.com back as a secondary email failed: connection reset by peer. ada@example.com is on no contact now: press enter to add it again.", p.problem)
		assert.Contains(t, p.View(), "✗ ada@old.example.com is now the primary email, but adding", "on screen, wrapped")
		assert.True(t, isTyping(p))
		assert.Equal(t, "ada@example.com", p.input.Value(), "ready to add it again")
		assert.Contains(t, related(hs.take()), f.contact, "the detail shows the new primary")

		p.env.hub = c // the network is back
		hs.key("enter")
		_, sec = addresses(t, c, f.contact)
		assert.Equal(t, []string{"ada@example.com"}, sec, "nothing lost")
	})
}

func TestEmailsReadOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c, func(o *Options) { o.ReadOnly = true })
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		hs.key("n", "j", "d", "s")
		n := hs.notices()
		require.Len(t, n, 3)
		for i, what := range []string{"add", "remove", "make primary"} {
			assert.Contains(t, n[i], "read-only mode: "+what+" is off")
		}
		assert.False(t, isTyping(hs.pane))
	})
}

func TestPromoteWritesOnlyTheContact(t *testing.T) {
	assert.Equal(t, []string{"b@x.io", "old@x.io"}, swapped([]string{"new@x.io", "b@x.io"}, "old@x.io", "NEW@x.io"))
	assert.Equal(t, []string{"b@x.io"}, swapped([]string{"b@x.io", "n@x.io"}, "", "n@x.io"))
	err := &api.Error{Status: http.StatusBadRequest, Category: "VALIDATION_ERROR",
		Validation: []api.PropertyError{{Name: "hs_additional_emails", Code: "READ_ONLY_VALUE"}}}
	assert.True(t, additionalReadOnly(err))
	err.Validation[0].Name = "email"
	assert.False(t, additionalReadOnly(err))
}
