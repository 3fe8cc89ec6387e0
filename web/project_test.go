package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/web"
)

// projectFixture is a project with something in every section of its page:
// stage history, milestones (one late), ledger, activity, task, contacts and
// an edit in its audit history.
type projectFixture struct {
	project  *attract.Project
	investor *attract.Company
	contact  *attract.Contact
}

// projectMust returns v, or panics (failing the test) on an error from the
// store, which the test did not expect.
func projectMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func projectMoney(t testing.TB, s string) *attract.Money {
	t.Helper()
	m := projectMust(attract.ParseMoney(s, ""))
	return &m
}

func projectDate(t testing.TB, s string) *attract.Date {
	t.Helper()
	d := projectMust(attract.ParseDate(s))
	return &d
}

func newProjectFixture(t *testing.T, e *env) projectFixture {
	t.Helper()
	ctx := attract.NewSystemContext(context.Background())
	officer := e.users[attract.RoleOfficer]
	inv := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "德林汽车饰件有限公司", NameEN: "Dehlin Automotive Trim GmbH", Country: "DE"}}
	if err := e.db.CreateCompany(ctx, inv); err != nil {
		t.Fatal(err)
	}
	contact := &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &inv.ID, NameZH: "施安娜", NameEN: "Anna Schmidt",
		Title: "CFO", Email: "anna@dehlin.example", Phone: "+49 89 1234 567", WeChat: "anna_dehlin"}}
	if err := e.db.CreateContact(ctx, contact); err != nil {
		t.Fatal(err)
	}
	jobs := int64(300)
	pr := &attract.Project{ProjectFields: attract.ProjectFields{
		NameZH: "德林汽车饰件肇庆工厂", NameEN: "Dehlin Trim Plant", InvestorID: &inv.ID, SourceEconomy: "DE", Sector: "2930",
		InvestmentMode: attract.ModeWFOE, TotalInvestment: projectMoney(t, "1.2亿元"), ContractedFDI: projectMoney(t, "USD 12.5m"),
		ExpectedJobs: &jobs, OwnerID: &officer.ID, TeamID: &e.teamID, KeyProject: true, Park: "肇庆高新区",
		NextAction: "Send the land offer", NextActionDue: projectDate(t, "2024-01-10"),
		ContractPlanned: projectDate(t, "2024-03-01"), ContractActual: projectDate(t, "2024-03-20"),
		Notes: "Met at the Hannover fair.",
	}, Demo: true}
	if err := e.db.CreateProject(ctx, pr); err != nil {
		t.Fatal(err)
	}
	for _, to := range []attract.Stage{attract.StageContacted, attract.StageNegotiating} {
		pr = projectMust(e.db.MoveStage(ctx, pr.ID, attract.StageMove{To: to, Version: pr.Version, Note: "moved to " + string(to)}))
	}
	pr = projectMust(e.db.UpdateProject(ctx, pr.ID, pr.Version, attract.Patch{"name_en": []byte(`"Dehlin Zhaoqing Trim Plant"`)}))
	for _, in := range []*attract.CapitalInflow{
		{ProjectID: pr.ID, Date: *projectDate(t, "2024-05-01"), Amount: *projectMoney(t, "USD 5m"), Note: "tranche 1"},
		{ProjectID: pr.ID, Date: *projectDate(t, "2024-08-01"), Amount: *projectMoney(t, "USD 2.5m"), Note: "tranche 2"},
	} {
		if err := e.db.CreateInflow(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	pid := pr.ID
	if err := e.db.CreateActivity(ctx, &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityMeeting,
		Subject: "Negotiation on the land price", Notes: "They want 80 mu.", OccurredAt: time.Date(2024, 4, 2, 2, 0, 0, 0, time.UTC),
		ProjectID: &pid, ContactIDs: []int64{contact.ID}, UserIDs: []int64{officer.ID, e.users[attract.RoleDirector].ID}}}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateTask(ctx, &attract.Task{TaskFields: attract.TaskFields{Title: "Prepare the incentive offer",
		AssigneeID: &officer.ID, DueDate: projectDate(t, "2024-02-01"), ProjectID: &pid}}); err != nil {
		t.Fatal(err)
	}
	return projectFixture{project: pr, investor: inv, contact: contact}
}

