package hubspottest

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The seed: deterministic data from Options.Seed and the sizes in Options. Every timestamp is
// relative to SeedBase (never the wall clock), records are inserted through Tx.Insert with
// their createdate and settled, so they are searchable at once. A few fixture records come
// first, with the values the constants below name; the rest is drawn from math/rand/v2's PCG
// seeded with Options.Seed.

// SeedBase is the moment the seed data is "as of" (2026-01-05 09:00 UTC): every seeded
// timestamp is before it.
func SeedBase() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }

// Fixture records every seeded sandbox holds (when it has contacts), whatever the seed.
const (
	// FirstContactEmail is the first contact (the lowest id): Maria Garcia, an ordinary lead at
	// FirstCompanyName (primary company), with a few activities.
	FirstContactEmail = "maria.garcia@example.com"
	// FirstCompanyName is the first company; FirstContactEmail's primary company.
	FirstCompanyName = "Northwind Traders"

	// HostileContactEmail is a contact whose firstname, lastname, company, jobtitle, city, phone,
	// favorite_food and message carry terminal escapes, \r, bidi overrides and a 12,000-character
	// value. Its primary company is HostileCompanyName; it has hostile notes, a hostile email
	// activity, HostileDealName and HostileTicketSubject.
	HostileContactEmail = "mallory.hostile@example.com"
	// HostileCompanyName is a company name with an OSC 8 hyperlink and a window-title write.
	HostileCompanyName = "Evil Corp " + HostileHyperlink + HostileTitle
	// HostileDealName is a deal name with an OSC 52 clipboard write and a colour change.
	HostileDealName = HostileClipboard + HostileColour + "Big deal" + HostileClearScreen
	// HostileTicketSubject is a ticket subject that clears the screen and reverses text.
	HostileTicketSubject = HostileClearScreen + "URGENT " + HostileBidi

	// SecondaryEmailsContactEmail has two secondary emails, SecondaryEmail1 and SecondaryEmail2
	// (hs_additional_emails reads back "SecondaryEmail1;SecondaryEmail2"), and a second company
	// labelled "Billing contact".
	SecondaryEmailsContactEmail = "sam.okafor@example.com"
	SecondaryEmail1             = "sam@okafor.example"
	SecondaryEmail2             = "s.okafor@example.org"

	// PinnedContactEmail has a pinned call (hs_pinned_engagement_id) titled PinnedCallTitle,
	// associated with the contact.
	PinnedContactEmail = "wei.lin@example.com"
	PinnedCallTitle    = "Renewal call: pricing agreed"

	// CustomerContactEmail is a customer whose lifecyclestage went subscriber → lead →
	// opportunity → customer, whose jobtitle and phone changed once each (property history).
	CustomerContactEmail = "jonas.berg@example.com"

	// OddNameContactEmail has zero-width characters, a tab, a newline, emoji and CJK in its
	// name and company; its email activity's sender display name hides zero-width characters.
	OddNameContactEmail = "zero.width@example.com"
)

// The hostile payloads the seed plants. None of them may ever reach a terminal unescaped.
const (
	HostileClearScreen = "\x1b[2J\x1b[H"                                             // CSI: clear screen, cursor home
	HostileClipboard   = "\x1b]52;c;ZXZpbA==\x07"                                    // OSC 52: write "evil" to the clipboard
	HostileHyperlink   = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\" // OSC 8: deceptive link
	HostileTitle       = "\x1b]0;pwned\x07"                                          // OSC 0: set the window title
	HostileColour      = "\x1b[31;1m"                                                // CSI SGR: bold red
	HostileDCS         = "\x1bP1$qm\x1b\\"                                           // DCS: DECRQSS request
	HostileC1          = "\u009b2J"                                                  // C1 CSI: clear screen in 8-bit form
	HostileOverwrite   = "ok\rFAKE"                                                  // carriage return over the line
	HostileBidi        = "\u202egnp.exe"                                             // right-to-left override
	HostileZeroWidth   = "\u200b"                                                    // zero-width space
	HostileBOM         = "\ufeff"                                                    // zero-width no-break space
	// HostileLongLen is the length in characters of the seed's very long values.
	HostileLongLen = 12000
)

