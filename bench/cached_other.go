//go:build !linux

package bench

import (
	"errors"
	"os"
)

// fileCached is known on Linux only.
func fileCached(*os.File) (float64, error) {
	return 0, errors.New("not known on this system")
}
