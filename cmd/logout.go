package cmd

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/keys"
)

func (r *runner) logoutCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove the profile's token from the system keyring",
		Long: `Remove the profile's token from the system keyring, and delete the profile's local index
of contacts if it has one. The profile's settings in the config file (base URL, portal id) stay. Logging out of a profile that has no token is not an error.
HUBSPOT_ACCESS_TOKEN, if set, is not touched: unset it yourself.`,
		Example:           "  hubcontacts logout\n  hubcontacts logout --profile eu",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              r.runLogout,
	}
}

func (r *runner) runLogout(c *cobra.Command, _ []string) error {
	if err := r.refuseDemo(c); err != nil {
		return err
	}
	name, err := r.profileName()
	if err != nil {
		return err
	}
	err = r.keys.Delete(name)
	switch {
	case errors.Is(err, keys.ErrNotFound):
		fmt.Fprintf(r.stdout, "No token was stored for profile %q; nothing to do.\n", name)
	case err != nil:
		return authError(err)
	default:
		fmt.Fprintf(r.stdout, "Logged out: the token of profile %q is gone from the system keyring.\n", name)
	}
	if had, err := index.Clear(r.app.Getenv, name); err != nil {
		return err
	} else if had {
		fmt.Fprintf(r.stdout, "The local index of profile %q is deleted.\n", name)
	}
	if r.keys.Source() == keys.SourceEnvironment {
		fmt.Fprintf(r.stderr, "note: %s is still set in this environment, and hubcontacts will keep using it; unset it to stop.\n", keys.EnvToken)
	}
	return nil
}
