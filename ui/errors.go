package ui

import (
	"context"
	"errors"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// errorText turns a failed request into the error line: what failed, then the API layer's
// sentence (which may quote HubSpot's message, so it is sanitized like any HubSpot text).
func errorText(label string, err error) string {
	if errors.Is(err, context.Canceled) {
		return ""
	}
	text := sanitize.Display(err.Error())
	if label == "" {
		return text
	}
	return label + " failed: " + text
}
