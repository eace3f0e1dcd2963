package hubspottest

import (
	"net/http"
	"slices"
)

// Call dispositions: the outcomes a call can be logged with (hs_call_disposition holds one's id).
//
//	GET /calling/v1/dispositions   → [{"id","label"}]
//
// HubSpot documents this endpoint as legacy and unsupported (its replacement,
// /crm/extensions/calling/2027-03-beta/dispositions, is an allowlisted beta), names no scope
// for it, and says its calls show in the API logs as /twilio/v1/dispositions. The sandbox needs
// only a valid token.
//
// UNVERIFIED, switchable:
//   - Options.NoLegacyDispositions: the legacy endpoint is gone (404), as an unsupported
//     endpoint may one day be;
//   - Options.DispositionOptions: hs_call_disposition's definition lists the dispositions as
//     its options (by default it is an external-options enumeration with none, like
//     hubspot_owner_id);
//   - the ids are the defaults integrators quote (Options.Dispositions replaces them); a value
//     of hs_call_disposition must be one of the portal's (HubSpot's INVALID_OPTION otherwise).

// Disposition is one call outcome.
type Disposition struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// The default portal's call dispositions (the defaults integrators quote).
const (
	DispositionBusy        = "9d9162e7-6cf3-4944-bf63-4dff82258764"
	DispositionConnected   = "f240bbac-87c9-4f6e-bf70-924b57d47db7"
	DispositionVoicemail   = "b2cf5968-551e-4856-9783-52b3da59a7d0"
	DispositionNoAnswer    = "73a0d17f-1163-4015-bdd5-ec830791da20"
	DispositionWrongNumber = "17b47fee-58de-441e-a44c-c6300d46f273"
)

// DefaultDispositions is the default portal's call outcomes.
func DefaultDispositions() []Disposition {
	return []Disposition{
		{DispositionBusy, "Busy"}, {DispositionConnected, "Connected"}, {DispositionVoicemail, "Left voicemail"},
		{DispositionNoAnswer, "No answer"}, {DispositionWrongNumber, "Wrong number"},
	}
}

func (s *Sandbox) routeDispositions(mux *http.ServeMux) {
	mux.HandleFunc("GET /calling/v1/dispositions", s.listDispositions)
}

func (s *Sandbox) listDispositions(w http.ResponseWriter, r *http.Request) {
	if s.opts.NoLegacyDispositions {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Unable to route GET request for "+r.URL.Path, nil)
		return
	}
	writeJSON(w, http.StatusOK, s.dispositions)
}

// knownDisposition reports whether id is one of the portal's call outcomes.
func (s *Sandbox) knownDisposition(id string) bool {
	return slices.ContainsFunc(s.dispositions, func(d Disposition) bool { return d.ID == id })
}

// dispositionOptions are the dispositions as hs_call_disposition's options.
func (s *Sandbox) dispositionOptions() []PropertyOption {
	out := make([]PropertyOption, len(s.dispositions))
	for i, d := range s.dispositions {
		out[i] = PropertyOption{Label: d.Label, Value: d.ID, DisplayOrder: i}
	}
	return out
}
