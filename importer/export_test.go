package importer

// SetMaxXLSCells sets the bound of an .xls sheet's cells, for a test, and
// returns a function that puts it back.
func SetMaxXLSCells(n int) (restore func()) {
	old := maxXLSCells
	maxXLSCells = n
	return func() { maxXLSCells = old }
}