// fieldError returns the message shown beside the control of a field.
func projectFieldError(body, name string) string {
	m := regexp.MustCompile(`<p class="field-error" id="f-` + regexp.QuoteMeta(name) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

var (
	projectTagRE  = regexp.MustCompile(`<(input|select|textarea)\b([^>]*)>`)
	projectAttrRE = regexp.MustCompile(`([a-zA-Z][\w.-]*)(?:="([^"]*)")?`)
	projectOptRE  = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
)

// formValues returns what a browser would submit from the form posting to
// action: text, hidden, date and number inputs, checked boxes and radios,
// selected options and text areas.
func projectFormValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	start := strings.Index(body, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	form := body[start:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range projectTagRE.FindAllStringSubmatchIndex(form, -1) {
		tag, attrs := form[m[2]:m[3]], form[m[4]:m[5]]
		a := map[string]string{}
		for _, am := range projectAttrRE.FindAllStringSubmatch(attrs, -1) {
			a[am[1]] = html.UnescapeString(am[2])
		}
		name := a["name"]
		if name == "" {
			continue
		}
		_, checked := a["checked"]
		switch {
		case tag == "input" && (a["type"] == "checkbox" || a["type"] == "radio"):
			if checked {
				v.Add(name, a["value"])
			}
		case tag == "input":
			v.Add(name, a["value"])
		case tag == "textarea":
			rest := form[m[1]:]
			v.Add(name, html.UnescapeString(rest[:strings.Index(rest, "</textarea>")]))
		case tag == "select":
			rest := form[m[1]:]
			rest = rest[:strings.Index(rest, "</select>")]
			value := ""
			if first := projectOptRE.FindStringSubmatch(rest); first != nil {
				value = html.UnescapeString(first[1])
			}
			for _, o := range projectOptRE.FindAllStringSubmatch(rest, -1) {
				if o[2] != "" {
					value = html.UnescapeString(o[1])
				}
			}
			v.Add(name, value)
		}
	}
	return v
}

// inputValue returns the value a control shows.
func projectInputValue(t *testing.T, body, action, name string) string {
	t.Helper()
	return projectFormValues(t, body, action).Get(name)
}

func TestProjectPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		// Logged by the officer, who went with the director: the officer
		// is named as the author, not again among the colleagues along.
		officer, director := e.users[attract.RoleOfficer], e.users[attract.RoleDirector]
		if err := e.db.CreateActivity(attract.NewContextWithUser(context.Background(), officer), &attract.Activity{ActivityFields: attract.ActivityFields{
			Kind: attract.ActivitySiteVisit, Subject: "Site visit with the director", OccurredAt: time.Date(2024, 3, 2, 2, 0, 0, 0, time.UTC),
			ProjectID: &fx.project.ID, UserIDs: []int64{officer.ID, director.ID}}}); err != nil {
			t.Fatal(err)
		}
		for _, role := range attract.Roles {
			t.Run(string(role), func(t *testing.T) {
				b := e.as(role)
				res := b.get(path).must(t, http.StatusOK)
				res.contains(t,
					"<h1>德林汽车饰件肇庆工厂</h1>", "Dehlin Zhaoqing Trim Plant", "Demo data", "Key project",
					// key facts
					"Key facts", fmt.Sprintf(`href="/companies/%d"`, fx.investor.ID), "德林汽车饰件有限公司", "Germany",
					"Manufacture of parts and accessories for motor vehicles", "CNY 120 million", "USD 12.5 million",
					"USD 7.5 million", "Test officer", "港澳招商组", "肇庆高新区",
					// stage and timeline
					"Stage and timeline", "Negotiating", "Late: 19 days", "2024-03-01", "2024-03-20",
					"Contacted → Negotiating", "moved to negotiating", "Created at Lead",
					// activities, tasks, contacts
					"Negotiation on the land price", "They want 80 mu.", "2024-04-02 10:00", fmt.Sprintf(`href="/contacts/%d"`, fx.contact.ID),
					" · with Test director, Test officer", // the staff in one list, by name
					"Prepare the incentive offer", "late, due 2024-02-01", "Send the land offer", "late, due 2024-01-10",
					"anna@dehlin.example", "49 89 1234 567", `href="tel:`, "anna_dehlin", "CFO",
					// ledger with running sums
					"Utilized foreign capital: ledger", "USD 5 million", "tranche 2",
					// audit history with a field-level diff
					"Change history", "Name in English", "<del>Dehlin Trim Plant</del>", "<ins>Dehlin Zhaoqing Trim Plant</ins>",
				)
				// Late is said in words, not by colour alone.
				if !strings.Contains(res.body, `<span class="badge late"><span aria-hidden="true">▲ </span>Late: 19 days</span>`) {
					t.Error("the late milestone lacks its text marker")
				}
				writer := role == attract.RoleAdmin || role == attract.RoleDirector || role == attract.RoleOfficer
				forms := []string{path + "/activities", path + "/tasks", path + "/inflows", path + "/stage", path + "/edit", path + "/archive"}
				for _, f := range forms {
					if has := strings.Contains(res.body, `action="`+f+`"`) || strings.Contains(res.body, `href="`+f+`"`); has != writer {
						t.Errorf("%s sees the form %s: %v, want %v", role, f, has, writer)
					}
				}
			})
		}
		t.Run("zh", func(t *testing.T) {
			b := e.as(attract.RoleViewer)
			b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
			de, _ := attract.CountryByCode("DE")
			b.get(path).must(t, http.StatusOK).contains(t,
				"基本信息", "阶段与时间节点", "活动记录", "任务", "联系人", "实际使用外资台账", "修改记录",
				"1.2亿元", "1250万美元", "750万美元", de.Name("zh"), "汽车、挂车和半挂车的制造", "延误 19 天", "在谈",
				"已接洽 → 在谈", "演示数据", "重点项目", "英文名称",
				" · 同行：Test director、Test officer", // the staff joined as Chinese lists are
				" · 同行：Test director</div>",        // the author not named twice
			)
		})
	})
}

func TestProjectPageNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleViewer)
		b.get("/projects/999999").must(t, http.StatusNotFound)
		b.get("/projects/abc").must(t, http.StatusNotFound)
	})
}

func projectCountActivities(t *testing.T, e *env, projectID int64) int {
	t.Helper()
	as := projectMust(func() ([]*attract.Activity, error) {
		as, _, err := e.db.FindActivities(attract.NewSystemContext(context.Background()), attract.ActivityFilter{ProjectID: &projectID, Limit: 500})
		return as, err
	}())
	return len(as)
}

func TestProjectQuickLog(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		b := e.as(attract.RoleOfficer)

		// The form offers the project's contacts and defaults to now.
		page := b.get(path).must(t, http.StatusOK)
		form := projectFormValues(t, page.body, path+"/activities")
		if form.Get("kind") != "call" || form.Get("occurred_at") == "" {
			t.Errorf("quick-log defaults: %v", form)
		}
		page.contains(t, fmt.Sprintf(`name="contact_ids" value="%d"`, fx.contact.ID))

		// A bad kind and a missing subject: errors beside the fields, the
		// input kept, nothing written.
		before := projectCountActivities(t, e, fx.project.ID)
		bad := url.Values{"kind": {"lunch"}, "subject": {"  "}, "occurred_at": {"2025-03-04T10:30"}, "notes": {"Walked the parcel"},
			"contact_ids": {strconv.FormatInt(fx.contact.ID, 10)}}
		res := b.post(path+"/activities", bad).must(t, http.StatusBadRequest)
		if msg := projectFieldError(res.body, "kind"); !strings.Contains(msg, "must be one of") {
			t.Errorf("kind error %q", msg)
		}
		if msg := projectFieldError(res.body, "subject"); msg != "is required" {
			t.Errorf("subject error %q", msg)
		}
		kept := projectFormValues(t, res.body, path+"/activities")
		if kept.Get("notes") != "Walked the parcel" || kept.Get("occurred_at") != "2025-03-04T10:30" || kept.Get("kind") != "lunch" ||
			kept.Get("contact_ids") != strconv.FormatInt(fx.contact.ID, 10) {
			t.Errorf("input not kept: %v", kept)
		}
		res.contains(t, `role="alert"`, "Key facts") // the whole page, with the summary
		if n := projectCountActivities(t, e, fx.project.ID); n != before {
			t.Errorf("a refused activity was written: %d → %d", before, n)
		}

		// A time that is not one.
		res = b.post(path+"/activities", url.Values{"kind": {"call"}, "subject": {"Call"}, "occurred_at": {"soon"}}).must(t, http.StatusBadRequest)
		if projectFieldError(res.body, "occurred_at") == "" {
			t.Error("no error beside the time")
		}

		// A good one is logged, in China Standard Time, and shown.
		good := url.Values{"kind": {"site_visit"}, "subject": {"Site visit with Anna"}, "occurred_at": {"2025-03-04T10:30"},
			"notes": {"Walked the parcel"}, "contact_ids": {strconv.FormatInt(fx.contact.ID, 10)}}
		res = b.post(path+"/activities", good).must(t, http.StatusSeeOther)
		if !strings.HasPrefix(res.location, path+"?done=activity") {
			t.Errorf("redirect to %q", res.location)
		}
		if n := projectCountActivities(t, e, fx.project.ID); n != before+1 {
			t.Fatalf("activities %d → %d", before, n)
		}
		pid := fx.project.ID
		as, _, _ := e.db.FindActivities(attract.NewSystemContext(context.Background()), attract.ActivityFilter{ProjectID: &pid, Limit: 1})
		if got, want := as[0].OccurredAt, time.Date(2025, 3, 4, 2, 30, 0, 0, time.UTC); !got.Equal(want) || len(as[0].ContactIDs) != 1 {
			t.Errorf("stored %v with contacts %v, want %v", got, as[0].ContactIDs, want)
		}
		page = b.get(res.location).must(t, http.StatusOK)
		page.contains(t, "The activity is logged.", "Site visit with Anna", "2025-03-04 10:30", "Site visit")
		// Newest first.
		if strings.Index(page.body, "Site visit with Anna") > strings.Index(page.body, "Negotiation on the land price") {
			t.Error("the feed is not newest first")
		}
	})
}

