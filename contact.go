package attract

import (
	"context"
	"strings"
	"time"
)

// Contact is a person at a company.
type Contact struct {
	ID int64 `json:"id"`
	ContactFields
	ArchivedAt *time.Time `json:"archived_at"`
	Demo       bool       `json:"demo,omitempty"`
	Version    int64      `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`

	Company *Company `json:"company,omitempty"` // embedded on request
}

// ContactFields are the editable fields of a contact.
type ContactFields struct {
	CompanyID *int64 `json:"company_id"`
	NameZH    string `json:"name_zh"`
	NameEN    string `json:"name_en"`
	Title     string `json:"title"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	WeChat    string `json:"wechat"`
	Language  string `json:"language"` // preferred: "zh", "en" or another ISO 639-1 code
	Notes     string `json:"notes"`
	OwnerID   *int64 `json:"owner_id"`
	TeamID    *int64 `json:"team_id"`
	// ExternalID is the record's id in the system it was imported from.
	ExternalID string `json:"external_id"`
}

// DisplayName returns the Chinese name, or the English one.
func (c *ContactFields) DisplayName() string {
	if c.NameZH != "" {
		return c.NameZH
	}
	return c.NameEN
}

// Validate checks the contact's fields.
func (c *ContactFields) Validate() error {
	var p Problems
	c.NameZH, c.NameEN = strings.TrimSpace(c.NameZH), strings.TrimSpace(c.NameEN)
	if c.NameZH == "" && c.NameEN == "" {
		p.Add("name_zh", "a Chinese or an English name is required", "中文姓名和英文姓名至少填写一个")
	}
	checkLen(&p, "name_zh", c.NameZH, 100)
	checkLen(&p, "name_en", c.NameEN, 100)
	checkLen(&p, "title", c.Title, 100)
	c.Email = strings.TrimSpace(c.Email)
	if c.Email != "" {
		local, domain, ok := strings.Cut(c.Email, "@")
		if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(c.Email, " ,;<>") {
			p.Add("email", "is not an e-mail address", "不是有效的电子邮件地址")
		}
	}
	c.Phone = strings.TrimSpace(c.Phone)
	if c.Phone != "" && strings.Trim(c.Phone, "+0123456789 -()") != "" {
		p.Add("phone", "may hold only digits, spaces, '+', '-' and brackets", "只能包含数字、空格、'+'、'-' 和括号")
	}
	checkLen(&p, "phone", c.Phone, 40)
	checkLen(&p, "wechat", c.WeChat, 40)
	if c.Language != "" && (len(c.Language) != 2 || strings.ToLower(c.Language) != c.Language) {
		p.Add("language", "must be a two-letter language code such as zh or en", "必须是两个字母的语言代码，如 zh 或 en")
	}
	checkLen(&p, "notes", c.Notes, 20000)
	checkLen(&p, "external_id", c.ExternalID, 200)
	return p.Err()
}

// ContactFilter selects contacts.
type ContactFilter struct {
	Q         string
	IDs       []int64 // only these contacts
	CompanyID *int64
	OwnerID   *int64
	Archived  bool
	Sort      string
	Cursor    string
	Limit     int
}

// ContactService stores contacts.
type ContactService interface {
	// CreateContact stores c. EINVALID, EFORBIDDEN.
	CreateContact(ctx context.Context, c *Contact) error
	// FindContactByID returns a contact, with embeds ("company"). ENOTFOUND.
	FindContactByID(ctx context.Context, id int64, embed ...string) (*Contact, error)
	// FindContacts lists contacts and returns the cursor of the next page.
	FindContacts(ctx context.Context, f ContactFilter) ([]*Contact, string, error)
	// UpdateContact applies patch. EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN.
	UpdateContact(ctx context.Context, id, version int64, patch Patch) (*Contact, error)
	// ArchiveContact archives or restores a contact. ENOTFOUND, ECONFLICT, EFORBIDDEN.
	ArchiveContact(ctx context.Context, id, version int64, archived bool) (*Contact, error)
	// DeleteContact removes a contact for good (admin only). ENOTFOUND, EFORBIDDEN.
	DeleteContact(ctx context.Context, id int64) error
}
