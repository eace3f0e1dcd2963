package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// HubSpot-defined association type ids, contact side first (verify through AssociationTypes;
// labels change, ids do not).
const (
	AssocContactToCompany        = 279 // unlabelled
	AssocCompanyToContact        = 280
	AssocContactToPrimaryCompany = 1 // label "Primary"
	AssocContactToDeal           = 4
	AssocDealToContact           = 3
	AssocContactToTicket         = 15
	AssocTicketToContact         = 16
	AssocContactToCall           = 193
	AssocContactToEmail          = 197
	AssocContactToMeeting        = 199
	AssocContactToNote           = 201
	AssocContactToTask           = 203
)

// ContactToEngagementType is the association type id from a contact to an engagement type
// (notes, calls, emails, meetings, tasks), 0 when unknown.
func ContactToEngagementType(engagementType string) int {
	switch engagementType {
	case ObjectNotes:
		return AssocContactToNote
	case ObjectCalls:
		return AssocContactToCall
	case ObjectEmails:
		return AssocContactToEmail
	case ObjectMeetings:
		return AssocContactToMeeting
	case ObjectTasks:
		return AssocContactToTask
	}
	return 0
}

// Association is one associated record and every type (label) linking to it.
type Association struct {
	ToObjectType string
	ToID         string
	Types        []AssociationType
}

// AssociationType is one association type; Label "" means unlabelled.
type AssociationType struct {
	TypeID   int
	Category string // HUBSPOT_DEFINED, USER_DEFINED, INTEGRATOR_DEFINED
	Label    string
}

// typeNames renders the types as the short names Object.Associations carries.
func (a Association) typeNames() []string {
	out := make([]string, 0, len(a.Types))
	for _, t := range a.Types {
		if t.Label != "" {
			out = append(out, t.Label)
		} else {
			out = append(out, strconv.Itoa(t.TypeID))
		}
	}
	return out
}

type wireAssocType struct {
	Category string    `json:"category"`
	TypeID   int       `json:"typeId"`
	Label    wireValue `json:"label"`
}

func (w wireAssocType) toType() AssociationType {
	return AssociationType{TypeID: w.TypeID, Category: w.Category, Label: w.Label.s}
}

// Associate links a contact (by id, or email resolved to its id) to another record with an
// association type (the seed's v3 PUT; on a dated family, the record pair's PUT with the type
// in the body). Associating twice is harmless.
func (c *Client) Associate(ctx context.Context, contactID, toObjectType, toID string, typeID int) error {
	id, err := c.contactID(ctx, contactID)
	if err != nil {
		return err
	}
	return c.AssociateObjects(ctx, ObjectContacts, id, toObjectType, toID, typeID)
}

// AssociateObjects links any two records with an association type.
func (c *Client) AssociateObjects(ctx context.Context, fromType, fromID, toType, toID string, typeID int) error {
	if fromID == "" || toID == "" {
		return argError("association needs both record ids")
	}
	if c.paths.version == "" {
		_, err := c.do(ctx, call{method: http.MethodPut, path: c.paths.assocV3(fromType, fromID, toType, toID, typeID), idempotent: true})
		return err
	}
	cl := call{method: http.MethodPut, path: c.paths.assocPair(fromType, fromID, toType, toID), idempotent: true}
	sp, err := c.assocSpec(ctx, fromType, toType, typeID)
	if err != nil {
		return err
	}
	cl.body = []wireAssocSpec{sp}
	_, err = c.do(ctx, cl)
	return err
}

// assocSpec gives typeID its category (HubSpot's 2026-03 spec requires both): a user's label
// is USER_DEFINED, HubSpot's types HUBSPOT_DEFINED. The category comes from the pair's types;
// a type not among them is sent as HUBSPOT_DEFINED for HubSpot to refuse as it refuses any
// type the pair cannot have. Under Config.ReadOnly nothing is asked: the write is refused unsent.
func (c *Client) assocSpec(ctx context.Context, fromType, toType string, typeID int) (wireAssocSpec, error) {
	sp := wireAssocSpec{Category: "HUBSPOT_DEFINED", TypeID: typeID}
	if c.cfg.ReadOnly {
		return sp, nil
	}
	types, err := c.AssociationTypes(ctx, fromType, toType)
	if err != nil {
		return sp, err
	}
	for _, t := range types {
		if t.TypeID == typeID && t.Category != "" {
			sp.Category = t.Category
		}
	}
	return sp, nil
}

// RemoveAssociation removes one association type between a contact and another record (the
// seed's v3 DELETE; on a dated family, batch/labels/archive with the one type). Removing the
// unlabelled type removes every association between the pair.
func (c *Client) RemoveAssociation(ctx context.Context, contactID, toObjectType, toID string, typeID int) error {
	id, err := c.contactID(ctx, contactID)
	if err != nil {
		return err
	}
	return c.RemoveObjectAssociation(ctx, ObjectContacts, id, toObjectType, toID, typeID)
}

