package attract

// StageTotal is one column of the pipeline board: how many projects stand
// at Stage and the sum of their total investment per currency, sorted by
// currency code. The sums stay per currency, unconverted, because converting
// needs the agency's dated rate table and a reporting currency, which are the
// reader's choice; projects without a total investment count but add nothing.
type StageTotal struct {
	Stage  Stage
	Count  int
	Totals []Money
}