// HostileSequences lists the control payloads the seed plants (escape sequences, C1, \r,
// bidi override, zero-width characters), for tests that check none reaches the terminal.
func HostileSequences() []string {
	return []string{HostileClearScreen, HostileClipboard, HostileHyperlink, HostileTitle, HostileColour,
		HostileDCS, HostileC1, "\r", "\u202e", HostileZeroWidth, HostileBOM}
}

// Seed fills the store with deterministic data from opts.Seed and the sizes in opts. Sizes
// count the fixtures: a positive size smaller than the fixtures still gets every fixture.
func Seed(st *Store, opts Options) { _ = seed(context.Background(), st, opts) }

// seed is Seed that stops when ctx ends, returning its error (the store is then partly seeded).
func seed(ctx context.Context, st *Store, opts Options) error {
	opts = opts.withDefaults()
	return st.Do(func(tx *Tx) error {
		return newSeeder(ctx, tx, opts).run()
	})
}

// seeder holds one seeding run's state.
type seeder struct {
	ctx       context.Context // checked every seedCheck contacts
	tx        *Tx
	r         *rand.Rand
	opts      Options
	companies []seedCompany
	pool      []seedCompany // the companies random records pick from
	contacts  []recKey
	emails    map[string]bool // addresses reserved: the fixtures', and the contact being built
	domains   map[string]bool
	next      map[string]int // numbering per taken name (see unique)
	assoc     map[string][2]AssocType
	contactN  int
	fixtureN  int // fixture contacts
}

func newSeeder(ctx context.Context, tx *Tx, opts Options) *seeder {
	return &seeder{ctx: ctx, tx: tx, opts: opts, r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x9e3779b97f4a7c15)),
		emails: map[string]bool{}, domains: map[string]bool{}, next: map[string]int{},
		assoc: map[string][2]AssocType{}}
}

// seedCheck is how many contacts are seeded between two looks at the context.
const seedCheck = 1024

func (s *seeder) run() error {
	s.contactN = seedSize(s.opts.Contacts, len(seedFixtureContacts()))
	s.tx.seedReserve(s.contactN)
	s.seedCompanies(seedSize(s.opts.Companies, len(seedFixtureCompanies())))
	if err := s.seedContacts(); err != nil {
		return err
	}
	s.seedDeals(seedSize(s.opts.Deals, 1))
	s.seedTickets(seedSize(s.opts.Tickets, 1))
	s.seedOwnerTasks()
	return nil
}

// seedReserve sizes an empty store for a seed of n contacts (about 4n activities, 10n
// association edges), so its tables do not grow step by step.
func (tx *Tx) seedReserve(n int) {
	st := tx.s
	if len(st.edges.list) > 1 {
		return
	}
	for i := range st.tables {
		tb := &st.tables[i]
		if len(tb.recs) > 0 {
			return
		}
		size := 256
		switch objectTypes[i] {
		case Contacts:
			size = n
		case Notes, Calls, Emails, Meetings, Tasks:
			size = n*17/20 + 64 // 2–6 activities a contact, 4 on average, over 5 types
		}
		tb.recs = make([]record, 0, size)
	}
	st.emails = newEmailIndex(n + n/10)
	st.edges.list = slices.Grow(st.edges.list, 10*n+1000)
}

// seedSize is how many records of a type to make: none for a negative size, else at least
// the fixtures.
func seedSize(n, fixtures int) int {
	if n <= 0 {
		return 0
	}
	return max(n, fixtures)
}

// seedCompany is a seeded company: its record and the values contacts and deals borrow.
type seedCompany struct {
	k            recKey
	name, domain string
}

// insert adds a record created at `at` (to the millisecond, as HubSpot keeps it), searchable
// at once, and returns its key.
func (s *seeder) insert(typ string, at time.Time, props map[string]string, source string) recKey {
	return s.tx.s.insert(typ, "", ms(at), props, source)
}

// idOf is a seeded record's id.
func (s *seeder) idOf(k recKey) string { return formatID(s.tx.s.rec(k).id) }

// link associates two records with the default (unlabelled) type, or typeID when not 0.
func (s *seeder) link(from, to recKey, typeID int) {
	pair, ok := s.assocTypes(from.typ().String(), to.typ().String(), typeID)
	if ok {
		s.tx.s.edges.link(s.tx.s, from, to, pair[0], &pair[1])
	}
}

