package api

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GetOptions chooses what a get returns: properties (HubSpot's default set when empty),
// properties with their history, associated object types, and whether to look in the
// recycle bin.
type GetOptions struct {
	Properties   []string
	History      []string // propertiesWithHistory
	Associations []string // toObjectTypes, e.g. "companies", "deals"
	Archived     bool
}

// ListOptions pages through records. Limit is capped at 100 (50 with History); 0 means the cap.
type ListOptions struct {
	Limit        int
	After        string
	Properties   []string
	History      []string
	Associations []string
	Archived     bool // list the recycle bin
}

// Page is one page of a list; After is "" on the last page.
type Page struct {
	Results []*Object
	After   string
}

// AssociationInput associates a record being created with an existing one (a company, deal,
// ticket or engagement). Category defaults to HUBSPOT_DEFINED.
type AssociationInput struct {
	ToID     string
	TypeID   int
	Category string
}

// isEmail tells an email from a record id (ids are numeric, emails hold '@').
func isEmail(idOrEmail string) bool { return strings.Contains(idOrEmail, "@") }

// GetContact returns a contact by id, or by email when idOrEmail holds '@' (idProperty=email).
func (c *Client) GetContact(ctx context.Context, idOrEmail string, o GetOptions) (*Object, error) {
	prop := ""
	if isEmail(idOrEmail) {
		prop = "email"
	}
	return c.getObject(ctx, ObjectContacts, idOrEmail, prop, o)
}

// GetObject returns any record by id with the given properties (the default set when none).
func (c *Client) GetObject(ctx context.Context, objectType, id string, props []string) (*Object, error) {
	return c.getObject(ctx, objectType, id, "", GetOptions{Properties: props})
}

// GetObjectWith returns any record by id, or by a unique property when idProperty is set.
func (c *Client) GetObjectWith(ctx context.Context, objectType, id, idProperty string, o GetOptions) (*Object, error) {
	return c.getObject(ctx, objectType, id, idProperty, o)
}

func (c *Client) getObject(ctx context.Context, typ, id, idProperty string, o GetOptions) (*Object, error) {
	if strings.TrimSpace(id) == "" {
		return nil, argError("no %s id given", typ)
	}
	q := url.Values{}
	if idProperty != "" {
		q.Set("idProperty", idProperty)
	}
	setList(q, "properties", o.Properties)
	setList(q, "propertiesWithHistory", o.History)
	setList(q, "associations", o.Associations)
	if o.Archived {
		q.Set("archived", "true")
	}
	var w wireObject
	if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.object(typ, id), query: q, out: &w, idempotent: true}); err != nil {
		return nil, err
	}
	obj := w.toObject(typ)
	if err := c.completeAssociations(ctx, obj, &w); err != nil {
		return nil, err
	}
	return obj, nil
}

func setList(q url.Values, key string, names []string) {
	if len(names) > 0 {
		q.Set(key, csv(names))
	}
}

// completeAssociations fetches the rest of an association list HubSpot paged (100 per type in
// a GET) through the v4 listing, so callers always see every associated id.
func (c *Client) completeAssociations(ctx context.Context, obj *Object, w *wireObject) error {
	for toType, a := range w.Associations {
		if a.Paging.after() == "" {
			continue
		}
		all, err := c.ListObjectAssociations(ctx, obj.Type, obj.ID, toType)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, x := range obj.Associations[toType] {
			have[x.ID] = true
		}
		for _, x := range all {
			if !have[x.ToID] {
				obj.Associations[toType] = append(obj.Associations[toType], AssociatedID{ID: x.ToID, Types: x.typeNames()})
			}
		}
	}
	return nil
}

// ListContacts returns one page of contacts (or of the recycle bin with Archived).
func (c *Client) ListContacts(ctx context.Context, o ListOptions) (Page, error) {
	return c.ListObjects(ctx, ObjectContacts, o)
}

// ListObjects returns one page of records of any type.
func (c *Client) ListObjects(ctx context.Context, objectType string, o ListOptions) (Page, error) {
	max := 100
	if len(o.History) > 0 {
		max = 50
	}
	if o.Limit <= 0 || o.Limit > max {
		o.Limit = max
	}
	q := url.Values{"limit": {strconv.Itoa(o.Limit)}}
	if o.After != "" {
		q.Set("after", o.After)
	}
	setList(q, "properties", o.Properties)
	setList(q, "propertiesWithHistory", o.History)
	setList(q, "associations", o.Associations)
	if o.Archived {
		q.Set("archived", "true")
	}
	var w struct {
		Results []wireObject `json:"results"`
		Paging  *wirePaging  `json:"paging"`
	}
	if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.objects(objectType), query: q, out: &w, idempotent: true}); err != nil {
		return Page{}, err
	}
	p := Page{Results: make([]*Object, len(w.Results)), After: w.Paging.after()}
	for i := range w.Results {
		p.Results[i] = w.Results[i].toObject(objectType)
	}
	return p, nil
}

