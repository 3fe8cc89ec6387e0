package importer_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/importer"
	"attract/sqlstore"
)

// readSheet reads every row of a sheet of a file, the header first, with the
// empty cells at the ends of rows cut: the two formats keep those apart.
func readSheet(t *testing.T, path, sheet string) (string, []importer.Row) {
	t.Helper()
	src, err := importer.Open(path, importer.ReadOptions{Sheet: sheet})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer src.Close()
	rows := []importer.Row{{Cells: src.Header()}}
	for {
		r, err := src.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for len(r.Cells) > 0 && r.Cells[len(r.Cells)-1] == "" {
			r.Cells = r.Cells[:len(r.Cells)-1]
		}
		rows = append(rows, r)
	}
	return src.Encoding(), rows
}

// TestXLSMatchesXLSX reads a workbook LibreOffice saved as .xls (BIFF8) and
// as .xlsx (testdata/makexls.go) and wants the same cells from both: shared
// strings over many records and a long one split across them, numbers
// stored whole, compressed (RK, several in one record) and as doubles,
// dates as serial numbers, Booleans, formulas' results (a number, text, an
// error), an empty row, and a second sheet chosen by name.
func TestXLSMatchesXLSX(t *testing.T) {
	for _, sheet := range []string{"", "附表"} {
		enc, xls := readSheet(t, "testdata/book.xls", sheet)
		_, xlsx := readSheet(t, "testdata/book-lo.xlsx", sheet)
		if enc != "XLS" {
			t.Errorf("encoding %q", enc)
		}
		if len(xls) != len(xlsx) {
			t.Fatalf("sheet %q: %d rows from .xls, %d from .xlsx", sheet, len(xls), len(xlsx))
		}
		for i := range xls {
			if i > 0 && xls[i].Line != xlsx[i].Line || !slices.Equal(xls[i].Cells, xlsx[i].Cells) {
				t.Errorf("sheet %q row %d:\n.xls  %d %q\n.xlsx %d %q", sheet, i, xls[i].Line, short(xls[i].Cells), xlsx[i].Line, short(xlsx[i].Cells))
			}
		}
		if t.Failed() {
			return
		}
		if sheet == "附表" && (len(xls) != 1001 || xls[1000].Cells[1] != "第1000号企业 Company No. 1000") {
			t.Errorf("the second sheet: %d rows, last %q", len(xls), xls[len(xls)-1].Cells)
		}
	}
	_, rows := readSheet(t, "testdata/book.xls", "")
	want := [][]string{
		{"序号", "项目名称", "投资方", "总投资(万元)", "签约日期", "持股比例", "重点项目", "备注", "合计"},
		{"1", "西银新材料项目", "Xiyin Materials (HK) Ltd.", "35000", "45219", "0.45", "1", "走访园区 Visit the park", "70000"},
		{"2", "哈特曼汽车饰件项目", "Hartmann Holding AG", "12500.5", "45300", "1", "0", "", "哈特曼汽车饰件项目（二期）"},
		{"3", "冷链物流", "Ünïcødé GmbH & Co. KG", "-7", "", "0.125", "", "😀 emoji", "#DIV/0!"},
	}
	for i, w := range want {
		if !slices.Equal(rows[i].Cells, w) {
			t.Errorf("row %d: %q, want %q", i+1, short(rows[i].Cells), w)
		}
	}
	if last := rows[4]; last.Line != 6 || last.Cells[3] != "123456789012" || last.Cells[4] != "45000.75" ||
		last.Cells[7] != strings.Repeat("长文本", 3000) || last.Cells[8] != "1" {
		t.Errorf("after the empty row: line %d, %q", last.Line, short(last.Cells))
	}
}

func TestXLSRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	book, err := os.ReadFile("testdata/book.xls")
	if err != nil {
		t.Fatal(err)
	}
	refused := func(path, sheet, want string) {
		t.Helper()
		src, err := importer.Open(path, importer.ReadOptions{Sheet: sheet})
		if err == nil {
			src.Close()
			t.Errorf("%s opened", filepath.Base(path))
			return
		}
		if attract.ErrorCode(err) != attract.EINVALID || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(path), err, want)
		}
	}
	refused("testdata/book.xls", "Sheet9", `no sheet "Sheet9"; it has 在谈项目, 附表`)
	restore := importer.SetMaxXLSCells(1000) // the second sheet has 2,002
	refused("testdata/book.xls", "附表", "more than 1000 filled cells")
	restore()
	refused(write("cut.xls", book[:len(book)/2]), "", "not a readable .xls workbook")
	refused(write("page.xls", []byte("\xEF\xBB\xBF<html><table><tr><td>项目名称</td></tr></table></html>")), "", "is a web page")
	refused(write("empty.xls", xlsMagicOnly()), "", "not a readable .xls workbook")

	// Files exported under an .xls name that are a text table or a workbook
	// of the new format read as what they are.
	src, err := importer.Open(write("text.xls", []byte("项目名称\t总投资(万元)\n西银\t3500\n")), importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := src.Next(); err != nil || !slices.Equal(r.Cells, []string{"西银", "3500"}) {
		t.Errorf("a tab-separated .xls: %+v, %v", r, err)
	}
	src.Close()
	xlsx, err := os.ReadFile("testdata/book-lo.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if enc, _ := readSheet(t, write("new.xls", xlsx), ""); enc != "XLSX" {
		t.Errorf("an .xlsx named .xls read as %s", enc)
	}
	if enc, _ := readSheet(t, write("export.dat", book), ""); enc != "XLS" {
		t.Errorf("an .xls named otherwise read as %s", enc)
	}
}

// short cuts long cells, for messages.
func short(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if r := []rune(c); len(r) > 40 {
			c = string(r[:40]) + "…"
		}
		out[i] = c
	}
	return out
}

// xlsMagicOnly is a compound file's signature and nothing more.
func xlsMagicOnly() []byte {
	return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
}

func FuzzXLS(f *testing.F) {
	book, err := os.ReadFile("testdata/book.xls")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(book)
	f.Add(xlsMagicOnly())
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := importer.NewXLS(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			if attract.ErrorCode(err) != attract.EINVALID {
				t.Fatalf("not a refusal: %v", err)
			}
			return
		}
		defer src.Close()
		for i := 0; i < 1_000_000; i++ {
			if _, err := src.Next(); err != nil {
				return
			}
		}
	})
}

// TestImportXLS imports the projects sheet of the .xls workbook with the
// mapping detected from its Chinese headers: amounts in 万元, contract
// dates as serial numbers (45219 is 20 October 2023), the investors, the
// key-project flag, and the rows refused for a negative amount and one too
// large, by their row numbers.
func TestImportXLS(t *testing.T) {
	src, err := importer.Open("testdata/book.xls", importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Detect(attract.ImportProjects, src.Header())
	m.Name = "book"
	src.Close()
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		rep := importFile(t, db, "testdata/book.xls", &m, importer.Options{Mode: importer.GoodRowsOnly, Source: "book.xls"})
		if rep.Encoding != "XLS" || rep.Created != 2 || rep.Rejected != 2 || rep.Details[0].Line != 4 || rep.Details[1].Line != 6 ||
			rep.Details[0].Problems[0].Message != "must not be negative" {
			t.Errorf("report %+v", rep)
		}
		ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: "西银新材料"})
		if err != nil || len(ps) != 1 {
			t.Fatalf("the first row's project: %v, %v", ps, err)
		}
		p := ps[0]
		if p.TotalInvestment == nil || p.TotalInvestment.String() != "CNY 350,000,000.00" || p.ContractActual == nil ||
			p.ContractActual.String() != "2023-10-20" || !p.KeyProject || p.InvestorID == nil {
			t.Errorf("imported %+v", p.ProjectFields)
		}
	})
}
