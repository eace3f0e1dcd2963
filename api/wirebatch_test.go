package api

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzPlainBatch checks the batch answer's fast path as FuzzPlainObject checks the record's:
// what plain accepts is valid JSON that encoding/json reads to the same answer.
func FuzzPlainBatch(f *testing.F) {
	rec := `{"id":"1601","properties":{"email":"a@b.co","firstname":"A","lastname":null},"createdAt":"2026-12-05T02:04:23.571Z","updatedAt":"2026-12-05T02:04:23.571Z","archived":false,"new":true}`
	for _, s := range []string{
		`{"status":"COMPLETE","results":[` + rec + `,` + rec + `],"startedAt":"2026-12-05T02:04:23.570Z","completedAt":"2026-12-05T02:04:23.571Z"}`,
		`{"status":"COMPLETE","results":[],"startedAt":"x","completedAt":"y","requestedAt":"z"}`, `{}`, `{"results":null}`,
		`{"status":"COMPLETE","results":[` + rec + `],"errors":[{"status":"error","message":"m","category":"VALIDATION_ERROR"}],"numErrors":1}`,
		`{"results":[{"id":"1"}],"results":[{"id":"2"}]}`, `{"results":[{"id":"1"},]}`, `{"results":[{"id":"1"}]} x`,
		`{"status":"COMPLETE","results":[{"id":"1","associations":{}}]}`, `{"Status":"COMPLETE"}`, `{"status":null}`,
		`{"results":[1]}`, `{"results":[{"id":"1"} {"id":"2"}]}`, ` { "results" : [ { "id" : "1" } ] } `,
	} {
		f.Add([]byte(s))
	}
	type fields wireBatchResponse
	f.Fuzz(func(t *testing.T, b []byte) {
		var w wireBatchResponse
		if !w.plain(b) {
			return
		}
		var ref fields
		if !json.Valid(b) || json.Unmarshal(b, &ref) != nil {
			t.Fatalf("plain accepted %q, which encoding/json refuses", b)
		}
		if !reflect.DeepEqual(w, wireBatchResponse(ref)) {
			t.Fatalf("%q: fast path %+v, encoding/json %+v", b, w, ref)
		}
	})
}

// The usual batch answer is read by the fast path (every record of it), and the one carrying
// errors is left to encoding/json, which reads them.
func TestPlainBatchReadsTheUsualAnswer(t *testing.T) {
	var w wireBatchResponse
	body := `{"status":"COMPLETE","results":[{"id":"1601","properties":{"email":"a@b.co","lastname":null},"archived":false,"new":true},` +
		`{"id":"1602","properties":{"email":"c@b.co"},"new":false}],"startedAt":"2026-12-05T02:04:23.570Z","completedAt":"2026-12-05T02:04:23.571Z"}`
	if !w.plain([]byte(body)) {
		t.Fatal("the usual answer is not read by the fast path")
	}
	if w.Status != "COMPLETE" || w.StartedAt != "2026-12-05T02:04:23.570Z" || len(w.Results) != 2 ||
		w.Results[1].ID != "1602" || *w.Results[0].New != true || w.Results[0].Properties["email"] != "a@b.co" {
		t.Fatalf("%+v", w)
	}
	if w.plain([]byte(`{"status":"COMPLETE","results":[],"errors":[{"message":"m"}],"numErrors":1}`)) {
		t.Fatal("an answer with errors went through the fast path")
	}
}

// BenchmarkDecodeBatchAnswer decodes a 100-record batch upsert answer as the import gets it.
func BenchmarkDecodeBatchAnswer(b *testing.B) {
	body := []byte(`{"status":"COMPLETE","results":[`)
	for i := range MaxBatchInputs {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, `{"id":"16`+string(rune('0'+i%10))+`1","properties":{"createdate":"2026-12-05T02:04:23.571Z","email":"bench0000001@example.com","firstname":"First1","hs_object_id":"1601","jobtitle":"Engineer","lastmodifieddate":"2026-12-05T02:04:23.571Z","lastname":"Last1"},"createdAt":"2026-12-05T02:04:23.571Z","updatedAt":"2026-12-05T02:04:23.571Z","archived":false,"new":true}`...)
	}
	body = append(body, `],"startedAt":"2026-12-05T02:04:23.570Z","completedAt":"2026-12-05T02:04:23.571Z"}`...)
	res := &result{status: 200, body: body}
	b.ReportAllocs()
	for range b.N {
		var w wireBatchResponse
		if err := decodeBody(res, &w); err != nil || len(w.Results) != MaxBatchInputs {
			b.Fatal(err)
		}
	}
}
