package http

import (
	"net/http"

	"attract"
)

var activityParams = append([]param{
	{"project_id", "integer", ""}, {"company_id", "integer", ""}, {"contact_id", "integer", ""},
	{"user_id", "integer", "logged by or attended by"},
	{"kind", "string", "call, meeting, email, site_visit, event, delegation_visit"},
	{"from", "string", "YYYY-MM-DD, a day in China Standard Time"}, {"to", "string", "YYYY-MM-DD, a day in China Standard Time"},
}, pagingParams...)

var taskParams = append([]param{
	{"assignee_id", "integer", ""}, {"project_id", "integer", ""}, {"company_id", "integer", ""},
	{"status", "string", "open, done, cancelled"},
	{"due_from", "string", "YYYY-MM-DD"}, {"due_to", "string", "YYYY-MM-DD"},
	{"sort", "string", "id (default, oldest first) or due_date (tasks with a due date, soonest first); '-' descends"},
}, pagingParams...)

// activityPatch documents an activity update.
type activityPatch struct {
	Version int64 `json:"version"`
	attract.ActivityFields
}

// taskPatch documents a task update.
type taskPatch struct {
	Version int64 `json:"version"`
	attract.TaskFields
}

func (s *Server) listActivities(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.ActivityFilter{ProjectID: q.id("project_id"), CompanyID: q.id("company_id"), ContactID: q.id("contact_id"),
		UserID: q.id("user_id"), Kind: attract.ActivityKind(q.str("kind")), From: q.date("from"), To: q.date("to"),
		Cursor: q.str("cursor"), Limit: q.int("limit")}
	if f.Kind != "" && !validKind(f.Kind) {
		q.probs.Add("kind", "%q is not an activity kind", "%q 不是有效的活动类型", f.Kind)
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindActivities(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func validKind(k attract.ActivityKind) bool {
	for _, v := range attract.ActivityKinds {
		if v == k {
			return true
		}
	}
	return false
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.TaskFilter{AssigneeID: q.id("assignee_id"), ProjectID: q.id("project_id"), CompanyID: q.id("company_id"),
		Status: attract.TaskStatus(q.str("status")), DueFrom: q.date("due_from"), DueTo: q.date("due_to"),
		Sort: q.str("sort"), Cursor: q.str("cursor"), Limit: q.int("limit")}
	switch f.Status {
	case "", attract.TaskOpen, attract.TaskDone, attract.TaskCancelled:
	default:
		q.probs.Add("status", "must be open, done or cancelled", "须为 open、done 或 cancelled")
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindTasks(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}
