package api

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Bodies as HubSpot sends them (hubspot-behaviour.md §2, quoted from real responses).
const (
	bodyInvalidEmail = `{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email address example.lcom is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]","correlationId":"c8617a85-0000-4000-8000-000000000001","category":"VALIDATION_ERROR"}`
	bodyNoProperty   = `{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Property \\\"missing\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"missing\",\"localizedErrorMessage\":\"Property \\\"missing\\\" does not exist\",\"portalId\":891936587},{\"isValid\":false,\"message\":\"X was not one of the allowed options: [a, b, c]\",\"error\":\"INVALID_OPTION\",\"name\":\"prop\"}]","correlationId":"c0","category":"VALIDATION_ERROR"}`
	bodyScopes       = `{"status":"error","message":"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.","correlationId":"c1","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredScopes":["crm.objects.contacts.write"]}}],"links":{"scopes":"https://developers.hubspot.com/scopes"},"category":"MISSING_SCOPES"}`
	bodyNotFound     = `{"status":"error","message":"Object not found.  objectId are usually numeric.","correlationId":"c2","context":{"id":["jon@example.com"]},"category":"OBJECT_NOT_FOUND"}`
	bodyConflict     = `{"status":"error","message":"Contact already exists. Existing ID: 37765128953","correlationId":"2dea5219-0000-4000-8000-000000000002","category":"CONFLICT"}`
	bodyDaily        = `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c3","policyName":"DAILY","requestId":"3d3e35b7"}`
	bodyTenSecondly  = `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c4","policyName":"TEN_SECONDLY_ROLLING","groupName":"publicapi:hapikey-api-calls-ten-secondly:6748263"}`
	bodySecondly     = `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c5"}`
	bodyAuth         = `{"status":"error","message":"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview","correlationId":"c6","category":"INVALID_AUTHENTICATION"}`
	bodyExpired      = `{"status":"error","message":"The OAuth token used to make this call expired 5 hour(s) ago.","category":"EXPIRED_AUTHENTICATION","correlationId":"c7"}`
	bodyGranular     = `{"status":"error","message":"missing","correlationId":"c8","category":"MISSING_SCOPES","errors":[{"message":"m","context":{"requiredGranularScopes":["crm.objects.contacts.write","crm.objects.contacts.sensitive.write"]}}]}`
	bodyDetailErrors = `{"status":"error","message":"Invalid input","correlationId":"c9","category":"VALIDATION_ERROR","errors":[{"message":"discount was not a valid number","code":"INVALID_INTEGER","context":{"propertyName":["discount"]}}]}`
)

func TestDecodeErrorValidation(t *testing.T) {
	e := decodeError(400, []byte(bodyInvalidEmail))
	if e.Category != "VALIDATION_ERROR" || e.CorrelationID != "c8617a85-0000-4000-8000-000000000001" {
		t.Fatalf("category/correlation: %+v", e)
	}
	want := []PropertyError{{Name: "email", Code: "INVALID_EMAIL", Message: "Email address example.lcom is invalid"}}
	if fmt.Sprint(e.Validation) != fmt.Sprint(want) {
		t.Fatalf("validation = %+v, want %+v", e.Validation, want)
	}
	if got := e.Error(); got != "HubSpot refused email: Email address example.lcom is invalid; correct the value and try again" {
		t.Fatalf("text = %q", got)
	}
	details, ok := IsValidation(e)
	if !ok || len(details) != 1 {
		t.Fatalf("IsValidation = %v %v", details, ok)
	}

	e = decodeError(400, []byte(bodyNoProperty))
	if len(e.Validation) != 2 || e.Validation[0] != (PropertyError{Name: "missing", Code: "PROPERTY_DOESNT_EXIST", Message: `Property "missing" does not exist`}) ||
		e.Validation[1].Code != "INVALID_OPTION" || e.Validation[1].Name != "prop" {
		t.Fatalf("two errors: %+v", e.Validation)
	}

	e = decodeError(400, []byte(bodyDetailErrors))
	if len(e.Validation) != 1 || e.Validation[0] != (PropertyError{Name: "discount", Code: "INVALID_INTEGER", Message: "discount was not a valid number"}) {
		t.Fatalf("errors[] details: %+v", e.Validation)
	}
}

