package attract

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// InvestmentMode is the legal form of a (foreign) investment.
type InvestmentMode string

// Investment modes (PRODUCT.md glossary).
const (
	ModeWFOE        InvestmentMode = "wfoe"        // 外商独资
	ModeEJV         InvestmentMode = "ejv"         // 中外合资
	ModeCJV         InvestmentMode = "cjv"         // 中外合作
	ModePartnership InvestmentMode = "partnership" // 外商投资合伙企业
	ModeDomestic    InvestmentMode = "domestic"    // 内资
)

// InvestmentModes lists the investment modes.
var InvestmentModes = []InvestmentMode{ModeWFOE, ModeEJV, ModeCJV, ModePartnership, ModeDomestic}

// Company is an investor or an enterprise established here. Editable fields
// live in CompanyFields so that one Patch type serves updates.
type Company struct {
	ID int64 `json:"id"`
	CompanyFields
	ArchivedAt *time.Time `json:"archived_at"`
	Demo       bool       `json:"demo,omitempty"`
	Version    int64      `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`

	// Embedded on request (?embed=projects,contacts).
	Contacts []*Contact `json:"contacts,omitempty"`
	Projects []*Project `json:"projects,omitempty"`
}

// CompanyFields are the editable fields of a company.
type CompanyFields struct {
	NameZH           string         `json:"name_zh"`
	NameEN           string         `json:"name_en"`
	USCC             string         `json:"uscc"`               // unified social credit code, for companies registered in China
	ForeignRegNo     string         `json:"foreign_reg_no"`     // registration number abroad
	Country          string         `json:"country"`            // ISO 3166 alpha-2 of registration
	UltimateParentID *int64         `json:"ultimate_parent_id"` // a company
	Sector           string         `json:"sector"`             // ISIC Rev.4 code
	ForeignInvested  bool           `json:"foreign_invested"`
	InvestmentMode   InvestmentMode `json:"investment_mode"`
	RegistrationDate *Date          `json:"registration_date"`
	RegisteredCap    *Money         `json:"registered_capital"`
	Website          string         `json:"website"`
	Notes            string         `json:"notes"`
	OwnerID          *int64         `json:"owner_id"`
	TeamID           *int64         `json:"team_id"`
	// ExternalID is the record's id in the system it was imported from, so
	// that importing the same file again updates it instead of duplicating it.
	ExternalID string `json:"external_id"`
}

// DisplayName returns the Chinese name, or the English one when there is none.
func (c *CompanyFields) DisplayName() string {
	if c.NameZH != "" {
		return c.NameZH
	}
	return c.NameEN
}

// Validate checks the company's fields and normalises its codes.
func (c *CompanyFields) Validate() error {
	var p Problems
	c.NameZH, c.NameEN = strings.TrimSpace(c.NameZH), strings.TrimSpace(c.NameEN)
	if c.NameZH == "" && c.NameEN == "" {
		p.Add("name_zh", "a Chinese or an English name is required", "中文名称和英文名称至少填写一个")
	}
	checkLen(&p, "name_zh", c.NameZH, 200)
	checkLen(&p, "name_en", c.NameEN, 200)
	if c.USCC != "" {
		c.USCC = NormalizeUSCC(c.USCC)
		p.Merge("uscc", ValidateUSCC(c.USCC))
	}
	c.ForeignRegNo = strings.TrimSpace(c.ForeignRegNo)
	checkLen(&p, "foreign_reg_no", c.ForeignRegNo, 64)
	checkCountry(&p, "country", &c.Country)
	checkSector(&p, "sector", &c.Sector)
	checkEnum(&p, "investment_mode", c.InvestmentMode, InvestmentModes, true)
	if c.RegisteredCap != nil {
		p.Merge("registered_capital", c.RegisteredCap.Validate())
	}
	if c.Website != "" {
		u, err := url.Parse(c.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("website", "must be an http:// or https:// address", "必须是 http:// 或 https:// 开头的网址")
		}
	}
	checkLen(&p, "notes", c.Notes, 20000)
	checkLen(&p, "external_id", c.ExternalID, 200)
	return p.Err()
}

// CompanyFilter selects companies.
type CompanyFilter struct {
	IDs             []int64 // only these companies, archived or not: a lookup of the companies records refer to
	Q               string  // text search in names and notes
	Country         string
	Sector          string // an ISIC code; matches it and every code under it
	ForeignInvested *bool
	OwnerID         *int64
	TeamID          *int64
	USCC            string
	Archived        bool // list archived companies instead of live ones
	Sort            string
	Cursor          string
	Limit           int
}

// CompanyService stores companies.
type CompanyService interface {
	// CreateCompany stores c. EINVALID, ECONFLICT (USCC taken), EFORBIDDEN.
	CreateCompany(ctx context.Context, c *Company) error
	// FindCompanyByID returns a company, with embeds ("contacts", "projects").
	// ENOTFOUND.
	FindCompanyByID(ctx context.Context, id int64, embed ...string) (*Company, error)
	// FindCompanies lists companies and returns the cursor of the next page.
	FindCompanies(ctx context.Context, f CompanyFilter) ([]*Company, string, error)
	// UpdateCompany applies patch to the company last read at version.
	// EINVALID, ENOTFOUND, ECONFLICT (stale version), EFORBIDDEN.
	UpdateCompany(ctx context.Context, id, version int64, patch Patch) (*Company, error)
	// ArchiveCompany archives (archived=true) or restores a company.
	// ENOTFOUND, ECONFLICT, EFORBIDDEN.
	ArchiveCompany(ctx context.Context, id, version int64, archived bool) (*Company, error)
	// DeleteCompany removes a company for good (admin only).
	// ENOTFOUND, ECONFLICT (still referenced), EFORBIDDEN.
	DeleteCompany(ctx context.Context, id int64) error
}
