package hubspottest

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Object types the sandbox serves. The keys are HubSpot's plural path names; ObjectTypeIDs maps
// them to HubSpot's numeric object type ids ("0-1" for contacts, …).
const (
	Contacts  = "contacts"
	Companies = "companies"
	Deals     = "deals"
	Tickets   = "tickets"
	Notes     = "notes"
	Calls     = "calls"
	Emails    = "emails"
	Meetings  = "meetings"
	Tasks     = "tasks"
)

// ObjectTypeIDs maps a plural object name to HubSpot's object type id.
var ObjectTypeIDs = map[string]string{
	Contacts: "0-1", Companies: "0-2", Deals: "0-3", Tickets: "0-5",
	Calls: "0-48", Emails: "0-49", Meetings: "0-47", Notes: "0-46", Tasks: "0-27",
}

// EngagementTypes lists the activity object types, in display order.
var EngagementTypes = []string{Notes, Calls, Emails, Meetings, Tasks}

// canonicalType turns any accepted spelling of an object type ("contact", "CONTACTS", "0-1",
// "contacts") into the plural name, or "" when unknown.
func canonicalType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if _, ok := ObjectTypeIDs[s]; ok {
		return s
	}
	if _, ok := ObjectTypeIDs[s+"s"]; ok {
		return s + "s"
	}
	if y := strings.TrimSuffix(s, "y"); y != s {
		if _, ok := ObjectTypeIDs[y+"ies"]; ok {
			return y + "ies"
		}
	}
	for name, id := range ObjectTypeIDs {
		if id == s {
			return name
		}
	}
	return ""
}

// HistoryEntry is one value a property had, as propertiesWithHistory returns it.
type HistoryEntry struct {
	Value      string
	Timestamp  time.Time
	SourceType string // CRM_UI, API, IMPORT, …
	SourceID   string
}

// Object is one CRM record of any type. Props holds every value as a string, as HubSpot does;
// an absent key means "no value". History is oldest first (served newest first).
type Object struct {
	ID         string
	Type       string
	Props      map[string]string
	History    map[string][]HistoryEntry
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Archived   bool
	ArchivedAt time.Time
	// VisibleAt is when the record's latest write becomes visible to search (search lag).
	VisibleAt time.Time
	// Indexed holds the property values search sees: a copy taken at the last write, visible from
	// VisibleAt on; before then search sees PrevIndexed (nil for a record search has never seen).
	Indexed     map[string]string
	PrevIndexed map[string]string
}

// clone returns a deep copy safe to hand out of the lock.
func (o *Object) clone() *Object {
	c := *o
	c.Props = copyMap(o.Props)
	c.History = make(map[string][]HistoryEntry, len(o.History))
	for k, v := range o.History {
		c.History[k] = append([]HistoryEntry(nil), v...)
	}
	c.Indexed = copyMap(o.Indexed)
	c.PrevIndexed = copyMap(o.PrevIndexed)
	return &c
}

