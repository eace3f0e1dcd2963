package value_test

import (
	"testing"

	"github.com/hubcontacts/hubcontacts/internal/value"
)

// A call's duration is written in minutes and seconds and sent in milliseconds; what HubSpot
// holds reads back as m:ss.
func TestCallDuration(t *testing.T) {
	r := value.For(prop("hs_call_duration", "number", "number"), nil)
	for in, want := range map[string]string{
		"5:30": "330000", "1:02:03": "3723000", "90s": "90000", "5m": "300000", "1h20m": "4800000",
		"12": "720000", "2 m 30 s": "150000", "": "",
	} {
		got, err := r.Parse(in)
		if err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"five minutes", "5:75", "-3m", "1,5"} {
		if _, err := r.Parse(bad); err == nil {
			t.Errorf("%q taken", bad)
		}
	}
	for stored, want := range map[string]string{"330000": "5:30", "3723000": "1:02:03", "0": "0:00", "x": "x"} {
		if got := r.Text(stored); got != want {
			t.Errorf("Text(%q) = %q, want %q", stored, got, want)
		}
		if back, err := r.Parse(r.Text(stored)); stored != "x" && (err != nil || back != stored) {
			t.Errorf("%q does not read back: %q %v", stored, back, err)
		}
	}
}
