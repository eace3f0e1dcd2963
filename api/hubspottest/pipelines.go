package hubspottest

import (
	"net/http"
	"time"
)

// Pipelines: the deal and ticket pipelines and their stages, read-only. From HubSpot's OpenAPI
// spec (PublicApiSpecs/CRM/Pipelines/Rollouts/145896/{v3,2025-09,2026-03,2026-09} and
// 321972/2026-09-beta):
//
//	GET /crm/v3/pipelines/{objectType}                                 {results:[Pipeline]} (no paging)
//	GET /crm/v3/pipelines/{objectType}/{pipelineId}                    Pipeline
//	GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages             {results:[PipelineStage]}
//	GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}   PipelineStage
//
// and the same under /crm/pipelines/{version}. A Pipeline is {id, label, displayOrder, stages,
// archived, createdAt, updatedAt}; a stage {id, label, displayOrder, metadata, archived,
// createdAt, updatedAt, writePermissions}; "the default pipelines will have createdAt = 0".
// A deal stage's metadata holds probability (0.0–1.0) and isClosed; a ticket stage's ticketState
// (OPEN or CLOSED). The spec accepts any of a long list of read scopes (contacts, companies,
// deals, tickets… read among them).
//
// The sandbox holds HubSpot's default pipelines (deals "default", tickets "0") and one custom
// deal pipeline with numeric ids, as a portal that has added one looks. The dealstage, pipeline,
// hs_pipeline and hs_pipeline_stage property options are built from these, so a stage's label
// is the same in both places. UNVERIFIED: an object type without pipelines (contacts,
// companies) answers an empty list; an unknown pipeline or stage answers 404 OBJECT_NOT_FOUND.

// Pipeline is one pipeline of an object type.
type Pipeline struct {
	ID, Label string
	Stages    []PipelineStage
}

// PipelineStage is one stage of a pipeline; Metadata as HubSpot sends it (strings).
type PipelineStage struct {
	ID, Label string
	Metadata  map[string]string
}

// Pipelines are the sandbox's pipelines per object type, in display order.
func Pipelines(objectType string) []Pipeline {
	deal := func(id, label, probability string, closed bool) PipelineStage {
		return PipelineStage{ID: id, Label: label, Metadata: map[string]string{
			"probability": probability, "isClosed": map[bool]string{true: "true", false: "false"}[closed]}}
	}
	ticket := func(id, label, state string) PipelineStage {
		return PipelineStage{ID: id, Label: label, Metadata: map[string]string{
			"ticketState": state, "isClosed": map[bool]string{true: "true", false: "false"}[state == "CLOSED"]}}
	}
	switch objectType {
	case Deals:
		return []Pipeline{
			{ID: "default", Label: "Sales Pipeline", Stages: []PipelineStage{
				deal("appointmentscheduled", "Appointment Scheduled", "0.2", false),
				deal("qualifiedtobuy", "Qualified To Buy", "0.4", false),
				deal("presentationscheduled", "Presentation Scheduled", "0.6", false),
				deal("decisionmakerboughtin", "Decision Maker Bought-In", "0.8", false),
				deal("contractsent", "Contract Sent", "0.9", false),
				deal("closedwon", "Closed Won", "1.0", true),
				deal("closedlost", "Closed Lost", "0.0", true),
			}},
			{ID: RenewalsPipelineID, Label: "Renewals", Stages: []PipelineStage{
				deal(RenewalDueStageID, "Renewal due", "0.5", false),
				deal("87310425", "Renewed", "1.0", true),
				deal("87310426", "Churned", "0.0", true),
			}},
		}
	case Tickets:
		return []Pipeline{{ID: "0", Label: "Support Pipeline", Stages: []PipelineStage{
			ticket("1", "New", "OPEN"),
			ticket("2", "Waiting on contact", "OPEN"),
			ticket("3", "Waiting on us", "OPEN"),
			ticket("4", "Closed", "CLOSED"),
		}}}
	}
	return nil
}

// The custom deal pipeline's id and its first stage's, for tests.
const (
	RenewalsPipelineID = "87310420"
	RenewalDueStageID  = "87310424"
)

// pipelineOptions are an enumeration's label/value pairs for the pipeline property.
func pipelineOptions(objectType string) []string {
	var out []string
	for _, p := range Pipelines(objectType) {
		out = append(out, p.ID, p.Label)
	}
	return out
}

// stageOptions are the label/value pairs of every pipeline's stages, pipeline by pipeline.
func stageOptions(objectType string) []string {
	var out []string
	for _, p := range Pipelines(objectType) {
		for _, s := range p.Stages {
			out = append(out, s.ID, s.Label)
		}
	}
	return out
}

