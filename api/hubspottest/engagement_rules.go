package hubspottest

import (
	"net/http"
	"slices"
)

// Rules for activities (notes, calls, emails, meetings, tasks) that need more than their
// definitions:
//
//   - hs_timestamp is required when creating a note, call, email or task (HubSpot's guides; for
//     a task it is the due date). A meeting created without it takes hs_meeting_start_time's
//     value (the meetings guide). Missing, HubSpot answers (observed, HubSpot/hubspot-api-nodejs#124):
//     400 {"message":"Error creating NOTE.  Some required properties were not set.",
//     "context":{"properties":["hs_timestamp"]},"category":"VALIDATION_ERROR"}.
//   - hubspot_owner_id must be an active owner's id (owners.go), unless Options.AnyOwnerID.
//   - hs_call_disposition must be one of the portal's call outcomes (dispositions.go).

// engagementRule checks a planned create of an activity; it may fill hs_timestamp of a meeting.
func engagementRule(p *writePlan) *reqError {
	if p.target != nil || !slices.Contains(EngagementTypes, p.typ) || p.current("hs_timestamp") != "" {
		return nil
	}
	if start := p.current("hs_meeting_start_time"); p.typ == Meetings && start != "" {
		p.props["hs_timestamp"] = start
		return nil
	}
	return &reqError{status: http.StatusBadRequest, category: "VALIDATION_ERROR",
		message: "Error creating " + upperSingular(p.typ) + ".  Some required properties were not set.",
		context: map[string][]string{"properties": {"hs_timestamp"}}}
}

// checkOwner validates a hubspot_owner_id value.
func (s *Sandbox) checkOwner(d PropertyDef, v string) (string, *propertyError) {
	if !digitsRE.MatchString(v) || !s.opts.AnyOwnerID && !s.owners.active(v) {
		e := s.propErr("INVALID_OPTION", d.Name, v+" was not one of the allowed options: [owner ids]", v)
		return "", &e
	}
	return v, nil
}

// checkDisposition validates a hs_call_disposition value.
func (s *Sandbox) checkDisposition(d PropertyDef, v string) (string, *propertyError) {
	if !s.knownDisposition(v) {
		e := s.propErr("INVALID_OPTION", d.Name, v+" was not one of the allowed options: [call dispositions]", v)
		return "", &e
	}
	return v, nil
}
