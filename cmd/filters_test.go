package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/ui"
)

// filterWorld is the one-shot sandbox with a few more contacts to filter, and a saved view.
func filterWorld(t *testing.T, fam families.Family) *oneShot {
	o := newOneShot(t, fam)
	o.seed(map[string]string{"email": "lena@example.de", "firstname": "Lena", "lastname": "Becker", "company": "Acme GmbH",
		"lifecyclestage": "lead", "country": "Germany", "phone": "+49 30 1234567"})
	o.seed(map[string]string{"email": "jonas@example.de", "firstname": "Jonas", "lastname": "Berg", "company": "Acme GmbH",
		"lifecyclestage": "customer", "country": "Germany"})
	o.seed(map[string]string{"email": "mia@example.de", "firstname": "Mia", "lastname": "Schulz",
		"lifecyclestage": "lead", "country": "Germany"})
	o.writeConfig(`profiles:
  default:
    views:
      German leads:
        filter: lifecycle:lead country:germany
        columns: [email, lastname]
        sort: -lastname
`)
	return o
}

// searchIDs runs search --json and returns the total and the ids in order.
func searchIDs(t *testing.T, o *oneShot, args ...string) (int, []string) {
	t.Helper()
	res := o.hc("", append([]string{"search", "--json", "--limit", "200"}, args...)...)
	require.Contains(t, []int{cmd.ExitOK, cmd.ExitNotFound}, res.code, res.output())
	var page struct {
		Total   int `json:"total"`
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &page), res.stdout)
	ids := []string{}
	for _, r := range page.Results {
		ids = append(ids, r.ID)
	}
	return page.Total, ids
}

func TestSearchFilter(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		ids := func(emails ...string) []string {
			var out []string
			for _, e := range emails {
				out = append(out, o.ids[e])
			}
			return out
		}
		cases := []struct {
			filter string
			want   []string
		}{
			{"lifecycle:lead", ids("ada@example.com", "lena@example.de", "mia@example.de")},
			{"lifecycle:Lead country:germany", ids("lena@example.de", "mia@example.de")},
			{"lifecycle:lead,customer phone:none", ids("ada@example.com", "jonas@example.de", "mia@example.de")},
			{"phone:any", ids("lena@example.de")},
			{"email:*@example.de -lifecycle:customer", ids("lena@example.de", "mia@example.de")},
			{`company:"acme gmbh"`, ids("lena@example.de", "jonas@example.de")},
			{"company:acme berg", ids("jonas@example.de")}, // a free word goes to HubSpot's query
			{"email=GRACE@example.com", ids("grace@example.com")},
			{"created>2000-01-01 lifecycle:customer", ids("jonas@example.de")},
			{"created<2000-01-01", nil},
		}
		for _, tc := range cases {
			t.Run(tc.filter, func(t *testing.T) {
				total, got := searchIDs(t, o, "--filter", tc.filter)
				assert.Equal(t, len(tc.want), total)
				assert.ElementsMatch(t, tc.want, got)
			})
		}

		// Plain output: the filter with words after it.
		res := o.hc("", "search", "--filter", "country:germany", "berg")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		assert.Contains(t, res.stdout, "jonas@example.de")
		assert.NotContains(t, res.stdout, "lena@example.de")
		res = o.hc("", "search", "--filter", "lifecycle:opportunity")
		assert.Equal(t, cmd.ExitNotFound, res.code)
		assert.Contains(t, res.stderr, `no contact matches "lifecycle:opportunity"`)
	})
}

func TestSearchView(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		total, got := searchIDs(t, o, "--view", "german LEADS")
		assert.Equal(t, 2, total)
		assert.Equal(t, []string{o.ids["mia@example.de"], o.ids["lena@example.de"]}, got, "the view's sort: -lastname")

		res := o.hc("", "search", "--view", "German leads")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
		assert.Equal(t, []string{"id", "email", "lastname"}, strings.Fields(lines[0]), "the view's columns")

		total, got = searchIDs(t, o, "--view", "German leads", "--filter", "phone:any")
		assert.Equal(t, 1, total, "--filter adds to the view's filter")
		assert.Equal(t, []string{o.ids["lena@example.de"]}, got)

		total, got = searchIDs(t, o, "--view", "Recently modified")
		assert.Equal(t, 6, total, "a built-in view")
		assert.Len(t, got, 6)
	})
}

