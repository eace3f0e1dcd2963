package hubspottest

import (
	"net/http"
	"sort"
	"strings"
	"sync"
)

// typeDefs is one object type's definitions with a by-name index.
type typeDefs struct {
	list   []PropertyDef
	byName map[string]int
	groups []PropertyGroup
}

// propIndex indexes every type's definitions once; it never changes afterwards.
var propIndex = sync.OnceValue(func() map[string]typeDefs {
	defs, grps := defsByType(), groupsByType()
	out := make(map[string]typeDefs, len(defs))
	for typ, list := range defs {
		td := typeDefs{list: list, byName: make(map[string]int, len(list)), groups: grps[typ]}
		for i, d := range list {
			td.byName[d.Name] = i
		}
		out[typ] = td
	}
	return out
})

// propertyDefs returns the property definitions of an object type, in display order. The
// returned slice is a copy; the definitions' Options must not be modified.
func propertyDefs(typ string) []PropertyDef {
	return append([]PropertyDef(nil), propIndex()[canonicalType(typ)].list...)
}

// findProperty returns one property definition of an object type.
func findProperty(typ, name string) (PropertyDef, bool) {
	td, ok := propIndex()[typ]
	if !ok {
		td, ok = propIndex()[canonicalType(typ)]
	}
	if !ok {
		return PropertyDef{}, false
	}
	i, ok := td.byName[name]
	if !ok {
		return PropertyDef{}, false
	}
	return td.list[i], true
}

// propertyGroups returns an object type's property groups.
func propertyGroups(typ string) []PropertyGroup {
	return append([]PropertyGroup(nil), propIndex()[typ].groups...)
}

// defFor returns a definition as this sandbox serves it: in strict mode hs_additional_emails is
// read-only (real HubSpot may refuse v3 writes to it); with Options.DispositionOptions a call's
// hs_call_disposition lists the portal's call outcomes as options.
func (s *Sandbox) defFor(typ, name string) (PropertyDef, bool) {
	d, ok := findProperty(typ, name)
	if ok && s.opts.Strict && name == "hs_additional_emails" {
		d.ModificationMetadata.ReadOnlyValue = true
	}
	if ok && s.opts.DispositionOptions && name == "hs_call_disposition" {
		d.Options = s.dispositionOptions()
	}
	return d, ok
}

// routeProperties serves the properties API (read side) under /crm/v3/properties and the
// date-versioned /crm/properties/{version}.
func (s *Sandbox) routeProperties(mux *http.ServeMux) {
	handleProperties(mux, "GET /{objectType}", s.listProperties)
	handleProperties(mux, "GET /{objectType}/groups", s.listPropertyGroups)
	handleProperties(mux, "GET /{objectType}/{propertyName}", s.getProperty)
}

func handleProperties(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	method, suffix, _ := strings.Cut(pattern, " ")
	mux.HandleFunc(method+" /crm/v3/properties"+suffix, h)
	mux.HandleFunc(method+" /crm/properties/{version}"+suffix, func(w http.ResponseWriter, r *http.Request) {
		if !publishedVersion(familyProperties, r.PathValue("version")) {
			writeUnknownVersion(w, r)
			return
		}
		h(w, r)
	})
}

// propertiesType resolves the path's object type and checks the schema read scope.
func (s *Sandbox) propertiesType(w http.ResponseWriter, r *http.Request) (string, bool) {
	typ := canonicalType(r.PathValue("objectType"))
	if typ == "" {
		writeUnknownType(w, r, r.PathValue("objectType"))
		return "", false
	}
	return typ, s.allow(w, r, scopeFor(typ, false))
}

func (s *Sandbox) listProperties(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.propertiesType(w, r)
	if !ok {
		return
	}
	results := []PropertyDef{}
	if r.URL.Query().Get("archived") != "true" { // no property is ever archived here
		for _, d := range propertyDefs(typ) {
			d, _ = s.defFor(typ, d.Name)
			results = append(results, d)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results})
}

func (s *Sandbox) getProperty(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.propertiesType(w, r)
	if !ok {
		return
	}
	name := r.PathValue("propertyName")
	d, ok := s.defFor(typ, name)
	if !ok {
		writeError(w, r, http.StatusNotFound, "OBJECT_NOT_FOUND",
			"Unable to find property with name "+name+" for object type "+ObjectTypeIDs[typ], nil)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Sandbox) listPropertyGroups(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.propertiesType(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": propertyGroups(typ)})
}

// writeUnknownType is HubSpot's answer to an object type it cannot resolve.
func writeUnknownType(w http.ResponseWriter, r *http.Request, typ string) {
	writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+typ, nil)
}

// optionValues lists an enumeration's option values, for INVALID_OPTION messages.
func optionValues(d PropertyDef) []string {
	out := make([]string, len(d.Options))
	for i, o := range d.Options {
		out[i] = o.Value
	}
	return out
}

// optionRank returns an option's position in display order, or -1.
func optionRank(d PropertyDef, value string) int {
	for i, o := range d.Options {
		if o.Value == value {
			return i
		}
	}
	return -1
}

// sortedKeys returns a map's keys in order (stable error and render order).
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
