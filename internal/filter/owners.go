package filter

import (
	"slices"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// owner reads an owner named by email or name (owner:anna, owner:"Anna Berg",
// owner:anna@acme.com) among the portal's owners: the email or the whole name, else the one
// owner one of whose names starts with s. ok is false for an id (digits), or when the owners are
// not known (the id rule then says what to write); more than one owner is an error naming them.
func (m mapper) owner(s string) (id string, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "0123456789") == "" || len(m.env.Owners) == 0 {
		return "", false, nil
	}
	for _, o := range m.env.Owners {
		if strings.EqualFold(o.Email, s) || strings.EqualFold(o.Name(), s) {
			return o.ID, true, nil
		}
	}
	var found []api.Owner
	low := strings.ToLower(s)
	for _, o := range m.env.Owners {
		for _, w := range strings.Fields(strings.ToLower(o.FirstName + " " + o.LastName)) {
			if strings.HasPrefix(w, low) {
				found = append(found, o)
				break
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0].ID, true, nil
	case 0:
		return "", true, m.fail("no owner of this HubSpot account is named %q: write an owner's name or email (or me, none, any)", s)
	}
	names := make([]string, 0, 4)
	for _, o := range found[:min(len(found), 4)] {
		n := o.Name()
		if slices.ContainsFunc(found, func(p api.Owner) bool { return p.ID != o.ID && strings.EqualFold(p.Name(), n) }) {
			n += " (" + o.Email + ")" // two of one name: the email tells them apart
		}
		names = append(names, n)
	}
	more := ""
	if len(found) > 4 {
		more = ", …"
	}
	return "", true, m.fail("%q is %d owners: %s%s; write more of the name, or the email", s, len(found), strings.Join(names, ", "), more)
}
