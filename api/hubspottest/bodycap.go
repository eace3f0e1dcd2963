package hubspottest

import (
	"fmt"
	"net/http"
)

// capBody limits request bodies to Options.MaxBodyBytes (negative: no cap). A declared Content-Length over the cap
// is refused at once; a body that turns out longer fails when read, and readJSON answers the
// same 413 then. HubSpot's own answer to an oversized body is not documented: 413 with a
// VALIDATION_ERROR body in HubSpot's shape is our choice.
func (s *Sandbox) capBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.opts.MaxBodyBytes
		if limit < 0 {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > limit {
			w.Header().Set("Connection", "close")
			writeError(w, r, http.StatusRequestEntityTooLarge, "VALIDATION_ERROR",
				fmt.Sprintf("Request body is larger than the %d byte limit", limit), nil)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}
