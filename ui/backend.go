package ui

import (
	"context"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
)

// Backend is every HubSpot call the UI makes, in one place: the only way out of ui to HubSpot.
// *api.Client satisfies it; so does anything a test puts in its place. Panes call it only from
// requests (off the UI goroutine). Package bulk's interfaces are parts of it, so the bulk panes
// hand it on as it is.
type Backend interface {
	// Contacts: the list, find, the detail, the form.
	ListContacts(ctx context.Context, o api.ListOptions) (api.Page, error)
	SearchContacts(ctx context.Context, r api.SearchRequest) (api.SearchPage, error)
	GetContact(ctx context.Context, idOrEmail string, o api.GetOptions) (*api.Object, error)
	UpdateContact(ctx context.Context, idOrEmail string, props map[string]string) (*api.Object, error)
	CreateContact(ctx context.Context, props map[string]string, assocs ...api.AssociationInput) (*api.Object, error)
	DeleteContact(ctx context.Context, idOrEmail string) error
	Properties(ctx context.Context, objectType string) ([]api.Property, error)
	PropertyGroups(ctx context.Context, objectType string) ([]api.PropertyGroup, error)

	// Many contacts at once: batch edit and delete, paste, import, export.
	BatchUpdateContacts(ctx context.Context, inputs []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error)
	BatchArchiveContacts(ctx context.Context, ids []string, opts ...api.BatchOption) ([]api.BatchResult, error)
	BatchReadContacts(ctx context.Context, ids []string, idProperty string, props []string, opts ...api.BatchOption) ([]api.BatchResult, error)
	BatchCreateContacts(ctx context.Context, inputs []map[string]string, opts ...api.BatchOption) ([]api.BatchResult, error)
	BatchUpsertContacts(ctx context.Context, idProperty string, inputs []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error)

	// A contact's relations: companies, deals and tickets, secondary emails, activities.
	ListAssociations(ctx context.Context, contactID, toObjectType string) ([]api.Association, error)
	AssociationTypes(ctx context.Context, fromType, toType string) ([]api.AssociationType, error)
	Associate(ctx context.Context, contactID, toObjectType, toID string, typeID int) error
	RemoveAssociation(ctx context.Context, contactID, toObjectType, toID string, typeID int) error
	BatchReadObjects(ctx context.Context, objectType string, ids []string, props []string, opts ...api.BatchOption) ([]api.BatchResult, error)
	GetObject(ctx context.Context, objectType, id string, props []string) (*api.Object, error)
	SearchObjects(ctx context.Context, objectType string, r api.SearchRequest) (api.SearchPage, error)
	SearchByName(ctx context.Context, objectType, text string, limit int) (api.SearchPage, error)
	AddSecondaryEmail(ctx context.Context, contactID, email string) error
	RemoveSecondaryEmail(ctx context.Context, contactID, email string) error
	Activities(ctx context.Context, contactID string) ([]api.Activity, error)
	PinActivity(ctx context.Context, contactID, engagementID string) (*api.Object, error)
	UnpinActivity(ctx context.Context, contactID string) (*api.Object, error)

	// Activities written, owners, My tasks (activity_form.go, owners.go, mytasks.go).
	Owners(ctx context.Context) ([]api.Owner, error)
	OwnerByEmail(ctx context.Context, email string) (api.Owner, bool, error)
	CallOutcomes(ctx context.Context) ([]api.Option, error)
	CreateActivity(ctx context.Context, contactID, typ string, props map[string]string) (api.Activity, error)
	UpdateActivity(ctx context.Context, typ, id string, props map[string]string) (api.Activity, error)
	SetTaskStatus(ctx context.Context, id, status string) (api.Activity, error)
	DeleteActivity(ctx context.Context, contactID string, a api.Activity) error
	OwnerTasks(ctx context.Context, ownerID string, limit int) ([]api.TaskItem, error)

	// The record view, a record's contacts and the merge (record.go, scope.go, merge.go).
	ListAssociatedObjects(ctx context.Context, fromType, fromID, toType string, o api.ListOptions) (api.Page, error)
	Pipelines(ctx context.Context, objectType string) ([]api.Pipeline, error)
	MergeContacts(ctx context.Context, primary, other string) (*api.Object, error)
}

var (
	_ Backend = (*api.Client)(nil)
	// What the bulk panes hand to package bulk.
	_ bulk.Exporter       = Backend(nil)
	_ bulk.ContactCreator = Backend(nil)
	_ bulk.PropertySource = Backend(nil)
	_ bulk.Upserter       = Backend(nil)
)

// loadDefs reads the contact property definitions and groups, with the owners as the owner's
// options (the API layer caches them all).
func loadDefs(ctx context.Context, e *env) (*defs, error) {
	return loadTypeDefs(ctx, e, api.ObjectContacts)
}

// loadTypeDefs is loadDefs for any object type (a task's properties).
func loadTypeDefs(ctx context.Context, e *env, objectType string) (*defs, error) {
	props, err := e.hub.Properties(ctx, objectType)
	var groups []api.PropertyGroup
	if err == nil {
		groups, err = e.hub.PropertyGroups(ctx, objectType)
	}
	if objectType == api.ObjectContacts {
		props, groups, err = e.keptDefs(props, groups, err)
	}
	if err != nil {
		return nil, err
	}
	return withOwnersOf(ctx, e, newDefs(props, groups, e.loc)), nil
}
