package api

import (
	"encoding/json"
	"maps"
	"reflect"
	"testing"
)

// FuzzPlainProps checks the properties fast path against encoding/json: whenever plainProps
// accepts an input, the input is valid JSON and encoding/json reads the same map from it; and
// through a whole record, both decoders agree on every input, error or not.
func FuzzPlainProps(f *testing.F) {
	for _, s := range []string{
		`{}`, ` { } `, `{"email":"a@b.co","firstname":null}`,
		`{"a":"1","a":"2"}`, `{"a":"1","a":null}`, `{"a":null,"a":"1"}`, `{"note":"line\nbreak"}`,
		`{"n":12}`, `{"b":true}`, `{"o":{"x":"y"}}`, `{"é":"ünïcödé","emoji":"😀"}`, "{\"bad\":\"\xff\"}",
		`{"q":"\"quoted\""}`, `{"a":"1",}`, `{"a" : "1" , "b" : null }`, `null`, `{"a":nul}`, `{"a":"1"}x`,
		`{"a":"tab	here"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, end, ok := plainProps(b, skipSpace(b, 0)); ok && skipSpace(b, end) == len(b) {
			var ref map[string]wireValue
			if !json.Valid(b) || json.Unmarshal(b, &ref) != nil {
				t.Fatalf("plainProps accepted %q, which encoding/json refuses", b)
			}
			if !maps.Equal(m, propsOf(ref)) {
				t.Fatalf("%q: fast path %v, encoding/json %v", b, m, ref)
			}
		}
		doc := append(append([]byte(`{"id":"1","properties":`), b...), '}')
		var fast struct {
			Properties wireProps `json:"properties"`
		}
		var ref struct {
			Properties map[string]wireValue `json:"properties"`
		}
		errFast, errRef := json.Unmarshal(doc, &fast), json.Unmarshal(doc, &ref)
		if (errFast == nil) != (errRef == nil) {
			t.Fatalf("%q: fast path error %v, encoding/json error %v", b, errFast, errRef)
		}
		if errRef == nil && !maps.Equal(fast.Properties, propsOf(ref.Properties)) {
			t.Fatalf("%q: fast path %v, encoding/json %v", b, fast.Properties, ref.Properties)
		}
	})
}

// FuzzPlainObject checks the record fast path the same way: what plain accepts is valid JSON
// that encoding/json reads to the same record, and wireObject's decoding agrees with
// encoding/json's on every input (a batch answer's results go through it one by one).
func FuzzPlainObject(f *testing.F) {
	for _, s := range []string{
		`{"id":"1001","properties":{"email":"a@b.co","firstname":null},"createdAt":"2026-05-01T12:00:00.000Z","updatedAt":"2026-05-01T12:00:00.000Z","archived":false}`,
		`{"id":"1","new":true,"objectWriteTraceId":"hc-1","properties":{}}`, `{}`, `{"id":null}`, `{"new":true,"new":null}`,
		`{"id":"1","properties":null}`, `{"id":1}`, `{"ID":"1"}`, `{"id":"1","associations":{"companies":{"results":[]}}}`,
		`{"id":"1","archived":true,"archivedAt":"x"}`, `{"id":"1"} `, `{"id":"1",}`, `[]`, `{"id":"a\"b"}`,
		`{"properties":{"a":"1"},"properties":{"b":"2"}}`, `{"archived":nul}`,
	} {
		f.Add([]byte(s))
	}
	type fields wireObject
	f.Fuzz(func(t *testing.T, b []byte) {
		var w wireObject
		if w.plain(b) {
			var ref fields
			if !json.Valid(b) || json.Unmarshal(b, &ref) != nil {
				t.Fatalf("plain accepted %q, which encoding/json refuses", b)
			}
			if !reflect.DeepEqual(w, wireObject(ref)) {
				t.Fatalf("%q: fast path %+v, encoding/json %+v", b, w, ref)
			}
		}
		var got wireObject
		var ref fields
		errGot, errRef := json.Unmarshal(b, &got), json.Unmarshal(b, &ref)
		if (errGot == nil) != (errRef == nil) {
			t.Fatalf("%q: error %v, encoding/json %v", b, errGot, errRef)
		}
		if errRef == nil && !reflect.DeepEqual(got, wireObject(ref)) {
			t.Fatalf("%q: %+v, encoding/json %+v", b, got, ref)
		}
	})
}