func TestDecodeErrorKinds(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		check  func(*Error) bool
		text   string
	}{
		{"scopes", 403, bodyScopes, func(e *Error) bool {
			return IsAuth(e) && fmt.Sprint(e.RequiredScopes) == "[crm.objects.contacts.write]"
		},
			"The token lacks the scopes this needs (crm.objects.contacts.write): add them to the private app or service key in HubSpot, then log in again with `hubcontacts login` [HubSpot ref c1]"},
		{"granular", 403, bodyGranular, func(e *Error) bool { return len(e.RequiredScopes) == 2 }, "crm.objects.contacts.sensitive.write, crm.objects.contacts.write"},
		{"not found", 404, bodyNotFound, func(e *Error) bool { return IsNotFound(e) && e.Context["id"][0] == "jon@example.com" },
			"HubSpot has no record jon@example.com (404): it may have been deleted, merged or never existed"},
		{"empty 404", 404, "", func(e *Error) bool { return IsNotFound(e) }, "HubSpot has no such record (404)"},
		{"conflict", 409, bodyConflict, func(e *Error) bool { id, ok := IsConflict(e); return ok && id == "37765128953" },
			"A contact with this email already exists (id 37765128953); open or update that one instead"},
		{"daily", 429, bodyDaily, func(e *Error) bool { p, ok := IsRateLimited(e); return ok && p == PolicyDaily },
			"Rate limited by HubSpot's daily limit; it resets at midnight in the portal's time zone. Try again then"},
		{"ten secondly", 429, bodyTenSecondly, func(e *Error) bool {
			p, _ := IsRateLimited(e)
			return p == PolicyTenSecondly && e.Category == "RATE_LIMIT"
		},
			"Rate limited by HubSpot's ten-second limit; try again in a few seconds"},
		{"secondly by text", 429, bodySecondly, func(e *Error) bool { p, _ := IsRateLimited(e); return p == PolicySecondly },
			"Rate limited by HubSpot's search limit"},
		{"auth", 401, bodyAuth, func(e *Error) bool { return IsAuth(e) && !IsNotFound(e) },
			"HubSpot refused the token (401): log in again with `hubcontacts login` [HubSpot ref c6]"},
		{"expired", 401, bodyExpired, func(e *Error) bool { return IsAuth(e) }, "HubSpot says the token has expired (401)"},
		{"proxy html", 502, "<html><body>Bad gateway</body></html>", func(e *Error) bool { return e.Message != "" && e.Category == "" },
			"HubSpot had a server error (502); try again in a minute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeError(tc.status, []byte(tc.body))
			if !tc.check(e) {
				t.Fatalf("decoded %+v", e)
			}
			if !strings.Contains(e.Error(), tc.text) {
				t.Fatalf("text %q does not contain %q", e.Error(), tc.text)
			}
		})
	}
}

func TestHelpersSeeThroughWrapping(t *testing.T) {
	e := decodeError(409, []byte(bodyConflict))
	wrapped := fmt.Errorf("creating: %w", e)
	if id, ok := IsConflict(wrapped); !ok || id != "37765128953" {
		t.Fatal("IsConflict must see through wrapping")
	}
	if IsNotFound(errors.New("plain")) || IsAuth(nil) {
		t.Fatal("helpers must be false for other errors")
	}
	if _, ok := IsValidation(decodeError(404, []byte(bodyNotFound))); ok {
		t.Fatal("404 is not a validation error")
	}
}

func TestBatchErrorStatusAsString(t *testing.T) {
	var b errorBody
	b.Status = "409"
	b.Message = "Contact already exists. Existing ID: 12"
	e := &Error{}
	e.fill(b)
	if e.Status != 409 || e.ExistingID != "12" {
		t.Fatalf("%+v", e)
	}
}

func TestNoAnswerTexts(t *testing.T) {
	e := &Error{Category: CategoryTimeout, timeout: 30 * time.Second, Attempts: 5}
	if got := e.Error(); got != "HubSpot did not answer within 30s after 5 tries; check your connection or try again later" {
		t.Fatal(got)
	}
	e = &Error{Category: CategoryCanceled, Err: context.Canceled}
	if !errors.Is(e, context.Canceled) {
		t.Fatal("cancel must unwrap to context.Canceled")
	}
	e = &Error{Status: 429, Policy: PolicyDaily, ResetsAt: time.Date(2026, 5, 2, 0, 0, 0, 0, time.FixedZone("EDT", -4*3600))}
	if !strings.Contains(e.Error(), "(Sat 00:00 EDT)") {
		t.Fatal(e.Error())
	}
}
