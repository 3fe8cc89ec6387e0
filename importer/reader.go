package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"attract"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Row is one record of a file: its cells and the line (CSV) or row (XLSX)
// it starts on, counted from 1 as the user's editor counts them.
type Row struct {
	Line  int
	Cells []string
}

// Source reads a file row by row; CSV, XLSX and XLS files look the same through
// it. A Source holds a row (and the reader's buffer) in memory at a time,
// but for an .xls sheet, which holds at most 65,536 rows and is read whole.
type Source interface {
	// Header returns the cells of the header row: the first row that is not
	// empty.
	Header() []string
	// Next returns the next row that is not empty, or io.EOF.
	Next() (Row, error)
	// Encoding names how the file was decoded ("UTF-8", "GB18030",
	// "XLSX"), for the report.
	Encoding() string
	Close() error
}

// ReadOptions say how to read a file where it cannot be told from the file.
type ReadOptions struct {
	Encoding string // CSV: "" detects; utf-8, gbk, gb18030, windows-1252, macintosh
	Sheet    string // XLSX and XLS: "" is the first sheet
}

// Open opens a .csv (or .txt, .tsv), .xlsx or .xls file; a file with another
// name is read as XLSX or XLS when it starts as those do, else as CSV.
func Open(path string, opt ReadOptions) (Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return OpenXLSX(path, opt.Sheet)
	case ".xls":
		return openXLS(path, opt)
	case ".csv", ".txt", ".tsv":
	default:
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		magic := make([]byte, 8)
		n, _ := io.ReadFull(f, magic)
		f.Close()
		switch {
		case bytes.HasPrefix(magic[:n], []byte("PK\x03\x04")):
			return OpenXLSX(path, opt.Sheet)
		case bytes.Equal(magic[:n], xlsMagic):
			return openXLS(path, opt)
		}
	}
	return openCSV(path, opt.Encoding)
}

// openCSV opens a CSV file in the encoding enc ("" detects it).
func openCSV(path, enc string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	src, err := NewCSV(f, enc)
	if err != nil {
		f.Close()
		return nil, err
	}
	src.(*csvSource).closer = f
	return src, nil
}

// errNoHeader is the error of a file without a single row.
var errNoHeader = attract.Errorf(attract.EINVALID, "The file is empty: it has no header row.", "文件为空：没有表头行。")

// sniffSize is how much of a CSV file is looked at to tell its encoding.
// Chinese text shows itself early; a file whose first megabyte is ASCII and
// that turns out not to be UTF-8 later gets rows rejected as undecodable.
const sniffSize = 1 << 20

// csvSource reads a CSV file.
type csvSource struct {
	r        *csv.Reader
	header   []string
	encoding string
	closer   io.Closer
}

// encodings are the encodings a mapping may name.
var encodings = map[string]struct {
	name string
	enc  encoding.Encoding
}{
	"utf-8": {"UTF-8", unicode.UTF8BOM}, "utf8": {"UTF-8", unicode.UTF8BOM},
	"gbk": {"GB18030", simplifiedchinese.GB18030}, "gb2312": {"GB18030", simplifiedchinese.GB18030},
	"gb18030":      {"GB18030", simplifiedchinese.GB18030},
	"windows-1252": {"Windows-1252", charmap.Windows1252}, "macintosh": {"Macintosh", charmap.Macintosh},
}

