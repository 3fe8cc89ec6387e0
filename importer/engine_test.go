package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/importer"
	"attract/sqlstore"
)

// writeFile writes a test file and returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// detected returns the mapping Detect proposes for a file.
func detected(t *testing.T, kind attract.ImportKind, path string) *attract.MappingFields {
	t.Helper()
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := importer.Detect(kind, src.Header())
	m.Name = "test"
	return &m
}

const projectsCSV = `外部编号,项目名称,投资方,来源地,总投资(万元),签约日期,阶段,外资占比,负责人,备注
P-1,肇庆新区西银智慧产业园,佩奇汽车饰件有限公司,香港,"3,500",2023年10月19日,在谈,45%,officer1,首批
P-2,Paige Automotive Trim,Paige Automotive Trim GmbH,Germany,1.2亿,2023/10/19,Lead,0.45,,
P-3,坏金额项目,某公司,德国,很多钱,2023-10-19,线索,,,
P-4,未知阶段项目,,,100,,maybe,,,
P-5,签约缺合同外资,,美国,500,2023-10-19,签约,,,
`

func TestImportProjects(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		officer := &attract.User{Username: "officer1", Name: "招商专员", Role: attract.RoleOfficer, Language: "zh"}
		if err := db.CreateUser(sys, officer, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "projects.csv", projectsCSV)
		m := detected(t, attract.ImportProjects, path)

		var dryRejects bytes.Buffer
		dry := importFile(t, db, path, m, importer.Options{DryRun: true, Mode: importer.GoodRowsOnly, Rejects: &dryRejects})
		if dry.Rows != 5 || dry.Created != 2 || dry.Rejected != 3 || dry.Committed || dry.CompaniesCreated != 2 {
			t.Fatalf("dry run: %+v", dry)
		}
		if n := countProjects(t, db); n != 0 {
			t.Fatalf("the dry run stored %d projects", n)
		}
		reasons := map[int]string{}
		for _, d := range dry.Details {
			reasons[d.Line] = importer.DescribeProblems(d.Problems)
		}
		for line, want := range map[int]string{4: "total_investment", 5: "stage", 6: "contracted_fdi"} {
			if !strings.Contains(reasons[line], want+": ") {
				t.Errorf("line %d: %q lacks a reason for %s", line, reasons[line], want)
			}
		}

		// All or nothing: the bad rows stop the good ones.
		all := importFile(t, db, path, m, importer.Options{Mode: importer.AllOrNothing})
		if all.Committed || all.Rejected != 3 || countProjects(t, db) != 0 || countCompanies(t, db) != 0 {
			t.Fatalf("all or nothing stored something: %+v", all)
		}

		// Only the good rows, with the rejected ones back as a file.
		var rejects bytes.Buffer
		rep := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly, Rejects: &rejects, Source: "projects.csv"})
		if !rep.Committed || rep.Created != 2 || rep.Rejected != 3 || countProjects(t, db) != 2 {
			t.Fatalf("good rows: %+v", rep)
		}
		if rejects.String() != dryRejects.String() {
			t.Errorf("the dry run's rejects differ from the run's")
		}
		if !bytes.HasPrefix(rejects.Bytes(), []byte("\ufeff")) {
			t.Error("the rejects file has no byte-order mark")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rejects.String(), "\ufeff"))).ReadAll()
		if err != nil || len(recs) != 4 || recs[0][len(recs[0])-1] != importer.ErrorsColumn || recs[1][0] != "P-3" || recs[1][4] != "很多钱" {
			t.Fatalf("rejects file: %q, %v", recs, err)
		}

		id, _, err := db.FindByExternalID(sys, "project", "P-1")
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.FindProjectByID(sys, id, "investor")
		if err != nil {
			t.Fatal(err)
		}
		if p.NameZH != "肇庆新区西银智慧产业园" || p.TotalInvestment.String() != "CNY 35,000,000.00" || p.ContractActual.String() != "2023-10-19" ||
			p.Stage != attract.StageNegotiating || *p.ForeignSharePct != 45 || p.SourceEconomy != "HK" || *p.OwnerID != officer.ID ||
			p.Notes != "首批" || p.Investor.NameZH != "佩奇汽车饰件有限公司" {
			t.Errorf("P-1 stored as %+v", p)
		}

		// Again: nothing changes.
		again := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		if again.Unchanged != 2 || again.Created != 0 || again.Updated != 0 || again.CompaniesCreated != 0 {
			t.Errorf("second import: %+v", again)
		}
		if p2, _ := db.FindProjectByID(sys, id); p2.Version != p.Version {
			t.Errorf("version %d → %d on an unchanged import", p.Version, p2.Version)
		}

		// A changed row updates its record, with the version it has.
		changed := strings.Replace(projectsCSV, `"3,500",2023年10月19日,在谈`, `"4,000",2023年10月19日,在谈`, 1)
		up := importFile(t, db, writeFile(t, "projects.csv", changed), m, importer.Options{Mode: importer.GoodRowsOnly})
		if up.Updated != 1 || up.Unchanged != 1 || up.Created != 0 {
			t.Errorf("changed import: %+v", up)
		}
		p3, _ := db.FindProjectByID(sys, id)
		if p3.TotalInvestment.String() != "CNY 40,000,000.00" || p3.Version != p.Version+1 {
			t.Errorf("after the update: %v, version %d", p3.TotalInvestment, p3.Version)
		}
	})
}

