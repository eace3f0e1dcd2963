// Command hubcontacts is a terminal app for HubSpot CRM contacts.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "hubcontacts: the TUI is not built yet; run `make test`")
	os.Exit(2)
}
