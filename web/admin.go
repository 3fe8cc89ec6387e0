package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"attract"
)

// Administration: users, teams, API tokens, the exchange-rate table, and a
// browser of the reference data every form draws on.

var _ = register(map[string]message{
	"admin.title":           {"Administration", "系统管理"},
	"admin.intro":           {"Users and their roles, teams, API tokens, exchange rates and reference data.", "用户与角色、团队、API 令牌、汇率和参考数据。"},
	"admin.nav":             {"Administration sections", "管理栏目"},
	"admin.users":           {"Users", "用户"},
	"admin.teams":           {"Teams", "团队"},
	"admin.tokens":          {"API tokens", "API 令牌"},
	"admin.rates":           {"Exchange rates", "汇率"},
	"admin.reference":       {"Reference data", "参考数据"},
	"admin.usersintro":      {"Who signs in, with which role and team.", "可登录的用户及其角色和团队。"},
	"admin.teamsintro":      {"Groups of officers who share their records.", "共享记录的招商人员小组。"},
	"admin.tokensintro":     {"Keys that programs use to call the API.", "程序调用 API 所用的密钥。"},
	"admin.ratesintro":      {"The dated table reports convert amounts with.", "报表换算金额所用的日期汇率表。"},
	"admin.refintro":        {"Countries, currencies, ISIC sectors and China's administrative divisions.", "国家和地区、货币、ISIC 行业分类和中国行政区划。"},
	"admin.count":           {"%d in all", "共 %d 个"},
	"admin.newuser":         {"New user", "新建用户"},
	"admin.edituser":        {"User %s", "用户 %s"},
	"admin.username":        {"Username", "用户名"},
	"admin.usernamehint":    {"2 to 40 lower-case letters, digits, '.', '_' or '-'. It cannot be changed later.", "2 至 40 个小写字母、数字、'.'、'_' 或 '-'，创建后不能修改。"},
	"admin.name":            {"Name", "姓名"},
	"admin.email":           {"Email", "电子邮件"},
	"admin.role":            {"Role", "角色"},
	"admin.team":            {"Team", "团队"},
	"admin.language":        {"Language", "界面语言"},
	"admin.disabled":        {"Disabled: may not sign in", "已停用：不能登录"},
	"admin.disabledshort":   {"Disabled", "已停用"},
	"admin.active":          {"Active", "正常"},
	"admin.status":          {"Status", "状态"},
	"admin.password":        {"Initial password", "初始密码"},
	"admin.passwordhint":    {"At least 10 characters. Tell it to the user in person; they can change it on their account page.", "至少 10 个字符。请当面告知用户，用户可在“我的账户”中修改。"},
	"admin.newpassword":     {"New password", "新密码"},
	"admin.resetpw":         {"Reset password", "重置密码"},
	"admin.resetpwintro":    {"Sets a new password and signs the user out everywhere.", "设置新密码，并使该用户在所有设备上退出登录。"},
	"admin.pwdone":          {"The password is reset; the user was signed out everywhere.", "密码已重置，该用户已在所有设备上退出登录。"},
	"admin.usercreated":     {"The user is created.", "用户已创建。"},
	"admin.usersaved":       {"The user is saved.", "用户已保存。"},
	"admin.created":         {"Created", "创建时间"},
	"admin.newteam":         {"New team", "新建团队"},
	"admin.teamname":        {"Team name", "团队名称"},
	"admin.members":         {"Members", "成员"},
	"admin.teamcreated":     {"The team is created.", "团队已创建。"},
	"admin.tokenname":       {"Token name", "令牌名称"},
	"admin.tokennamehint":   {"What the token is for, e.g. \"monthly report export\".", "令牌的用途，如“月报导出”。"},
	"admin.tokenuser":       {"For user", "所属用户"},
	"admin.newtoken":        {"New token", "新建令牌"},
	"admin.owner":           {"Owner", "所属用户"},
	"admin.lastused":        {"Last used", "最近使用"},
	"admin.never":           {"never", "从未使用"},
	"admin.revoked":         {"Revoked %s", "已于 %s 吊销"},
	"admin.revoke":          {"Revoke", "吊销"},
	"admin.revokeask":       {"Revoke this token? Programs using it will stop working at once.", "确定吊销该令牌吗？使用它的程序将立即无法访问。"},
	"admin.tokenrevoked":    {"The token is revoked.", "令牌已吊销。"},
	"admin.secret":          {"The new token “%s”", "新令牌“%s”"},
	"admin.secretwarn":      {"Copy this token now and keep it safe. It is shown only this once: Attract keeps only a hash of it and cannot show it again.", "请立即复制并妥善保管此令牌。它只显示这一次：系统只保存其哈希值，无法再次显示。"},
	"admin.secretuse":       {"Programs send it as the header “Authorization: Bearer <token>”.", "程序在请求头中以“Authorization: Bearer <令牌>”的形式发送。"},
	"admin.notokens":        {"No tokens yet.", "暂无令牌。"},
	"admin.rate":            {"Rate", "汇率"},
	"admin.ratehint":        {"1 unit of the base currency is worth this many units of the quote currency, e.g. 7.1234.", "1 单位基准货币折合多少单位报价货币，如 7.1234。"},
	"admin.ratedate":        {"Date", "日期"},
	"admin.base":            {"Base currency", "基准货币"},
	"admin.quote":           {"Quote currency", "报价货币"},
	"admin.source":          {"Source", "来源"},
	"admin.sourcehint":      {"e.g. PBOC central parity", "如：中国人民银行中间价"},
	"admin.addrate":         {"Add a rate", "添加汇率"},
	"admin.from":            {"From", "起始日期"},
	"admin.to":              {"To", "截止日期"},
	"admin.any":             {"Any", "不限"},
	"admin.delete":          {"Delete", "删除"},
	"admin.deleteask":       {"Delete this rate? Reports will use the nearest earlier rate instead.", "确定删除该汇率吗？报表将改用之前最近的汇率。"},
	"admin.ratecreated":     {"The rate is added.", "汇率已添加。"},
	"admin.ratedeleted":     {"The rate is deleted.", "汇率已删除。"},
	"admin.norates":         {"No rates match.", "没有符合条件的汇率。"},
	"admin.ratesread":       {"Only directors and administrators change the table.", "只有主管和管理员可以修改汇率表。"},
	"ref.title":             {"Reference data", "参考数据"},
	"ref.countries":         {"Countries and economies", "国家和地区"},
	"ref.countriesintro":    {"ISO 3166-1, with the names Chinese official usage requires.", "ISO 3166-1，名称符合中国官方用法。"},
	"ref.currencies":        {"Currencies", "货币"},
	"ref.currenciesintro":   {"Current ISO 4217 currencies and their minor units.", "现行 ISO 4217 货币及其辅币位数。"},
	"ref.sectors":           {"Sectors (ISIC Rev.4)", "行业分类（ISIC Rev.4）"},
	"ref.sectorsintro":      {"Section → division → group → class. Chinese titles are given for sections and divisions.", "门类 → 大类 → 中类 → 小类。门类和大类有中文名称。"},
	"ref.divisions":         {"China's administrative divisions", "中国行政区划"},
	"ref.divisionsintro":    {"Province → city → county, as the National Bureau of Statistics codes them.", "省 → 市 → 县，采用国家统计局代码。"},
	"ref.code":              {"Code", "代码"},
	"ref.alpha3":            {"Alpha-3", "三字母代码"},
	"ref.numeric":           {"Numeric", "数字代码"},
	"ref.name_en":           {"English name", "英文名称"},
	"ref.name_zh":           {"Chinese name", "中文名称"},
	"ref.currency":          {"Currency", "货币"},
	"ref.minor":             {"Decimals", "小数位"},
	"ref.name":              {"Name", "名称"},
	"ref.level.province":    {"Province", "省级"},
	"ref.level.city":        {"City", "地级"},
	"ref.level.county":      {"County", "县级"},
	"ref.children":          {"%d below", "下辖 %d 个"},
	"ref.nochildren":        {"No divisions below this one.", "没有下级区划。"},
	"ref.placeholder":       {"groups counties; names no place", "仅用于归组，不是地名"},
	"ref.all":               {"All provinces", "全部省级区划"},
	"ref.hkmotw":            {"Hong Kong, Macao and Taiwan", "港澳台地区"},
	"ref.hkmotwintro":       {"Districts, which the NBS code tables leave out.", "统计用区划代码表未列出的地区。"},
	"ref.level.section":     {"Section", "门类"},
	"ref.level.division":    {"Division", "大类"},
	"ref.level.group":       {"Group", "中类"},
	"ref.level.class":       {"Class", "小类"},
	"ref.path":              {"Where you are", "当前位置"},
	"ref.entries":           {"%d entries", "%d 条"},
	"admin.lang.zh":         {"Chinese", "中文"},
	"admin.lang.en":         {"English", "English"},
	"admin.selfnote":        {"This is you: you cannot demote or disable yourself.", "这是您本人：不能降低自己的角色或停用自己。"},
	"admin.rateconflict":    {"A rate for this date and pair exists already; delete it first to replace it.", "该日期和货币对的汇率已存在；如需替换，请先删除。"},
	"admin.tokencreatedfor": {"for %s", "属于 %s"},
})

