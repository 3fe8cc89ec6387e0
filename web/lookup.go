package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"

	"attract"
)

// Looking up the records pages name: companies by id, users and teams.

// companiesByID returns the companies of ids, archived ones included (a
// record still names a company that was archived), in one query per 500.
func (h *Handler) companiesByID(ctx context.Context, ids []int64) (map[int64]*attract.Company, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make(map[int64]*attract.Company, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		found, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{IDs: ids[:n], Limit: n})
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			out[c.ID] = c
		}
		ids = ids[n:]
	}
	return out, nil
}

// investorsOf returns the investor companies of projects.
func (h *Handler) investorsOf(ctx context.Context, ps []*attract.Project) (map[int64]*attract.Company, error) {
	var ids []int64
	for _, p := range ps {
		if p.InvestorID != nil {
			ids = append(ids, *p.InvestorID)
		}
	}
	return h.companiesByID(ctx, ids)
}

// companyNames returns the display names of the companies of ids.
func (h *Handler) companyNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	cs, err := h.companiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(cs))
	for id, c := range cs {
		names[id] = c.DisplayName()
	}
	return names, nil
}

// contactCompanyNames returns the names of the companies of cs, by id.
func (h *Handler) contactCompanyNames(ctx context.Context, cs []*attract.Contact) (map[int64]string, error) {
	var ids []int64
	for _, c := range cs {
		if c.CompanyID != nil {
			ids = append(ids, *c.CompanyID)
		}
	}
	return h.companyNames(ctx, ids)
}

