package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

const indexLong = `The local index is an opt-in copy of the portal's contacts on this machine, kept per profile
in the user's cache folder (private to you: 0700/0600), holding only the properties the list's
columns, find and views need (and index_properties: in the profile). With it the list shows the
whole portal at once and find answers at every keystroke; every write and every detail still
go to HubSpot.

  index sync    the first sync reads every contact (at the rate limit's full pace, with
                progress; Ctrl-C or a crash stops it, and the next sync goes on from there),
                later ones only what changed
  index status  how many contacts, the size on disk, the last sync and how long ago
  index clear   delete the index (logout does too)

Turn it on for a profile with 'index: on' in the config file (or run index sync once); 'index:
off' never uses one.`

func (r *runner) indexCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "index",
		Short: "The local index of the portal's contacts: sync, status, clear",
		Long:  indexLong,
		Example: `  hubcontacts index sync
  hubcontacts index status --profile eu
  hubcontacts index clear`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	c.AddCommand(
		&cobra.Command{Use: "sync", Short: "Bring the index up to date (the first run reads every contact)", Args: noArgs,
			ValidArgsFunction: cobra.NoFileCompletions, RunE: func(c *cobra.Command, _ []string) error { return r.runIndexSync(c.Context()) }},
		&cobra.Command{Use: "status", Short: "How many contacts the index holds, its size on disk, the last sync", Args: noArgs,
			ValidArgsFunction: cobra.NoFileCompletions, RunE: func(*cobra.Command, []string) error { return r.runIndexStatus() }},
		&cobra.Command{Use: "clear", Short: "Delete the profile's index", Args: noArgs,
			ValidArgsFunction: cobra.NoFileCompletions, RunE: func(*cobra.Command, []string) error { return r.runIndexClear() }},
	)
	return c
}

// indexOptions are where a profile's index lives and what it keeps.
func (r *runner) indexOptions(cfg *config.Config, profile string) (index.Options, error) {
	dir, err := index.Dir(r.app.Getenv, profile)
	if err != nil {
		return index.Options{}, err
	}
	extra := append([]string{}, cfg.Columns...)
	for _, v := range cfg.Views(profile) {
		extra = append(extra, v.Columns...)
		extra = append(extra, strings.TrimPrefix(v.Sort, "-"))
	}
	extra = append(extra, cfg.IndexProperties(profile)...)
	return index.Options{Dir: dir, Props: index.DefaultProps(extra)}, nil
}

func (r *runner) runIndexSync(ctx context.Context) error {
	if r.flags.demo {
		return usageError("the demo's sandbox lives only while it runs: an index of it would be gone with it")
	}
	s, err := r.connect(nil)
	if err != nil {
		return err
	}
	if s.profile.Index == config.IndexOff {
		return usageError("profile %q says index: off; change it to index: on (or remove the line) to use an index", s.profile.Name)
	}
	o, err := r.indexOptions(s.cfg, s.profile.Name)
	if err != nil {
		return err
	}
	ix, err := index.Open(o)
	if err != nil {
		return err
	}
	defer ix.Close()
	if ix.Rebuilt != "" {
		fmt.Fprintf(r.stderr, "The index found at %s could not be used (%s): building it again.\n", o.Dir, ix.Rebuilt)
	}
	bar := &progressLine{w: r.stderr}
	sy := &index.Syncer{Index: ix, Source: s.client, Progress: bar.show}
	start := time.Now()
	rep, err := sy.Sync(ctx)
	bar.end()
	if err != nil {
		if ctx.Err() != nil {
			st := ix.State()
			fmt.Fprintf(r.stderr, "Stopped with %s contacts in the index; run hubcontacts index sync again to go on from there.\n", value.Thousands(st.Scanned))
		}
		return err
	}
	fmt.Fprintf(r.stdout, "Indexed %s contacts (%s read, %s changed, %s deleted, %s merged away) in %s with %s requests.\n",
		value.Thousands(ix.Len()), value.Thousands(rep.Scanned), value.Thousands(rep.Changed),
		value.Thousands(rep.Deleted), value.Thousands(rep.Merged), time.Since(start).Round(time.Second), value.Thousands(rep.Requests))
	return nil
}

