package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Dir is the folder of a profile's index: $XDG_CACHE_HOME/hubcontacts/index/PROFILE, or
// ~/.cache/hubcontacts/index/PROFILE (on macOS ~/Library/Caches/…, on Windows
// %LocalAppData%\…). getenv is os.Getenv in the app.
func Dir(getenv func(string) string, profile string) (string, error) {
	var base string
	switch {
	case getenv("XDG_CACHE_HOME") != "" && filepath.IsAbs(getenv("XDG_CACHE_HOME")):
		base = getenv("XDG_CACHE_HOME")
	case runtime.GOOS == "windows" && getenv("LocalAppData") != "":
		base = getenv("LocalAppData")
	case runtime.GOOS == "darwin" && getenv("HOME") != "":
		base = filepath.Join(getenv("HOME"), "Library", "Caches")
	case getenv("HOME") != "":
		base = filepath.Join(getenv("HOME"), ".cache")
	default:
		return "", errors.New("cannot find the cache folder for the index: neither XDG_CACHE_HOME nor HOME is set")
	}
	if profile == "" || strings.ContainsAny(profile, `/\`) || profile == "." || profile == ".." {
		return "", fmt.Errorf("the profile name %q cannot name a folder", profile)
	}
	return filepath.Join(base, "hubcontacts", "index", profile), nil
}

// Clear removes a profile's index (the file and its folder), reporting whether there was one.
func Clear(getenv func(string) string, profile string) (bool, error) {
	dir, err := Dir(getenv, profile)
	if err != nil {
		return false, err
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return true, fmt.Errorf("cannot remove the index at %s: %w", dir, err)
	}
	return true, nil
}
