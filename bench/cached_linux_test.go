package bench

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFileCached counts the pages of a sparse file in the page cache: the
// part that was written, not the hole that was never read, across more
// than one of the windows it is mapped in.
func TestFileCached(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(2 * cacheWindow); err != nil {
		t.Fatal(err)
	}
	if got, err := fileCached(f); err != nil || got != 0 {
		t.Fatalf("a hole never read: %v cached (%v), want none of it", got, err)
	}
	// A quarter of the file, astride the first window's end.
	if _, err := f.WriteAt(make([]byte, cacheWindow/2), cacheWindow*3/4); err != nil {
		t.Fatal(err)
	}
	if got, err := fileCached(f); err != nil || got != 0.25 {
		t.Errorf("a quarter of it written: %v cached (%v), want 0.25", got, err)
	}
}