// TestUserPickerKept checks the task form's assignee picker, whose options
// are rendered once per language and kept: each user finds themselves
// chosen in their own language, a rename, a disabled user or a namesake
// shows at once, and a value that is no user's id is shown where it was
// posted and kept nowhere.
func TestUserPickerKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		officer, director, viewer := e.users[attract.RoleOfficer], e.users[attract.RoleDirector], e.users[attract.RoleViewer]
		picker := func(body string) string {
			t.Helper()
			_, rest, ok := strings.Cut(body, `<select id="f-assignee_id"`)
			if !ok {
				t.Fatal("no assignee picker")
			}
			return rest[:strings.Index(rest, "</select>")]
		}
		chosen := func(b *browser) (string, string) {
			t.Helper()
			body := b.get(path).must(t, http.StatusOK).body
			return projectFormValues(t, body, path+"/tasks").Get("assignee_id"), picker(body)
		}
		option := func(u *attract.User, name string) string {
			return fmt.Sprintf(`<option value="%d">%s</option>`, u.ID, name)
		}
		id := func(u *attract.User) string { return strconv.FormatInt(u.ID, 10) }

		ob, db := e.as(attract.RoleOfficer), e.as(attract.RoleDirector)
		db.post("/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
		for range 2 { // the second time from what is kept
			if got, options := chosen(ob); got != id(officer) || !strings.Contains(options, `<option value="">— none —</option>`) ||
				!strings.Contains(options, option(director, director.Name)) || !strings.Contains(options, option(viewer, viewer.Name)) {
				t.Errorf("officer: chosen %q, want %q; options %s", got, id(officer), options)
			}
			if got, options := chosen(db); got != id(director) || !strings.Contains(options, `<option value="">— 无 —</option>`) ||
				!strings.Contains(options, option(officer, officer.Name)) {
				t.Errorf("director, in Chinese: chosen %q, want %q; options %s", got, id(director), options)
			}
		}

		ctx := attract.NewSystemContext(context.Background())
		now := projectMust(e.db.FindUserByID(ctx, director.ID)) // the language switch changed it
		if _, err := e.db.UpdateUser(ctx, director.ID, now.Version, attract.Patch{"name": []byte(`"欧阳明"`)}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.UpdateUser(ctx, viewer.ID, viewer.Version, attract.Patch{"disabled": []byte(`true`)}); err != nil {
			t.Fatal(err)
		}
		if _, options := chosen(ob); !strings.Contains(options, option(director, "欧阳明")) || strings.Contains(options, director.Name) || strings.Contains(options, viewer.Name) {
			t.Errorf("after a rename and a disabled user: %s", options)
		}
		namesake := &attract.User{Username: "ouyang.ming2", Name: "欧阳明", Role: attract.RoleOfficer, TeamID: &e.teamID, Language: "en"}
		if err := e.db.CreateUser(ctx, namesake, testPassword); err != nil {
			t.Fatal(err)
		}
		if _, options := chosen(ob); !strings.Contains(options, option(director, "欧阳明 ("+director.Username+")")) || !strings.Contains(options, option(namesake, "欧阳明 (ouyang.ming2)")) {
			t.Errorf("two users of one name are not told apart: %s", options)
		}

		for _, v := range []string{"999999", "0" + id(officer)} {
			res := ob.post(path+"/tasks", url.Values{"title": {""}, "assignee_id": {v}}).must(t, http.StatusBadRequest)
			if got := projectFormValues(t, res.body, path+"/tasks").Get("assignee_id"); got != v {
				t.Errorf("refused form: chosen %q, want the posted %q", got, v)
			}
		}
		if got, options := chosen(ob); got != id(officer) || strings.Contains(options, "999999") {
			t.Errorf("after a refused form: chosen %q; options %s", got, options)
		}
		if n := web.PickersKept(e.ui); n != 1 {
			t.Errorf("%d pickers kept, want 1 (English)", n)
		}
	})
}