type pipelineJSON struct {
	ID           string              `json:"id"`
	Label        string              `json:"label"`
	DisplayOrder int                 `json:"displayOrder"`
	Stages       []pipelineStageJSON `json:"stages"`
	Archived     bool                `json:"archived"`
	CreatedAt    string              `json:"createdAt"`
	UpdatedAt    string              `json:"updatedAt"`
}

type pipelineStageJSON struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	Archived         bool              `json:"archived"`
	CreatedAt        string            `json:"createdAt"`
	UpdatedAt        string            `json:"updatedAt"`
	WritePermissions string            `json:"writePermissions"`
}

// defaultPipelineTime is the createdAt of HubSpot's default pipelines (0) and, in the sandbox,
// of every pipeline: they exist before any record.
var defaultPipelineTime = isoTime(time.UnixMilli(0))

func renderPipeline(i int, p Pipeline) pipelineJSON {
	out := pipelineJSON{ID: p.ID, Label: p.Label, DisplayOrder: i, Stages: []pipelineStageJSON{},
		CreatedAt: defaultPipelineTime, UpdatedAt: defaultPipelineTime}
	for j, s := range p.Stages {
		out.Stages = append(out.Stages, renderStage(j, s))
	}
	return out
}

func renderStage(i int, s PipelineStage) pipelineStageJSON {
	return pipelineStageJSON{ID: s.ID, Label: s.Label, DisplayOrder: i, Metadata: s.Metadata,
		CreatedAt: defaultPipelineTime, UpdatedAt: defaultPipelineTime, WritePermissions: "CRM_PERMISSIONS_ENFORCEMENT"}
}

func (s *Sandbox) routePipelines(mux *http.ServeMux) {
	handle := func(suffix string, h http.HandlerFunc) {
		mux.HandleFunc("GET /crm/v3/pipelines"+suffix, h)
		mux.HandleFunc("GET /crm/pipelines/{version}"+suffix, versioned(familyPipelines, h))
	}
	handle("/{objectType}", s.listPipelines)
	handle("/{objectType}/{pipelineId}", s.getPipeline)
	handle("/{objectType}/{pipelineId}/stages", s.listStages)
	handle("/{objectType}/{pipelineId}/stages/{stageId}", s.getStage)
}

// pipelineReadScopes are the read scopes the spec accepts for reading pipelines (the ones the
// sandbox's tokens can carry).
var pipelineReadScopes = []string{"crm.objects.contacts.read", "crm.objects.companies.read",
	"crm.objects.deals.read", "tickets", "crm.objects.contacts.write", "crm.objects.companies.write", "crm.objects.deals.write"}

// pipelinesOf checks the scope and the type and returns the type's pipelines.
func (s *Sandbox) pipelinesOf(w http.ResponseWriter, r *http.Request) ([]Pipeline, bool) {
	if !s.allowAny(w, r, pipelineReadScopes...) {
		return nil, false
	}
	typ := canonicalType(r.PathValue("objectType"))
	if typ == "" {
		writeUnknownType(w, r, r.PathValue("objectType"))
		return nil, false
	}
	return Pipelines(typ), true
}

// pipelineAt finds the path's pipeline, writing the 404 when there is none.
func (s *Sandbox) pipelineAt(w http.ResponseWriter, r *http.Request) (int, Pipeline, bool) {
	ps, ok := s.pipelinesOf(w, r)
	if !ok {
		return 0, Pipeline{}, false
	}
	id := r.PathValue("pipelineId")
	for i, p := range ps {
		if p.ID == id {
			return i, p, true
		}
	}
	writeError(w, r, http.StatusNotFound, "OBJECT_NOT_FOUND", "Unable to find pipeline "+id, nil)
	return 0, Pipeline{}, false
}

func (s *Sandbox) listPipelines(w http.ResponseWriter, r *http.Request) {
	ps, ok := s.pipelinesOf(w, r)
	if !ok {
		return
	}
	out := []pipelineJSON{}
	for i, p := range ps {
		out = append(out, renderPipeline(i, p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

func (s *Sandbox) getPipeline(w http.ResponseWriter, r *http.Request) {
	if i, p, ok := s.pipelineAt(w, r); ok {
		writeJSON(w, http.StatusOK, renderPipeline(i, p))
	}
}

func (s *Sandbox) listStages(w http.ResponseWriter, r *http.Request) {
	if i, p, ok := s.pipelineAt(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]any{"results": renderPipeline(i, p).Stages})
	}
}

func (s *Sandbox) getStage(w http.ResponseWriter, r *http.Request) {
	_, p, ok := s.pipelineAt(w, r)
	if !ok {
		return
	}
	id := r.PathValue("stageId")
	for j, st := range p.Stages {
		if st.ID == id {
			writeJSON(w, http.StatusOK, renderStage(j, st))
			return
		}
	}
	writeError(w, r, http.StatusNotFound, "OBJECT_NOT_FOUND", "Unable to find stage "+id+" in pipeline "+p.ID, nil)
}
