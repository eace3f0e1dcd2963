package hubspottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// The write pipeline every create, update and batch input goes through: plan (validate against
// definitions, type rules and the store, all under the write lock), then apply.

// writePlan is one validated create or update, ready to apply.
type writePlan struct {
	typ     string
	target  *Object           // nil when creating
	props   map[string]string // stored-form values to write; "" clears
	links   []plannedLink     // associations a create adds
	written []string          // the property names the request sent (rendered back)
	traceID string
}

// plannedLink is one association a create will add from the new record.
type plannedLink struct {
	to, toID string
	t, rev   AssocType
}

// claims holds the unique values (emails, unique properties) taken by earlier inputs of one
// batch, so two inputs cannot take the same one. nil outside batches.
type claims map[string]bool

// current is the value a property will have after the plan: the written one, else the record's.
func (p *writePlan) current(name string) string {
	if v, ok := p.props[name]; ok {
		return v
	}
	if p.target != nil {
		return p.target.Props[name]
	}
	return ""
}

// planCreate validates a new record's properties and associations.
func (s *Sandbox) planCreate(tx *Tx, typ string, props map[string]string, assocs []assocInput, cl claims) (*writePlan, *reqError) {
	clean, errs := s.cleanProps(typ, props)
	if len(errs) > 0 {
		return nil, propFailure(errs)
	}
	links, rerr := s.parseAssocs(tx, typ, assocs)
	if rerr != nil {
		return nil, rerr
	}
	p := &writePlan{typ: typ, props: clean, links: links, written: sortedKeys(props)}
	return p, s.finishPlan(tx, p, cl)
}

// planUpdate validates new values for an existing record.
func (s *Sandbox) planUpdate(tx *Tx, o *Object, props map[string]string, cl claims) (*writePlan, *reqError) {
	clean, errs := s.cleanProps(o.Type, props)
	if len(errs) > 0 {
		return nil, propFailure(errs)
	}
	p := &writePlan{typ: o.Type, target: o, props: clean, written: sortedKeys(props)}
	return p, s.finishPlan(tx, p, cl)
}

// finishPlan applies the rules that need the store: an activity's required timestamp, type
// rules and pinning (400s, reported together), then uniqueness (409), then records the plan's
// claims.
func (s *Sandbox) finishPlan(tx *Tx, p *writePlan, cl claims) *reqError {
	if e := engagementRule(p); e != nil {
		return e
	}
	lifecycleRule(p)
	var errs []propertyError
	if p.typ == Contacts {
		errs = append(errs, s.contactRules(tx, p)...)
	}
	errs = append(errs, s.pinRule(tx, p)...)
	if len(errs) > 0 {
		return propFailure(errs)
	}
	keys, rerr := s.uniqueClaims(tx, p, cl)
	if rerr != nil {
		return rerr
	}
	for _, k := range keys {
		if cl != nil {
			cl[k] = true
		}
	}
	return nil
}

// uniqueClaims checks that the unique values the plan writes (emails, hasUniqueValue
// properties) belong to no other live record and no earlier input of the batch; it returns the
// claim keys to record.
func (s *Sandbox) uniqueClaims(tx *Tx, p *writePlan, cl claims) ([]string, *reqError) {
	var keys []string
	if p.typ == Contacts {
		for _, addr := range newEmails(p) {
			if owner := tx.ContactByEmail(addr); owner != nil && (p.target == nil || owner.ID != p.target.ID) {
				return nil, conflict("Contact already exists. Existing ID: " + owner.ID)
			}
			keys = append(keys, "email "+addr)
		}
	}
	for _, name := range sortedKeys(p.props) {
		v := p.props[name]
		if d, _ := findProperty(p.typ, name); !d.HasUniqueValue || v == "" {
			continue
		}
		if h := tx.ByUnique(p.typ, name, v); h != nil && !h.Archived && (p.target == nil || h.ID != p.target.ID) {
			return nil, conflict(fmt.Sprintf("A %s with %s %q already exists. Existing ID: %s", singular(p.typ), name, v, h.ID))
		}
		keys = append(keys, name+" "+v)
	}
	for _, k := range keys {
		if cl[k] {
			return nil, badRequest("Duplicate value in batch inputs: %s is written by two inputs, and it must be unique", k)
		}
	}
	return keys, nil
}

// propFailure is a 400 VALIDATION_ERROR listing property errors.
func propFailure(errs []propertyError) *reqError {
	return &reqError{status: http.StatusBadRequest, category: "VALIDATION_ERROR", propErrs: errs}
}

func conflict(message string) *reqError {
	return &reqError{status: http.StatusConflict, category: "CONFLICT", message: message}
}

// pinRule: hs_pinned_engagement_id must name a live activity (note, call, email, meeting, task)
// associated with the record, either already or by this create's associations. HubSpot's error
// here is UNVERIFIED; the sandbox answers a 400 VALIDATION_ERROR on the property.
func (s *Sandbox) pinRule(tx *Tx, p *writePlan) []propertyError {
	v := p.props["hs_pinned_engagement_id"]
	if v == "" {
		return nil
	}
	for _, et := range EngagementTypes {
		if !tx.live(et, v) {
			continue
		}
		if p.target != nil && len(tx.AssocTypes(AssocKey{p.typ, p.target.ID, et, v})) > 0 {
			return nil
		}
		for _, l := range p.links {
			if l.to == et && l.toID == v {
				return nil
			}
		}
	}
	who := "this " + singular(p.typ)
	if p.target != nil {
		who = singular(p.typ) + " " + p.target.ID
	}
	msg := fmt.Sprintf("Engagement %s is not an activity associated with %s. Associate the activity with the record before pinning it.", v, who)
	return []propertyError{s.propErr("INVALID_PINNED_ENGAGEMENT", "hs_pinned_engagement_id", msg, v)}
}