func TestProjectAddTask(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		b := e.as(attract.RoleOfficer)
		director := strconv.FormatInt(e.users[attract.RoleDirector].ID, 10)

		res := b.post(path+"/tasks", url.Values{"title": {""}, "assignee_id": {director}, "due_date": {"next week"}}).must(t, http.StatusBadRequest)
		if projectFieldError(res.body, "title") == "" || projectFieldError(res.body, "due_date") == "" {
			t.Errorf("errors: title %q, due %q", projectFieldError(res.body, "title"), projectFieldError(res.body, "due_date"))
		}
		if kept := projectFormValues(t, res.body, path+"/tasks"); kept.Get("assignee_id") != director || kept.Get("due_date") != "next week" {
			t.Errorf("input not kept: %v", kept)
		}

		res = b.post(path+"/tasks", url.Values{"title": {"Book the land committee"}, "assignee_id": {director}, "due_date": {"2030-04-01"}}).must(t, http.StatusSeeOther)
		page := b.get(res.location).must(t, http.StatusOK)
		page.contains(t, "The task is added.", "Book the land committee", "due 2030-04-01", "Test director")
		// Open tasks come first, and the new one is after the late one (by due date).
		if strings.Index(page.body, "Prepare the incentive offer") > strings.Index(page.body, "Book the land committee") {
			t.Error("tasks are not ordered by due date")
		}

		// Mark done goes back to the page.
		pid := fx.project.ID
		ts, _, _ := e.db.FindTasks(attract.NewSystemContext(context.Background()), attract.TaskFilter{ProjectID: &pid, Limit: 10})
		var task *attract.Task
		for _, x := range ts {
			if x.Title == "Book the land committee" {
				task = x
			}
		}
		if task == nil {
			t.Fatal("the task was not stored")
		}
		form := projectFormValues(t, page.body, fmt.Sprintf("/tasks/%d/done", task.ID))
		res = b.post(fmt.Sprintf("/tasks/%d/done", task.ID), form).must(t, http.StatusSeeOther)
		if res.location != path+"#tasks" {
			t.Errorf("mark done goes to %q", res.location)
		}
		if got := projectMust(e.db.FindTaskByID(attract.NewSystemContext(context.Background()), task.ID)); got.Status != attract.TaskDone {
			t.Errorf("task status %s", got.Status)
		}
	})
}

func TestProjectLedger(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		ctx := attract.NewSystemContext(context.Background())
		b := e.as(attract.RoleOfficer)

		res := b.post(path+"/inflows", url.Values{"date": {"2025-01-15"}, "amount": {"lots"}, "note": {"tranche 3"}}).must(t, http.StatusBadRequest)
		if msg := projectFieldError(res.body, "amount"); !strings.Contains(msg, "lots") {
			t.Errorf("amount error %q", msg)
		}
		if kept := projectFormValues(t, res.body, path+"/inflows"); kept.Get("amount") != "lots" || kept.Get("note") != "tranche 3" || kept.Get("date") != "2025-01-15" {
			t.Errorf("input not kept: %v", kept)
		}
		if ins := projectMust(e.db.FindInflows(ctx, fx.project.ID)); len(ins) != 2 {
			t.Errorf("a refused inflow was written: %d entries", len(ins))
		}

		res = b.post(path+"/inflows", url.Values{"date": {"2025-01-15"}, "amount": {"USD 1m"}, "note": {"tranche 3"}}).must(t, http.StatusSeeOther)
		b.get(res.location).must(t, http.StatusOK).contains(t, "The ledger entry is added.", "tranche 3", "USD 1 million", "USD 8.5 million")
		ins := projectMust(e.db.FindInflows(ctx, fx.project.ID))
		if len(ins) != 3 {
			t.Fatalf("%d entries", len(ins))
		}

		// Delete the first entry, as a correction.
		del := fmt.Sprintf("/inflows/%d/delete", ins[0].ID)
		form := projectFormValues(t, b.get(path).body, del)
		res = b.post(del, form).must(t, http.StatusSeeOther)
		if res.location != path+"?done=inflowdel#ledger" {
			t.Errorf("delete goes to %q", res.location)
		}
		if left := projectMust(e.db.FindInflows(ctx, fx.project.ID)); len(left) != 2 {
			t.Errorf("%d entries after delete", len(left))
		}
		page := b.get(path).must(t, http.StatusOK)
		page.contains(t, "USD 3.5 million") // 2.5m + 1m
		if strings.Contains(page.body, "tranche 1") {
			t.Error("the deleted entry is still shown")
		}
		// A second delete of the same entry finds nothing.
		b.post(del, form).must(t, http.StatusNotFound)
	})
}

