package hubspottest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Secondary emails through HubSpot's legacy v1 endpoints (developer preview). They are always
// served, and in strict mode (hs_additional_emails read-only through v3) they are the only way
// to change a contact's secondary emails:
//
//	GET    /contacts/v1/secondary-email/{vid}                  → {portalId, vid, secondaryEmails}
//	PUT    /contacts/v1/secondary-email/{vid}/email/{email}    add (POST accepted too: HubSpot's
//	                                                            legacy reference shows both verbs)
//	PATCH  /contacts/v1/secondary-email/{vid}                  {targetSecondaryEmail, updatedSecondaryEmail}
//	DELETE /contacts/v1/secondary-email/{vid}/email/{email}    remove
//
// Every change answers 200 with the same body as GET. The emails live in the contact's
// hs_additional_emails (;-joined, lower-cased, in the order added), written with Tx.SetProps so
// the email index and the property history follow.
//
// Scopes: HubSpot's legacy reference lists "one of crm.objects.contacts.read, content,
// crm.objects.contacts.write" for these calls (the behaviour notes say content). Reads accept
// any of the three; changes need crm.objects.contacts.write or content, so a read-only token
// cannot write through the legacy door (UNVERIFIED: the reference lists one set for all verbs).
//
// Errors use the legacy v1 body {"status":"error","message":…,"correlationId":…} (no category):
//   - unknown, archived or non-numeric vid: 404 "contact does not exist" (HubSpot's v1 text);
//   - malformed address: 400 "Email address X is invalid" (HubSpot's INVALID_EMAIL text);
//   - the contact's own primary email: 400;
//   - an address another contact holds (primary or secondary): 409 whose message ends
//     "Existing ID: N", like HubSpot's v3 duplicate-contact 409 (UNVERIFIED: v1's own wording
//     is undocumented; 409 keeps the one conflict shape the app already parses);
//   - removing or replacing an address the contact does not have: 404;
//   - adding an address the contact already has: 200, nothing changes.

// secondaryEmails is the v1 answer.
type secondaryEmails struct {
	PortalID        int      `json:"portalId"`
	VID             int64    `json:"vid"`
	SecondaryEmails []string `json:"secondaryEmails"`
}

func (s *Sandbox) routeSecondaryEmails(mux *http.ServeMux) {
	mux.HandleFunc("GET /contacts/v1/secondary-email/{vid}", s.getSecondaryEmails)
	mux.HandleFunc("PUT /contacts/v1/secondary-email/{vid}/email/{email}", s.addSecondaryEmail)
	mux.HandleFunc("POST /contacts/v1/secondary-email/{vid}/email/{email}", s.addSecondaryEmail)
	mux.HandleFunc("PATCH /contacts/v1/secondary-email/{vid}", s.replaceSecondaryEmail)
	mux.HandleFunc("DELETE /contacts/v1/secondary-email/{vid}/email/{email}", s.removeSecondaryEmail)
}

// v1Failure returns a failure writing the legacy v1 error body.
func v1Failure(status int, message string) failure {
	return func(w http.ResponseWriter, r *http.Request) { writeError(w, r, status, "", message, nil) }
}

// allowSecondary checks the legacy endpoints' scopes.
func (s *Sandbox) allowSecondary(w http.ResponseWriter, r *http.Request, write bool) bool {
	if write {
		return s.allowAny(w, r, "crm.objects.contacts.write", "content")
	}
	return s.allowAny(w, r, "crm.objects.contacts.read", "crm.objects.contacts.write", "content")
}

// secondaryChange edits a contact's secondary email list; it returns the new list or a failure.
type secondaryChange func(tx *Tx, c *Object, emails []string) ([]string, failure)

// changeSecondary runs one v1 request: scopes, the contact, the change, the answer.
func (s *Sandbox) changeSecondary(w http.ResponseWriter, r *http.Request, write bool, change secondaryChange) {
	if !s.allowSecondary(w, r, write) {
		return
	}
	var body secondaryEmails
	fail := s.doFailing(func(tx *Tx) failure {
		c := tx.v1Contact(r.PathValue("vid"))
		if c == nil {
			return v1Failure(http.StatusNotFound, "contact does not exist")
		}
		emails := SecondaryEmails(c)
		if change != nil {
			next, fail := change(tx, c, emails)
			if fail != nil {
				return fail
			}
			if !slices.Equal(next, emails) {
				tx.SetProps(c, map[string]string{"hs_additional_emails": strings.Join(next, ";")}, "API")
			}
			emails = next
		}
		vid, _ := strconv.ParseInt(c.ID, 10, 64)
		body = secondaryEmails{PortalID: s.opts.PortalID, VID: vid, SecondaryEmails: append([]string{}, emails...)}
		return nil
	})
	writeOutcome(w, r, fail, http.StatusOK, body)
}

