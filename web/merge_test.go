package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"attract"
	"attract/web"
)

// dirxFormula is a company name a spreadsheet would take for a formula.
const dirxFormula = `=HYPERLINK("http://evil.example","x")`

func dirxSetup(t *testing.T, e *env) dirData {
	t.Helper()
	d := dirSetup(t, e)
	for _, c := range []*attract.Company{
		{CompanyFields: attract.CompanyFields{NameEN: dirxFormula, Country: "DE"}},
		{CompanyFields: attract.CompanyFields{NameEN: "Lumen Optics Pte. Ltd.", Country: "SG"}},
	} {
		if err := e.db.CreateCompany(dirSys, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"Bruno Keller", "+Carla Roth"} {
		if err := e.db.CreateContact(dirSys, &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &d.parent.ID, NameEN: n}}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestDirectoryExportCompaniesCSV(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirxSetup(t, e)
		defer web.SetListExportPage(1)() // one company a page: the cursor is walked
		b := e.as(attract.RoleViewer)
		dirLang(t, b, "en")
		list := b.get("/companies?country=DE&sort=name").must(t, http.StatusOK)
		list.contains(t, `href="/companies/export.csv?country=DE&amp;sort=name"`, `href="/companies/export.xlsx?country=DE&amp;sort=name"`, "Export CSV", "Export XLSX")

		res := b.get("/companies/export.csv?country=DE&sort=name").must(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="companies-`) || !strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("content disposition %q", cd)
		}
		records := plReadCSV(t, res.body)
		if want := []string{"Chinese name", "English name", "Unified social credit code (USCC)", "Foreign registration number",
			"Country", "Sector", "Foreign-invested enterprise", "Investment mode", "Registration date", "Registered capital",
			"Registered capital currency", "Website", "Owner", "Team", "Updated"}; !slices.Equal(records[0], want) {
			t.Errorf("header %q", records[0])
		}
		// The filter holds: the two German companies, not the Chinese or
		// Singaporean ones; the formula is defused.
		if got := plColumn(records, 1); !slices.Equal(got, []string{"'" + dirxFormula, "Hartmann Holding AG"}) && !slices.Equal(got, []string{"Hartmann Holding AG", "'" + dirxFormula}) {
			t.Errorf("names %q", got)
		}
		for _, r := range records[1:] {
			if r[4] != "Germany" {
				t.Errorf("country %q", r[4])
			}
		}

		// The whole list in Chinese: Chinese headers and values, the amount a
		// plain number beside its currency.
		dirLang(t, b, "zh")
		zh := plReadCSV(t, b.get("/companies/export.csv?q=哈特曼汽车").must(t, http.StatusOK).body)
		if zh[0][0] != "中文名称" || zh[0][2] != "统一社会信用代码" || zh[0][10] != "注册资本币种" {
			t.Errorf("zh header %q", zh[0])
		}
		if len(zh) != 2 {
			t.Fatalf("zh rows %q", zh)
		}
		row := zh[1]
		if row[0] != d.company.NameZH || row[2] != d.company.USCC || row[6] != "是" || row[8] != "2023-03-08" || row[9] != "120000000.00" || row[10] != "CNY" {
			t.Errorf("zh row %q", row)
		}
		if row[4] != "中国" {
			t.Errorf("zh country %q", row[4])
		}
	})
}

func TestDirectoryExportCompaniesXLSX(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		dirxSetup(t, e)
		defer web.SetListExportPage(2)()
		b := e.as(attract.RoleOfficer)
		dirLang(t, b, "zh")
		res := b.get("/companies/export.xlsx?sort=name").must(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("content type %q", ct)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"企业"}) {
			t.Fatalf("sheets %v", sheets)
		}
		rows, err := f.GetRows("企业", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0][0] != "中文名称" || rows[0][1] != "英文名称" {
			t.Fatalf("rows %q", rows)
		}
		var found bool
		for _, r := range rows[1:] {
			if len(r) > 1 && r[1] == "'"+dirxFormula {
				found = true
			}
			if len(r) > 9 && r[9] != "" && r[9] != "120000000" {
				t.Errorf("registered capital %q", r[9])
			}
		}
		if !found {
			t.Errorf("formula not neutralised: %q", rows)
		}
	})
}