func TestProjectCreate(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		ctx := attract.NewSystemContext(context.Background())
		b := e.as(attract.RoleOfficer)

		page := b.get("/projects/new").must(t, http.StatusOK)
		page.contains(t, `<optgroup label="C Manufacturing">`, `<option value="2930">`, `list="pf-companies"`, "Hong Kong, China (HK)")
		form := projectFormValues(t, page.body, "/projects")
		if form.Get("owner_id") != strconv.FormatInt(e.users[attract.RoleOfficer].ID, 10) || form.Get("type") != "greenfield" {
			t.Errorf("defaults: owner %q, type %q", form.Get("owner_id"), form.Get("type"))
		}

		// Missing name, an amount that is not one, an unknown economy.
		form.Set("name_zh", "")
		form.Set("name_en", "")
		form.Set("total_investment", "lots")
		form.Set("source_economy", "XX")
		form.Set("park", "肇庆高新区")
		form.Set("next_action", "Call Anna")
		res := b.post("/projects", form).must(t, http.StatusBadRequest)
		for _, f := range []string{"name_zh", "total_investment", "source_economy"} {
			if projectFieldError(res.body, f) == "" {
				t.Errorf("no error beside %s", f)
			}
		}
		res.contains(t, `class="form-errors" role="alert"`, `href="#f-total_investment"`)
		kept := projectFormValues(t, res.body, "/projects")
		for k, want := range map[string]string{"total_investment": "lots", "source_economy": "XX", "park": "肇庆高新区", "next_action": "Call Anna"} {
			if kept.Get(k) != want {
				t.Errorf("%s kept as %q, want %q", k, kept.Get(k), want)
			}
		}
		// An investor nobody knows.
		form.Set("name_zh", "新项目")
		form.Set("total_investment", "1.2亿元")
		form.Set("source_economy", "HK")
		form.Set("investor_id", "No Such Company Ltd")
		res = b.post("/projects", form).must(t, http.StatusBadRequest)
		if !strings.Contains(projectFieldError(res.body, "investor_id"), "No Such Company Ltd") {
			t.Errorf("investor error %q", projectFieldError(res.body, "investor_id"))
		}
		// An owner and team the officer may not give the project to: refused
		// beside those fields, the input kept.
		other := &attract.Team{Name: "欧美招商组"}
		if err := e.db.CreateTeam(ctx, other); err != nil {
			t.Fatal(err)
		}
		officerID := form.Get("owner_id")
		form.Set("investor_id", fx.investor.NameZH)
		form.Set("owner_id", strconv.FormatInt(e.users[attract.RoleDirector].ID, 10))
		form.Set("team_id", strconv.FormatInt(other.ID, 10))
		res = b.post("/projects", form).must(t, http.StatusForbidden)
		if projectFieldError(res.body, "owner_id") == "" {
			t.Error("no error beside the owner")
		}
		if kept := projectFormValues(t, res.body, "/projects"); kept.Get("name_zh") != "新项目" || kept.Get("investor_id") != fx.investor.NameZH {
			t.Errorf("input not kept: %v", kept)
		}
		form.Set("owner_id", officerID)
		form.Set("team_id", strconv.FormatInt(e.teamID, 10))
		if ps, _, _ := e.db.FindProjects(ctx, attract.ProjectFilter{Limit: 10}); len(ps) != 1 {
			t.Fatalf("a refused project was written: %d projects", len(ps))
		}

		// Right: the project is created with what was typed.
		form.Set("investor_id", fx.investor.NameZH)
		form.Set("sector", "2930")
		form.Set("contract_planned", "2026-06-30")
		form.Set("key_project", "true")
		res = b.post("/projects", form).must(t, http.StatusSeeOther)
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(res.location, "/projects/"), "?done=created"), 10, 64)
		if err != nil {
			t.Fatalf("redirect to %q", res.location)
		}
		pr := projectMust(e.db.FindProjectByID(ctx, id))
		if pr.NameZH != "新项目" || pr.InvestorID == nil || *pr.InvestorID != fx.investor.ID || pr.SourceEconomy != "HK" ||
			pr.TotalInvestment == nil || *pr.TotalInvestment != *projectMoney(t, "1.2亿元") || pr.Park != "肇庆高新区" || !pr.KeyProject ||
			pr.ContractPlanned == nil || pr.ContractPlanned.String() != "2026-06-30" || pr.Sector != "2930" {
			t.Errorf("created %+v", pr.ProjectFields)
		}
		b.get(res.location).must(t, http.StatusOK).contains(t, "The project is created.", "新项目")
	})
}