func (h *Handler) adminRoutes() {
	h.handle("GET /admin", attract.PermUserAdmin, h.adminPage)
	h.handle("GET /admin/users", attract.PermUserAdmin, h.adminUsersPage)
	h.handle("GET /admin/users/new", attract.PermUserAdmin, h.adminNewUserPage)
	h.handle("POST /admin/users", attract.PermUserAdmin, h.adminCreateUser)
	h.handle("GET /admin/users/{id}", attract.PermUserAdmin, h.adminUserPage)
	h.handle("POST /admin/users/{id}", attract.PermUserAdmin, h.adminUpdateUser)
	h.handle("POST /admin/users/{id}/password", attract.PermUserAdmin, h.adminResetPassword)
	h.handle("GET /admin/teams", attract.PermUserAdmin, h.adminTeamsPage)
	h.handle("POST /admin/teams", attract.PermUserAdmin, h.adminCreateTeam)
	h.handle("GET /admin/tokens", attract.PermTokenAdmin, h.adminTokensPage)
	h.handle("POST /admin/tokens", attract.PermTokenAdmin, h.adminCreateToken)
	h.handle("POST /admin/tokens/{id}/revoke", attract.PermTokenAdmin, h.adminRevokeToken)
	h.handle("GET /admin/rates", attract.PermRateRead, h.adminRatesPage)
	h.handle("POST /admin/rates", attract.PermRateWrite, h.adminCreateRate)
	h.handle("POST /admin/rates/{id}/delete", attract.PermRateWrite, h.adminDeleteRate)

	h.handle("GET /reference", attract.PermReferenceRead, h.referencePage)
	h.handle("GET /reference/countries", attract.PermReferenceRead, h.referencePage)
	h.handle("GET /reference/currencies", attract.PermReferenceRead, h.referencePage)
	h.handle("GET /reference/sectors", attract.PermReferenceRead, h.referencePage)
	h.handle("GET /reference/divisions", attract.PermReferenceRead, h.referencePage)
	h.handle("GET /reference/divisions/{code}", attract.PermReferenceRead, h.referencePage)
}

