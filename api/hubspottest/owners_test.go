package hubspottest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// ownerList decodes an owners page.
type ownerList struct {
	Results []hubspottest.Owner `json:"results"`
	Paging  *struct {
		Next struct {
			After string `json:"after"`
			Link  string `json:"link"`
		} `json:"next"`
	} `json:"paging"`
}

func (a *obAPI) owners(query string) ownerList {
	a.t.Helper()
	res := a.do("GET", "/crm/v3/owners"+query, nil)
	require.Equalf(a.t, http.StatusOK, res.Status, "%s", res.Body)
	var l ownerList
	require.NoError(a.t, json.Unmarshal(res.Body, &l))
	return l
}

// The owners list pages by after and limit (default 100) and ends without paging; active
// owners only unless archived=true, which lists only the deactivated; email finds one owner in
// any case; the date-versioned path answers the same.
func TestOwnersListPagingEmailArchived(t *testing.T) {
	var many []hubspottest.Owner
	for i := range 230 {
		many = append(many, hubspottest.Owner{ID: fmt.Sprint(5000 + i), Email: fmt.Sprintf("user%d@example.com", i),
			FirstName: "User", LastName: fmt.Sprint(i), Type: "PERSON", UserID: 100 + i, Archived: i%50 == 7})
	}
	a := newOb(t, func(o *hubspottest.Options) { o.Owners = many })

	first := a.owners("")
	require.Len(t, first.Results, 100, "the default page is 100")
	require.NotNil(t, first.Paging)
	var all []string
	for page, after := first, ""; ; {
		for _, o := range page.Results {
			assert.False(t, o.Archived, "only active owners without archived=true")
			all = append(all, o.ID)
		}
		if page.Paging == nil {
			break
		}
		assert.NotEqual(t, after, page.Paging.Next.After)
		after = page.Paging.Next.After
		page = a.owners("?limit=100&after=" + url.QueryEscape(after))
	}
	assert.Len(t, all, 230-5, "every active owner once, over three pages")
	assert.Equal(t, "5000", all[0])

	two := a.owners("?limit=2")
	assert.Equal(t, []string{"5000", "5001"}, []string{two.Results[0].ID, two.Results[1].ID})
	next := a.owners("?limit=2&after=" + url.QueryEscape(two.Paging.Next.After))
	assert.Equal(t, "5002", next.Results[0].ID, "after continues where the page ended")

	gone := a.owners("?archived=true")
	assert.Len(t, gone.Results, 5)
	for _, o := range gone.Results {
		assert.True(t, o.Archived)
	}

	found := a.owners("?email=USER42@Example.com")
	require.Len(t, found.Results, 1)
	assert.Equal(t, "5042", found.Results[0].ID)
	assert.Empty(t, a.owners("?email=nobody@example.com").Results)
	assert.Empty(t, a.owners("?email=user7@example.com").Results, "a deactivated owner is not an active one")

	res := a.do("GET", "/crm/owners/2026-03?email=user42@example.com", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), `"id":"5042"`)
	a.do("GET", "/crm/v3/owners?limit=0", nil).want(http.StatusBadRequest)
}

// One owner by id or by userId, active or (archived=true) deactivated; unknown ones are 404.
func TestOwnerByIDAndUserID(t *testing.T) {
	a := newOb(t)
	var o hubspottest.Owner
	res := a.do("GET", "/crm/v3/owners/"+hubspottest.AdaOwnerID, nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	require.NoError(t, json.Unmarshal(res.Body, &o))
	assert.Equal(t, "Ada", o.FirstName)
	assert.Equal(t, "Lovelace", o.LastName)
	assert.Equal(t, "ada.lovelace@hubcontacts.example", o.Email)
	assert.Equal(t, "PERSON", o.Type)
	assert.False(t, o.CreatedAt.IsZero())

	res = a.do("GET", fmt.Sprintf("/crm/v3/owners/%d?idProperty=userId", o.UserID), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Contains(t, string(res.Body), `"id":"`+hubspottest.AdaOwnerID+`"`)

	a.do("GET", "/crm/v3/owners/"+hubspottest.ArchivedOwnerID, nil).want(http.StatusNotFound)
	gone := a.do("GET", "/crm/v3/owners/"+hubspottest.ArchivedOwnerID+"?archived=true", nil).want(http.StatusOK)
	assert.Equal(t, true, gone["archived"])
	a.do("GET", "/crm/v3/owners/999", nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/owners/ada", nil).want(http.StatusBadRequest)
	a.do("GET", "/crm/v3/owners/"+hubspottest.AdaOwnerID+"?idProperty=email", nil).want(http.StatusBadRequest)
}

// The sandbox user (every token's user) is an owner: a client can go from the token's userId
// to its owner, as from a private app's token info.
func TestTokenUserIsAnOwner(t *testing.T) {
	a := newOb(t)
	info := a.do("POST", "/oauth/v2/private-apps/get/access-token-info", map[string]string{"tokenKey": a.srv.Token}).want(http.StatusOK)
	uid := fmt.Sprint(int(info["userId"].(float64)))
	me := a.do("GET", "/crm/v3/owners/"+uid+"?idProperty=userId", nil).want(http.StatusOK)
	assert.Equal(t, hubspottest.MeOwnerID, me["id"])
	assert.Equal(t, hubspottest.SandboxUser, me["email"])
}

// Owners need crm.objects.owners.read or automation; a contacts-only token meets a 403 that
// names both.
func TestOwnersNeedTheirScope(t *testing.T) {
	a := newOb(t, func(o *hubspottest.Options) {
		o.Tokens = map[string][]string{"pat-na1-contacts-only": {"crm.objects.contacts.read"}, "pat-na1-automation": {"automation"}}
	})
	for token, want := range map[string]int{"pat-na1-contacts-only": http.StatusForbidden, "pat-na1-automation": http.StatusOK} {
		req, err := http.NewRequest("GET", a.srv.URL+"/crm/v3/owners", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		rp := send(t, req)
		assert.Equal(t, want, rp.Status, token)
		if want == http.StatusForbidden {
			assert.Contains(t, string(rp.Body), "crm.objects.owners.read")
			assert.Contains(t, string(rp.Body), "automation")
		}
	}
}

// hubspot_owner_id takes an active owner's id; a deactivated owner's, an unknown number or a
// name is INVALID_OPTION, unless AnyOwnerID.
func TestOwnerIDMustBeAnOwner(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "owned@example.com", "hubspot_owner_id": hubspottest.AdaOwnerID})
	for _, bad := range []string{hubspottest.ArchivedOwnerID, "1200", "Ada Lovelace"} {
		errs := obPropErrors(t, a.do("PATCH", "/crm/v3/objects/contacts/"+id, map[string]any{
			"properties": obProps{"hubspot_owner_id": bad}}).want(http.StatusBadRequest))
		require.Len(t, errs, 1)
		assert.Equal(t, "INVALID_OPTION", errs[0]["error"], bad)
	}
	loose := newOb(t, func(o *hubspottest.Options) { o.AnyOwnerID = true })
	loose.create("contacts", obProps{"email": "owned@example.com", "hubspot_owner_id": "1200"})
}