// v1Contact finds a live contact by its numeric vid.
func (tx *Tx) v1Contact(vid string) *Object {
	if _, err := strconv.ParseInt(vid, 10, 64); err != nil {
		return nil
	}
	return tx.liveRecord(Contacts, vid)
}

func (s *Sandbox) getSecondaryEmails(w http.ResponseWriter, r *http.Request) {
	s.changeSecondary(w, r, false, nil)
}

func (s *Sandbox) addSecondaryEmail(w http.ResponseWriter, r *http.Request) {
	email := normalEmail(r.PathValue("email"))
	s.changeSecondary(w, r, true, func(tx *Tx, c *Object, emails []string) ([]string, failure) {
		if slices.Contains(emails, email) {
			return emails, nil
		}
		if fail := tx.checkNewSecondary(c, email); fail != nil {
			return nil, fail
		}
		return append(slices.Clone(emails), email), nil
	})
}

func (s *Sandbox) replaceSecondaryEmail(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Target  string `json:"targetSecondaryEmail"`
		Updated string `json:"updatedSecondaryEmail"`
	}
	if !s.allowSecondary(w, r, true) || !readJSON(w, r, &in) {
		return
	}
	if in.Target == "" || in.Updated == "" {
		writeError(w, r, http.StatusBadRequest, "", "targetSecondaryEmail and updatedSecondaryEmail are both required", nil)
		return
	}
	target, updated := normalEmail(in.Target), normalEmail(in.Updated)
	s.changeSecondary(w, r, true, func(tx *Tx, c *Object, emails []string) ([]string, failure) {
		i := slices.Index(emails, target)
		if i < 0 {
			return nil, notOnContact(target, c)
		}
		if updated == target {
			return emails, nil
		}
		if !slices.Contains(emails, updated) {
			if fail := tx.checkNewSecondary(c, updated); fail != nil {
				return nil, fail
			}
		}
		next := slices.Clone(emails)
		next[i] = updated
		return dedupe(next), nil
	})
}

func (s *Sandbox) removeSecondaryEmail(w http.ResponseWriter, r *http.Request) {
	email := normalEmail(r.PathValue("email"))
	s.changeSecondary(w, r, true, func(tx *Tx, c *Object, emails []string) ([]string, failure) {
		i := slices.Index(emails, email)
		if i < 0 {
			return nil, notOnContact(email, c)
		}
		return slices.Delete(slices.Clone(emails), i, i+1), nil
	})
}

// notOnContact is the 404 for an address the contact does not have.
func notOnContact(email string, c *Object) failure {
	return v1Failure(http.StatusNotFound, "Secondary email "+email+" does not exist on contact "+c.ID)
}

// checkNewSecondary validates an address about to become c's secondary email.
func (tx *Tx) checkNewSecondary(c *Object, email string) failure {
	if !validEmailAddress(email) {
		return v1Failure(http.StatusBadRequest, "Email address "+email+" is invalid")
	}
	if strings.EqualFold(c.Props["email"], email) {
		return v1Failure(http.StatusBadRequest, email+" is already the primary email of contact "+c.ID)
	}
	if other := tx.ContactByEmail(email); other != nil && other.ID != c.ID {
		return v1Failure(http.StatusConflict, "Secondary email "+email+" already belongs to another contact. Existing ID: "+other.ID)
	}
	return nil
}

// normalEmail is an address as HubSpot stores it: trimmed, lower-cased.
func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// dedupe drops repeated entries, keeping the first of each.
func dedupe(list []string) []string {
	seen := map[string]bool{}
	out := list[:0]
	for _, e := range list {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// validEmailAddress accepts what HubSpot accepts as an email: one @, a non-empty local part, a
// dotted domain whose last label has two or more letters, and no spaces, separators or controls.
func validEmailAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(s, " \t;,<>()[]\\\"") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	tld := labels[len(labels)-1]
	if len(labels) < 2 || len(tld) < 2 || slices.Contains(labels, "") {
		return false
	}
	for _, r := range tld {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
