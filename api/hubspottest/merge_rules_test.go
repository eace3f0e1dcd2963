package hubspottest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mergeOK merges other into primary over HTTP and returns the new id.
func (a *obAPI) mergeOK(primary, other string) string {
	a.t.Helper()
	return a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": primary, "objectIdToMerge": other}).
		want(http.StatusOK)["id"].(string)
}

// v4IDs lists every id the v4 association listing gives from one record to a type, paging by
// limit, and how many pages it took.
func (a *obAPI) v4IDs(from, id, to string, limit int) ([]string, int) {
	a.t.Helper()
	var out []string
	after, pages := "", 0
	for {
		q := fmt.Sprintf("?limit=%d", limit)
		if after != "" {
			q += "&after=" + after
		}
		body := a.do("GET", "/crm/v4/objects/"+from+"/"+id+"/associations/"+to+q, nil).want(http.StatusOK)
		pages++
		for _, r := range body["results"].([]any) {
			out = append(out, fmt.Sprint(r.(map[string]any)["toObjectId"]))
		}
		p, _ := body["paging"].(map[string]any)
		if p == nil {
			return out, pages
		}
		after = p["next"].(map[string]any)["after"].(string)
	}
}

func TestMergeKeepsTheFurthestLifecycleStage(t *testing.T) {
	a := newOb(t)
	for _, tc := range []struct{ primary, other, want string }{
		{"lead", "customer", "customer"},
		{"customer", "lead", "customer"},
		{"", "opportunity", "opportunity"},
		{"subscriber", "", "subscriber"},
	} {
		p := a.create("contacts", obProps{"email": "p-" + tc.primary + tc.other + "@example.com", "lifecyclestage": tc.primary})
		o := a.create("contacts", obProps{"email": "o-" + tc.primary + tc.other + "@example.com", "lifecyclestage": tc.other})
		id := a.mergeOK(p, o)
		got := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=lifecyclestage,email", nil).want(http.StatusOK))
		assert.Equal(t, tc.want, got["lifecyclestage"], "%+v", tc)
		assert.Equal(t, "p-"+tc.primary+tc.other+"@example.com", got["email"], "the primary's email stays")
	}
}

func TestMergeCarriesTheOthersActivitiesEmailsAndRecords(t *testing.T) {
	a := newOb(t)
	co := a.create("companies", obProps{"name": "Acme"})
	tk := a.create("tickets", obProps{"subject": "Broken", "hs_pipeline": "0", "hs_pipeline_stage": "1"})
	call := a.create("calls", obProps{"hs_timestamp": "1767225600000", "hs_call_title": "Intro"})
	note := a.create("notes", obProps{"hs_timestamp": "1767225600000", "hs_note_body": "Met"})
	p := a.create("contacts", obProps{"email": "keep@example.com", "firstname": "Kim"}, obAssoc(note, 201))
	o := a.create("contacts", obProps{"email": "old@example.com", "hs_additional_emails": "older@example.com"},
		obAssoc(co, 279), obAssoc(tk, 15), obAssoc(call, 193))

	id := a.mergeOK(p, o)
	got := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=email,hs_additional_emails", nil).want(http.StatusOK))
	assert.Equal(t, "keep@example.com", got["email"])
	assert.Equal(t, "old@example.com;older@example.com", got["hs_additional_emails"])
	for typ, want := range map[string]string{"companies": co, "tickets": tk, "calls": call, "notes": note} {
		ids, _ := a.v4IDs("contacts", id, typ, 500)
		assert.Equal(t, []string{want}, ids, typ)
		back, _ := a.v4IDs(typ, want, "contacts", 500)
		assert.Equal(t, []string{id}, back, "%s lists the merged contact", typ)
	}
}

// A company's, a deal's and a ticket's contacts are listed from their side as from the
// contact's, paged by v4's cursor.
func TestAssociatedContactsListedFromEitherSide(t *testing.T) {
	a := newOb(t)
	co := a.create("companies", obProps{"name": "Acme"})
	deal := a.create("deals", obProps{"dealname": "Big", "pipeline": "default", "dealstage": "qualifiedtobuy"})
	tk := a.create("tickets", obProps{"subject": "Help", "hs_pipeline": "0", "hs_pipeline_stage": "2"})
	var contacts []string
	for i := range 5 {
		contacts = append(contacts, a.create("contacts", obProps{"email": fmt.Sprintf("c%d@acme.example", i)},
			obAssoc(co, 279), obAssoc(deal, 4), obAssoc(tk, 15)))
	}
	for _, from := range [][2]string{{"companies", co}, {"deals", deal}, {"tickets", tk}} {
		ids, pages := a.v4IDs(from[0], from[1], "contacts", 2)
		assert.ElementsMatch(t, contacts, ids, from[0])
		assert.Equal(t, 3, pages, "%s: five contacts at two a page", from[0])
		for _, c := range contacts {
			back, _ := a.v4IDs("contacts", c, from[0], 500)
			assert.Equal(t, []string{from[1]}, back)
		}
	}
}

