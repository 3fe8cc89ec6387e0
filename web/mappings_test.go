package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"attract"
)

// TestSavedMappings checks the page of saved mappings: what each reads, the
// link that uploads a file with it, renaming (a name taken, an empty one, a
// stale form) and deleting (stale, then done, then gone), in both languages.
func TestSavedMappings(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := attract.NewContextWithUser(context.Background(), e.users[attract.RoleOfficer])
		monthly := &attract.Mapping{MappingFields: attract.MappingFields{Name: "月报", Kind: attract.ImportProjects,
			Key: []string{"项目名称", "签约日期"}, KeyPrefix: "monthly:", Columns: []attract.MappingColumn{
				{Column: "项目名称", Field: "name_zh"}, {Column: "总投资(万元)", Field: "total_investment", Unit: "万元"}, {Column: "签约日期", Field: "contract_actual"}, {Column: "序号"}}}}
		firms := &attract.Mapping{MappingFields: attract.MappingFields{Name: "企业名录", Kind: attract.ImportCompanies,
			Columns: []attract.MappingColumn{{Column: "企业名称", Field: "name_zh"}}}}
		for _, m := range []*attract.Mapping{monthly, firms} {
			if err := e.db.CreateMapping(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		b := e.as(attract.RoleOfficer)
		id := strconv.FormatInt(monthly.ID, 10)
		res := b.get("/import/mappings").must(t, http.StatusOK)
		res.contains(t, "<h1>Saved mappings</h1>", ">月报 <span", ">企业名录 <span", "项目名称 → Chinese name",
			"总投资(万元) → Total investment (in 万元)", "序号 → ignored", "项目名称 &#43; 签约日期",
			`href="/import?kind=projects&amp;mapping=saved%3A%E6%9C%88%E6%8A%A5"`, `action="/import/mappings/`+id+`/rename"`)
		b.get("/import").must(t, http.StatusOK).contains(t, `href="/import/mappings"`)
		b.get("/import?kind=projects&mapping="+url.QueryEscape("saved:月报")).must(t, http.StatusOK).
			contains(t, `<option value="saved:月报" selected>`)

		rename := func(version int64, name string) page {
			return b.post("/import/mappings/"+id+"/rename", url.Values{"version": {strconv.FormatInt(version, 10)}, "name": {name}})
		}
		rename(1, "企业名录").must(t, http.StatusConflict).contains(t, html.EscapeString(`"企业名录" is taken`), `value="企业名录"`, `aria-invalid="true"`)
		rename(1, "  ").must(t, http.StatusBadRequest).contains(t, "is required")
		rename(1, "月报 2026").must(t, http.StatusSeeOther)
		b.get("/import/mappings?done=renamed").must(t, http.StatusOK).contains(t, "The mapping is renamed.", ">月报 2026 <span")
		res = rename(1, "月报 旧").must(t, http.StatusConflict)
		res.contains(t, html.EscapeString("was changed by someone else since you read it"), `name="version" value="2"`)
		if m, err := e.db.FindMappingByName(ctx, "月报 2026"); err != nil || m.Version != 2 {
			t.Errorf("after a stale rename: %+v, %v", m, err)
		}

		del := func(version int64) page {
			return b.post("/import/mappings/"+id+"/delete", url.Values{"version": {strconv.FormatInt(version, 10)}})
		}
		del(1).must(t, http.StatusConflict).contains(t, "changed by someone else")
		del(2).must(t, http.StatusSeeOther)
		if _, err := e.db.FindMappingByName(ctx, "月报 2026"); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if loc := del(2).must(t, http.StatusSeeOther).location; loc != "/import/mappings?done=gone" {
			t.Errorf("deleting what is gone goes to %q", loc)
		}
		b.post("/import/mappings/"+id+"/delete", url.Values{"version": {"x"}}).must(t, http.StatusBadRequest)

		dirLang(t, b, "zh")
		b.get("/import/mappings").must(t, http.StatusOK).contains(t, "<h1>已保存的列映射</h1>", "企业名称 → ", "用它导入文件").
			lacks(t, "月报")
		e.as(attract.RoleViewer).get("/import/mappings").must(t, http.StatusForbidden)
	})
}
