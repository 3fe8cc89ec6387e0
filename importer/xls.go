package importer

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"attract"

	"github.com/richardlehane/mscfb"
)

// The old Excel format, .xls (Excel 97–2003, BIFF8), which Chinese offices
// still trade: a compound file whose "Workbook" stream is a sequence of
// records ([MS-XLS]). Only what an import needs is read — the sheets' names
// and places, the shared strings, and each cell's value as stored (numbers
// as numbers, dates as serial numbers, formulas as their last result), as
// the .xlsx reader reads them raw. A sheet of this format holds at most
// 65,536 rows, so the chosen one is read whole.

// xlsMagic starts every compound file.
var xlsMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// The record types read.
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recRString    = 0x00D6
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recBOF        = 0x0809
)

// xlsCellSize is the least size of the records of cells that are read.
var xlsCellSize = map[uint16]int{recLabelSST: 10, recNumber: 14, recRK: 10, recMulRK: 6, recFormula: 14,
	recLabel: 9, recRString: 9, recBoolErr: 8, recString: 3}

// xlsSource is one sheet of a workbook, read.
type xlsSource struct {
	header []string
	rows   []Row
}

func (s *xlsSource) Header() []string { return s.header }
func (s *xlsSource) Encoding() string { return "XLS" }
func (s *xlsSource) Close() error     { return nil }

func (s *xlsSource) Next() (Row, error) {
	if len(s.rows) == 0 {
		return Row{}, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

func xlsError(format, formatZH string, args ...any) error {
	return attract.Errorf(attract.EINVALID, "The file is not a readable .xls workbook: "+format, "该文件不是可读取的 .xls 工作簿："+formatZH, args...)
}

// openXLS reads a file named .xls. Many systems export a web page or a
// text table under that name; those are told apart by their first bytes:
// a zip archive is read as .xlsx, a web page is refused with what to do,
// anything else is read as CSV.
func openXLS(path string, opt ReadOptions) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, xlsMagic):
		info, err := f.Stat()
		if err != nil {
			return nil, err
		}
		return NewXLS(f, info.Size(), opt.Sheet)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return OpenXLSX(path, opt.Sheet)
	case looksLikeHTML(head):
		return nil, attract.Errorf(attract.EINVALID,
			"This .xls file is a web page or an XML spreadsheet saved under an Excel name, as some systems export; open it in Excel or WPS and save it as .xlsx.",
			"此 .xls 文件实为网页或 XML 表格（部分系统以 Excel 文件名导出）；请用 Excel 或 WPS 打开后另存为 .xlsx。")
	}
	return openCSV(path, opt.Encoding)
}

// looksLikeHTML tells a web page (or an Excel 2003 XML spreadsheet) by its
// first character, after a UTF-8 byte-order mark and white space: a tag.
func looksLikeHTML(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))), []byte("<"))
}

// NewXLS reads a sheet of an .xls workbook of size bytes (the first
// worksheet when sheet is "").
func NewXLS(r io.ReaderAt, size int64, sheet string) (src Source, err error) {
	defer func() {
		if v := recover(); v != nil {
			src, err = nil, xlsError("it is damaged (%v).", "文件已损坏（%v）。", v)
		}
	}()
	doc, err := mscfb.New(r)
	if err != nil {
		return nil, xlsError("%v", "%v", err)
	}
	var book []byte
	old := false
	for e, err := doc.Next(); err == nil && book == nil; e, err = doc.Next() {
		if len(e.Path) > 0 {
			continue // an embedded object's storage, which may hold a workbook of its own
		}
		switch strings.ToLower(e.Name) {
		case "workbook":
			// A damaged directory may claim any size, and a damaged
			// allocation table may chain sectors in a circle: no stream is
			// larger than the file.
			if e.Size > size {
				return nil, xlsError("its workbook stream claims %d bytes in a file of %d.", "工作簿数据声称有 %d 字节，而文件只有 %d 字节。", e.Size, size)
			}
			if book, err = io.ReadAll(io.LimitReader(e, size)); err != nil {
				return nil, xlsError("%v", "%v", err)
			}
		case "book":
			old = true
		}
	}
	if book == nil {
		if old {
			return nil, attract.Errorf(attract.EINVALID,
				"The workbook was saved by Excel 95 or earlier, which cannot be read; save it as .xlsx.",
				"该工作簿由 Excel 95 或更早版本保存，无法读取；请另存为 .xlsx。")
		}
		return nil, xlsError("it has no workbook stream.", "其中没有工作簿数据。")
	}
	wb, err := readGlobals(book)
	if err != nil {
		return nil, err
	}
	if len(wb.sheets) == 0 {
		return nil, errNoHeader
	}
	at := wb.sheets[0]
	if sheet != "" {
		i := slices.IndexFunc(wb.sheets, func(s xlsSheet) bool { return s.name == sheet })
		if i < 0 {
			names := make([]string, len(wb.sheets))
			for i, s := range wb.sheets {
				names[i] = s.name
			}
			return nil, attract.Errorf(attract.EINVALID, "The workbook has no sheet %q; it has %s.", "工作簿中没有工作表“%s”；现有：%s。", sheet, strings.Join(names, ", "))
		}
		at = wb.sheets[i]
	}
	rows, err := wb.readSheet(book, at.offset)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errNoHeader
	}
	return &xlsSource{header: trimCells(rows[0].Cells), rows: rows[1:]}, nil
}

