package hubspottest

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// apiError is HubSpot's error body. Every field but status/message/correlationId/category is
// optional and omitted when empty, as HubSpot does.
type apiError struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category,omitempty"`
	SubCategory   string              `json:"subCategory,omitempty"`
	Context       map[string][]string `json:"context,omitempty"`
	Errors        []errorDetail       `json:"errors,omitempty"`
	Links         map[string]string   `json:"links,omitempty"`
	// Rate-limit bodies use these instead of category.
	ErrorType  string `json:"errorType,omitempty"`
	PolicyName string `json:"policyName,omitempty"`
	GroupName  string `json:"groupName,omitempty"`
	RequestID  string `json:"requestId,omitempty"`
}

type errorDetail struct {
	Message     string              `json:"message"`
	Code        string              `json:"code,omitempty"`
	In          string              `json:"in,omitempty"`
	SubCategory string              `json:"subCategory,omitempty"`
	Context     map[string][]string `json:"context,omitempty"`
}

// propertyError is one entry of the JSON array HubSpot serialises inside a VALIDATION_ERROR's
// message ("Property values were not valid: [...]").
type propertyError struct {
	IsValid               bool   `json:"isValid"`
	Message               string `json:"message"`
	Error                 string `json:"error"`
	Name                  string `json:"name"`
	LocalizedErrorMessage string `json:"localizedErrorMessage,omitempty"`
	PropertyValue         string `json:"propertyValue,omitempty"`
	PortalID              int    `json:"portalId,omitempty"`
}

// newCorrelationID returns a random UUID v4 string.
func newCorrelationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// writeError writes an error body with the given status and category, plus optional extra fields
// (context, errors, links, subCategory) taken from extra when not nil.
func writeError(w http.ResponseWriter, r *http.Request, status int, category, message string, extra *apiError) {
	body := apiError{}
	if extra != nil {
		body = *extra
	}
	body.Status = "error"
	body.Message = message
	body.Category = category
	if body.CorrelationID == "" {
		body.CorrelationID = correlationID(r)
	}
	writeJSON(w, status, body)
}

// propertyErrorsMessage renders per-property failures the way HubSpot does: a JSON array inside
// the message string.
func propertyErrorsMessage(errs []propertyError) string {
	b, _ := json.Marshal(errs)
	return "Property values were not valid: " + string(b)
}

// writeNotFound writes HubSpot's 404 for an unknown record (note the double space).
func writeNotFound(w http.ResponseWriter, r *http.Request, id string) {
	writeError(w, r, http.StatusNotFound, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.",
		&apiError{Context: map[string][]string{"id": {id}}})
}

// writeBadJSON writes the 400 HubSpot gives for a body it cannot parse.
func writeBadJSON(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR",
		"Invalid input JSON on line 1, column 1: "+err.Error(), nil)
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readJSON decodes the request body into v, writing HubSpot's 400 and returning false on failure.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, r, http.StatusRequestEntityTooLarge, "VALIDATION_ERROR",
				fmt.Sprintf("Request body is larger than the %d byte limit", tooBig.Limit), nil)
			return false
		}
		writeBadJSON(w, r, err)
		return false
	}
	return true
}