// allUsers returns every user, in username order, page by page: a province
// has more users than one page holds.
func (h *Handler) allUsers(ctx context.Context) ([]*attract.User, error) {
	var all []*attract.User
	cursor := ""
	for {
		us, next, err := h.DB.FindUsers(ctx, attract.UserFilter{Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		all = append(all, us...)
		if next == "" {
			return all, nil
		}
		cursor = next
	}
}

// usersByName returns every user sorted by name, for pickers and filters.
func (h *Handler) usersByName(ctx context.Context) ([]*attract.User, error) {
	all, err := h.allUsers(ctx)
	slices.SortFunc(all, func(a, b *attract.User) int { return cmp.Compare(a.Name, b.Name) })
	return all, err
}

// allTeams returns every team, by name.
func (h *Handler) allTeams(ctx context.Context) ([]*attract.Team, error) {
	return h.DB.FindTeams(ctx)
}

// teamNames maps the ids of teams to their names.
func teamNames(ts []*attract.Team) map[int64]string {
	names := make(map[int64]string, len(ts))
	for _, t := range ts {
		names[t.ID] = t.Name
	}
	return names
}

// people are the agency's users, sorted by name, and its teams, with both
// found by id: what a page needs to name owners, authors and teams and to
// offer them in pickers.
type people struct {
	users []*attract.User // by name
	teams []*attract.Team // by name
	user  map[int64]*attract.User
	team  map[int64]*attract.Team

	pickers sync.Map // rendered user pickers (Handler.userPicker)
}

// peopleCache keeps the users and teams between requests: every page names
// people, and reading them all took a quarter of the project page's time
// (docs/benchmarks.md, finding 6). A stamp of the two tables tells when to
// read them again, so a change made elsewhere (the command line, another
// server) shows on the next page.
type peopleCache struct {
	mu    sync.Mutex
	stamp string
	ps    *people
}

// loadPeople returns every user and team. What it returns is shared between
// requests: callers must not change it, but for adding to its pickers.
func (h *Handler) loadPeople(ctx context.Context) (*people, error) {
	stamp, err := h.DB.UsersStamp(ctx)
	if err != nil {
		return nil, err
	}
	c := &h.people
	c.mu.Lock()
	ps, fresh := c.ps, c.ps != nil && c.stamp == stamp
	c.mu.Unlock()
	if fresh {
		return ps, nil
	}
	// Read without the lock: a page reading in its snapshot holds a
	// database connection, and must never wait for a request that holds
	// the lock while it waits for a connection. After a change, requests
	// at the same moment may each read the people; the last one kept wins.
	if ps, err = h.readPeople(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.stamp, c.ps = stamp, ps
	c.mu.Unlock()
	return ps, nil
}

// readPeople reads every user and team.
func (h *Handler) readPeople(ctx context.Context) (*people, error) {
	us, err := h.usersByName(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := h.allTeams(ctx)
	if err != nil {
		return nil, err
	}
	ps := &people{users: us, teams: ts, user: make(map[int64]*attract.User, len(us)), team: make(map[int64]*attract.Team, len(ts))}
	for _, u := range us {
		ps.user[u.ID] = u
	}
	for _, t := range ts {
		ps.team[t.ID] = t
	}
	return ps, nil
}

// userName returns the name of the user of id, or "" when there is none.
func (ps *people) userName(id *int64) string {
	return ps.userNameOr(id, "")
}

// userNameOr returns the name of the user of id, or fallback (such as the
// username an audit record kept).
func (ps *people) userNameOr(id *int64, fallback string) string {
	if id != nil {
		if u, ok := ps.user[*id]; ok {
			return u.Name
		}
	}
	return fallback
}

// teamName returns the name of the team of id, or "".
func (ps *people) teamName(id *int64) string {
	if id != nil {
		if t, ok := ps.team[*id]; ok {
			return t.Name
		}
	}
	return ""
}

// userOptions lists users as picker options after first, each labelled by
// label; include, when not nil, leaves out those it refuses.
func userOptions(us []*attract.User, label func(*attract.User) string, include func(*attract.User) bool, first ...option) []option {
	out := make([]option, len(first), len(first)+len(us))
	copy(out, first)
	for _, u := range us {
		if include == nil || include(u) {
			out = append(out, option{strconv.FormatInt(u.ID, 10), label(u)})
		}
	}
	return out
}

// userByName labels a user option with the user's name.
func userByName(u *attract.User) string { return u.Name }

// userAndLogin labels a user option with the name and the username, for
// pages where two people of one name must stay apart.
func userAndLogin(u *attract.User) string { return u.Name + " (" + u.Username + ")" }

// teamOptions lists teams as picker options after first.
func teamOptions(ts []*attract.Team, first ...option) []option {
	out := make([]option, len(first), len(first)+len(ts))
	copy(out, first)
	for _, t := range ts {
		out = append(out, option{strconv.FormatInt(t.ID, 10), t.Name})
	}
	return out
}

// ---- Audit history ----

// savedSince returns the entries of saves made after a form loaded version:
// those whose record, after the change, is of a later version. Entries keep
// their order (FindAudit's: newest first).
func savedSince(entries []*attract.AuditEntry, version int64) []*attract.AuditEntry {
	var out []*attract.AuditEntry
	for _, e := range entries {
		var after struct {
			Version int64 `json:"version"`
		}
		if json.Unmarshal(e.After, &after) == nil && after.Version > version {
			out = append(out, e)
		}
	}
	return out
}

// changedKeys lists, sorted, the top-level keys whose values differ in
// meaning between two JSON snapshots of a record (an audit entry's before
// and after); a missing snapshot counts as one without keys.
func changedKeys(before, after json.RawMessage) []string {
	var b, a map[string]json.RawMessage
	json.Unmarshal(before, &b)
	json.Unmarshal(after, &a)
	return changedKeysOf(b, a)
}

// changedKeysOf is changedKeys of snapshots already decoded.
func changedKeysOf(b, a map[string]json.RawMessage) []string {
	var keys []string
	for k, av := range a {
		if !jsonEqual(b[k], av) {
			keys = append(keys, k)
		}
	}
	for k, bv := range b {
		if _, ok := a[k]; !ok && !jsonEqual(bv, nil) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// jsonEqual compares two JSON values by meaning, not spelling; a missing
// value is null.
func jsonEqual(a, b json.RawMessage) bool {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	if len(a) == 0 {
		a = json.RawMessage("null")
	}
	if len(b) == 0 {
		b = json.RawMessage("null")
	}
	if bytes.Equal(a, b) {
		return true // the common case, without decoding
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return string(a) == string(b)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return bytes.Equal(ja, jb)
}
