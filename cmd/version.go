package cmd

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func (r *runner) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "version",
		Short:             "Print the version (also: hubcontacts --version)",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(r.stdout, "hubcontacts %s (%s %s/%s)\n", r.app.version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
