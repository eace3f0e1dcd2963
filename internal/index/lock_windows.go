//go:build windows

package index

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes f's exclusive lock without waiting; false when another process holds it. The
// system lets it go when the process ends, however it ends.
func lockFile(f *os.File) (bool, error) {
	var ol windows.Overlapped
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if err == windows.ERROR_LOCK_VIOLATION {
		return false, nil
	}
	return err == nil, err
}