// NewCSV reads CSV from r. The encoding is detected unless given: a UTF-8
// byte-order mark or valid UTF-8 is UTF-8, anything else GB18030, the
// superset of GBK that Chinese Excel writes. The delimiter (comma,
// semicolon or tab) is the one the header line uses most, outside quotes.
func NewCSV(r io.Reader, enc string) (Source, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	name, decoder := "", encoding.Encoding(nil)
	if e, ok := encodings[strings.ToLower(strings.TrimSpace(enc))]; ok {
		name, decoder = e.name, e.enc
	} else if enc != "" {
		return nil, attract.Errorf(attract.EINVALID, "Unknown encoding %q; use utf-8, gbk, gb18030, windows-1252 or macintosh.",
			"未知编码“%s”；请使用 utf-8、gbk、gb18030、windows-1252 或 macintosh。", enc)
	} else {
		head, err := br.Peek(sniffSize)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		name, decoder = "UTF-8", unicode.UTF8BOM
		if !bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) && !validUTF8Prefix(head, len(head) == sniffSize) {
			name, decoder = "GB18030", simplifiedchinese.GB18030
		}
	}
	text := bufio.NewReaderSize(transform.NewReader(br, decoder.NewDecoder()), 64<<10)
	first, _ := text.Peek(64 << 10)
	cr := csv.NewReader(text)
	cr.Comma = sniffDelimiter(first)
	cr.LazyQuotes = true    // real files quote carelessly
	cr.FieldsPerRecord = -1 // and have ragged rows
	s := &csvSource{r: cr, encoding: name}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, errNoHeader
		} else if err != nil {
			return nil, attract.Errorf(attract.EINVALID, "The header row cannot be read: %v", "无法读取表头行：%v", err)
		}
		if !blank(rec) {
			s.header = trimCells(rec)
			return s, nil
		}
	}
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut off at
// the end when b is only the start of the file.
func validUTF8Prefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// sniffDelimiter picks the delimiter the first line uses most, outside
// quotes; a comma when it uses none.
func sniffDelimiter(b []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(b) {
		switch {
		case c == '"':
			quoted = !quoted
		case (c == '\n' || c == '\r') && !quoted:
			goto done
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
done:
	best, n := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

func (s *csvSource) Header() []string { return s.header }
func (s *csvSource) Encoding() string { return s.encoding }

func (s *csvSource) Next() (Row, error) {
	for {
		rec, err := s.r.Read()
		if err == io.EOF {
			return Row{}, io.EOF
		}
		line, _ := s.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Row{Line: pe.StartLine, Cells: rec}, &RowError{Line: pe.StartLine, Err: pe.Err}
			}
			return Row{}, err
		}
		if blank(rec) {
			continue
		}
		return Row{Line: line, Cells: rec}, nil
	}
}

func (s *csvSource) Close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

// RowError is a row the reader could not read; the import rejects it and
// goes on.
type RowError struct {
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
	}
	return out
}

// xlsxSource reads one sheet of a workbook through excelize's streaming row
// reader: a large sheet is unzipped to a temporary file and read from there.
type xlsxSource struct {
	f      *excelize.File
	rows   *excelize.Rows
	header []string
	line   int
}

// OpenXLSX opens a sheet of a workbook (the first when sheet is "").
func OpenXLSX(path, sheet string) (src Source, err error) {
	defer recoverXLSX(&err)
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, xlsxError(err)
	}
	return newXLSX(f, sheet)
}

// NewXLSX reads a workbook from r, whole: for small files and tests. Use
// OpenXLSX for a file on disk.
func NewXLSX(r io.Reader, sheet string) (src Source, err error) {
	defer recoverXLSX(&err)
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, xlsxError(err)
	}
	return newXLSX(f, sheet)
}

// recoverXLSX turns a panic inside excelize on a malformed workbook into an
// error: no file may crash an import.
func recoverXLSX(err *error) {
	if r := recover(); r != nil {
		*err = attract.Errorf(attract.EINVALID, "The workbook is damaged and cannot be read (%v).", "工作簿已损坏，无法读取（%v）。", r)
	}
}

func xlsxError(err error) error {
	return attract.Errorf(attract.EINVALID, "The file is not a readable .xlsx workbook: %v", "该文件不是可读取的 .xlsx 工作簿：%v", err)
}

func newXLSX(f *excelize.File, sheet string) (Source, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errNoHeader
	}
	if sheet == "" {
		sheet = sheets[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, attract.Errorf(attract.EINVALID, "The workbook has no sheet %q; it has %s.", "工作簿中没有工作表“%s”；现有：%s。", sheet, strings.Join(sheets, ", "))
	}
	s := &xlsxSource{f: f, rows: rows}
	row, err := s.Next() // the first row that is not empty
	if err == io.EOF {
		s.Close()
		return nil, errNoHeader
	} else if err != nil {
		s.Close()
		return nil, err
	}
	s.header = trimCells(row.Cells)
	return s, nil
}

func (s *xlsxSource) Header() []string { return s.header }
func (s *xlsxSource) Encoding() string { return "XLSX" }

func (s *xlsxSource) Next() (row Row, err error) {
	defer recoverXLSX(&err)
	for s.rows.Next() {
		s.line++
		// Raw values: dates come as serial numbers and shares as fractions,
		// which the value parsers read, rather than in the author's display
		// format.
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Row{}, xlsxError(err)
		}
		if blank(cells) {
			continue
		}
		return Row{Line: s.line, Cells: cells}, nil
	}
	if err := s.rows.Error(); err != nil {
		return Row{}, xlsxError(err)
	}
	return Row{}, io.EOF
}

func (s *xlsxSource) Close() error {
	err := s.rows.Close()
	return errors.Join(err, s.f.Close())
}
