package hubspottest

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the daily limit resets at midnight in the portal's zone, tzdata or not
)

// HubSpot's rate-limit policies, as named in 429 bodies.
const (
	PolicyTenSecondly = "TEN_SECONDLY_ROLLING"
	PolicySecondly    = "SECONDLY"
	PolicyDaily       = "DAILY"
)

// rateLimitBody is HubSpot's 429 body, fields in HubSpot's order. Ten-secondly and secondly
// bodies carry groupName; the documented daily body carries requestId instead.
type rateLimitBody struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	ErrorType     string `json:"errorType"`
	CorrelationID string `json:"correlationId"`
	PolicyName    string `json:"policyName"`
	GroupName     string `json:"groupName,omitempty"`
	RequestID     string `json:"requestId,omitempty"`
}

// limiter enforces the per-token TEN_SECONDLY_ROLLING window, the per-portal search limit and
// the per-portal daily limit, all timed by Options.Clock. Disabled limits have Max/limit < 0.
type limiter struct {
	mu        sync.Mutex
	clock     func() time.Time
	rate      RateLimit
	searchMax int
	daily     int
	loc       *time.Location
	portal    int
	oauth     bool

	windows map[string][]time.Time // token hash -> admitted request times, oldest first
	search  []time.Time            // admitted searches in the last second, portal-wide
	used    int                    // admitted requests today
	day     string                 // the portal-local date `used` counts for
}

// verdict is the limiter's answer for one request.
type verdict struct {
	policy     string // "" when admitted
	retryAfter time.Duration
	headers    map[string]string // rate-limit headers to send (none for search)
}

func newLimiter(o Options) *limiter {
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return &limiter{clock: o.Clock, rate: o.RateLimit, searchMax: o.SearchPerSecond,
		daily: o.DailyLimit, loc: loc, portal: o.PortalID, oauth: o.OAuth,
		windows: map[string][]time.Time{}}
}

// rateLimit answers 429 for requests over a limit and sets the rate-limit headers on every
// other non-search response.
func (s *Sandbox) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := s.limits.admit(tokenKey(tokenOf(r)), isSearchPath(r.Method, r.URL.Path))
		for k, val := range v.headers {
			w.Header().Set(k, val)
		}
		if v.policy != "" {
			s.writeRateLimited(w, r, v.policy, v.retryAfter)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tokenKey keys the window by a hash, so the limiter never holds a token itself.
func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return string(sum[:12])
}

// isSearchPath reports POST /crm/v3/objects/{type}/search or /crm/objects/{version}/{type}/search.
func isSearchPath(method, path string) bool {
	if method != http.MethodPost {
		return false
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 5 || parts[0] != "crm" || parts[4] != "search" {
		return false
	}
	return parts[1] == "v3" && parts[2] == "objects" || parts[1] == "objects" && publishedVersion(familyObjects, parts[2])
}

// admit decides one request and records it when admitted. Daily is checked first: once the
// day's allowance is gone every request gets the DAILY 429.
func (l *limiter) admit(key string, search bool) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	l.rollDay(now)
	var v verdict
	switch {
	case l.daily >= 0 && l.used >= l.daily:
		v = verdict{policy: PolicyDaily, retryAfter: l.resetsAt(now).Sub(now)}
	case search:
		v = l.admitSearch(now)
	default:
		v = l.admitWindow(key, now)
	}
	if v.policy == "" && l.daily >= 0 {
		l.used++
	}
	if !search {
		v.headers = l.headers(key, now)
	}
	return v
}

func (l *limiter) admitSearch(now time.Time) verdict {
	if l.searchMax < 0 {
		return verdict{}
	}
	l.search = prune(l.search, now.Add(-time.Second))
	if len(l.search) >= l.searchMax {
		return verdict{policy: PolicySecondly, retryAfter: l.search[0].Add(time.Second).Sub(now)}
	}
	l.search = append(l.search, now)
	return verdict{}
}

func (l *limiter) admitWindow(key string, now time.Time) verdict {
	if l.rate.Max < 0 {
		return verdict{}
	}
	l.sweep(now)
	win := prune(l.windows[key], now.Add(-l.rate.Interval))
	if len(win) >= l.rate.Max {
		l.windows[key] = win
		return verdict{policy: PolicyTenSecondly, retryAfter: win[0].Add(l.rate.Interval).Sub(now)}
	}
	l.windows[key] = append(win, now)
	return verdict{}
}

// sweep drops idle tokens' windows once there are many, so the map stays bounded.
func (l *limiter) sweep(now time.Time) {
	if len(l.windows) < 1024 {
		return
	}
	for k, win := range l.windows {
		if len(prune(win, now.Add(-l.rate.Interval))) == 0 {
			delete(l.windows, k)
		}
	}
}