// SearchView returns the property values search sees at time now, or nil when the record is not
// yet visible to search at all.
func (o *Object) SearchView(now time.Time) map[string]string {
	if !now.Before(o.VisibleAt) {
		return o.Indexed
	}
	return o.PrevIndexed
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// AssocKey names one association edge from one record to another.
type AssocKey struct {
	FromType string
	FromID   string
	ToType   string
	ToID     string
}

// AssocType is one association type between two object types.
type AssocType struct {
	TypeID   int
	Category string // HUBSPOT_DEFINED or USER_DEFINED
	Label    string // "" for unlabelled types
}

// Store is the sandbox's goroutine-safe in-memory CRM. Every method takes the lock; callers
// that need several steps to be atomic use Do.
type Store struct {
	mu    sync.RWMutex
	clock func() time.Time
	// searchLag delays a write's visibility to search.
	searchLag time.Duration

	nextID  int64
	objects map[string]map[string]*Object // type -> id -> record
	order   map[string][]int64            // type -> ids ascending (creation order)

	// byEmail maps a lower-cased email (primary or secondary) to the contact id holding it.
	byEmail map[string]string
	// unique maps "type/property/value" to the id holding it, for unique properties other than email.
	unique map[string]string
	// merged maps an id that was merged away to the id that now answers for it.
	merged map[string]string
	// blocklist holds emails gdpr-deleted before they existed (HubSpot blocks them).
	blocklist map[string]bool

	// assocs holds every association edge with its types; both directions are stored.
	assocs map[AssocKey][]AssocType
	// assocIndex lists, per "type/id", the edges that start there, for listing without a scan.
	assocIndex map[string]map[AssocKey]bool
}

// NewStore returns an empty store using clock for every timestamp.
func NewStore(clock func() time.Time, searchLag time.Duration) *Store {
	if clock == nil {
		clock = time.Now
	}
	return &Store{
		clock:      clock,
		searchLag:  searchLag,
		nextID:     1000,
		objects:    map[string]map[string]*Object{},
		order:      map[string][]int64{},
		byEmail:    map[string]string{},
		unique:     map[string]string{},
		merged:     map[string]string{},
		blocklist:  map[string]bool{},
		assocs:     map[AssocKey][]AssocType{},
		assocIndex: map[string]map[AssocKey]bool{},
	}
}

// Tx is the view of the store a Do callback gets, with the lock held. Its methods must not be
// called outside the callback.
type Tx struct{ s *Store }

// Do runs f with the write lock held, so several reads and writes happen atomically.
func (s *Store) Do(f func(tx *Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f(&Tx{s: s})
}

// View runs f with the read lock held. f must not write.
func (s *Store) View(f func(tx *Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return f(&Tx{s: s})
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.clock() }

// Now is the store's clock.
func (tx *Tx) Now() time.Time { return tx.s.clock() }

// NewID allocates the next record id (ids are unique across all types, as in HubSpot's tests).
func (tx *Tx) NewID() string {
	tx.s.nextID++
	return strconv.FormatInt(tx.s.nextID, 10)
}

// Insert adds a new record with the given properties, stamping createdate, lastmodifieddate and
// hs_object_id, recording history with sourceType, and indexing it. The id is allocated unless
// given (seed and state loading give it).
func (tx *Tx) Insert(typ, id string, props map[string]string, sourceType string) *Object {
	now := tx.Now()
	if id == "" {
		id = tx.NewID()
	} else if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > tx.s.nextID {
		tx.s.nextID = n
	}
	o := &Object{ID: id, Type: typ, Props: map[string]string{}, History: map[string][]HistoryEntry{},
		CreatedAt: now, UpdatedAt: now}
	if c, ok := props["createdate"]; ok && c != "" {
		if t, err := time.Parse(time.RFC3339Nano, c); err == nil {
			o.CreatedAt, o.UpdatedAt = t, t
		}
	}
	stamp := map[string]string{"hs_object_id": id, "createdate": isoTime(o.CreatedAt), "lastmodifieddate": isoTime(o.UpdatedAt)}
	for k, v := range props {
		if _, ok := stamp[k]; !ok && v != "" {
			o.Props[k] = v
			o.History[k] = []HistoryEntry{{Value: v, Timestamp: o.CreatedAt, SourceType: sourceType}}
		}
	}
	for k, v := range stamp {
		o.Props[k] = v
		o.History[k] = []HistoryEntry{{Value: v, Timestamp: o.CreatedAt, SourceType: "CRM_SETTING"}}
	}
	if tx.s.objects[typ] == nil {
		tx.s.objects[typ] = map[string]*Object{}
	}
	tx.s.objects[typ][id] = o
	n, _ := strconv.ParseInt(id, 10, 64)
	ord := tx.s.order[typ]
	if len(ord) == 0 || ord[len(ord)-1] < n {
		tx.s.order[typ] = append(ord, n)
	} else {
		i := sort.Search(len(ord), func(i int) bool { return ord[i] >= n })
		ord = append(ord, 0)
		copy(ord[i+1:], ord[i:])
		ord[i] = n
		tx.s.order[typ] = ord
	}
	tx.indexEmails(o)
	tx.reindex(o)
	return o
}

// Settle makes a record's current values visible to search at once (seed and state loading).
func (tx *Tx) Settle(o *Object) {
	o.VisibleAt = time.Time{}
	o.PrevIndexed = nil
}

// Get returns the live record (archived or not) or nil. The pointer must not escape the Tx.
func (tx *Tx) Get(typ, id string) *Object {
	return tx.s.objects[typ][id]
}

// Resolve follows merges: an id merged into another answers as that one.
func (tx *Tx) Resolve(typ, id string) *Object {
	for i := 0; i < 10; i++ {
		if o := tx.s.objects[typ][id]; o != nil {
			return o
		}
		next, ok := tx.s.merged[typ+"/"+id]
		if !ok {
			return nil
		}
		id = next
	}
	return nil
}

// SetProps writes properties (an empty value clears), appending history entries and bumping
// lastmodifieddate. It does no validation: handlers validate first.
func (tx *Tx) SetProps(o *Object, props map[string]string, sourceType string) {
	now := tx.Now()
	if !now.After(o.UpdatedAt) {
		now = o.UpdatedAt.Add(time.Millisecond)
	}
	tx.unindexEmails(o)
	for k, v := range props {
		old, had := o.Props[k]
		if had && old == v || !had && v == "" {
			continue
		}
		if v == "" {
			delete(o.Props, k)
		} else {
			o.Props[k] = v
		}
		o.History[k] = append(o.History[k], HistoryEntry{Value: v, Timestamp: now, SourceType: sourceType})
	}
	o.UpdatedAt = now
	o.Props["lastmodifieddate"] = isoTime(now)
	o.History["lastmodifieddate"] = append(o.History["lastmodifieddate"], HistoryEntry{Value: isoTime(now), Timestamp: now, SourceType: "CRM_SETTING"})
	tx.indexEmails(o)
	tx.reindex(o)
}

// Archive moves a record to the recycle bin: hidden from get, list and search unless asked.
func (tx *Tx) Archive(o *Object) {
	tx.unindexEmails(o)
	o.Archived = true
	o.ArchivedAt = tx.Now()
	tx.reindex(o)
}

// Purge removes a record for good (gdpr-delete, merge), with its associations.
func (tx *Tx) Purge(o *Object) {
	tx.unindexEmails(o)
	for k := range tx.s.assocIndex[o.Type+"/"+o.ID] {
		tx.unlink(k)
		tx.unlink(AssocKey{FromType: k.ToType, FromID: k.ToID, ToType: k.FromType, ToID: k.FromID})
	}
	delete(tx.s.objects[o.Type], o.ID)
	n, _ := strconv.ParseInt(o.ID, 10, 64)
	ord := tx.s.order[o.Type]
	if i := sort.Search(len(ord), func(i int) bool { return ord[i] >= n }); i < len(ord) && ord[i] == n {
		tx.s.order[o.Type] = append(ord[:i:i], ord[i+1:]...)
	}
}

// MarkMerged records that id now answers as intoID.
func (tx *Tx) MarkMerged(typ, id, intoID string) { tx.s.merged[typ+"/"+id] = intoID }

// Block adds an email to the gdpr blocklist; Blocked reports it.
func (tx *Tx) Block(email string)        { tx.s.blocklist[strings.ToLower(email)] = true }
func (tx *Tx) Blocked(email string) bool { return tx.s.blocklist[strings.ToLower(email)] }
func (tx *Tx) ContactByEmail(email string) *Object {
	id, ok := tx.s.byEmail[strings.ToLower(strings.TrimSpace(email))]
	if !ok {
		return nil
	}
	return tx.s.objects[Contacts][id]
}

// ByUnique finds a record by a unique property other than email (hs_object_id included).
func (tx *Tx) ByUnique(typ, prop, value string) *Object {
	if prop == "hs_object_id" || prop == "" {
		return tx.s.objects[typ][value]
	}
	if typ == Contacts && prop == "email" {
		return tx.ContactByEmail(value)
	}
	id, ok := tx.s.unique[typ+"/"+prop+"/"+value]
	if !ok {
		return nil
	}
	return tx.s.objects[typ][id]
}

// SetUnique registers a unique property value (call after a validated write of such a property).
func (tx *Tx) SetUnique(typ, prop, value, id string) {
	if value == "" {
		return
	}
	tx.s.unique[typ+"/"+prop+"/"+value] = id
}

// ClearUnique drops a unique property value.
func (tx *Tx) ClearUnique(typ, prop, value string) { delete(tx.s.unique, typ+"/"+prop+"/"+value) }

// Page returns up to limit live (or, with archived, only archived) records of typ whose id is
// greater than after, in id order, and the id to continue after ("" at the end). It does not
// scan from the start: it binary-searches the position of after.
func (tx *Tx) Page(typ string, after int64, limit int, archived bool) ([]*Object, string) {
	ord := tx.s.order[typ]
	i := sort.Search(len(ord), func(i int) bool { return ord[i] > after })
	var out []*Object
	for ; i < len(ord); i++ {
		o := tx.s.objects[typ][strconv.FormatInt(ord[i], 10)]
		if o == nil || o.Archived != archived {
			continue
		}
		if len(out) == limit {
			return out, strconv.FormatInt(ord[i-1], 10)
		}
		out = append(out, o)
	}
	return out, ""
}

// All calls f for every record of typ (archived included) in id order until f returns false.
func (tx *Tx) All(typ string, f func(o *Object) bool) {
	for _, n := range tx.s.order[typ] {
		if o := tx.s.objects[typ][strconv.FormatInt(n, 10)]; o != nil && !f(o) {
			return
		}
	}
}

// Count returns how many live records of typ exist.
func (tx *Tx) Count(typ string) int {
	n := 0
	for _, o := range tx.s.objects[typ] {
		if !o.Archived {
			n++
		}
	}
	return n
}

// Link adds an association type between two records, in both directions (reverse is the type id
// of the other direction). Adding an existing type is a no-op.
func (tx *Tx) Link(k AssocKey, t AssocType, reverse AssocType) {
	tx.addEdge(k, t)
	tx.addEdge(AssocKey{FromType: k.ToType, FromID: k.ToID, ToType: k.FromType, ToID: k.FromID}, reverse)
}

func (tx *Tx) addEdge(k AssocKey, t AssocType) {
	for _, have := range tx.s.assocs[k] {
		if have.TypeID == t.TypeID && have.Category == t.Category {
			return
		}
	}
	tx.s.assocs[k] = append(tx.s.assocs[k], t)
	from := k.FromType + "/" + k.FromID
	if tx.s.assocIndex[from] == nil {
		tx.s.assocIndex[from] = map[AssocKey]bool{}
	}
	tx.s.assocIndex[from][k] = true
}

// Unlink removes one association type (and its reverse) between two records; removing the last
// type removes the edge.
func (tx *Tx) Unlink(k AssocKey, typeID int, reverseTypeID int) {
	tx.removeType(k, typeID)
	tx.removeType(AssocKey{FromType: k.ToType, FromID: k.ToID, ToType: k.FromType, ToID: k.FromID}, reverseTypeID)
}

// UnlinkAll removes every association between two records (both directions).
func (tx *Tx) UnlinkAll(k AssocKey) {
	tx.unlink(k)
	tx.unlink(AssocKey{FromType: k.ToType, FromID: k.ToID, ToType: k.FromType, ToID: k.FromID})
}

func (tx *Tx) removeType(k AssocKey, typeID int) {
	types := tx.s.assocs[k]
	kept := types[:0]
	for _, t := range types {
		if t.TypeID != typeID {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		tx.unlink(k)
		return
	}
	tx.s.assocs[k] = kept
}

func (tx *Tx) unlink(k AssocKey) {
	delete(tx.s.assocs, k)
	from := k.FromType + "/" + k.FromID
	delete(tx.s.assocIndex[from], k)
	if len(tx.s.assocIndex[from]) == 0 {
		delete(tx.s.assocIndex, from)
	}
}

// AssocTypes returns the association types on one edge (nil when none).
func (tx *Tx) AssocTypes(k AssocKey) []AssocType { return tx.s.assocs[k] }

// Associated returns the edges from one record to records of toType, ordered by target id.
func (tx *Tx) Associated(fromType, fromID, toType string) []AssocKey {
	var out []AssocKey
	for k := range tx.s.assocIndex[fromType+"/"+fromID] {
		if k.ToType == toType {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return idLess(out[i].ToID, out[j].ToID) })
	return out
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// SecondaryEmails returns a contact's additional emails in stored order.
func SecondaryEmails(o *Object) []string {
	return splitList(o.Props["hs_additional_emails"])
}

// splitList splits a ;- or ,-separated list, trimming blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (tx *Tx) indexEmails(o *Object) {
	if o.Type != Contacts || o.Archived {
		return
	}
	if e := o.Props["email"]; e != "" {
		tx.s.byEmail[strings.ToLower(e)] = o.ID
	}
	for _, e := range SecondaryEmails(o) {
		tx.s.byEmail[strings.ToLower(e)] = o.ID
	}
}

func (tx *Tx) unindexEmails(o *Object) {
	if o.Type != Contacts {
		return
	}
	for _, e := range append(SecondaryEmails(o), o.Props["email"]) {
		if e != "" && tx.s.byEmail[strings.ToLower(e)] == o.ID {
			delete(tx.s.byEmail, strings.ToLower(e))
		}
	}
}

// reindex snapshots the record for search, visible after the configured lag.
func (tx *Tx) reindex(o *Object) {
	now := tx.Now()
	if !now.Before(o.VisibleAt) {
		o.PrevIndexed = o.Indexed
	}
	if o.Archived {
		o.Indexed = nil
	} else {
		o.Indexed = copyMap(o.Props)
	}
	o.VisibleAt = now.Add(tx.s.searchLag)
}

// isoTime formats a time as HubSpot does: UTC, milliseconds, Z.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
