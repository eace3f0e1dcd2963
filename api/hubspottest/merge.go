package hubspottest

import (
	"net/http"
	"strconv"
	"strings"
)

// Merge rules beyond "a new record with the primary's values" (contacts.go holds the merge
// itself). From shared/reference (hubspot-activities-owners-sync.md §3, hubspot-behaviour.md):
//
//   - The furthest lifecycle stage of the two wins, whichever record it is on [KB-MERGE].
//   - A profile holds at most 250 identities: a merge whose result would list more merged ids
//     than that answers 414 "Cannot have more than 250 identities on a profile" and changes
//     nothing [D-ERR]. What HubSpot counts as an identity is not documented; the sandbox counts
//     the ids in hs_merged_object_ids (Options.MergeIdentityLimit changes the limit).
//   - Every id ever merged into the record answers for it, however many merges ago (HubSpot:
//     "both old ids keep resolving").
//   - A GET on a merged-away id answers with the merged record [CL-MERGE]. What PATCH and the
//     batch endpoints do with one is UNVERIFIED: by default they follow the merge too;
//     Options.StrictMergedIDs makes them answer as for an unknown id.

// DefaultMergeIdentityLimit is HubSpot's documented limit of identities on one profile.
const DefaultMergeIdentityLimit = 250

// furthestLifecycleStage is the later of two lifecycle stages in the property's option order
// (either may be empty).
func furthestLifecycleStage(typ, a, b string) string {
	d, ok := findProperty(typ, "lifecyclestage")
	if !ok || b == "" {
		return a
	}
	if a == "" || optionRank(d, b) > optionRank(d, a) {
		return b
	}
	return a
}

// tooManyIdentities is the 414 a merge meets when the merged record would carry more than
// the limit of merged ids.
func (s *Sandbox) tooManyIdentities(props map[string]string) *reqError {
	limit := s.opts.MergeIdentityLimit
	if limit <= 0 {
		limit = DefaultMergeIdentityLimit
	}
	if len(splitList(props["hs_merged_object_ids"])) <= limit {
		return nil
	}
	return &reqError{status: http.StatusRequestURITooLong, category: "VALIDATION_ERROR",
		message: "Cannot have more than " + strconv.Itoa(limit) + " identities on a profile"}
}

// repointMerged makes every id merged into o (its hs_merged_object_ids) answer as o directly,
// so a record merged many times over never loses its oldest ids.
func repointMerged(tx *Tx, o *Object) {
	for _, id := range splitList(o.Props["hs_merged_object_ids"]) {
		tx.MarkMerged(o.Type, id, o.ID)
	}
}

// mergedAway reports whether a write or batch read names a record by an id that was merged
// away, under StrictMergedIDs (then it answers as for an unknown id).
func (s *Sandbox) mergedAway(tx *Tx, typ, id, idProperty string) bool {
	if !s.opts.StrictMergedIDs || (idProperty != "" && idProperty != "hs_object_id") {
		return false
	}
	id = strings.TrimSpace(id)
	return tx.Get(typ, id) == nil && tx.Resolve(typ, id) != nil
}
