package attract

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// SavedView is a named view of the project list: its filters, sort and
// columns, kept as the list's URL query string so that opening the view is
// opening a link. A view belongs to the user who saved it; a shared view is
// listed for every colleague, who then sees the same rows subject to their
// own permissions.
type SavedView struct {
	ID        int64     `json:"id"`
	OwnerID   int64     `json:"owner_id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"` // e.g. "stage=signed&key=true&sort=-updated_at", without the "?"
	Shared    bool      `json:"shared"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Limits of a saved view.
const (
	MaxViewName  = 100
	MaxViewQuery = 2000
)

// Validate trims the name and the query's leading "?" and checks them: the
// name is required and at most MaxViewName characters; the query is at most
// MaxViewQuery characters and must parse as a URL query.
func (v *SavedView) Validate() error {
	var p Problems
	v.Name = strings.TrimSpace(v.Name)
	v.Query = strings.TrimPrefix(strings.TrimSpace(v.Query), "?")
	if v.Name == "" {
		p.Required("name")
	}
	checkLen(&p, "name", v.Name, MaxViewName)
	if len(v.Query) > MaxViewQuery {
		p.Add("query", "must be at most %d characters", "不能超过 %d 个字符", MaxViewQuery)
	} else if _, err := url.ParseQuery(v.Query); err != nil {
		p.Add("query", "is not a URL query string", "不是有效的 URL 查询字符串")
	}
	return p.Err()
}

// SavedViewService stores the saved views of the project list.
type SavedViewService interface {
	// CreateSavedView stores v as a view of the acting user (the caller's
	// OwnerID is ignored, except in a system context, where it is required).
	// EINVALID (including a name the owner already uses), EUNAUTHORIZED,
	// EFORBIDDEN.
	CreateSavedView(ctx context.Context, v *SavedView) error
	// FindSavedViews lists the acting user's views and the views others
	// shared, each group by name (every view in a system context).
	// EUNAUTHORIZED, EFORBIDDEN.
	FindSavedViews(ctx context.Context) ([]*SavedView, error)
	// DeleteSavedView removes a view; only its owner or an administrator
	// may. ENOTFOUND (also for another user's private view), EFORBIDDEN.
	DeleteSavedView(ctx context.Context, id int64) error
}
