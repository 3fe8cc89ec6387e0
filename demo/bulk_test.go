package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

var bulkToday = attract.Date{Year: 2025, Month: time.June, Day: 30}

// TestBulkFoldMatchesStore holds the bulk generator's copy of the store's
// text folding to the store's own: records created through the store keep
// the sort_name that SortName computes and the search_text that bulkSearchText computes.
func TestBulkFoldMatchesStore(t *testing.T) {
	sys := attract.NewSystemContext(context.Background())
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			for i, tc := range []struct{ zh, en, notes, park string }{
				{"肇庆新区西银智慧产业园项目", "Xiyin Smart Industrial Park", "投资方拟在肇庆投资。", "肇庆新区"},
				{"ＡＢＣ（香港）电子　有限公司", "ＡＢＣ  Electronics\tLimited", "全角　空格  and   runs", "  "},
				{"", "MIXED Case Only English", "Ｎｏｔｅｓ with ＵＰＰＥＲ", ""},
				{"德国佩奇汽车内外饰件项目", "", "", "端州区"},
			} {
				c := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: tc.zh, NameEN: tc.en, Notes: tc.notes, Country: "HK"}}
				if c.NameZH == "" && c.NameEN == "" {
					c.NameEN = "x"
				}
				if err := db.CreateCompany(sys, c); err != nil {
					t.Fatal(err)
				}
				k := &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &c.ID, NameZH: tc.zh, NameEN: tc.en, Title: tc.park, Email: fmt.Sprintf("A%d@Example.COM", i), Notes: tc.notes}}
				if err := db.CreateContact(sys, k); err != nil {
					t.Fatal(err)
				}
				p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: tc.zh, NameEN: tc.en, Notes: tc.notes, Park: tc.park, Type: attract.TypeGreenfield}}
				if err := db.CreateProject(sys, p); err != nil {
					t.Fatal(err)
				}
				for _, row := range []struct {
					table      string
					id         int64
					sort, text string
				}{
					{"companies", c.ID, sqlstore.SortName(c.DisplayName()), bulkSearchText(c.NameZH, c.NameEN, c.USCC, c.ForeignRegNo, c.Notes)},
					{"contacts", k.ID, sqlstore.SortName(k.DisplayName()), bulkSearchText(k.NameZH, k.NameEN, k.Title, k.Email, k.Phone, k.WeChat, k.Notes)},
					{"projects", p.ID, sqlstore.SortName(p.DisplayName()), bulkSearchText(p.Code, p.NameZH, p.NameEN, p.Notes, p.Park, p.Site)},
				} {
					var sortName, searchText string
					q := `SELECT sort_name, search_text FROM ` + row.table + ` WHERE id = ` + fmt.Sprint(row.id)
					if err := db.SQL().QueryRow(q).Scan(&sortName, &searchText); err != nil {
						t.Fatal(err)
					}
					if sortName != row.sort {
						t.Errorf("%s %d: the store's sort_name is %q, SortName gives %q", row.table, row.id, sortName, row.sort)
					}
					if searchText != row.text {
						t.Errorf("%s %d: the store's search_text is %q, bulkSearchText gives %q", row.table, row.id, searchText, row.text)
					}
				}
			}
		})
	}
}

