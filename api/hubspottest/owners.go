package hubspottest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Owners: the portal's users (and queues) that records and activities are assigned to, as
// HubSpot's CRM Owners API serves them (spec: CRM/Crm Owners/Rollouts/146888/{v3,2025-09,
// 2026-03,2026-09}/crmOwners.json):
//
//	GET /crm/v3/owners               ?email= &after= &limit= (default 100) &archived= (default false)
//	GET /crm/v3/owners/{ownerId}     ?idProperty=id|userId (default id) &archived=
//	GET /crm/owners/{version}[/{ownerId}]   the same, for the published date versions
//
// Scope: crm.objects.owners.read, or the alternative automation. Owners are not records: they
// come from Options.Owners (the default portal's when nil), never change while the sandbox runs
// and are not saved with its state.
//
// hubspot_owner_id takes an active owner's id: any other value is HubSpot's INVALID_OPTION
// (UNVERIFIED; Options.AnyOwnerID takes any whole number, as the sandbox did before owners).
//
// UNVERIFIED choices: an unknown owner is a 404 OBJECT_NOT_FOUND; a limit above 500 is capped
// (HubSpot documents only the default); email matches whole addresses in any case; a
// non-numeric ownerId (the spec types it int32) is a 400.

// Owner is one owner, in HubSpot's PublicOwner shape.
type Owner struct {
	ID                      string      `json:"id"`
	Email                   string      `json:"email,omitempty"`
	FirstName               string      `json:"firstName,omitempty"`
	LastName                string      `json:"lastName,omitempty"`
	UserID                  int         `json:"userId,omitempty"`
	UserIDIncludingInactive int         `json:"userIdIncludingInactive,omitempty"`
	Type                    string      `json:"type"` // PERSON or QUEUE
	Teams                   []OwnerTeam `json:"teams,omitempty"`
	Archived                bool        `json:"archived"`
	CreatedAt               time.Time   `json:"createdAt"`
	UpdatedAt               time.Time   `json:"updatedAt"`
}

// OwnerTeam is one team an owner belongs to.
type OwnerTeam struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Primary bool   `json:"primary"`
}

// Owner fixtures of the default portal.
const (
	// MeOwnerID is the owner whose email is SandboxUser: the user every sandbox token belongs
	// to (its userId is the default token's user). The seed gives it open tasks, some overdue.
	MeOwnerID = "41629779"
	// AdaOwnerID is Ada Lovelace (ada.lovelace@hubcontacts.example), Sales.
	AdaOwnerID = "41629780"
	// ArchivedOwnerID is a deactivated user (only listed with archived=true).
	ArchivedOwnerID = "41629790"
	// QueueOwnerID is a queue (type QUEUE), with no email.
	QueueOwnerID = "41629791"
	// maxOwnersLimit caps a list page (UNVERIFIED).
	maxOwnersLimit = 500
)

// DefaultOwners is the default portal's owners: the sandbox user (MeOwnerID), nine colleagues
// in two teams, one deactivated user and one queue. userID is the default token's user id.
func DefaultOwners(userID int) []Owner {
	at := SeedBase().Add(-800 * seedDay)
	sales := []OwnerTeam{{ID: "178588", Name: "Sales", Primary: true}}
	success := []OwnerTeam{{ID: "178590", Name: "Customer Success", Primary: true}}
	person := func(id, first, last string, uid int, teams []OwnerTeam) Owner {
		email := strings.ToLower(first + "." + last + "@hubcontacts.example")
		return Owner{ID: id, Email: email, FirstName: first, LastName: last, UserID: uid,
			UserIDIncludingInactive: uid, Type: "PERSON", Teams: teams, CreatedAt: at, UpdatedAt: at}
	}
	me := person(MeOwnerID, "Sam", "Sandbox", userID, sales)
	me.Email = SandboxUser
	gone := person(ArchivedOwnerID, "Former", "Employee", 9100009, sales)
	gone.Archived, gone.UserID, gone.UpdatedAt = true, 0, SeedBase().Add(-90*seedDay)
	return []Owner{
		me,
		person(AdaOwnerID, "Ada", "Lovelace", 9100001, sales),
		person("41629781", "Grace", "Hopper", 9100002, sales),
		person("41629782", "Alan", "Turing", 9100003, sales),
		person("41629783", "Katherine", "Johnson", 9100004, success),
		person("41629784", "Linus", "Pauling", 9100005, success),
		person("41629785", "Margaret", "Hamilton", 9100006, append(slices.Clone(success), OwnerTeam{ID: "178588", Name: "Sales"})),
		person("41629786", "Edsger", "Dijkstra", 9100007, nil),
		person("41629787", "Hedy", "Lamarr", 9100008, sales),
		person("41629788", "Ada", "Yonath", 9100010, success),
		gone,
		{ID: QueueOwnerID, FirstName: "Inbound", LastName: "leads", Type: "QUEUE", CreatedAt: at, UpdatedAt: at},
	}
}

