package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Categories the layer itself uses (HubSpot's own categories come through unchanged:
// VALIDATION_ERROR, OBJECT_NOT_FOUND, CONFLICT, MISSING_SCOPES, INVALID_AUTHENTICATION, …).
const (
	CategoryNetwork        = "NETWORK_ERROR"      // no answer: connection refused, reset, DNS
	CategoryTimeout        = "TIMEOUT"            // no answer within Config.Timeout
	CategoryTooLarge       = "RESPONSE_TOO_LARGE" // answer bigger than Config.MaxResponseBytes
	CategoryBadResponse    = "BAD_RESPONSE"       // an answer the layer could not read
	CategoryUnknownOutcome = "UNKNOWN_OUTCOME"    // a write whose result was lost and could not be checked
	CategoryRedirect       = "REDIRECT_REFUSED"   // HubSpot pointed elsewhere; not followed with the token
	CategoryCanceled       = "CANCELED"           // the caller's context ended
	CategoryReadOnly       = "READ_ONLY"          // a write refused by Config.ReadOnly; nothing was sent
	// CategoryBadAddress and CategoryTLS are failures a retry cannot fix: the base URL names
	// no host, answers plain HTTP to https, or its certificate or TLS handshake is refused.
	// Message says what is wrong; they are never retried.
	CategoryBadAddress = "BAD_ADDRESS"
	CategoryTLS        = "TLS_FAILED"
	CategoryRateLimit  = "RATE_LIMITS"
)

// Rate-limit policies, as HubSpot names them in a 429's policyName (SECONDLY is search's).
const (
	PolicyTenSecondly = "TEN_SECONDLY_ROLLING"
	PolicySecondly    = "SECONDLY"
	PolicyDaily       = "DAILY"
)

// Error is every failure the layer returns: an answer from HubSpot other than success, or no
// usable answer at all (Status 0, Category one of the Category* constants above). Fields hold
// HubSpot's text raw; Error() is a sentence a person can act on and never contains the token.
type Error struct {
	Status        int    // HTTP status; 0 when HubSpot did not answer
	Category      string // HubSpot's category (or errorType for 429s), or one of Category*
	SubCategory   string
	Message       string // HubSpot's message, as sent
	CorrelationID string // body's correlationId or the x-hubspot-correlation-id header
	// Validation holds the per-property failures HubSpot hides inside message
	// ("Property values were not valid: [...]") or lists in errors[].
	Validation []PropertyError
	// RequiredScopes lists the scopes a 403 MISSING_SCOPES names.
	RequiredScopes []string
	// ExistingID is the id parsed from "Existing ID: N" on a 409.
	ExistingID string
	// Policy is the rate-limit policy of a 429: PolicyTenSecondly, PolicySecondly or PolicyDaily.
	Policy string
	// ResetsAt is when a DAILY limit resets, when the portal's time zone is known.
	ResetsAt time.Time
	// RetryAfter is the Retry-After HubSpot sent, if any.
	RetryAfter time.Duration
	// Context is HubSpot's context map (e.g. ids, objectWriteTraceId, invalidPropertyName).
	Context map[string][]string
	// Method and Path name the request (the path may hold an email; never the token).
	Method, Path string
	// Attempts is how many times the request was sent, and SentAt when it first was (the
	// client's clock; zero when it never was).
	Attempts int
	SentAt   time.Time
	// Err is the underlying cause when HubSpot did not answer (errors.Is/As see through it).
	Err error

	timeout   time.Duration // Config.Timeout, for the text of a TIMEOUT
	ambiguous bool          // a write that may or may not have happened
}

// PropertyError is one property HubSpot refused, and why.
type PropertyError struct {
	Name    string // property name
	Code    string // INVALID_EMAIL, PROPERTY_DOESNT_EXIST, INVALID_OPTION, READ_ONLY_VALUE, …
	Message string // HubSpot's text
}

// Unwrap returns the underlying cause (a network error, context.Canceled, …).
func (e *Error) Unwrap() error { return e.Err }

// Error tells a person what happened and what to do.
func (e *Error) Error() string {
	switch {
	case e.Status == 0:
		return e.noAnswerText()
	case e.Status == 401:
		return e.authText()
	case e.Status == 403:
		return e.forbiddenText()
	case e.Status == 404:
		return e.notFoundText()
	case e.Status == 409:
		return e.conflictText()
	case e.Status == 429:
		return e.rateLimitText()
	case e.Status == 400 && len(e.Validation) > 0:
		return "HubSpot refused " + e.validationText() + "; correct the value and try again"
	case e.Status == 423:
		return "HubSpot has the record locked by another change (423); try again in a few seconds"
	case e.Status >= 500:
		return fmt.Sprintf("HubSpot had a server error (%d)%s; try again in a minute%s",
			e.Status, e.triesText(), e.refText())
	}
	return fmt.Sprintf("HubSpot refused the request (%d %s): %s%s", e.Status, e.Category,
		shorten(e.Message, 300), e.refText())
}

func (e *Error) noAnswerText() string {
	switch e.Category {
	case CategoryTimeout:
		return fmt.Sprintf("HubSpot did not answer within %s%s; check your connection or try again later",
			e.timeout, e.triesText())
	case CategoryTooLarge:
		return "HubSpot's answer was larger than the layer accepts (" + e.Message +
			"); ask for fewer records or properties, or raise MaxResponseBytes"
	case CategoryUnknownOutcome:
		return "The answer to this change was lost, so it is not known whether HubSpot made it (" +
			e.Message + "); check the record before trying again"
	case CategoryRedirect:
		return "HubSpot redirected to another host (" + e.Message +
			"); the request was not followed so the token stays with the configured host"
	case CategoryBadResponse:
		return "HubSpot sent an answer that could not be read (" + e.Message + "); try again"
	}
	if e.Category == CategoryCanceled {
		return "The request to HubSpot was cancelled before it finished"
	}
	if e.Category == CategoryBadAddress || e.Category == CategoryTLS {
		return e.Message
	}
	if e.Category == CategoryReadOnly {
		return "Not sent: this session is read-only (--read-only, or read_only in the config), so nothing is " +
			"changed in HubSpot; start without it to make changes"
	}
	return "Could not reach HubSpot (" + e.Message + ")" + e.triesText() + "; check your connection and try again"
}

func (e *Error) authText() string {
	if e.Category == "EXPIRED_AUTHENTICATION" {
		return "HubSpot says the token has expired (401): log in again with `hubcontacts login`" + e.refText()
	}
	return "HubSpot refused the token (401): log in again with `hubcontacts login`" + e.refText()
}

func (e *Error) forbiddenText() string {
	if len(e.RequiredScopes) > 0 {
		return "The token lacks the scopes this needs (" + strings.Join(e.RequiredScopes, ", ") +
			"): add them to the private app or service key in HubSpot, then log in again with `hubcontacts login`" + e.refText()
	}
	if e.Category == "USER_DOES_NOT_HAVE_PERMISSIONS" {
		return "HubSpot says the user behind this token lacks permission (403): ask a HubSpot admin, or log in with another token" + e.refText()
	}
	return "HubSpot forbade this request (403 " + e.Category + "): " + shorten(e.Message, 200) + e.refText()
}

func (e *Error) notFoundText() string {
	if ids := e.Context["id"]; len(ids) > 0 {
		return "HubSpot has no record " + strings.Join(ids, ", ") + " (404): it may have been deleted, merged or never existed"
	}
	if e.Category == "OBJECT_NOT_FOUND" || e.Category == "" {
		return "HubSpot has no such record (404): it may have been deleted, merged or never existed"
	}
	return "HubSpot has no such thing (404 " + e.Category + "): " + shorten(e.Message, 200)
}

func (e *Error) conflictText() string {
	if e.ExistingID != "" {
		return "A contact with this email already exists (id " + e.ExistingID + "); open or update that one instead"
	}
	return "HubSpot refused the change because it conflicts with an existing record (409): " + shorten(e.Message, 200)
}

func (e *Error) rateLimitText() string {
	switch e.Policy {
	case PolicyDaily:
		when := "at midnight in the portal's time zone"
		if !e.ResetsAt.IsZero() {
			when = "at midnight in the portal's time zone (" + e.ResetsAt.Format("Mon 15:04 MST") + ")"
		}
		return "Rate limited by HubSpot's daily limit; it resets " + when + ". Try again then"
	case PolicySecondly:
		return "Rate limited by HubSpot's search limit (a few searches a second)" + e.triesText() + "; try again in a moment"
	}
	return "Rate limited by HubSpot's ten-second limit" + e.triesText() + "; try again in a few seconds"
}

func (e *Error) validationText() string {
	parts := make([]string, 0, len(e.Validation))
	for _, v := range e.Validation {
		msg := v.Message
		if msg == "" {
			msg = v.Code
		}
		if v.Name != "" {
			msg = v.Name + ": " + msg
		}
		parts = append(parts, shorten(msg, 200))
	}
	return strings.Join(parts, "; ")
}

func (e *Error) triesText() string {
	if e.Attempts > 1 {
		return fmt.Sprintf(" after %d tries", e.Attempts)
	}
	return ""
}

func (e *Error) refText() string {
	if e.CorrelationID == "" {
		return ""
	}
	return " [HubSpot ref " + e.CorrelationID + "]"
}

func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// asError finds the *Error in err's chain.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether HubSpot answered 404 (unknown id or email, archived, merged away).
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && e.Status == 404
}

