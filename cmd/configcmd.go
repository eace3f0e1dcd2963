package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/ui"
)

func (r *runner) configCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "config",
		Short: "Where the configuration file is, and what is in force",
		Args:  noArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(&cobra.Command{
		Use:               "path",
		Short:             "Print the configuration file's path (it need not exist)",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			path, err := config.Path(r.app.Getenv)
			if err != nil {
				return err
			}
			fmt.Fprintln(r.stdout, path)
			return nil
		},
	}, &cobra.Command{
		Use:   "show",
		Short: "Print the configuration in force, defaults included, as a valid config file",
		Long: `Print the configuration in force, defaults included, in the config file's own format: a
starting point to copy into the file. A file with mistakes is reported line by line instead.
The file never holds a token, so neither does this.`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := r.config()
			if err != nil {
				return err
			}
			if err := cfg.CheckActions(ui.DefaultKeyMap().Names()); err != nil {
				return err
			}
			out, err := cfg.Render()
			if err != nil {
				return err
			}
			if cfg.Exists {
				fmt.Fprintf(r.stdout, "# from %s, with defaults filled in\n", cfg.Path)
			} else {
				fmt.Fprintf(r.stdout, "# no file at %s: these are the defaults\n", cfg.Path)
			}
			_, err = r.stdout.Write(out)
			return err
		},
	})
	return c
}