// owners is a sandbox's owners, sorted by id (numerically), read-only after New.
type owners []Owner

func newOwners(opts Options, userID int) owners {
	list := opts.Owners
	if list == nil {
		list = DefaultOwners(userID)
	}
	out := slices.Clone(list)
	slices.SortFunc(out, func(a, b Owner) int { return cmp.Compare(idNum(a.ID), idNum(b.ID)) })
	return out
}

func idNum(id string) int64 {
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
}

// active reports whether id is an active (not archived) owner.
func (o owners) active(id string) bool {
	for _, w := range o {
		if w.ID == id {
			return !w.Archived
		}
	}
	return false
}

func (s *Sandbox) routeOwners(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v3/owners", s.listOwners)
	mux.HandleFunc("GET /crm/v3/owners/{ownerId}", s.getOwner)
	versioned := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !publishedVersion(familyOwners, r.PathValue("version")) {
				writeUnknownVersion(w, r)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /crm/owners/{version}", versioned(s.listOwners))
	mux.HandleFunc("GET /crm/owners/{version}/{ownerId}", versioned(s.getOwner))
}

// ownersQuery is an owners request's query: archived (and, for lists, limit and after).
type ownersQuery struct {
	archived bool
	limit    int
	after    int64
}

// ownersRequest checks the scope and reads the query, writing the error and returning false
// when either fails.
func (s *Sandbox) ownersRequest(w http.ResponseWriter, r *http.Request) (ownersQuery, bool) {
	if !s.allowAny(w, r, "crm.objects.owners.read", "automation") {
		return ownersQuery{}, false
	}
	oq, rerr := parseOwnersQuery(r.URL.Query())
	if rerr != nil {
		rerr.write(w, r)
		return oq, false
	}
	return oq, true
}

func parseOwnersQuery(q url.Values) (ownersQuery, *reqError) {
	oq := ownersQuery{limit: 100}
	if v := q.Get("archived"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return oq, badRequest("archived must be true or false, not %q", v)
		}
		oq.archived = b
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return oq, badRequest("limit must be a whole number from 1 to %d, not %q", maxOwnersLimit, v)
		}
		oq.limit = min(n, maxOwnersLimit)
	}
	var rerr *reqError
	oq.after, rerr = decodeAfter(q.Get("after"))
	return oq, rerr
}

// ownersPage is CollectionResponsePublicOwnerForwardPaging.
type ownersPage struct {
	Results []Owner `json:"results"`
	Paging  *paging `json:"paging,omitempty"`
}

func (s *Sandbox) listOwners(w http.ResponseWriter, r *http.Request) {
	oq, ok := s.ownersRequest(w, r)
	if !ok {
		return
	}
	email := strings.TrimSpace(r.URL.Query().Get("email"))
	page := ownersPage{Results: []Owner{}}
	for _, o := range s.owners {
		if o.Archived != oq.archived || idNum(o.ID) <= oq.after || email != "" && !strings.EqualFold(o.Email, email) {
			continue
		}
		if len(page.Results) == oq.limit {
			next := encodeAfter(page.Results[oq.limit-1].ID)
			page.Paging = &paging{Next: &nextPage{After: next, Link: nextLink(r, next)}}
			break
		}
		page.Results = append(page.Results, o)
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Sandbox) getOwner(w http.ResponseWriter, r *http.Request) {
	oq, ok := s.ownersRequest(w, r)
	if !ok {
		return
	}
	id := r.PathValue("ownerId")
	if _, err := strconv.ParseInt(id, 10, 32); err != nil {
		badRequest("Unable to process request: ownerId must be a number, not %q", id).write(w, r)
		return
	}
	byUser := false
	switch p := r.URL.Query().Get("idProperty"); p {
	case "", "id":
	case "userId":
		byUser = true
	default:
		badRequest("idProperty must be one of [id, userId], not %q", p).write(w, r)
		return
	}
	for _, o := range s.owners {
		match := o.ID == id
		if byUser {
			match = strconv.Itoa(o.UserIDIncludingInactive) == id || o.UserID != 0 && strconv.Itoa(o.UserID) == id
		}
		if match && o.Archived == oq.archived {
			writeJSON(w, http.StatusOK, o)
			return
		}
	}
	writeError(w, r, http.StatusNotFound, "OBJECT_NOT_FOUND", "No owner found with "+map[bool]string{false: "id", true: "userId"}[byUser]+" "+id, nil)
}