func TestProjectEdit(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		ctx := attract.NewSystemContext(context.Background())
		edit := fmt.Sprintf("/projects/%d/edit", fx.project.ID)
		b := e.as(attract.RoleOfficer)

		page := b.get(edit).must(t, http.StatusOK)
		form := projectFormValues(t, page.body, edit)
		if form.Get("version") != strconv.FormatInt(fx.project.Version, 10) || form.Get("investor_id") != fx.investor.NameZH ||
			form.Get("total_investment") != "CNY 120 million" || form.Get("key_project") != "true" {
			t.Errorf("form filled with %v", form)
		}

		// A bad amount: refused beside the field, nothing saved.
		bad := projectCloneValues(form)
		bad.Set("contracted_fdi", "a lot of dollars")
		bad.Set("expected_jobs", "350")
		res := b.post(edit, bad).must(t, http.StatusBadRequest)
		if projectFieldError(res.body, "contracted_fdi") == "" {
			t.Error("no error beside contracted_fdi")
		}
		if v := projectInputValue(t, res.body, edit, "expected_jobs"); v != "350" {
			t.Errorf("jobs kept as %q", v)
		}
		if pr := projectMust(e.db.FindProjectByID(ctx, fx.project.ID)); pr.Version != fx.project.Version {
			t.Error("a refused edit was saved")
		}

		form.Set("expected_jobs", "350")
		form.Set("contracted_fdi", "USD 15m")
		form.Set("key_project", "")
		form.Del("key_project") // an unticked box is not sent
		res = b.post(edit, form).must(t, http.StatusSeeOther)
		pr := projectMust(e.db.FindProjectByID(ctx, fx.project.ID))
		if *pr.ExpectedJobs != 350 || *pr.ContractedFDI != *projectMoney(t, "USD 15m") || pr.KeyProject || pr.InvestorID == nil ||
			*pr.InvestorID != fx.investor.ID || pr.NameEN != "Dehlin Zhaoqing Trim Plant" {
			t.Errorf("saved %+v", pr.ProjectFields)
		}
		b.get(res.location).must(t, http.StatusOK).contains(t, "The project is saved.", "<del>300</del>", "<ins>350</ins>")
	})
}

func projectCloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestProjectEditConflict: two people edit the same project; the second to
// save sees what the first changed beside their own input, keeps all of it,
// resolves field by field and saves both intentions.
func TestProjectEditConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		edit := fmt.Sprintf("/projects/%d/edit", fx.project.ID)
		officer := e.as(attract.RoleOfficer)

		// The officer opens the form.
		form := projectFormValues(t, officer.get(edit).must(t, http.StatusOK).body, edit)
		loaded := form.Get("version")

		// Meanwhile the director saves a change to two fields.
		director := attract.NewContextWithUser(context.Background(), e.users[attract.RoleDirector])
		if _, err := e.db.UpdateProject(director, fx.project.ID, fx.project.Version, attract.Patch{
			"name_en": []byte(`"Dehlin Trim (Zhaoqing) Co."`), "next_action": []byte(`"Director: call the mayor's office"`),
		}); err != nil {
			t.Fatal(err)
		}

		// The officer changes the Chinese name and the next action, and saves.
		form.Set("name_zh", "德林饰件（肇庆）工厂")
		form.Set("next_action", "Officer: send the land offer by Friday")
		form.Set("notes", "Long notes the officer typed\nover two lines.")
		res := officer.post(edit, form).must(t, http.StatusConflict)
		res.contains(t, "Someone else saved this project while you were editing",
			"Test director", "Dehlin Trim (Zhaoqing) Co.", "Director: call the mayor&#39;s office",
			`name="choice.name_en"`, `name="choice.next_action"`, "You both changed this field.")
		if strings.Contains(res.body, `name="choice.name_zh"`) {
			t.Error("a field only the officer changed is shown as a conflict")
		}
		// Everything the officer typed is still in the form.
		kept := projectFormValues(t, res.body, edit)
		for k, want := range map[string]string{
			"name_zh": "德林饰件（肇庆）工厂", "next_action": "Officer: send the land offer by Friday",
			"notes": "Long notes the officer typed\nover two lines.",
		} {
			if kept.Get(k) != want {
				t.Errorf("%s kept as %q, want %q", k, kept.Get(k), want)
			}
		}
		// The form now carries the current version; the defaults take the
		// director's change where only they changed, keep the officer's
		// where both did.
		if kept.Get("version") == loaded {
			t.Error("the version was not moved on")
		}
		if kept.Get("choice.name_en") != "theirs" || kept.Get("choice.next_action") != "mine" {
			t.Errorf("default choices: name_en %q, next_action %q", kept.Get("choice.name_en"), kept.Get("choice.next_action"))
		}

		// Saving again with those choices keeps both intentions.
		officer.post(edit, kept).must(t, http.StatusSeeOther)
		pr := projectMust(e.db.FindProjectByID(attract.NewSystemContext(context.Background()), fx.project.ID))
		if pr.NameZH != "德林饰件（肇庆）工厂" || pr.NameEN != "Dehlin Trim (Zhaoqing) Co." ||
			pr.NextAction != "Officer: send the land offer by Friday" || pr.Notes != "Long notes the officer typed\nover two lines." {
			t.Errorf("after resolving: zh %q, en %q, next %q, notes %q", pr.NameZH, pr.NameEN, pr.NextAction, pr.Notes)
		}

		// Once more, now taking the other person's value where both changed.
		form = projectFormValues(t, officer.get(edit).body, edit)
		if _, err := e.db.UpdateProject(director, pr.ID, pr.Version, attract.Patch{"park": []byte(`"四会市"`)}); err != nil {
			t.Fatal(err)
		}
		form.Set("park", "高要区")
		kept = projectFormValues(t, officer.post(edit, form).must(t, http.StatusConflict).body, edit)
		if kept.Get("park") != "高要区" || kept.Get("choice.park") != "mine" {
			t.Fatalf("second conflict: park %q, choice %q", kept.Get("park"), kept.Get("choice.park"))
		}
		kept.Set("choice.park", "theirs")
		officer.post(edit, kept).must(t, http.StatusSeeOther)
		if pr := projectMust(e.db.FindProjectByID(attract.NewSystemContext(context.Background()), fx.project.ID)); pr.Park != "四会市" {
			t.Errorf("take theirs saved park %q", pr.Park)
		}
	})
}

