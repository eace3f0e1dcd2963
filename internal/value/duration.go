package value

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A call's duration: HubSpot keeps milliseconds (hs_call_duration); people write minutes and
// seconds. 5:30, 1:02:03, 90s, 5m, 1h20m and a bare 12 (minutes) are taken.

var clockDuration = regexp.MustCompile(`^([0-9]+):([0-5][0-9])(?::([0-5][0-9]))?$`)

// isDuration reports a property holding a duration in milliseconds.
func isDuration(name string) bool { return name == "hs_call_duration" }

func parseDuration(s string) (string, error) {
	bad := func() (string, error) {
		return "", errorf("%s is not a duration: write minutes and seconds like 5:30, or 90s, 5m, 1h20m (a bare number is minutes)", quote(s))
	}
	var d time.Duration
	if m := clockDuration.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		d = time.Duration(a)*time.Minute + time.Duration(b)*time.Second // m:ss
		if m[3] != "" {
			c, _ := strconv.Atoi(m[3])
			d = time.Duration(a)*time.Hour + time.Duration(b)*time.Minute + time.Duration(c)*time.Second // h:mm:ss
		}
	} else if digits.MatchString(s) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return bad()
		}
		d = time.Duration(n) * time.Minute
	} else {
		var err error
		if d, err = time.ParseDuration(strings.ReplaceAll(strings.ToLower(s), " ", "")); err != nil || d < 0 {
			return bad()
		}
	}
	return strconv.FormatInt(d.Milliseconds(), 10), nil
}

// durationText writes milliseconds as m:ss (h:mm:ss from an hour), as parseDuration reads.
func durationText(stored string) string {
	ms, err := strconv.ParseInt(stored, 10, 64)
	if err != nil || ms < 0 {
		return stored
	}
	secs := (ms + 500) / 1000
	if secs >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", secs/3600, secs%3600/60, secs%60)
	}
	return fmt.Sprintf("%d:%02d", secs/60, secs%60)
}
