package http

import (
	"net/http"
	"slices"

	"attract"
)

var projectParams = append([]param{
	{"q", "string", "text in names, code, notes, park or site (Chinese substrings or English words)"},
	{"stage", "string", "comma-separated stages"},
	{"owner_id", "integer", ""}, {"team_id", "integer", ""},
	{"sector", "string", "ISIC code or section letter; matches codes under it; none: projects without a sector"},
	{"sector_exact", "boolean", "true: sector matches only the projects classified by that very code, not the codes under it (sector=C&sector_exact=true: a section letter alone)"},
	{"source_economy", "string", "ISO 3166 alpha-2"},
	{"type", "string", "greenfield, expansion, ma, joint_venture, reinvestment"},
	{"source", "string", "lead source: referral, website, event, delegation, desk_research, other; none: projects without one"},
	{"key_project", "boolean", ""}, {"investor_id", "integer", "the investing company"},
	{"company_id", "integer", "the projects of a company: those it invests in or became (investor or enterprise), as its page lists them"},
	{"created_from", "string", "YYYY-MM-DD, a day in China Standard Time"}, {"created_to", "string", "YYYY-MM-DD, a day in China Standard Time"},
	{"contract_from", "string", "YYYY-MM-DD"}, {"contract_to", "string", "YYYY-MM-DD"},
	{"archived", "boolean", "list archived projects instead"},
	{"sort", "string", "updated_at, created_at, stage_changed_at, name (Chinese names in pinyin order, Latin names first) or code; '-' descends (default -updated_at)"},
}, pagingParams...)

// projectCreate is the body of a project creation: the editable fields and,
// optionally, a later starting stage whose gates must pass.
type projectCreate struct {
	attract.ProjectFields
	Stage attract.Stage `json:"stage"`
}

// projectPatch documents a project update: the version and any editable fields.
type projectPatch struct {
	Version int64 `json:"version"`
	attract.ProjectFields
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.ProjectFilter{
		Q: q.str("q"), OwnerID: q.id("owner_id"), TeamID: q.id("team_id"), Sector: q.str("sector"),
		SourceEconomy: q.str("source_economy"), Type: attract.ProjectType(q.str("type")), Source: q.str("source"), KeyProject: q.bool("key_project"),
		InvestorID: q.id("investor_id"), CompanyID: q.id("company_id"), CreatedFrom: q.date("created_from"), CreatedTo: q.date("created_to"),
		ContractFrom: q.date("contract_from"), ContractTo: q.date("contract_to"),
		Sort: q.str("sort"), Cursor: q.str("cursor"), Limit: q.int("limit"),
	}
	if a := q.bool("archived"); a != nil {
		f.Archived = *a
	}
	if e := q.bool("sector_exact"); e != nil {
		f.SectorExact = *e
	}
	for _, st := range q.list("stage") {
		if !attract.Stage(st).Valid() {
			q.probs.Add("stage", "%q is not a stage", "%q 不是有效的阶段", st)
		}
		f.Stages = append(f.Stages, attract.Stage(st))
	}
	if f.Type != "" {
		valid := false
		for _, t := range attract.ProjectTypes {
			valid = valid || t == f.Type
		}
		if !valid {
			q.probs.Add("type", "%q is not a project type", "%q 不是有效的项目类型", f.Type)
		}
	}
	if f.Source != "" && f.Source != attract.FilterNone && !slices.Contains(attract.LeadSources, f.Source) {
		q.probs.Add("source", "%q is not a lead source", "%q 不是有效的线索来源", f.Source)
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindProjects(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func (s *Server) moveStage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var m attract.StageMove
	if err := decodeCreate(r, &m); err != nil {
		return err
	}
	if m.Version <= 0 {
		return fieldError("version", "is required: send the version you last read", "为必填项：请提交您最后读取的版本号")
	}
	p, err := s.DB.MoveStage(r.Context(), id, m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// inflowCreate is the body of a new ledger entry.
type inflowCreate struct {
	Date   attract.Date  `json:"date"`
	Amount attract.Money `json:"amount"`
	Note   string        `json:"note"`
}

func (s *Server) listInflows(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	items, err := s.DB.FindInflows(r.Context(), id)
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) createInflow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in inflowCreate
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	entry := &attract.CapitalInflow{ProjectID: id, Date: in.Date, Amount: in.Amount, Note: in.Note}
	if err := s.DB.CreateInflow(r.Context(), entry); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, entry)
}

func (s *Server) deleteInflow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	version := q.id("version")
	if version == nil && q.err() == nil {
		q.probs.Required("version")
	}
	if err := q.err(); err != nil {
		return err
	}
	if err := s.DB.DeleteInflow(r.Context(), id, *version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// recordAudit serves the audit history of one record to whoever may read it.
func (s *Server) recordAudit(entity string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		q := newQuery(r)
		f := attract.AuditFilter{Entity: entity, EntityID: &id, Cursor: q.str("cursor"), Limit: q.int("limit")}
		if err := q.err(); err != nil {
			return err
		}
		items, next, err := s.DB.FindAudit(r.Context(), f)
		if err != nil {
			return err
		}
		return writeList(w, items, next)
	}
}
