package cmd

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/keys"
)

// runner is the state of one run of the command line: the outside world, the global flags and
// what was loaded from them.
type runner struct {
	app            App
	stdout, stderr io.Writer
	secrets        *secrets
	keys           *keys.Store
	flags          globalFlags
	closers        []io.Closer
	usageFor       string // the command whose --help a usage error points to

	cfg      *config.Config
	cfgErr   error
	log      *slog.Logger // the --debug log, once opened
	debugSet bool         // --debug was given (possibly empty, which is refused)
}

type globalFlags struct {
	profile  string
	baseURL  string
	apiVer   string
	debug    string
	readOnly bool
	demo     bool
	view     string // the TUI's --view
}

func newRunner(app App) *runner {
	if app.Getenv == nil {
		app.Getenv = func(string) string { return "" }
	}
	if app.Stdin == nil {
		app.Stdin = strings.NewReader("")
	}
	s := &secrets{}
	s.add(app.Getenv(keys.EnvToken)) // hidden from the first message on, even in a usage error
	s.add(strings.TrimSpace(app.Getenv(keys.EnvToken)))
	opts := []keys.Option{keys.WithGetenv(app.Getenv)}
	if app.KeyringTimeout > 0 {
		opts = append(opts, keys.WithTimeout(app.KeyringTimeout))
	}
	return &runner{
		app:      app,
		stdout:   redactingWriter{w: app.Stdout, s: s, data: true},
		stderr:   redactingWriter{w: app.Stderr, s: s},
		secrets:  s,
		keys:     keys.New(app.Keyring, opts...),
		usageFor: "hubcontacts",
	}
}

func (r *runner) close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i].Close()
	}
}

// commands lists each subcommand's constructor. A new command is a file with a constructor
// taking the runner, and one line here.
func (r *runner) commands() []*cobra.Command {
	return []*cobra.Command{
		r.loginCommand(),
		r.logoutCommand(),
		r.authCommand(),
		r.sandboxCommand(),
		r.configCommand(),
		r.versionCommand(),
		r.getCommand(), r.searchCommand(), r.importCommand(), r.exportCommand(),
		r.activitiesCommand(), r.noteCommand(), r.taskCommand(), r.mergeCommand(),
		r.indexCommand(),
	}
}

const rootLong = `hubcontacts is a keyboard-first terminal app for HubSpot CRM contacts: look a contact up by
email, read everything about them, fix a field, manage associations and secondary emails.

Run it with no argument for the contact list, or with an email or a record id to open that
contact. Log in once with 'hubcontacts login'; the token lives in the system keyring (or in
HUBSPOT_ACCESS_TOKEN). 'hubcontacts --demo' runs on a seeded local sandbox: no token, no network.

Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication (no token, token refused or
missing scopes, no usable keyring), 130 interrupted.`

func (r *runner) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "hubcontacts [EMAIL_OR_ID]",
		Short: "A keyboard-first terminal app for HubSpot CRM contacts",
		Long:  rootLong,
		Example: `  hubcontacts --demo                    # try it on sandbox data
  hubcontacts login                     # paste your private app token once
  hubcontacts ada@example.com           # open one contact
  hubcontacts --view "My contacts"      # start on a saved view
  hubcontacts --profile eu --read-only  # another account, look but never touch`,
		Version:           r.app.version(),
		Args:              r.rootArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: r.checkGlobalFlags,
		RunE:              r.runRoot,
	}
	root.SuggestionsMinimumDistance = 2
	root.SetVersionTemplate("hubcontacts {{.Version}}\n")
	root.SetIn(r.app.Stdin)
	root.SetOut(r.stdout)
	root.SetErr(r.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		r.usageFor = c.CommandPath()
		return usageError("%v", err)
	})
	pf := root.PersistentFlags()
	pf.StringVarP(&r.flags.profile, "profile", "p", "", "the profile (HubSpot account) to use (default: the config file's default_profile, else \"default\")")
	pf.StringVar(&r.flags.baseURL, "base-url", "", "HubSpot API base `URL`: https://…, or http:// only to this machine (a sandbox)")
	pf.StringVar(&r.flags.apiVer, "api-version", "", "HubSpot's API `VERSION`: v3 (the numbered paths, the default) or a dated one like 2026-03 (default: the profile's api_version)")
	pf.BoolVar(&r.flags.readOnly, "read-only", false, "refuse every change: look, never touch")
	pf.StringVar(&r.flags.debug, "debug", "", "append a log of the requests (token redacted) to `FILE`; never shown on screen")
	pf.BoolVar(&r.flags.demo, "demo", false, "use a seeded sandbox started in this process: no token, no network")
	root.Flags().StringVar(&r.flags.view, "view", "", "start on a saved view (its filter, columns and sort), by `name`: \"My contacts\", \"Recently modified\" or one you saved")
	_ = root.RegisterFlagCompletionFunc("profile", r.completeProfiles)
	root.AddCommand(r.commands()...)
	return root
}

