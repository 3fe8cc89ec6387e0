package sqlstore_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

func TestMappings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		_, officer := mustUser(t, db, "officer", attract.RoleOfficer, nil)
		_, viewer := mustUser(t, db, "viewer", attract.RoleViewer, nil)
		m := &attract.Mapping{MappingFields: attract.MappingFields{Name: "月报", Kind: attract.ImportProjects, Columns: []attract.MappingColumn{
			{Column: "项目名称", Field: "name"}, {Column: "总投资(万元)", Field: "total_investment", Unit: "万元"},
			{Column: "状态", Field: "stage", Values: map[string]string{"已落地": "registered"}},
		}}}
		if err := db.CreateMapping(viewer, m); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("a viewer saved a mapping: %v", err)
		}
		if err := db.CreateMapping(officer, m); err != nil {
			t.Fatal(err)
		}
		dup := &attract.Mapping{MappingFields: m.MappingFields}
		if err := db.CreateMapping(officer, dup); attract.ErrorCode(err) != attract.ECONFLICT || !slices.Equal(fieldNames(err), []string{"name"}) {
			t.Errorf("a second mapping of the same name: %v", err)
		}
		if err := db.CreateMapping(officer, &attract.Mapping{MappingFields: attract.MappingFields{Kind: "planets"}}); !slices.Equal(fieldNames(err), []string{"columns", "kind", "name"}) {
			t.Errorf("an empty mapping: %v", err)
		}
		got, err := db.FindMappingByName(viewer, "月报")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != m.ID || got.Columns[1].Unit != "万元" || got.Columns[2].Values["已落地"] != "registered" || got.Version != 1 || got.CreatedBy == nil {
			t.Errorf("read back %+v", got)
		}
		if _, err := db.FindMappingByName(viewer, "nope"); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("a missing mapping: %v", err)
		}
		up, err := db.UpdateMapping(officer, m.ID, 1, attract.Patch{"name": json.RawMessage(`"月报 2025"`)})
		if err != nil || up.Name != "月报 2025" || up.Version != 2 || len(up.Columns) != 3 {
			t.Fatalf("update: %+v, %v", up, err)
		}
		if _, err := db.UpdateMapping(officer, m.ID, 1, attract.Patch{"name": json.RawMessage(`"x"`)}); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Errorf("a stale update: %v", err)
		}
		list, err := db.FindMappings(viewer, attract.ImportProjects)
		if err != nil || len(list) != 1 {
			t.Errorf("list: %v, %v", list, err)
		}
		if list, _ := db.FindMappings(viewer, attract.ImportContacts); len(list) != 0 {
			t.Errorf("contacts mappings: %v", list)
		}
		if err := db.DeleteMapping(officer, m.ID, 1); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Errorf("a stale delete: %v", err)
		}
		if err := db.DeleteMapping(officer, m.ID, 2); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db, "mapping", m.ID); n != 3 {
			t.Errorf("%d audit entries for create, update and delete", n)
		}
	})
}

func TestFindByExternalID(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "西银", ExternalID: "ERP-7"}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}
		id, version, err := db.FindByExternalID(sys, "project", "ERP-7")
		if err != nil || id != p.ID || version != 1 {
			t.Errorf("found %d v%d, %v", id, version, err)
		}
		// An external ID is unique among its records; empty ones are many.
		other := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "另一个", ExternalID: "ERP-7"}}
		if err := db.CreateProject(sys, other); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Errorf("a second ERP-7: %v", err)
		}
		for _, name := range []string{"甲", "乙"} {
			if err := db.CreateProject(sys, &attract.Project{ProjectFields: attract.ProjectFields{NameZH: name}}); err != nil {
				t.Errorf("a project without an external ID: %v", err)
			}
		}
		if _, _, err := db.FindByExternalID(sys, "project", ""); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("the empty external ID: %v", err)
		}
		if _, _, err := db.FindByExternalID(sys, "user", "x"); attract.ErrorCode(err) != attract.EINVALID {
			t.Errorf("users: %v", err)
		}
		in := &attract.CapitalInflow{ProjectID: p.ID, Date: attract.Date{Year: 2024, Month: 3, Day: 1}, Amount: *mustMoney(t, "USD 1m"), ExternalID: "IN-1"}
		if err := db.CreateInflow(sys, in); err != nil {
			t.Fatal(err)
		}
		if id, _, err := db.FindByExternalID(sys, "inflow", "IN-1"); err != nil || id != in.ID {
			t.Errorf("inflow: %d, %v", id, err)
		}
		if ins, _ := db.FindInflows(sys, p.ID); len(ins) != 1 || ins[0].ExternalID != "IN-1" {
			t.Errorf("inflows read back %+v", ins)
		}
	})
}

