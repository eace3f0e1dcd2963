package filter

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// shortNames are the short names of properties people filter by most.
var shortNames = map[string]string{
	"created":   "createdate",
	"modified":  "lastmodifieddate",
	"updated":   "lastmodifieddate",
	"owner":     "hubspot_owner_id",
	"lifecycle": "lifecyclestage",
	"stage":     "lifecyclestage",
	"status":    "hs_lead_status",
	"title":     "jobtitle",
	"mobile":    "mobilephone",
}

// propIndex finds properties by name, label, short name or a unique start of either.
type propIndex struct {
	props  []api.Property
	byName map[string]int // lower-case name and squeezed label → index
}

func newPropIndex(props []api.Property) *propIndex {
	ix := &propIndex{props: props, byName: make(map[string]int, 2*len(props))}
	for i, p := range props {
		ix.byName[strings.ToLower(p.Name)] = i
	}
	for i, p := range props { // names win over labels
		if k := squeeze(p.Label); k != "" {
			if _, taken := ix.byName[k]; !taken {
				ix.byName[k] = i
			}
		}
	}
	return ix
}

// squeeze is a name or label for comparing ("Lifecycle Stage" and "lifecycle_stage" are both
// "lifecyclestage").
func squeeze(s string) string { return value.Loose(s) }

// minPrefix is the shortest start of a name that finds a property.
const minPrefix = 3

// find returns the property written as key, or an error message saying why there is none.
func (ix *propIndex) find(key string) (*api.Property, string) {
	k := squeeze(key)
	if i, ok := ix.byName[strings.ToLower(key)]; ok {
		return &ix.props[i], ""
	}
	if i, ok := ix.byName[k]; ok {
		return &ix.props[i], ""
	}
	if name, ok := shortNames[k]; ok {
		if i, ok := ix.byName[name]; ok {
			return &ix.props[i], ""
		}
	}
	var found []int
	if len(k) >= minPrefix {
		found = ix.starting(k)
	}
	switch len(found) {
	case 1:
		return &ix.props[found[0]], ""
	case 0:
		return nil, fmt.Sprintf("there is no property %q%s", key, ix.suggest(key))
	}
	names := make([]string, 0, 4)
	for _, i := range found[:min(len(found), 4)] {
		names = append(names, describe(&ix.props[i]))
	}
	if len(found) > 4 {
		names = append(names, "…")
	}
	return nil, fmt.Sprintf("%q could be %s: write more of the name", key, strings.Join(names, ", "))
}

// starting lists the visible properties whose name or label starts with the squeezed k.
func (ix *propIndex) starting(k string) []int {
	var out []int
	for i, p := range ix.props {
		if p.Hidden {
			continue
		}
		if startsWith(&ix.props[i], k) {
			out = append(out, i)
		}
	}
	return out
}

// startsWith reports whether the squeezed k starts p's name, its label or a word of its label
// ("revenue" starts a word of "Annual Revenue").
func startsWith(p *api.Property, k string) bool {
	if strings.HasPrefix(squeeze(p.Name), k) || strings.HasPrefix(squeeze(p.Label), k) {
		return true
	}
	for _, w := range strings.FieldsFunc(p.Label, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.HasPrefix(strings.ToLower(w), k) {
			return true
		}
	}
	return false
}

// suggest is a " (did you mean …?)" for an unknown property, or "".
func (ix *propIndex) suggest(key string) string {
	var cands []string
	var owners []int
	for i, p := range ix.props {
		if p.Hidden {
			continue
		}
		cands, owners = append(cands, p.Name, p.Label), append(owners, i, i)
	}
	for short, name := range shortNames {
		if i, ok := ix.byName[name]; ok {
			cands, owners = append(cands, short), append(owners, i)
		}
	}
	if n := value.Nearest(key, cands, 4); n >= 0 {
		return ": did you mean " + describe(&ix.props[owners[n]]) + "?"
	}
	return ""
}

// describe names a property for a message: its name, and its label when that differs.
func describe(p *api.Property) string {
	if p.Label == "" || strings.EqualFold(p.Label, p.Name) {
		return p.Name
	}
	return p.Name + " (" + p.Label + ")"
}

// visible are the properties a completion offers, names sorted.
func (ix *propIndex) visible() []*api.Property {
	out := make([]*api.Property, 0, len(ix.props))
	for i := range ix.props {
		if !ix.props[i].Hidden {
			out = append(out, &ix.props[i])
		}
	}
	slices.SortFunc(out, func(a, b *api.Property) int { return strings.Compare(a.Name, b.Name) })
	return out
}