// RemoveObjectAssociation removes one association type between any two records.
func (c *Client) RemoveObjectAssociation(ctx context.Context, fromType, fromID, toType, toID string, typeID int) error {
	if fromID == "" || toID == "" {
		return argError("association needs both record ids")
	}
	if c.paths.version == "" {
		_, err := c.do(ctx, call{method: http.MethodDelete, path: c.paths.assocV3(fromType, fromID, toType, toID, typeID), idempotent: true})
		return err
	}
	sp, err := c.assocSpec(ctx, fromType, toType, typeID)
	if err != nil {
		return err
	}
	type pairTypes struct {
		From  map[string]string `json:"from"`
		To    map[string]string `json:"to"`
		Types []wireAssocSpec   `json:"types"`
	}
	body := map[string][]pairTypes{"inputs": {{From: map[string]string{"id": fromID}, To: map[string]string{"id": toID}, Types: []wireAssocSpec{sp}}}}
	var w struct {
		Errors []errorBody `json:"errors"`
	}
	// Removing a type twice leaves the pair as once: safe to retry.
	cl := call{method: http.MethodPost, path: c.paths.assocLabelsArchive(fromType, toType), body: body, out: &w, idempotent: true}
	if _, err := c.do(ctx, cl); err != nil {
		return err
	}
	if len(w.Errors) > 0 {
		e := &Error{Method: cl.method, Path: cl.path}
		e.fill(w.Errors[0])
		return e
	}
	return nil
}

// ListAssociations lists a contact's (by id or email) associated records of one type, each with its labels
// (the v4 listing, every page).
func (c *Client) ListAssociations(ctx context.Context, contactID, toObjectType string) ([]Association, error) {
	id, err := c.contactID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return c.ListObjectAssociations(ctx, ObjectContacts, id, toObjectType)
}

// ListObjectAssociations lists any record's associated records of one type, with labels.
func (c *Client) ListObjectAssociations(ctx context.Context, fromType, fromID, toType string) ([]Association, error) {
	var out []Association
	after := ""
	for {
		q := url.Values{"limit": {"500"}}
		if after != "" {
			q.Set("after", after)
		}
		var w struct {
			Results []struct {
				ToObjectID       wireValue       `json:"toObjectId"`
				AssociationTypes []wireAssocType `json:"associationTypes"`
			} `json:"results"`
			Paging *wirePaging `json:"paging"`
		}
		if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.assocList(fromType, fromID, toType), query: q, out: &w, idempotent: true}); err != nil {
			return nil, err
		}
		for _, r := range w.Results {
			a := Association{ToObjectType: toType, ToID: r.ToObjectID.s}
			for _, t := range r.AssociationTypes {
				a.Types = append(a.Types, t.toType())
			}
			out = append(out, a)
		}
		next := w.Paging.after()
		if next == "" || next == after {
			return out, nil
		}
		after = next
	}
}

// AssociationTypes lists the association types (with labels) from one object type to another.
func (c *Client) AssociationTypes(ctx context.Context, fromType, toType string) ([]AssociationType, error) {
	var w struct {
		Results []wireAssocType `json:"results"`
	}
	if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.assocLabels(fromType, toType), out: &w, idempotent: true}); err != nil {
		return nil, err
	}
	out := make([]AssociationType, len(w.Results))
	for i, t := range w.Results {
		out[i] = t.toType()
	}
	return out, nil
}

// ListAssociatedObjects returns one page of the records of toType associated with a record (a
// company's contacts, say), with o.Properties: a page of the v4 listing (o.Limit ids, at most
// 100; o.After its cursor) and one batch read. Records in HubSpot's association order; one
// deleted between the two calls is left out. Page.After is "" on the last page.
func (c *Client) ListAssociatedObjects(ctx context.Context, fromType, fromID, toType string, o ListOptions) (Page, error) {
	if fromID == "" {
		return Page{}, argError("no %s id given", fromType)
	}
	limit := o.Limit
	if limit <= 0 || limit > MaxBatchInputs {
		limit = MaxBatchInputs
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if o.After != "" {
		q.Set("after", o.After)
	}
	var w struct {
		Results []struct {
			ToObjectID wireValue `json:"toObjectId"`
		} `json:"results"`
		Paging *wirePaging `json:"paging"`
	}
	if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.assocList(fromType, fromID, toType), query: q, out: &w, idempotent: true}); err != nil {
		return Page{}, err
	}
	ids := make([]string, 0, len(w.Results))
	for _, r := range w.Results {
		if !contains(ids, r.ToObjectID.s) {
			ids = append(ids, r.ToObjectID.s)
		}
	}
	p := Page{After: w.Paging.after()}
	if p.After == o.After {
		p.After = ""
	}
	if len(ids) == 0 {
		return p, nil
	}
	rs, err := c.BatchReadObjects(ctx, toType, ids, o.Properties)
	if err != nil {
		return Page{}, err
	}
	for _, r := range rs {
		if r.Object != nil {
			p.Results = append(p.Results, r.Object)
		}
	}
	return p, nil
}
