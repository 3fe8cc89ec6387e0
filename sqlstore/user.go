package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"attract"

	"golang.org/x/crypto/argon2"
)

const userColumns = `u.id, u.username, u.name, u.email, u.role, u.team_id, u.language, u.disabled, u.password_hash,
	u.demo, u.version, u.created_at, u.updated_at`

func scanUser(s interface{ Scan(...any) error }) (*attract.User, error) {
	u := &attract.User{}
	var team sql.NullInt64
	err := s.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.Role, &team, &u.Language, &u.Disabled, &u.PasswordHash,
		&u.Demo, &u.Version, timeCol{&u.CreatedAt}, timeCol{&u.UpdatedAt})
	u.TeamID = idPtr(team)
	return u, err
}

// Argon2id parameters: the OWASP minimum (19 MiB, two passes, one lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns the argon2id hash of password in PHC string form.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// checkPassword reports whether password matches the PHC-form hash.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a user does not exist, so that a wrong
// username costs as long as a wrong password.
var dummyHash = HashPassword("attract-dummy-password")

func validatePassword(password string) error {
	var p attract.Problems
	if n := utf8.RuneCountInString(password); n < 10 {
		p.Add("password", "must be at least 10 characters", "至少需要 10 个字符")
	} else if n > 200 {
		p.Add("password", "must be at most 200 characters", "不能超过 200 个字符")
	}
	return p.Err()
}

// newSecret returns a random secret with a readable prefix.
func newSecret(prefix string) string {
	b := make([]byte, 20)
	rand.Read(b)
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// CreateUser stores a new user with a password.
func (db *DB) CreateUser(ctx context.Context, u *attract.User, password string) error {
	if err := attract.Authorize(ctx, attract.PermUserAdmin); err != nil {
		return err
	}
	if u.Language == "" {
		u.Language = "zh"
	}
	var p attract.Problems
	p.Merge("", u.Validate())
	p.Merge("", validatePassword(password))
	if err := p.Err(); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.checkRef(&p, "team_id", "teams", u.TeamID); err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM users WHERE username = ?`, u.Username).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		p.Add("username", "is taken", "已被使用")
	}
	if err := p.Err(); err != nil {
		return err
	}
	u.PasswordHash = HashPassword(password)
	u.CreatedAt, u.UpdatedAt, u.Version = tx.now, tx.now, 1
	id, err := tx.insert(`INSERT INTO users (username, name, email, role, team_id, language, disabled, password_hash, demo, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, u.Username, u.Name, u.Email, u.Role, intArg(u.TeamID), u.Language, u.Disabled,
		u.PasswordHash, u.Demo, tx.ts(u.CreatedAt), tx.ts(u.UpdatedAt))
	if err != nil {
		return storeError(err, "user")
	}
	u.ID = id
	if err := tx.audit("create", "user", id, nil, u); err != nil {
		return err
	}
	return tx.Commit()
}

// FindUserByID returns a user.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*attract.User, error) {
	if err := attract.Authorize(ctx, attract.PermUserRead); err != nil {
		return nil, err
	}
	return findUser(db.reader(ctx), "u.id = ?", id)
}

// FindUserByUsername returns a user.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*attract.User, error) {
	if err := attract.Authorize(ctx, attract.PermUserRead); err != nil {
		return nil, err
	}
	return findUser(db.reader(ctx), "u.username = ?", username)
}

func findUser(r reader, cond string, args ...any) (*attract.User, error) {
	u, err := scanUser(r.queryRow(`SELECT `+userColumns+` FROM users u WHERE `+cond, args...))
	if err == sql.ErrNoRows {
		return nil, attract.Errorf(attract.ENOTFOUND, "No such user: %v.", "用户 %v 不存在。", args[0])
	}
	return u, err
}

var userSorts = map[string]sortKey[*attract.User]{
	"username": {col: "username", kind: keyText, val: func(u *attract.User) any { return u.Username }},
}