// navLink is one link of the administration's section menu.
type navLink struct {
	URL, Label string
	Current    bool
}

// adminNav is the section menu every administration page shows, holding
// only the sections the user may open.
type adminNav struct {
	Nav []navLink
}

func newAdminNav(p *page) adminNav {
	var n adminNav
	for _, s := range []struct{ url, label, perm string }{
		{"/admin", "admin.title", "user:admin"},
		{"/admin/users", "admin.users", "user:admin"},
		{"/admin/teams", "admin.teams", "user:admin"},
		{"/admin/tokens", "admin.tokens", "token:admin"},
		{"/admin/rates", "admin.rates", "rate:read"},
		{"/reference", "admin.reference", "reference:read"},
	} {
		if !p.Can(s.perm) {
			continue
		}
		current := p.Path == s.url || (s.url != "/admin" && strings.HasPrefix(p.Path, s.url+"/"))
		n.Nav = append(n.Nav, navLink{s.url, p.T(s.label), current})
	}
	return n
}

// ---- The index ----

// adminSection is a card of the administration index.
type adminSection struct {
	URL, Title, Intro, Count string
}

type adminIndexData struct {
	adminNav
	Sections []adminSection
}

func (h *Handler) adminPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	users, err := h.allUsers(ctx)
	if err != nil {
		return err
	}
	teams, err := h.allTeams(ctx)
	if err != nil {
		return err
	}
	d := adminIndexData{adminNav: newAdminNav(p)}
	d.Sections = append(d.Sections,
		adminSection{"/admin/users", p.T("admin.users"), p.T("admin.usersintro"), p.T("admin.count", len(users))},
		adminSection{"/admin/teams", p.T("admin.teams"), p.T("admin.teamsintro"), p.T("admin.count", len(teams))})
	if p.Can("token:admin") {
		tokens, err := h.DB.FindTokens(ctx, nil)
		if err != nil {
			return err
		}
		d.Sections = append(d.Sections, adminSection{"/admin/tokens", p.T("admin.tokens"), p.T("admin.tokensintro"), p.T("admin.count", len(tokens))})
	}
	d.Sections = append(d.Sections,
		adminSection{"/admin/rates", p.T("admin.rates"), p.T("admin.ratesintro"), ""},
		adminSection{"/reference", p.T("admin.reference"), p.T("admin.refintro"), ""})
	p.Title = p.T("admin.title")
	p.Data = d
	return h.render(w, http.StatusOK, "admin.html", p)
}