// records walks the records of a BIFF stream.
type records struct {
	b   []byte
	pos int
}

// next returns the next record; ok is false at the end of the stream.
func (r *records) next() (typ uint16, data []byte, ok bool, err error) {
	if r.pos+4 > len(r.b) {
		return 0, nil, false, nil
	}
	typ = binary.LittleEndian.Uint16(r.b[r.pos:])
	n := int(binary.LittleEndian.Uint16(r.b[r.pos+2:]))
	if r.pos+4+n > len(r.b) {
		return 0, nil, false, xlsError("a record runs past the end.", "记录超出文件末尾。")
	}
	data = r.b[r.pos+4 : r.pos+4+n]
	r.pos += 4 + n
	return typ, data, true, nil
}

// continued returns data with the CONTINUE records that follow it, each a
// segment: a long string goes on in them.
func (r *records) continued(data []byte) ([][]byte, error) {
	segs := [][]byte{data}
	for r.pos+4 <= len(r.b) && binary.LittleEndian.Uint16(r.b[r.pos:]) == recContinue {
		_, more, _, err := r.next()
		if err != nil {
			return nil, err
		}
		segs = append(segs, more)
	}
	return segs, nil
}

// segments reads across a record and its CONTINUE records.
type segments struct {
	segs [][]byte
	i    int
	pos  int
}

var errShort = xlsError("a record is shorter than its contents.", "记录比其内容短。")

// bytes returns the next n bytes, which may span segments.
func (s *segments) bytes(n int) ([]byte, error) {
	var out []byte
	for n > 0 {
		if s.i >= len(s.segs) {
			return nil, errShort
		}
		seg := s.segs[s.i][s.pos:]
		if len(seg) == 0 {
			s.i, s.pos = s.i+1, 0
			continue
		}
		k := min(n, len(seg))
		out = append(out, seg[:k]...)
		s.pos += k
		n -= k
	}
	return out, nil
}

func (s *segments) u16() (int, error) {
	b, err := s.bytes(2)
	if err != nil {
		return 0, err
	}
	return int(binary.LittleEndian.Uint16(b)), nil
}

// str reads an XLUnicodeString or XLUnicodeRichExtendedString: a count of
// characters, flags, the rich-text and phonetic extras' sizes, then the
// characters — one byte each (the low bytes of UTF-16) or two — where a
// segment that goes on with the characters starts with fresh flags.
func (s *segments) str(cch int) (string, error) {
	fb, err := s.bytes(1)
	if err != nil {
		return "", err
	}
	flags := fb[0]
	var runs, ext int
	if flags&0x08 != 0 {
		if runs, err = s.u16(); err != nil {
			return "", err
		}
	}
	if flags&0x04 != 0 {
		b, err := s.bytes(4)
		if err != nil {
			return "", err
		}
		ext = int(binary.LittleEndian.Uint32(b))
	}
	high := flags&0x01 != 0
	u := make([]uint16, 0, cch)
	for len(u) < cch {
		if s.i >= len(s.segs) {
			return "", errShort
		}
		if s.pos >= len(s.segs[s.i]) { // the characters go on in the next segment
			s.i, s.pos = s.i+1, 0
			if s.i >= len(s.segs) || len(s.segs[s.i]) == 0 {
				return "", errShort
			}
			high = s.segs[s.i][0]&0x01 != 0
			s.pos = 1
			continue
		}
		seg := s.segs[s.i]
		if high {
			if s.pos+2 > len(seg) {
				return "", errShort
			}
			u = append(u, binary.LittleEndian.Uint16(seg[s.pos:]))
			s.pos += 2
		} else {
			u = append(u, uint16(seg[s.pos]))
			s.pos++
		}
	}
	if _, err := s.bytes(4*runs + ext); err != nil {
		return "", err
	}
	return string(utf16.Decode(u)), nil
}