// IterContacts yields every contact from o.After on, fetching pages as it goes. It stops at
// the first error (yielded with a nil object) or when the caller stops.
func (c *Client) IterContacts(ctx context.Context, o ListOptions) iter.Seq2[*Object, error] {
	return c.IterObjects(ctx, ObjectContacts, o)
}

// IterObjects is IterContacts for any object type.
func (c *Client) IterObjects(ctx context.Context, objectType string, o ListOptions) iter.Seq2[*Object, error] {
	return func(yield func(*Object, error) bool) {
		for {
			p, err := c.ListObjects(ctx, objectType, o)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, obj := range p.Results {
				if !yield(obj, nil) {
					return
				}
			}
			if p.After == "" || p.After == o.After {
				return
			}
			o.After = p.After
		}
	}
}

// CreateContact creates a contact, associated with existing records (companies, engagements,
// …); set hs_pinned_engagement_id in props with an association to that engagement to create
// it pinned. A create whose answer is lost is never re-sent blindly: the contact is looked up
// by email first, and re-sent only when absent (so a retry never makes a duplicate).
func (c *Client) CreateContact(ctx context.Context, props map[string]string, assocs ...AssociationInput) (*Object, error) {
	return c.createObject(ctx, ObjectContacts, props, assocs)
}

// CreateObject creates a record of any type (engagements, companies, …). Without a unique
// email to check, a create whose answer is lost is reported, not re-sent.
func (c *Client) CreateObject(ctx context.Context, objectType string, props map[string]string, assocs ...AssociationInput) (*Object, error) {
	return c.createObject(ctx, objectType, props, assocs)
}

type wireCreate struct {
	Properties   map[string]string `json:"properties"`
	Associations []wireAssocInput  `json:"associations,omitempty"`
}

type wireAssocInput struct {
	To struct {
		ID string `json:"id"`
	} `json:"to"`
	Types []wireAssocSpec `json:"types"`
}

type wireAssocSpec struct {
	Category string `json:"associationCategory"`
	TypeID   int    `json:"associationTypeId"`
}

func assocInputs(in []AssociationInput) []wireAssocInput {
	out := make([]wireAssocInput, 0, len(in))
	for _, a := range in {
		w := wireAssocInput{Types: []wireAssocSpec{{Category: categoryOr(a.Category), TypeID: a.TypeID}}}
		w.To.ID = a.ToID
		out = append(out, w)
	}
	return out
}

func categoryOr(c string) string {
	if c == "" {
		return "HUBSPOT_DEFINED"
	}
	return c
}

func (c *Client) createObject(ctx context.Context, typ string, props map[string]string, assocs []AssociationInput) (*Object, error) {
	var settle func(ctx context.Context) (*Object, error)
	if email := strings.TrimSpace(props["email"]); typ == ObjectContacts && email != "" {
		settle = func(ctx context.Context) (*Object, error) {
			existing, err := c.GetContact(ctx, email, GetOptions{Properties: keys(props)})
			if IsNotFound(err) {
				return nil, nil
			}
			return existing, err
		}
	}
	return c.createSettled(ctx, typ, props, assocs, settle)
}

// createSettled creates a record. When the answer is lost (the create may or may not have
// happened), settle says what HubSpot did: the record created, nil when certainly none was (the
// create is then sent again, after a backoff, up to MaxRetries), or an error when it cannot
// tell. Without settle such a create is reported, never re-sent.
func (c *Client) createSettled(ctx context.Context, typ string, props map[string]string, assocs []AssociationInput,
	settle func(ctx context.Context) (*Object, error)) (*Object, error) {
	body := wireCreate{Properties: nonNil(props), Associations: assocInputs(assocs)}
	for resend := 0; ; resend++ {
		var w wireObject
		_, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.objects(typ), body: body, out: &w})
		if err == nil {
			return w.toObject(typ), nil
		}
		e, ok := asError(err)
		if !ok || !e.ambiguous {
			return nil, err
		}
		if settle == nil {
			return nil, unknownOutcome(e, "the "+singular(typ)+" may have been created")
		}
		existing, lerr := settle(ctx)
		if lerr != nil {
			return nil, unknownOutcome(e, "the "+singular(typ)+" may have been created and looking it up failed too")
		}
		if existing != nil {
			return existing, nil
		}
		if resend >= c.cfg.MaxRetries {
			return nil, e // looked up: certainly not created
		}
		if err := c.wait(ctx, Wait{Reason: WaitRetry, Duration: backoff(resend + 1), Attempt: resend + 2}); err != nil {
			return nil, c.noAnswer(ctx, call{method: http.MethodPost, path: c.paths.objects(typ)}, resend+1, err)
		}
	}
}

