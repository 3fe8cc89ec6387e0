package attract

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change: who made it, when, to which record, and the
// record before and after. It is written in the transaction of the change.
type AuditEntry struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   *int64          `json:"actor_id"` // nil for Attract itself ("system")
	ActorName string          `json:"actor_name"`
	Action    string          `json:"action"` // create, update, stage, archive, restore, delete, login, ...
	Entity    string          `json:"entity"` // project, company, contact, activity, task, user, token, inflow, rate, team
	EntityID  int64           `json:"entity_id"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity   string
	EntityID *int64
	ActorID  *int64
	Action   string
	From, To *Date // the agency's days (AgencyZone), inclusive
	Cursor   string
	Limit    int
}

// AuditService reads the audit log. Writing is the stores' business.
type AuditService interface {
	// FindAudit lists entries, newest first, with the next cursor.
	// EFORBIDDEN without audit:read (a user may read their own records' history
	// through the entity's own endpoint).
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, error)
}
