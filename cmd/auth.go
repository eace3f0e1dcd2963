package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/keys"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

func (r *runner) authCommand() *cobra.Command {
	auth := &cobra.Command{
		Use:   "auth",
		Short: "Inspect the credentials in use",
		Args:  noArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	auth.AddCommand(&cobra.Command{
		Use:   "status",
		Short: "Show where the token comes from, its portal and its scopes (never the token)",
		Long: `Show the profile in use, its base URL, where its token comes from (HUBSPOT_ACCESS_TOKEN or
the system keyring), and, asking HubSpot, the portal and the token's scopes. The token itself is
never shown. Exits 4 when there is no token or HubSpot refuses it.`,
		Example:           "  hubcontacts auth status\n  hubcontacts auth status --profile eu",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              r.runAuthStatus,
	})
	return auth
}

func (r *runner) runAuthStatus(c *cobra.Command, _ []string) error {
	if err := r.refuseDemo(c); err != nil {
		return err
	}
	_, p, err := r.profile()
	if err != nil {
		return err
	}
	fmt.Fprintf(r.stdout, "Profile:   %s\n", p.Name)
	fmt.Fprintf(r.stdout, "Base URL:  %s\n", p.BaseURL)
	fmt.Fprintf(r.stdout, "API:       %s\n", config.APIVersionName(p.APIVersion))
	token, src, err := r.keys.Get(p.Name)
	if err != nil {
		fmt.Fprintln(r.stdout, "Token:     none")
		return authError(err)
	}
	r.secrets.add(token.Reveal())
	fmt.Fprintf(r.stdout, "Token:     from the %s\n", describeSource(src, p.Name))
	info, acct, err := r.whoAmI(c.Context(), p, token)
	if err != nil {
		fmt.Fprintln(r.stdout, "Status:    not usable")
		return r.explainAPIError(err, p.Name, src)
	}
	fmt.Fprintf(r.stdout, "Portal:    %d%s\n", acct.PortalID, portalDetail(acct))
	fmt.Fprintf(r.stdout, "Scopes:    %s\n", scopeList(info.Scopes))
	fmt.Fprintf(r.stdout, "Me:        %s\n", r.meLine(c.Context(), p, token))
	r.warnScopes(info.Scopes)
	if p.PortalID != 0 && p.PortalID != acct.PortalID {
		fmt.Fprintf(r.stderr, "warning: profile %q was logged in to portal %d, but this token is for portal %d\n", p.Name, p.PortalID, acct.PortalID)
	}
	return nil
}

// meLine says who "me" is for this profile: a private app's token belongs to no user of its
// own, so the profile's me: names the owner (owner:me, My tasks, new activities' owner).
func (r *runner) meLine(ctx context.Context, p config.Profile, token keys.Token) string {
	if p.Me == "" {
		return "not set: add me: <your HubSpot login email> to the profile (for owner:me, My tasks, new activities' owner)"
	}
	client, err := r.newClient(p, token)
	if err != nil {
		return "unknown: " + err.Error()
	}
	o, found, err := client.OwnerByEmail(ctx, p.Me)
	switch {
	case err != nil:
		return "unknown: the owners could not be read (" + sanitize.Display(err.Error()) + ")"
	case !found:
		return "no active owner of this account has the email " + sanitize.Display(p.Me) + " (me: in the profile): fix me:"
	}
	return sanitize.Display(o.Name()) + " <" + sanitize.Display(o.Email) + ">, owner " + sanitize.Display(o.ID) + " (me: in the profile)"
}

// portalDetail is " (app.hubspot.com, US/Eastern)", from HubSpot's (untrusted) text.
func portalDetail(a api.Account) string {
	var parts []string
	for _, s := range []string{a.UIDomain, a.TimeZone} {
		if s = sanitize.Display(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// whoAmI asks HubSpot for the token's info and its account.
func (r *runner) whoAmI(ctx context.Context, p config.Profile, token keys.Token) (api.TokenInfo, api.Account, error) {
	client, err := r.newClient(p, token)
	if err != nil {
		return api.TokenInfo{}, api.Account{}, err
	}
	info, err := client.TokenInfo(ctx)
	if err != nil {
		return info, api.Account{}, err
	}
	acct, err := client.AccountDetails(ctx)
	return info, acct, err
}

// explainAPIError adds to an API error which token was used and what to do about it.
func (r *runner) explainAPIError(err error, profile string, src keys.Source) error {
	if !isUnauthorized(err) {
		return err
	}
	if src == keys.SourceEnvironment {
		return authError(fmt.Errorf("HubSpot refused the token in %s (401): check its value, or unset it to use the keyring's token", keys.EnvToken))
	}
	return authError(fmt.Errorf("HubSpot refused the token of profile %q (401): it may have been rotated, or its private app deleted; log in again with `hubcontacts login --profile %s`", profile, profile))
}
