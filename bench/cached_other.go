//go:build !linux

package bench

import "errors"

// fileCached is known on Linux only.
func fileCached(string) (float64, error) {
	return 0, errors.New("not known on this system")
}
