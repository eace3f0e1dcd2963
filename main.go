// Command hubcontacts is a keyboard-first terminal app for HubSpot CRM contacts.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/internal/quietstart"
)

func main() {
	quietstart.Restore()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmd.Main(ctx, os.Args[1:], cmd.System())
	stop()
	os.Exit(code)
}
