package http

import (
	"net/http"
	"strings"
	"time"

	"attract"
	"attract/web"
)

var userParams = append([]param{
	{"role", "string", "admin, director, officer, integrity, viewer"}, {"team_id", "integer", ""},
}, pagingParams...)

// signIn is the body of POST /api/v1/session.
type signIn struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// userCreate is the body of a new user.
type userCreate struct {
	Username string       `json:"username"`
	Name     string       `json:"name"`
	Email    string       `json:"email"`
	Role     attract.Role `json:"role"`
	TeamID   *int64       `json:"team_id"`
	Language string       `json:"language"`
	Password string       `json:"password"`
}

// userPatch documents a user update.
type userPatch struct {
	Version  int64        `json:"version"`
	Name     string       `json:"name"`
	Email    string       `json:"email"`
	Role     attract.Role `json:"role"`
	TeamID   *int64       `json:"team_id"`
	Language string       `json:"language"`
	Disabled bool         `json:"disabled"`
}

type passwordBody struct {
	Password string `json:"password"`
}

type teamCreate struct {
	Name string `json:"name"`
}

type tokenCreate struct {
	Name   string `json:"name"`
	UserID *int64 `json:"user_id"` // another user's (token:admin); one's own when absent
}

// tokenCreated carries the token's secret, shown this once.
type tokenCreated struct {
	attract.Token
	Secret string `json:"secret"`
}

func (s *Server) postSession(w http.ResponseWriter, r *http.Request) error {
	var in signIn
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	username := strings.ToLower(strings.TrimSpace(in.Username))
	keys := []string{"user:" + username, "ip:" + web.ClientAddr(r)}
	now := time.Now()
	if blocked, wait := s.Throttle.Blocked(now, keys...); blocked {
		minutes := int(wait.Minutes()) + 1
		return attract.Errorf(attract.ETOOMANY, "Too many failed sign-ins. Try again in %d minutes.", "登录失败次数过多，请 %d 分钟后再试。", minutes)
	}
	u, err := s.DB.Authenticate(r.Context(), username, in.Password)
	if attract.ErrorCode(err) == attract.EUNAUTHORIZED {
		s.Throttle.Fail(now, keys...)
		return err
	} else if err != nil {
		return err
	}
	s.Throttle.Reset(keys[0])
	secret, err := s.DB.CreateSession(r.Context(), u.ID, SessionTTL)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: secret, Path: "/", MaxAge: int(SessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.SecureCookies,
	})
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.DB.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.SecureCookies})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, attract.UserFromContext(r.Context()))
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.UserFilter{Role: attract.Role(q.str("role")), TeamID: q.id("team_id"), Cursor: q.str("cursor"), Limit: q.int("limit")}
	if f.Role != "" && !f.Role.Valid() {
		q.probs.Add("role", "%q is not a role", "%q 不是有效的角色", f.Role)
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindUsers(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in userCreate
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	u := &attract.User{Username: in.Username, Name: in.Name, Email: in.Email, Role: in.Role, TeamID: in.TeamID, Language: in.Language}
	if err := s.DB.CreateUser(r.Context(), u, in.Password); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in passwordBody
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	if err := s.DB.SetPassword(r.Context(), id, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request) error {
	items, err := s.DB.FindTeams(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) createTeam(w http.ResponseWriter, r *http.Request) error {
	var in teamCreate
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	t := &attract.Team{Name: in.Name}
	if err := s.DB.CreateTeam(r.Context(), t); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, t)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	userID := q.id("user_id")
	if err := q.err(); err != nil {
		return err
	}
	if userID == nil && !attract.UserFromContext(r.Context()).Role.Can(attract.PermTokenAdmin) {
		userID = &attract.UserFromContext(r.Context()).ID
	}
	items, err := s.DB.FindTokens(r.Context(), userID)
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenCreate
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	t := &attract.Token{Name: in.Name, UserID: attract.UserFromContext(r.Context()).ID}
	if in.UserID != nil {
		t.UserID = *in.UserID
	}
	secret, err := s.DB.CreateToken(r.Context(), t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, tokenCreated{*t, secret})
}

// health is the body of /healthz.
type health struct {
	Status   string `json:"status"`
	Version  string `json:"version"`
	Database string `json:"database"`
}

func (s *Server) getHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.SQL().PingContext(r.Context()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, health{"ok", s.Version, s.DB.Dialect()})
}