// ---- Users ----

// adminUserRow is a user in the list.
type adminUserRow struct {
	*attract.User
	Team string
}

type adminUsersData struct {
	adminNav
	Users []adminUserRow
}

func (h *Handler) adminUsersPage(w http.ResponseWriter, r *http.Request, p *page) error {
	users, err := h.allUsers(r.Context())
	if err != nil {
		return err
	}
	ts, err := h.allTeams(r.Context())
	if err != nil {
		return err
	}
	teams := teamNames(ts)
	d := adminUsersData{adminNav: newAdminNav(p)}
	for _, u := range users {
		d.Users = append(d.Users, adminUserRow{u, teams[ptrID(u.TeamID)]})
	}
	doneFlash(p, r, map[string]string{"created": "admin.usercreated"})
	p.Title = p.T("admin.users")
	p.Data = d
	return h.render(w, http.StatusOK, "adminusers.html", p)
}

var newUserControls = []control{
	{name: "username", label: "admin.username", hint: "admin.usernamehint", required: true},
	{name: "name", label: "admin.name", required: true},
	{name: "email", label: "admin.email", typ: "email"},
	{name: "role", label: "admin.role", typ: "select", required: true},
	{name: "team_id", label: "admin.team", typ: "select", kind: asID},
	{name: "language", label: "admin.language", typ: "select"},
	{name: "password", label: "admin.password", hint: "admin.passwordhint", typ: "password", required: true},
}

var editUserControls = []control{
	{name: "name", label: "admin.name", required: true},
	{name: "email", label: "admin.email", typ: "email"},
	{name: "role", label: "admin.role", typ: "select", required: true},
	{name: "team_id", label: "admin.team", typ: "select", kind: asID},
	{name: "language", label: "admin.language", typ: "select"},
	{name: "disabled", label: "admin.disabled", typ: "checkbox", kind: asBool},
}

var passwordControls = []control{
	{name: "password", label: "admin.newpassword", hint: "account.pwhint", typ: "password", required: true},
}

// userFormOptions are the choices of the user forms' selects.
func (h *Handler) userFormOptions(r *http.Request, p *page) (map[string][]option, error) {
	var roles []option
	for _, role := range attract.Roles {
		roles = append(roles, option{string(role), p.T("role." + string(role))})
	}
	teams, err := h.allTeams(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string][]option{
		"role":     roles,
		"team_id":  teamOptions(teams, option{"", p.T("form.none")}),
		"language": {{"zh", p.T("admin.lang.zh")}, {"en", p.T("admin.lang.en")}},
	}, nil
}

// adminUserFormData is the new-user form, or a user's page with its edit
// and password forms.
type adminUserFormData struct {
	adminNav
	User           *attract.User // nil for a new user
	Fields         map[string]field
	Errors         formErrors
	Summary        errorSummary
	Password       map[string]field
	PasswordErrors formErrors
	Conflict       *conflictInfo
	Version        int64
	Self           bool
}

func (h *Handler) renderUserForm(w http.ResponseWriter, r *http.Request, p *page, status int, d adminUserFormData, v formValues) error {
	opts, err := h.userFormOptions(r, p)
	if err != nil {
		return err
	}
	d.adminNav = newAdminNav(p)
	if d.User == nil {
		d.Fields = fields(p, newUserControls, v, d.Errors, opts)
		d.Summary = summarize(p, newUserControls, d.Errors)
		p.Title = p.T("admin.newuser")
	} else {
		d.Fields = fields(p, editUserControls, v, d.Errors, opts)
		d.Summary = summarize(p, editUserControls, d.Errors)
		d.Password = fields(p, passwordControls, formValues{}, d.PasswordErrors, nil)
		d.Self = d.User.ID == p.User.ID
		p.Title = p.T("admin.edituser", d.User.Username)
	}
	p.Data = d
	return h.render(w, status, "adminuser.html", p)
}

