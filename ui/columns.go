package ui

import (
	"slices"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// nameColumn is the pseudo-column of first and last name together.
const nameColumn = "name"

// columns turns contacts into table rows for the configured columns. It is a value: the list
// and find share one, and commands off the UI goroutine may use it.
type columns struct {
	keys []string
	defs *defs // nil until the definitions arrive: titles and values then show raw
}

// exported are the properties an export of the list writes: the email and name, then the
// columns'.
func (c columns) exported() []string {
	props := []string{"email", "firstname", "lastname"}
	for _, k := range c.keys {
		if k != nameColumn && !slices.Contains(props, k) {
			props = append(props, k)
		}
	}
	return props
}

// properties are the contact properties a row needs: the exported ones, and the company and
// secondary emails find matches.
func (c columns) properties() []string {
	props := c.exported()
	for _, k := range []string{"company", "hs_additional_emails"} {
		if !slices.Contains(props, k) {
			props = append(props, k)
		}
	}
	return props
}

// table lays the columns out: the name and email get more room than the rest.
func (c columns) table() []table.Column {
	out := make([]table.Column, len(c.keys))
	for i, k := range c.keys {
		out[i] = table.Column{Key: k, Title: c.title(k), Min: 8, Weight: 2}
		switch k {
		case nameColumn, "email":
			out[i].Min, out[i].Weight = 12, 4
		case "company", "jobtitle":
			out[i].Weight = 3
		}
	}
	return out
}

// fallbackTitles name the default columns before the definitions arrive.
func fallbackTitle(k string) string {
	switch k {
	case nameColumn:
		return "Name"
	case "email":
		return "Email"
	case "company":
		return "Company name"
	case "lifecyclestage":
		return "Lifecycle stage"
	case "lastmodifieddate":
		return "Last modified"
	}
	return k
}

func (c columns) title(k string) string {
	if k == nameColumn {
		return "Name"
	}
	if c.defs.prop(k) == nil {
		return fallbackTitle(k)
	}
	return c.defs.label(k)
}

// row formats one contact.
func (c columns) row(o *api.Object) row {
	cells := make([]string, len(c.keys))
	for i, k := range c.keys {
		if k == nameColumn {
			cells[i] = rowName(o)
			continue
		}
		cells[i] = c.defs.value(k, o.Properties[k])
	}
	return table.NewRow(o.ID, cells, contactOf(o))
}

// rows formats contacts, appending to dst.
func (c columns) rows(dst []row, objs []*api.Object) []row {
	for _, o := range objs {
		dst = append(dst, c.row(o))
	}
	return dst
}

// rowName is the name cell: first and last name, blank when neither is set (the email column
// says who it is).
func rowName(o *api.Object) string {
	n := displayName(o)
	if o.Properties["firstname"] == "" && o.Properties["lastname"] == "" {
		return ""
	}
	return n
}