// assocTypes looks an association type and its reverse up once per seeding run.
func (s *seeder) assocTypes(from, to string, typeID int) ([2]AssocType, bool) {
	key := from + "/" + to + "/" + strconv.Itoa(typeID)
	if pair, ok := s.assoc[key]; ok {
		return pair, true
	}
	t, rev, ok := defaultAssoc(from, to)
	if typeID != 0 {
		t, rev, ok = lookupAssoc(from, to, typeID)
	}
	if ok {
		s.assoc[key] = [2]AssocType{t, rev}
	}
	return [2]AssocType{t, rev}, ok
}

// seedApply writes a record's later changes (sorted by time) as of their past moments: the
// values, their history entries from source, and lastmodifieddate when a change is later than
// the record's last one. The record stays visible to search at once.
func (st *Store) seedApply(k recKey, changes []seedChange, source string) {
	r := st.rec(k)
	src := st.codec.sources.id(source)
	kvs, hist := st.current(r)
	st.unindexEmails(k)
	var entries []byte
	for _, c := range changes {
		at := ms(seedEarlier(c.at, SeedBase()))
		for _, name := range sortedKeys(c.props) {
			kvs, entries = st.change(r, kvs, entries, propKV{pid: st.codec.props.id(name), v: c.props[name]}, at, src)
		}
		if at > r.updated {
			entries = st.touch(r, entries, at)
		}
	}
	st.rewrite(r, kvs, hist, entries)
	st.indexEmails(k)
}

// seedStep is the i-th of n even steps over span: span*i/n without overflowing (span*i passes
// 2^63 ns from the 147th of two years' contacts on).
func seedStep(span time.Duration, i, n int) time.Duration {
	d, k := time.Duration(n), time.Duration(i)
	return span/d*k + span%d*k/d
}

// between returns a moment uniformly drawn in [from, to).
func (s *seeder) between(from, to time.Time) time.Time {
	d := to.Sub(from)
	if d <= 0 {
		return from
	}
	return from.Add(time.Duration(s.r.Int64N(int64(d))))
}

func (s *seeder) pick(list []string) string { return list[s.r.IntN(len(list))] }

func (s *seeder) chance(percent int) bool { return s.r.IntN(100) < percent }

// digits replaces each # in a format with a random digit.
func (s *seeder) digits(format string) string {
	b := []byte(format)
	for i, c := range b {
		if c == '#' {
			b[i] = byte('0' + s.r.IntN(10))
		}
	}
	return string(b)
}

// seedASCII lower-cases a name and keeps its ASCII letters and digits (accents folded), for
// email addresses and domains.
func seedASCII(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case seedASCIIFold[r] != "":
			b.WriteString(seedASCIIFold[r])
		}
	}
	return b.String()
}

// uniqueEmail returns local@domain, numbered when already taken, and reserves it until the
// contact is stored. An address is taken when a fixture or the contact being built has it, or
// a stored contact does: the store's email index stands in for a set of a million addresses.
func (s *seeder) uniqueEmail(local, domain string) string {
	if local == "" {
		local = "contact"
	}
	v := s.unique(local, "@"+domain, func(v string) bool {
		if s.emails[v] {
			return true
		}
		_, ok := s.tx.s.contactByEmail(v)
		return ok
	})
	s.emails[v] = true
	return v
}

// uniqueDomain returns base.tld, numbered when already taken, and reserves it.
func (s *seeder) uniqueDomain(base, tld string) string {
	v := s.unique(base, "."+tld, func(v string) bool { return s.domains[v] })
	s.domains[v] = true
	return v
}

// unique returns head+tail, or head+N+tail for the first free N from 2. s.next remembers where
// each name's numbering got to, so many people sharing a name cost no more than one.
func (s *seeder) unique(head, tail string, taken func(string) bool) string {
	v := head + tail
	for taken(v) {
		key := head + "\x00" + tail
		s.next[key] = max(s.next[key], 1) + 1
		v = head + strconv.Itoa(s.next[key]) + tail
	}
	return v
}

func seedLater(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func seedEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// seedProps builds a property map from name/value pairs with room for size entries (the
// store's stamps included), so it never grows.
func seedProps(size int, pairs ...string) map[string]string {
	m := make(map[string]string, size)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}
