package http

import (
	"net/http"

	"attract"
)

var auditParams = append([]param{
	{"entity", "string", "project, company, contact, activity, task, user, token, inflow, rate, team"},
	{"entity_id", "integer", ""}, {"actor_id", "integer", ""},
	{"action", "string", "create, update, stage, archive, restore, delete, ..."},
	{"from", "string", "YYYY-MM-DD, a day in China Standard Time"}, {"to", "string", "YYYY-MM-DD, a day in China Standard Time"},
}, pagingParams...)

// stageInfo describes a stage for clients.
type stageInfo struct {
	Stage   attract.Stage `json:"stage"`
	Index   int           `json:"index"`
	LabelEN string        `json:"label_en"`
	LabelZH string        `json:"label_zh"`
}

func (s *Server) listCountries(w http.ResponseWriter, r *http.Request) error {
	return writeList(w, attract.Countries(), "")
}

func (s *Server) listCurrencies(w http.ResponseWriter, r *http.Request) error {
	return writeList(w, attract.Currencies(), "")
}

func (s *Server) listSectors(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	level, parent := q.str("level"), q.str("parent")
	switch level {
	case "", attract.SectorSection, attract.SectorDivision, attract.SectorGroup, attract.SectorClass:
	default:
		q.probs.Add("level", "must be section, division, group or class", "须为 section、division、group 或 class")
	}
	if err := q.err(); err != nil {
		return err
	}
	var out []attract.Sector
	for _, sec := range attract.Sectors() {
		if (level == "" || sec.Level == level) && (parent == "" || sec.Parent == parent) {
			out = append(out, sec)
		}
	}
	return writeList(w, out, "")
}

func (s *Server) listDivisions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	if name := q.str("q"); name != "" {
		return writeList(w, attract.LookupDivision(name), "")
	}
	return writeList(w, attract.DivisionChildren(q.str("parent")), "")
}

func (s *Server) listStages(w http.ResponseWriter, r *http.Request) error {
	out := make([]stageInfo, len(attract.Stages))
	for i, st := range attract.Stages {
		out[i] = stageInfo{st, st.Index(), st.Label("en"), st.Label("zh")}
	}
	return writeList(w, out, "")
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.AuditFilter{Entity: q.str("entity"), EntityID: q.id("entity_id"), ActorID: q.id("actor_id"),
		Action: q.str("action"), From: q.date("from"), To: q.date("to"), Cursor: q.str("cursor"), Limit: q.int("limit")}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}