// prune drops the times at or before cutoff (a request exactly one interval old has left the
// window).
func prune(times []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(cutoff) {
		i++
	}
	if i == len(times) {
		return times[:0]
	}
	return times[i:]
}

// rollDay starts a new daily count at midnight in the portal's time zone.
func (l *limiter) rollDay(now time.Time) {
	if day := now.In(l.loc).Format(time.DateOnly); day != l.day {
		l.day, l.used = day, 0
	}
}

// resetsAt is the next midnight in the portal's time zone.
func (l *limiter) resetsAt(now time.Time) time.Time {
	t := now.In(l.loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, l.loc)
}

// headers are the X-HubSpot-RateLimit-* headers for a non-search response to key's token.
func (l *limiter) headers(key string, now time.Time) map[string]string {
	h := map[string]string{}
	if l.rate.Max >= 0 {
		win := prune(l.windows[key], now.Add(-l.rate.Interval))
		secondly := secondlyMax(l.rate)
		h["X-HubSpot-RateLimit-Max"] = strconv.Itoa(l.rate.Max)
		h["X-HubSpot-RateLimit-Remaining"] = strconv.Itoa(max(0, l.rate.Max-len(win)))
		h["X-HubSpot-RateLimit-Interval-Milliseconds"] = strconv.FormatInt(l.rate.Interval.Milliseconds(), 10)
		h["X-HubSpot-RateLimit-Secondly"] = strconv.Itoa(secondly)
		h["X-HubSpot-RateLimit-Secondly-Remaining"] = strconv.Itoa(max(0, secondly-len(prune(win, now.Add(-time.Second)))))
	}
	if l.daily >= 0 && !l.oauth {
		h["X-HubSpot-RateLimit-Daily"] = strconv.Itoa(l.daily)
		h["X-HubSpot-RateLimit-Daily-Remaining"] = strconv.Itoa(max(0, l.daily-l.used))
	}
	return h
}

// secondlyMax is the deprecated per-second figure HubSpot still sends: the window's share of a
// second, at least 1 (100 per 10 s gives 10).
func secondlyMax(r RateLimit) int {
	ms := r.Interval.Milliseconds()
	if ms <= 0 {
		return r.Max
	}
	return max(1, int((int64(r.Max)*1000+ms-1)/ms))
}

// exhaustedHeaders are the headers of a 429 for key's token, Remaining 0 (the fault layer's 429).
func (l *limiter) exhaustedHeaders(key string) map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	l.rollDay(now)
	h := l.headers(key, now)
	if _, ok := h["X-HubSpot-RateLimit-Remaining"]; ok {
		h["X-HubSpot-RateLimit-Remaining"] = "0"
	}
	return h
}

// writeRateLimited writes HubSpot's 429 for a policy, with Retry-After (whole seconds, at least
// 1) when Options.RetryAfter. The body's correlationId is the one in the response header.
func (s *Sandbox) writeRateLimited(w http.ResponseWriter, r *http.Request, policy string, retryAfter time.Duration) {
	body := rateLimitBody{Status: "error", ErrorType: "RATE_LIMIT", CorrelationID: correlationID(r), PolicyName: policy}
	kind := "private-app"
	if s.opts.OAuth {
		kind = "oauth"
	}
	portal := strconv.Itoa(s.opts.PortalID)
	switch policy {
	case PolicyTenSecondly:
		body.Message = "You have reached your ten_secondly_rolling limit."
		body.GroupName = "publicapi:" + kind + "-api-calls-ten-secondly:" + portal
	case PolicySecondly:
		body.Message = "You have reached your secondly limit."
		body.GroupName = "publicapi:crm-search-api-calls-secondly:" + portal
	default:
		body.Message = "You have reached your daily limit."
		body.RequestID = newCorrelationID()
	}
	if s.opts.RetryAfter {
		secs := max(1, int64((retryAfter+time.Second-1)/time.Second))
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	w.Header().Set(correlationHeader, body.CorrelationID)
	writeJSON(w, http.StatusTooManyRequests, body)
}

// dailyUsage reports the requests counted against today's limit and the limit (negative when
// disabled), for GET /account-info/v3/api-usage/daily/private-apps.
func (s *Sandbox) dailyUsage() (used, limit int) {
	return s.limits.DailyUsage(), s.limits.daily
}

// dailyResetsAt is when the daily count next resets (midnight in the portal's time zone).
func (s *Sandbox) dailyResetsAt() time.Time {
	now := s.limits.clock()
	return s.limits.resetsAt(now)
}

// DailyUsage is the count dailyUsage reports, for callers that hold the limiter.
func (l *limiter) DailyUsage() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollDay(l.clock())
	return l.used
}