func TestDirectoryExportContacts(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirxSetup(t, e)
		defer web.SetListExportPage(1)()
		b := e.as(attract.RoleViewer)
		dirLang(t, b, "en")
		parent := strconv.FormatInt(d.parent.ID, 10)
		b.get("/contacts?company="+parent).must(t, http.StatusOK).contains(t,
			`href="/contacts/export.csv?company=`+parent+`"`, `href="/contacts/export.xlsx?company=`+parent+`"`, "Export CSV")
		records := plReadCSV(t, b.get("/contacts/export.csv?company="+parent).must(t, http.StatusOK).body)
		if want := []string{"Chinese name", "English name", "Company", "Title", "Email", "Phone", "WeChat", "Preferred language", "Owner", "Team", "Updated"}; !slices.Equal(records[0], want) {
			t.Errorf("header %q", records[0])
		}
		// Only the parent's two contacts, not Anna Weber; "+Carla" is defused.
		if got := plColumn(records, 1); !slices.Equal(got, []string{"'+Carla Roth", "Bruno Keller"}) && !slices.Equal(got, []string{"Bruno Keller", "'+Carla Roth"}) {
			t.Errorf("names %q", got)
		}
		for _, r := range records[1:] {
			if r[2] != "Hartmann Holding AG" {
				t.Errorf("company %q", r[2])
			}
		}

		dirLang(t, b, "zh")
		zh := plReadCSV(t, b.get("/contacts/export.csv?q=Anna").must(t, http.StatusOK).body)
		if want := []string{"中文姓名", "英文姓名", "所在企业", "职务", "电子邮件", "电话", "微信", "首选语言", "负责人", "团队", "更新时间"}; !slices.Equal(zh[0], want) {
			t.Errorf("zh header %q", zh[0])
		}
		if len(zh) != 2 || zh[1][0] != "韦安娜" || zh[1][2] != d.company.NameZH || zh[1][7] != "德语" || zh[1][5] != "'+86 758 123-4567" {
			t.Errorf("zh rows %q", zh)
		}

		res := b.get("/contacts/export.xlsx?company="+parent).must(t, http.StatusOK)
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("联系人")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0][0] != "中文姓名" {
			t.Errorf("xlsx rows %q", rows)
		}
		b.get("/contacts/export.csv?company=999999").must(t, http.StatusNotFound)
	})
}

// mergeSetup adds a duplicate of the directory's company, with a project and
// a contact of its own.
func mergeSetup(t *testing.T, e *env) (dirData, *attract.Company, *attract.Project) {
	t.Helper()
	d := dirSetup(t, e)
	dup := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "哈特曼汽车饰件有限公司", Country: "CN"}}
	if err := e.db.CreateCompany(dirSys, dup); err != nil {
		t.Fatal(err)
	}
	pr := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "哈特曼二期扩建项目", EnterpriseID: &dup.ID}}
	if err := e.db.CreateProject(dirSys, pr); err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateContact(dirSys, &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &dup.ID, NameZH: "周明"}}); err != nil {
		t.Fatal(err)
	}
	return d, dup, pr
}

func TestMergeCompanyPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d, dup, pr := mergeSetup(t, e)
		keep, gone := strconv.FormatInt(d.company.ID, 10), strconv.FormatInt(dup.ID, 10)
		b := e.as(attract.RoleDirector)
		dirLang(t, b, "en")
		b.get("/companies/"+gone).must(t, http.StatusOK).contains(t, `href="/companies/`+gone+`/merge"`, "Merge into another company…")

		// The likely duplicate is offered; a search finds others.
		b.get("/companies/"+gone+"/merge").must(t, http.StatusOK).contains(t, "Likely duplicates", `name="into" value="`+keep+`"`, d.company.NameZH)
		b.get("/companies/"+gone+"/merge?q=Hartmann+Holding").must(t, http.StatusOK).contains(t, `value="`+strconv.FormatInt(d.parent.ID, 10)+`"`)

		// The confirmation shows both side by side, with their counts.
		conf := b.get("/companies/"+gone+"/merge?into="+keep).must(t, http.StatusOK)
		conf.contains(t, "Confirm the merge", dup.NameZH, d.company.NameZH, d.company.USCC, `<input type="hidden" name="into" value="`+keep+`">`,
			`<th scope="row">Projects</th><td class="num">1</td><td class="num">1</td>`, `<th scope="row">Contacts</th><td class="num">1</td><td class="num">1</td>`)

		res := b.post("/companies/"+gone+"/merge", url.Values{"into": {keep}}).must(t, http.StatusSeeOther)
		if res.location != "/companies/"+keep+"?done=merged" {
			t.Errorf("redirect to %q", res.location)
		}
		kept := b.get(res.location).must(t, http.StatusOK)
		kept.contains(t, "The companies are merged.", pr.NameZH, `href="/projects/`+strconv.FormatInt(pr.ID, 10)+`"`, "周明", d.project.NameZH)
		got, err := e.db.FindCompanyByID(dirSys, dup.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ArchivedAt == nil {
			t.Error("the merged company is not archived")
		}
		// An archived company offers no merge.
		dirLacks(t, b.get("/companies/"+gone).must(t, http.StatusOK), "Merge into another company")

		// In Chinese too.
		dirLang(t, b, "zh")
		b.get("/companies/"+keep+"/merge").must(t, http.StatusOK).contains(t, "合并到其他企业", "要保留的企业")
	})
}

func TestMergeCompanyRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d, dup, _ := mergeSetup(t, e)
		keep, gone := strconv.FormatInt(d.company.ID, 10), strconv.FormatInt(dup.ID, 10)

		// An officer may not merge, and is not offered to.
		o := e.as(attract.RoleOfficer)
		dirLang(t, o, "en")
		dirLacks(t, o.get("/companies/"+gone).must(t, http.StatusOK), "/merge", "Merge into another company")
		o.get("/companies/"+gone+"/merge").must(t, http.StatusForbidden)
		o.post("/companies/"+gone+"/merge", url.Values{"into": {keep}}).must(t, http.StatusForbidden)
		e.as(attract.RoleViewer).post("/companies/"+gone+"/merge", url.Values{"into": {keep}}).must(t, http.StatusForbidden)

		b := e.as(attract.RoleDirector)
		dirLang(t, b, "en")
		for _, tc := range []struct {
			into   string
			status int
			msg    string
		}{
			{"", http.StatusBadRequest, "Pick the company to keep."},
			{"abc", http.StatusBadRequest, `There is no company &#34;abc&#34;`},
			{gone, http.StatusBadRequest, "cannot be merged into itself"},
			{"999999", http.StatusNotFound, `There is no company &#34;999999&#34;`},
		} {
			res := b.post("/companies/"+gone+"/merge", url.Values{"into": {tc.into}})
			if res.status != tc.status {
				t.Errorf("into %q: status %d, want %d", tc.into, res.status, tc.status)
			}
			res.contains(t, `role="alert" id="merge-error"`, tc.msg, "Likely duplicates")
		}
		b.get("/companies/"+gone+"/merge?into="+gone).must(t, http.StatusBadRequest).contains(t, "cannot be merged into itself")
		// Nothing moved.
		c, err := e.db.FindCompanyByID(dirSys, dup.ID, "projects", "contacts")
		if err != nil {
			t.Fatal(err)
		}
		if c.ArchivedAt != nil || len(c.Projects) != 1 || len(c.Contacts) != 1 {
			t.Errorf("the refused merge changed the company: archived %v, %d projects, %d contacts", c.ArchivedAt, len(c.Projects), len(c.Contacts))
		}
		dirLang(t, b, "zh")
		b.post("/companies/"+gone+"/merge", url.Values{"into": {gone}}).must(t, http.StatusBadRequest).contains(t, "企业不能与自身合并")
	})
}
