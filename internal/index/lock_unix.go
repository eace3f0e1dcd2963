//go:build !windows

package index

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes f's exclusive lock without waiting; false when another process holds it. The
// system lets it go when the process ends, however it ends.
func lockFile(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err == unix.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}
