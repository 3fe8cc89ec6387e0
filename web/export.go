package web

import (
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Downloads of a table (the project list's export) in CSV or XLSX, written
// row by row so that a long export does not sit in memory.

// exportCell is one cell of a download: text, or a number given as its exact
// decimal text ("120000000.00") so that no amount passes through a float on
// its way to the file unless the float holds it exactly.
type exportCell struct {
	text   string
	number bool
}

func exportText(s string) exportCell     { return exportCell{text: s} }
func exportNumber(dec string) exportCell { return exportCell{text: dec, number: true} }
func exportInt(n int64) exportCell       { return exportNumber(strconv.FormatInt(n, 10)) }

func exportOptInt(n *int64) exportCell {
	if n == nil {
		return exportCell{}
	}
	return exportInt(*n)
}

// exportWriter writes a download one row at a time; the first row is the
// header.
type exportWriter interface {
	Row(cells []exportCell) error
	// Flush sends what is buffered, so that a long download keeps moving.
	Flush() error
	// Close finishes the file.
	Close() error
}

// exportNeutralise defuses a text cell that a spreadsheet would take for a
// formula (CSV injection): a leading = + - @, tab or carriage return gets an
// apostrophe before it, which spreadsheets show as text.
func exportNeutralise(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// exportCSV writes RFC 4180 CSV (CRLF line ends, quotes where needed) in
// UTF-8 with a byte-order mark, without which Excel reads Chinese as
// mojibake.
type exportCSV struct {
	w      *csv.Writer
	record []string
}

func newExportCSV(w io.Writer) (*exportCSV, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &exportCSV{w: cw}, nil
}

func (t *exportCSV) Row(cells []exportCell) error {
	t.record = t.record[:0]
	for _, c := range cells {
		if c.number {
			t.record = append(t.record, c.text)
		} else {
			t.record = append(t.record, exportNeutralise(c.text))
		}
	}
	return t.w.Write(t.record)
}

func (t *exportCSV) Flush() error {
	t.w.Flush()
	return t.w.Error()
}

func (t *exportCSV) Close() error { return t.Flush() }

// exportXLSX writes one worksheet through excelize's stream writer, which
// keeps the rows in a temporary file rather than in memory once they grow
// large; the workbook is written to out when the table is closed.
type exportXLSX struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	header int         // style of the header row
	styles map[int]int // number styles by decimal places
	values []any
}

func newExportXLSX(out io.Writer, sheet string, widths []float64) (*exportXLSX, error) {
	f := excelize.NewFile()
	t := &exportXLSX{out: out, f: f, styles: map[int]int{}}
	var err error
	if t.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		f.Close()
		return nil, err
	}
	if err := t.Sheet(sheet, widths); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// Sheet starts the worksheet named sheet with columns of widths: the first
// takes the workbook's first sheet, each later one follows the one before.
// The first row written to it is its header.
func (t *exportXLSX) Sheet(sheet string, widths []float64) error {
	if t.sw == nil {
		if err := t.f.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
	} else {
		if err := t.sw.Flush(); err != nil {
			return err
		}
		if _, err := t.f.NewSheet(sheet); err != nil {
			return err
		}
	}
	sw, err := t.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	t.sw, t.row = sw, 0
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	// The header row stays in view while scrolling.
	return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// numberStyle returns the style showing a number with thousands grouped and
// the given decimals, so that "120000000.00" reads as 120,000,000.00.
func (t *exportXLSX) numberStyle(decimals int) (int, error) {
	if s, ok := t.styles[decimals]; ok {
		return s, nil
	}
	format := "#,##0"
	if decimals > 0 {
		format += "." + strings.Repeat("0", decimals)
	}
	s, err := t.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	t.styles[decimals] = s
	return s, err
}

func (t *exportXLSX) Row(cells []exportCell) error {
	t.row++
	t.values = t.values[:0]
	for _, c := range cells {
		if !c.number {
			if t.row == 1 {
				t.values = append(t.values, excelize.Cell{StyleID: t.header, Value: c.text})
			} else {
				t.values = append(t.values, exportNeutralise(c.text))
			}
			continue
		}
		f, ok := exportExactFloat(c.text)
		if !ok {
			// More digits than a spreadsheet number holds: text keeps them all.
			t.values = append(t.values, c.text)
			continue
		}
		_, frac, _ := strings.Cut(c.text, ".")
		style, err := t.numberStyle(len(frac))
		if err != nil {
			return err
		}
		t.values = append(t.values, excelize.Cell{StyleID: style, Value: f})
	}
	cell, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err
	}
	return t.sw.SetRow(cell, t.values)
}

func (t *exportXLSX) Flush() error { return nil }

func (t *exportXLSX) Close() error {
	defer t.f.Close()
	if err := t.sw.Flush(); err != nil {
		return err
	}
	return t.f.Write(t.out)
}

// exportExactFloat returns the float64 of a decimal when the float is the decimal
// exactly as a spreadsheet shows it: its shortest form reads back as the
// same digits. Fifteen significant digits always do; a longer amount, which
// no spreadsheet number can hold, does not.
func exportExactFloat(dec string) (float64, bool) {
	f, err := strconv.ParseFloat(dec, 64)
	if err != nil {
		return 0, false
	}
	return f, exportTrimDecimal(strconv.FormatFloat(f, 'f', -1, 64)) == exportTrimDecimal(dec)
}

// exportTrimDecimal drops a decimal's trailing fractional zeros and leading
// integer zeros: "0120.50" and "120.5" are the same number.
func exportTrimDecimal(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	s = strings.TrimLeft(s, "0")
	if s == "" || strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	if s == "0" {
		return "0"
	}
	return sign + s
}

// exportPages reads one page of a download's rows from a cursor ("" for the
// first page) and returns the rows and the next cursor ("" after the last).
type exportPages func(cursor string) (rows [][]exportCell, next string, err error)

// exportHeaderWidths are XLSX column widths, in characters, fitted to the
// header.
func exportHeaderWidths(header []exportCell) []float64 {
	var out []float64
	for _, c := range header {
		out = append(out, max(12, min(40, float64(utf8.RuneCountInString(c.text))*1.6)))
	}
	return out
}

// serveExport writes a whole table as a download named name ("companies-
// 2024-06-30.csv"), format "csv" or "xlsx": the header, then every page that
// read returns, flushing after each so that a long download keeps moving.
// An error before the first byte is returned; after it, the download is
// broken off so that a truncated file is not taken for a whole one.
func serveExport(w http.ResponseWriter, logger *slog.Logger, format, name, sheet string, header []exportCell, read exportPages) error {
	rows, next, err := read("")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	var t exportWriter
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		t, err = newExportCSV(w)
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		t, err = newExportXLSX(w, sheet, exportHeaderWidths(header))
	}
	if err != nil {
		return err
	}
	abort := func(err error) error {
		logger.Error("export", "name", name, "err", err)
		panic(http.ErrAbortHandler)
	}
	if err := t.Row(header); err != nil {
		return abort(err)
	}
	rc := http.NewResponseController(w)
	for {
		_ = rc.SetWriteDeadline(time.Now().Add(time.Minute))
		for _, row := range rows {
			if err := t.Row(row); err != nil {
				return abort(err)
			}
		}
		if err := t.Flush(); err != nil {
			return abort(err)
		}
		if format == "csv" {
			_ = rc.Flush()
		}
		if next == "" {
			break
		}
		if rows, next, err = read(next); err != nil {
			return abort(err)
		}
	}
	_ = rc.SetWriteDeadline(time.Now().Add(5 * time.Minute))
	if err := t.Close(); err != nil {
		return abort(err)
	}
	return nil
}
