package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"attract"

	"github.com/chromedp/chromedp"
)

// upload posts a file with form fields as a browser does.
func (b *browser) upload(path, fileName, content string, fields map[string]string) page {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write([]byte(content))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

const importCSV = "外部编号,项目名称,总投资(万元),阶段\nW-1,肇庆新区西银智慧产业园,\"3,500\",在谈\nW-2,坏金额,很多,线索\n"

// mappingForm is the mapping page's form as Detect fills it for importCSV.
func mappingForm(extra ...string) url.Values {
	v := url.Values{"field-0": {"external_id"}, "field-1": {"name"}, "field-2": {"total_investment"}, "unit-2": {"万元"}, "field-3": {"stage"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

func TestImportPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		for role, status := range map[attract.Role]int{attract.RoleViewer: http.StatusForbidden, attract.RoleIntegrity: http.StatusForbidden, attract.RoleOfficer: http.StatusOK} {
			e.as(role).get("/import").must(t, status)
		}
		officer := e.as(attract.RoleOfficer)
		officer.get("/import").contains(t, `enctype="multipart/form-data"`, `name="file"`, `<option value="projects" selected>`, "builtin:wb-ppi", "Import")

		// A file of another type is refused beside the file field.
		officer.upload("/import", "notes.doc", "x", map[string]string{"kind": "projects"}).must(t, http.StatusBadRequest).
			contains(t, `id="f-file-error"`, "Upload a .csv, .xlsx or .xls file.")
		// A workbook of the old format: its sheet, as read, and the mapping
		// detected from its headers.
		xls, err := os.ReadFile("../importer/testdata/book.xls")
		if err != nil {
			t.Fatal(err)
		}
		up := officer.upload("/import", "在谈项目.xls", string(xls), map[string]string{"kind": "projects"}).must(t, http.StatusSeeOther)
		officer.get(up.location).must(t, http.StatusOK).
			contains(t, "在谈项目.xls", "XLS", "西银新材料项目", `<option value="total_investment" selected>`, `value="万元"`)

		res := officer.upload("/import", "月报.csv", importCSV, map[string]string{"kind": "projects"}).must(t, http.StatusSeeOther)
		token := strings.TrimPrefix(res.location, "/import/")
		officer.get(res.location).must(t, http.StatusOK).
			contains(t, "月报.csv", "总投资(万元)", `<option value="total_investment" selected>`, `name="unit-2" type="text" value="万元"`, "肇庆新区西银智慧产业园", "UTF-8")
		// Another user cannot see it.
		e.as(attract.RoleDirector).get(res.location).must(t, http.StatusNotFound)

		// The dry run reports and stores nothing.
		officer.post("/import/"+token+"/dryrun", mappingForm()).must(t, http.StatusSeeOther)
		out := officer.get("/import/"+token+"/results").must(t, http.StatusOK)
		out.contains(t, "Dry run of 月报.csv", "<dt>Created</dt><dd>1</dd>", "<dt>Rejected</dt><dd>1</dd>", "Total investment: ", "Import all or nothing", "Import only the good rows", "/rejects.csv")
		if n, _, _ := e.db.FindProjects(boardSys, attract.ProjectFilter{}); len(n) != 0 {
			t.Fatalf("the dry run stored %d projects", len(n))
		}
		rejects := officer.get("/import/"+token+"/rejects.csv").must(t, http.StatusOK)
		if !strings.HasPrefix(rejects.body, "\ufeff外部编号,项目名称,总投资(万元),阶段,错误 / Errors\nW-2,坏金额,很多,线索,") {
			t.Errorf("rejects file:\n%s", rejects.body)
		}

		// All or nothing stores nothing; the good rows only stores one.
		officer.post("/import/"+token+"/run", url.Values{"mode": {"all"}}).must(t, http.StatusSeeOther)
		officer.get("/import/"+token+"/results").contains(t, "Nothing was imported")
		officer.post("/import/"+token+"/run", url.Values{"mode": {"good"}}).must(t, http.StatusSeeOther)
		officer.get("/import/"+token+"/results").contains(t, "The rows were imported.", "<dt>Created</dt><dd>1</dd>")
		ps, _, _ := e.db.FindProjects(boardSys, attract.ProjectFilter{})
		if len(ps) != 1 || ps[0].ExternalID != "W-1" || ps[0].TotalInvestment.String() != "CNY 35,000,000.00" || *ps[0].OwnerID != e.users[attract.RoleOfficer].ID {
			t.Fatalf("imported %+v", ps)
		}
		officer.post("/import/"+token+"/run", url.Values{"mode": {"sometimes"}}).must(t, http.StatusBadRequest)

		// Save the mapping; an empty name is refused beside its field.
		officer.post("/import/"+token+"/mapping", mappingForm("mapping_name", "")).must(t, http.StatusBadRequest).
			contains(t, `id="f-mapping_name-error"`)
		officer.post("/import/"+token+"/mapping", mappingForm("mapping_name", "月报")).must(t, http.StatusSeeOther)
		m, err := e.db.FindMappingByName(boardSys, "月报")
		if err != nil || len(m.Columns) != 4 || m.Columns[2].Unit != "万元" {
			t.Fatalf("saved mapping %+v, %v", m, err)
		}
		// Saving again under the name replaces it; the saved mapping is offered at the next upload.
		officer.post("/import/"+token+"/mapping", mappingForm("mapping_name", "月报", "field-3", "")).must(t, http.StatusSeeOther)
		if m, _ := e.db.FindMappingByName(boardSys, "月报"); m.Columns[3].Field != "" || m.Version != 2 {
			t.Errorf("replaced mapping %+v", m)
		}
		officer.get("/import").contains(t, `value="saved:月报"`)
		res = officer.upload("/import", "again.csv", importCSV, map[string]string{"kind": "projects", "mapping": "saved:月报"}).must(t, http.StatusSeeOther)
		officer.get(res.location).contains(t, `<option value="total_investment" selected>`)

		// In Chinese.
		zh := e.as(attract.RoleDirector)
		zh.post("/lang", url.Values{"lang": {"zh"}, "next": {"/import"}})
		zh.get("/import").must(t, http.StatusOK).contains(t, "导入", "根据表头自动识别", "实际到资（台账）")
		zh.get("/import/0123456789abcdef0123456789abcdef").must(t, http.StatusNotFound).contains(t, "此次上传已过期")
	})
}

// TestBrowserImport uploads a file in a real browser, runs the dry run and
// imports the good rows, saving screenshots of the mapping and the results.
func TestBrowserImport(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.newChrome(t, 1280, 900)
	c.signIn(e.users[attract.RoleOfficer].Username)
	file := filepath.Join(t.TempDir(), "月报.csv")
	os.WriteFile(file, []byte(importCSV), 0o600)
	c.open("/import")
	c.run(
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}),
		chromedp.Submit(chromedp.CSS("#f-file")),
		chromedp.WaitVisible(chromedp.CSS(".import-map")),
	)
	if got := get(c, chromedp.Value(chromedp.CSS("#f-field-2"))); got != "total_investment" {
		t.Errorf("the third column maps to %q", got)
	}
	c.screenshot("import-mapping")
	c.run(chromedp.Click(chromedp.CSS(".import-map button.primary")), chromedp.WaitVisible(chromedp.CSS(".import-counts")))
	if h := c.text("h1"); !strings.Contains(h, "Dry run") {
		t.Errorf("after the dry run: %q", h)
	}
	c.screenshot("import-dryrun")
	c.run(chromedp.Click(chromedp.CSS(`input[value="good"] + button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := c.text(".flash"); !strings.Contains(got, "imported") {
		t.Errorf("after the import: %q", got)
	}
	if ps, _, _ := e.db.FindProjects(boardSys, attract.ProjectFilter{}); len(ps) != 1 {
		t.Errorf("%d projects imported", len(ps))
	}
}
