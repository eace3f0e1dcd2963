package cmd_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sandboxCall sends one request with the sandbox's default token and decodes a JSON answer.
func sandboxCall(t *testing.T, method, url string, body any) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		require.NoError(t, json.NewEncoder(&buf).Encode(body))
	}
	req, err := http.NewRequest(method, url, &buf)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+hubspotDefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// --strict-merged-ids reaches the sandbox: a PATCH on a merged-away id is a 404, a GET follows.
func TestSandboxStrictMergedIDsFlag(t *testing.T) {
	for _, strict := range []bool{false, true} {
		args := []string{"--contacts", "0"}
		if strict {
			args = append(args, "--strict-merged-ids")
		}
		url, _, _ := startSandbox(t, args...)
		var ids []string
		for _, e := range []string{"a@example.com", "b@example.com"} {
			_, c := sandboxCall(t, "POST", url+"/crm/v3/objects/contacts", map[string]any{"properties": map[string]string{"email": e}})
			ids = append(ids, c["id"].(string))
		}
		code, merged := sandboxCall(t, "POST", url+"/crm/v3/objects/contacts/merge", map[string]string{"primaryObjectId": ids[0], "objectIdToMerge": ids[1]})
		require.Equal(t, http.StatusOK, code)
		code, got := sandboxCall(t, "GET", url+"/crm/v3/objects/contacts/"+ids[1], nil)
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, merged["id"], got["id"])
		code, _ = sandboxCall(t, "PATCH", url+"/crm/v3/objects/contacts/"+ids[1], map[string]any{"properties": map[string]string{"firstname": "X"}})
		assert.Equal(t, map[bool]int{false: http.StatusOK, true: http.StatusNotFound}[strict], code, "strict=%v", strict)
	}
}

// --enum-sort and --email-eq-secondary reach the sandbox's search.
func TestSandboxSearchSwitches(t *testing.T) {
	search := func(url string, body map[string]any) []string {
		code, out := sandboxCall(t, "POST", url+"/crm/v3/objects/contacts/search", body)
		require.Equal(t, http.StatusOK, code, "%v", out)
		var emails []string
		for _, r := range out["results"].([]any) {
			emails = append(emails, r.(map[string]any)["properties"].(map[string]any)["email"].(string))
		}
		return emails
	}
	sorted := map[string]any{"properties": []string{"email"}, "sorts": []map[string]string{{"propertyName": "lifecyclestage", "direction": "ASCENDING"}}}
	secondary := map[string]any{"properties": []string{"email"}, "filterGroups": []map[string]any{{"filters": []map[string]string{
		{"propertyName": "email", "operator": "EQ", "value": "alt@example.org"}}}}}
	for _, args := range [][]string{nil, {"--enum-sort", "options", "--email-eq-secondary"}} {
		url, _, _ := startSandbox(t, append([]string{"--contacts", "0"}, args...)...)
		for _, p := range []map[string]string{
			{"email": "c@example.com", "lifecyclestage": "customer", "hs_additional_emails": "alt@example.org"},
			{"email": "s@example.com", "lifecyclestage": "subscriber"},
		} {
			code, _ := sandboxCall(t, "POST", url+"/crm/v3/objects/contacts", map[string]any{"properties": p})
			require.Equal(t, http.StatusCreated, code)
		}
		if args == nil {
			assert.Equal(t, []string{"c@example.com", "s@example.com"}, search(url, sorted), "by internal value")
			assert.Empty(t, search(url, secondary))
		} else {
			assert.Equal(t, []string{"s@example.com", "c@example.com"}, search(url, sorted), "Subscriber before Customer")
			assert.Equal(t, []string{"c@example.com"}, search(url, secondary))
		}
	}
	res := newWorld(t).run(nil, "sandbox", "--enum-sort", "alphabet")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `--enum-sort "alphabet": give value or options`)
}