// indexNames lists the database's indexes.
func indexNames(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`
	if db.Dialect() == "postgres" {
		q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// digest hashes what the data says, in a form both dialects share.
func digest(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, code, name_zh, stage, line_stage, COALESCE(total_investment_amount, -1), team_id, owner_id, search_text FROM projects ORDER BY id`,
		`SELECT id, project_id, subject, created_by FROM activities ORDER BY id`,
		`SELECT id, project_id, title, status FROM tasks ORDER BY id`,
		`SELECT id, name_zh, uscc, foreign_reg_no FROM companies ORDER BY id`,
	} {
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			dest := make([]any, len(cols))
			for i := range vals {
				dest[i] = &vals[i]
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, vals)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateBulk(t *testing.T) {
	sys := attract.NewSystemContext(context.Background())
	const n = 400
	digests := map[string]string{}
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			// The first administrator exists before the demo, as after a first start.
			admin := &attract.User{Username: "admin", Name: "管理员", Role: attract.RoleAdmin, Language: "zh"}
			if err := db.CreateUser(sys, admin, "administrator-password"); err != nil {
				t.Fatal(err)
			}
			before := indexNames(t, db)
			start := time.Now()
			sum, err := GenerateBulk(context.Background(), db, Options{Projects: n, Seed: 5, Today: bulkToday})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d projects in %v: %+v", n, time.Since(start), sum)
			if sum.Projects != n || sum.Users != bulkUsers || sum.Teams != bulkTeams || sum.Companies != n/5 {
				t.Errorf("summary %+v: want %d projects, %d users, %d teams, %d companies", sum, n, bulkUsers, bulkTeams, n/5)
			}
			if per := float64(sum.Activities) / n; per < 8 || per > 12 {
				t.Errorf("%.1f activities per project, want about 10", per)
			}
			if per := float64(sum.Tasks) / n; per < 2.5 || per > 3.5 {
				t.Errorf("%.1f tasks per project, want about 3", per)
			}
			if sum.Rates == 0 {
				t.Error("no exchange rates")
			}
			if after := indexNames(t, db); !slices.Equal(before, after) {
				t.Errorf("indexes changed:\nbefore %v\nafter  %v", before, after)
			}
			if d == "sqlite" {
				rows, err := db.SQL().Query(`PRAGMA foreign_key_check`)
				if err != nil {
					t.Fatal(err)
				}
				if rows.Next() {
					t.Error("foreign_key_check reports broken references")
				}
				rows.Close()
			}
			var notDemo int
			for _, table := range []string{"users", "companies", "contacts", "projects", "activities", "tasks", "capital_inflows"} {
				var k int
				if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table + ` WHERE demo = ` + map[string]string{"sqlite": "0", "postgres": "false"}[d] + ` AND id <> ` + fmt.Sprint(admin.ID)).Scan(&k); err != nil {
					t.Fatal(err)
				}
				notDemo += k
			}
			if notDemo != 0 {
				t.Errorf("%d generated rows are not marked demo", notDemo)
			}

			// Every stage of the funnel is there, and every project is
			// consistent with the gates it passed and its history.
			stages := map[attract.Stage]int{}
			var cursor string
			for {
				ps, next, err := db.FindProjects(sys, attract.ProjectFilter{Sort: "code", Limit: 500, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range ps {
					stages[p.Stage]++
					if err := attract.CheckReached(p); err != nil {
						t.Errorf("project %s at %s (line %s): %v", p.Code, p.Stage, p.LineStage, err)
					}
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			for _, s := range attract.Stages {
				if stages[s] == 0 {
					t.Errorf("no project at %s: %v", s, stages)
				}
			}
			for id := int64(1); id <= 40; id++ {
				p, err := db.FindProjectByID(sys, id, ProjectEmbedsForTest...)
				if err != nil {
					t.Fatal(err)
				}
				h := p.StageHistory
				if len(h) == 0 || h[0].From != nil || h[0].To != attract.StageLead || h[len(h)-1].To != p.Stage || !h[len(h)-1].At.Equal(p.StageChangedAt) {
					t.Errorf("project %s at %s: history does not end there: %+v", p.Code, p.Stage, h)
				}
				if len(p.Activities) < 5 || len(p.Tasks) < 1 || p.Investor == nil || len(p.Contacts) == 0 {
					t.Errorf("project %s: %d activities, %d tasks, investor %v, %d contacts", p.Code, len(p.Activities), len(p.Tasks), p.Investor, len(p.Contacts))
				}
				if p.Stage.Index() >= attract.StageRegistered.Index() && (p.Enterprise == nil || p.Enterprise.USCC == "" || p.Enterprise.RegistrationDate == nil) {
					t.Errorf("project %s at %s: enterprise %+v", p.Code, p.Stage, p.Enterprise)
				}
			}
			// Text search finds generated projects by Chinese and English words.
			for _, q := range []string{"项目", "project"} {
				ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: q, Limit: 5})
				if err != nil || len(ps) == 0 {
					t.Errorf("search %q: %d found, %v", q, len(ps), err)
				}
			}

			// The store carries on after the load: new ids and codes do not
			// collide, and generated projects can be edited and moved.
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "新项目", Type: attract.TypeGreenfield}}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatalf("create after the bulk load: %v", err)
			}
			if p.ID <= n {
				t.Errorf("new project got id %d, inside the generated ones", p.ID)
			}
			officer, lead := officerAndLead(t, db)
			ctx := attract.NewContextWithUser(context.Background(), officer)
			moved, err := db.MoveStage(ctx, lead.ID, attract.StageMove{To: attract.StageContacted, Version: lead.Version})
			if err != nil {
				t.Fatalf("move a generated lead as its team's officer: %v", err)
			}
			if _, err := db.UpdateProject(ctx, moved.ID, moved.Version, attract.Patch{"next_action": []byte(`"回访"`)}); err != nil {
				t.Fatalf("update a generated project: %v", err)
			}
			a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityCall, Subject: "电话", OccurredAt: time.Now(), ProjectID: &moved.ID}}
			if err := db.CreateActivity(ctx, a); err != nil {
				t.Fatalf("log an activity: %v", err)
			}

			digests[d] = digest(t, db)
			if _, err := GenerateBulk(context.Background(), db, Options{Projects: 10, Seed: 5, Today: bulkToday}); attract.ErrorCode(err) != attract.EINVALID {
				t.Errorf("a second load into a full database: %v, want EINVALID", err)
			}
		})
	}
	if a, b := digests["sqlite"], digests["postgres"]; a != "" && b != "" && a != b {
		t.Error("the same seed gave different data on SQLite and PostgreSQL")
	}
}

