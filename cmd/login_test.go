package cmd_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

const token = "pat-na1-7a7a7a7a-1111-4222-8333-944444444444"

func TestLoginStatusLogout(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)

		res := w.run(strings.NewReader(token+"\n"), "login", "--profile", "sb", "--base-url", srv.URL)
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Logged in to HubSpot portal 12345678 (app.hubspot.com")
		assert.Contains(t, res.stdout, `as profile "sb"`)
		assert.Contains(t, res.stdout, "Scopes: ")
		assert.Contains(t, res.stdout, "crm.objects.contacts.write")
		assert.NotContains(t, res.stderr, "warning")

		stored, err := keyring.Get("hubcontacts", "sb")
		require.NoError(t, err)
		assert.Equal(t, token, stored, "the token is in the keyring under service hubcontacts, account sb")
		cfg, err := config.Load(w.configFile())
		require.NoError(t, err)
		assert.Equal(t, int64(12345678), cfg.Profile("sb").PortalID, "portal id remembered")
		assert.Equal(t, srv.URL, cfg.Profile("sb").BaseURL, "--base-url remembered for the profile")
		assertNoFileHolds(t, w.config, token)

		res = w.run(nil, "auth", "status", "--profile", "sb")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Profile:   sb\n")
		assert.Contains(t, res.stdout, "Base URL:  "+srv.URL+"\n")
		assert.Contains(t, res.stdout, `Token:     from the keyring (service "hubcontacts", account "sb")`)
		assert.Contains(t, res.stdout, "Portal:    12345678 (app.hubspot.com, US/Eastern)")
		assert.Contains(t, res.stdout, "crm.objects.contacts.read")
		assert.NotContains(t, res.output(), token)

		res = w.run(nil, "logout", "--profile", "sb")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, `the token of profile "sb" is gone`)
		_, err = keyring.Get("hubcontacts", "sb")
		assert.ErrorIs(t, err, keyring.ErrNotFound)

		res = w.run(nil, "auth", "status", "--profile", "sb")
		assert.Equal(t, 4, res.code)
		assert.Contains(t, res.stdout, "Token:     none")
		assert.Contains(t, res.stderr, "hubcontacts login --profile sb")

		res = w.run(nil, "logout", "--profile", "sb")
		assert.Equal(t, 0, res.code, "logging out twice is fine")
		assert.Contains(t, res.stdout, "nothing to do")
	})
}

func TestLoginUsesDefaultProfileFromConfig(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		w.writeConfig("default_profile: work\nprofiles:\n  work:\n    base_url: " + srv.URL + "\n")
		res := w.run(strings.NewReader(token), "login")
		require.Equal(t, 0, res.code, res.output())
		stored, err := keyring.Get("hubcontacts", "work")
		require.NoError(t, err)
		assert.Equal(t, token, stored)
		data, err := os.ReadFile(w.configFile())
		require.NoError(t, err)
		assert.Contains(t, string(data), "portal_id: 12345678")
	})
}

func TestWrongTokenIsRefusedAndNothingStored(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		wrong := "pat-na1-00000000-dead-4bad-8bad-000000000000"
		res := w.run(strings.NewReader(wrong), "login", "--profile", "sb", "--base-url", srv.URL)
		assert.Equal(t, 4, res.code, res.output())
		assert.Contains(t, res.stderr, "refused this token (401")
		assert.Contains(t, res.stderr, "nothing was stored")
		assert.NotContains(t, res.output(), wrong)
		_, err := keyring.Get("hubcontacts", "sb")
		assert.ErrorIs(t, err, keyring.ErrNotFound)
		_, err = os.Stat(w.configFile())
		assert.True(t, os.IsNotExist(err), "no config written for a refused token")
	})
}

func TestLoginWarnsWithoutWriteScope(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token, "crm.objects.contacts.read")
		res := w.run(strings.NewReader(token), "login", "--base-url", srv.URL)
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stderr, "warning: the token lacks crm.objects.contacts.write")
		assert.Contains(t, res.stdout, "Scopes: crm.objects.contacts.read\n")
		stored, err := keyring.Get("hubcontacts", "default")
		require.NoError(t, err, "a valid read-only token is still stored")
		assert.Equal(t, token, stored)
	})
}

func TestLoginReadsOneLineOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		for name, in := range map[string]string{
			"empty":       "",
			"blank":       "\n  \n",
			"two lines":   token + "\nsomething else\n",
			"inner space": "pat-na1 abc\n",
		} {
			t.Run(name, func(t *testing.T) {
				res := w.run(strings.NewReader(in), "login", "--base-url", srv.URL)
				assert.Equal(t, 2, res.code, res.output())
				assert.NotContains(t, res.output(), token)
				_, err := keyring.Get("hubcontacts", "default")
				assert.ErrorIs(t, err, keyring.ErrNotFound)
			})
		}
		res := w.run(strings.NewReader("\n  "+token+"  \r\n\n"), "login", "--base-url", srv.URL)
		assert.Equal(t, 0, res.code, "surrounding blank lines and spaces are fine: %s", res.output())
	})
}

