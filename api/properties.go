package api

import (
	"context"
	"net/http"
	"slices"
	"sync"
)

// Property is a property definition (for forms, labels and enumeration options).
type Property struct {
	Name, Label, Type, FieldType, GroupName, Description string
	Options                                              []Option
	ReadOnly                                             bool // HubSpot refuses writes of the value (modificationMetadata.readOnlyValue)
	Calculated                                           bool
	Hidden                                               bool
	Unique                                               bool // hasUniqueValue: usable as an idProperty
	DisplayOrder                                         int
}

// Option is one choice of an enumeration property.
type Option struct {
	Label, Value string
	DisplayOrder int
	Hidden       bool
}

// PropertyGroup groups properties in HubSpot's record view.
type PropertyGroup struct {
	Name, Label  string
	DisplayOrder int
}

type wireProperty struct {
	Name                 string `json:"name"`
	Label                string `json:"label"`
	Type                 string `json:"type"`
	FieldType            string `json:"fieldType"`
	GroupName            string `json:"groupName"`
	Description          string `json:"description"`
	DisplayOrder         int    `json:"displayOrder"`
	Calculated           bool   `json:"calculated"`
	Hidden               bool   `json:"hidden"`
	HasUniqueValue       bool   `json:"hasUniqueValue"`
	ModificationMetadata struct {
		ReadOnlyValue bool `json:"readOnlyValue"`
	} `json:"modificationMetadata"`
	Options []struct {
		Label        string `json:"label"`
		Value        string `json:"value"`
		DisplayOrder int    `json:"displayOrder"`
		Hidden       bool   `json:"hidden"`
	} `json:"options"`
}

func (w wireProperty) toProperty() Property {
	p := Property{Name: w.Name, Label: w.Label, Type: w.Type, FieldType: w.FieldType, GroupName: w.GroupName,
		Description: w.Description, DisplayOrder: w.DisplayOrder, Calculated: w.Calculated, Hidden: w.Hidden,
		Unique: w.HasUniqueValue, ReadOnly: w.ModificationMetadata.ReadOnlyValue}
	for _, o := range w.Options {
		p.Options = append(p.Options, Option{Label: o.Label, Value: o.Value, DisplayOrder: o.DisplayOrder, Hidden: o.Hidden})
	}
	return p
}

// props caches property definitions and groups per object type, and the portal's owners and
// call outcomes. Concurrent callers of a cold entry share one fetch; a failed fetch is not
// cached.
type props struct {
	mu      sync.Mutex
	entries map[string]*propEntry // "properties/contacts", "groups/contacts"
}

type propEntry struct {
	done      chan struct{}
	props     []Property
	groups    []PropertyGroup
	owners    []Owner
	outcomes  []Option
	pipelines []Pipeline
	err       error
}

// get returns the cached entry for key, fetching it once when absent.
func (p *props) get(ctx context.Context, key string, fetch func(*propEntry)) (*propEntry, error) {
	p.mu.Lock()
	if p.entries == nil {
		p.entries = map[string]*propEntry{}
	}
	e, ok := p.entries[key]
	if !ok {
		e = &propEntry{done: make(chan struct{})}
		p.entries[key] = e
		p.mu.Unlock()
		fetch(e)
		close(e.done)
		if e.err != nil {
			p.drop(key, e)
		}
		return e, e.err
	}
	p.mu.Unlock()
	select {
	case <-e.done:
		return e, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *props) drop(key string, e *propEntry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.entries[key] == e {
		delete(p.entries, key)
	}
}

func (p *props) invalidate(objectType string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if objectType == "" {
		p.entries = nil
		return
	}
	delete(p.entries, "properties/"+objectType)
	delete(p.entries, "groups/"+objectType)
	delete(p.entries, "pipelines/"+objectType)
}

// Properties returns the property definitions of an object type, cached after the first call
// (InvalidateProperties drops the cache). The slice is the caller's to keep.
func (c *Client) Properties(ctx context.Context, objectType string) ([]Property, error) {
	e, err := c.props.get(ctx, "properties/"+objectType, func(e *propEntry) {
		var w struct {
			Results []wireProperty `json:"results"`
		}
		if _, e.err = c.do(ctx, call{method: http.MethodGet, path: c.paths.properties(objectType), out: &w, idempotent: true}); e.err != nil {
			return
		}
		e.props = make([]Property, len(w.Results))
		for i, r := range w.Results {
			e.props[i] = r.toProperty()
		}
	})
	if err != nil {
		return nil, err
	}
	out := slices.Clone(e.props)
	for i := range out {
		out[i].Options = slices.Clone(out[i].Options)
	}
	return out, nil
}

// Property returns one property definition from the cached list.
func (c *Client) Property(ctx context.Context, objectType, name string) (Property, bool, error) {
	all, err := c.Properties(ctx, objectType)
	if err != nil {
		return Property{}, false, err
	}
	for _, p := range all {
		if p.Name == name {
			return p, true, nil
		}
	}
	return Property{}, false, nil
}

// PropertyGroups returns the property groups of an object type, cached like Properties.
func (c *Client) PropertyGroups(ctx context.Context, objectType string) ([]PropertyGroup, error) {
	e, err := c.props.get(ctx, "groups/"+objectType, func(e *propEntry) {
		var w struct {
			Results []struct {
				Name         string `json:"name"`
				Label        string `json:"label"`
				DisplayOrder int    `json:"displayOrder"`
			} `json:"results"`
		}
		if _, e.err = c.do(ctx, call{method: http.MethodGet, path: c.paths.propertyGroups(objectType), out: &w, idempotent: true}); e.err != nil {
			return
		}
		for _, g := range w.Results {
			e.groups = append(e.groups, PropertyGroup{Name: g.Name, Label: g.Label, DisplayOrder: g.DisplayOrder})
		}
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(e.groups), nil
}

// InvalidateProperties drops the cached definitions of an object type ("" for every type), so
// the next call fetches them again (after a property is created or changed in HubSpot).
func (c *Client) InvalidateProperties(objectType string) { c.props.invalidate(objectType) }
