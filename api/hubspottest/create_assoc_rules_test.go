package hubspottest_test

import (
	"net/http"
	"sort"
	"strconv"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/require"
)

// v4TypeIDs lists the association type ids from a contact to one company, through the v4 list.
func (a *obAPI) v4TypeIDs(contactID, companyID string) []int {
	a.t.Helper()
	body := a.do("GET", "/crm/v4/objects/contacts/"+contactID+"/associations/companies", nil).want(http.StatusOK)
	want, err := strconv.Atoi(companyID)
	require.NoError(a.t, err)
	var ids []int
	for _, r := range body["results"].([]any) {
		row := r.(map[string]any)
		if toID, _ := row["toObjectId"].(float64); int(toID) == want {
			for _, t := range row["associationTypes"].([]any) {
				ids = append(ids, int(t.(map[string]any)["typeId"].(float64)))
			}
		}
	}
	sort.Ints(ids)
	return ids
}

// A create's associations follow the same rules as the association endpoints: a label brings
// the unlabelled type with it, and a contact has one primary company.
func TestCreateAssociationsFollowHubSpotRules(t *testing.T) {
	a := newOb(t)
	acme := a.create("companies", obProps{"name": "Acme"})
	globex := a.create("companies", obProps{"name": "Globex"})

	labelled := map[string]any{"to": map[string]any{"id": acme},
		"types": []map[string]any{{"associationCategory": "USER_DEFINED",
			"associationTypeId": hubspottest.TypeContactToCompanyBilling}}}
	id := a.create("contacts", obProps{"email": "billing@acme.example"}, labelled)
	require.Equal(t, []int{hubspottest.TypeContactToCompany, hubspottest.TypeContactToCompanyBilling}, a.v4TypeIDs(id, acme),
		"a labelled association brings the unlabelled one, as HubSpot's does")

	two := a.create("contacts", obProps{"email": "two@acme.example"},
		obAssoc(acme, hubspottest.TypeContactToPrimaryCompany), obAssoc(globex, hubspottest.TypeContactToPrimaryCompany))
	primaries := 0
	for _, co := range []string{acme, globex} {
		for _, typ := range a.v4TypeIDs(two, co) {
			if typ == hubspottest.TypeContactToPrimaryCompany {
				primaries++
			}
		}
	}
	require.Equal(t, 1, primaries, "a contact keeps one primary company")
}