// IsConflict reports a 409 and the id of the existing record parsed from HubSpot's message
// ("" when HubSpot did not name one).
func IsConflict(err error) (existingID string, ok bool) {
	e, ok := asError(err)
	if !ok || e.Status != 409 {
		return "", false
	}
	return e.ExistingID, true
}

// IsRateLimited reports a 429 that reached the caller and its policy (PolicyDaily etc.).
func IsRateLimited(err error) (policy string, ok bool) {
	e, ok := asError(err)
	if !ok || e.Status != 429 {
		return "", false
	}
	return e.Policy, true
}

// IsValidation reports a 400 with per-property failures, and those failures.
func IsValidation(err error) ([]PropertyError, bool) {
	e, ok := asError(err)
	if !ok || e.Status != 400 || e.Category != "VALIDATION_ERROR" {
		return nil, false
	}
	return e.Validation, true
}

// IsReadOnly reports a write the client refused, unsent, because Config.ReadOnly is set.
func IsReadOnly(err error) bool {
	e, ok := asError(err)
	return ok && e.Category == CategoryReadOnly
}

// IsAuth reports a refused token (401) or missing scopes or permissions (403).
func IsAuth(err error) bool {
	e, ok := asError(err)
	return ok && (e.Status == 401 || e.Status == 403)
}

