package bench

import (
	"os"
	"syscall"
	"unsafe"
)

// cacheWindow is how much of the file is mapped at a time: the mappings
// touch no page, but a whole database's would take as much address space,
// more than a 32-bit process has.
const cacheWindow = 256 << 20

// fileCached returns the share of f's pages in the operating system's page
// cache, read with mincore(2) on mappings of it that touch none of them.
func fileCached(f *os.File) (float64, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return 0, err
	}
	page := int64(os.Getpagesize())
	var in, all int64
	vec := make([]byte, cacheWindow/page)
	for off := int64(0); off < fi.Size(); off += cacheWindow {
		n := min(cacheWindow, fi.Size()-off)
		mem, err := syscall.Mmap(int(f.Fd()), off, int(n), syscall.PROT_READ, syscall.MAP_SHARED)
		if err != nil {
			return 0, err
		}
		pages := (n + page - 1) / page
		_, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&mem[0])), uintptr(n), uintptr(unsafe.Pointer(&vec[0])))
		syscall.Munmap(mem)
		if errno != 0 {
			return 0, errno
		}
		for _, v := range vec[:pages] {
			in += int64(v & 1)
		}
		all += pages
	}
	return float64(in) / float64(all), nil
}
