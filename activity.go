package attract

import (
	"context"
	"strings"
	"time"
)

// ActivityKind is what sort of interaction an activity records.
type ActivityKind string

// Activity kinds.
const (
	ActivityCall       ActivityKind = "call"
	ActivityMeeting    ActivityKind = "meeting"
	ActivityEmail      ActivityKind = "email"
	ActivitySiteVisit  ActivityKind = "site_visit"
	ActivityEvent      ActivityKind = "event"
	ActivityDelegation ActivityKind = "delegation_visit" // an inspection group visiting, or a mission abroad
)

// ActivityKinds lists the activity kinds.
var ActivityKinds = []ActivityKind{ActivityCall, ActivityMeeting, ActivityEmail, ActivitySiteVisit, ActivityEvent, ActivityDelegation}

// Activity is a call, meeting, visit or other interaction, linked to a project,
// a company and the people who took part.
type Activity struct {
	ID int64 `json:"id"`
	ActivityFields
	Demo      bool      `json:"demo,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy *int64    `json:"created_by"` // the owner of the activity
}

// ActivityFields are the editable fields of an activity.
type ActivityFields struct {
	Kind       ActivityKind `json:"kind"`
	Subject    string       `json:"subject"`
	Notes      string       `json:"notes"`
	OccurredAt time.Time    `json:"occurred_at"`
	ProjectID  *int64       `json:"project_id"`
	CompanyID  *int64       `json:"company_id"`
	// ContactIDs are the people of the investor side who took part;
	// UserIDs the agency's staff.
	ContactIDs []int64 `json:"contact_ids"`
	UserIDs    []int64 `json:"user_ids"`
	// ExternalID is the record's id in the system it was imported from.
	ExternalID string `json:"external_id"`
}

// Validate checks the activity.
func (a *ActivityFields) Validate() error {
	var p Problems
	checkEnum(&p, "kind", a.Kind, ActivityKinds, false)
	a.Subject = strings.TrimSpace(a.Subject)
	if a.Subject == "" {
		p.Required("subject")
	}
	checkLen(&p, "subject", a.Subject, 200)
	checkLen(&p, "notes", a.Notes, 20000)
	checkLen(&p, "external_id", a.ExternalID, 200)
	if a.OccurredAt.IsZero() {
		p.Required("occurred_at")
	} else {
		p.Merge("occurred_at", CheckYear(a.OccurredAt))
	}
	if a.ProjectID == nil && a.CompanyID == nil && len(a.ContactIDs) == 0 {
		p.Add("project_id", "link the activity to a project, a company or a contact", "活动须关联项目、企业或联系人")
	}
	return p.Err()
}

// ActivityFilter selects activities.
type ActivityFilter struct {
	ProjectID *int64
	CompanyID *int64
	ContactID *int64
	UserID    *int64 // created by or took part
	TeamID    *int64 // created by a member of the team
	Kind      ActivityKind
	From, To  *Date // occurred_at, the agency's days (AgencyZone), inclusive
	Cursor    string
	Limit     int
}

// ActivityService stores activities.
type ActivityService interface {
	// CreateActivity stores a. EINVALID, EFORBIDDEN.
	CreateActivity(ctx context.Context, a *Activity) error
	// FindActivityByID returns an activity. ENOTFOUND.
	FindActivityByID(ctx context.Context, id int64) (*Activity, error)
	// FindActivities lists activities, latest first, with the next cursor.
	FindActivities(ctx context.Context, f ActivityFilter) ([]*Activity, string, error)
	// UpdateActivity applies patch. EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN.
	UpdateActivity(ctx context.Context, id, version int64, patch Patch) (*Activity, error)
	// DeleteActivity removes an activity (its owner, a director or an admin).
	// ENOTFOUND, EFORBIDDEN.
	DeleteActivity(ctx context.Context, id int64) error
}

// TaskStatus is the state of a task.
type TaskStatus string

// Task statuses.
const (
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// TaskStatuses lists the task statuses.
var TaskStatuses = []TaskStatus{TaskOpen, TaskDone, TaskCancelled}

// Task is a piece of work assigned to a user, due on a date.
type Task struct {
	ID int64 `json:"id"`
	TaskFields
	DoneAt    *time.Time `json:"done_at"`
	Demo      bool       `json:"demo,omitempty"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	CreatedBy *int64     `json:"created_by"`
}

// TaskFields are the editable fields of a task.
type TaskFields struct {
	Title      string     `json:"title"`
	Notes      string     `json:"notes"`
	AssigneeID *int64     `json:"assignee_id"`
	DueDate    *Date      `json:"due_date"`
	Status     TaskStatus `json:"status"`
	ProjectID  *int64     `json:"project_id"`
	CompanyID  *int64     `json:"company_id"`
}

// Validate checks the task.
func (t *TaskFields) Validate() error {
	var p Problems
	t.Title = strings.TrimSpace(t.Title)
	if t.Title == "" {
		p.Required("title")
	}
	checkLen(&p, "title", t.Title, 200)
	checkLen(&p, "notes", t.Notes, 20000)
	if t.AssigneeID == nil {
		p.Required("assignee_id")
	}
	if t.Status == "" {
		t.Status = TaskOpen
	}
	checkEnum(&p, "status", t.Status, TaskStatuses, false)
	return p.Err()
}

// TaskFilter selects tasks.
type TaskFilter struct {
	AssigneeID *int64
	ProjectID  *int64
	CompanyID  *int64
	Status     TaskStatus
	DueFrom    *Date
	DueTo      *Date // inclusive
	// Sort is "id" (the default: oldest first) or "due_date": tasks that
	// have a due date, soonest first; "-" descends.
	Sort   string
	Cursor string
	Limit  int
}

// TaskService stores tasks.
type TaskService interface {
	// CreateTask stores t. EINVALID, EFORBIDDEN.
	CreateTask(ctx context.Context, t *Task) error
	// FindTaskByID returns a task. ENOTFOUND.
	FindTaskByID(ctx context.Context, id int64) (*Task, error)
	// FindTasks lists tasks in the order of f.Sort, with the next cursor.
	// EINVALID for an unknown sort.
	FindTasks(ctx context.Context, f TaskFilter) ([]*Task, string, error)
	// UpdateTask applies patch; the assignee may always change the status.
	// EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN.
	UpdateTask(ctx context.Context, id, version int64, patch Patch) (*Task, error)
	// DeleteTask removes a task. ENOTFOUND, EFORBIDDEN.
	DeleteTask(ctx context.Context, id int64) error
}
