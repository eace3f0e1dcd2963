package index

import (
	"bytes"
	"encoding/json"
	"os"

	"github.com/hubcontacts/hubcontacts/api"
)

// Definitions are the contacts' property definitions and groups as HubSpot gave them last (the
// labels, types and options the app shows the contacts with), kept beside the index so that the
// app opened offline shows the index as it would online. They describe the portal's fields, not
// its contacts. A file that cannot be read is as none: the app asks HubSpot.
type Definitions struct {
	Properties []api.Property      `json:"properties"`
	Groups     []api.PropertyGroup `json:"groups"`
}

const defsName = "definitions.json"

// SaveDefinitions keeps d, writing it when it differs from what is kept (not in a read-only
// index).
func (ix *Index) SaveDefinitions(d Definitions) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.st.readOnly || bytes.Equal(b, ix.defs) {
		return nil
	}
	if ix.defs == nil {
		if old, err := os.ReadFile(ix.st.path(defsName)); err == nil && bytes.Equal(old, b) {
			ix.defs = b
			return nil
		}
	}
	tmp := ix.st.path(defsName + ".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, ix.st.path(defsName)); err != nil {
		os.Remove(tmp)
		return err
	}
	ix.defs = b
	return nil
}

// Definitions are the kept definitions; false when there are none (or they cannot be read).
func (ix *Index) Definitions() (Definitions, bool) {
	ix.mu.RLock()
	b := ix.defs
	ix.mu.RUnlock()
	if b == nil {
		var err error
		if b, err = os.ReadFile(ix.st.path(defsName)); err != nil {
			return Definitions{}, false
		}
	}
	var d Definitions
	if json.Unmarshal(b, &d) != nil || len(d.Properties) == 0 {
		return Definitions{}, false
	}
	return d, true
}
