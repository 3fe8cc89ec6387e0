package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"attract"
)

var _ = register(map[string]message{
	"search.title":     {"Search", "搜索"},
	"search.results":   {"Results for “%s”", "“%s”的搜索结果"},
	"search.hint":      {"Type a name, a code, a USCC, an email or a word from the notes — in Chinese or English — and press Enter. Press / on any page to jump to the search box.", "输入名称、编号、统一社会信用代码、邮箱或备注中的字词（中文或英文均可），然后按回车。在任何页面按 / 键即可跳到搜索框。"},
	"search.none":      {"Nothing matches “%s”. Try fewer or other words, or part of a name (such as 西银 or Xiyin).", "没有与“%s”匹配的结果。请尝试更少或其他的词，或名称的一部分（如“西银”或 Xiyin）。"},
	"search.projects":  {"Projects", "项目"},
	"search.companies": {"Companies", "企业"},
	"search.contacts":  {"Contacts", "联系人"},
	"search.more":      {"more than %d", "超过 %d"},
	"search.seeall":    {"See all %s matching “%s”", "查看全部匹配“%[2]s”的%[1]s"},
	"search.nothing":   {"No matches.", "无匹配结果。"},
	"search.reference": {"Reference data: countries, currencies, sectors, divisions", "参考数据：国家和地区、货币、行业、行政区划"},
	"search.toolong":   {"The search text is too long; use at most %d characters.", "搜索内容过长，请不超过 %d 个字符。"},
})

func (h *Handler) searchRoutes() {
	h.handle("GET /search", signedIn, h.searchPage)
}

// searchLimit is how many results of each kind the search page shows.
const searchLimit = 20

// maxSearchLen bounds the query: a longer text is not a search.
const maxSearchLen = 200

// searchGroup is the results of one kind.
type searchGroup struct {
	Kind, Title string
	Count       int
	More        bool   // there are more than Count
	AllURL      string // the kind's list, filtered by the query
}

// searchProject is a project found, with its investor's name.
type searchProject struct {
	*attract.Project
	Investor string
}

// searchContact is a contact found, with its company's name.
type searchContact struct {
	*attract.Contact
	Company string
}

// searchData is the search page.
type searchData struct {
	Q         string
	TooLong   bool
	Groups    []searchGroup // projects, companies, contacts
	Projects  []searchProject
	Companies []companyRow
	Contacts  []searchContact
	Total     int
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p.Q = q
	d := searchData{Q: q}
	p.Title = p.T("search.title")
	if q != "" {
		p.Title = p.T("search.results", q)
	}
	p.Data = &d
	if q == "" {
		return h.render(w, http.StatusOK, "search.html", p)
	}
	if utf8.RuneCountInString(q) > maxSearchLen {
		d.TooLong = true
		return h.render(w, http.StatusOK, "search.html", p)
	}
	esc := url.QueryEscape(q)

	projects, nextP, err := h.DB.FindProjects(ctx, attract.ProjectFilter{Q: q, Sort: "-updated_at", Limit: searchLimit})
	if err != nil {
		return err
	}
	companies, nextC, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{Q: q, Sort: "name", Limit: searchLimit})
	if err != nil {
		return err
	}
	contacts, nextK, err := h.DB.FindContacts(ctx, attract.ContactFilter{Q: q, Sort: "name", Limit: searchLimit})
	if err != nil {
		return err
	}

	// The names of the investors and contacts' companies, one lookup each.
	var ids []int64
	for _, pr := range projects {
		if pr.InvestorID != nil {
			ids = append(ids, *pr.InvestorID)
		}
	}
	for _, c := range contacts {
		if c.CompanyID != nil {
			ids = append(ids, *c.CompanyID)
		}
	}
	known := map[int64]string{}
	for _, c := range companies {
		known[c.ID] = c.DisplayName()
	}
	var missing []int64
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			missing = append(missing, id)
		}
	}
	more, err := h.companyNames(ctx, missing)
	if err != nil {
		return err
	}
	for k, v := range more {
		known[k] = v
	}

	for _, pr := range projects {
		d.Projects = append(d.Projects, searchProject{pr, known[ptrID(pr.InvestorID)]})
	}
	for _, c := range companies {
		d.Companies = append(d.Companies, companyRow{c, countryName(c.Country, p.Lang), sectorName(c.Sector, p.Lang)})
	}
	for _, c := range contacts {
		d.Contacts = append(d.Contacts, searchContact{c, known[ptrID(c.CompanyID)]})
	}
	d.Groups = []searchGroup{
		{Kind: "projects", Title: p.T("search.projects"), Count: len(projects), More: nextP != "", AllURL: "/projects?q=" + esc},
		{Kind: "companies", Title: p.T("search.companies"), Count: len(companies), More: nextC != "", AllURL: "/companies?q=" + esc},
		{Kind: "contacts", Title: p.T("search.contacts"), Count: len(contacts), More: nextK != "", AllURL: "/contacts?q=" + esc},
	}
	d.Total = len(projects) + len(companies) + len(contacts)
	return h.render(w, http.StatusOK, "search.html", p)
}
