package bulk_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The test: 250 pasted entries (some unknown, some repeated, some in odd case) give the
// right found and not-found lists in 3 batch requests.
func TestPaste250EmailsIn3BatchRequests(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		var seeds []map[string]string
		for i := range 150 {
			seeds = append(seeds, map[string]string{"email": emailN(i), "firstname": fmt.Sprintf("P%d", i)})
		}
		seeds = append(seeds, map[string]string{"email": "main@example.org", "hs_additional_emails": "alias@example.org"})
		e.seed(t, seeds...)

		var entries, wantFound, wantMissing []string
		for i := range 180 { // 150 known, 30 unknown
			entries = append(entries, emailN(i))
			if i < 150 {
				wantFound = append(wantFound, emailN(i))
			} else {
				wantMissing = append(wantMissing, emailN(i))
			}
		}
		entries = append(entries, "Alias@Example.ORG") // a secondary address, in odd case
		wantFound = append(wantFound, "alias@example.org")
		for i := range 20 {
			entries = append(entries, fmt.Sprintf("nobody%d@example.net", i))
			wantMissing = append(wantMissing, fmt.Sprintf("nobody%d@example.net", i))
		}
		for i := range 49 { // repeats, in odd case
			entries = append(entries, strings.ToUpper(emailN(i*3)))
		}
		require.Len(t, entries, 250)
		text := strings.Join(entries[:120], "\n") + "\n" + strings.Join(entries[120:200], ", ") + ";" + strings.Join(entries[200:], "\t")

		p := bulk.SplitEmails(text)
		assert.Equal(t, 49, p.Repeats)
		require.Len(t, p.Emails, 201)
		e.srv.ResetRequests()
		l, err := bulk.LookupEmails(context.Background(), e.client, p.Emails, nil)
		require.NoError(t, err)

		assert.Equal(t, 3, e.requests(http.MethodPost, "/contacts/batch/read"), "201 addresses, 100 per request")
		assert.Len(t, e.srv.Requests(), 3, "nothing else was asked")
		assert.Empty(t, e.writes())
		var found []string
		for _, f := range l.Found {
			found = append(found, f.Email)
			assert.Equal(t, f.Email == "alias@example.org", f.Secondary, f.Email)
		}
		assert.Equal(t, wantFound, found)
		assert.Equal(t, wantMissing, l.NotFound)
		assert.Empty(t, l.Failed)
		assert.Equal(t, "P7", l.Found[7].Contact.Properties["firstname"])
		assert.Equal(t, "main@example.org", l.Found[150].Contact.Properties["email"])
	})
}

func TestCreateTheAddressesNotFound(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		e.seed(t, map[string]string{"email": "exists@example.com"})
		missing := []string{"new1@example.com", "new2@example.com", "exists@example.com"}
		got, err := bulk.CreateContacts(context.Background(), e.client, missing)
		require.NoError(t, err)
		require.Len(t, got.Contacts, 3, "an address created meanwhile counts as found")
		assert.Empty(t, got.Failed)
		assert.Equal(t, e.contact("exists@example.com")["id"], got.Contacts[2].Contact.ID)
		assert.True(t, got.Contacts[2].Existed)
		assert.False(t, got.Contacts[0].Existed)
		assert.Equal(t, got.Contacts[0].Contact.ID, e.contact("new1@example.com")["id"])
		assert.Equal(t, 3, e.countContacts(), "nothing created twice")
	})
}
