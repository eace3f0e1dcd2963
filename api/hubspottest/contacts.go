package hubspottest

import (
	"net/http"
	"slices"
	"strings"
)

// Contact rules (required fields, primary and secondary emails, the gdpr blocklist), the
// lifecycle stage's forward-only rule, merge and gdpr-delete.

// contactRules checks a contact write beyond its property definitions. It may adjust the plan
// (promoting a secondary address to primary, deriving hs_email_domain).
func (s *Sandbox) contactRules(tx *Tx, p *writePlan) []propertyError {
	var errs []propertyError
	if p.target == nil && !hasAny(p.props, "email", "firstname", "lastname") {
		errs = append(errs, s.propErr("MISSING_REQUIRED_PROPERTY", "email",
			"A contact needs at least one of the properties email, firstname or lastname.", ""))
	}
	errs = append(errs, s.emailRules(tx, p)...)
	if e, ok := p.props["email"]; ok {
		p.props["hs_email_domain"] = emailDomain(e)
	}
	return errs
}

func emailDomain(email string) string {
	if _, d, ok := strings.Cut(email, "@"); ok {
		return d
	}
	return ""
}

// emailRules keeps a contact's addresses consistent: a secondary address may not equal the
// primary (writing the primary to one of the contact's own secondaries promotes it), and no
// gdpr-blocklisted address may be written.
func (s *Sandbox) emailRules(tx *Tx, p *writePlan) []propertyError {
	primary := p.current("email")
	secs := splitList(p.current("hs_additional_emails"))
	_, wroteP := p.props["email"]
	_, wroteS := p.props["hs_additional_emails"]
	var errs []propertyError
	if primary != "" && slices.ContainsFunc(secs, func(e string) bool { return strings.EqualFold(e, primary) }) {
		if wroteS {
			errs = append(errs, s.propErr("INVALID_EMAIL", "hs_additional_emails",
				"Email address "+primary+" is already this contact's primary email", p.props["hs_additional_emails"]))
		} else if wroteP {
			secs = slices.DeleteFunc(secs, func(e string) bool { return strings.EqualFold(e, primary) })
			p.props["hs_additional_emails"] = strings.Join(secs, ";")
		}
	}
	for _, addr := range newEmails(p) {
		if tx.Blocked(addr) {
			name := "hs_additional_emails"
			if wroteP && strings.EqualFold(addr, primary) {
				name = "email"
			}
			errs = append(errs, s.propErr("INVALID_EMAIL", name,
				"Email address "+addr+" is blocked in this portal: it was GDPR-deleted.", addr))
		}
	}
	return errs
}

// newEmails lists the addresses a contact write assigns (lower-cased): the primary if written,
// every secondary if the list is written.
func newEmails(p *writePlan) []string {
	var out []string
	if e := p.props["email"]; e != "" {
		out = append(out, strings.ToLower(e))
	}
	if _, ok := p.props["hs_additional_emails"]; ok {
		for _, e := range splitList(p.props["hs_additional_emails"]) {
			out = append(out, strings.ToLower(e))
		}
	}
	return sortedUnique(out)
}

// lifecycleRule: lifecyclestage only moves forward in its options' order. A backward value is
// dropped from the write silently (HubSpot answers 200 with the value unchanged); clearing it
// first ("" in an earlier request) lets any stage be set.
func lifecycleRule(p *writePlan) {
	v, ok := p.props["lifecyclestage"]
	if !ok || v == "" || p.target == nil {
		return
	}
	d, ok := findProperty(p.typ, "lifecyclestage")
	cur := p.target.Props["lifecyclestage"]
	if !ok || cur == "" {
		return
	}
	if nv, cv := optionRank(d, v), optionRank(d, cur); nv >= 0 && cv >= 0 && nv < cv {
		delete(p.props, "lifecyclestage")
	}
}

// mergeable lists the types with a merge endpoint.
func mergeable(typ string) bool {
	return typ == Contacts || typ == Companies || typ == Deals || typ == Tickets
}

type mergeInput struct {
	PrimaryObjectID flexID `json:"primaryObjectId"`
	ObjectIDToMerge flexID `json:"objectIdToMerge"`
}