// unknownOutcome reports a write whose answer was lost and could not be settled.
func unknownOutcome(e *Error, what string) *Error {
	return &Error{Category: CategoryUnknownOutcome, Message: what + "; " + e.Error(),
		Method: e.Method, Path: e.Path, Attempts: e.Attempts, Err: e, CorrelationID: e.CorrelationID}
}

func singular(typ string) string { return strings.TrimSuffix(typ, "s") }

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// UpdateContact changes properties of a contact by id, or by email when idOrEmail holds '@'.
// "" clears a value. HubSpot silently ignores a lifecyclestage moved backward (see
// SetLifecycleStage).
func (c *Client) UpdateContact(ctx context.Context, idOrEmail string, props map[string]string) (*Object, error) {
	prop := ""
	if isEmail(idOrEmail) {
		prop = "email"
	}
	return c.updateObject(ctx, ObjectContacts, idOrEmail, prop, props)
}

// UpdateObject changes properties of any record by id.
func (c *Client) UpdateObject(ctx context.Context, objectType, id string, props map[string]string) (*Object, error) {
	return c.updateObject(ctx, objectType, id, "", props)
}

func (c *Client) updateObject(ctx context.Context, typ, id, idProperty string, props map[string]string) (*Object, error) {
	if strings.TrimSpace(id) == "" {
		return nil, argError("no %s id given", typ)
	}
	q := url.Values{}
	if idProperty != "" {
		q.Set("idProperty", idProperty)
	}
	var w wireObject
	body := map[string]any{"properties": nonNil(props)}
	if _, err := c.do(ctx, call{method: http.MethodPatch, path: c.paths.object(typ, id), query: q, body: body, out: &w, idempotent: true}); err != nil {
		return nil, err
	}
	return w.toObject(typ), nil
}

// SetLifecycleStage sets a contact's lifecyclestage even backward: HubSpot ignores a backward
// move, so when the value did not take, it clears the stage and sets it in a second request.
func (c *Client) SetLifecycleStage(ctx context.Context, idOrEmail, stage string) (*Object, error) {
	obj, err := c.UpdateContact(ctx, idOrEmail, map[string]string{"lifecyclestage": stage})
	if err != nil || obj.Properties["lifecyclestage"] == stage {
		return obj, err
	}
	if _, err := c.UpdateContact(ctx, obj.ID, map[string]string{"lifecyclestage": ""}); err != nil {
		return nil, err
	}
	return c.UpdateContact(ctx, obj.ID, map[string]string{"lifecyclestage": stage})
}

// DeleteContact moves a contact to the recycle bin (restorable in HubSpot for 90 days). An
// email is resolved to the id first (HubSpot's DELETE takes ids only).
func (c *Client) DeleteContact(ctx context.Context, idOrEmail string) error {
	id := idOrEmail
	if isEmail(idOrEmail) {
		obj, err := c.GetContact(ctx, idOrEmail, GetOptions{Properties: []string{"hs_object_id"}})
		if err != nil {
			return err
		}
		id = obj.ID
	}
	return c.DeleteObject(ctx, ObjectContacts, id)
}

// DeleteObject archives any record by id. A retried delete whose first answer was lost and
// whose retry finds the record gone counts as done.
func (c *Client) DeleteObject(ctx context.Context, objectType, id string) error {
	if strings.TrimSpace(id) == "" {
		return argError("no %s id given", objectType)
	}
	_, err := c.do(ctx, call{method: http.MethodDelete, path: c.paths.object(objectType, id), idempotent: true})
	if e, ok := asError(err); ok && e.Status == http.StatusNotFound && e.Attempts > 1 {
		return nil
	}
	return err
}

// GDPRDeleteContact permanently deletes a contact by id or email. HubSpot blocks an email it
// does not know from future use.
func (c *Client) GDPRDeleteContact(ctx context.Context, idOrEmail string) error {
	body := map[string]string{"objectId": idOrEmail}
	if isEmail(idOrEmail) {
		body["idProperty"] = "email"
	}
	_, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.gdprDelete(ObjectContacts), body: body})
	if e, ok := asError(err); ok && e.ambiguous {
		return unknownOutcome(e, "the contact may have been deleted")
	}
	return err
}
