package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Owner is one of the portal's owners: a user (or a queue) records and activities are assigned
// to through hubspot_owner_id, which holds the owner's ID (never its UserID).
type Owner struct {
	ID        string
	Email     string
	FirstName string
	LastName  string
	UserID    int64
	Type      string // PERSON or QUEUE
	Archived  bool   // a deactivated user: still named on old records, never assigned anew
}

// Name is how HubSpot's screens name an owner: "First Last", else the email, else the id.
func (o Owner) Name() string {
	if n := strings.TrimSpace(o.FirstName + " " + o.LastName); n != "" {
		return n
	}
	if o.Email != "" {
		return o.Email
	}
	return "owner " + o.ID
}

// OwnerProperty is the property holding an owner's id, on every object type.
const OwnerProperty = "hubspot_owner_id"

// Label is how an owner shows where a record names it: the name, marked when the owner is a
// deactivated user or a queue. Raw: sanitize it before the screen.
func (o Owner) Label() string {
	switch {
	case o.Archived:
		return o.Name() + " (deactivated)"
	case o.Type == "QUEUE":
		return o.Name() + " (queue)"
	}
	return o.Name()
}

// OwnerOptions are owners as OwnerProperty's options, in HubSpot's order, each labelled by
// Label and a deactivated one hidden (shown only where a record still holds it): a value shown
// by its option's label then shows the owner's name, in the app and on the command line.
func OwnerOptions(owners []Owner) []Option {
	opts := make([]Option, len(owners))
	for i, o := range owners {
		opts[i] = Option{Value: o.ID, Label: o.Label(), DisplayOrder: i, Hidden: o.Archived}
	}
	return opts
}

type wireOwner struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	UserID    int64  `json:"userId"`
	Type      string `json:"type"`
	Archived  bool   `json:"archived"`
}

func (w wireOwner) toOwner() Owner {
	return Owner(w)
}

// Owners returns the portal's owners, active ones first, then the deactivated (HubSpot lists
// them apart, with archived=true), each list in HubSpot's order. Fetched once per Client (every
// page of both lists) and shared by concurrent callers; a failure is not cached.
func (c *Client) Owners(ctx context.Context) ([]Owner, error) {
	e, err := c.props.get(ctx, "owners", func(e *propEntry) {
		for _, archived := range []bool{false, true} {
			list, err := c.listOwners(ctx, url.Values{"archived": {map[bool]string{false: "false", true: "true"}[archived]}})
			if err != nil {
				e.err = err
				return
			}
			e.owners = append(e.owners, list...)
		}
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(e.owners), nil
}

// listOwners reads every page of one owners listing.
func (c *Client) listOwners(ctx context.Context, q url.Values) ([]Owner, error) {
	var out []Owner
	q.Set("limit", "100")
	for {
		var w struct {
			Results []wireOwner `json:"results"`
			Paging  *wirePaging `json:"paging"`
		}
		if _, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.owners(), query: q, out: &w, idempotent: true}); err != nil {
			return nil, err
		}
		for _, o := range w.Results {
			out = append(out, o.toOwner())
		}
		next := w.Paging.after()
		if next == "" || next == q.Get("after") {
			return out, nil
		}
		q.Set("after", next)
	}
}

// OwnerByEmail finds the active owner with this email (in any case) among Owners; ok is false
// when there is none.
func (c *Client) OwnerByEmail(ctx context.Context, email string) (Owner, bool, error) {
	all, err := c.Owners(ctx)
	if err != nil {
		return Owner{}, false, err
	}
	email = strings.TrimSpace(email)
	for _, o := range all {
		if !o.Archived && strings.EqualFold(o.Email, email) {
			return o, true, nil
		}
	}
	return Owner{}, false, nil
}
