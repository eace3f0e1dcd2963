package index

import (
	"encoding/json"
	"time"
)

// State is what the index knows of its sync, kept in the store with the contacts it describes
// (one transaction), so a sync stopped anywhere (Ctrl-C, a crash, kill -9) resumes from it.
type State struct {
	// The full scan: the list endpoint's cursor where an unfinished scan resumes ("" when none
	// is under way), when it began (the delta after it starts there) and how many it has read.
	ScanAfter   string    `json:"scanAfter,omitempty"`
	ScanStarted time.Time `json:"scanStarted,omitzero"`
	Scanned     int       `json:"scanned,omitempty"`
	// Complete is set once a full scan has finished: from then on syncs are incremental.
	Complete bool `json:"complete,omitempty"`
	// Watermark: every change HubSpot's search showed up to it is in the index.
	Watermark time.Time `json:"watermark,omitzero"`
	// LastSync is when the last sync finished; LastSweep and LastBin when the last id sweep
	// and the last reading of the recycle bin did.
	LastSync  time.Time `json:"lastSync,omitzero"`
	LastSweep time.Time `json:"lastSweep,omitzero"`
	LastBin   time.Time `json:"lastBin,omitzero"`
	// PortalID is the portal the index is of (0 when not known).
	PortalID int64 `json:"portalId,omitempty"`
}

func (s *State) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func (s *State) decode(b []byte) error { return json.Unmarshal(b, s) }