func countCompanies(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM companies`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportCompaniesMatches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		for _, c := range []*attract.Company{
			{CompanyFields: attract.CompanyFields{NameZH: "西银智慧产业园有限公司", USCC: "91350100M000100Y43"}},
			{CompanyFields: attract.CompanyFields{NameEN: "Twin Holdings Ltd"}},
			{CompanyFields: attract.CompanyFields{NameEN: "TWIN HOLDINGS LIMITED"}},
		} {
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
		}
		path := writeFile(t, "companies.csv", "企业名称,统一社会信用代码,国别,网址\n"+
			"西银智慧产业园有限责任公司,,中国,https://xiyin.example\n"+
			"别名,91350100M000100Y43,,\n"+
			"Twin Holdings,,HK,\n"+
			"Paige Automotive Trim GmbH,,德国,\n")
		m := detected(t, attract.ImportCompanies, path)
		rep := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Matched != 2 || rep.Created != 1 || rep.Rejected != 1 {
			t.Fatalf("%+v", rep)
		}
		if d := rep.Details[0]; d.Line != 4 || !strings.Contains(importer.DescribeProblems(d.Problems), "Twin Holdings") {
			t.Errorf("the ambiguous row: %+v", d)
		}
		cs, _, _ := db.FindCompanies(sys, attract.CompanyFilter{USCC: "91350100M000100Y43"})
		if len(cs) != 1 || cs[0].Website != "https://xiyin.example" || cs[0].NameZH != "西银智慧产业园有限公司" || cs[0].Country != "CN" {
			t.Errorf("the matched company keeps its name and gains what it lacked: %+v", cs)
		}
		if n := countCompanies(t, db); n != 4 {
			t.Errorf("%d companies", n)
		}
		again := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		if again.Created != 0 || again.Rejected != 1 || countCompanies(t, db) != 4 {
			t.Errorf("again: %+v", again)
		}
	})
}

func TestImportOtherKinds(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "西银", Code: "ZQ-2025-0042"}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}
		contacts := writeFile(t, "contacts.csv", "姓名,企业名称,职务,邮箱,电话\n王芳,佩奇汽车饰件有限公司,总经理,wang@example.com,+86 758 123\nJohn Smith,Paige GmbH,CEO,not-an-email,\n")
		rep := importFile(t, db, contacts, detected(t, attract.ImportContacts, contacts), importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Created != 1 || rep.Rejected != 1 || rep.CompaniesCreated != 1 || !strings.Contains(importer.DescribeProblems(rep.Details[0].Problems), "email") {
			t.Errorf("contacts: %+v", rep)
		}
		acts := writeFile(t, "activities.csv", "项目编号,类型,主题,日期,备注\nZQ-2025-0042,会议,洽谈用地,2023-10-19 14:30,谈了地块\nZQ-9999,电话,不存在的项目,2023-10-20,\n")
		rep = importFile(t, db, acts, detected(t, attract.ImportActivities, acts), importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Created != 1 || rep.Rejected != 1 {
			t.Errorf("activities: %+v", rep)
		}
		as, _, _ := db.FindActivities(sys, attract.ActivityFilter{ProjectID: &p.ID})
		if len(as) != 1 || as[0].Kind != attract.ActivityMeeting || as[0].Notes != "谈了地块" || as[0].OccurredAt.UTC().Hour() != 6 {
			t.Errorf("activity stored as %+v", as)
		}
		inflows := writeFile(t, "inflows.csv", "项目编号,到资日期,到资金额(万美元)\nZQ-2025-0042,2024-03-01,120\nZQ-2025-0042,2024-06-01,0\n")
		m := detected(t, attract.ImportInflows, inflows)
		rep = importFile(t, db, inflows, m, importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Created != 1 || rep.Rejected != 1 {
			t.Errorf("inflows: %+v", rep)
		}
		rep = importFile(t, db, inflows, m, importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Created != 0 || rep.Unchanged != 1 {
			t.Errorf("inflows again: %+v", rep)
		}
		got, _ := db.FindProjectByID(sys, p.ID)
		if len(got.UtilizedFDI) != 1 || got.UtilizedFDI[0].String() != "USD 1,200,000.00" {
			t.Errorf("utilized %v", got.UtilizedFDI)
		}
	})
}

func TestImportMappingErrors(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	path := writeFile(t, "p.csv", "名称\n西银\n")
	for _, m := range []attract.MappingFields{
		{Name: "x", Kind: attract.ImportProjects, Columns: []attract.MappingColumn{{Column: "名称", Field: "no_such_field"}}},
		{Name: "x", Kind: attract.ImportProjects, Columns: []attract.MappingColumn{{Column: "不存在", Field: "name"}}},
		{Name: "x", Kind: attract.ImportProjects, Columns: []attract.MappingColumn{{Column: "名称", Field: "total_investment", Unit: "furlongs"}}},
		{Name: "x", Kind: "planets", Columns: []attract.MappingColumn{{Column: "名称", Field: "name"}}},
	} {
		src, _ := importer.Open(path, importer.ReadOptions{})
		if _, err := importer.Run(sys, db, src, &m, importer.Options{}); attract.ErrorCode(err) != attract.EINVALID {
			t.Errorf("mapping %+v: %v", m, err)
		}
		src.Close()
	}
}

// FuzzImport feeds arbitrary CSV to an all-or-nothing import: it never
// fails with anything but a refusal, and stores either every row it
// reports created or nothing at all.
func FuzzImport(f *testing.F) {
	f.Add([]byte(projectsCSV))
	f.Add([]byte("项目名称,总投资(万元),阶段\n西银,3500,签约\n"))
	f.Add([]byte("name,stage\n\"a\nb\",lost\n"))
	db := sqlstore.MustOpenTestDB(f, "sqlite")
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := importer.NewCSV(bytes.NewReader(data), "")
		if err != nil {
			return
		}
		m := importer.Detect(attract.ImportProjects, src.Header())
		m.Name = "fuzz"
		before := countProjects(t, db)
		rep, err := importer.Run(attract.NewSystemContext(context.Background()), db, src, &m, importer.Options{Mode: importer.AllOrNothing})
		if err != nil {
			if attract.ErrorCode(err) == attract.EINTERNAL {
				t.Fatalf("import failed: %v", err)
			}
			rep = &importer.Report{}
		}
		after := countProjects(t, db)
		switch {
		case rep.Committed && after-before != rep.Created:
			t.Fatalf("committed: %d projects more, %d reported created", after-before, rep.Created)
		case !rep.Committed && after != before:
			t.Fatalf("not committed, yet %d projects more", after-before)
		}
	})
}

// TestImportActivityParticipants imports who took part in activities: the
// agency's staff by username or name, the investor's people by name or
// e-mail among the contacts of the activity's company (any company's when
// it has none); a name that finds no one, or two, rejects its row.
func TestImportActivityParticipants(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		user := func(username, name string) int64 {
			u := &attract.User{Username: username, Name: name, Role: attract.RoleOfficer, Language: "zh"}
			if err := db.CreateUser(sys, u, "a long enough password"); err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		wang, li := user("wang.wei", "王伟"), user("li.na", "李娜")
		user("zhang.wei1", "张伟")
		zhang2 := user("zhang.wei2", "张伟")
		company := func(name string) *attract.Company {
			c := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: name, Country: "DE"}}
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		contact := func(c *attract.Company, zh, en, email string) int64 {
			k := &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &c.ID, NameZH: zh, NameEN: en, Email: email}}
			if err := db.CreateContact(sys, k); err != nil {
				t.Fatal(err)
			}
			return k.ID
		}
		paige, other := company("佩奇汽车饰件有限公司"), company("其他企业")
		fang, anna := contact(paige, "王芳", "", "wang@paige.example"), contact(paige, "", "Anna Weber", "")
		contact(other, "王芳", "", "")
		p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "佩奇内饰件", Code: "ZQ-1", InvestorID: &paige.ID}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}

		path := writeFile(t, "走访记录.csv", "项目编号,类型,主题,日期,参与人员,对接人\n"+
			"ZQ-1,会议,洽谈用地,2023-10-19,王伟、li.na,\"王芳, anna weber\"\n"+
			"ZQ-1,电话,跟进,2023-10-20,张伟,wang@paige.example\n"+
			"ZQ-1,走访,参观工厂,2023-10-21,zhang.wei2,赵六\n"+
			",会议,行业协会会议,2023-10-22,王伟,王芳\n"+
			"ZQ-1,电话,确认时间,2023-10-23,zhang.wei2；王伟,WANG@paige.example\n")
		m := detected(t, attract.ImportActivities, path)
		fields := map[string]string{}
		for _, c := range m.Columns {
			fields[c.Column] = c.Field
		}
		if fields["参与人员"] != "user_ids" || fields["对接人"] != "contact_ids" {
			t.Fatalf("detected %v", fields)
		}
		// Only a header that names them proposes them, not one that holds
		// a word of theirs.
		for _, c := range importer.Detect(attract.ImportActivities, []string{"外方参与人员", "联系人电话", "陪同人员"}).Columns {
			if want := map[string]string{"外方参与人员": "contact_ids", "陪同人员": "user_ids"}[c.Column]; c.Field != want {
				t.Errorf("%s detected as %q, want %q", c.Column, c.Field, want)
			}
		}
		rep := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		if rep.Created != 2 || rep.Rejected != 3 {
			t.Fatalf("report %+v", rep)
		}
		for i, want := range []string{`2 users are called "张伟"; write the username`, `the company has no contact called "赵六"`, `2 contacts are called "王芳"; write the e-mail`} {
			if got := importer.DescribeProblems(rep.Details[i].Problems); !strings.Contains(got, want) {
				t.Errorf("row %d: %s, want %q", rep.Details[i].Line, got, want)
			}
		}
		as, _, err := db.FindActivities(sys, attract.ActivityFilter{ProjectID: &p.ID})
		if err != nil || len(as) != 2 {
			t.Fatalf("activities %v, %v", as, err)
		}
		byWhat := map[string]*attract.Activity{}
		for _, a := range as {
			byWhat[a.Subject] = a
		}
		sorted := func(ids ...int64) []int64 { return slices.Sorted(slices.Values(ids)) }
		if a := byWhat["洽谈用地"]; a == nil || !slices.Equal(a.UserIDs, sorted(wang, li)) || !slices.Equal(a.ContactIDs, sorted(fang, anna)) {
			t.Errorf("the meeting's participants: %+v", a)
		}
		if a := byWhat["确认时间"]; a == nil || !slices.Equal(a.UserIDs, sorted(wang, zhang2)) || !slices.Equal(a.ContactIDs, []int64{fang}) {
			t.Errorf("the call's participants: %+v", a)
		}
		if again := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly}); again.Unchanged != 2 || again.Created != 0 {
			t.Errorf("imported again: %+v", again)
		}
	})
}
