package importer_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/importer"
	"attract/sqlstore"
)

var sys = attract.NewSystemContext(context.Background())

// realPPI is the World Bank PPI file shared with the project, relative to
// this package's directory. Without it the test skips loudly; in CI it fails.
func realPPI(t *testing.T) string {
	t.Helper()
	const path = "../../shared/data/real/wb-ppi-china.csv"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real World Bank PPI file is missing (%v): CI must run the import on it", err)
		}
		t.Skipf("SKIPPING the real-data import: %v", err)
	}
	return path
}

// importFile runs an import of a file through a mapping.
func importFile(t testing.TB, db *sqlstore.DB, path string, m *attract.MappingFields, opt importer.Options) *importer.Report {
	t.Helper()
	src, err := importer.Open(path, importer.ReadOptions{Encoding: m.Encoding, Sheet: m.Sheet})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rep, err := importer.Run(sys, db, src, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestWorldBankPPI(t *testing.T) {
	path := realPPI(t)
	m, ok := importer.Builtin("wb-ppi")
	if !ok {
		t.Fatal("the wb-ppi mapping does not ship")
	}
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		dry := importFile(t, db, path, m, importer.Options{DryRun: true, Mode: importer.GoodRowsOnly, Source: "wb-ppi-china.csv"})
		if dry.Rows != 499 || dry.Committed {
			t.Fatalf("dry run: %d rows, committed %v", dry.Rows, dry.Committed)
		}
		if n := countProjects(t, db); n != 0 {
			t.Fatalf("the dry run left %d projects", n)
		}
		rep := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly, Source: "wb-ppi-china.csv"})
		t.Logf("created %d, updated %d, unchanged %d, rejected %d, warned %d; companies created %d, matched %d",
			rep.Created, rep.Updated, rep.Unchanged, rep.Rejected, rep.Warned, rep.CompaniesCreated, rep.CompaniesMatched)
		for _, d := range rep.Details {
			if d.Verdict == importer.Rejected {
				t.Logf("line %d rejected: %s", d.Line, importer.DescribeProblems(d.Problems))
			}
		}
		// The dry run said what the real run did.
		if dry.Created != rep.Created || dry.Rejected != rep.Rejected || dry.CompaniesCreated != rep.CompaniesCreated {
			t.Errorf("dry run %+v differs from the run %+v", dry, rep)
		}
		if rep.Created+rep.Rejected != 499 || rep.Created < 490 || !rep.Committed {
			t.Errorf("created %d and rejected %d of 499 rows", rep.Created, rep.Rejected)
		}
		if n := countProjects(t, db); n != rep.Created {
			t.Errorf("%d projects stored, %d reported created", n, rep.Created)
		}

		// Known rows.
		ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: "Zhongshan Tanzhou Water Plant", Limit: 10})
		if err != nil || len(ps) != 1 {
			t.Fatalf("Zhongshan Tanzhou: %d projects, %v", len(ps), err)
		}
		p := ps[0]
		if p.InvestorID == nil {
			t.Fatal("Zhongshan Tanzhou has no investor")
		}
		investor, err := db.FindCompanyByID(sys, *p.InvestorID)
		if err != nil {
			t.Fatal(err)
		}
		if investor.NameEN != "NWS Holdings Limited" || investor.Country != "HK" {
			t.Errorf("investor %q of %s", investor.NameEN, investor.Country)
		}
		suez, _, err := db.FindCompanies(sys, attract.CompanyFilter{Q: "SUEZ", Limit: 10})
		if err != nil || len(suez) != 1 || suez[0].Country != "FR" {
			t.Errorf("SUEZ: %d companies, %v", len(suez), err)
		}
		want := []struct{ what, got, want string }{
			{"total investment", p.TotalInvestment.String(), "USD 10,800,000.00"},
			{"contract date", p.ContractActual.String(), "1994-05-01"},
			{"source economy", p.SourceEconomy, "HK"},
			{"investment mode", string(p.InvestmentMode), "ejv"},
			{"type", string(p.Type), "ma"},
			{"sector", p.Sector, "3600"},
			{"stage", string(p.Stage), "signed"},
			{"contracted FDI (58% of 10.8m)", p.ContractedFDI.String(), "USD 6,264,000.00"},
			{"site", p.Site, "广东省"},
		}
		for _, w := range want {
			if w.got != w.want {
				t.Errorf("Zhongshan Tanzhou %s = %q, want %q", w.what, w.got, w.want)
			}
		}
		if *p.ForeignSharePct != 58 {
			t.Errorf("foreign share %d%%", *p.ForeignSharePct)
		}
		for _, s := range []string{"NWS Holdings Limited (29% / Hong Kong, China); SUEZ (29% / France)", "Tanzhou City, Guangdong Province"} {
			if !strings.Contains(p.Notes, s) {
				t.Errorf("notes lack %q:\n%s", s, p.Notes)
			}
		}

		// A location resolved to a city, and a cancelled project lost.
		ps, _, _ = db.FindProjects(sys, attract.ProjectFilter{Q: "Shenyang No. 8 Water Plant", Archived: false, Limit: 10})
		if len(ps) != 1 || ps[0].Stage != attract.StageLost || ps[0].LostReason != attract.LostCancelled || ps[0].Site != "辽宁省 沈阳市" {
			t.Errorf("Shenyang No. 8: %+v", ps)
		}

		// The same file again changes nothing.
		again := importFile(t, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		if again.Unchanged != rep.Created || again.Created != 0 || again.Updated != 0 || again.CompaniesCreated != 0 {
			t.Errorf("second import: created %d, updated %d, unchanged %d, companies created %d",
				again.Created, again.Updated, again.Unchanged, again.CompaniesCreated)
		}
	})
}

func countProjects(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// forEachDB runs a test on every database the suite has.
func forEachDB(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			test(t, sqlstore.MustOpenTestDB(t, d))
		})
	}
}

var _ = slices.Contains[[]string]
