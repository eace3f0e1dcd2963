package hubspottest

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// DefaultToken is the token the sandbox accepts when Options.Tokens is empty.
const DefaultToken = "pat-na1-00000000-0000-4000-8000-000000000000"

// DefaultPortalID is the sandbox portal's id.
const DefaultPortalID = 12345678

// AllScopes are the scopes DefaultToken carries.
var AllScopes = []string{
	"crm.objects.contacts.read", "crm.objects.contacts.write",
	"crm.objects.companies.read", "crm.objects.companies.write",
	"crm.objects.deals.read", "crm.objects.deals.write",
	"tickets", "sales-email-read", "crm.schemas.contacts.read", "oauth", "content",
	"crm.objects.owners.read",
}

// RateLimit is a rolling window limit: Max requests per Interval.
type RateLimit struct {
	Max      int
	Interval time.Duration
}

// Options configures a Sandbox. The zero value of each field means its default.
type Options struct {
	// Seed drives every random choice (seed data, faults). Same seed, same sandbox.
	Seed int64
	// Contacts, Companies, Deals and Tickets size the seed data. Negative means none.
	// Defaults: 2,000 contacts, 200 companies, 200 deals, 200 tickets.
	Contacts, Companies, Deals, Tickets int
	// Empty starts the sandbox with no records at all (tests that build their own data).
	Empty bool
	// Tokens maps each accepted token to its scopes. Default: DefaultToken with AllScopes.
	Tokens map[string][]string
	// OAuth makes the sandbox answer as for OAuth tokens: no daily rate-limit headers.
	OAuth    bool
	PortalID int
	TimeZone string
	// RateLimit is the per-token TEN_SECONDLY_ROLLING limit. Default 100 per 10 s.
	// A negative Max disables it.
	RateLimit RateLimit
	// SearchPerSecond is search's own limit. Default 5. Negative disables it.
	SearchPerSecond int
	// DailyLimit is the per-portal daily limit. Default 250,000.
	DailyLimit int
	// RetryAfter adds a Retry-After header (seconds) to 429s (UNVERIFIED in HubSpot: off by default).
	RetryAfter bool
	// Faults injects failures; see ParseFaults for the text form.
	Faults Faults
	// Strict makes hs_additional_emails read-only through v3 (as real HubSpot may be); secondary
	// emails then change only through the legacy v1 endpoints. Strict also refuses enumeration
	// labels ("Customer"): only option values are taken, as HubSpot documents.
	Strict bool
	// ListLimitError makes a list limit above the maximum (100; 50 with propertiesWithHistory) a
	// 400 instead of being capped silently (HubSpot's behaviour is UNVERIFIED).
	ListLimitError bool
	// StrictMergedIDs makes only a GET by id follow a merge: PATCH and the batch endpoints
	// answer a merged-away id as an unknown one (HubSpot's behaviour is UNVERIFIED; merge.go).
	StrictMergedIDs bool
	// MergeIdentityLimit is how many merged ids one record may carry before a merge answers
	// 414. Default DefaultMergeIdentityLimit (250).
	MergeIdentityLimit int
	// SearchLag delays a write's visibility to search (HubSpot: a few seconds). Default 0.
	SearchLag time.Duration
	// SearchEmailMatchesSecondary makes a search filter "email EQ x" also match a contact whose
	// secondary email (hs_additional_emails) is x, as a community report says HubSpot does. Off
	// by default: HubSpot documents no such thing, and a search for a secondary address needs an
	// hs_additional_emails filter (UNVERIFIED either way; the app sends both when it wants both).
	SearchEmailMatchesSecondary bool
	// SearchEnumOrder is how search sorts an enumeration: EnumByValue (the default) or
	// EnumByOptions (UNVERIFIED: HubSpot does not document it; see search_rules.go).
	SearchEnumOrder EnumOrder
	// SearchLimits are search's group, filter, page, size and 10,000-result limits (see
	// SearchLimits; zero fields take HubSpot's documented values).
	SearchLimits SearchLimits
	// MaxBodyBytes caps request bodies. Default 10 MB.
	MaxBodyBytes int64
	// Clock supplies every timestamp. Default time.Now.
	Clock func() time.Time
	// Owners are the portal's owners (owners.go). nil means DefaultOwners; empty means none.
	Owners []Owner
	// AnyOwnerID makes hubspot_owner_id take any whole number, as if every id were an owner's
	// (whether HubSpot checks the id against its owners is UNVERIFIED; by default it must be an
	// active owner's).
	AnyOwnerID bool
	// Dispositions are the portal's call outcomes (dispositions.go). nil means
	// DefaultDispositions.
	Dispositions []Disposition
	// NoLegacyDispositions makes GET /calling/v1/dispositions a 404, as if HubSpot had retired
	// the legacy endpoint it calls unsupported (UNVERIFIED that it still answers).
	NoLegacyDispositions bool
	// DispositionOptions makes hs_call_disposition's definition list the call outcomes as its
	// options (UNVERIFIED; by default it has external options and lists none).
	DispositionOptions bool
	// TaskDay is the day the seed's owners' tasks fall due around (seed_owners.go); zero means
	// SeedBase's day. The demo gives today, so My tasks shows overdue and coming tasks whenever
	// it runs; everything else keeps the default, and the seed stays the same from day to day.
	TaskDay time.Time
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Contacts, 2000)
	def(&o.Companies, 200)
	def(&o.Deals, 200)
	def(&o.Tickets, 200)
	def(&o.PortalID, DefaultPortalID)
	def(&o.SearchPerSecond, 5)
	def(&o.DailyLimit, 250000)
	if o.RateLimit.Max == 0 {
		o.RateLimit = RateLimit{Max: 100, Interval: 10 * time.Second}
	}
	if o.RateLimit.Interval == 0 {
		o.RateLimit.Interval = 10 * time.Second
	}
	if len(o.Tokens) == 0 {
		o.Tokens = map[string][]string{DefaultToken: AllScopes}
	}
	if o.TimeZone == "" {
		o.TimeZone = "US/Eastern"
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 10 << 20
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Sandbox is the fake HubSpot: an http.Handler over a Store.
type Sandbox struct {
	opts    Options
	store   *Store
	handler http.Handler
	limits  *limiter
	faults  *faulter
	log     *requestLog
	// loaded is the state file LoadState read the sandbox from (nil for a new one).
	loaded *loadedState
	// seedBase is what the store was seeded from (nil when it was not: a loaded snapshot), and
	// seedWrites the store's count of write transactions then (state.go's pristine).
	seedBase   *seedSettings
	seedWrites uint64
	// owners and dispositions are the portal's, fixed at New (owners.go, dispositions.go).
	owners       owners
	dispositions []Disposition
}

// New builds a sandbox, seeded unless opts.Empty.
func New(opts Options) *Sandbox {
	s, _ := NewContext(context.Background(), opts)
	return s
}

// NewContext is New that gives up seeding when ctx ends (a million contacts take a while),
// returning ctx's error.
func NewContext(ctx context.Context, opts Options) (*Sandbox, error) {
	opts = opts.withDefaults()
	s := &Sandbox{opts: opts, store: NewStore(opts.Clock, opts.SearchLag)}
	if !opts.Empty {
		if err := seed(ctx, s.store, opts); err != nil {
			return nil, err
		}
	}
	s.seeded(seedSettingsOf(opts))
	return s.init(), nil
}

// init sets up everything but the data.
func (s *Sandbox) init() *Sandbox {
	opts := s.opts
	s.limits = newLimiter(opts)
	s.faults = newFaulter(opts.Faults, opts.Seed)
	s.log = &requestLog{}
	me, _ := s.tokenIdentity(s.anyToken())
	s.owners = newOwners(opts, me.UserID)
	s.dispositions = opts.Dispositions
	if s.dispositions == nil {
		s.dispositions = DefaultDispositions()
	}
	mux := http.NewServeMux()
	s.routeAccount(mux)
	s.routeProperties(mux)
	s.routeObjects(mux)
	s.routeSearch(mux)
	s.routeAssociations(mux)
	s.routeSecondaryEmails(mux)
	s.routeOwners(mux)
	s.routeDispositions(mux)
	s.routePipelines(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Unable to route "+r.Method+" request for "+r.URL.Path, nil)
	})
	// Outermost first: log, faults, auth, limits, body cap, routes.
	s.handler = s.logRequests(s.injectFaults(s.authenticate(s.rateLimit(s.capBody(mux)))))
	return s
}