func TestProjectFormsForbidden(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		for _, role := range []attract.Role{attract.RoleViewer, attract.RoleIntegrity} {
			b := e.as(role)
			b.get("/projects/new").must(t, http.StatusForbidden)
			b.get(path+"/edit").must(t, http.StatusForbidden)
			for _, post := range []string{"/projects", path + "/edit", path + "/activities", path + "/tasks", path + "/inflows", path + "/archive", path + "/restore"} {
				b.post(post, url.Values{"version": {"1"}, "name_zh": {"x"}, "subject": {"x"}, "kind": {"call"}}).must(t, http.StatusForbidden)
			}
		}
		if n := projectCountActivities(t, e, fx.project.ID); n != 1 {
			t.Errorf("%d activities after refused posts", n)
		}
		// An officer of another team may read the project but not edit it.
		ctx := attract.NewSystemContext(context.Background())
		other := &attract.User{Username: "officer2", Name: "Other officer", Role: attract.RoleOfficer, Language: "en"}
		if err := e.db.CreateUser(ctx, other, testPassword); err != nil {
			t.Fatal(err)
		}
		b := e.anonymous()
		b.post("/login", url.Values{"username": {"officer2"}, "password": {testPassword}}).must(t, http.StatusSeeOther)
		page := b.get(path).must(t, http.StatusOK)
		if strings.Contains(page.body, `action="`+path+`/activities"`) {
			t.Error("an officer of another team is offered the quick-log form")
		}
		b.get(path+"/edit").must(t, http.StatusForbidden)
		b.post(path+"/activities", url.Values{"kind": {"call"}, "subject": {"x"}, "occurred_at": {"2025-01-01T10:00"}}).must(t, http.StatusForbidden)
	})
}

func TestProjectArchive(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newProjectFixture(t, e)
		ctx := attract.NewSystemContext(context.Background())
		path := fmt.Sprintf("/projects/%d", fx.project.ID)
		b := e.as(attract.RoleOfficer)

		form := projectFormValues(t, b.get(path).body, path+"/archive")
		// A stale version is a conflict.
		b.post(path+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusConflict)
		res := b.post(path+"/archive", form).must(t, http.StatusSeeOther)
		page := b.get(res.location).must(t, http.StatusOK)
		page.contains(t, "The project is archived.", `<span class="badge late">Archived</span>`, `action="`+path+`/restore"`)
		if pr := projectMust(e.db.FindProjectByID(ctx, fx.project.ID)); pr.ArchivedAt == nil {
			t.Fatal("not archived")
		}
		res = b.post(path+"/restore", projectFormValues(t, page.body, path+"/restore")).must(t, http.StatusSeeOther)
		b.get(res.location).must(t, http.StatusOK).contains(t, "The project is restored.", "archived the project", "restored the project")
		if pr := projectMust(e.db.FindProjectByID(ctx, fx.project.ID)); pr.ArchivedAt != nil {
			t.Error("not restored")
		}
	})
}
