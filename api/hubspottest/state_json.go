package hubspottest

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The state file's version 1: one JSON document, which this sandbox still reads (and no longer
// writes: a fold of the log replaces it with version 2, state_binary.go). The same records,
// associations, merges and blocklist, every property's history written out in full.
const (
	stateFormat  = "hubcontacts-sandbox-state"
	stateVersion = 1
)

type stateFile struct {
	Format       string            `json:"format"`
	Version      int               `json:"version"`
	SavedAt      time.Time         `json:"savedAt"`
	NextID       int64             `json:"nextId"`
	WalSeq       uint64            `json:"walSeq,omitempty"` // the last line of FILE.wal this file holds
	Objects      []stateObject     `json:"objects"`
	Associations []stateAssoc      `json:"associations"`
	Unique       map[string]string `json:"unique,omitempty"`
	Merged       map[string]string `json:"merged,omitempty"`
	Blocklist    []string          `json:"blocklist,omitempty"`
}

type stateObject struct {
	Type       string                    `json:"type"`
	ID         string                    `json:"id"`
	Props      map[string]string         `json:"properties"`
	History    map[string][]stateHistory `json:"history,omitempty"`
	CreatedAt  time.Time                 `json:"createdAt"`
	UpdatedAt  time.Time                 `json:"updatedAt"`
	Archived   bool                      `json:"archived,omitempty"`
	ArchivedAt time.Time                 `json:"archivedAt,omitzero"`
}

type stateHistory struct {
	Value      string    `json:"value"`
	Timestamp  time.Time `json:"timestamp"`
	SourceType string    `json:"sourceType,omitempty"`
	SourceID   string    `json:"sourceId,omitempty"`
}

type stateAssoc struct {
	FromType string      `json:"fromType"`
	FromID   string      `json:"fromId"`
	ToType   string      `json:"toType"`
	ToID     string      `json:"toId"`
	Types    []AssocType `json:"types"`
}

// readJSONState reads a version 1 (JSON) state file one record at a time into an empty
// store, checking what the store relies on (known types, numeric unique ids, known endpoints) as
// it goes; it returns the last log line the file holds.
func (tx *Tx) readJSONState(r io.Reader) (uint64, error) {
	return tx.readSnapshot(json.NewDecoder(r))
}

