package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"attract"
)

// Exports of the company and contact lists, and the merging of duplicate
// companies.

var _ = register(map[string]message{
	"dirx.export.csv":      {"Export CSV", "导出 CSV"},
	"dirx.export.xlsx":     {"Export XLSX", "导出 XLSX"},
	"dirx.export.hint":     {"Exports every page of this list, with these filters.", "按当前筛选条件导出全部页。"},
	"dirx.col.regcapcur":   {"Registered capital currency", "注册资本币种"},
	"dirx.col.company":     {"Company", "所在企业"},
	"dirx.col.updated":     {"Updated", "更新时间"},
	"merge.action":         {"Merge into another company…", "合并到其他企业…"},
	"merge.title":          {"Merge %s into another company", "将 %s 合并到其他企业"},
	"merge.intro":          {"Pick the company to keep. Every project, contact, activity and task of this company moves to it, and this company is archived. Both histories are kept.", "请选择要保留的企业。本企业的所有项目、联系人、活动记录和任务将转到该企业，本企业将被归档。双方的修改记录均保留。"},
	"merge.search":         {"Find the company to keep by name", "按名称查找要保留的企业"},
	"merge.find":           {"Find", "查找"},
	"merge.likely":         {"Likely duplicates", "可能重复的企业"},
	"merge.results":        {"Companies matching “%s”", "与“%s”匹配的企业"},
	"merge.nocandidates":   {"No other company matches. Search by another name.", "没有匹配的其他企业，请换个名称查找。"},
	"merge.into":           {"Company to keep", "要保留的企业"},
	"merge.review":         {"Review the merge", "核对合并"},
	"merge.confirm":        {"Confirm the merge", "确认合并"},
	"merge.confirmtext":    {"%s will be merged into %s and archived. This cannot be undone by restoring it: the moved records stay with the kept company.", "%s 将合并到 %s 并被归档。恢复该企业不会撤销合并：已转移的记录仍属于保留的企业。"},
	"merge.merged":         {"Merged and archived", "合并后归档"},
	"merge.kept":           {"Kept", "保留"},
	"merge.projects":       {"Projects", "项目数"},
	"merge.contacts":       {"Contacts", "联系人数"},
	"merge.submit":         {"Merge", "合并"},
	"merge.back":           {"Pick another company", "重新选择企业"},
	"merge.cancel":         {"Cancel", "取消"},
	"merge.done":           {"The companies are merged.", "企业已合并。"},
	"merge.same":           {"A company cannot be merged into itself. Pick another company.", "企业不能与自身合并，请选择其他企业。"},
	"merge.unknown":        {"There is no company %q. Pick one from the list.", "没有编号为“%s”的企业，请从列表中选择。"},
	"merge.pick":           {"Pick the company to keep.", "请选择要保留的企业。"},
	"merge.mergedarchived": {"This company is archived; restore it before merging it.", "该企业已归档，请先恢复再合并。"},
})

// ---- Exports ----

// exportCompanies writes every company of the list's view, all pages, as
// CSV or XLSX.
func (h *Handler) exportCompanies(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		ctx := r.Context()
		f := companyFilterOf(r.URL.Query())
		f.Cursor, f.Limit = "", int(listExportPage.Load())
		staff, err := h.loadPeople(ctx)
		if err != nil {
			return err
		}
		var header []exportCell
		for _, k := range []string{"company.name_zh", "company.name_en", "company.uscc", "company.foreign_reg", "company.countryshort",
			"company.sectorshort", "company.fie", "company.mode", "company.regdate", "company.regcap", "dirx.col.regcapcur",
			"company.website", "dir.owner", "dir.team", "dirx.col.updated"} {
			header = append(header, exportText(p.T(k)))
		}
		read := func(cursor string) ([][]exportCell, string, error) {
			f.Cursor = cursor
			items, next, err := h.DB.FindCompanies(ctx, f)
			if err != nil {
				return nil, "", err
			}
			rows := make([][]exportCell, 0, len(items))
			for _, c := range items {
				fie := p.T("common.no")
				if c.ForeignInvested {
					fie = p.T("common.yes")
				}
				mode, regdate := "", ""
				if c.InvestmentMode != "" {
					mode = p.T("mode." + string(c.InvestmentMode))
				}
				if c.RegistrationDate != nil {
					regdate = c.RegistrationDate.String()
				}
				capital, currency := exportCell{}, exportCell{}
				if c.RegisteredCap != nil {
					capital, currency = exportNumber(c.RegisteredCap.Decimal()), exportText(c.RegisteredCap.Currency)
				}
				rows = append(rows, []exportCell{
					exportText(c.NameZH), exportText(c.NameEN), exportText(c.USCC), exportText(c.ForeignRegNo),
					exportText(countryName(c.Country, p.Lang)), exportText(sectorName(c.Sector, p.Lang)), exportText(fie),
					exportText(mode), exportText(regdate), capital, currency, exportText(c.Website),
					exportText(staff.userName(c.OwnerID)), exportText(staff.teamName(c.TeamID)),
					exportText(formatTime(c.UpdatedAt, minuteLayout)),
				})
			}
			return rows, next, nil
		}
		name := "companies-" + attract.AgencyDate(h.DB.Now()).String() + "." + format
		return serveExport(w, h.Logger, format, name, p.T("company.list"), header, read)
	}
}