// xlsSheet is a worksheet's name and where its records start.
type xlsSheet struct {
	name   string
	offset int
}

// xlsBook is what the workbook's global records say.
type xlsBook struct {
	sheets []xlsSheet
	sst    []string
}

// readGlobals reads the workbook's global records: the worksheets and the
// shared strings.
func readGlobals(book []byte) (*xlsBook, error) {
	r := &records{b: book}
	typ, data, ok, err := r.next()
	if err != nil {
		return nil, err
	}
	if !ok || typ != recBOF || len(data) < 4 {
		return nil, xlsError("it does not start as a workbook does.", "文件开头不是工作簿。")
	}
	if v := binary.LittleEndian.Uint16(data); v != 0x0600 {
		return nil, attract.Errorf(attract.EINVALID,
			"The workbook was saved in an Excel format older than Excel 97 (BIFF version %#x), which cannot be read; save it as .xlsx.",
			"该工作簿为 Excel 97 之前的格式（BIFF 版本 %#x），无法读取；请另存为 .xlsx。", v)
	}
	wb := &xlsBook{}
	for {
		typ, data, ok, err := r.next()
		if err != nil {
			return nil, err
		}
		if !ok || typ == recEOF {
			return wb, nil
		}
		switch typ {
		case recFilePass:
			return nil, attract.Errorf(attract.EINVALID,
				"The workbook is protected by a password; open it, remove the password and save it again.",
				"该工作簿设有密码保护；请打开后取消密码再保存。")
		case recBoundSheet:
			if len(data) < 8 {
				return nil, errShort
			}
			if data[5] != 0 { // a chart, a macro sheet: no rows
				continue
			}
			s := &segments{segs: [][]byte{data[7:]}}
			name, err := s.str(int(data[6]))
			if err != nil {
				return nil, err
			}
			wb.sheets = append(wb.sheets, xlsSheet{name: name, offset: int(binary.LittleEndian.Uint32(data))})
		case recSST:
			segs, err := r.continued(data)
			if err != nil {
				return nil, err
			}
			if wb.sst, err = readSST(segs); err != nil {
				return nil, err
			}
		}
	}
}

// readSST reads the shared strings.
func readSST(segs [][]byte) ([]string, error) {
	s := &segments{segs: segs}
	head, err := s.bytes(8)
	if err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(head[4:]))
	out := make([]string, 0, min(n, 1<<16))
	for range n {
		cch, err := s.u16()
		if err != nil {
			return nil, err
		}
		str, err := s.str(cch)
		if err != nil {
			return nil, err
		}
		out = append(out, str)
	}
	return out, nil
}