// errorBody is HubSpot's error body in all its variants. Every field is optional.
type errorBody struct {
	Status        string                     `json:"status"`
	Message       string                     `json:"message"`
	CorrelationID string                     `json:"correlationId"`
	Category      string                     `json:"category"`
	SubCategory   json.RawMessage            `json:"subCategory"` // a string, or an object in batch errors
	Context       map[string]json.RawMessage `json:"context"`
	Errors        []errorDetail              `json:"errors"`
	ErrorType     string                     `json:"errorType"` // 429s
	PolicyName    string                     `json:"policyName"`
	ID            string                     `json:"id"`
}

type errorDetail struct {
	Message string                     `json:"message"`
	Code    string                     `json:"code"`
	In      string                     `json:"in"`
	Context map[string]json.RawMessage `json:"context"`
}

// embeddedPropertyError is one entry of the JSON array inside "Property values were not valid: […]".
type embeddedPropertyError struct {
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

var existingIDRE = regexp.MustCompile(`Existing ID:\s*(\d+)`)

const validationPrefix = "Property values were not valid: "

// decodeError turns an error body into an *Error. body may be empty or not JSON at all
// (a proxy's HTML page); the status alone then decides the text.
func decodeError(status int, body []byte) *Error {
	e := &Error{Status: status}
	var b errorBody
	if err := json.Unmarshal(body, &b); err != nil {
		e.Message = shorten(string(body), 200)
		return e
	}
	e.fill(b)
	return e
}

// fill copies a decoded body into e and derives the parsed fields.
func (e *Error) fill(b errorBody) {
	e.Message = b.Message
	e.CorrelationID = b.CorrelationID
	e.Category = b.Category
	if e.Category == "" {
		e.Category = b.ErrorType
	}
	e.SubCategory = rawText(b.SubCategory)
	e.Context = stringLists(b.Context)
	e.Validation = parseValidation(b)
	e.RequiredScopes = parseScopes(b)
	if m := existingIDRE.FindStringSubmatch(b.Message); m != nil {
		e.ExistingID = m[1]
	}
	e.Policy = parsePolicy(b)
	if e.Status == 0 {
		// Batch errors carry status as a string: the HTTP code, or just "error".
		if _, err := fmt.Sscan(b.Status, &e.Status); err != nil || e.Status < 100 {
			e.Status = statusForCategory(e.Category)
		}
	}
}

// statusForCategory is the HTTP status HubSpot uses for a category, for batch errors that
// name only the category.
func statusForCategory(category string) int {
	switch category {
	case "OBJECT_NOT_FOUND":
		return 404
	case "CONFLICT":
		return 409
	case "MISSING_SCOPES", "USER_DOES_NOT_HAVE_PERMISSIONS":
		return 403
	case "INVALID_AUTHENTICATION", "EXPIRED_AUTHENTICATION":
		return 401
	case "RATE_LIMIT", "RATE_LIMITS":
		return 429
	}
	return 400
}

// rawText returns a JSON string's value, or an object's compact text.
func rawText(r json.RawMessage) string {
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	return string(r)
}

// stringLists reads a context map whose values are string lists (or, leniently, single values).
func stringLists(m map[string]json.RawMessage) map[string][]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, raw := range m {
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			out[k] = list
			continue
		}
		var anyList []any
		if json.Unmarshal(raw, &anyList) == nil {
			for _, v := range anyList {
				out[k] = append(out[k], fmt.Sprint(v))
			}
			continue
		}
		out[k] = []string{rawText(raw)}
	}
	return out
}

