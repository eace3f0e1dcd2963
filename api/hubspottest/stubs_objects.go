package hubspottest

// Placeholders until objects.go and properties.go exist; their author deletes this file.

import "net/http"

func (s *Sandbox) routeProperties(*http.ServeMux) {}
func (s *Sandbox) routeObjects(*http.ServeMux)    {}

// propertyDefs returns the property definitions of an object type, in display order.
func propertyDefs(typ string) []PropertyDef { return nil }

// findProperty returns one property definition of an object type.
func findProperty(typ, name string) (PropertyDef, bool) { return PropertyDef{}, false }
