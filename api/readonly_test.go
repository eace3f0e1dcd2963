package api

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// sentLog records every request that leaves the process, at the transport.
type sentLog struct {
	mu    sync.Mutex
	inner http.RoundTripper
	sent  []string // "METHOD path"
}

func (s *sentLog) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.sent = append(s.sent, req.Method+" "+req.URL.Path)
	s.mu.Unlock()
	return s.inner.RoundTrip(req)
}

func (s *sentLog) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// onlyReads reports a request that cannot change HubSpot: a GET, a search, a batch read, the
// token-info lookup.
func onlyReads(req string) bool {
	method, path, _ := strings.Cut(req, " ")
	return method == http.MethodGet || method == http.MethodPost &&
		(strings.HasSuffix(path, "/search") || strings.HasSuffix(path, "/batch/read") ||
			path == "/oauth/v2/private-apps/get/access-token-info")
}

// Under Config.ReadOnly the client itself refuses every write: each method that changes
// HubSpot fails with a read-only error and not one write request leaves the process, while
// every read (search and batch read included) still works. Every exported method of Client is
// in one of the two tables, so a new one cannot slip past read-only unclassified.
func TestReadOnlyClientSendsNoWrite(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Seed: 3, Contacts: 20, Companies: 3, Deals: -1, Tickets: -1}, Config{})
		ctx := ctxT(t)
		page, err := e.c.ListContacts(ctx, ListOptions{Limit: 2, Properties: []string{"email"}})
		if err != nil || len(page.Results) < 2 {
			t.Fatal(err, page)
		}
		a, b := page.Results[0], page.Results[1]
		email := a.Properties["email"]
		companies, err := e.c.ListObjects(ctx, ObjectCompanies, ListOptions{Limit: 1})
		if err != nil || len(companies.Results) == 0 {
			t.Fatal(err)
		}
		co := companies.Results[0].ID
		if err := e.c.AddSecondaryEmail(ctx, a.ID, "held@example.com"); err != nil { // one to remove
			t.Fatal(err)
		}
		e.srv.ResetRequests()

		sent := &sentLog{inner: http.DefaultTransport}
		ro, err := New(Config{BaseURL: e.srv.URL, Token: e.srv.Token, Clock: e.clock, ReadOnly: true, APIVersion: e.fam.Version,
			HTTPClient: &http.Client{Transport: sent}})
		if err != nil {
			t.Fatal(err)
		}
		upd := []BatchUpdate{{ID: email, Properties: map[string]string{"jobtitle": "x"}}}
		first := func(seq func(func(*Object, error) bool)) error {
			var err error
			for _, e := range seq {
				err = e
				break
			}
			return err
		}
		writes := map[string]func(context.Context) error{
			"Associate": func(ctx context.Context) error { return ro.Associate(ctx, a.ID, ObjectCompanies, co, 279) },
			"AssociateObjects": func(ctx context.Context) error {
				return ro.AssociateObjects(ctx, ObjectCompanies, co, ObjectContacts, a.ID, 280)
			},
			"RemoveAssociation": func(ctx context.Context) error { return ro.RemoveAssociation(ctx, a.ID, ObjectCompanies, co, 279) },
			"RemoveObjectAssociation": func(ctx context.Context) error {
				return ro.RemoveObjectAssociation(ctx, ObjectCompanies, co, ObjectContacts, a.ID, 280)
			},
			"BatchCreateContacts": func(ctx context.Context) error {
				_, err := ro.BatchCreateContacts(ctx, []map[string]string{{"email": "new@example.com"}})
				return err
			},
			"BatchCreateObjects": func(ctx context.Context) error {
				_, err := ro.BatchCreateObjects(ctx, ObjectCompanies, []map[string]string{{"name": "New"}})
				return err
			},
			"BatchUpdateContacts": func(ctx context.Context) error { _, err := ro.BatchUpdateContacts(ctx, upd); return err },
			"BatchUpdateObjects": func(ctx context.Context) error {
				_, err := ro.BatchUpdateObjects(ctx, ObjectCompanies, []BatchUpdate{{ID: co, Properties: map[string]string{"name": "x"}}})
				return err
			},
			"BatchUpsertContacts": func(ctx context.Context) error { _, err := ro.BatchUpsertContacts(ctx, "email", upd); return err },
			"BatchUpsertObjects": func(ctx context.Context) error {
				_, err := ro.BatchUpsertObjects(ctx, ObjectContacts, "email", upd)
				return err
			},
			"BatchArchiveContacts": func(ctx context.Context) error { _, err := ro.BatchArchiveContacts(ctx, []string{a.ID}); return err },
			"BatchArchiveObjects": func(ctx context.Context) error {
				_, err := ro.BatchArchiveObjects(ctx, ObjectCompanies, []string{co})
				return err
			},
			"CreateContact": func(ctx context.Context) error {
				_, err := ro.CreateContact(ctx, map[string]string{"email": "new@example.com"})
				return err
			},
			"CreateObject": func(ctx context.Context) error {
				_, err := ro.CreateObject(ctx, ObjectCompanies, map[string]string{"name": "New"})
				return err
			},
			"UpdateContact": func(ctx context.Context) error {
				_, err := ro.UpdateContact(ctx, email, map[string]string{"jobtitle": "x"})
				return err
			},
			"UpdateObject": func(ctx context.Context) error {
				_, err := ro.UpdateObject(ctx, ObjectCompanies, co, map[string]string{"name": "x"})
				return err
			},
			"SetLifecycleStage": func(ctx context.Context) error { _, err := ro.SetLifecycleStage(ctx, a.ID, "customer"); return err },
			"DeleteContact":     func(ctx context.Context) error { return ro.DeleteContact(ctx, a.ID) },
			"DeleteObject":      func(ctx context.Context) error { return ro.DeleteObject(ctx, ObjectCompanies, co) },
			"MergeContacts":     func(ctx context.Context) error { _, err := ro.MergeContacts(ctx, a.ID, b.ID); return err },
			"GDPRDeleteContact": func(ctx context.Context) error { return ro.GDPRDeleteContact(ctx, a.ID) },
			"AddSecondaryEmail": func(ctx context.Context) error { return ro.AddSecondaryEmail(ctx, a.ID, "second@example.com") },
			"RemoveSecondaryEmail": func(ctx context.Context) error {
				return ro.RemoveSecondaryEmail(ctx, a.ID, "held@example.com")
			},
			"PinActivity":   func(ctx context.Context) error { _, err := ro.PinActivity(ctx, a.ID, "1"); return err },
			"UnpinActivity": func(ctx context.Context) error { _, err := ro.UnpinActivity(ctx, a.ID); return err },
			"AddNote":       func(ctx context.Context) error { _, err := ro.AddNote(ctx, a.ID, "a note"); return err },
			"CreateActivity": func(ctx context.Context) error {
				_, err := ro.CreateActivity(ctx, a.ID, ObjectTasks, map[string]string{"hs_task_subject": "x"})
				return err
			},
			"UpdateActivity": func(ctx context.Context) error {
				_, err := ro.UpdateActivity(ctx, ObjectNotes, "1", map[string]string{"hs_note_body": "x"})
				return err
			},
			"SetTaskStatus": func(ctx context.Context) error { _, err := ro.SetTaskStatus(ctx, "1", TaskCompleted); return err },
			"DeleteActivity": func(ctx context.Context) error {
				return ro.DeleteActivity(ctx, a.ID, Activity{ID: "1", Type: ObjectNotes, Pinned: true})
			},
		}
		reads := map[string]func(context.Context) error{
			"AccountDetails":   func(ctx context.Context) error { _, err := ro.AccountDetails(ctx); return err },
			"TokenInfo":        func(ctx context.Context) error { _, err := ro.TokenInfo(ctx); return err },
			"ListAssociations": func(ctx context.Context) error { _, err := ro.ListAssociations(ctx, a.ID, ObjectCompanies); return err },
			"ListObjectAssociations": func(ctx context.Context) error {
				_, err := ro.ListObjectAssociations(ctx, ObjectCompanies, co, ObjectContacts)
				return err
			},
			"ListAssociatedObjects": func(ctx context.Context) error {
				_, err := ro.ListAssociatedObjects(ctx, ObjectCompanies, co, ObjectContacts, ListOptions{})
				return err
			},
			"Pipelines": func(ctx context.Context) error { _, err := ro.Pipelines(ctx, ObjectDeals); return err },
			"AssociationTypes": func(ctx context.Context) error {
				_, err := ro.AssociationTypes(ctx, ObjectContacts, ObjectCompanies)
				return err
			},
			"BatchReadContacts": func(ctx context.Context) error {
				_, err := ro.BatchReadContacts(ctx, []string{email}, "email", nil)
				return err
			},
			"BatchReadObjects": func(ctx context.Context) error {
				_, err := ro.BatchReadObjects(ctx, ObjectCompanies, []string{co}, nil)
				return err
			},
			"BatchRead": func(ctx context.Context) error {
				_, err := ro.BatchRead(ctx, ObjectContacts, BatchReadRequest{IDs: []string{a.ID}})
				return err
			},
			"GetContact": func(ctx context.Context) error { _, err := ro.GetContact(ctx, email, GetOptions{}); return err },
			"GetObject":  func(ctx context.Context) error { _, err := ro.GetObject(ctx, ObjectCompanies, co, nil); return err },
			"GetObjectWith": func(ctx context.Context) error {
				_, err := ro.GetObjectWith(ctx, ObjectContacts, a.ID, "", GetOptions{})
				return err
			},
			"ListContacts": func(ctx context.Context) error { _, err := ro.ListContacts(ctx, ListOptions{Limit: 1}); return err },
			"ListObjects": func(ctx context.Context) error {
				_, err := ro.ListObjects(ctx, ObjectCompanies, ListOptions{Limit: 1})
				return err
			},
			"IterContacts": func(ctx context.Context) error { return first(ro.IterContacts(ctx, ListOptions{Limit: 1})) },
			"IterObjects": func(ctx context.Context) error {
				return first(ro.IterObjects(ctx, ObjectCompanies, ListOptions{Limit: 1}))
			},
			"SecondaryEmails": func(ctx context.Context) error { _, err := ro.SecondaryEmails(ctx, a.ID); return err },
			"Activities":      func(ctx context.Context) error { _, err := ro.Activities(ctx, a.ID); return err },
			"Properties":      func(ctx context.Context) error { _, err := ro.Properties(ctx, ObjectContacts); return err },
			"Property":        func(ctx context.Context) error { _, _, err := ro.Property(ctx, ObjectContacts, "email"); return err },
			"PropertyGroups":  func(ctx context.Context) error { _, err := ro.PropertyGroups(ctx, ObjectContacts); return err },
			"SearchContacts": func(ctx context.Context) error {
				_, err := ro.SearchContacts(ctx, SearchRequest{Query: "a"})
				return err
			},
			"SearchObjects": func(ctx context.Context) error {
				_, err := ro.SearchObjects(ctx, ObjectCompanies, SearchRequest{Query: "a"})
				return err
			},
			"IterSearch": func(ctx context.Context) error {
				return first(ro.IterSearch(ctx, ObjectContacts, SearchRequest{Query: "a"}))
			},
			"SearchByName": func(ctx context.Context) error { _, err := ro.SearchByName(ctx, ObjectContacts, "a", 5); return err },
			"Owners":       func(ctx context.Context) error { _, err := ro.Owners(ctx); return err },
			"OwnerByEmail": func(ctx context.Context) error { _, _, err := ro.OwnerByEmail(ctx, "x@example.com"); return err },
			"CallOutcomes": func(ctx context.Context) error { _, err := ro.CallOutcomes(ctx); return err },
			"OwnerTasks": func(ctx context.Context) error {
				_, err := ro.OwnerTasks(ctx, hubspottest.MeOwnerID, 5)
				return err
			},
		}
		noRequest := []string{"InvalidateProperties", "RateWindow"}

		ct := reflect.TypeOf(ro)
		for i := range ct.NumMethod() {
			name := ct.Method(i).Name
			_, w := writes[name]
			_, r := reads[name]
			if !w && !r && !slices.Contains(noRequest, name) {
				t.Errorf("Client.%s is in neither table: say whether it writes", name)
			}
		}

		for name, call := range writes {
			before := len(sent.all())
			err := call(ctx)
			if !IsReadOnly(err) || !strings.Contains(err.Error(), "read-only") {
				t.Errorf("%s under read-only: want the read-only refusal, got %v", name, err)
			}
			for _, req := range sent.all()[before:] {
				if !onlyReads(req) {
					t.Errorf("%s under read-only sent %s", name, req)
				}
			}
		}
		for name, call := range reads {
			if err := call(ctx); IsReadOnly(err) {
				t.Errorf("%s is a read, refused: %v", name, err)
			}
		}
		for _, r := range e.srv.Requests() {
			if r.IsWrite() && !onlyReads(r.Method+" "+r.Path) {
				t.Errorf("the sandbox received a write: %s %s", r.Method, r.Path)
			}
		}
		var reqs int
		for _, req := range sent.all() {
			if onlyReads(req) {
				reqs++
			}
		}
		if reqs < len(reads) {
			t.Fatalf("reads must still be sent: %d requests for %d reads", reqs, len(reads))
		}
	})
}