// mergeObjects merges objectIdToMerge into primaryObjectId. As HubSpot does since its merge
// update, the result is a NEW record with a new id; both old ids keep resolving to it.
func (s *Sandbox) mergeObjects(w http.ResponseWriter, r *http.Request) {
	if !mergeable(canonicalType(r.PathValue("objectType"))) {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Unable to route "+r.Method+" request for "+r.URL.Path, nil)
		return
	}
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	var in mergeInput
	if !readJSON(w, r, &in) {
		return
	}
	if in.PrimaryObjectID == "" || in.ObjectIDToMerge == "" {
		badRequest("Invalid input JSON on line 1, column 1: Some required fields were not set: [primaryObjectId, objectIdToMerge]").write(w, r)
		return
	}
	var body objectJSON
	rerr := s.doWrite(func(tx *Tx) *reqError {
		a, b, e := mergePair(tx, typ, string(in.PrimaryObjectID), string(in.ObjectIDToMerge))
		if e != nil {
			return e
		}
		if e := s.tooManyIdentities(mergedProps(a, b)); e != nil {
			return e
		}
		body = render(tx, s.merge(tx, a, b), readView{})
		return nil
	})
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func mergePair(tx *Tx, typ, primaryID, otherID string) (*Object, *Object, *reqError) {
	a, b := tx.Resolve(typ, primaryID), tx.Resolve(typ, otherID)
	switch {
	case a == nil || a.Archived:
		return nil, nil, objNotFound(primaryID)
	case b == nil || b.Archived:
		return nil, nil, objNotFound(otherID)
	case a.ID == b.ID:
		return nil, nil, badRequest("Cannot merge %s %s with itself (%s already resolves to it)", singular(typ), a.ID, otherID)
	}
	return a, b, nil
}

// carriedEdge is one association a merged record inherits.
type carriedEdge struct {
	to, toID string
	t        AssocType
}

// merge replaces primary and other by a new record: the primary's values (the other's where the
// primary has none; the furthest lifecycle stage, merge.go), the oldest createdate, every address (the other's primary becomes a
// secondary), both records' associations (the primary's "Primary" labels win) and
// hs_merged_object_ids listing every id merged so far.
func (s *Sandbox) merge(tx *Tx, primary, other *Object) *Object {
	props := mergedProps(primary, other)
	edges := carriedEdges(tx, primary, other)
	primary.History, other.History = tx.historyOf(primary), tx.historyOf(other) // read before the purge
	for _, old := range []*Object{primary, other} {
		clearUniques(tx, old)
		tx.Purge(old)
	}
	o := tx.Insert(primary.Type, "", props, "MERGE")
	for _, name := range sortedKeys(props) {
		if !isStampName(name) {
			tx.setHistory(o, name, mergedHistory(tx, primary, other, name, props[name]))
		}
	}
	tx.SetProps(o, map[string]string{}, "MERGE")
	for _, e := range edges {
		rev := e.t
		if _, r, ok := lookupAssoc(o.Type, e.to, e.t.TypeID); ok {
			rev = r
		}
		tx.Link(AssocKey{o.Type, o.ID, e.to, e.toID}, e.t, rev)
	}
	reindexUnique(tx, o, o.Props, nil)
	tx.MarkMerged(o.Type, primary.ID, o.ID)
	tx.MarkMerged(o.Type, other.ID, o.ID)
	repointMerged(tx, o)
	return o
}

func mergedProps(primary, other *Object) map[string]string {
	props := map[string]string{}
	for k, v := range other.Props {
		props[k] = v
	}
	for k, v := range primary.Props {
		props[k] = v
	}
	if other.CreatedAt.Before(primary.CreatedAt) {
		props["createdate"] = isoTime(other.CreatedAt)
	} else {
		props["createdate"] = isoTime(primary.CreatedAt)
	}
	ids := append(splitList(primary.Props["hs_merged_object_ids"]), splitList(other.Props["hs_merged_object_ids"])...)
	props["hs_merged_object_ids"] = strings.Join(sortedIDs(append(ids, primary.ID, other.ID)), ";")
	if primary.Type == Contacts {
		mergeEmails(props, primary, other)
	}
	if v := furthestLifecycleStage(primary.Type, primary.Props["lifecyclestage"], other.Props["lifecyclestage"]); v != "" {
		props["lifecyclestage"] = v
	}
	return props
}

// mergeEmails keeps the primary's address (or the other's when it has none) and makes every
// other address of both records a secondary one.
func mergeEmails(props map[string]string, primary, other *Object) {
	main := primary.Props["email"]
	if main == "" {
		main = other.Props["email"]
	}
	props["email"] = main
	all := append(append(SecondaryEmails(primary), other.Props["email"]), SecondaryEmails(other)...)
	var secs []string
	for _, e := range all {
		e = strings.ToLower(e)
		if e != "" && !strings.EqualFold(e, main) && !slices.Contains(secs, e) {
			secs = append(secs, e)
		}
	}
	props["hs_additional_emails"] = strings.Join(secs, ";")
	props["hs_email_domain"] = emailDomain(main)
}

func sortedIDs(ids []string) []string {
	out := sortedUnique(ids)
	slices.SortFunc(out, func(a, b string) int {
		if idLess(a, b) {
			return -1
		}
		if a == b {
			return 0
		}
		return 1
	})
	return out
}

// mergedHistory takes a property's history from the record its merged value came from.
func mergedHistory(tx *Tx, primary, other *Object, name, value string) []HistoryEntry {
	src := other
	if primary.Props[name] != "" && (primary.Props[name] == value || other.Props[name] != value) {
		src = primary
	}
	h := append([]HistoryEntry(nil), tx.historyOf(src)[name]...)
	if len(h) == 0 {
		h = []HistoryEntry{{Value: "", Timestamp: primary.UpdatedAt, SourceType: "MERGE"}}
	}
	return h
}

// carriedEdges collects both records' associations (not the ones between them). Where both
// have a "Primary"-labelled association to a type, only the primary record's keeps the label.
func carriedEdges(tx *Tx, primary, other *Object) []carriedEdge {
	var out []carriedEdge
	hasPrimaryLabel := map[string]bool{}
	for _, src := range []*Object{primary, other} {
		for _, to := range sortedKeys(ObjectTypeIDs) {
			for _, k := range tx.Associated(src.Type, src.ID, to) {
				if to == primary.Type && (k.ToID == primary.ID || k.ToID == other.ID) {
					continue
				}
				for _, t := range tx.AssocTypes(k) {
					if t.Label == "Primary" && src == other && hasPrimaryLabel[to] {
						t, _, _ = defaultAssoc(primary.Type, to) // demoted to unlabelled
					}
					if t.Label == "Primary" && src == primary {
						hasPrimaryLabel[to] = true
					}
					out = append(out, carriedEdge{to: to, toID: k.ToID, t: t})
				}
			}
		}
	}
	return out
}

// clearUniques drops a record's hasUniqueValue properties from the store's unique index.
func clearUniques(tx *Tx, o *Object) {
	for name, v := range o.Props {
		if d, _ := findProperty(o.Type, name); d.HasUniqueValue && sameRecord(tx.ByUnique(o.Type, name, v), o) {
			tx.ClearUnique(o.Type, name, v)
		}
	}
}

type gdprInput struct {
	ObjectID   flexID `json:"objectId"`
	IDProperty string `json:"idProperty"`
}

// gdprDelete deletes a contact permanently (204). By email, an address no contact has is added
// to the portal's blocklist (HubSpot's documented behaviour): creating or updating a contact to
// use it afterwards is a 400 INVALID_EMAIL. An unknown record id is a 404.
func (s *Sandbox) gdprDelete(w http.ResponseWriter, r *http.Request) {
	if canonicalType(r.PathValue("objectType")) != Contacts {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Unable to route "+r.Method+" request for "+r.URL.Path, nil)
		return
	}
	if !s.allow(w, r, scopeFor(Contacts, true)) {
		return
	}
	var in gdprInput
	if !readJSON(w, r, &in) {
		return
	}
	if in.ObjectID == "" {
		badRequest("Invalid input JSON on line 1, column 1: Some required fields were not set: [objectId]").write(w, r)
		return
	}
	rerr := s.doWrite(func(tx *Tx) *reqError { return s.purgeContact(tx, string(in.ObjectID), in.IDProperty) })
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Sandbox) purgeContact(tx *Tx, id, idProp string) *reqError {
	var o *Object
	switch idProp {
	case "", "hs_object_id":
		if o = tx.Resolve(Contacts, id); o == nil {
			return objNotFound(id)
		}
	case "email":
		if o = tx.ContactByEmail(id); o == nil {
			o = archivedByEmail(tx, id)
		}
		if o == nil {
			tx.Block(id)
			return nil
		}
	default:
		return badRequest("idProperty for gdpr-delete must be email or hs_object_id, not %q", idProp)
	}
	clearUniques(tx, o)
	tx.Purge(o)
	return nil
}