// exportContacts writes every contact of the list's view, all pages, as CSV
// or XLSX.
func (h *Handler) exportContacts(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		ctx := r.Context()
		f, _, err := h.contactFilterOf(ctx, r.URL.Query())
		if err != nil {
			return err
		}
		f.Cursor, f.Limit = "", int(listExportPage.Load())
		staff, err := h.loadPeople(ctx)
		if err != nil {
			return err
		}
		var header []exportCell
		for _, k := range []string{"contact.name_zh", "contact.name_en", "dirx.col.company", "contact.title", "contact.email",
			"contact.phone", "contact.wechat", "contact.language", "dir.owner", "dir.team", "dirx.col.updated"} {
			header = append(header, exportText(p.T(k)))
		}
		read := func(cursor string) ([][]exportCell, string, error) {
			f.Cursor = cursor
			items, next, err := h.DB.FindContacts(ctx, f)
			if err != nil {
				return nil, "", err
			}
			names, err := h.contactCompanyNames(ctx, items)
			if err != nil {
				return nil, "", err
			}
			rows := make([][]exportCell, 0, len(items))
			for _, c := range items {
				rows = append(rows, []exportCell{
					exportText(c.NameZH), exportText(c.NameEN), exportText(names[ptrID(c.CompanyID)]), exportText(c.Title),
					exportText(c.Email), exportText(c.Phone), exportText(c.WeChat), exportText(languageName(p, c.Language)),
					exportText(staff.userName(c.OwnerID)), exportText(staff.teamName(c.TeamID)),
					exportText(formatTime(c.UpdatedAt, minuteLayout)),
				})
			}
			return rows, next, nil
		}
		name := "contacts-" + attract.AgencyDate(h.DB.Now()).String() + "." + format
		return serveExport(w, h.Logger, format, name, p.T("contact.list"), header, read)
	}
}

// ---- Merging duplicate companies ----

// canMergeCompanies reports whether the user may merge companies: the
// store lets directors and admins only.
func canMergeCompanies(p *page) bool {
	return p.User != nil && p.Can("company:archive") && p.User.Role.EditsAll()
}

// mergeSide is one company of a merge, as the confirmation shows it.
type mergeSide struct {
	C                  *attract.Company
	Country            string
	Projects, Contacts int
}

// mergeData is the merge page: picking the company to keep, then
// confirming.
type mergeData struct {
	Merged     mergeSide // the company of the page, which goes
	Kept       *mergeSide
	Q          string
	Searched   bool
	Candidates []*attract.Company
	Into       string
	Error      string
}

func (h *Handler) mergeSideOf(ctx context.Context, p *page, id int64) (mergeSide, error) {
	c, err := h.DB.FindCompanyByID(ctx, id)
	if err != nil {
		return mergeSide{}, err
	}
	s := mergeSide{C: c, Country: countryName(c.Country, p.Lang)}
	if s.Projects, err = h.DB.CountCompanyProjects(ctx, id); err != nil {
		return mergeSide{}, err
	}
	if s.Contacts, err = h.DB.CountCompanyContacts(ctx, id); err != nil {
		return mergeSide{}, err
	}
	return s, nil
}

