package api

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeError feeds HubSpot's error decoder arbitrary bodies under arbitrary statuses (the
// corpus in testdata/fuzz/FuzzDecodeError runs with `make test`; `make fuzz` explores further).
// Whatever arrives, the decoder must not panic, must keep the status it was given, must only
// report an existing id that HubSpot's message really names, and must produce a sentence for a
// person: UTF-8 (so the status bar can sanitize and cut it), never empty, and with HubSpot's own
// text cut short, so a hostile or broken server cannot flood the screen.
func FuzzDecodeError(f *testing.F) {
	for _, b := range []string{
		bodyInvalidEmail, bodyNoProperty, bodyScopes, bodyNotFound, bodyConflict, bodyDaily, bodyTenSecondly,
		bodySecondly, bodyAuth, bodyExpired, bodyGranular, bodyDetailErrors,
		``, `null`, `[]`, `"x"`, `{"message":"Property values were not valid: [{"}`,
		`{"message":"Property values were not valid: null","category":"VALIDATION_ERROR"}`,
		`{"status":"409","message":"Contact already exists. Existing ID: 0012 and Existing ID: 99"}`,
		`{"context":{"id":[1,true,null,{"a":"b"}],"invalidPropertyName":"x"},"subCategory":{"k":1}}`,
		`{"errors":[{"code":"C","context":{"propertyName":[]}},{"message":"m","context":{"requiredScopes":"s"}}]}`,
		`<html><body><h1>502 Bad Gateway</h1></body></html>`,
		"{\"message\":\"\x1b]52;c;ZXZpbA==\x07\xff\xfe\",\"correlationId\":\"\x1b[2J\"}",
	} {
		for _, status := range []int{0, 400, 401, 403, 404, 409, 423, 429, 500, 502, 207} {
			f.Add(status, []byte(b))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = status % 1000
		if status < 0 {
			status = -status
		}
		e := decodeError(status, body)
		if e == nil {
			t.Fatal("nil error")
		}
		if status != 0 && e.Status != status {
			t.Fatalf("status %d became %d", status, e.Status)
		}
		if e.ExistingID != "" {
			if strings.Trim(e.ExistingID, "0123456789") != "" || !strings.Contains(e.Message, e.ExistingID) {
				t.Fatalf("existing id %q not a number named in %q", e.ExistingID, e.Message)
			}
		}
		checkErrorText(t, e, body)
		// Decoding is a pure function of the body.
		if again := decodeError(status, body); again.Error() != e.Error() {
			t.Fatalf("decoding twice differs: %q then %q", e.Error(), again.Error())
		}
	})
}

// checkErrorText: the sentence is UTF-8 (or carries the server's invalid bytes no further than
// HubSpot's text does), never empty, and bounded by the fixed text plus HubSpot's text cut to
// a few hundred characters per part.
func checkErrorText(t *testing.T, e *Error, body []byte) {
	t.Helper()
	text := e.Error()
	if strings.TrimSpace(text) == "" {
		t.Fatalf("empty error text for %q", body)
	}
	if !utf8.ValidString(text) && utf8.Valid(body) {
		t.Fatalf("text %q is not UTF-8 though the body was", text)
	}
	limit := 1200 + 210*len(e.Validation) + 210*len(e.RequiredScopes) + runeLen(e.CorrelationID) + idsLen(e.Context["id"])
	if n := utf8.RuneCountInString(text); n > limit {
		t.Fatalf("text of %d characters (limit %d) from a %d-byte body", n, limit, len(body))
	}
	if !json.Valid(body) && runeLen(e.Message) > 201 {
		t.Fatalf("a non-JSON body kept %d characters of message", runeLen(e.Message))
	}
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func idsLen(ids []string) int {
	n := 0
	for _, id := range ids {
		n += runeLen(id) + 2
	}
	return n
}

// FuzzDecodeValidation builds the body HubSpot sends for refused properties — the details as a
// JSON array serialised inside `message` — from arbitrary names, codes and messages, and checks
// that the decoder gives back exactly those details, in order, and names each property in its
// sentence.
func FuzzDecodeValidation(f *testing.F) {
	f.Add("email", "INVALID_EMAIL", "Email address example.lcom is invalid", "prop", "INVALID_OPTION", `X was not one of the allowed options: [a, b, c]`)
	f.Add("missing", "PROPERTY_DOESNT_EXIST", `Property "missing" does not exist`, "", "", "")
	f.Add("\x1b]0;t\x07", "\u202e", "\xff", "a\"b", "]", "Property values were not valid: [")
	f.Fuzz(func(t *testing.T, n1, c1, m1, n2, c2, m2 string) {
		want := []PropertyError{{Name: n1, Code: c1, Message: m1}, {Name: n2, Code: c2, Message: m2}}
		list := []map[string]any{}
		for _, p := range want {
			list = append(list, map[string]any{"isValid": false, "name": p.Name, "error": p.Code, "message": p.Message})
		}
		inner, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(map[string]any{"status": "error", "category": "VALIDATION_ERROR",
			"correlationId": "c", "message": validationPrefix + string(inner)})
		if err != nil {
			t.Fatal(err)
		}
		e := decodeError(400, body)
		got, ok := IsValidation(e)
		if !ok || len(got) != len(want) {
			t.Fatalf("validation %+v from %s", got, body)
		}
		for i := range want {
			// JSON carries strings as UTF-8: invalid bytes come back as U+FFFD.
			w := PropertyError{Name: utf8Clean(want[i].Name), Code: utf8Clean(want[i].Code), Message: utf8Clean(want[i].Message)}
			if got[i] != w {
				t.Fatalf("detail %d: got %+v, want %+v", i, got[i], w)
			}
		}
		text := e.Error()
		for _, p := range got {
			if p.Name != "" && len([]rune(strings.TrimSpace(p.Name))) < 150 && !strings.Contains(text, strings.TrimSpace(p.Name)) {
				t.Fatalf("sentence %q does not name property %q", text, p.Name)
			}
		}
	})
}

// utf8Clean is s as encoding/json sends it: each byte that is not UTF-8 becomes U+FFFD.
func utf8Clean(s string) string { return string([]rune(s)) }
