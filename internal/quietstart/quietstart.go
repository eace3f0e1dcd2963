// Package quietstart keeps the terminal from being asked anything while the program starts.
//
// Bubble Tea's package initialisation asks the terminal for its background colour (an OSC 11
// query and a cursor-position request, then up to 5 s waiting for the answers) in every
// program that links it: one-shot commands (get, search, --version) waited, and their output
// carried the answers' debris. Only the TUI may ask the terminal anything, and it asks itself
// before it starts (cmd's startTUI).
//
// Importing this package (main does) puts "dumb:" in front of TERM while the packages
// initialise; termenv takes a TERM starting with "dumb" as a terminal it must not query.
// Restore, first thing in main, takes it off again. The package imports nothing but os, so Go
// initialises it before termenv, lipgloss and Bubble Tea: packages initialise in import-path
// order once their imports have, and this one's imports come before any of theirs.
package quietstart

import "os"

const mark = "dumb:"

func init() {
	_ = os.Setenv("TERM", mark+os.Getenv("TERM"))
}

// Restore gives TERM back its value (unset when it had none).
func Restore() {
	t := os.Getenv("TERM")
	if len(t) < len(mark) || t[:len(mark)] != mark {
		return
	}
	if t = t[len(mark):]; t == "" {
		_ = os.Unsetenv("TERM")
		return
	}
	_ = os.Setenv("TERM", t)
}
