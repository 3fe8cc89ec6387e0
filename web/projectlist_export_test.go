package web

// SetListExportPage makes exports read n projects at a time, so that a test
// walks several pages of the store without thousands of projects. It
// returns the function that restores the size.
func SetListExportPage(n int) (restore func()) {
	old := listExportPage.Swap(int64(n))
	return func() { listExportPage.Store(old) }
}