// ProjectEmbedsForTest are every embed of a project.
var ProjectEmbedsForTest = sqlstore.ProjectEmbeds

// officerAndLead returns a generated lead (the newest code) and an officer
// of its team.
func officerAndLead(t *testing.T, db *sqlstore.DB) (*attract.User, *attract.Project) {
	t.Helper()
	sys := attract.NewSystemContext(context.Background())
	ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Stages: []attract.Stage{attract.StageLead}, Sort: "-code", Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("no lead: %v", err)
	}
	us, _, err := db.FindUsers(sys, attract.UserFilter{TeamID: ps[0].TeamID, Role: attract.RoleOfficer, Limit: 1})
	if err != nil || len(us) == 0 {
		t.Fatalf("no officer of team %v: %v", ps[0].TeamID, err)
	}
	return us[0], ps[0]
}

func TestGenerateBulkDeterministic(t *testing.T) {
	var digests []string
	for range 2 {
		db := sqlstore.MustOpenTestDB(t, "sqlite")
		if _, err := GenerateBulk(context.Background(), db, Options{Projects: 120, Seed: 9, Today: bulkToday}); err != nil {
			t.Fatal(err)
		}
		digests = append(digests, digest(t, db))
	}
	if digests[0] != digests[1] {
		t.Error("the same seed gave different data")
	}
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	if _, err := GenerateBulk(context.Background(), db, Options{Projects: 120, Seed: 10, Today: bulkToday}); err != nil {
		t.Fatal(err)
	}
	if digest(t, db) == digests[0] {
		t.Error("another seed gave the same data")
	}
}

func TestBulkUSCC(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range []int{0, 1, 30, 31, 961, 999_999, 5_000_000} {
		u := bulkUSCC("441200", n)
		if err := attract.ValidateUSCC(u); err != nil {
			t.Errorf("bulkUSCC(%d) = %s: %v", n, u, err)
		}
		if seen[u] {
			t.Errorf("bulkUSCC(%d) = %s repeats", n, u)
		}
		seen[u] = true
	}
}