func (h *Handler) adminNewUserPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return h.renderUserForm(w, r, p, http.StatusOK, adminUserFormData{}, formValues{"role": string(attract.RoleOfficer), "language": "zh"})
}

func (h *Handler) adminCreateUser(w http.ResponseWriter, r *http.Request, p *page) error {
	v := readForm(r, newUserControls)
	password := r.PostFormValue("password") // as typed: spaces may be part of it
	delete(v, "password")                   // and never sent back to the browser
	u := &attract.User{Username: strings.ToLower(v["username"]), Name: v["name"], Email: v["email"],
		Role: attract.Role(v["role"]), Language: v["language"]}
	var extra formErrors
	if s := v["team_id"]; s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			extra = formErrors{"team_id": p.T("admin.noteam")}
		}
		u.TeamID = &id
	}
	var err error
	if !extra.Any() {
		if err = h.DB.CreateUser(r.Context(), u, password); err == nil {
			return redirect(w, r, "/admin/users?done=created")
		}
	}
	fe, err := formErrorsFor(err, p.Lang, extra)
	if err != nil {
		return err
	}
	return h.renderUserForm(w, r, p, http.StatusBadRequest, adminUserFormData{Errors: fe}, v)
}

var _ = register(map[string]message{"admin.noteam": {"is not a team", "不是有效的团队"}})

func userValues(u *attract.User) formValues {
	return formValues{"name": u.Name, "email": u.Email, "role": string(u.Role), "team_id": idText(u.TeamID),
		"language": u.Language, "disabled": strconv.FormatBool(u.Disabled)}
}

func (h *Handler) adminUserPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := h.DB.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	doneFlash(p, r, map[string]string{"saved": "admin.usersaved", "password": "admin.pwdone"})
	return h.renderUserForm(w, r, p, http.StatusOK, adminUserFormData{User: u, Version: u.Version}, userValues(u))
}

func (h *Handler) adminUpdateUser(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	version := formVersion(r)
	v := readForm(r, editUserControls)
	_, err = h.DB.UpdateUser(ctx, id, version, patchOf(editUserControls, v, nil))
	if err == nil {
		return redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=saved")
	}
	current, ferr := h.DB.FindUserByID(ctx, id)
	if ferr != nil {
		return ferr
	}
	d := adminUserFormData{User: current, Version: version}
	if attract.ErrorCode(err) == attract.ECONFLICT && current.Version != version {
		opts, err := h.userFormOptions(r, p)
		if err != nil {
			return err
		}
		if d.Conflict, err = h.conflictOf(ctx, p, "user", id, version, editUserControls, opts, userValues(current), v); err != nil {
			return err
		}
		d.Version = current.Version
		return h.renderUserForm(w, r, p, http.StatusConflict, d, v)
	}
	if d.Errors, err = formErrorsFor(err, p.Lang, nil); err != nil {
		return err
	}
	return h.renderUserForm(w, r, p, http.StatusBadRequest, d, v)
}

func (h *Handler) adminResetPassword(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.DB.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	err = h.DB.SetPassword(ctx, id, r.PostFormValue("password"))
	if err == nil {
		return redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=password")
	}
	fe, err := formErrorsFor(err, p.Lang, nil)
	if err != nil {
		return err
	}
	return h.renderUserForm(w, r, p, http.StatusBadRequest, adminUserFormData{User: u, Version: u.Version, PasswordErrors: fe}, userValues(u))
}

// ---- Teams ----

// adminTeamRow is a team with its number of members.
type adminTeamRow struct {
	*attract.Team
	Members int
}

type adminTeamsData struct {
	adminNav
	Teams   []adminTeamRow
	Fields  map[string]field
	Errors  formErrors
	Summary errorSummary
}

var teamControls = []control{{name: "name", label: "admin.teamname", required: true}}

func (h *Handler) renderTeams(w http.ResponseWriter, r *http.Request, p *page, status int, v formValues, fe formErrors) error {
	teams, err := h.allTeams(r.Context())
	if err != nil {
		return err
	}
	users, err := h.allUsers(r.Context())
	if err != nil {
		return err
	}
	members := map[int64]int{}
	for _, u := range users {
		members[ptrID(u.TeamID)]++
	}
	d := adminTeamsData{adminNav: newAdminNav(p), Errors: fe, Fields: fields(p, teamControls, v, fe, nil), Summary: summarize(p, teamControls, fe)}
	for _, t := range teams {
		d.Teams = append(d.Teams, adminTeamRow{t, members[t.ID]})
	}
	p.Title = p.T("admin.teams")
	p.Data = d
	return h.render(w, status, "adminteams.html", p)
}

