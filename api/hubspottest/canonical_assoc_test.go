package hubspottest

import "testing"

func TestCanonicalTypeAcceptsSingularCompany(t *testing.T) {
	for in, want := range map[string]string{"company": Companies, "COMPANY": Companies, "companies": Companies,
		"0-2": Companies, "contact": Contacts, "note": Notes, "deal": Deals, "ticket": Tickets, "companyy": ""} {
		if got := canonicalType(in); got != want {
			t.Errorf("canonicalType(%q) = %q, want %q", in, got, want)
		}
	}
}