// readSheet reads the cells of the worksheet whose records start at offset
// into rows, in order, leaving out the empty ones.
func (wb *xlsBook) readSheet(book []byte, offset int) ([]Row, error) {
	if offset < 0 || offset >= len(book) {
		return nil, xlsError("a sheet lies outside the file.", "工作表位置超出文件范围。")
	}
	r := &records{b: book, pos: offset}
	var cells []xlsCell
	var bad error
	setAt := func(row, col int, v string) {
		switch {
		case bad != nil:
		case col > 255: // IV, the last column of the format
			bad = xlsError("a cell lies beyond the last column.", "单元格超出最后一列。")
		case len(cells) == maxXLSCells:
			bad = attract.Errorf(attract.EINVALID,
				"The sheet has more than %d filled cells, too many to read from an .xls file; save it as .xlsx or .csv, which are read a row at a time.",
				"该工作表有超过 %d 个非空单元格，无法从 .xls 文件读取；请另存为 .xlsx 或 .csv（逐行读取）。", maxXLSCells)
		default:
			cells = append(cells, xlsCell{uint16(row), uint8(col), v})
		}
	}
	// set sets the cell a record starts with: its row, then its column.
	set := func(data []byte, v string) {
		setAt(int(binary.LittleEndian.Uint16(data)), int(binary.LittleEndian.Uint16(data[2:])), v)
	}
	depth := 0
	pending := []byte(nil) // a formula whose text result follows in a STRING record
	for {
		typ, data, ok, err := r.next()
		if err != nil {
			return nil, err
		}
		if !ok || bad != nil {
			break
		}
		if typ == recBOF {
			depth++ // the sheet's own, or a chart's within it
			continue
		}
		if typ == recEOF {
			if depth--; depth <= 0 {
				break
			}
			continue
		}
		if depth != 1 {
			continue
		}
		if len(data) < xlsCellSize[typ] {
			return nil, errShort
		}
		switch typ {
		case recLabelSST:
			i := int(binary.LittleEndian.Uint32(data[6:]))
			if i >= len(wb.sst) {
				return nil, xlsError("a cell names shared string %d of %d.", "单元格引用了第 %d 个共享字符串，但只有 %d 个。", i, len(wb.sst))
			}
			set(data, wb.sst[i])
		case recNumber:
			set(data, xlsNumber(math.Float64frombits(binary.LittleEndian.Uint64(data[6:]))))
		case recRK:
			set(data, xlsNumber(rk(binary.LittleEndian.Uint32(data[6:]))))
		case recMulRK:
			// The row, the first column, then an XF index and a number
			// for each column in turn, then the last column.
			row, col := int(binary.LittleEndian.Uint16(data)), int(binary.LittleEndian.Uint16(data[2:]))
			for k := 4; k+6 <= len(data)-2; k += 6 {
				setAt(row, col, xlsNumber(rk(binary.LittleEndian.Uint32(data[k+2:]))))
				col++
			}
		case recLabel, recRString:
			s := &segments{segs: [][]byte{data[8:]}}
			v, err := s.str(int(binary.LittleEndian.Uint16(data[6:])))
			if err != nil {
				return nil, err
			}
			set(data, v)
		case recBoolErr:
			set(data, boolErr(data[6], data[7]))
		case recFormula:
			v := data[6:14]
			if v[6] != 0xFF || v[7] != 0xFF {
				set(data, xlsNumber(math.Float64frombits(binary.LittleEndian.Uint64(v))))
				continue
			}
			switch v[0] {
			case 0: // text, in the STRING record that follows
				pending = data
			case 1:
				set(data, boolErr(v[2], 0))
			case 2:
				set(data, boolErr(v[2], 1))
			}
		case recString:
			if pending == nil {
				continue
			}
			segs, err := r.continued(data[2:])
			if err != nil {
				return nil, err
			}
			s := &segments{segs: segs}
			v, err := s.str(int(binary.LittleEndian.Uint16(data)))
			if err != nil {
				return nil, err
			}
			set(pending, v)
			pending = nil
		}
	}
	if bad != nil {
		return nil, bad
	}
	// Excel writes a sheet's cells row by row, left to right; the stable
	// sort keeps a cell written twice in its order, the last one winning.
	slices.SortStableFunc(cells, func(a, b xlsCell) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	var out []Row
	for i := 0; i < len(cells); {
		j := i
		for j < len(cells) && cells[j].row == cells[i].row {
			j++
		}
		line := make([]string, int(cells[j-1].col)+1)
		for _, c := range cells[i:j] {
			line[c.col] = c.v
		}
		if !blank(line) {
			out = append(out, Row{Line: int(cells[i].row) + 1, Cells: line})
		}
		i = j
	}
	return out, nil
}

// xlsCell is a cell read, until the sheet's rows are put together.
type xlsCell struct {
	row uint16
	col uint8
	v   string
}

// maxXLSCells bounds the filled cells of an .xls sheet, which is read
// whole: about 100 MB at the most (65,536 rows of 30 columns).
var maxXLSCells = 2_000_000

// rk decodes a compressed number: a 30-bit integer or the high bits of a
// double, either perhaps divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&0x02 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		f /= 100
	}
	return f
}

// xlsNumber writes a number as the .xlsx reader reads one raw.
func xlsNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// boolErr writes a Boolean as the .xlsx reader reads one raw, 1 or 0, or
// an error value as Excel shows it.
func boolErr(v, isErr byte) string {
	if isErr == 0 {
		if v != 0 {
			return "1"
		}
		return "0"
	}
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return fmt.Sprintf("#ERR%d", v)
}
