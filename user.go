package attract

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Role is what a user does in the agency; it decides the user's permissions.
type Role string

// The roles of PRODUCT.md "Who uses it".
const (
	RoleAdmin     Role = "admin"     // users, roles, reference data, settings, backups
	RoleDirector  Role = "director"  // sees and edits the whole pipeline
	RoleOfficer   Role = "officer"   // works own and team projects
	RoleIntegrity Role = "integrity" // reads everything, including the audit log
	RoleViewer    Role = "viewer"    // reads
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleDirector, RoleOfficer, RoleIntegrity, RoleViewer}

// Permission is a named right of the form "resource:action".
type Permission string

// Permissions. Read rights cover list and get; write rights of officers are
// further limited to records they own or their team owns (see CanEdit).
const (
	PermProjectRead    Permission = "project:read"
	PermProjectWrite   Permission = "project:write" // create, update, stage moves, capital inflows
	PermProjectArchive Permission = "project:archive"
	PermCompanyRead    Permission = "company:read"
	PermCompanyWrite   Permission = "company:write"
	PermCompanyArchive Permission = "company:archive"
	PermContactRead    Permission = "contact:read"
	PermContactWrite   Permission = "contact:write"
	PermContactArchive Permission = "contact:archive"
	PermActivityRead   Permission = "activity:read"
	PermActivityWrite  Permission = "activity:write"
	PermTaskRead       Permission = "task:read"
	PermTaskWrite      Permission = "task:write"
	PermUserRead       Permission = "user:read"
	PermUserAdmin      Permission = "user:admin"    // create users, change roles, disable, reset passwords
	PermTokenAdmin     Permission = "token:admin"   // create and revoke tokens of any user
	PermRateRead       Permission = "rate:read"     // exchange rates
	PermRateWrite      Permission = "rate:write"    // maintain the exchange-rate table
	PermAuditRead      Permission = "audit:read"    // the audit log
	PermRecordDelete   Permission = "record:delete" // hard delete of any record
	PermReferenceRead  Permission = "reference:read"
)

var readAll = []Permission{
	PermProjectRead, PermCompanyRead, PermContactRead, PermActivityRead,
	PermTaskRead, PermUserRead, PermRateRead, PermReferenceRead,
}

var writeWork = []Permission{
	PermProjectWrite, PermCompanyWrite, PermContactWrite, PermActivityWrite, PermTaskWrite,
}

var rolePermissions = map[Role][]Permission{
	RoleAdmin: slices.Concat(readAll, writeWork, []Permission{
		PermProjectArchive, PermCompanyArchive, PermContactArchive,
		PermUserAdmin, PermTokenAdmin, PermRateWrite, PermAuditRead, PermRecordDelete,
	}),
	RoleDirector: slices.Concat(readAll, writeWork, []Permission{
		PermProjectArchive, PermCompanyArchive, PermContactArchive, PermRateWrite, PermAuditRead,
	}),
	RoleOfficer:   slices.Concat(readAll, writeWork, []Permission{PermProjectArchive, PermContactArchive}),
	RoleIntegrity: slices.Concat(readAll, []Permission{PermAuditRead}),
	RoleViewer:    readAll,
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Can reports whether the role grants p.
func (r Role) Can(p Permission) bool { return slices.Contains(rolePermissions[r], p) }

// Permissions returns the permissions the role grants.
func (r Role) Permissions() []Permission { return slices.Clone(rolePermissions[r]) }

// EditsAll reports whether the role edits every record, not only its own and
// its team's.
func (r Role) EditsAll() bool { return r == RoleAdmin || r == RoleDirector }

// User is a person who signs in to Attract.
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Email     string    `json:"email,omitempty"`
	Role      Role      `json:"role"`
	TeamID    *int64    `json:"team_id"`
	Language  string    `json:"language"` // "zh" or "en"
	Disabled  bool      `json:"disabled"`
	Demo      bool      `json:"demo,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// PasswordHash is the argon2id hash in PHC string form; never serialised.
	PasswordHash string `json:"-"`
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,39}$`)

// Validate checks the user's fields.
func (u *User) Validate() error {
	var p Problems
	if !usernameRE.MatchString(u.Username) {
		p.Add("username", "must be 2 to 40 lower-case letters, digits, '.', '_' or '-'", "须为 2 至 40 个小写字母、数字、'.'、'_' 或 '-'")
	}
	if strings.TrimSpace(u.Name) == "" {
		p.Required("name")
	}
	if u.Email != "" && !strings.Contains(u.Email, "@") {
		p.Add("email", "is not an e-mail address", "不是有效的电子邮件地址")
	}
	if !u.Role.Valid() {
		p.Add("role", "must be one of admin, director, officer, integrity, viewer", "须为 admin、director、officer、integrity、viewer 之一")
	}
	if u.Language != "zh" && u.Language != "en" {
		p.Add("language", `must be "zh" or "en"`, `须为 "zh" 或 "en"`)
	}
	return p.Err()
}

