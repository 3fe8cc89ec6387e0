package web

import (
	"net/http"
	"net/url"
	"strconv"

	"attract"
)

var _ = register(map[string]message{
	"tasks.title":   {"My tasks by due date", "我的任务（按截止日期）"},
	"tasks.intro":   {"Open tasks assigned to you that have a due date, the soonest first. Tasks without one are on their projects' pages.", "分配给您且有截止日期的未完成任务，最早到期的在前。没有截止日期的任务见各项目页面。"},
	"tasks.due":     {"Due", "截止日期"},
	"tasks.task":    {"Task", "任务"},
	"tasks.project": {"Project", "项目"},
	"tasks.none":    {"No open task with a due date.", "没有带截止日期的未完成任务。"},
})

// tasksPageSize is how many tasks a page of /tasks lists.
const tasksPageSize = 50

// tasksData is the page of an officer's dated open tasks.
type tasksData struct {
	Tasks   []deskTask
	NextURL string       // "" on the last page
	Paged   bool         // past the first page
	Soon    attract.Date // tasks due before it are due soon (dueSoonDays)
}

// tasksPage lists the signed-in user's open tasks that have a due date,
// soonest first, a page at a time: the desk shows the first few.
func (h *Handler) tasksPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	today := attract.AgencyDate(h.DB.Now())
	f := attract.TaskFilter{AssigneeID: &p.User.ID, Status: attract.TaskOpen, Sort: "due_date", Cursor: r.URL.Query().Get("cursor"), Limit: tasksPageSize}
	tasks, next, err := firstPageIfStale(p, &f.Cursor, func() ([]*attract.Task, string, error) { return h.DB.FindTasks(ctx, f) })
	if err != nil {
		return err
	}
	names, err := h.projectNames(r, tasks, nil)
	if err != nil {
		return err
	}
	d := tasksData{Paged: f.Cursor != "", Soon: today.AddDays(dueSoonDays + 1)}
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, deskTask{Task: t, Project: names[ptrID(t.ProjectID)], Late: t.DueDate.Before(today)})
	}
	if next != "" {
		d.NextURL = "/tasks?" + url.Values{"cursor": {next}}.Encode()
	}
	p.Title = p.T("tasks.title")
	p.Data = d
	return h.render(w, http.StatusOK, "tasks.html", p)
}

// pathID reads the {id} of the path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, attract.Errorf(attract.ENOTFOUND, "There is no such record.", "记录不存在。")
	}
	return id, nil
}

// formVersion reads the version a form carried.
func formVersion(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return v
}

func (h *Handler) markTaskDone(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.DB.UpdateTask(r.Context(), id, formVersion(r), attract.Patch{"status": []byte(`"done"`)}); err != nil {
		return err
	}
	return redirect(w, r, safeNext(r.PostFormValue("next")))
}