func TestMergePastTheIdentityLimitIs414AndChangesNothing(t *testing.T) {
	a := newOb(t, func(o *hubspottest.Options) { o.MergeIdentityLimit = 3 })
	x := a.create("contacts", obProps{"email": "x@example.com"})
	y := a.create("contacts", obProps{"email": "y@example.com"})
	z := a.create("contacts", obProps{"email": "z@example.com"})
	xy := a.mergeOK(x, y) // carries x and y: 2 of 3
	body := a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": xy, "objectIdToMerge": z}).
		want(http.StatusRequestURITooLong)
	assert.Equal(t, "Cannot have more than 3 identities on a profile", body["message"])
	assert.Equal(t, z, a.do("GET", "/crm/v3/objects/contacts/"+z, nil).want(http.StatusOK)["id"], "z is untouched")
	assert.Equal(t, xy, a.do("GET", "/crm/v3/objects/contacts/"+x, nil).want(http.StatusOK)["id"])
	list := a.do("GET", "/crm/v3/objects/contacts", nil).want(http.StatusOK)
	assert.ElementsMatch(t, []string{xy, z}, obIDs(obResults(t, list)))
}

// However many merges ago, an old id answers with the record it ended up in.
func TestMergedIDsResolveAfterManyMerges(t *testing.T) {
	a := newOb(t)
	first := a.create("contacts", obProps{"email": "first@example.com"})
	cur := first
	for i := range 15 {
		cur = a.mergeOK(cur, a.create("contacts", obProps{"email": fmt.Sprintf("m%d@example.com", i)}))
	}
	assert.Equal(t, cur, a.do("GET", "/crm/v3/objects/contacts/"+first, nil).want(http.StatusOK)["id"])
}

// A GET follows a merge always; PATCH and the batch endpoints follow it by default and answer as
// for an unknown id under StrictMergedIDs (HubSpot's behaviour there is unverified).
func TestStrictMergedIDsSwitchesWritesOnMergedAwayIDs(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprint("strict=", strict), func(t *testing.T) {
			a := newOb(t, func(o *hubspottest.Options) { o.StrictMergedIDs = strict })
			p := a.create("contacts", obProps{"email": "p@example.com"})
			o := a.create("contacts", obProps{"email": "o@example.com"})
			id := a.mergeOK(p, o)
			assert.Equal(t, id, a.do("GET", "/crm/v3/objects/contacts/"+o, nil).want(http.StatusOK)["id"])

			patch := a.patch("/crm/v3/objects/contacts/"+o, obProps{"firstname": "Patched"})
			read := a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": []map[string]any{{"id": p}}})
			a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"inputs": []map[string]any{
				{"id": p, "properties": obProps{"lastname": "Batched"}}}})
			got := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=firstname,lastname", nil).want(http.StatusOK))
			if strict {
				require.Equal(t, http.StatusNotFound, patch.Status, "%s", patch.Body)
				assert.Equal(t, http.StatusMultiStatus, read.Status, "%s", read.Body)
				assert.Nil(t, got["firstname"])
				assert.Nil(t, got["lastname"])
				return
			}
			assert.Equal(t, id, patch.want(http.StatusOK)["id"])
			assert.Equal(t, []string{id}, obIDs(obResults(t, read.want(http.StatusOK))))
			assert.Equal(t, "Patched", got["firstname"])
			assert.Equal(t, "Batched", got["lastname"])
		})
	}
}

// FaultServed504 serves the request, then answers 504: the merge happened all the same.
func TestServed504MergesThenAnswers504(t *testing.T) {
	a := newOb(t)
	p := a.create("contacts", obProps{"email": "p@example.com"})
	o := a.create("contacts", obProps{"email": "o@example.com"})
	a.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultServed504, Match: "POST /merge"})
	res := a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": p, "objectIdToMerge": o})
	assert.Equal(t, http.StatusGatewayTimeout, res.Status)
	got := a.do("GET", "/crm/v3/objects/contacts/"+o+"?properties=hs_merged_object_ids", nil).want(http.StatusOK)
	assert.NotEqual(t, o, got["id"])
	assert.Equal(t, p+";"+o, obPropsOf(t, got)["hs_merged_object_ids"])
}
