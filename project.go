package attract

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// ProjectType is the kind of investment.
type ProjectType string

// Project types.
const (
	TypeGreenfield   ProjectType = "greenfield"
	TypeExpansion    ProjectType = "expansion" // by an enterprise already here
	TypeMA           ProjectType = "ma"
	TypeJointVenture ProjectType = "joint_venture"
	TypeReinvestment ProjectType = "reinvestment"
)

// ProjectTypes lists the project types.
var ProjectTypes = []ProjectType{TypeGreenfield, TypeExpansion, TypeMA, TypeJointVenture, TypeReinvestment}

// Activity kinds of a project's business (fDi Markets' "business activity").
var BusinessActivities = []string{"manufacturing", "rnd", "headquarters", "logistics", "sales", "services"}

// LeadSources are where leads come from.
var LeadSources = []string{"referral", "website", "event", "delegation", "desk_research", "other"}

// Priorities of a project.
var Priorities = []string{"low", "normal", "high"}

// Project is an investment project, from lead to operation. Editable fields
// live in ProjectFields; stage fields change only through stage moves.
type Project struct {
	ID int64 `json:"id"`
	ProjectFields
	Stage          Stage      `json:"stage"`
	LineStage      Stage      `json:"line_stage"` // the last stage on the line; equals Stage unless on hold or lost
	StageChangedAt time.Time  `json:"stage_changed_at"`
	LostReason     LostReason `json:"lost_reason,omitempty"`
	// UtilizedFDI is the sum of the capital ledger per currency; derived, never typed.
	UtilizedFDI []Money `json:"utilized_fdi"`
	// LastActivityAt is when the latest activity on the project took place; derived.
	LastActivityAt *time.Time `json:"last_activity_at"`
	ArchivedAt     *time.Time `json:"archived_at"`
	Demo           bool       `json:"demo,omitempty"`
	Version        int64      `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	CreatedBy      *int64     `json:"created_by"`

	// Embedded on request (?embed=investor,enterprise,stage_history,inflows,activities,tasks,contacts).
	Investor     *Company         `json:"investor,omitempty"`
	Enterprise   *Company         `json:"enterprise,omitempty"`
	StageHistory []*StageChange   `json:"stage_history,omitempty"`
	Inflows      []*CapitalInflow `json:"inflows,omitempty"`
	Activities   []*Activity      `json:"activities,omitempty"`
	Tasks        []*Task          `json:"tasks,omitempty"`
	Contacts     []*Contact       `json:"contacts,omitempty"`
}

// ProjectFields are the editable fields of a project (PRODUCT.md "What a
// project record carries").
type ProjectFields struct {
	Code           string         `json:"code"` // e.g. ZQ-2025-0042; generated when empty
	NameZH         string         `json:"name_zh"`
	NameEN         string         `json:"name_en"`
	Type           ProjectType    `json:"type"`
	InvestmentMode InvestmentMode `json:"investment_mode"`
	Source         string         `json:"source"` // how the lead came: LeadSources

	InvestorID      *int64 `json:"investor_id"`             // the investing company
	EnterpriseID    *int64 `json:"enterprise_id"`           // the enterprise established here, once registered
	SourceEconomy   string `json:"source_economy"`          // immediate: ISO 3166 alpha-2
	UltimateEconomy string `json:"ultimate_source_economy"` // of the ultimate parent

	Sector           string   `json:"sector"`    // ISIC Rev.4 class
	SectorGB         string   `json:"sector_gb"` // GB/T 4754 code, optional
	BusinessActivity string   `json:"business_activity"`
	TechnologyLevel  string   `json:"technology_level"`
	Tags             []string `json:"tags"`

	TotalInvestment   *Money `json:"total_investment"`
	RegisteredCapital *Money `json:"registered_capital"`
	ContractedFDI     *Money `json:"contracted_fdi"`    // 合同外资
	ForeignSharePct   *int64 `json:"foreign_share_pct"` // 0..100
	AmountsConfirmed  bool   `json:"amounts_confirmed"` // false: estimates

	ExpectedJobs   *int64 `json:"expected_jobs"`
	JobsConfirmed  bool   `json:"jobs_confirmed"`
	ExpectedOutput *Money `json:"expected_annual_output"`
	ExpectedTax    *Money `json:"expected_annual_tax"`
	LandAreaSqm    *int64 `json:"land_area_sqm"`
	EnergyUseTce   *int64 `json:"energy_use_tce"` // tonnes of coal equivalent a year

	Park          string `json:"park"`
	Site          string `json:"site"`
	OwnerID       *int64 `json:"owner_id"`
	TeamID        *int64 `json:"team_id"`
	KeyProject    bool   `json:"key_project"`
	Priority      string `json:"priority"`
	Probability   *int64 `json:"probability"` // percent
	NextAction    string `json:"next_action"`
	NextActionDue *Date  `json:"next_action_due"`
	Notes         string `json:"notes"`

	// Milestones, planned and actual.
	MOUPlanned          *Date `json:"mou_planned"`
	MOUActual           *Date `json:"mou_actual"`
	ContractPlanned     *Date `json:"contract_planned"`
	ContractActual      *Date `json:"contract_actual"`
	LicencePlanned      *Date `json:"licence_planned"`
	LicenceActual       *Date `json:"licence_actual"`
	LandPlanned         *Date `json:"land_planned"`
	LandActual          *Date `json:"land_actual"`
	ConstructionPlanned *Date `json:"construction_planned"`
	ConstructionActual  *Date `json:"construction_actual"`
	OperationPlanned    *Date `json:"operation_planned"`
	OperationActual     *Date `json:"operation_actual"`

	// ExternalID is the record's id in the system it was imported from, so
	// that importing the same file again updates it instead of duplicating it.
	ExternalID string `json:"external_id"`
}

var projectCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)

// DisplayName returns the Chinese name, or the English one.
func (p *ProjectFields) DisplayName() string {
	if p.NameZH != "" {
		return p.NameZH
	}
	return p.NameEN
}

// Validate checks the project's fields and normalises codes and economies.
func (p *ProjectFields) Validate() error {
	var probs Problems
	p.NameZH, p.NameEN = strings.TrimSpace(p.NameZH), strings.TrimSpace(p.NameEN)
	if p.NameZH == "" && p.NameEN == "" {
		probs.Add("name_zh", "a Chinese or an English name is required", "中文名称和英文名称至少填写一个")
	}
	checkLen(&probs, "name_zh", p.NameZH, 200)
	checkLen(&probs, "name_en", p.NameEN, 200)
	p.Code = strings.TrimSpace(p.Code)
	if p.Code != "" && !projectCodeRE.MatchString(p.Code) {
		probs.Add("code", "must be up to 40 letters, digits, '-' or '_'", "须为不超过 40 个字母、数字、'-' 或 '_'")
	}
	if p.Type == "" {
		p.Type = TypeGreenfield
	}
	checkEnum(&probs, "type", p.Type, ProjectTypes, false)
	checkEnum(&probs, "investment_mode", p.InvestmentMode, InvestmentModes, true)
	checkEnum(&probs, "source", p.Source, LeadSources, true)
	checkCountry(&probs, "source_economy", &p.SourceEconomy)
	checkCountry(&probs, "ultimate_source_economy", &p.UltimateEconomy)
	checkSector(&probs, "sector", &p.Sector)
	checkEnum(&probs, "business_activity", p.BusinessActivity, BusinessActivities, true)
	checkLen(&probs, "technology_level", p.TechnologyLevel, 40)
	checkLen(&probs, "sector_gb", p.SectorGB, 10)
	if p.Tags == nil {
		p.Tags = []string{}
	}
	for i, t := range p.Tags {
		p.Tags[i] = strings.TrimSpace(t)
		if p.Tags[i] == "" || len([]rune(p.Tags[i])) > 40 {
			probs.Add("tags", "each tag must be 1 to 40 characters", "每个标签须为 1 至 40 个字符")
			break
		}
	}
	for _, m := range []struct {
		field string
		v     *Money
	}{
		{"total_investment", p.TotalInvestment}, {"registered_capital", p.RegisteredCapital},
		{"contracted_fdi", p.ContractedFDI}, {"expected_annual_output", p.ExpectedOutput},
		{"expected_annual_tax", p.ExpectedTax},
	} {
		if m.v == nil {
			continue
		}
		if err := m.v.Validate(); err != nil {
			probs.Merge(m.field, err)
		} else if m.v.Amount < 0 {
			probs.Add(m.field, "must not be negative", "不能为负数")
		}
	}
	checkRange(&probs, "foreign_share_pct", p.ForeignSharePct, 0, 100)
	checkRange(&probs, "probability", p.Probability, 0, 100)
	checkRange(&probs, "expected_jobs", p.ExpectedJobs, 0, 10_000_000)
	checkRange(&probs, "land_area_sqm", p.LandAreaSqm, 0, 1_000_000_000)
	checkRange(&probs, "energy_use_tce", p.EnergyUseTce, 0, 1_000_000_000)
	checkLen(&probs, "park", p.Park, 200)
	checkLen(&probs, "site", p.Site, 200)
	if p.Priority == "" {
		p.Priority = "normal"
	}
	checkEnum(&probs, "priority", p.Priority, Priorities, false)
	checkLen(&probs, "next_action", p.NextAction, 500)
	checkLen(&probs, "notes", p.Notes, 20000)
	checkLen(&probs, "external_id", p.ExternalID, 200)
	return probs.Err()
}

// checkRange records a problem when *v is outside [min, max].
func checkRange(p *Problems, field string, v *int64, min, max int64) {
	if v != nil && (*v < min || *v > max) {
		p.Add(field, "must be between %d and %d", "须在 %d 与 %d 之间", min, max)
	}
}

// FilterNone, as a filter's value, selects the records where the field is
// not filled in: the projects without a sector or without a lead source,
// which the dashboard counts in rows of their own.
const FilterNone = "none"

// ProjectFilter selects projects. Every filter and sort here has an index.
type ProjectFilter struct {
	IDs           []int64 // only these projects
	Q             string  // text search in names, code and notes
	Stages        []Stage
	OwnerID       *int64
	TeamID        *int64
	Sector        string // ISIC code; matches the code and every code under it; FilterNone: no sector
	SectorExact   bool   // Sector matches only the projects classified by that very code, not the codes under it
	SourceEconomy string
	Type          ProjectType
	Source        string // lead source (LeadSources); FilterNone: no lead source
	KeyProject    *bool
	InvestorID    *int64
	CompanyID     *int64 // the projects of a company: those it invests in or became (investor or enterprise)
	CreatedFrom   *Date
	CreatedTo     *Date // inclusive
	ContractFrom  *Date
	ContractTo    *Date
	// NextActionDueTo selects projects whose next action is due on or before the date.
	NextActionDueTo *Date
	Archived        bool
	Sort            string // "updated_at", "created_at", "stage_changed_at", "name" or "code"; "-" descends (default "-updated_at")
	Cursor          string
	Limit           int
}

// ProjectService stores projects, their stage moves and capital ledger.
type ProjectService interface {
	// CreateProject stores p at stage lead (or p.Stage, whose gate must pass).
	// EINVALID, ECONFLICT (code taken), EFORBIDDEN.
	CreateProject(ctx context.Context, p *Project) error
	// FindProjectByID returns a project with the embeds asked for. ENOTFOUND.
	FindProjectByID(ctx context.Context, id int64, embed ...string) (*Project, error)
	// FindProjects lists projects and returns the cursor of the next page.
	// EINVALID for a bad sort or cursor.
	FindProjects(ctx context.Context, f ProjectFilter) ([]*Project, string, error)
	// UpdateProject applies patch to the project last read at version.
	// EINVALID, ENOTFOUND, ECONFLICT (stale version), EFORBIDDEN.
	UpdateProject(ctx context.Context, id, version int64, patch Patch) (*Project, error)
	// MoveStage moves a project along its life cycle (see CheckGate).
	// EINVALID (listing each missing field), ENOTFOUND, ECONFLICT, EFORBIDDEN.
	MoveStage(ctx context.Context, id int64, m StageMove) (*Project, error)
	// ArchiveProject archives or restores a project. ENOTFOUND, ECONFLICT, EFORBIDDEN.
	ArchiveProject(ctx context.Context, id, version int64, archived bool) (*Project, error)
	// DeleteProject removes a project and its dependent records for good
	// (admin only). ENOTFOUND, EFORBIDDEN.
	DeleteProject(ctx context.Context, id int64) error

	// CreateInflow adds an entry to a project's utilized-foreign-capital ledger.
	// EINVALID, ENOTFOUND, EFORBIDDEN.
	CreateInflow(ctx context.Context, in *CapitalInflow) error
	// FindInflows lists a project's ledger, oldest first.
	FindInflows(ctx context.Context, projectID int64) ([]*CapitalInflow, error)
	// DeleteInflow removes a ledger entry (a correction). ENOTFOUND, ECONFLICT, EFORBIDDEN.
	DeleteInflow(ctx context.Context, id, version int64) error
}

// CapitalInflow is one dated inflow of actually utilized foreign capital
// (实际使用外资) into a project.
type CapitalInflow struct {
	ID         int64     `json:"id"`
	ProjectID  int64     `json:"project_id"`
	Date       Date      `json:"date"`
	Amount     Money     `json:"amount"`
	Note       string    `json:"note"`
	ExternalID string    `json:"external_id"` // its id in the system it was imported from
	Demo       bool      `json:"demo,omitempty"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  *int64    `json:"created_by"`
}

// Validate checks the inflow.
func (in *CapitalInflow) Validate() error {
	var p Problems
	if in.ProjectID <= 0 {
		p.Required("project_id")
	}
	if in.Date.IsZero() {
		p.Required("date")
	}
	if in.Amount.Currency == "" {
		p.Required("amount")
	} else if err := in.Amount.Validate(); err != nil {
		p.Merge("amount", err)
	} else if in.Amount.Amount == 0 {
		p.Add("amount", "must not be zero", "不能为零")
	}
	checkLen(&p, "note", in.Note, 2000)
	checkLen(&p, "external_id", in.ExternalID, 200)
	return p.Err()
}
