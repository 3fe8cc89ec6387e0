package bench

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFileCached counts the pages of a sparse file in the page cache: the
// half that was written, not the hole that was never read.
func TestFileCached(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	page := os.Getpagesize()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(int64(64 * page)); err != nil {
		t.Fatal(err)
	}
	if got, err := fileCached(path); err != nil || got != 0 {
		t.Fatalf("a hole never read: %v cached (%v), want none of it", got, err)
	}
	if _, err := f.WriteAt(make([]byte, 32*page), 0); err != nil {
		t.Fatal(err)
	}
	if got, err := fileCached(path); err != nil || got != 0.5 {
		t.Errorf("half of it written: %v cached (%v), want 0.5", got, err)
	}
	if _, err := fileCached(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing file: no error")
	}
}
