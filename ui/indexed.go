package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"context"
	"strconv"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// Indexed is the Backend with the local index (internal/index) kept current by every write the
// app makes: a contact HubSpot answers for after a write is put in the index at once, with what
// HubSpot answered over what the index held; one deleted, archived or merged away leaves it. A
// write HubSpot refused changes nothing. Reads go to HubSpot as they are.
func Indexed(b Backend, ix *index.Index) Backend { return &indexed{Backend: b, ix: ix} }

type indexed struct {
	Backend
	ix *index.Index
}

func contactID(id string) (int64, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n > 0
}

// put writes HubSpot's answers for contacts into the index, over what it held of them.
func (x *indexed) put(objs ...*api.Object) {
	var cs []index.Contact
	var gone []int64
	for _, o := range objs {
		if o == nil {
			continue
		}
		id, ok := contactID(o.ID)
		if !ok {
			continue
		}
		props := map[string]string{}
		if row, held := x.ix.Get(id); held {
			for k, v := range row.Props {
				props[k] = v
			}
		}
		for k, v := range o.Properties {
			props[k] = v
		}
		cs = append(cs, index.Contact{ID: id, Props: props})
		for _, m := range strings.Split(o.Properties["hs_merged_object_ids"], ";") {
			if mid, ok := contactID(strings.TrimSpace(m)); ok && mid != id {
				gone = append(gone, mid)
			}
		}
	}
	_ = x.ix.Put(cs...) // the next sync mends what a failed write to the index missed
	if len(gone) > 0 {
		_ = x.ix.Delete(gone...)
	}
}

func (x *indexed) drop(ids ...string) {
	var out []int64
	for _, s := range ids {
		if id, ok := contactID(s); ok {
			out = append(out, id)
		}
	}
	_ = x.ix.Delete(out...)
}

func (x *indexed) written(rs []api.BatchResult) {
	var objs []*api.Object
	for _, r := range rs {
		if r.Err == nil && r.Object != nil {
			objs = append(objs, r.Object)
		}
	}
	x.put(objs...)
}

func (x *indexed) UpdateContact(ctx context.Context, idOrEmail string, props map[string]string) (*api.Object, error) {
	o, err := x.Backend.UpdateContact(ctx, idOrEmail, props)
	if err == nil {
		x.put(o)
	}
	return o, err
}

func (x *indexed) CreateContact(ctx context.Context, props map[string]string, assocs ...api.AssociationInput) (*api.Object, error) {
	o, err := x.Backend.CreateContact(ctx, props, assocs...)
	if err == nil {
		x.put(o)
	}
	return o, err
}

func (x *indexed) DeleteContact(ctx context.Context, idOrEmail string) error {
	err := x.Backend.DeleteContact(ctx, idOrEmail)
	if err == nil {
		x.drop(idOrEmail) // by id; one deleted by email is mended by the next sync
	}
	return err
}

func (x *indexed) BatchUpdateContacts(ctx context.Context, in []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error) {
	rs, err := x.Backend.BatchUpdateContacts(ctx, in, opts...)
	x.written(rs)
	return rs, err
}

func (x *indexed) BatchCreateContacts(ctx context.Context, in []map[string]string, opts ...api.BatchOption) ([]api.BatchResult, error) {
	rs, err := x.Backend.BatchCreateContacts(ctx, in, opts...)
	x.written(rs)
	return rs, err
}

func (x *indexed) BatchUpsertContacts(ctx context.Context, idProperty string, in []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error) {
	rs, err := x.Backend.BatchUpsertContacts(ctx, idProperty, in, opts...)
	x.written(rs)
	return rs, err
}

func (x *indexed) BatchArchiveContacts(ctx context.Context, ids []string, opts ...api.BatchOption) ([]api.BatchResult, error) {
	rs, err := x.Backend.BatchArchiveContacts(ctx, ids, opts...)
	var gone []string
	for _, r := range rs {
		if r.Err == nil {
			gone = append(gone, r.Input)
		}
	}
	x.drop(gone...)
	return rs, err
}

func (x *indexed) MergeContacts(ctx context.Context, primary, other string) (*api.Object, error) {
	o, err := x.Backend.MergeContacts(ctx, primary, other)
	if err == nil {
		var gone []string
		for _, id := range []string{primary, other} {
			if id != o.ID {
				gone = append(gone, id)
			}
		}
		x.drop(gone...) // by id; the ids in its hs_merged_object_ids go too
		x.put(o)
	}
	return o, err
}

// secondary changes the index's secondary emails of a contact as HubSpot now holds them.
func (x *indexed) secondary(contact string, change func([]string) []string) {
	id, ok := contactID(contact)
	if !ok {
		return
	}
	row, held := x.ix.Get(id)
	if !held {
		return
	}
	list := splitAddresses(row.Props["hs_additional_emails"])
	row.Props["hs_additional_emails"] = strings.Join(change(list), ";")
	_ = x.ix.Put(index.Contact{ID: id, Props: row.Props})
}

func (x *indexed) AddSecondaryEmail(ctx context.Context, contactID, email string) error {
	err := x.Backend.AddSecondaryEmail(ctx, contactID, email)
	if err == nil {
		x.secondary(contactID, func(l []string) []string { return append(l, email) })
	}
	return err
}

func (x *indexed) RemoveSecondaryEmail(ctx context.Context, contactID, email string) error {
	err := x.Backend.RemoveSecondaryEmail(ctx, contactID, email)
	if err == nil {
		x.secondary(contactID, func(l []string) []string {
			var out []string
			for _, e := range l {
				if !strings.EqualFold(e, email) {
					out = append(out, e)
				}
			}
			return out
		})
	}
	return err
}

// indexNote says the detail shows the local index's values: while HubSpot's load, or because
// HubSpot did not answer.
func (d *detailPane) indexNote() string {
	if d.loading.busy() {
		return "The local index's values; loading HubSpot's…"
	}
	return "The local index's values: HubSpot did not answer (" + keyName(d.env.keys.Refresh) + " tries again)"
}

// fresh runs a change of the contact once HubSpot's values are shown; on the local index's it
// says why not (offline, the key itself says it is off).
func (d *detailPane) fresh(run func() tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		if d.indexed {
			return notice("These are the local index's values: a change waits for HubSpot's (" + keyName(d.env.keys.Refresh) + " loads them)")
		}
		return run()
	}
}

// keptDefs keeps the contacts' definitions HubSpot gave with the local index, and gives the
// kept ones when HubSpot cannot be reached (the app opened offline shows the index with its
// labels and options).
func (e *env) keptDefs(props []api.Property, groups []api.PropertyGroup, err error) ([]api.Property, []api.PropertyGroup, error) {
	switch {
	case e.index == nil:
	case err == nil:
		_ = e.index.SaveDefinitions(index.Definitions{Properties: props, Groups: groups}) // kept next time
	case unreachable(err):
		if d, ok := e.index.Definitions(); ok {
			return d.Properties, d.Groups, nil
		}
	}
	return props, groups, err
}
