package hubspottest

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The seed's records: companies, contacts with their activities, associations, pins and
// history, deals and tickets. Fixtures first (seed_fixtures.go), then random ones.

// seedSources are the sources a contact's first values come from.
var seedSources = []string{"CRM_UI", "IMPORT", "FORM", "API"}

func (s *seeder) seedCompanies(n int) {
	fixtures := seedFixtureCompanies()
	for _, f := range fixtures {
		s.domains[f["domain"]] = true
	}
	start, span := SeedBase().Add(-3*365*seedDay), 3*365*seedDay
	for i := range n {
		at := start.Add(seedStep(span, i, n))
		var props map[string]string
		if i < len(fixtures) {
			props = fixtures[i]
		} else {
			props = s.randomCompany()
		}
		k := s.insert(Companies, at, props, "CRM_UI")
		s.companies = append(s.companies, seedCompany{k: k, name: props["name"], domain: props["domain"]})
	}
	// Random contacts and deals take the other companies, leaving the fixtures to the fixtures.
	s.pool = s.companies
	if len(s.companies) > len(fixtures) {
		s.pool = s.companies[len(fixtures):]
	}
}

func (s *seeder) randomCompany() map[string]string {
	w := seedCompanyWords
	stem := s.pick(w[0]) + s.pick(w[1])
	kind := s.pick(w[2])
	name := strings.TrimSpace(stem + " " + kind + " " + s.pick(seedCompanySuffixes))
	if s.chance(2) {
		name += " " + s.pick(seedEmoji)
	}
	c := seedCultures[s.r.IntN(len(seedCultures))]
	place := c.places[s.r.IntN(len(c.places))]
	domain := s.uniqueDomain(seedASCII(stem)+"-"+seedASCII(kind), s.pick(seedTLDs))
	p := seedProps(16, "name", name, "domain", domain, "website", "https://www."+domain,
		"industry", s.pick(seedIndustries), "city", place[0], "country", place[1], "phone", s.digits(s.pick(c.phone)),
		"numberofemployees", strconv.Itoa(5+s.r.IntN(5000)))
	if s.chance(40) {
		p["annualrevenue"] = strconv.Itoa((1 + s.r.IntN(500)) * 100000)
	}
	return p
}

// seedContacts creates the contacts, created at even steps over the two years before SeedBase.
func (s *seeder) seedContacts() error {
	fixtures := seedFixtureContacts()
	s.fixtureN = len(fixtures)
	for _, f := range fixtures {
		s.emails[f.props["email"]] = true
		for _, e := range splitList(f.props["hs_additional_emails"]) {
			s.emails[e] = true
		}
	}
	start, span := SeedBase().Add(-2*365*seedDay), 2*365*seedDay
	for i := range s.contactN {
		if i%seedCheck == seedCheck-1 && s.ctx.Err() != nil {
			return s.ctx.Err()
		}
		at := start.Add(seedStep(span, i, s.contactN))
		if i < len(fixtures) {
			s.fixtureContact(fixtures[i], at)
		} else {
			s.randomContact(at)
		}
	}
	return nil
}

func (s *seeder) fixtureCompany(i int) *seedCompany {
	if i < 0 || i >= len(s.companies) {
		return nil
	}
	return &s.companies[i]
}

func (s *seeder) fixtureContact(f seedFixture, at time.Time) {
	props := maps.Clone(f.props)
	company := s.fixtureCompany(f.company)
	if company != nil && props["company"] == "" {
		props["company"] = company.name
	}
	engs := s.randomEngagements(at, props["firstname"])
	for _, e := range f.extra {
		e.at = s.between(seedLater(at, SeedBase().Add(-180*seedDay)), SeedBase())
		e.props = maps.Clone(e.props)
		e.props["hs_timestamp"] = isoTime(e.at)
		engs = append(engs, e)
	}
	var changes []seedChange
	for _, c := range f.changes {
		changes = append(changes, seedChange{at: at.Add(c.after), props: c.props})
	}
	c, ids := s.addContact(props, at, company, s.fixtureCompany(f.billing), engs, "CRM_UI")
	if f.pin {
		changes = append(changes, seedChange{at: engs[len(engs)-len(f.extra)].at.Add(time.Hour),
			props: map[string]string{PinnedEngagementProperty: ids[len(engs)-len(f.extra)]}})
	}
	s.apply(c, changes)
}

func (s *seeder) randomContact(at time.Time) {
	company, billing := s.randomCompanies()
	props, first := s.randomContactProps(company)
	engs := s.randomEngagements(at, first)
	changes := s.randomHistory(props, at)
	c, ids := s.addContact(props, at, company, billing, engs, s.pick(seedSources))
	if s.chance(10) {
		i := s.r.IntN(len(ids))
		changes = append(changes, seedChange{at: engs[i].at.Add(time.Hour),
			props: map[string]string{PinnedEngagementProperty: ids[i]}})
	}
	s.apply(c, changes)
}

// randomCompanies picks a primary company (for 92% of contacts) and, for some, a second one
// labelled "Billing contact".
func (s *seeder) randomCompanies() (*seedCompany, *seedCompany) {
	pool := s.pool
	if len(pool) == 0 || !s.chance(92) {
		return nil, nil
	}
	primary := &pool[s.r.IntN(len(pool))]
	if !s.chance(8) {
		return primary, nil
	}
	billing := &pool[s.r.IntN(len(pool))]
	if billing == primary {
		return primary, nil
	}
	return primary, billing
}

