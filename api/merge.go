package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// mergeCheckProps are what the layer reads of each contact before and after a merge.
var mergeCheckProps = []string{"email", "firstname", "lastname", "hs_merged_object_ids"}

// SameContactError is a merge of a contact with itself: both names (ids or emails) lead to one
// contact, perhaps because one is an id merged into the other long ago. Nothing was sent.
type SameContactError struct {
	Primary, Other string // as given
	ID             string // the contact both lead to
}

func (e *SameContactError) Error() string {
	return fmt.Sprintf("%s and %s are the same contact (id %s): there is nothing to merge; name two different contacts",
		e.Primary, e.Other, e.ID)
}

// MergeContacts merges other into primary (each an id or an email) and returns the merged
// contact. HubSpot gives it a new id; the primary's values win, its email stays and the other's
// becomes an additional one, and every id merged into it keeps answering. Both contacts are
// looked up first: two names for the same contact are a *SameContactError, nothing sent.
//
// A merge is never re-sent blindly: when its answer is lost (a 5xx, a reset, a timeout), the
// layer looks both contacts up. If they have become one record, that is the merge's result; if
// both are still there unchanged, HubSpot certainly did not merge them and the request is sent
// again (up to Config.MaxRetries); anything else is an UNKNOWN_OUTCOME error.
func (c *Client) MergeContacts(ctx context.Context, primary, other string) (*Object, error) {
	a, err := c.GetContact(ctx, primary, GetOptions{Properties: mergeCheckProps})
	if err != nil {
		return nil, err
	}
	b, err := c.GetContact(ctx, other, GetOptions{Properties: mergeCheckProps})
	if err != nil {
		return nil, err
	}
	if a.ID == b.ID {
		return nil, &SameContactError{Primary: primary, Other: other, ID: a.ID}
	}
	body := map[string]string{"primaryObjectId": a.ID, "objectIdToMerge": b.ID}
	path := c.paths.merge(ObjectContacts)
	for resend := 0; ; resend++ {
		var w wireObject
		_, err := c.do(ctx, call{method: http.MethodPost, path: path, body: body, out: &w})
		if err == nil {
			return w.toObject(ObjectContacts), nil
		}
		e, ok := asError(err)
		if !ok || !e.ambiguous {
			return nil, err
		}
		merged, done, lerr := c.mergeOutcome(ctx, a.ID, b.ID)
		switch {
		case lerr != nil:
			return nil, unknownOutcome(e, "the contacts may have been merged and looking them up failed too")
		case done && merged != nil:
			return merged, nil
		case done:
			return nil, unknownOutcome(e, "the contacts "+a.ID+" and "+b.ID+" changed in HubSpot meanwhile")
		case resend >= c.cfg.MaxRetries:
			return nil, e // looked up: certainly not merged
		}
		if err := c.wait(ctx, Wait{Reason: WaitRetry, Duration: backoff(resend + 1), Attempt: resend + 2}); err != nil {
			return nil, c.noAnswer(ctx, call{method: http.MethodPost, path: path}, resend+1, err)
		}
	}
}

// mergeOutcome looks up both contacts of a merge whose answer was lost. done is false when both
// are still themselves (not merged: safe to send again); merged is the record both now lead to
// when they were merged; done with a nil merged means something else happened to them.
func (c *Client) mergeOutcome(ctx context.Context, primaryID, otherID string) (merged *Object, done bool, err error) {
	a, err := c.GetContact(ctx, primaryID, GetOptions{Properties: mergeCheckProps})
	if err != nil {
		return nil, false, err
	}
	b, err := c.GetContact(ctx, otherID, GetOptions{Properties: mergeCheckProps})
	if err != nil {
		return nil, false, err
	}
	switch {
	case a.ID == primaryID && b.ID == otherID:
		return nil, false, nil
	case a.ID == b.ID && MergedFrom(a, primaryID) && MergedFrom(a, otherID):
		return a, true, nil
	}
	return nil, true, nil
}

// MergedFrom reports whether id was merged into obj (HubSpot lists such ids in
// hs_merged_object_ids, ';'-separated).
func MergedFrom(obj *Object, id string) bool {
	for _, m := range strings.Split(obj.Properties["hs_merged_object_ids"], ";") {
		if strings.TrimSpace(m) == id && id != "" {
			return true
		}
	}
	return false
}
