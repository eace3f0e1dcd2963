package hubspottest_test

import (
	"net/http"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPipelinesListDealAndTicketStagesWithLabels(t *testing.T) {
	a := newOb(t)
	body := a.do("GET", "/crm/v3/pipelines/deals", nil).want(http.StatusOK)
	ps := obResults(t, body)
	require.Len(t, ps, 2)
	assert.Nil(t, body["paging"], "pipelines are not paged")
	sales := ps[0]
	assert.Equal(t, "default", sales["id"])
	assert.Equal(t, "Sales Pipeline", sales["label"])
	assert.Equal(t, "1970-01-01T00:00:00.000Z", sales["createdAt"], "default pipelines have createdAt = 0")
	stages := sales["stages"].([]any)
	require.Len(t, stages, 7)
	won := stages[5].(map[string]any)
	assert.Equal(t, map[string]any{"id": "closedwon", "label": "Closed Won", "displayOrder": 5.0, "archived": false,
		"metadata":  map[string]any{"probability": "1.0", "isClosed": "true"},
		"createdAt": "1970-01-01T00:00:00.000Z", "updatedAt": "1970-01-01T00:00:00.000Z", "writePermissions": "CRM_PERMISSIONS_ENFORCEMENT"}, won)
	assert.Equal(t, "Renewals", ps[1]["label"])

	one := a.do("GET", "/crm/pipelines/2026-03/deals/"+hubspottest.RenewalsPipelineID, nil).want(http.StatusOK)
	assert.Equal(t, hubspottest.RenewalDueStageID, one["stages"].([]any)[0].(map[string]any)["id"])
	st := a.do("GET", "/crm/v3/pipelines/deals/"+hubspottest.RenewalsPipelineID+"/stages/"+hubspottest.RenewalDueStageID, nil).want(http.StatusOK)
	assert.Equal(t, "Renewal due", st["label"])
	list := a.do("GET", "/crm/v3/pipelines/tickets/0/stages", nil).want(http.StatusOK)
	closed := obResults(t, list)[3]
	assert.Equal(t, "Closed", closed["label"])
	assert.Equal(t, "CLOSED", closed["metadata"].(map[string]any)["ticketState"])

	a.do("GET", "/crm/v3/pipelines/deals/nope", nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/pipelines/deals/default/stages/nope", nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/pipelines/widgets", nil).want(http.StatusBadRequest)
	assert.Empty(t, obResults(t, a.do("GET", "/crm/v3/pipelines/contacts", nil).want(http.StatusOK)))
}

// A stage's label in the pipelines is the dealstage (hs_pipeline_stage) option's label, and a
// deal in the custom pipeline's stage is valid.
func TestPipelineStagesAreThePropertyOptions(t *testing.T) {
	a := newOb(t)
	for typ, names := range map[string][2]string{"deals": {"pipeline", "dealstage"}, "tickets": {"hs_pipeline", "hs_pipeline_stage"}} {
		pipes := map[string]string{}
		stages := map[string]string{}
		for _, p := range obResults(t, a.do("GET", "/crm/v3/pipelines/"+typ, nil).want(http.StatusOK)) {
			pipes[p["id"].(string)] = p["label"].(string)
			for _, s := range p["stages"].([]any) {
				stages[s.(map[string]any)["id"].(string)] = s.(map[string]any)["label"].(string)
			}
		}
		for i, want := range []map[string]string{pipes, stages} {
			def := a.do("GET", "/crm/v3/properties/"+typ+"/"+names[i], nil).want(http.StatusOK)
			got := map[string]string{}
			for _, o := range def["options"].([]any) {
				got[o.(map[string]any)["value"].(string)] = o.(map[string]any)["label"].(string)
			}
			assert.Equal(t, want, got, names[i])
		}
	}
	a.create("deals", obProps{"dealname": "Renew", "pipeline": hubspottest.RenewalsPipelineID, "dealstage": hubspottest.RenewalDueStageID})
}

func TestPipelinesNeedAReadScope(t *testing.T) {
	a := newOb(t, func(o *hubspottest.Options) {
		o.Tokens = map[string][]string{"pat-na1-11111111-1111-4111-8111-111111111111": {"oauth"}}
	})
	a.srv.Token = "pat-na1-11111111-1111-4111-8111-111111111111"
	body := a.do("GET", "/crm/v3/pipelines/deals", nil).want(http.StatusForbidden)
	assert.Equal(t, "MISSING_SCOPES", body["category"])
}