func TestNoKeyringNamesTheFix(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		keyring.MockInitWithError(errors.New("dbus: couldn't determine address of session bus"))
		res := w.run(strings.NewReader(token), "login", "--base-url", srv.URL)
		assert.Equal(t, 4, res.code, res.output())
		for _, want := range []string{"the token is valid, but", "no D-Bus session bus", "gnome-keyring", "unlock", "HUBSPOT_ACCESS_TOKEN", "never stores the token in a file"} {
			assert.Contains(t, res.stderr, want)
		}
		assert.NotContains(t, res.output(), token)
		assertNoFileHolds(t, w.config, token)

		res = w.run(nil, "auth", "status")
		assert.Equal(t, 4, res.code)
		assert.Contains(t, res.stderr, "HUBSPOT_ACCESS_TOKEN")

		// The environment variable is the way out, and the keyring is not needed for it.
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		res = w.run(nil, "auth", "status", "--base-url", srv.URL)
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Token:     from the environment (HUBSPOT_ACCESS_TOKEN)")
		assert.NotContains(t, res.output(), token)
	})
}

func TestEnvironmentTokenOverridesKeyring(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		require.Equal(t, 0, w.run(strings.NewReader(token), "login", "--base-url", srv.URL).code)
		w.env["HUBSPOT_ACCESS_TOKEN"] = "pat-na1-ffffffff-ffff-4fff-8fff-ffffffffffff"
		res := w.run(nil, "auth", "status")
		assert.Equal(t, 4, res.code, "the environment's (wrong) token wins over the keyring's")
		assert.Contains(t, res.stdout, "from the environment")
		assert.Contains(t, res.stderr, "refused the token in HUBSPOT_ACCESS_TOKEN")
		assert.NotContains(t, res.output(), "pat-na1-ffffffff")

		res = w.run(nil, "logout")
		assert.Equal(t, 0, res.code)
		assert.Contains(t, res.stderr, "HUBSPOT_ACCESS_TOKEN is still set")
	})
}

func TestRefusedTokenInKeyring(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		require.NoError(t, keyring.Set("hubcontacts", "default", "pat-na1-rotated"))
		res := w.run(nil, "auth", "status", "--base-url", srv.URL)
		assert.Equal(t, 4, res.code)
		assert.Contains(t, res.stderr, `HubSpot refused the token of profile "default" (401)`)
		assert.Contains(t, res.stderr, "hubcontacts login --profile default")
		assert.NotContains(t, res.output(), "pat-na1-rotated")
	})
}

func TestBaseURLRefusedBeforeTheToken(t *testing.T) {
	w := newWorld(t)
	res := w.run(panicReader{t}, "login", "--base-url", "http://example.com")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--base-url: refusing http://example.com: plain http would send the access token unencrypted")

	w.env["HUBSPOT_ACCESS_TOKEN"] = token
	for _, args := range [][]string{
		{"auth", "status", "--base-url", "http://example.com"},
		{"--base-url", "http://example.com"},
		{"--base-url", "http://10.1.2.3:8089", "ada@example.com"},
	} {
		res := w.run(nil, args...)
		assert.Equal(t, 2, res.code, "%v: %s", args, res.output())
		assert.Contains(t, res.stderr, "plain http")
		assert.NotContains(t, res.stdout, "Token:", "refused before the token was looked at")
	}
	assert.Empty(t, w.tui, "the TUI never started")
}

func TestLoginRefusesDemo(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"login", "--demo"}, {"logout", "--demo"}, {"auth", "status", "--demo"}} {
		res := w.run(panicReader{t}, args...)
		assert.Equal(t, 2, res.code, args)
		assert.Contains(t, res.stderr, "needs no token")
	}
}

// auth status says who "me" is: a private app's token belongs to no user of its own, so the
// profile's me: names the owner; status shows that owner by name and email, or what to fix.
func TestAuthStatusSaysWhoMeIs(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		res := w.run(nil, "auth", "status", "--base-url", srv.URL)
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Me:        not set: add me: <your HubSpot login email> to the profile")

		w.writeConfig("profiles:\n  default:\n    base_url: " + srv.URL + "\n    me: " + hubspottest.SandboxUser + "\n")
		res = w.run(nil, "auth", "status")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Me:        Sam Sandbox <"+hubspottest.SandboxUser+">, owner "+hubspottest.MeOwnerID+" (me: in the profile)\n")

		w.writeConfig("profiles:\n  default:\n    base_url: " + srv.URL + "\n    me: nobody@example.com\n")
		res = w.run(nil, "auth", "status")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stdout, "Me:        no active owner of this account has the email nobody@example.com (me: in the profile): fix me:")
	})
}
