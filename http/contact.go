package http

import (
	"net/http"

	"attract"
)

var contactParams = append([]param{
	{"q", "string", "text in names, title, email, phone, WeChat or notes"},
	{"company_id", "integer", ""}, {"owner_id", "integer", ""},
	{"archived", "boolean", "list archived contacts instead"},
	{"sort", "string", "name (default; Chinese names in pinyin order, Latin names first) or updated_at; '-' descends"},
}, pagingParams...)

// contactPatch documents a contact update.
type contactPatch struct {
	Version int64 `json:"version"`
	attract.ContactFields
}

func (s *Server) listContacts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.ContactFilter{Q: q.str("q"), CompanyID: q.id("company_id"), OwnerID: q.id("owner_id"),
		Sort: q.str("sort"), Cursor: q.str("cursor"), Limit: q.int("limit")}
	if a := q.bool("archived"); a != nil {
		f.Archived = *a
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindContacts(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}
