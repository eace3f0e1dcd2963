package hubspottest

import "time"

// searchView is a record as search sees it at one moment (search lag: the values of an earlier
// write until the latest one becomes visible). It points into the store's arena and must not
// outlive the read lock's holder's use of it beyond the request.
type searchView struct {
	s       *Store
	key     recKey
	id      int64
	created int64
	updated int64
	props   []byte
}

// searchView returns what search sees of a record at now; false when it sees nothing.
func (s *Store) searchView(k recKey, now time.Time) (searchView, bool) {
	data, updated, ok := s.seen(k, now.UnixNano())
	if !ok {
		return searchView{}, false
	}
	r := s.rec(k)
	props, _ := splitBlob(s.arena.get(data))
	return searchView{s: s, key: k, id: r.id, created: r.created, updated: updated, props: props}, true
}

// propRef is a property name resolved for reading views: a stamp, or a property number.
type propRef struct {
	stamp int8 // pidObjectID, pidCreated, pidModified, or -1
	alias int8 // the stamp an unset hs_createdate/hs_lastmodifieddate falls back to, or -1
	pid   uint32
	known bool // the store has seen the name
}

// propRef resolves a name (under the store's lock): the stamps are the record's fields;
// hs_createdate and hs_lastmodifieddate, when a record has no value of its own, read them too.
func (s *Store) propRef(name string) propRef {
	r := propRef{stamp: -1, alias: -1}
	switch name {
	case "hs_object_id":
		r.stamp = pidObjectID
	case "createdate":
		r.stamp = pidCreated
	case "lastmodifieddate":
		r.stamp = pidModified
	case "hs_createdate":
		r.alias = pidCreated
	case "hs_lastmodifieddate":
		r.alias = pidModified
	}
	r.pid, r.known = s.codec.props.lookup(name)
	return r
}

func (v *searchView) stamp(which int8) (int64, bool) {
	switch which {
	case pidObjectID:
		return v.id, true
	case pidCreated:
		return v.created, true
	case pidModified:
		return v.updated, true
	}
	return 0, false
}

// value returns a property's value as search sees it ("" for none).
func (v *searchView) value(r propRef) string {
	if r.stamp >= 0 {
		n, _ := v.stamp(r.stamp)
		if r.stamp == pidObjectID {
			return formatID(n)
		}
		return isoMS(n)
	}
	if r.known {
		if s, ok := v.s.codec.prop(v.props, r.pid, v.created); ok {
			return s
		}
	}
	if r.alias >= 0 {
		n, _ := v.stamp(r.alias)
		return isoMS(n)
	}
	return ""
}

// number returns a number or time property's value as searchNumber reads it, without
// formatting stored numbers and times as text first.
func (v *searchView) number(r propRef, kind searchKind) (float64, bool) {
	stamp := r.stamp
	if stamp < 0 && r.known {
		tag, b, ok := propRaw(v.props, r.pid)
		if ok {
			if n, isNum := numericValue(b, tag, v.created); isNum && (tag == tagInt || kind == kindTime) {
				return float64(n), true
			}
			s, _ := v.s.codec.readValue(b, r.pid, tag, v.created)
			return searchNumber(kind, s)
		}
	}
	if stamp < 0 {
		stamp = r.alias
	}
	if stamp < 0 {
		return 0, false
	}
	n, _ := v.stamp(stamp)
	if stamp == pidObjectID || kind == kindTime {
		return float64(n), true
	}
	return searchNumber(kind, isoMS(n)) // a time stamp read as a number: not one
}
