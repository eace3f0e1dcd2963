package api

import (
	"context"
	"net/http"
	"sort"
)

// Pipeline is a deal or ticket pipeline and its stages, in HubSpot's display order.
type Pipeline struct {
	ID, Label    string
	DisplayOrder int
	Archived     bool
	Stages       []PipelineStage
}

// PipelineStage is one stage. Metadata holds what differs by object type, as HubSpot sends it:
// a deal stage's probability and isClosed, a ticket stage's ticketState (OPEN or CLOSED).
type PipelineStage struct {
	ID, Label    string
	DisplayOrder int
	Archived     bool
	Metadata     map[string]string
}

type wirePipeline struct {
	ID           string              `json:"id"`
	Label        string              `json:"label"`
	DisplayOrder int                 `json:"displayOrder"`
	Archived     bool                `json:"archived"`
	Stages       []wirePipelineStage `json:"stages"`
}

type wirePipelineStage struct {
	ID           string               `json:"id"`
	Label        string               `json:"label"`
	DisplayOrder int                  `json:"displayOrder"`
	Archived     bool                 `json:"archived"`
	Metadata     map[string]wireValue `json:"metadata"`
}

// Pipelines returns an object type's pipelines (deals, tickets) with their stages, sorted as
// HubSpot documents (displayOrder, then label), cached like Properties (InvalidateProperties
// drops it too).
func (c *Client) Pipelines(ctx context.Context, objectType string) ([]Pipeline, error) {
	e, err := c.props.get(ctx, "pipelines/"+objectType, func(e *propEntry) {
		var w struct {
			Results []wirePipeline `json:"results"`
		}
		if _, e.err = c.do(ctx, call{method: http.MethodGet, path: c.paths.pipelines(objectType), out: &w, idempotent: true}); e.err != nil {
			return
		}
		e.pipelines = make([]Pipeline, len(w.Results))
		for i, p := range w.Results {
			e.pipelines[i] = p.toPipeline()
		}
		sortByOrder(e.pipelines, func(p Pipeline) (int, string) { return p.DisplayOrder, p.Label })
	})
	if err != nil {
		return nil, err
	}
	out := make([]Pipeline, len(e.pipelines))
	for i, p := range e.pipelines {
		out[i] = p
		out[i].Stages = append([]PipelineStage(nil), p.Stages...)
	}
	return out, nil
}

func (w wirePipeline) toPipeline() Pipeline {
	p := Pipeline{ID: w.ID, Label: w.Label, DisplayOrder: w.DisplayOrder, Archived: w.Archived}
	for _, s := range w.Stages {
		st := PipelineStage{ID: s.ID, Label: s.Label, DisplayOrder: s.DisplayOrder, Archived: s.Archived,
			Metadata: map[string]string{}}
		for k, v := range s.Metadata {
			st.Metadata[k] = v.s
		}
		p.Stages = append(p.Stages, st)
	}
	sortByOrder(p.Stages, func(s PipelineStage) (int, string) { return s.DisplayOrder, s.Label })
	return p
}

func sortByOrder[T any](s []T, key func(T) (int, string)) {
	sort.SliceStable(s, func(i, j int) bool {
		oi, li := key(s[i])
		oj, lj := key(s[j])
		if oi != oj {
			return oi < oj
		}
		return li < lj
	})
}

// StageLabels finds a record's pipeline and stage labels by their ids ("" where unknown: the
// caller shows the raw id). A stage id is looked up in its own pipeline first, then in any
// (HubSpot's stage ids are unique across an object type's pipelines).
func StageLabels(ps []Pipeline, pipelineID, stageID string) (pipeline, stage string) {
	for _, p := range ps {
		if p.ID == pipelineID {
			pipeline, stage = p.Label, p.stageLabel(stageID)
		}
	}
	for _, p := range ps {
		if stage == "" {
			stage = p.stageLabel(stageID)
		}
	}
	return pipeline, stage
}

func (p Pipeline) stageLabel(id string) string {
	for _, s := range p.Stages {
		if s.ID == id {
			return s.Label
		}
	}
	return ""
}