// FindUsers lists users by username.
func (db *DB) FindUsers(ctx context.Context, f attract.UserFilter) ([]*attract.User, string, error) {
	if err := attract.Authorize(ctx, attract.PermUserRead); err != nil {
		return nil, "", err
	}
	var q listQuery
	if f.ID != nil {
		q.add("u.id = ?", *f.ID)
	}
	if f.Username != "" {
		q.add("u.username = ?", f.Username)
	}
	if f.Role != "" {
		q.add("u.role = ?", string(f.Role))
	}
	if f.TeamID != nil {
		q.add("u.team_id = ?", *f.TeamID)
	}
	pg, order, err := paginate(db.dialect, &q, "u.", userSorts, "username", "username", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.reader(ctx).query(`SELECT `+userColumns+` FROM users u`+q.whereSQL()+order+pg.limitSQL(), q.args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*attract.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(u *attract.User) int64 { return u.ID })
	return out, next, nil
}

// userEditable is the part of a user a patch may change. A user may change
// their own name, email and language; the rest needs user:admin.
type userEditable struct {
	Name     string       `json:"name"`
	Email    string       `json:"email"`
	Role     attract.Role `json:"role"`
	TeamID   *int64       `json:"team_id"`
	Language string       `json:"language"`
	Disabled bool         `json:"disabled"`
}

// UpdateUser applies patch to the user last read at version.
func (db *DB) UpdateUser(ctx context.Context, id, version int64, patch attract.Patch) (*attract.User, error) {
	me := attract.UserFromContext(ctx)
	self := me != nil && me.ID == id
	if !self {
		if err := attract.Authorize(ctx, attract.PermUserAdmin); err != nil {
			return nil, err
		}
	} else if !me.Role.Can(attract.PermUserAdmin) {
		for k := range patch {
			if k != "name" && k != "email" && k != "language" {
				return nil, attract.Errorf(attract.EFORBIDDEN, "You may change only your own name, email and language.", "您只能修改自己的姓名、电子邮件和语言。")
			}
		}
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := findUser(tx.reader(), "u.id = ?", id)
	if err != nil {
		return nil, err
	}
	if u.Version != version {
		return nil, conflict("user", id, version)
	}
	before := snapshot(u)
	e := userEditable{u.Name, u.Email, u.Role, u.TeamID, u.Language, u.Disabled}
	if err := patch.Apply(&e); err != nil {
		return nil, err
	}
	u.Name, u.Email, u.Role, u.TeamID, u.Language, u.Disabled = e.Name, e.Email, e.Role, e.TeamID, e.Language, e.Disabled
	var p attract.Problems
	p.Merge("", u.Validate())
	if err := tx.checkRef(&p, "team_id", "teams", u.TeamID); err != nil {
		return nil, err
	}
	if self && (u.Disabled || u.Role != attract.RoleAdmin) && me.Role == attract.RoleAdmin {
		p.Add("role", "you cannot demote or disable yourself; ask another admin", "不能降低自己的角色或停用自己，请由其他管理员操作")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	u.UpdatedAt = tx.now
	res, err := tx.exec(`UPDATE users SET name = ?, email = ?, role = ?, team_id = ?, language = ?, disabled = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, u.Name, u.Email, u.Role, intArg(u.TeamID), u.Language, u.Disabled, tx.ts(u.UpdatedAt), id, version)
	if err != nil {
		return nil, storeError(err, "user")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("user", id, version)
	}
	u.Version++
	if u.Disabled {
		if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return nil, err
		}
	}
	if err := tx.audit("update", "user", id, before, u); err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// SetPassword replaces a user's password and ends their other sessions.
func (db *DB) SetPassword(ctx context.Context, id int64, password string) error {
	if me := attract.UserFromContext(ctx); me == nil || me.ID != id {
		if err := attract.Authorize(ctx, attract.PermUserAdmin); err != nil {
			return err
		}
	}
	if err := validatePassword(password); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.exec(`UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?`, HashPassword(password), tx.ts(tx.now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("user", id)
	}
	if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
		return err
	}
	if err := tx.audit("password", "user", id, nil, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.reader(ctx).queryRow(`SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CreateTeam stores a team.
func (db *DB) CreateTeam(ctx context.Context, t *attract.Team) error {
	if err := attract.Authorize(ctx, attract.PermUserAdmin); err != nil {
		return err
	}
	t.Name = strings.TrimSpace(t.Name)
	var p attract.Problems
	if t.Name == "" {
		p.Required("name")
	}
	if err := p.Err(); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t.CreatedAt, t.Version = tx.now, 1
	id, err := tx.insert(`INSERT INTO teams (name, version, created_at) VALUES (?, 1, ?)`, t.Name, tx.ts(t.CreatedAt))
	if err != nil {
		return storeError(err, "team")
	}
	t.ID = id
	if err := tx.audit("create", "team", id, nil, t); err != nil {
		return err
	}
	return tx.Commit()
}

// UsersStamp returns a value that changes whenever a user or a team is
// added, changed or removed, so that a caller may keep the lists of users
// and teams and read them again only when the stamp differs: a counter the
// triggers on both tables move (migration 0008), one row to read.
func (db *DB) UsersStamp(ctx context.Context) (string, error) {
	if err := attract.Authorize(ctx, attract.PermUserRead); err != nil {
		return "", err
	}
	var n int64
	if err := db.reader(ctx).queryRow(`SELECT n FROM change_stamps WHERE name = 'people'`).Scan(&n); err != nil {
		return "", err
	}
	return strconv.FormatInt(n, 10), nil
}

// FindTeams lists all teams by name.
func (db *DB) FindTeams(ctx context.Context) ([]*attract.Team, error) {
	if err := attract.Authorize(ctx, attract.PermUserRead); err != nil {
		return nil, err
	}
	rows, err := db.reader(ctx).query(`SELECT id, name, version, created_at FROM teams ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.Team{}
	for rows.Next() {
		t := &attract.Team{}
		if err := rows.Scan(&t.ID, &t.Name, &t.Version, timeCol{&t.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

var errBadCredentials = attract.Errorf(attract.EUNAUTHORIZED, "Wrong username or password.", "用户名或密码错误。")

// Authenticate checks a username and password. Unknown, disabled and wrong
// look the same to the caller.
func (db *DB) Authenticate(ctx context.Context, username, password string) (*attract.User, error) {
	u, err := findUser(db.reader(ctx), "u.username = ?", strings.ToLower(strings.TrimSpace(username)))
	if attract.ErrorCode(err) == attract.ENOTFOUND {
		checkPassword(dummyHash, password)
		return nil, errBadCredentials
	} else if err != nil {
		return nil, err
	}
	if !checkPassword(u.PasswordHash, password) || u.Disabled {
		return nil, errBadCredentials
	}
	return u, nil
}

// CreateSession starts a browser session for a user and returns its secret.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	secret := newSecret("ses_")
	now := db.Now().UTC()
	d := db.dialect
	_, err := db.db.ExecContext(ctx, d.rebind(`INSERT INTO sessions (secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		hashSecret(secret), userID, d.timeValue(now), d.timeValue(now.Add(ttl)))
	if err != nil {
		return "", err
	}
	// Sweep expired sessions now and then rather than on a timer.
	_, err = db.db.ExecContext(ctx, d.rebind(`DELETE FROM sessions WHERE expires_at < ?`), d.timeValue(now))
	return secret, err
}

// UserBySession returns the user of a live session.
func (db *DB) UserBySession(ctx context.Context, secret string) (*attract.User, error) {
	u, err := findUser(db.reader(ctx), "u.id = (SELECT user_id FROM sessions WHERE secret_hash = ? AND expires_at > ?)",
		hashSecret(secret), db.dialect.timeValue(db.Now().UTC()))
	return liveUser(u, err)
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	_, err := db.db.ExecContext(ctx, db.dialect.rebind(`DELETE FROM sessions WHERE secret_hash = ?`), hashSecret(secret))
	return err
}

func liveUser(u *attract.User, err error) (*attract.User, error) {
	if attract.ErrorCode(err) == attract.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, attract.Errorf(attract.EUNAUTHORIZED, "Your session or token is not valid; sign in again.", "会话或令牌无效，请重新登录。")
	}
	return u, err
}

// CreateToken creates an API token and returns its secret, shown only once.
func (db *DB) CreateToken(ctx context.Context, t *attract.Token) (string, error) {
	if me := attract.UserFromContext(ctx); me == nil || me.ID != t.UserID {
		if err := attract.Authorize(ctx, attract.PermTokenAdmin); err != nil {
			return "", err
		}
	}
	t.Name = strings.TrimSpace(t.Name)
	var p attract.Problems
	if t.Name == "" {
		p.Required("name")
	}
	if utf8.RuneCountInString(t.Name) > 100 {
		p.Add("name", "must be at most 100 characters", "不能超过 100 个字符")
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if err := tx.checkRef(&p, "user_id", "users", &t.UserID); err != nil {
		return "", err
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	secret := newSecret("atk_")
	t.CreatedAt = tx.now
	id, err := tx.insert(`INSERT INTO api_tokens (user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)`, t.UserID, t.Name, hashSecret(secret), tx.ts(t.CreatedAt))
	if err != nil {
		return "", storeError(err, "token")
	}
	t.ID = id
	if err := tx.audit("create", "token", id, nil, t); err != nil {
		return "", err
	}
	return secret, tx.Commit()
}

// FindTokens lists tokens: a user's own, or everyone's for token:admin.
func (db *DB) FindTokens(ctx context.Context, userID *int64) ([]*attract.Token, error) {
	me := attract.UserFromContext(ctx)
	if userID == nil || me == nil || *userID != me.ID {
		if err := attract.Authorize(ctx, attract.PermTokenAdmin); err != nil {
			return nil, err
		}
	}
	var q listQuery
	if userID != nil {
		q.add("user_id = ?", *userID)
	}
	rows, err := db.reader(ctx).query(`SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens`+q.whereSQL()+` ORDER BY id`, q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.Token{}
	for rows.Next() {
		t := &attract.Token{}
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, timeCol{&t.CreatedAt}, nullTimeCol{&t.LastUsedAt}, nullTimeCol{&t.RevokedAt}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token: its owner's or, with token:admin, anyone's.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var userID int64
	var revoked sql.NullString
	if err := tx.queryRow(`SELECT user_id, CAST(revoked_at AS TEXT) FROM api_tokens WHERE id = ?`, id).Scan(&userID, &revoked); err == sql.ErrNoRows {
		return notFound("token", id)
	} else if err != nil {
		return err
	}
	if me := attract.UserFromContext(ctx); me == nil || me.ID != userID {
		if err := attract.Authorize(ctx, attract.PermTokenAdmin); err != nil {
			return err
		}
	}
	if revoked.Valid {
		return nil
	}
	if _, err := tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, tx.ts(tx.now), id); err != nil {
		return err
	}
	if err := tx.audit("revoke", "token", id, nil, map[string]any{"id": id, "user_id": userID}); err != nil {
		return err
	}
	return tx.Commit()
}

// UserByToken returns the user of a live token and notes its use.
func (db *DB) UserByToken(ctx context.Context, secret string) (*attract.User, error) {
	h := hashSecret(secret)
	u, err := findUser(db.reader(ctx), "u.id = (SELECT user_id FROM api_tokens WHERE secret_hash = ? AND revoked_at IS NULL)", h)
	u, err = liveUser(u, err)
	if err != nil {
		return nil, err
	}
	// The last use is recorded to the minute, and read before it is
	// written: an UPDATE that changes nothing still takes SQLite's write
	// lock, and would queue every API request behind every write.
	now := db.Now().UTC().Truncate(time.Minute)
	var last *time.Time
	if err := db.reader(ctx).queryRow(`SELECT last_used_at FROM api_tokens WHERE secret_hash = ?`, h).Scan(nullTimeCol{&last}); err != nil {
		return nil, err
	}
	if last != nil && !last.Before(now) {
		return u, nil
	}
	d := db.dialect
	_, err = db.db.ExecContext(ctx, d.rebind(`UPDATE api_tokens SET last_used_at = ? WHERE secret_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)`),
		d.timeValue(now), h, d.timeValue(now))
	return u, err
}