// mergeCandidates are the companies offered to keep: those found by the
// user's search, or else the likely duplicates (the same USCC, or a name
// like one of this company's names), never the company itself nor an
// archived one.
func (h *Handler) mergeCandidates(ctx context.Context, c *attract.Company, q string) ([]*attract.Company, error) {
	var filters []attract.CompanyFilter
	if q != "" {
		filters = append(filters, attract.CompanyFilter{Q: q, Sort: "name", Limit: 50})
	} else {
		if c.USCC != "" {
			filters = append(filters, attract.CompanyFilter{USCC: c.USCC, Sort: "name", Limit: 20})
		}
		for _, n := range []string{c.NameZH, c.NameEN} {
			if n = mergeNormalName(n); n != "" {
				filters = append(filters, attract.CompanyFilter{Q: n, Sort: "name", Limit: 20})
			}
		}
	}
	var out []*attract.Company
	seen := map[int64]bool{c.ID: true}
	for _, f := range filters {
		found, _, err := h.DB.FindCompanies(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, co := range found {
			if !seen[co.ID] && co.ArchivedAt == nil {
				seen[co.ID] = true
				out = append(out, co)
			}
		}
	}
	return out, nil
}

// mergeSuffixes are the legal forms and place names in brackets that differ
// between two entries of one company; the search looks for what is left.
var mergeSuffixes = []string{"有限责任公司", "股份有限公司", "有限公司", "co., ltd.", "co.,ltd.", "co. ltd.", "co ltd", "ltd.", "ltd",
	"gmbh", "ag", "inc.", "inc", "corporation", "corp.", "limited", "llc", "s.a.", "plc"}

// mergeNormalName is a company's name without its bracketed parts, legal
// form and punctuation at the ends: "哈特曼汽车饰件（肇庆）有限公司" becomes
// "哈特曼汽车饰件".
func mergeNormalName(name string) string {
	s := strings.TrimSpace(name)
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		for {
			i := strings.Index(s, br[0])
			j := strings.Index(s, br[1])
			if i < 0 || j < i {
				break
			}
			s = s[:i] + " " + s[j+len(br[1]):]
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	for changed := true; changed; {
		changed = false
		low := strings.ToLower(s)
		for _, suf := range mergeSuffixes {
			if strings.HasSuffix(low, suf) && len(s) > len(suf) {
				s = strings.TrimRight(s[:len(s)-len(suf)], " ,.")
				changed = true
				break
			}
		}
	}
	return strings.TrimSpace(s)
}

// mergeCompanyPage shows the merge form: with ?into=, the confirmation of
// the two companies side by side; otherwise the choice of the company to
// keep.
func (h *Handler) mergeCompanyPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !canMergeCompanies(p) {
		return attract.Errorf(attract.EFORBIDDEN, "Only a director or an admin may merge companies.", "只有主管或管理员可以合并企业。")
	}
	q := r.URL.Query()
	return h.renderMerge(w, r, p, http.StatusOK, id, strings.TrimSpace(q.Get("q")), strings.TrimSpace(q.Get("into")), "")
}

// renderMerge renders the merge page. into, when it names another company,
// shows the confirmation; a problem with it is shown on the form.
func (h *Handler) renderMerge(w http.ResponseWriter, r *http.Request, p *page, status int, id int64, q, into, problem string) error {
	ctx := r.Context()
	merged, err := h.mergeSideOf(ctx, p, id)
	if err != nil {
		return err
	}
	d := mergeData{Merged: merged, Q: q, Searched: q != "", Into: into, Error: problem}
	if merged.C.ArchivedAt != nil && d.Error == "" {
		d.Error = p.T("merge.mergedarchived")
	}
	if into != "" && d.Error == "" {
		keepID, perr := strconv.ParseInt(into, 10, 64)
		switch {
		case perr != nil || keepID <= 0:
			d.Error, status = p.T("merge.unknown", into), http.StatusBadRequest
		case keepID == id:
			d.Error, status = p.T("merge.same"), http.StatusBadRequest
		default:
			kept, err := h.mergeSideOf(ctx, p, keepID)
			switch {
			case attract.ErrorCode(err) == attract.ENOTFOUND:
				d.Error, status = p.T("merge.unknown", into), http.StatusNotFound
			case err != nil:
				return err
			default:
				d.Kept = &kept
			}
		}
	}
	if d.Kept == nil {
		if d.Candidates, err = h.mergeCandidates(ctx, merged.C, q); err != nil {
			return err
		}
	}
	p.Title = p.T("merge.title", merged.C.DisplayName())
	p.Data = d
	return h.render(w, status, "companymerge.html", p)
}

// mergeCompany merges the company of the path into the company "into" and
// goes to the kept company; a refusal is shown on the form.
func (h *Handler) mergeCompany(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	into := strings.TrimSpace(r.PostFormValue("into"))
	keepID, perr := strconv.ParseInt(into, 10, 64)
	switch {
	case into == "":
		return h.renderMerge(w, r, p, http.StatusBadRequest, id, "", "", p.T("merge.pick"))
	case perr != nil || keepID <= 0:
		return h.renderMerge(w, r, p, http.StatusBadRequest, id, "", "", p.T("merge.unknown", into))
	case keepID == id:
		return h.renderMerge(w, r, p, http.StatusBadRequest, id, "", "", p.T("merge.same"))
	}
	if _, err := h.DB.MergeCompanies(r.Context(), keepID, id); err != nil {
		status, ok := errorStatus[attract.ErrorCode(err)]
		if !ok || status >= http.StatusInternalServerError {
			return err
		}
		msg := errText(err, p.Lang)
		if attract.ErrorCode(err) == attract.ENOTFOUND {
			msg = p.T("merge.unknown", into)
		} else if fs := attract.ErrorFields(err); len(fs) > 0 {
			var parts []string
			for _, f := range fs {
				part := f.Message
				if p.Lang == "zh" && f.MessageZH != "" {
					part = f.MessageZH
				}
				if !slices.Contains(parts, part) {
					parts = append(parts, part)
				}
			}
			msg = strings.Join(parts, p.T("common.listsep"))
		}
		return h.renderMerge(w, r, p, status, id, "", "", msg)
	}
	return redirect(w, r, "/companies/"+strconv.FormatInt(keepID, 10)+"?done=merged")
}
