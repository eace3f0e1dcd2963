package cmd_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// `hubcontacts merge` against `hubcontacts sandbox` (the real command, over HTTP): by emails,
// then refusing two names for the one merged contact.
func TestMergeCommandAgainstTheSandboxCommand(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		url, _, _ := startSandbox(t, "--contacts", "0")
		ids := map[string]string{}
		for _, e := range []string{"ada@example.com", "grace@example.com"} {
			code, c := sandboxCall(t, "POST", url+"/crm/v3/objects/contacts", map[string]any{"properties": map[string]string{"email": e}})
			require.Equal(t, http.StatusCreated, code)
			ids[e] = c["id"].(string)
		}
		w := newWorld(t)
		w.fam = fam
		w.env["HUBSPOT_ACCESS_TOKEN"] = hubspotDefaultToken
		res := w.run(nil, "merge", "ada@example.com", "grace@example.com", "--yes", "--base-url", url)
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		merged := strings.TrimSpace(res.stdout)
		assert.Regexp(t, `^[0-9]+$`, merged, "stdout is the merged contact's id")
		assert.NotContains(t, []string{ids["ada@example.com"], ids["grace@example.com"]}, merged, "HubSpot gives the merged contact a new id")
		assert.Contains(t, res.stderr, "Merged grace@example.com (id "+ids["grace@example.com"]+") into ada@example.com (id "+ids["ada@example.com"]+"): one contact now, id "+merged)
		for _, old := range ids {
			code, c := sandboxCall(t, "GET", url+"/crm/v3/objects/contacts/"+old+"?properties=email,hs_additional_emails", nil)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, merged, c["id"])
			assert.Equal(t, map[string]any{"email": "ada@example.com", "hs_additional_emails": "grace@example.com"}, c["properties"],
				"PRIMARY's email stays, OTHER's becomes an additional one")
		}

		for _, pair := range [][2]string{{merged, "ada@example.com"}, {ids["ada@example.com"], ids["grace@example.com"]}, {"grace@example.com", merged}} {
			res = w.run(nil, "merge", pair[0], pair[1], "--yes", "--base-url", url)
			assert.Equal(t, cmd.ExitUsage, res.code, res.output())
			assert.Contains(t, res.stderr, "are the same contact (id "+merged+"): nothing to merge")
		}
		code, c := sandboxCall(t, "GET", url+"/crm/v3/objects/contacts/"+merged+"?properties=hs_merged_object_ids", nil)
		require.Equal(t, http.StatusOK, code)
		assert.Equal(t, merged, c["id"], "no merge was sent for the same contact")
	})
}

func TestMergeCommandJSONReadOnlyAndMissing(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		res := o.hc("", "merge", "grace@example.com", "ada@example.com", "--read-only", "--yes")
		assert.Equal(t, cmd.ExitUsage, res.code, res.output())
		assert.Contains(t, res.stderr, "read-only")
		res = o.hc("", "merge", "grace@example.com", "ada@example.com")
		assert.Equal(t, cmd.ExitUsage, res.code, "no terminal to ask on, and no --yes")
		assert.Contains(t, res.stderr, "add --yes")
		res = o.hc("", "merge", "grace@example.com", "nobody@example.com", "--yes")
		assert.Equal(t, cmd.ExitNotFound, res.code, res.output())
		assert.Contains(t, res.stderr, "no contact nobody@example.com")
		res = o.hc("", "merge", "grace@example.com", "not an address", "--yes")
		assert.Equal(t, cmd.ExitUsage, res.code)
		assert.Empty(t, o.srv.Writes(), "nothing was merged")

		res = o.hc("", "merge", "grace@example.com", "countess@example.org", "--yes", "--json")
		require.Equal(t, cmd.ExitOK, res.code, res.output())
		var rec struct {
			ID         string             `json:"id"`
			Properties map[string]*string `json:"properties"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.stdout), &rec), res.stdout)
		assert.Equal(t, "grace@example.com", *rec.Properties["email"])
		assert.Equal(t, "ada@example.com;countess@example.org", *rec.Properties["hs_additional_emails"], "Ada, named by a secondary address")
		assert.Equal(t, "lead", *rec.Properties["lifecyclestage"], "the furthest stage, Ada's")
		assert.ElementsMatch(t, []string{o.ids["ada@example.com"], o.ids["grace@example.com"]}, strings.Split(*rec.Properties["hs_merged_object_ids"], ";"))
	})
}

// Asked on a terminal, anything but y leaves both contacts as they were.
func TestMergeCommandAsksOnATerminal(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, answer := range []string{"n", "y"} {
			o := newOneShot(t, fam)
			ptmx, tty, err := pty.Open()
			require.NoError(t, err)
			t.Cleanup(func() { _ = ptmx.Close(); _ = tty.Close() })
			done := make(chan result, 1)
			go func() { done <- o.run(tty, "merge", "ada@example.com", "grace@example.com", "--base-url", o.srv.URL) }()
			_, err = ptmx.Write([]byte(answer + "\n"))
			require.NoError(t, err)
			var res result
			select {
			case res = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("merge never finished")
			}
			assert.Contains(t, res.stderr, "Merging Grace Hopper <grace@example.com> (id "+o.ids["grace@example.com"]+") into Ada Lovelace <ada@example.com>")
			assert.Contains(t, res.stderr, "A merge cannot be undone.")
			assert.Contains(t, res.stderr, "Merge them? [y/N]")
			if answer == "n" {
				assert.Equal(t, cmd.ExitError, res.code)
				assert.Contains(t, res.stderr, "not merged: nothing was changed")
				assert.Empty(t, o.srv.Writes())
				continue
			}
			assert.Equal(t, cmd.ExitOK, res.code, res.output())
			assert.Equal(t, o.contact("ada@example.com")["id"], strings.TrimSpace(res.stdout))
		}
	})
}
