package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"attract"
)

// TestDesk checks that the desk shows the most urgent few of each list
// with how many there are: tasks most overdue first and soonest due,
// nothing undated, projects by their next action's due date.
func TestDesk(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := attract.NewSystemContext(context.Background())
		officer := e.users[attract.RoleOfficer]
		pr := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "德林汽车饰件肇庆工厂", OwnerID: &officer.ID, TeamID: &e.teamID}}
		if err := e.db.CreateProject(ctx, pr); err != nil {
			t.Fatal(err)
		}
		today := attract.DateOf(time.Now().In(time.FixedZone("CST", 8*60*60)))
		add := func(title string, due *attract.Date) {
			t.Helper()
			task := &attract.Task{TaskFields: attract.TaskFields{Title: title, ProjectID: &pr.ID, AssigneeID: &officer.ID, DueDate: due}}
			if err := e.db.CreateTask(ctx, task); err != nil {
				t.Fatal(err)
			}
		}
		for i := 12; i >= 1; i-- { // created least overdue last: the desk must sort, not take the oldest
			d := today.AddDays(-3 * i)
			add(fmt.Sprintf("Overdue by %d days", 3*i), &d)
		}
		for _, n := range []int{0, 5, 13, 20} {
			d := today.AddDays(n)
			add(fmt.Sprintf("Due in %d days", n), &d)
		}
		add("Someday", nil)

		page := e.as(attract.RoleOfficer).get("/").must(t, http.StatusOK)
		page.body = html.UnescapeString(page.body) // "10+" is written "10&#43;"
		page.contains(t, "Overdue (10+)", "Due in the next two weeks (3)", "The first 10 are shown", "Overdue by 36 days", "Overdue by 9 days", "Due in 0 days", "Due in 13 days")
		for _, absent := range []string{"Overdue by 6 days", "Overdue by 3 days", "Due in 20 days", "Someday"} {
			if strings.Contains(page.body, absent) {
				t.Errorf("the desk shows %q", absent)
			}
		}
		if strings.Index(page.body, "Overdue by 36 days") > strings.Index(page.body, "Overdue by 33 days") {
			t.Error("the most overdue is not first")
		}
		if strings.Contains(page.body, "The first 10 of each") {
			t.Error("the project lists say they are cut short")
		}
		page.contains(t, `<a href="/tasks">All my tasks by due date</a>`)

		// All of them, a page at a time.
		for n := 30; n < 70; n++ {
			d := today.AddDays(n)
			add(fmt.Sprintf("Due in %d days", n), &d)
		}
		b := e.as(attract.RoleOfficer)
		first := b.get("/tasks").must(t, http.StatusOK)
		first.contains(t, "My tasks by due date", "Overdue by 36 days", "Due in 20 days", "Due in 63 days", `rel="next"`)
		if strings.Contains(first.body, "Due in 64 days") || strings.Contains(first.body, "Someday") || strings.Index(first.body, "Overdue by 36 days") > strings.Index(first.body, "Overdue by 3 days") {
			t.Error("the first page of tasks: not the 50 soonest due, soonest first")
		}
		_, rest, _ := strings.Cut(first.body, `<a href="/tasks?cursor=`)
		cursor, _, _ := strings.Cut(rest, `"`)
		second := b.get("/tasks?cursor="+html.UnescapeString(cursor)).must(t, http.StatusOK)
		second.contains(t, "Due in 64 days", "Due in 69 days", `<a href="/tasks">First page</a>`)
		if strings.Contains(second.body, "Due in 63 days") || strings.Contains(second.body, `rel="next"`) {
			t.Error("the second page of tasks")
		}
		b.get("/tasks?cursor=nonsense").must(t, http.StatusOK).contains(t, "This page link is out of date", "Overdue by 36 days")

		for i := 12; i >= 1; i-- {
			due := today.AddDays(i - 6)
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: fmt.Sprintf("下一步第%d项", i), OwnerID: &officer.ID, TeamID: &e.teamID,
				NextAction: "visit", NextActionDue: &due}}
			if err := e.db.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		page = e.as(attract.RoleOfficer).get("/").must(t, http.StatusOK)
		page.contains(t, "My projects: next action due (12)", "The first 10 of each are shown.", `href="/projects?owner=me"`, "下一步第1项", "下一步第10项")
		if strings.Contains(page.body, "下一步第11项") || strings.Index(page.body, "下一步第1项") > strings.Index(page.body, "下一步第2项") {
			t.Error("next actions: not the soonest ten, soonest first")
		}
	})
}
