package http

import (
	"net/http"

	"attract"
)

var dashboardParams = []param{
	{"year", "integer", "the calendar year, 1900 to 2200 (default this year)"},
	{"team_id", "integer", "one team's projects (default every project)"},
}

// getDashboard answers the year-to-date figures: new projects by stage,
// signed projects by sector and by lead source, and both by month, each
// counted and summed per currency.
func (s *Server) getDashboard(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.DashboardFilter{Year: q.int("year"), TeamID: q.id("team_id")}
	if q.str("year") == "" {
		f.Year = s.DB.Now().UTC().Year()
	}
	if err := q.err(); err != nil {
		return err
	}
	d, err := s.DB.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}
