package attract

import "context"

// DashboardFilter selects the year-to-date figures of the dashboard: one
// calendar year, and optionally one team's projects.
type DashboardFilter struct {
	Year   int    // 1900 to 2200
	TeamID *int64 // nil: every project, with or without a team
}

// Validate checks the filter and names each bad field: year, team_id.
func (f DashboardFilter) Validate() error {
	var p Problems
	if f.Year < 1900 || f.Year > 2200 {
		p.Add("year", "must be a year from 1900 to 2200", "须为 1900 至 2200 之间的年份")
	}
	if f.TeamID != nil && *f.TeamID <= 0 {
		p.Add("team_id", "must be the id of a team", "须为团队的编号")
	}
	return p.Err()
}

// Dashboard is a year's figures as directors report them: the projects
// created in the year by the stage they stand at now, and the projects
// whose contract was signed in the year (contract_actual) by sector and by
// lead source, each counted and its total investment summed per currency,
// and both by month. Archived projects are left out, as the board and the
// project list leave them out.
//
// Dates are those the project list filters by, so every figure is the
// count of the list filtered by created_from/created_to (or
// contract_from/contract_to) over the year, the team and the row's stage,
// sector or source. A project's creation day is its day in AgencyZone.
type Dashboard struct {
	Year   int    `json:"year"`
	TeamID *int64 `json:"team_id"`
	// Created counts the projects created in the year.
	Created DashboardFigure `json:"created"`
	// Signed counts the projects whose contract was signed in the year.
	Signed DashboardFigure `json:"signed"`
	// CreatedByStage has one entry per stage (Key), in life-cycle order,
	// including stages with none.
	CreatedByStage []DashboardFigure `json:"created_by_stage"`
	// SignedBySector has one entry per ISIC division (Key: "29"), in code
	// order, for the divisions with signed projects; a project classified
	// only by its section counts under the section letter, and one without
	// a sector under "", last.
	SignedBySector []DashboardFigure `json:"signed_by_sector"`
	// SignedBySource has one entry per lead source (Key, LeadSources order),
	// including sources with none, then "" for projects without one if any.
	SignedBySource []DashboardFigure `json:"signed_by_source"`
	// ByMonth has the twelve months of the year, January first.
	ByMonth []DashboardMonth `json:"by_month"`

	// Currency is what Converted sums are in (CNY), at the agency's latest
	// rates on or before RateDate: the year's last day, or today for the
	// current year. Rates lists each rate applied.
	Currency string          `json:"currency"`
	RateDate Date            `json:"rate_date"`
	Rates    []*ExchangeRate `json:"rates"`
}

// DashboardFigure is one figure of the dashboard: how many projects and
// the sum of their total investment per currency, sorted by currency code
// (projects without a total investment count but add nothing). Converted
// is that sum in Dashboard.Currency; it is nil when a currency of Totals
// has no rate to convert it, so that a partial sum never passes for the
// whole.
type DashboardFigure struct {
	Key       string  `json:"key"`
	Count     int64   `json:"count"`
	Totals    []Money `json:"totals"`
	Converted *Money  `json:"converted"`
}

// DashboardMonth is one month of the dashboard's year (1 to 12).
type DashboardMonth struct {
	Month   int             `json:"month"`
	Created DashboardFigure `json:"created"`
	Signed  DashboardFigure `json:"signed"`
}

// DashboardService computes the dashboard.
type DashboardService interface {
	// Dashboard returns the year's figures. EINVALID (naming year or
	// team_id), EFORBIDDEN without project:read.
	Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error)
}
