package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"attract"
	"attract/sqlstore"
)

func TestImportCommand(t *testing.T) {
	for dialect, dsn := range dbs(t) {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "projects.csv")
			os.WriteFile(file, []byte("编号,项目名称,总投资(万元),阶段\nA1,西银智慧产业园,3500,在谈\nA2,坏项目,很多,线索\n"), 0o600)
			mapping := filepath.Join(dir, "mapping.json")
			os.WriteFile(mapping, []byte(`{"name": "月报", "kind": "projects", "columns": [
				{"column": "编号", "field": "external_id"}, {"column": "项目名称", "field": "name"},
				{"column": "总投资(万元)", "field": "total_investment", "unit": "万元"}, {"column": "阶段", "field": "stage"}]}`), 0o600)

			_, out, _, err := run(t, nil, "", "import", "--db", dsn, "--mapping", mapping, "--dry-run", file)
			if err == nil || !strings.Contains(out, "line 3 rejected: 第 3 行被拒绝：total_investment:") || !strings.Contains(out, "created 1,") || !strings.Contains(out, "Dry run") {
				t.Errorf("dry run: %v\n%s", err, out)
			}
			_, out, _, err = run(t, nil, "", "import", "--db", dsn, "--mapping", mapping, file)
			if err == nil || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(describe(err), "未导入任何数据") {
				t.Errorf("all or nothing with a bad row: %v\n%s", err, out)
			}
			if !strings.Contains(out, "共 2 行（UTF-8）：新建 1，") {
				t.Errorf("the summary lacks its Chinese:\n%s", out)
			}
			if n := projectCount(t, dsn); n != 0 {
				t.Fatalf("%d projects after a refused import", n)
			}
			rejects := filepath.Join(dir, "rejects.csv")
			_, out = mustRun(t, nil, "", "import", "--db", dsn, "--mapping", mapping, "--good-rows-only", "--rejects", rejects, file)
			if !strings.Contains(out, "created 1, updated 0, unchanged 0, matched 0, rejected 1") {
				t.Errorf("good rows only:\n%s", out)
			}
			b, _ := os.ReadFile(rejects)
			if !strings.HasPrefix(string(b), "\ufeff编号,项目名称,总投资(万元),阶段,错误 / Errors\nA2,坏项目,很多,线索,\"total_investment: ") {
				t.Errorf("rejects file:\n%s", b)
			}
			_, out = mustRun(t, nil, "", "import", "--db", dsn, "--mapping", mapping, "--good-rows-only", file)
			if !strings.Contains(out, "created 0, updated 0, unchanged 1") {
				t.Errorf("again:\n%s", out)
			}
			if n := projectCount(t, dsn); n != 1 {
				t.Errorf("%d projects", n)
			}
			// Without a mapping the columns are detected; a kind is needed.
			if _, _, _, err := run(t, nil, "", "import", "--db", dsn, file); err == nil {
				t.Error("no kind and no mapping")
			}
			_, _, errOut, _ := run(t, nil, "", "import", "--db", dsn, "--kind", "projects", "--dry-run", file)
			if !strings.Contains(errOut, "总投资(万元)") || !strings.Contains(errOut, "total_investment 万元") {
				t.Errorf("detected mapping:\n%s", errOut)
			}
			if _, _, _, err := run(t, nil, "", "import", "--db", dsn, "--mapping", "no-such", file); err == nil || !strings.Contains(err.Error(), "wb-ppi") {
				t.Errorf("an unknown mapping: %v", err)
			}
		})
	}
}

func projectCount(t *testing.T, dsn string) int {
	t.Helper()
	db, err := sqlstore.Open(sys(t.Context()), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, _, err := db.FindProjects(attract.NewSystemContext(t.Context()), attract.ProjectFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}