// checkGlobalFlags runs before every command: a --debug given must name a file.
func (r *runner) checkGlobalFlags(c *cobra.Command, _ []string) error {
	r.debugSet = c.Flags().Changed("debug")
	_, err := r.debugLog()
	return err
}

// noArgs is cobra.NoArgs as a usage error.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("unexpected argument %q: %q takes none", args[0], c.CommandPath())
	}
	return nil
}

var contactRef = regexp.MustCompile(`^(?:[0-9]{1,20}|[^\s@]+@[^\s@]+)$`)

// rootArgs accepts at most one argument that looks like a contact (an email or a numeric id),
// so a mistyped command ("logn") is a usage error with a suggestion, not a contact lookup.
func (r *runner) rootArgs(c *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case len(args) > 1:
		return usageError("hubcontacts opens one contact at a time; got %d arguments", len(args))
	case contactRef.MatchString(args[0]):
		return nil
	}
	msg := fmt.Sprintf("unknown command %q: give a command, an email address or a contact id", args[0])
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return usageError("%s", msg)
}

func (r *runner) runRoot(c *cobra.Command, args []string) error {
	open := ""
	if len(args) == 1 {
		open = args[0]
	}
	return r.startTUI(c.Context(), open)
}

func (r *runner) completeProfiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	cfg, err := r.config()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return cfg.ProfileNames(), cobra.ShellCompDirectiveNoFileComp
}

// config loads the configuration file once per run.
func (r *runner) config() (*config.Config, error) {
	if r.cfg != nil || r.cfgErr != nil {
		return r.cfg, r.cfgErr
	}
	path, err := config.Path(r.app.Getenv)
	if err == nil {
		r.cfg, err = config.Load(path)
	}
	r.cfgErr = err
	return r.cfg, err
}

// profileName is --profile, else the config file's default profile.
func (r *runner) profileName() (string, error) {
	name := r.flags.profile
	if name == "" {
		cfg, err := r.config()
		if err != nil {
			return "", err
		}
		name = cfg.DefaultProfile
	}
	if err := keys.CheckProfile(name); err != nil {
		return "", usageError("--profile: %v", err)
	}
	return name, nil
}

// profile resolves the profile in use: its config entry, with --base-url (checked, so a
// plain-http remote URL is refused before any token is read or sent) and --api-version applied.
func (r *runner) profile() (*config.Config, config.Profile, error) {
	name, err := r.profileName()
	if err != nil {
		return nil, config.Profile{}, err
	}
	cfg, err := r.config()
	if err != nil {
		return nil, config.Profile{}, err
	}
	p := cfg.Profile(name)
	if r.flags.baseURL != "" {
		u, err := config.CheckBaseURL(r.flags.baseURL)
		if err != nil {
			return nil, config.Profile{}, usageError("--base-url: %v", err)
		}
		p.BaseURL = u
	}
	if r.flags.apiVer != "" {
		v, err := config.CheckAPIVersion(strings.TrimSpace(r.flags.apiVer))
		if err != nil {
			return nil, config.Profile{}, usageError("--api-version %v", err)
		}
		p.APIVersion = v
	}
	return cfg, p, nil
}

// refuseDemo rejects --demo on commands about real credentials.
func (r *runner) refuseDemo(c *cobra.Command) error {
	if r.flags.demo {
		return usageError("%s has nothing to do with --demo: the demo needs no token", c.CommandPath())
	}
	return nil
}