func (tx *Tx) readSnapshot(dec *json.Decoder) (walSeq uint64, err error) {
	notState := func(err error) error { return fmt.Errorf("not a sandbox state file: %w", err) }
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, notState(fmt.Errorf("not a JSON object (%v)", err))
	}
	var head stateFile
	headChecked := false
	checkHead := func() error {
		if headChecked {
			return nil
		}
		headChecked = true
		if head.Format != stateFormat {
			return fmt.Errorf("not a sandbox state file (format %q)", head.Format)
		}
		if head.Version != stateVersion {
			return fmt.Errorf("state file version %d, from a newer hubcontacts: this one reads versions 1 and 2", head.Version)
		}
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, notState(err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			err = dec.Decode(&head.Format)
		case "version":
			err = dec.Decode(&head.Version)
		case "nextId":
			err = dec.Decode(&head.NextID)
		case "walSeq":
			err = dec.Decode(&head.WalSeq)
		case "objects", "associations":
			if err := checkHead(); err != nil {
				return 0, err
			}
			err = tx.readList(dec, key)
		case "unique":
			err = dec.Decode(&tx.s.unique)
		case "merged":
			err = dec.Decode(&tx.s.merged)
		case "blocklist":
			var list []string
			if err = dec.Decode(&list); err == nil {
				for _, e := range list {
					tx.s.blocklist[strings.ToLower(e)] = true
				}
			}
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return 0, notState(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return 0, notState(err)
	}
	if err := checkHead(); err != nil {
		return 0, err
	}
	if tx.s.unique == nil {
		tx.s.unique = map[string]string{}
	}
	if tx.s.merged == nil {
		tx.s.merged = map[string]string{}
	}
	tx.s.nextID = max(tx.s.nextID, head.NextID)
	return head.WalSeq, nil
}

// readList reads the objects or the associations, one at a time.
func (tx *Tx) readList(dec *json.Decoder, key string) error {
	if tok, err := dec.Token(); err != nil {
		return err
	} else if tok == nil {
		return nil
	} else if tok != json.Delim('[') {
		return fmt.Errorf("%s is not a list", key)
	}
	for i := 0; dec.More(); i++ {
		var err error
		if key == "objects" {
			var so stateObject
			if err = dec.Decode(&so); err == nil {
				err = tx.s.checkObject(i, so)
			}
			if err == nil {
				tx.s.restoreObject(so)
			}
		} else {
			var a stateAssoc
			if err = dec.Decode(&a); err == nil {
				err = tx.s.restoreAssoc(i, a)
			}
		}
		if err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// checkObject checks what restoreObject relies on: a known type, a numeric id, not seen before.
func (s *Store) checkObject(i int, o stateObject) error {
	if canonicalType(o.Type) != o.Type || o.Type == "" {
		return fmt.Errorf("record %d: unknown object type %q", i, o.Type)
	}
	if _, ok := parseID(o.ID); !ok {
		return fmt.Errorf("record %d: id %q is not a positive number", i, o.ID)
	}
	if _, dup := s.find(o.Type, o.ID); dup {
		return fmt.Errorf("record %d: %s %s appears twice", i, o.Type, o.ID)
	}
	return nil
}

// restoreAssoc adds one saved association (one direction, its types).
func (s *Store) restoreAssoc(i int, a stateAssoc) error {
	from, ok1 := s.find(a.FromType, a.FromID)
	to, ok2 := s.find(a.ToType, a.ToID)
	if !ok1 || !ok2 {
		return fmt.Errorf("association %d: %s %s → %s %s names a record not in the file", i, a.FromType, a.FromID, a.ToType, a.ToID)
	}
	for _, t := range a.Types {
		s.edges.link(s, from, to, t, nil)
	}
	return nil
}

// restoreObject stores one saved record. History entries the store would imply (a single entry
// at creation from the record's creation source) are left implicit; the others are stored.
func (s *Store) restoreObject(so stateObject) {
	t, _ := typeIndex(so.Type)
	n, _ := parseID(so.ID)
	r := record{id: n, created: ms(so.CreatedAt), updated: ms(so.UpdatedAt)}
	if so.Archived {
		r.flags |= flagArchived
	}
	r.src = uint16(s.codec.sources.id(restoreSource(so, r.created)))
	src := s.codec.sources.names[r.src]
	kvs := s.storedProps(so.Props)
	var hist []byte
	for _, name := range sortedKeys(so.History) {
		h := so.History[name]
		implied := src
		current := so.Props[name]
		switch name {
		case "hs_object_id", "createdate":
			implied = "CRM_SETTING"
		case "lastmodifieddate":
			implied, current = "CRM_SETTING", isoMS(r.updated)
		}
		if len(h) == 1 && h[0].Value == current && current != "" && ms(h[0].Timestamp) == r.created &&
			h[0].SourceType == implied && h[0].SourceID == "" {
			continue
		}
		pid := s.codec.props.id(name)
		if i, ok := slices.BinarySearchFunc(kvs, pid, func(p propKV, pid uint32) int { return int(p.pid) - int(pid) }); ok {
			kvs[i].hist = true
		}
		if pid == pidModified {
			r.flags |= flagModHist
		}
		for _, e := range h {
			hist = s.codec.appendHist(hist, histEntry{pid: pid, value: e.Value, at: ms(e.Timestamp),
				source: s.codec.sources.id(e.SourceType), srcID: e.SourceID}, r.created)
		}
	}
	s.addWhole(t, r, kvs, hist, ms(so.ArchivedAt))
}

// restoreSource picks the source a saved record was created from: the commonest source of the
// properties whose only history entry is their value at creation.
func restoreSource(so stateObject, created int64) string {
	count := map[string]int{}
	for name, h := range so.History {
		if !isStampName(name) && len(h) == 1 &&
			h[0].Value == so.Props[name] && ms(h[0].Timestamp) == created && h[0].SourceID == "" {
			count[h[0].SourceType]++
		}
	}
	best := "CRM_UI"
	for src, n := range count {
		if n > count[best] || n == count[best] && src < best {
			best = src
		}
	}
	return best
}
