package attract

import (
	"context"
	"slices"
	"strings"
	"time"
)

// ImportKind is the kind of record a spreadsheet import creates.
type ImportKind string

// The kinds of import.
const (
	ImportCompanies  ImportKind = "companies"
	ImportContacts   ImportKind = "contacts"
	ImportProjects   ImportKind = "projects"
	ImportActivities ImportKind = "activities"
	ImportInflows    ImportKind = "inflows" // capital inflows: the utilized-foreign-capital ledger
)

// ImportKinds lists the kinds of import.
var ImportKinds = []ImportKind{ImportCompanies, ImportContacts, ImportProjects, ImportActivities, ImportInflows}

// Mapping says how the columns of an agency's spreadsheet become the fields
// of a kind of record. It is saved under a name so that next month's file of
// the same shape imports without setting it up again.
type Mapping struct {
	ID int64 `json:"id"`
	MappingFields
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy *int64    `json:"created_by"`
}

// MappingFields are the editable fields of a mapping; they are also the
// shape of a mapping file (`attract import --mapping FILE`).
type MappingFields struct {
	Name string     `json:"name"`
	Kind ImportKind `json:"kind"`
	// Encoding of a CSV file: "" detects it (a BOM or valid UTF-8 is UTF-8,
	// anything else GB18030); else utf-8, gbk, gb18030, windows-1252 or
	// macintosh.
	Encoding string `json:"encoding,omitempty"`
	// Sheet of an XLSX workbook; "" is the first.
	Sheet string `json:"sheet,omitempty"`
	// Key lists the columns whose values together identify a row when no
	// column holds an external ID, so that importing the file again updates
	// the records instead of duplicating them. KeyPrefix starts the external
	// ID built from them.
	Key       []string `json:"key,omitempty"`
	KeyPrefix string   `json:"key_prefix,omitempty"`
	// StageFallback imports a project whose stage gate the file cannot
	// satisfy at the furthest stage it can, with a warning, instead of
	// rejecting the row. Historical data sets (the World Bank's) need it.
	StageFallback bool            `json:"stage_fallback,omitempty"`
	Columns       []MappingColumn `json:"columns"`
}

// MappingColumn maps one column of the file, named by its header, to a
// field. A column may appear twice (a status giving both the stage and the
// reason for losing a project), and several columns may map to notes.
type MappingColumn struct {
	Column string `json:"column"`
	Field  string `json:"field"`          // the field's name; "" ignores the column
	Unit   string `json:"unit,omitempty"` // of an amount: 万元, 亿元, 万美元, US$ million...
	// Default is used when the cell is empty.
	Default string `json:"default,omitempty"`
	// Format says how to read the cell where it is not evident: "year",
	// "month" or "day" for a date split over columns.
	Format string `json:"format,omitempty"`
	// Values translates the file's words into the field's (Active →
	// operating); a value not listed is read as it is.
	Values map[string]string `json:"values,omitempty"`
}

// MappingFormats are the values Format may take.
var MappingFormats = []string{"", "year", "month", "day"}

// Validate checks the mapping's shape. Which fields exist for a kind is the
// importer's knowledge; it checks the field names.
func (m *MappingFields) Validate() error {
	var p Problems
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" {
		p.Required("name")
	}
	checkLen(&p, "name", m.Name, 100)
	checkEnum(&p, "kind", m.Kind, ImportKinds, false)
	switch strings.ToLower(m.Encoding) {
	case "", "utf-8", "utf8", "gbk", "gb18030", "gb2312", "windows-1252", "macintosh":
	default:
		p.Add("encoding", "must be utf-8, gbk, gb18030, windows-1252 or macintosh (or empty to detect it)",
			"须为 utf-8、gbk、gb18030、windows-1252 或 macintosh（留空则自动识别）")
	}
	checkLen(&p, "sheet", m.Sheet, 100)
	checkLen(&p, "key_prefix", m.KeyPrefix, 40)
	if len(m.Columns) == 0 {
		p.Add("columns", "map at least one column", "至少须映射一列")
	}
	if len(m.Columns) > 500 {
		p.Add("columns", "map at most 500 columns", "最多映射 500 列")
	}
	for i := range m.Columns {
		c := &m.Columns[i]
		c.Column, c.Field = strings.TrimSpace(c.Column), strings.TrimSpace(c.Field)
		if c.Column == "" {
			p.Add("columns", "every column needs its header", "每一列都须填写表头")
			break
		}
		if !slices.Contains(MappingFormats, c.Format) {
			p.Add("columns", "the format of %q must be year, month, day or empty", "%q 的格式须为 year、month、day 或留空", c.Column)
		}
	}
	return p.Err()
}

// MappingService stores named mappings.
type MappingService interface {
	// CreateMapping stores m. EINVALID, ECONFLICT (name taken), EFORBIDDEN.
	CreateMapping(ctx context.Context, m *Mapping) error
	// FindMappingByName returns the mapping of that name. ENOTFOUND.
	FindMappingByName(ctx context.Context, name string) (*Mapping, error)
	// FindMappings lists the mappings of a kind ("" for all), by name.
	FindMappings(ctx context.Context, kind ImportKind) ([]*Mapping, error)
	// UpdateMapping applies patch to the mapping last read at version.
	// EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN.
	UpdateMapping(ctx context.Context, id, version int64, patch Patch) (*Mapping, error)
	// DeleteMapping removes the mapping last read at version. ENOTFOUND,
	// ECONFLICT (someone changed it since), EFORBIDDEN.
	DeleteMapping(ctx context.Context, id, version int64) error
}