// CanEdit reports whether u may change a record owned by ownerID in teamID.
// Directors and admins edit everything; officers edit their own records and
// their team's (and may hand one over to a colleague elsewhere); other roles
// edit nothing.
func (u *User) CanEdit(ownerID, teamID *int64) bool {
	switch {
	case u == nil:
		return false
	case u.Role.EditsAll():
		return true
	case u.Role != RoleOfficer:
		return false
	case ownerID != nil && *ownerID == u.ID:
		return true
	case teamID != nil && u.TeamID != nil && *teamID == *u.TeamID:
		return true
	}
	return false
}

// UserFilter selects users.
type UserFilter struct {
	ID       *int64
	Username string
	Role     Role
	TeamID   *int64
	Cursor   string
	Limit    int
}

// Team is a group of officers working together (a desk, a sector team).
type Team struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// UserService manages users, teams, sessions and API tokens.
type UserService interface {
	// CreateUser stores u with the given password (argon2id-hashed).
	// EINVALID, ECONFLICT (username taken), EFORBIDDEN.
	CreateUser(ctx context.Context, u *User, password string) error
	// FindUserByID returns a user. ENOTFOUND.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByUsername returns a user. ENOTFOUND.
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	// FindUsers lists users with a cursor for the next page.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, string, error)
	// UpdateUser applies a patch of the editable fields (name, email, role,
	// team_id, language, disabled). EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN.
	UpdateUser(ctx context.Context, id, version int64, patch Patch) (*User, error)
	// SetPassword replaces a user's password. A user may change their own;
	// user:admin changes anyone's. EINVALID, ENOTFOUND, EFORBIDDEN.
	SetPassword(ctx context.Context, id int64, password string) error
	// CountUsers returns the number of users, for the first start.
	CountUsers(ctx context.Context) (int, error)

	// CreateTeam stores a team. EINVALID, ECONFLICT, EFORBIDDEN.
	CreateTeam(ctx context.Context, t *Team) error
	// FindTeams lists all teams.
	FindTeams(ctx context.Context) ([]*Team, error)

	// Authenticate checks a username and password and returns the user.
	// EUNAUTHORIZED for a wrong pair, a disabled or unknown user alike.
	Authenticate(ctx context.Context, username, password string) (*User, error)
	// CreateSession starts a browser session and returns its secret.
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error)
	// UserBySession returns the user of a live session. EUNAUTHORIZED.
	UserBySession(ctx context.Context, secret string) (*User, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, secret string) error

	// CreateToken creates an API token for a user and returns its secret,
	// which is shown once and stored only hashed. EINVALID, ENOTFOUND, EFORBIDDEN.
	CreateToken(ctx context.Context, t *Token) (string, error)
	// FindTokens lists the tokens of a user (all users for token:admin).
	FindTokens(ctx context.Context, userID *int64) ([]*Token, error)
	// RevokeToken revokes a token. ENOTFOUND, EFORBIDDEN.
	RevokeToken(ctx context.Context, id int64) error
	// UserByToken returns the user of a live token. EUNAUTHORIZED.
	UserByToken(ctx context.Context, secret string) (*User, error)
}

// Token is an API token, used as "Authorization: Bearer <secret>".
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

type userContextKey struct{}

// NewContextWithUser returns a context carrying the acting user. Services read
// it to check permissions and to name the actor in the audit log.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userContextKey{}, u)
}

// UserFromContext returns the acting user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userContextKey{}).(*User)
	return u
}

type systemContextKey struct{}

// NewSystemContext returns a context for Attract itself acting (first start,
// demo generation, migrations, the command line run by the server's
// administrator): permission checks pass and the audit log names "system".
func NewSystemContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemContextKey{}, true)
}

// IsSystem reports whether ctx is a system context.
func IsSystem(ctx context.Context) bool {
	v, _ := ctx.Value(systemContextKey{}).(bool)
	return v
}

// Authorize returns nil when the acting user of ctx holds p (or ctx is a
// system context), EUNAUTHORIZED without a user, EFORBIDDEN otherwise.
func Authorize(ctx context.Context, p Permission) error {
	if IsSystem(ctx) {
		return nil
	}
	u := UserFromContext(ctx)
	if u == nil {
		return Errorf(EUNAUTHORIZED, "Sign in first.", "请先登录。")
	}
	if u.Disabled || !u.Role.Can(p) {
		return Errorf(EFORBIDDEN, "Your role (%s) does not allow %s.", "您的角色（%s）无权执行 %s。", u.Role, p)
	}
	return nil
}

// AuthorizeEdit is Authorize followed by the ownership rule of CanEdit.
func AuthorizeEdit(ctx context.Context, p Permission, ownerID, teamID *int64) error {
	if err := Authorize(ctx, p); err != nil || IsSystem(ctx) {
		return err
	}
	if !UserFromContext(ctx).CanEdit(ownerID, teamID) {
		return Errorf(EFORBIDDEN, "Only the owner, the owner's team, a director or an admin may change this record.", "只有负责人、其所在团队、主管或管理员可以修改此记录。")
	}
	return nil
}
