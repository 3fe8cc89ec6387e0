//go:build !unix

package bench

import "time"

// processCPU returns 0: the CPU a request costs is measured on Unix only.
func processCPU() time.Duration { return 0 }
