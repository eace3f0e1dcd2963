package hubspottest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Bounds the parsers enforce, so a typo cannot configure something absurd.
const (
	maxRateRequests = 1_000_000_000
	maxRateInterval = 24 * time.Hour
	maxFaultLatency = 10 * time.Minute
)

// faultKeys lists ParseFaults' keys, in the order String writes them.
const faultKeys = "latency, 5xx, codes, 429, reset, truncate, drop, only, path"

// ParseRateLimit reads the command's --rate-limit: REQUESTS/INTERVAL such as "100/10s",
// "190/10s" or "5/1s" (a bare unit means one of it: "5/s"), or "off" for no limit.
func ParseRateLimit(s string) (RateLimit, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") || strings.EqualFold(s, "none") {
		return RateLimit{Max: -1, Interval: 10 * time.Second}, nil
	}
	bad := func(why string) (RateLimit, error) {
		return RateLimit{}, fmt.Errorf("rate limit %q: %s; write REQUESTS/INTERVAL like 100/10s, or off", s, why)
	}
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		return bad("no '/'")
	}
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count < 1 || count > maxRateRequests {
		return bad("the request count must be a whole number from 1 to 1000000000")
	}
	d = strings.TrimSpace(d)
	if d != "" && (d[0] < '0' || d[0] > '9') && d[0] != '.' {
		d = "1" + d
	}
	iv, err := time.ParseDuration(d)
	if err != nil || iv < time.Millisecond || iv > maxRateInterval {
		return bad("the interval must be a duration from 1ms to 24h, like 10s")
	}
	return RateLimit{Max: count, Interval: iv}, nil
}

// String gives the --rate-limit form ParseRateLimit reads.
func (r RateLimit) String() string {
	if r.Max < 0 {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Max, r.Interval)
}

// ParseFaults reads the command's --faults: comma-separated key=value pairs, for example
// "latency=20ms,5xx=0.1,429=0.05,reset=0.01,truncate=0.01,drop=0.01,only=POST".
//
//	latency=20ms | 10ms-50ms   delay every matching request (a range draws uniformly)
//	5xx=0.1                    ratio of 5xx answers; codes=502|503 picks which (default all four)
//	429=0.05                   ratio of TEN_SECONDLY_ROLLING 429s
//	reset=0.01                 ratio of connections closed without an answer
//	truncate=0.01              ratio of responses cut short
//	drop=0.01                  ratio of requests processed whose response is then lost
//	only=POST|PATCH            limit faults to these methods
//	path=/crm/v3/objects/contacts  limit faults to paths containing this
//
// Ratios are numbers from 0 to 1 or percentages ("5%") and add up to at most 1. "" or "off"
// means no faults.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	spec = strings.TrimSpace(spec)
	if spec == "" || strings.EqualFold(spec, "off") || strings.EqualFold(spec, "none") {
		return f, nil
	}
	seen := map[string]bool{}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, val, ok := strings.Cut(item, "=")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok {
			return Faults{}, fmt.Errorf("faults: %q is not key=value (keys: %s)", item, faultKeys)
		}
		if seen[key] {
			return Faults{}, fmt.Errorf("faults: %q is given twice", key)
		}
		seen[key] = true
		if err := f.set(key, val); err != nil {
			return Faults{}, fmt.Errorf("faults: %s=%s: %w", key, val, err)
		}
	}
	if err := f.Validate(); err != nil {
		return Faults{}, fmt.Errorf("faults: %w", err)
	}
	return f, nil
}

// set applies one key=value of ParseFaults.
func (f *Faults) set(key, val string) error {
	ratios := map[string]*float64{"5xx": &f.Error5xx, "429": &f.RateLimit429, "reset": &f.Reset,
		"truncate": &f.Truncate, "drop": &f.DropAfterWrite}
	if p, ok := ratios[key]; ok {
		r, err := parseRatio(val)
		*p = r
		return err
	}
	switch key {
	case "latency":
		return f.setLatency(val)
	case "codes":
		return f.setCodes(val)
	case "only":
		return f.setMethods(val)
	case "path":
		if val == "" {
			return errors.New("give a piece of a path, like /crm/v3/objects/contacts")
		}
		f.Only.Path = val
		return nil
	}
	return fmt.Errorf("unknown key %q (keys: %s)", key, faultKeys)
}