// owner:me (and "My contacts") is the owner whose email is the profile's me:.
func TestSearchMyContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		o.seed(map[string]string{"email": "mine@example.com", "hubspot_owner_id": hubspottest.MeOwnerID})
		o.seed(map[string]string{"email": "adas@example.com", "hubspot_owner_id": hubspottest.AdaOwnerID})
		o.writeConfig("profiles:\n  default:\n    me: " + strings.ToUpper(hubspottest.SandboxUser) + "\n")
		_, got := searchIDs(t, o, "--view", "my contacts")
		assert.Equal(t, []string{o.ids["mine@example.com"]}, got)
		_, got = searchIDs(t, o, "--filter", "-owner:me owner:any")
		assert.Equal(t, []string{o.ids["adas@example.com"]}, got)

		o.writeConfig("profiles:\n  default:\n    me: nobody@example.com\n")
		res := o.hc("", "search", "--filter", "owner:me")
		assert.Equal(t, cmd.ExitUsage, res.code)
		assert.Contains(t, res.stderr, "--filter: owner:me: no active owner of this HubSpot account has the email nobody@example.com (the profile's me:)")
	})
}

func TestSearchFilterErrors(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		cases := map[string][]string{
			`--filter: lifecyle:lead: there is no property "lifecyle": did you mean lifecyclestage (Lifecycle Stage)?`:                             {"--filter", "lifecyle:lead"},
			`--filter: lifecycle:leed: "leed" is not an option of Lifecycle Stage`:                                                                 {"--filter", "lifecycle:leed"},
			`--filter: owner:me: me needs to know who you are: add "me: <your email in HubSpot>" to the profile`:                                   {"--filter", "owner:me"},
			`view "My contacts": owner:me: me needs to know who you are`:                                                                           {"--view", "My contacts"},
			`--view "Nope": profile "default" has no such view; its views are: "All contacts", "My contacts", "Recently modified", "German leads"`: {"--view", "Nope"},
			`--filter: created>soon: "soon" is not a date and time`:                                                                                {"--filter", "created>soon"},
		}
		for want, args := range cases {
			res := o.hc("", append([]string{"search"}, args...)...)
			assert.Equal(t, cmd.ExitUsage, res.code, res.output())
			assert.Contains(t, res.stderr, want)
			for _, r := range o.srv.Requests() {
				assert.False(t, r.IsSearch(), "nothing searched: %v", args)
			}
		}
		assert.Equal(t, cmd.ExitUsage, o.hc("", "search").code, "words, --filter or --view")
	})
}

// export --view writes exactly the view's contacts, as the sandbox holds them.
func TestExportViewAndFilter(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		out := filepath.Join(t.TempDir(), "leads.csv")
		res := o.hc("", "export", "--view", "German leads", "-o", out)
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		recs := readCSVFile(t, out)
		assert.Equal(t, []string{"hs_object_id", "email", "lastname"}, recs[0], "the view's columns")
		var want [][]string
		for _, e := range []string{"lena@example.de", "mia@example.de"} {
			c := o.contact(e)
			want = append(want, []string{c["id"], e, c["lastname"]})
		}
		slices.SortFunc(want, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		assert.Equal(t, want, recs[1:])

		res = o.hc("", "export", "--filter", "phone:none lifecycle:lead", "--properties", "email", "--format", "json")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		assert.Contains(t, res.stdout, "ada@example.com")
		assert.Contains(t, res.stdout, "mia@example.de")
		assert.NotContains(t, res.stdout, "lena@example.de")

		res = o.hc("", "export", "--filter", "lifecycle>lead", "-o", out)
		assert.Equal(t, cmd.ExitUsage, res.code)
		assert.Contains(t, res.stderr, "--filter: lifecycle>lead: > compares numbers and dates")
	})
}

// The same filter finds the same contacts on the command line and in the TUI's find box (the
// real model, started by the command, typed into).
func TestFilterAgreesWithTheTUI(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := filterWorld(t, fam)
		const filter = "lifecycle:lead,customer country:germany"
		res := o.hc("", "search", "--json", "--filter", filter, "--properties", "email")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		var page struct {
			Total   int `json:"total"`
			Results []struct {
				Properties map[string]string `json:"properties"`
			} `json:"results"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.stdout), &page))
		var cli []string
		for _, r := range page.Results {
			cli = append(cli, r.Properties["email"])
		}
		slices.Sort(cli)
		require.Equal(t, 3, page.Total)

		var screen string
		o.onTUI = func(ctx context.Context, opts ui.Options) error {
			m, err := ui.New(ctx, opts)
			require.NoError(t, err)
			tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36))
			waitFor := func(s string) {
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
					teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
			}
			waitFor("loaded")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
			tm.Type(filter)
			waitFor("3 matches (HubSpot's search)")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			screen = tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).View()
			return nil
		}
		res = o.hc("")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		tui := regexp.MustCompile(`[a-z]+@example\.(?:com|de)`).FindAllString(screen, -1)
		slices.Sort(tui)
		assert.Equal(t, cli, slices.Compact(tui), "the same contacts")
	})
}
