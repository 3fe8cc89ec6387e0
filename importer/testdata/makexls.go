//go:build ignore

// makexls writes the workbook behind the .xls reader's tests: run it from
// importer/testdata, then let LibreOffice save it in both formats —
//
//	go run makexls.go && soffice --headless --convert-to xls book.xlsx --outdir lo &&
//	soffice --headless --convert-to xlsx book.xlsx --outdir lo && mv lo/book.xls . && mv lo/book.xlsx book-lo.xlsx
//
// The test reads book.xls and book-lo.xlsx, which LibreOffice computed the
// same formulas for, and wants the same cells from both.
package main

import (
	"fmt"
	"log"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	sheet := "在谈项目"
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{
		{"序号", "项目名称", "投资方", "总投资(万元)", "签约日期", "持股比例", "重点项目", "备注"},
		{1, "西银新材料项目", "Xiyin Materials (HK) Ltd.", 35000, 45219, 0.45, true, "走访园区 Visit the park"},
		{2, "哈特曼汽车饰件项目", "Hartmann Holding AG", 12500.5, 45300, 1, false, ""},
		{3, "冷链物流", "Ünïcødé GmbH & Co. KG", -7, nil, 0.125, nil, "😀 emoji"},
		{},
		{5, "空行之后", "", 123456789012, 45000.75, nil, nil, strings.Repeat("长文本", 3000)},
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if v != nil {
				f.SetCellValue(sheet, cell, v)
			}
		}
	}
	f.SetCellFormula(sheet, "I1", `"合计"`)
	f.SetCellFormula(sheet, "I2", "D2*2")
	f.SetCellFormula(sheet, "I3", `B3&"（二期）"`)
	f.SetCellFormula(sheet, "I4", "1/0")
	f.SetCellFormula(sheet, "I6", "D6>1")
	// Enough distinct strings that the shared strings run over many records.
	other := "附表"
	f.NewSheet(other)
	f.SetCellValue(other, "A1", "编号")
	f.SetCellValue(other, "B1", "名称")
	for i := 2; i <= 1001; i++ {
		f.SetCellValue(other, fmt.Sprintf("A%d", i), i-1)
		f.SetCellValue(other, fmt.Sprintf("B%d", i), fmt.Sprintf("第%d号企业 Company No. %d", i-1, i-1))
	}
	if err := f.SaveAs("book.xlsx"); err != nil {
		log.Fatal(err)
	}
}