// parseRatio reads 0.05 or 5%.
func parseRatio(s string) (float64, error) {
	pct := strings.HasSuffix(s, "%")
	r, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if pct {
		r /= 100
	}
	if err != nil || math.IsNaN(r) || r < 0 || r > 1 {
		return 0, errors.New("want a ratio from 0 to 1 (like 0.05) or a percentage (like 5%)")
	}
	return r, nil
}

func (f *Faults) setLatency(val string) error {
	lo, hi, isRange := strings.Cut(val, "-")
	var err error
	if f.Latency, err = time.ParseDuration(strings.TrimSpace(lo)); err != nil {
		return errors.New("want a duration like 20ms, or a range like 10ms-50ms")
	}
	if isRange {
		if f.LatencyMax, err = time.ParseDuration(strings.TrimSpace(hi)); err != nil {
			return errors.New("want a range like 10ms-50ms")
		}
	}
	return nil
}

func (f *Faults) setCodes(val string) error {
	for _, c := range strings.Split(val, "|") {
		code, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || !slices.Contains(default5xx[:], code) {
			return errors.New("want codes among 500|502|503|504")
		}
		f.Codes = append(f.Codes, code)
	}
	return nil
}

func (f *Faults) setMethods(val string) error {
	for _, m := range strings.Split(val, "|") {
		m = strings.ToUpper(strings.TrimSpace(m))
		if !isMethodName(m) {
			return fmt.Errorf("%q is not an HTTP method; want methods like POST|PATCH", m)
		}
		f.Only.Methods = append(f.Only.Methods, m)
	}
	return nil
}

// Validate reports a configuration the fault layer would not honour as written.
func (f Faults) Validate() error {
	sum := 0.0
	for _, r := range []float64{f.Error5xx, f.RateLimit429, f.Reset, f.Truncate, f.DropAfterWrite} {
		if math.IsNaN(r) || r < 0 || r > 1 {
			return fmt.Errorf("ratio %v is not between 0 and 1", r)
		}
		sum += r
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("the ratios add up to %.3g; they must add up to at most 1", sum)
	}
	if f.Latency < 0 || f.Latency > maxFaultLatency || f.LatencyMax > maxFaultLatency {
		return fmt.Errorf("latency must be from 0 to %s", maxFaultLatency)
	}
	if f.LatencyMax != 0 && f.LatencyMax < f.Latency {
		return fmt.Errorf("latency range %s-%s runs backwards", f.Latency, f.LatencyMax)
	}
	for _, c := range f.Codes {
		if !slices.Contains(default5xx[:], c) {
			return fmt.Errorf("5xx code %d: want codes among 500|502|503|504", c)
		}
	}
	for _, m := range f.Only.Methods {
		if !isMethodName(m) {
			return fmt.Errorf("%q is not an HTTP method", m)
		}
	}
	return nil
}

// String gives the --faults form ParseFaults reads ("off" when there are no faults).
func (f Faults) String() string {
	var parts []string
	if f.Latency > 0 || f.LatencyMax > 0 {
		l := "latency=" + f.Latency.String()
		if f.LatencyMax > 0 {
			l += "-" + f.LatencyMax.String()
		}
		parts = append(parts, l)
	}
	ratio := func(key string, r float64) {
		if r != 0 {
			parts = append(parts, key+"="+strconv.FormatFloat(r, 'g', -1, 64))
		}
	}
	ratio("5xx", f.Error5xx)
	if len(f.Codes) > 0 {
		parts = append(parts, "codes="+joinInts(f.Codes, "|"))
	}
	ratio("429", f.RateLimit429)
	ratio("reset", f.Reset)
	ratio("truncate", f.Truncate)
	ratio("drop", f.DropAfterWrite)
	if len(f.Only.Methods) > 0 {
		parts = append(parts, "only="+strings.Join(f.Only.Methods, "|"))
	}
	if f.Only.Path != "" {
		parts = append(parts, "path="+f.Only.Path)
	}
	if len(parts) == 0 {
		return "off"
	}
	return strings.Join(parts, ",")
}

func joinInts(ns []int, sep string) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, sep)
}
