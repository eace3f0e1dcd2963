package value_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// The rules against HubSpot's side (the sandbox, over HTTP, with the contact properties it
// serves): what a rule takes, converted, HubSpot stores as the same value; an address the rule
// refuses, HubSpot refuses too; a phone number HubSpot stores whatever it holds.
func TestRulesAgreeWithHubSpot(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv := hubspottest.NewServer(t, hubspottest.Options{Empty: true, RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1})
		fam.Watch(t, srv)
		c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: &instantClock{}})
		require.NoError(t, err)
		ctx := context.Background()
		list, err := c.Properties(ctx, api.ObjectContacts)
		require.NoError(t, err)
		defs := map[string]*api.Property{}
		for i := range list {
			defs[list[i].Name] = &list[i]
		}
		paris, err := time.LoadLocation("Europe/Paris")
		require.NoError(t, err)

		taken := map[string][]string{
			"annualrevenue":        {"1200", "1,200", "1 250 000.75", "-12.5"},
			"date_of_birth":        {"1990-12-10", "660787200000", "1990-12-10T00:00:00Z"},
			"hs_lead_status":       {"NEW", "in progress", "Open Deal"},
			"lifecyclestage":       {"Customer", "lead"},
			"hobbies":              {"Hiking;music", "chess"},
			"vip":                  {"yes", "No", "true"},
			"phone":                {"+44 20 7946 0000", "555-0100 ask for Bob", "call me", "x"},
			"hs_additional_emails": {"A@example.com; b@example.com"},
			"jobtitle":             {"  Director  "},
		}
		n := 0
		for name, values := range taken {
			p := defs[name]
			if p == nil {
				continue
			}
			for _, typed := range values {
				v, err := value.For(p, paris).Parse(typed)
				require.NoError(t, err, "%s %q", name, typed)
				n++
				props := map[string]string{"email": fmt.Sprintf("c%d@example.com", n), name: v}
				o, err := c.CreateContact(ctx, props)
				require.NoError(t, err, "HubSpot takes %s %q as %q", name, typed, v)
				assert.True(t, value.Same(p, v, o.Properties[name]), "%s %q: sent %q, stored %q", name, typed, v, o.Properties[name])
			}
		}

		email := defs["email"]
		for _, typed := range []string{"ada@nowhere", "a..b@example.com", "adä@example.com", "a da@example.com", "ada@example.c", "ada`@example.com", "@example.com"} {
			_, err := value.For(email, paris).Parse(typed)
			require.Error(t, err, typed)
			_, err = c.CreateContact(ctx, map[string]string{"email": typed})
			errs, ok := api.IsValidation(err)
			require.True(t, ok, "HubSpot refuses %q too: %v", typed, err)
			assert.Equal(t, "INVALID_EMAIL", errs[0].Code)
		}
		for _, typed := range []string{"Ada@Example.com", "o'brien@example.ie", "a.b+c@sub.example.co.uk"} {
			v, err := value.For(email, paris).Parse(typed)
			require.NoError(t, err)
			o, err := c.CreateContact(ctx, map[string]string{"email": typed})
			require.NoError(t, err, "HubSpot takes %q", typed)
			assert.Equal(t, v, o.Properties["email"], "and stores it as the rule sends it")
		}
	})
}

// instantClock lets the API layer's pacing pass at once: the test is about values, not speed.
type instantClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}
