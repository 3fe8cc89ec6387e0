package importer_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attract/importer"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll reads every row of a source.
func readAll(t testing.TB, src importer.Source) [][]string {
	t.Helper()
	var rows [][]string
	for {
		r, err := src.Next()
		if err == io.EOF {
			return rows
		} else if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.Cells)
	}
}

func TestCSVEncodingsAndDelimiters(t *testing.T) {
	const text = "项目名称,总投资(万元)\n肇庆新区西银智慧产业园,\"3,500\"\n\n\"Paige, Trim\",800\n"
	for _, tc := range []struct {
		name, encoding string
		data           []byte
	}{
		{"UTF-8", "UTF-8", []byte(text)},
		{"UTF-8 with BOM", "UTF-8", append([]byte("\xef\xbb\xbf"), text...)},
		{"GBK", "GB18030", gbk(t, text)},
		{"GB18030 CRLF", "GB18030", gbk(t, strings.ReplaceAll(text, "\n", "\r\n"))},
		{"semicolons", "UTF-8", []byte(strings.NewReplacer(",\"3", ";\"3", "称,", "称;", "\",8", "\";8").Replace(text))},
		{"tabs", "UTF-8", []byte(strings.NewReplacer(",\"3", "\t\"3", "称,", "称\t", "\",8", "\"\t8").Replace(text))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := importer.NewCSV(bytes.NewReader(tc.data), "")
			if err != nil {
				t.Fatal(err)
			}
			if src.Encoding() != tc.encoding {
				t.Errorf("encoding %s, want %s", src.Encoding(), tc.encoding)
			}
			if h := src.Header(); !slices.Equal(h, []string{"项目名称", "总投资(万元)"}) {
				t.Errorf("header %q", h)
			}
			first, err := src.Next()
			if err != nil || first.Line != 2 || !slices.Equal(first.Cells, []string{"肇庆新区西银智慧产业园", "3,500"}) {
				t.Errorf("first row %+v, %v", first, err)
			}
			second, err := src.Next()
			if err != nil || second.Line != 4 || second.Cells[0] != "Paige, Trim" {
				t.Errorf("second row %+v, %v (the blank line is skipped, lines still count)", second, err)
			}
			if _, err := src.Next(); err != io.EOF {
				t.Errorf("after the last row: %v", err)
			}
		})
	}
}

func TestCSVNamedEncodingAndErrors(t *testing.T) {
	// The World Bank file is Mac Roman: 0xD5 is a right single quote.
	src, err := importer.NewCSV(bytes.NewReader([]byte("Location\nHua\xd5an County\n")), "macintosh")
	if err != nil {
		t.Fatal(err)
	}
	if rows := readAll(t, src); rows[0][0] != "Hua’an County" {
		t.Errorf("Mac Roman read as %q", rows[0][0])
	}
	for _, data := range []string{"", "\n\n  \n"} {
		if _, err := importer.NewCSV(strings.NewReader(data), ""); err == nil {
			t.Errorf("%q has a header", data)
		}
	}
	if _, err := importer.NewCSV(strings.NewReader("a\n"), "ebcdic"); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}

// writeXLSX writes a workbook with one sheet of rows (and an empty second
// sheet) to a file.
func writeXLSX(t testing.TB, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	f.NewSheet("空")
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestXLSX(t *testing.T) {
	path := writeXLSX(t, [][]any{
		{"项目名称", "总投资(万元)", "签约日期", "外资占比"},
		{"西银智慧产业园", 3500, 45218, 0.45},
		{nil, nil, nil, nil},
		{"Paige Automotive Trim", "800", "2023/10/19", "45%"},
	})
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if h := src.Header(); h[1] != "总投资(万元)" || src.Encoding() != "XLSX" {
		t.Errorf("header %q, %s", h, src.Encoding())
	}
	r, err := src.Next()
	if err != nil || r.Line != 2 || !slices.Equal(r.Cells, []string{"西银智慧产业园", "3500", "45218", "0.45"}) {
		t.Errorf("row %+v, %v", r, err)
	}
	r, err = src.Next()
	if err != nil || r.Line != 4 || r.Cells[0] != "Paige Automotive Trim" {
		t.Errorf("row %+v, %v (the empty row is skipped)", r, err)
	}
	if _, err := importer.Open(path, importer.ReadOptions{Sheet: "nope"}); err == nil {
		t.Error("a missing sheet was opened")
	}
	empty, err := importer.Open(path, importer.ReadOptions{Sheet: "空"})
	if err == nil {
		empty.Close()
		t.Error("an empty sheet has a header")
	}
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	os.WriteFile(bad, []byte("PK\x03\x04 not really"), 0o600)
	if _, err := importer.Open(bad, importer.ReadOptions{}); err == nil {
		t.Error("a damaged workbook was opened")
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("项目名称,总投资(万元)\n西银,\"3,500\"\n"), "")
	f.Add(gbk(f, "项目名称;阶段\n西银;签约\n"), "")
	f.Add([]byte("\xef\xbb\xbfa\tb\n\"1\n2\"\t3\n"), "utf-8")
	f.Add([]byte("a,b\n\"unterminated\n"), "gbk")
	f.Fuzz(func(t *testing.T, data []byte, enc string) {
		src, err := importer.NewCSV(bytes.NewReader(data), enc)
		if err != nil {
			return
		}
		line := 0
		for i := 0; ; i++ {
			r, err := src.Next()
			if err == io.EOF {
				return
			}
			var re *importer.RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("%v", err)
			}
			if err == nil && r.Line < line {
				t.Fatalf("line %d after line %d", r.Line, line)
			}
			line = r.Line
			if i > len(data)+1 {
				t.Fatalf("more rows than bytes")
			}
		}
	})
}

func FuzzXLSX(f *testing.F) {
	path := writeXLSX(f, [][]any{{"项目名称", "总投资(万元)"}, {"西银", 3500}})
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := importer.NewXLSX(bytes.NewReader(data), "")
		if err != nil {
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
