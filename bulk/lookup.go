package bulk

import (
	"context"
	"errors"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// ContactReader reads contacts in batches; *api.Client is one.
type ContactReader interface {
	BatchReadContacts(ctx context.Context, ids []string, idProperty string, props []string, opts ...api.BatchOption) ([]api.BatchResult, error)
}

// ContactCreator creates contacts in batches; *api.Client is one.
type ContactCreator interface {
	BatchCreateContacts(ctx context.Context, inputs []map[string]string, opts ...api.BatchOption) ([]api.BatchResult, error)
}

// Found is an address that named a contact.
type Found struct {
	Email   string
	Contact *api.Object
	// Secondary is set when the address is one of the contact's additional emails.
	Secondary bool
	// Existed is set when creating it found a contact that already had it (made meanwhile).
	Existed bool
}

// Unsettled is an address whose lookup (or creation) failed, with why.
type Unsettled struct {
	Email string
	Err   error
}

// Lookup is the answer for a list of addresses: every address lands in exactly one list.
type Lookup struct {
	Found    []Found
	NotFound []string
	Failed   []Unsettled
}

// LookupProperties are the properties a paste-many lookup reads.
func LookupProperties() []string {
	return []string{"email", "firstname", "lastname", "company", "hs_additional_emails"}
}

// LookupEmails reads every address with HubSpot's batch read by email (100 per request). The
// error is the first whole-request failure, if any; the addresses it affected are in Failed.
func LookupEmails(ctx context.Context, c ContactReader, emails []string, progress func(done, total int)) (Lookup, error) {
	var l Lookup
	if len(emails) == 0 {
		return l, nil
	}
	var opts []api.BatchOption
	if progress != nil {
		opts = append(opts, api.OnProgress(progress))
	}
	rs, err := c.BatchReadContacts(ctx, emails, "email", LookupProperties(), opts...)
	for i, r := range rs {
		email := emails[i]
		switch {
		case r.Object != nil:
			sec := !strings.EqualFold(strings.TrimSpace(r.Object.Properties["email"]), strings.TrimSpace(email))
			l.Found = append(l.Found, Found{Email: email, Contact: r.Object, Secondary: sec})
		case api.IsNotFound(r.Err):
			l.NotFound = append(l.NotFound, email)
		default:
			l.Failed = append(l.Failed, Unsettled{Email: email, Err: errOr(r.Err, err)})
		}
	}
	return l, err
}

// CreateResult is the outcome of creating the addresses not found.
type CreateResult struct {
	Contacts []Found     // created (or found to exist already: Contact set either way)
	Failed   []Unsettled // refused, with HubSpot's reason
}

// CreateContacts creates one contact per address, in batches of 100. An address that turns out
// to exist already (created meanwhile) counts as found, with the existing contact's id.
func CreateContacts(ctx context.Context, c ContactCreator, emails []string) (CreateResult, error) {
	var out CreateResult
	inputs := make([]map[string]string, len(emails))
	for i, e := range emails {
		inputs[i] = map[string]string{"email": e}
	}
	rs, err := c.BatchCreateContacts(ctx, inputs)
	for i, r := range rs {
		if r.Object != nil {
			out.Contacts = append(out.Contacts, Found{Email: emails[i], Contact: r.Object})
			continue
		}
		if id, ok := api.IsConflict(r.Err); ok && id != "" {
			obj := &api.Object{ID: id, Type: api.ObjectContacts, Properties: map[string]string{"email": emails[i]}}
			out.Contacts = append(out.Contacts, Found{Email: emails[i], Contact: obj, Existed: true})
			continue
		}
		out.Failed = append(out.Failed, Unsettled{Email: emails[i], Err: errOr(r.Err, err)})
	}
	return out, err
}

// errOr returns err, or fallback when err is nil (an input the batch left unsettled).
func errOr(err error, fallback error) error {
	switch {
	case err != nil:
		return err
	case fallback != nil:
		return fallback
	}
	return errors.New("HubSpot gave no answer for this address")
}
