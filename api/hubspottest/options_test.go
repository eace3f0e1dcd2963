package hubspottest_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

func TestParseRateLimit(t *testing.T) {
	for in, want := range map[string]hubspottest.RateLimit{
		"100/10s":      {Max: 100, Interval: 10 * time.Second},
		" 190 / 10s ":  {Max: 190, Interval: 10 * time.Second},
		"5/s":          {Max: 5, Interval: time.Second},
		"5/1s":         {Max: 5, Interval: time.Second},
		"250/10000ms":  {Max: 250, Interval: 10 * time.Second},
		"1000/m":       {Max: 1000, Interval: time.Minute},
		"off":          {Max: -1, Interval: 10 * time.Second},
		"OFF":          {Max: -1, Interval: 10 * time.Second},
		"3/1.5s":       {Max: 3, Interval: 1500 * time.Millisecond},
		"1/24h":        {Max: 1, Interval: 24 * time.Hour},
		"1000000000/h": {Max: 1_000_000_000, Interval: time.Hour},
	} {
		got, err := hubspottest.ParseRateLimit(in)
		if err != nil || got != want {
			t.Errorf("ParseRateLimit(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "100", "100/", "/10s", "0/10s", "-5/10s", "abc/10s", "100/abc", "100/0s",
		"100/-1s", "100/25h", "100/1us", "1000000001/10s", "100/10s/2", "1e3/10s"} {
		if got, err := hubspottest.ParseRateLimit(in); err == nil {
			t.Errorf("ParseRateLimit(%q) = %+v, want an error", in, got)
		} else if !strings.Contains(err.Error(), "like 100/10s") {
			t.Errorf("ParseRateLimit(%q): error %q does not say what to write", in, err)
		}
	}
}

func TestParseFaults(t *testing.T) {
	got, err := hubspottest.ParseFaults("latency=20ms,5xx=0.1,429=0.05,reset=0.01,truncate=0.01,drop=0.01,only=POST")
	want := hubspottest.Faults{Latency: 20 * time.Millisecond, Error5xx: 0.1, RateLimit429: 0.05, Reset: 0.01,
		Truncate: 0.01, DropAfterWrite: 0.01, Only: hubspottest.FaultFilter{Methods: []string{"POST"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, %v\nwant %+v", got, err, want)
	}
	got, err = hubspottest.ParseFaults(" latency = 10ms-50ms , 5xx=10%, codes=502|503 ,only=post|patch,path=/crm/v3/objects/contacts,")
	want = hubspottest.Faults{Latency: 10 * time.Millisecond, LatencyMax: 50 * time.Millisecond, Error5xx: 0.1,
		Codes: []int{502, 503}, Only: hubspottest.FaultFilter{Methods: []string{"POST", "PATCH"}, Path: "/crm/v3/objects/contacts"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, %v\nwant %+v", got, err, want)
	}
	for _, in := range []string{"", "off", "none", "  "} {
		if got, err := hubspottest.ParseFaults(in); err != nil || !reflect.DeepEqual(got, hubspottest.Faults{}) {
			t.Errorf("ParseFaults(%q) = %+v, %v; want no faults", in, got, err)
		}
	}
}

func TestParseFaultsErrorsSayWhatIsWrong(t *testing.T) {
	for in, says := range map[string]string{
		"5xx":                  "not key=value",
		"boom=0.1":             `unknown key "boom"`,
		"5xx=2":                "ratio from 0 to 1",
		"5xx=-0.1":             "ratio from 0 to 1",
		"5xx=NaN":              "ratio from 0 to 1",
		"reset=abc":            "ratio from 0 to 1",
		"5xx=0.6,429=0.5":      "add up to 1.1",
		"5xx=0.1,5xx=0.2":      "given twice",
		"latency=fast":         "duration like 20ms",
		"latency=50ms-10ms":    "runs backwards",
		"latency=1ms-x":        "range like 10ms-50ms",
		"latency=11m":          "from 0 to 10m0s",
		"codes=501":            "500|502|503|504",
		"only=FETCH":           "not an HTTP method",
		"path=":                "piece of a path",
		"latency=20ms,drop=1%": "",
	} {
		_, err := hubspottest.ParseFaults(in)
		if says == "" {
			if err != nil {
				t.Errorf("ParseFaults(%q): %v", in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), says) || !strings.HasPrefix(err.Error(), "faults: ") {
			t.Errorf("ParseFaults(%q) error %v, want one saying %q", in, err, says)
		}
	}
}

func TestFaultsStringRoundTrips(t *testing.T) {
	for _, in := range []string{"latency=20ms,5xx=0.1,429=0.05,reset=0.01,truncate=0.01,drop=0.01,only=POST",
		"latency=0s-50ms,codes=500|500|504,path=/x=y", "off"} {
		f, err := hubspottest.ParseFaults(in)
		if err != nil {
			t.Fatal(err)
		}
		if f.String() != in {
			t.Errorf("String() = %q, want %q", f.String(), in)
		}
	}
	if s := (hubspottest.RateLimit{Max: 100, Interval: 10 * time.Second}).String(); s != "100/10s" {
		t.Errorf("RateLimit.String() = %q", s)
	}
}

// FuzzParseFaults: any input either fails with a "faults:" error or gives a valid configuration
// whose String parses back to the same configuration.
func FuzzParseFaults(f *testing.F) {
	for _, s := range []string{"latency=20ms,5xx=0.1,429=0.05,reset=0.01,truncate=0.01,drop=0.01,only=POST",
		"latency=10ms-50ms,codes=502|503,path=/contacts", "5xx=5%", "off", "", "=", ",,,", "only=|", "5xx=1e-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := hubspottest.ParseFaults(spec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "faults: ") {
				t.Fatalf("error %q lacks the faults: prefix", err)
			}
			return
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("ParseFaults(%q) accepted an invalid %+v: %v", spec, got, err)
		}
		again, err := hubspottest.ParseFaults(got.String())
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip of %q via %q: %+v, %v; want %+v", spec, got.String(), again, err, got)
		}
	})
}

// FuzzParseRateLimit: any input fails or gives a usable limit that String gives back.
func FuzzParseRateLimit(f *testing.F) {
	for _, s := range []string{"100/10s", "off", "5/s", "1/24h", "0/1s", "9/1ns", "/", "1/.5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := hubspottest.ParseRateLimit(s)
		if err != nil {
			return
		}
		if got.Max != -1 && (got.Max < 1 || got.Interval < time.Millisecond || got.Interval > 24*time.Hour) {
			t.Fatalf("ParseRateLimit(%q) = %+v", s, got)
		}
		if again, err := hubspottest.ParseRateLimit(got.String()); err != nil || again != got {
			t.Fatalf("round trip of %q via %q: %+v, %v", s, got.String(), again, err)
		}
	})
}

// FuzzReadState: a state file is untrusted input; any bytes either fail cleanly or load a
// sandbox whose own save loads again.
func FuzzReadState(f *testing.F) {
	clock := newLimClock(limStart)
	sb := hubspottest.New(hubspottest.Options{Empty: true, Clock: clock.Now})
	stateFixture(f, clock, sb)
	path := f.TempDir() + "/seed.json"
	if err := sb.SaveState(path); err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(path)
	f.Add(seed)
	f.Add([]byte(`{"format":"hubcontacts-sandbox-state","version":1,"objects":[{"type":"contacts","id":"7","properties":{"email":"A@B"}}]}`))
	f.Add([]byte(`{"format":"hubcontacts-sandbox-state","version":1,"merged":{"contacts/1":"1"},"nextId":-5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := hubspottest.Options{Clock: clock.Now}
		loaded, err := hubspottest.ReadState(bytes.NewReader(data), opts)
		if err != nil {
			return
		}
		out := t.TempDir() + "/out.json"
		if err := loaded.SaveState(out); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		if _, err := hubspottest.ReadState(bytes.NewReader(b), opts); err != nil {
			t.Fatalf("a loaded state saved again does not load: %v\n%s", err, b)
		}
	})
}