// ServeHTTP serves the HubSpot API.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Store exposes the records, for tests that arrange or check state directly.
func (s *Sandbox) Store() *Store { return s.store }

// Options returns the options in force (defaults filled in).
func (s *Sandbox) Options() Options { return s.opts }

func (s *Sandbox) anyToken() string {
	if _, ok := s.opts.Tokens[DefaultToken]; ok {
		return DefaultToken
	}
	for t := range s.opts.Tokens {
		return t
	}
	return ""
}

// handleObjects registers h for an object path in both API families HubSpot serves: the
// numbered `/crm/v3/objects/{objectType}…` and the date-versioned
// `/crm/objects/{version}/{objectType}…` (a version HubSpot publishes, versions.go). pattern is "METHOD suffix",
// the suffix starting at the object type, e.g. "GET /{objectType}/{objectId}". Handlers read
// r.PathValue("objectType") and call canonicalType on it.
func handleObjects(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	method, suffix, _ := strings.Cut(pattern, " ")
	mux.HandleFunc(method+" /crm/v3/objects"+suffix, h)
	mux.HandleFunc(method+" /crm/objects/{version}"+suffix, func(w http.ResponseWriter, r *http.Request) {
		if !publishedVersion(familyObjects, r.PathValue("version")) {
			writeUnknownVersion(w, r)
			return
		}
		h(w, r)
	})
}

// writeUnknownVersion answers a date version HubSpot does not publish (versions.go).
func writeUnknownVersion(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Unknown API version "+r.PathValue("version"), nil)
}