// apply performs a validated plan and renders the record with the default properties and the
// ones the request wrote.
func (s *Sandbox) apply(tx *Tx, p *writePlan) objectJSON {
	o := p.target
	old := map[string]string{}
	if o == nil {
		o = tx.Insert(p.typ, "", p.props, recordSource)
		for _, l := range p.links {
			// Associate applies HubSpot's rules (a label brings the unlabelled type, one
			// primary company); the plan validated the target and the type already.
			if to := tx.Get(l.to, l.toID); to == nil || !tx.Associate(o, to, l.t.TypeID) {
				tx.Link(AssocKey{p.typ, o.ID, l.to, l.toID}, l.t, l.rev)
			}
		}
	} else {
		for name := range p.props {
			old[name] = o.Props[name]
		}
		tx.SetProps(o, p.props, recordSource)
	}
	reindexUnique(tx, o, p.props, old)
	out := render(tx, o, readView{props: append(defaultProps(p.typ), p.written...)})
	out.ObjectWriteTraceID = p.traceID
	return out
}

// reindexUnique moves hasUniqueValue properties (email aside: the store indexes it) in the
// store's unique index.
func reindexUnique(tx *Tx, o *Object, written, old map[string]string) {
	for name, v := range written {
		if d, _ := findProperty(o.Type, name); !d.HasUniqueValue {
			continue
		}
		if prev := old[name]; prev != "" && prev != v && sameRecord(tx.ByUnique(o.Type, name, prev), o) {
			tx.ClearUnique(o.Type, name, prev)
		}
		tx.SetUnique(o.Type, name, v, o.ID)
	}
}

// sameRecord reports whether two Objects are copies of the same record.
func sameRecord(a, b *Object) bool { return a != nil && b != nil && a.Type == b.Type && a.ID == b.ID }

// assocInput is PublicAssociationsForObject: {to:{id}, types:[{associationCategory, associationTypeId}]}.
type assocInput struct {
	To    assocTarget       `json:"to"`
	Types []createAssocSpec `json:"types"`
}

type assocTarget struct {
	ID flexID `json:"id"`
}

type createAssocSpec struct {
	AssociationCategory string `json:"associationCategory"`
	AssociationTypeID   int    `json:"associationTypeId"`
}

// flexID takes an id sent as a JSON string or number (the seed sends numbers).
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an id must be a string or a number, not %s", b)
	}
	*f = flexID(n.String())
	return nil
}

// parseAssocs validates a create's associations: each type id must exist from this object type
// (with its category) and lead to a live record. Failures are HubSpot's "One or more
// associations are invalid" 400, naming every bad target.
func (s *Sandbox) parseAssocs(tx *Tx, typ string, in []assocInput) ([]plannedLink, *reqError) {
	var links []plannedLink
	ctx := map[string][]string{}
	for _, a := range in {
		id := string(a.To.ID)
		if id == "" || len(a.Types) == 0 {
			return nil, badRequest("Invalid input JSON: Some required fields were not set: [to.id, types]")
		}
		for _, spec := range a.Types {
			l, ok := resolveAssoc(tx, typ, id, spec)
			switch {
			case !ok && l.to == "":
				ctx["INVALID_ASSOCIATION_TYPES"] = append(ctx["INVALID_ASSOCIATION_TYPES"],
					fmt.Sprintf("%s %d is not an association type from %s", spec.AssociationCategory, spec.AssociationTypeID, upperSingular(typ)))
			case !ok:
				ctx["INVALID_OBJECT_IDS"] = append(ctx["INVALID_OBJECT_IDS"], upperSingular(l.to)+"="+id+" is not valid")
				ctx["objectId"] = append(ctx["objectId"], id)
				ctx["objectType"] = append(ctx["objectType"], upperSingular(l.to))
			default:
				links = append(links, l)
			}
		}
	}
	if len(ctx) > 0 {
		return nil, &reqError{status: http.StatusBadRequest, category: "VALIDATION_ERROR",
			message: "One or more associations are invalid", context: ctx}
	}
	return links, nil
}

// resolveAssoc finds the object type an association type id leads to from typ and checks the
// target. ok is false with l.to empty for an unknown type, with l.to set for a missing target.
func resolveAssoc(tx *Tx, typ, id string, spec createAssocSpec) (l plannedLink, ok bool) {
	for _, to := range sortedKeys(ObjectTypeIDs) {
		t, rev, found := lookupAssoc(typ, to, spec.AssociationTypeID)
		if !found || t.Category != spec.AssociationCategory {
			continue
		}
		l = plannedLink{to: to, toID: id, t: t, rev: rev}
		if tx.live(to, id) {
			return l, true
		}
	}
	return l, false
}

// hasAny reports whether any of the names has a non-empty value in m.
func hasAny(m map[string]string, names ...string) bool {
	for _, n := range names {
		if m[n] != "" {
			return true
		}
	}
	return false
}

// sortedUnique returns the distinct strings in order.
func sortedUnique(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