func TestMergeCompanies(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		_, officer := mustUser(t, db, "officer", attract.RoleOfficer, nil)
		_, director := mustUser(t, db, "director", attract.RoleDirector, nil)
		keep := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "佩奇汽车饰件有限公司", Country: "DE"}}
		merge := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Paige Automotive Trim GmbH", USCC: "91350100M000100Y43",
			Website: "https://paige.example", ExternalID: "CRM-9"}}
		child := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Paige Trim (Zhaoqing)"}}
		for _, c := range []*attract.Company{keep, merge} {
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
		}
		child.UltimateParentID = &merge.ID
		if err := db.CreateCompany(sys, child); err != nil {
			t.Fatal(err)
		}
		p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "饰件项目", InvestorID: &merge.ID}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}
		k := &attract.Contact{ContactFields: attract.ContactFields{NameZH: "王芳", CompanyID: &merge.ID}}
		if err := db.CreateContact(sys, k); err != nil {
			t.Fatal(err)
		}
		a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityMeeting, Subject: "会谈", OccurredAt: time.Now(), CompanyID: &merge.ID}}
		if err := db.CreateActivity(sys, a); err != nil {
			t.Fatal(err)
		}
		u, _ := db.FindUserByUsername(sys, "officer")
		task := &attract.Task{TaskFields: attract.TaskFields{Title: "回访", AssigneeID: &u.ID, CompanyID: &merge.ID}}
		if err := db.CreateTask(sys, task); err != nil {
			t.Fatal(err)
		}

		if _, err := db.MergeCompanies(officer, keep.ID, merge.ID); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("an officer merged: %v", err)
		}
		if _, err := db.MergeCompanies(director, keep.ID, keep.ID); attract.ErrorCode(err) != attract.EINVALID {
			t.Errorf("a company merged into itself: %v", err)
		}
		if _, err := db.MergeCompanies(director, keep.ID, 9999); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("a missing company: %v", err)
		}
		got, err := db.MergeCompanies(director, keep.ID, merge.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NameZH != "佩奇汽车饰件有限公司" || got.NameEN != "Paige Automotive Trim GmbH" || got.USCC != "91350100M000100Y43" ||
			got.Website != "https://paige.example" || got.ExternalID != "CRM-9" || got.Country != "DE" || !strings.Contains(got.Notes, "Merged company") {
			t.Errorf("kept company: %+v", got)
		}
		gone, _ := db.FindCompanyByID(sys, merge.ID)
		if gone.ArchivedAt == nil || gone.USCC != "" || !strings.Contains(gone.Notes, "Merged into company") {
			t.Errorf("merged company: %+v", gone)
		}
		if p2, _ := db.FindProjectByID(sys, p.ID); *p2.InvestorID != keep.ID || p2.Version != 2 {
			t.Errorf("project investor %d v%d", *p2.InvestorID, p2.Version)
		}
		if k2, _ := db.FindContactByID(sys, k.ID); *k2.CompanyID != keep.ID {
			t.Errorf("contact company %d", *k2.CompanyID)
		}
		if a2, _ := db.FindActivityByID(sys, a.ID); *a2.CompanyID != keep.ID {
			t.Errorf("activity company %d", *a2.CompanyID)
		}
		if t2, _ := db.FindTaskByID(sys, task.ID); *t2.CompanyID != keep.ID {
			t.Errorf("task company %d", *t2.CompanyID)
		}
		if c2, _ := db.FindCompanyByID(sys, child.ID); *c2.UltimateParentID != keep.ID {
			t.Errorf("child's parent %d", *c2.UltimateParentID)
		}
		// Both histories stay, and the merge is in them.
		for _, c := range []struct {
			entity string
			id     int64
		}{{"company", keep.ID}, {"company", merge.ID}, {"project", p.ID}, {"contact", k.ID}, {"activity", a.ID}, {"task", task.ID}, {"company", child.ID}} {
			es, _, _ := db.FindAudit(sys, attract.AuditFilter{Entity: c.entity, EntityID: &c.id, Limit: 50})
			if len(es) == 0 || es[0].Action != "merge" {
				t.Errorf("%s %d: the latest audit entry is not the merge: %+v", c.entity, c.id, es)
			}
		}
		if _, err := db.MergeCompanies(director, merge.ID, keep.ID); attract.ErrorCode(err) != attract.EINVALID {
			t.Errorf("merging into an archived company: %v", err)
		}
	})
}