func (s *seeder) randomContactProps(company *seedCompany) (map[string]string, string) {
	c := seedCultures[s.r.IntN(len(seedCultures))]
	first, last := c.first[s.r.IntN(len(c.first))], c.last[s.r.IntN(len(c.last))]
	place := c.places[s.r.IntN(len(c.places))]
	p := seedProps(24, "firstname", first.show, "lastname", last.show, "phone", s.digits(s.pick(c.phone)),
		"jobtitle", s.pick(seedJobTitles), "city", place[0], "country", place[1], "lifecyclestage", s.lifecycleStage())
	if s.chance(1) {
		p["firstname"] += " " + s.pick(seedEmoji)
	}
	domain := s.pick(c.mail)
	if company != nil {
		p["company"] = company.name
		if s.chance(65) {
			domain = company.domain
		}
	}
	p["email"] = s.uniqueEmail(s.localPart(first.ascii, last.ascii), domain)
	s.optionalContactProps(p, c)
	return p, first.show
}

func (s *seeder) optionalContactProps(p map[string]string, c seedCulture) {
	if s.chance(30) {
		p["mobilephone"] = s.digits(s.pick(c.phone))
	}
	if s.chance(55) {
		p["hs_lead_status"] = s.pick(seedLeadStatuses)
	}
	if s.chance(20) {
		p["favorite_food"] = s.pick(seedFoods)
	}
	if s.chance(5) {
		p["hs_additional_emails"] = s.secondaryEmails(p, c)
	}
	p["hs_email_domain"] = emailDomain(p["email"])
}

// secondaryEmails returns one or two more addresses for a contact, ;-joined.
func (s *seeder) secondaryEmails(p map[string]string, c seedCulture) string {
	local, _, _ := strings.Cut(p["email"], "@")
	out := []string{s.uniqueEmail(local, s.pick(c.mail))}
	if s.chance(30) {
		out = append(out, s.uniqueEmail(local+".work", "example.net"))
	}
	return strings.Join(out, ";")
}

func (s *seeder) localPart(first, last string) string {
	first, last = seedASCII(first), seedASCII(last)
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	switch s.r.IntN(5) {
	case 0:
		return first[:1] + "." + last
	case 1:
		return first + last
	case 2:
		return first + "_" + last + strconv.Itoa(s.r.IntN(100))
	}
	return first + "." + last
}

func (s *seeder) lifecycleStage() string {
	total := 0
	for _, w := range seedLifecycleWeights {
		total += w.weight
	}
	n := s.r.IntN(total)
	for _, w := range seedLifecycleWeights {
		if n < w.weight {
			return w.stage
		}
		n -= w.weight
	}
	return "lead"
}

// randomHistory makes some contacts' lifecyclestage, jobtitle and phone change over time: it
// sets the first values in p and returns the later writes.
func (s *seeder) randomHistory(p map[string]string, at time.Time) []seedChange {
	var out []seedChange
	final := slices.Index(seedStageOrder, p["lifecyclestage"])
	if final >= 2 && s.chance(30) {
		stage := s.r.IntN(final)
		p["lifecyclestage"] = seedStageOrder[stage]
		t := at
		for stage < final {
			stage += 1 + s.r.IntN(final-stage)
			t = s.between(t, SeedBase())
			out = append(out, seedChange{at: t, props: map[string]string{"lifecyclestage": seedStageOrder[stage]}})
		}
	}
	for _, prop := range []string{"jobtitle", "phone"} {
		if s.chance(5) {
			newer := p[prop]
			if prop == "jobtitle" {
				p[prop] = s.pick(seedJobTitles)
			} else {
				p[prop] = s.digits(seedPhoneShape(p[prop]))
			}
			out = append(out, seedChange{at: s.between(at, SeedBase()), props: map[string]string{prop: newer}})
		}
	}
	return out
}

// addContact inserts a contact, associates its companies, and creates its activities
// (associated both ways); it returns the contact and the activities' ids.
func (s *seeder) addContact(p map[string]string, at time.Time, company, billing *seedCompany, engs []seedEngagement, source string) (recKey, []string) {
	last := at
	for _, e := range engs {
		last = seedLater(last, e.at)
	}
	p["notes_last_updated"] = isoTime(last)
	assignOwner(p)
	c := s.insert(Contacts, at, p, source)
	s.contacts = append(s.contacts, c)
	if len(s.contacts) >= s.fixtureN {
		clear(s.emails) // stored: the store's email index has them from here on
	}
	if company != nil {
		s.link(c, company.k, TypeContactToCompany)
		s.link(c, company.k, TypeContactToPrimaryCompany)
	}
	if billing != nil {
		s.link(c, billing.k, TypeContactToCompany)
		s.link(c, billing.k, TypeContactToCompanyBilling)
	}
	ids := make([]string, len(engs))
	for i, e := range engs {
		o := s.insert(e.typ, e.at, e.props, "CRM_UI")
		s.link(c, o, 0)
		ids[i] = s.idOf(o)
	}
	return c, ids
}

// apply writes a record's later changes in time order and makes the result searchable.
func (s *seeder) apply(k recKey, changes []seedChange) {
	if len(changes) == 0 {
		return
	}
	slices.SortStableFunc(changes, func(a, b seedChange) int { return a.at.Compare(b.at) })
	s.tx.s.seedApply(k, changes, "CRM_UI")
}

// seedPhoneShape turns a phone number into a format for digits: its country code kept, every
// later digit a #.
func seedPhoneShape(phone string) string {
	keep := min(4, len(phone))
	return phone[:keep] + strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '#'
		}
		return r
	}, phone[keep:])
}
