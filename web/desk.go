package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"attract"
)

var _ = register(map[string]message{
	"desk.title":        {"My desk", "我的工作台"},
	"desk.hello":        {"Good day, %s.", "%s，您好。"},
	"desk.tasks":        {"My tasks", "我的任务"},
	"desk.overdue":      {"Overdue", "已逾期"},
	"desk.upcoming":     {"Due in the next two weeks", "两周内到期"},
	"desk.nodue":        {"No due date", "无截止日期"},
	"desk.first":        {"The first %d are shown.", "仅显示最前的 %d 项。"},
	"desk.alltasks":     {"All my tasks by due date", "按截止日期查看我的全部任务"},
	"desk.firstproj":    {"The first %d of each are shown.", "每类仅显示最前的 %d 项。"},
	"desk.myprojects":   {"All my projects", "我的全部项目"},
	"desk.nextactions":  {"My projects: next action due", "我的项目：下一步行动到期"},
	"desk.late":         {"Leads late on the service clock", "服务时限已超期的线索"},
	"desk.stale":        {"Stale projects: no activity for 30 days", "停滞项目：30 天无活动"},
	"desk.team":         {"My team's recent activity", "团队近期活动"},
	"desk.nothing":      {"Nothing due. Well done.", "暂无到期事项。"},
	"desk.due":          {"due %s", "%s 到期"},
	"desk.lastactivity": {"last activity %s", "最近活动 %s"},
	"desk.noactivity":   {"no activity yet", "尚无活动"},
	"desk.markdone":     {"Done", "完成"},
	"step.acknowledge":  {"Acknowledge the lead", "确认受理线索"},
	"step.assess":       {"Assess the lead", "评估线索"},
	"step.feedback":     {"Give the investor feedback", "向投资方反馈"},
	"step.report":       {"Report to the investor", "向投资方通报进展"},
})

// deskTask is a task with the name of its project.
type deskTask struct {
	*attract.Task
	Project string
	Late    bool
}

// deskProject is a project with why it is on the desk.
type deskProject struct {
	*attract.Project
	Step string // a service step, for late leads
	Due  time.Time
}

// deskActivity is an activity with its project's and author's names.
type deskActivity struct {
	*attract.Activity
	Project string
	Author  string
}

type deskData struct {
	Overdue, Upcoming []deskTask
	// OverdueCount and UpcomingCount are how many there are: "10+" when
	// more than the desk shows.
	OverdueCount, UpcomingCount string
	First                       string // the note under a list cut short
	// NextCount, LateCount and StaleCount count the project lists likewise,
	// "+" when the officer has more projects than the desk reads.
	NextCount, LateCount, StaleCount string
	FirstProjects                    string
	NextActions                      []*attract.Project
	LateLeads                        []deskProject
	Stale                            []*attract.Project
	Team                             []deskActivity
	Today                            attract.Date
}

// activeStages are those in which a project is being worked.
var activeStages = []attract.Stage{attract.StageLead, attract.StageContacted, attract.StageNegotiating,
	attract.StageSigned, attract.StageRegistered, attract.StageConstruction}