// progressLine shows a sync's progress on one line of the terminal.
type progressLine struct {
	w     io.Writer
	shown bool
	last  time.Time
}

func (p *progressLine) show(pr index.Progress) {
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = time.Now(), true
	switch {
	case pr.Phase == "scan" && pr.Total > 0:
		const width = 30
		done := min(width, pr.Done*width/max(1, pr.Total))
		fmt.Fprintf(p.w, "\rReading every contact [%s%s] %s of %s ", strings.Repeat("#", done), strings.Repeat(".", width-done),
			value.Thousands(pr.Done), value.Thousands(pr.Total))
	case pr.Phase == "scan":
		fmt.Fprintf(p.w, "\rReading every contact: %s ", value.Thousands(pr.Done))
	case pr.Phase == "changes":
		fmt.Fprintf(p.w, "\rReading what changed since the last sync: %s      ", value.Thousands(pr.Done))
	case pr.Phase == "bin":
		fmt.Fprintf(p.w, "\rReading HubSpot's recycle bin: %s deleted      ", value.Thousands(pr.Done))
	default:
		fmt.Fprintf(p.w, "\rComparing every id with HubSpot's…      ")
	}
}

func (p *progressLine) end() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

func (r *runner) runIndexStatus() error {
	cfg, p, err := r.profile()
	if err != nil {
		return err
	}
	o, err := r.indexOptions(cfg, p.Name)
	if err != nil {
		return err
	}
	o.ReadOnly = true
	ix, err := index.Open(o)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(r.stdout, "Profile %q has no index. Make one with: hubcontacts index sync%s\n", p.Name, profileFlag(p.Name))
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	st := ix.State()
	fmt.Fprintf(r.stdout, "Index of profile %q: %s\n", p.Name, o.Dir)
	fmt.Fprintf(r.stdout, "  contacts      %s\n", value.Thousands(ix.Len()))
	fmt.Fprintf(r.stdout, "  size on disk  %s\n", bytesText(ix.Size()))
	switch {
	case !st.Complete:
		fmt.Fprintf(r.stdout, "  first sync    not finished (%s read): hubcontacts index sync goes on\n", value.Thousands(st.Scanned))
	case st.LastSync.IsZero():
		fmt.Fprintf(r.stdout, "  last sync     never\n")
	default:
		fmt.Fprintf(r.stdout, "  last sync     %s (%s ago)\n", st.LastSync.Local().Format("2006-01-02 15:04:05"), time.Since(st.LastSync).Round(time.Second))
		fmt.Fprintf(r.stdout, "  lag           every change up to %s is in (%s before the last sync)\n",
			st.Watermark.Local().Format("2006-01-02 15:04:05"), st.LastSync.Sub(st.Watermark).Round(time.Second))
	}
	fmt.Fprintf(r.stdout, "  properties    %s\n", strings.Join(ix.Props(), ", "))
	if p.Index == config.IndexOff {
		fmt.Fprintf(r.stdout, "  note          the profile says index: off, so the app does not use it\n")
	}
	return nil
}

func profileFlag(name string) string {
	if name == config.DefaultProfileName {
		return ""
	}
	return " --profile " + name
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func (r *runner) runIndexClear() error {
	name, err := r.profileName()
	if err != nil {
		return err
	}
	had, err := index.Clear(r.app.Getenv, name)
	if err != nil {
		return err
	}
	if had {
		fmt.Fprintf(r.stdout, "The index of profile %q is deleted.\n", name)
	} else {
		fmt.Fprintf(r.stdout, "Profile %q has no index; nothing to do.\n", name)
	}
	return nil
}
