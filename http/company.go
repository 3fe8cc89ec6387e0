package http

import (
	"net/http"

	"attract"
)

var companyParams = append([]param{
	{"q", "string", "text in names, USCC, registration number or notes"},
	{"country", "string", "country of registration: code or name"},
	{"sector", "string", "ISIC code or section letter"},
	{"foreign_invested", "boolean", ""}, {"owner_id", "integer", ""}, {"team_id", "integer", ""},
	{"uscc", "string", "exact unified social credit code"},
	{"archived", "boolean", "list archived companies instead"},
	{"sort", "string", "name (default; Chinese names in pinyin order, Latin names first) or updated_at; '-' descends"},
}, pagingParams...)

// companyPatch documents a company update.
type companyPatch struct {
	Version int64 `json:"version"`
	attract.CompanyFields
}

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.CompanyFilter{
		Q: q.str("q"), Country: q.str("country"), Sector: q.str("sector"), ForeignInvested: q.bool("foreign_invested"),
		OwnerID: q.id("owner_id"), TeamID: q.id("team_id"), USCC: q.str("uscc"),
		Sort: q.str("sort"), Cursor: q.str("cursor"), Limit: q.int("limit"),
	}
	if a := q.bool("archived"); a != nil {
		f.Archived = *a
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindCompanies(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

// companyMerge is the body of a merge: the company that stays.
type companyMerge struct {
	Into int64 `json:"into"`
}

// mergeCompany merges the company of the path into the one named by "into":
// its projects, contacts, activities and tasks move there and it is
// archived. The kept company is returned.
func (s *Server) mergeCompany(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in companyMerge
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	if in.Into <= 0 {
		return fieldError("into", "is required: the id of the company to keep", "为必填项：要保留的企业的编号")
	}
	if in.Into == id {
		return fieldError("into", "is this company: a company cannot be merged into itself", "是本企业：企业不能与自身合并")
	}
	kept, err := s.DB.MergeCompanies(r.Context(), in.Into, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, kept)
}