func (h *Handler) adminTeamsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	doneFlash(p, r, map[string]string{"created": "admin.teamcreated"})
	return h.renderTeams(w, r, p, http.StatusOK, formValues{}, nil)
}

func (h *Handler) adminCreateTeam(w http.ResponseWriter, r *http.Request, p *page) error {
	v := readForm(r, teamControls)
	err := h.DB.CreateTeam(r.Context(), &attract.Team{Name: v["name"]})
	if err == nil {
		return redirect(w, r, "/admin/teams?done=created")
	}
	fe, err := formErrorsFor(err, p.Lang, nil)
	if err != nil {
		return err
	}
	status := http.StatusBadRequest
	if attract.ErrorCode(err) == attract.ECONFLICT {
		status = http.StatusConflict
	}
	return h.renderTeams(w, r, p, status, v, fe)
}

// ---- API tokens ----

// adminTokenRow is a token with its owner's name.
type adminTokenRow struct {
	*attract.Token
	Owner string
}

type adminTokensData struct {
	adminNav
	Tokens  []adminTokenRow
	Fields  map[string]field
	Errors  formErrors
	Summary errorSummary
	Secret  string         // the new token's secret, shown once
	Created *adminTokenRow // the new token
}

var tokenControls = []control{
	{name: "user_id", label: "admin.tokenuser", typ: "select", required: true},
	{name: "name", label: "admin.tokenname", hint: "admin.tokennamehint", required: true},
}

func (h *Handler) renderTokens(w http.ResponseWriter, r *http.Request, p *page, status int, d adminTokensData, v formValues) error {
	ctx := r.Context()
	tokens, err := h.DB.FindTokens(ctx, nil)
	if err != nil {
		return err
	}
	users, err := h.allUsers(ctx)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = userAndLogin(u)
	}
	userOpts := userOptions(users, userAndLogin, func(u *attract.User) bool { return !u.Disabled })
	// Newest first: the token just made, and the ones most likely in question.
	slices.SortFunc(tokens, func(a, b *attract.Token) int { return cmp.Compare(b.ID, a.ID) })
	for _, t := range tokens {
		d.Tokens = append(d.Tokens, adminTokenRow{t, names[t.UserID]})
	}
	if d.Created != nil {
		d.Created.Owner = names[d.Created.UserID]
	}
	d.adminNav = newAdminNav(p)
	d.Fields = fields(p, tokenControls, v, d.Errors, map[string][]option{"user_id": userOpts})
	d.Summary = summarize(p, tokenControls, d.Errors)
	p.Title = p.T("admin.tokens")
	p.Data = d
	return h.render(w, status, "admintokens.html", p)
}

func (h *Handler) adminTokensPage(w http.ResponseWriter, r *http.Request, p *page) error {
	doneFlash(p, r, map[string]string{"revoked": "admin.tokenrevoked"})
	return h.renderTokens(w, r, p, http.StatusOK, adminTokensData{}, formValues{"user_id": idText(&p.User.ID)})
}

// adminCreateToken shows the new token's secret in its answer, never in a
// URL or a later page: it is stored only hashed.
func (h *Handler) adminCreateToken(w http.ResponseWriter, r *http.Request, p *page) error {
	v := readForm(r, tokenControls)
	t := &attract.Token{Name: v["name"]}
	var extra formErrors
	id, perr := strconv.ParseInt(v["user_id"], 10, 64)
	if perr != nil {
		extra = formErrors{"user_id": p.T("admin.nouser")}
	}
	t.UserID = id
	var err error
	if !extra.Any() {
		var secret string
		if secret, err = h.DB.CreateToken(r.Context(), t); err == nil {
			return h.renderTokens(w, r, p, http.StatusOK, adminTokensData{Secret: secret, Created: &adminTokenRow{Token: t}}, formValues{"user_id": v["user_id"]})
		}
	}
	fe, err := formErrorsFor(err, p.Lang, extra)
	if err != nil {
		return err
	}
	return h.renderTokens(w, r, p, http.StatusBadRequest, adminTokensData{Errors: fe}, v)
}

var _ = register(map[string]message{"admin.nouser": {"pick a user", "请选择用户"}})

