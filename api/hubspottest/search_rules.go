package hubspottest

import (
	"cmp"
	"slices"
)

// Two points where HubSpot's search behaviour is not documented, switchable in Options.

// EnumOrder is how search sorts an enumeration property.
type EnumOrder int

const (
	// EnumByValue sorts by the stored internal value, as text ("customer" before "lead"): what a
	// search index does with a keyword. The default (UNVERIFIED: HubSpot documents neither).
	EnumByValue EnumOrder = iota
	// EnumByOptions sorts in the order the property defines its options (displayOrder: lifecycle
	// stage from Subscriber to Customer); values that are not options come after them.
	EnumByOptions
)

// applyRules sets the switchable behaviours of a compiled search.
func (p *searchPlan) applyRules(o Options) {
	if !o.SearchEmailMatchesSecondary {
		for _, g := range p.groups {
			for i := range g {
				g[i].secondary = false
			}
		}
	}
	if p.sort != nil && p.sort.kind == kindEnum && o.SearchEnumOrder == EnumByOptions {
		p.sort.rank = optionRanks(p.typ, p.sort.prop)
	}
}

// optionRanks maps each option value of an enumeration to its place in the options' order.
func optionRanks(typ, prop string) map[string]int {
	def, ok := findProperty(typ, prop)
	if !ok || len(def.Options) == 0 {
		return nil
	}
	opts := slices.Clone(def.Options)
	slices.SortStableFunc(opts, func(a, b PropertyOption) int { return cmp.Compare(a.DisplayOrder, b.DisplayOrder) })
	rank := make(map[string]int, len(opts))
	for i, o := range opts {
		rank[o.Value] = i
	}
	return rank
}