func (h *Handler) deskPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	me := p.User
	now := h.DB.Now()
	today := attract.AgencyDate(now)
	soon := today.AddDays(dueSoonDays)
	d := deskData{Today: today}

	// The most overdue tasks and the soonest due, a few of each: an officer
	// of a large agency may have hundreds.
	yesterday := today.AddDays(-1)
	overdue, moreOverdue, err := h.DB.FindTasks(ctx, attract.TaskFilter{AssigneeID: &me.ID, Status: attract.TaskOpen, DueTo: &yesterday, Sort: "due_date", Limit: deskShown})
	if err != nil {
		return err
	}
	upcoming, moreUpcoming, err := h.DB.FindTasks(ctx, attract.TaskFilter{AssigneeID: &me.ID, Status: attract.TaskOpen, DueFrom: &today, DueTo: &soon, Sort: "due_date", Limit: deskShown})
	if err != nil {
		return err
	}
	d.OverdueCount, d.UpcomingCount = deskCount(len(overdue), moreOverdue), deskCount(len(upcoming), moreUpcoming)
	if moreOverdue != "" || moreUpcoming != "" {
		d.First = p.T("desk.first", deskShown)
	}
	tasks := slices.Concat(overdue, upcoming)

	mine, moreMine, err := h.DB.FindProjects(ctx, attract.ProjectFilter{OwnerID: &me.ID, Stages: activeStages, Limit: 500})
	if err != nil {
		return err
	}
	week := today.AddDays(7)
	for _, pr := range mine {
		if pr.NextActionDue != nil && !week.Before(*pr.NextActionDue) {
			d.NextActions = append(d.NextActions, pr)
		}
		if c, ok := attract.ServiceClockOf(pr); ok && c.Late(now) {
			d.LateLeads = append(d.LateLeads, deskProject{pr, p.T("step." + string(c.Step)), c.Due})
		}
		if now.Sub(lastWorked(pr)) > 30*24*time.Hour {
			d.Stale = append(d.Stale, pr)
		}
	}
	slices.SortFunc(d.NextActions, func(a, b *attract.Project) int { return a.NextActionDue.Time().Compare(b.NextActionDue.Time()) })
	slices.SortFunc(d.LateLeads, func(a, b deskProject) int { return a.Due.Compare(b.Due) })
	slices.SortFunc(d.Stale, func(a, b *attract.Project) int { return lastWorked(a).Compare(lastWorked(b)) })
	d.NextCount, d.LateCount, d.StaleCount = deskCount(len(d.NextActions), moreMine), deskCount(len(d.LateLeads), moreMine), deskCount(len(d.Stale), moreMine)
	if moreMine != "" || max(len(d.NextActions), len(d.LateLeads), len(d.Stale)) > deskShown {
		d.FirstProjects = p.T("desk.firstproj", deskShown)
	}
	d.NextActions = d.NextActions[:min(len(d.NextActions), deskShown)]
	d.LateLeads = d.LateLeads[:min(len(d.LateLeads), deskShown)]
	d.Stale = d.Stale[:min(len(d.Stale), deskShown)]

	f := attract.ActivityFilter{TeamID: me.TeamID, Limit: 15}
	if me.TeamID == nil {
		f = attract.ActivityFilter{UserID: &me.ID, Limit: 15}
	}
	acts, _, err := h.DB.FindActivities(ctx, f)
	if err != nil {
		return err
	}

	// The names of the projects and people referred to.
	names, err := h.projectNames(r, tasks, acts)
	if err != nil {
		return err
	}
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	for _, t := range overdue {
		d.Overdue = append(d.Overdue, deskTask{Task: t, Project: names[ptrID(t.ProjectID)], Late: true})
	}
	for _, t := range upcoming {
		d.Upcoming = append(d.Upcoming, deskTask{Task: t, Project: names[ptrID(t.ProjectID)]})
	}
	for _, a := range acts {
		d.Team = append(d.Team, deskActivity{a, names[ptrID(a.ProjectID)], staff.userName(a.CreatedBy)})
	}
	p.Title = p.T("desk.title")
	p.Data = d
	return h.render(w, http.StatusOK, "desk.html", p)
}

// dueSoonDays is how far ahead a task is due soon: the desk lists it, and
// it is marked so on the desk and on My tasks.
const dueSoonDays = 14

// deskShown is how many items of each list the desk shows, the most
// urgent: an officer of a large agency may have hundreds.
const deskShown = 10

// deskCount is the count of a list of n shown, "n+" when more follow.
func deskCount(n int, next string) string {
	if next != "" {
		return strconv.Itoa(n) + "+"
	}
	return strconv.Itoa(n)
}

// lastWorked is when a project last saw an activity or, without one, a
// change of stage.
func lastWorked(pr *attract.Project) time.Time {
	if pr.LastActivityAt != nil {
		return *pr.LastActivityAt
	}
	return pr.StageChangedAt
}

func ptrID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// projectNames returns the display names of the projects tasks and
// activities refer to, archived ones included: a page's worth, up to 500.
func (h *Handler) projectNames(r *http.Request, tasks []*attract.Task, acts []*attract.Activity) (map[int64]string, error) {
	var ids []int64
	for _, t := range tasks {
		if t.ProjectID != nil {
			ids = append(ids, *t.ProjectID)
		}
	}
	for _, a := range acts {
		if a.ProjectID != nil {
			ids = append(ids, *a.ProjectID)
		}
	}
	names := map[int64]string{}
	for _, archived := range []bool{false, true} {
		if ids = missingNames(ids, names); len(ids) == 0 {
			break
		}
		ps, _, err := h.DB.FindProjects(r.Context(), attract.ProjectFilter{IDs: ids, Archived: archived, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			names[p.ID] = p.DisplayName()
		}
	}
	return names, nil
}

// contactNames adds to names the display names of the contacts of ids
// (a page's worth, up to 500), archived ones included; the ids already
// there are not looked up.
func (h *Handler) contactNames(ctx context.Context, ids []int64, names map[int64]string) error {
	for _, archived := range []bool{false, true} {
		if ids = missingNames(ids, names); len(ids) == 0 {
			break
		}
		cs, _, err := h.DB.FindContacts(ctx, attract.ContactFilter{IDs: ids, Archived: archived, Limit: len(ids)})
		if err != nil {
			return err
		}
		for _, c := range cs {
			names[c.ID] = c.DisplayName()
		}
	}
	return nil
}

// missingNames returns the ids, sorted and each once, that names lacks.
func missingNames(ids []int64, names map[int64]string) []int64 {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { _, ok := names[id]; return ok })
	slices.Sort(ids)
	return slices.Compact(ids)
}