func (h *Handler) adminRevokeToken(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.DB.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/tokens?done=revoked")
}

// ---- Exchange rates ----

type adminRatesData struct {
	adminNav
	Filters           map[string]field
	Rates             []*attract.ExchangeRate
	Next, Cursor      string
	NextURL, FirstURL string
	Fields            map[string]field
	Errors            formErrors
	Summary           errorSummary
}

var rateControls = []control{
	{name: "date", label: "admin.ratedate", typ: "date", required: true},
	{name: "base", label: "admin.base", typ: "select", required: true},
	{name: "quote", label: "admin.quote", typ: "select", required: true},
	{name: "rate", label: "admin.rate", hint: "admin.ratehint", required: true},
	{name: "source", label: "admin.source", hint: "admin.sourcehint"},
}

func (h *Handler) renderRates(w http.ResponseWriter, r *http.Request, p *page, status int, v formValues, fe formErrors) error {
	q := r.URL.Query()
	// The filters' names differ from the form's, which is on the same page.
	f := attract.ExchangeRateFilter{Base: q.Get("filter_base"), Quote: q.Get("filter_quote"), Cursor: q.Get("cursor"), Limit: 50}
	filters := map[string]field{
		"base":  {Name: "filter_base", Label: p.T("admin.base"), Value: f.Base, Type: "select", Options: withNone(p, p.T("admin.any"), currencyOptions())},
		"quote": {Name: "filter_quote", Label: p.T("admin.quote"), Value: f.Quote, Type: "select", Options: withNone(p, p.T("admin.any"), currencyOptions())},
		"from":  {Name: "from", Label: p.T("admin.from"), Value: q.Get("from"), Type: "date"},
		"to":    {Name: "to", Label: p.T("admin.to"), Value: q.Get("to"), Type: "date"},
	}
	for _, k := range []string{"from", "to"} {
		s := q.Get(k)
		if s == "" {
			continue
		}
		d, err := attract.ParseDate(s)
		if err != nil {
			fl := filters[k]
			fl.Error = errText(err, p.Lang)
			filters[k] = fl
			continue
		}
		if k == "from" {
			f.From = &d
		} else {
			f.To = &d
		}
	}
	rates, next, err := h.DB.FindExchangeRates(r.Context(), f)
	if err != nil {
		return err
	}
	d := adminRatesData{adminNav: newAdminNav(p), Filters: filters, Rates: rates, Next: next, Cursor: f.Cursor, Errors: fe}
	d.NextURL = "/admin/rates" + queryWith(r.URL, "cursor", next)
	d.FirstURL = "/admin/rates" + queryWith(r.URL, "cursor", "")
	d.Fields = fields(p, rateControls, v, fe, map[string][]option{"base": currencyOptions(), "quote": currencyOptions()})
	d.Summary = summarize(p, rateControls, fe)
	p.Title = p.T("admin.rates")
	p.Data = d
	return h.render(w, status, "adminrates.html", p)
}

func (h *Handler) adminRatesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	doneFlash(p, r, map[string]string{"created": "admin.ratecreated", "deleted": "admin.ratedeleted"})
	today := attract.AgencyDate(h.DB.Now())
	return h.renderRates(w, r, p, http.StatusOK, formValues{"date": today.String(), "base": "USD", "quote": "CNY"}, nil)
}

func (h *Handler) adminCreateRate(w http.ResponseWriter, r *http.Request, p *page) error {
	v := readForm(r, rateControls)
	rate := &attract.ExchangeRate{Base: v["base"], Quote: v["quote"], Rate: v["rate"], Source: v["source"]}
	var err error
	extra := formErrors{}
	if v["date"] != "" {
		d, derr := attract.ParseDate(v["date"])
		if derr != nil {
			extra["date"] = errText(derr, p.Lang)
		}
		rate.Date = d
	}
	if extra.Any() {
		err = rate.Validate()
	} else if err = h.DB.CreateExchangeRate(r.Context(), rate); err == nil {
		return redirect(w, r, "/admin/rates?done=created")
	}
	status := http.StatusBadRequest
	if attract.ErrorCode(err) == attract.ECONFLICT {
		status = http.StatusConflict
		extra["date"] = p.T("admin.rateconflict")
	}
	fe, err := formErrorsFor(err, p.Lang, extra)
	if err != nil {
		return err
	}
	return h.renderRates(w, r, p, status, v, fe)
}