func parseValidation(b errorBody) []PropertyError {
	var out []PropertyError
	if rest, ok := strings.CutPrefix(b.Message, validationPrefix); ok {
		var list []embeddedPropertyError
		if json.Unmarshal([]byte(rest), &list) == nil {
			for _, p := range list {
				out = append(out, PropertyError{Name: p.Name, Code: p.Error, Message: p.Message})
			}
		}
	}
	for _, d := range b.Errors {
		ctx := stringLists(d.Context)
		names := ctx["propertyName"]
		if len(names) == 0 && d.Code == "" {
			continue
		}
		if len(names) == 0 {
			names = []string{""}
		}
		for _, n := range names {
			if !hasPropertyError(out, n, d.Code) {
				out = append(out, PropertyError{Name: n, Code: d.Code, Message: d.Message})
			}
		}
	}
	for _, n := range stringLists(b.Context)["invalidPropertyName"] {
		if !hasPropertyError(out, n, "") {
			out = append(out, PropertyError{Name: n, Code: "PROPERTY_DOESNT_EXIST", Message: "Property \"" + n + "\" does not exist"})
		}
	}
	return out
}

func hasPropertyError(list []PropertyError, name, code string) bool {
	for _, p := range list {
		if p.Name == name && (code == "" || p.Code == code) {
			return true
		}
	}
	return false
}

func parseScopes(b errorBody) []string {
	seen := map[string]bool{}
	add := func(m map[string][]string) {
		for _, key := range []string{"requiredScopes", "requiredGranularScopes", "missingScopes"} {
			for _, s := range m[key] {
				seen[s] = true
			}
		}
	}
	add(stringLists(b.Context))
	for _, d := range b.Errors {
		add(stringLists(d.Context))
	}
	if len(seen) == 0 {
		return nil
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// parsePolicy names a 429's policy from policyName, or from the message (search's secondly
// limit is recognised by its text, as HubSpot's own clients do).
func parsePolicy(b errorBody) string {
	p := strings.ToUpper(b.PolicyName)
	msg := strings.ToLower(b.Message)
	switch {
	case p == PolicyDaily || strings.Contains(msg, "daily limit"):
		return PolicyDaily
	case p == PolicySecondly || strings.Contains(msg, "secondly limit") && !strings.Contains(msg, "ten_secondly"):
		return PolicySecondly
	case p != "":
		return p
	case strings.Contains(msg, "ten_secondly"):
		return PolicyTenSecondly
	}
	return ""
}