func (h *Handler) adminDeleteRate(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.DB.DeleteExchangeRate(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/admin/rates?done=deleted")
}

// errText is an error's message in lang.
func errText(err error, lang string) string {
	var e *attract.Error
	if errors.As(err, &e) {
		return e.Localized(lang)
	}
	return err.Error()
}

// ---- Reference data ----

// sectorNode is an ISIC entry with the entries under it.
type sectorNode struct {
	attract.Sector
	Name     string
	Children []*sectorNode
}

// divisionRow is a division with how many divisions lie under it.
type divisionRow struct {
	attract.Division
	Children int
}

type referenceData struct {
	adminNav
	Kind       string // "", countries, currencies, sectors, divisions
	Countries  []attract.Country
	Currencies []attract.Currency
	Sectors    []*sectorNode
	Division   *attract.Division  // the division shown, nil for the provinces
	Path       []attract.Division // from the province down to Division's parent
	Divisions  []divisionRow      // the divisions under it
	HKMOTW     []hkmotwRegion     // on the provinces' page
	Count      int
}

// hkmotwRegion is Hong Kong, Macao or Taiwan with its areas and districts.
type hkmotwRegion struct {
	Name  string
	Areas []hkmotwArea
}

type hkmotwArea struct {
	Name      string
	Districts []string
}

// sectorTree nests the ISIC list, which runs section by section in order.
func sectorTree(lang string) []*sectorNode {
	var roots []*sectorNode
	byCode := map[string]*sectorNode{}
	for _, s := range attract.Sectors() {
		n := &sectorNode{Sector: s, Name: s.Name(lang)}
		byCode[s.Code] = n
		if parent, ok := byCode[s.Parent]; ok && s.Parent != "" {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

func (h *Handler) referencePage(w http.ResponseWriter, r *http.Request, p *page) error {
	d := referenceData{adminNav: newAdminNav(p)}
	p.Title = p.T("ref.title")
	switch path := strings.TrimSuffix(r.URL.Path, "/"); {
	case path == "/reference/countries":
		d.Kind, p.Title = "countries", p.T("ref.countries")
		d.Countries = attract.Countries()
		d.Count = len(d.Countries)
	case path == "/reference/currencies":
		d.Kind, p.Title = "currencies", p.T("ref.currencies")
		d.Currencies = attract.Currencies()
		d.Count = len(d.Currencies)
	case path == "/reference/sectors":
		d.Kind, p.Title = "sectors", p.T("ref.sectors")
		d.Sectors = sectorTree(p.Lang)
	case strings.HasPrefix(path, "/reference/divisions"):
		d.Kind, p.Title = "divisions", p.T("ref.divisions")
		parent := ""
		if code := r.PathValue("code"); code != "" {
			div, ok := attract.DivisionByCode(code)
			if !ok {
				return attract.Errorf(attract.ENOTFOUND, "There is no division %s.", "行政区划 %s 不存在。", code)
			}
			d.Division, parent = &div, div.Code
			for up := div.Parent; up != ""; {
				pd, ok := attract.DivisionByCode(up)
				if !ok {
					break
				}
				d.Path = append([]attract.Division{pd}, d.Path...)
				up = pd.Parent
			}
			p.Title = div.Name + " · " + p.T("ref.divisions")
		} else {
			d.HKMOTW = hkmotwRegions()
		}
		for _, c := range attract.DivisionChildren(parent) {
			d.Divisions = append(d.Divisions, divisionRow{c, len(attract.DivisionChildren(c.Code))})
		}
	}
	p.Data = d
	return h.render(w, http.StatusOK, "adminreference.html", p)
}

// hkmotwRegions sorts the districts of Hong Kong, Macao and Taiwan for
// display: regions and areas by name, districts as listed.
func hkmotwRegions() []hkmotwRegion {
	var out []hkmotwRegion
	col := collator("zh")
	for region, areas := range attract.HKMOTWDistricts() {
		reg := hkmotwRegion{Name: region}
		for area, districts := range areas {
			reg.Areas = append(reg.Areas, hkmotwArea{area, districts})
		}
		slices.SortFunc(reg.Areas, func(a, b hkmotwArea) int { return col.CompareString(a.Name, b.Name) })
		out = append(out, reg)
	}
	order := map[string]int{"香港特别行政区": 0, "澳门特别行政区": 1, "台湾省": 2}
	slices.SortFunc(out, func(a, b hkmotwRegion) int { return cmp.Compare(order[a.Name], order[b.Name]) })
	return out
}
