package http

import (
	"net/http"

	"attract"
)

// signedIn is the permission every role holds: routes that any signed-in
// user may call, whose handlers or store decide the rest.
const signedIn = attract.PermReferenceRead

// Common query parameters of lists.
var pagingParams = []param{
	{"cursor", "string", "next_cursor of the previous page"},
	{"limit", "integer", "page size, 1 to 500 (default 50)"},
}

// registerRoutes is the route table: every endpoint, the permission it
// needs, and what it takes and returns.
func (s *Server) registerRoutes() {
	// Health and the API's own description are public.
	s.handle(route{method: "GET", path: "/healthz", summary: "Liveness check", out: health{}, h: s.getHealth})
	s.handle(route{method: "GET", path: "/api/v1/openapi.json", summary: "This API's OpenAPI 3.1 document", h: s.getOpenAPI})

	// Sessions.
	s.handle(route{method: "POST", path: "/api/v1/session", summary: "Sign in: sets the session cookie", body: signIn{}, out: attract.User{}, h: s.postSession})
	s.handle(route{method: "DELETE", path: "/api/v1/session", summary: "Sign out", status: http.StatusNoContent, h: s.deleteSession})
	s.handle(route{method: "GET", path: "/api/v1/me", perm: signedIn, summary: "The signed-in user", out: attract.User{}, h: s.getMe})

	// Projects.
	s.handle(route{method: "GET", path: "/api/v1/projects", perm: attract.PermProjectRead, summary: "List projects", params: projectParams, out: attract.Project{}, list: true, h: s.listProjects})
	s.handle(route{method: "POST", path: "/api/v1/projects", perm: attract.PermProjectWrite, summary: "Create a project", body: projectCreate{}, out: attract.Project{}, status: http.StatusCreated, h: createWith(func(in projectCreate) *attract.Project {
		return &attract.Project{ProjectFields: in.ProjectFields, Stage: in.Stage}
	}, s.DB.CreateProject)})
	s.handle(route{method: "GET", path: "/api/v1/projects/{id}", perm: attract.PermProjectRead, summary: "Get a project", params: embedParam("investor, enterprise, stage_history, inflows, activities (the latest 500: /api/v1/activities?project_id= lists them all, a page at a time), tasks (the first 500: likewise /api/v1/tasks?project_id=), contacts (the current contacts of its investor and enterprise, the first 500 of each)"), out: attract.Project{}, h: getWith(s.DB.FindProjectByID)})
	s.handle(route{method: "PATCH", path: "/api/v1/projects/{id}", perm: attract.PermProjectWrite, summary: "Update a project (merge patch with version)", body: projectPatch{}, out: attract.Project{}, h: patchWith(s.DB.UpdateProject)})
	s.handle(route{method: "POST", path: "/api/v1/projects/{id}/stage", perm: attract.PermProjectWrite, summary: "Move a project to another stage", body: attract.StageMove{}, out: attract.Project{}, h: s.moveStage})
	s.handle(route{method: "POST", path: "/api/v1/projects/{id}/archive", perm: attract.PermProjectArchive, summary: "Archive a project", body: versionBody{}, out: attract.Project{}, h: archiveWith(s.DB.ArchiveProject, true)})
	s.handle(route{method: "POST", path: "/api/v1/projects/{id}/restore", perm: attract.PermProjectArchive, summary: "Restore an archived project", body: versionBody{}, out: attract.Project{}, h: archiveWith(s.DB.ArchiveProject, false)})
	s.handle(route{method: "DELETE", path: "/api/v1/projects/{id}", perm: attract.PermRecordDelete, summary: "Delete a project for good (admin)", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteProject)})
	s.handle(route{method: "GET", path: "/api/v1/projects/{id}/audit", perm: attract.PermProjectRead, summary: "A project's audit history", params: pagingParams, out: attract.AuditEntry{}, list: true, h: s.recordAudit("project")})
	s.handle(route{method: "GET", path: "/api/v1/projects/{id}/inflows", perm: attract.PermProjectRead, summary: "A project's utilized-foreign-capital ledger", out: attract.CapitalInflow{}, list: true, h: s.listInflows})
	s.handle(route{method: "POST", path: "/api/v1/projects/{id}/inflows", perm: attract.PermProjectWrite, summary: "Record a capital inflow", body: inflowCreate{}, out: attract.CapitalInflow{}, status: http.StatusCreated, h: s.createInflow})
	s.handle(route{method: "DELETE", path: "/api/v1/inflows/{id}", perm: attract.PermProjectWrite, summary: "Remove a ledger entry (a correction)", params: []param{{"version", "integer", "the version last read"}}, status: http.StatusNoContent, h: s.deleteInflow})

	s.handle(route{method: "GET", path: "/api/v1/dashboard", perm: attract.PermProjectRead, summary: "Year-to-date figures: new projects by stage, signed projects by sector and lead source, by month, per currency and in CNY", params: dashboardParams, out: attract.Dashboard{}, h: s.getDashboard})

	// Companies.
	s.handle(route{method: "GET", path: "/api/v1/companies", perm: attract.PermCompanyRead, summary: "List companies", params: companyParams, out: attract.Company{}, list: true, h: s.listCompanies})
	s.handle(route{method: "POST", path: "/api/v1/companies", perm: attract.PermCompanyWrite, summary: "Create a company", body: attract.CompanyFields{}, out: attract.Company{}, status: http.StatusCreated, h: createWith(func(f attract.CompanyFields) *attract.Company { return &attract.Company{CompanyFields: f} }, s.DB.CreateCompany)})
	s.handle(route{method: "GET", path: "/api/v1/companies/{id}", perm: attract.PermCompanyRead, summary: "Get a company", params: embedParam("contacts, projects (the current ones, the first 500 of each: /api/v1/contacts?company_id= pages through all its contacts, /api/v1/projects?company_id= through its projects)"), out: attract.Company{}, h: getWith(s.DB.FindCompanyByID)})
	s.handle(route{method: "PATCH", path: "/api/v1/companies/{id}", perm: attract.PermCompanyWrite, summary: "Update a company (merge patch with version)", body: companyPatch{}, out: attract.Company{}, h: patchWith(s.DB.UpdateCompany)})
	s.handle(route{method: "POST", path: "/api/v1/companies/{id}/archive", perm: attract.PermCompanyArchive, summary: "Archive a company", body: versionBody{}, out: attract.Company{}, h: archiveWith(s.DB.ArchiveCompany, true)})
	s.handle(route{method: "POST", path: "/api/v1/companies/{id}/restore", perm: attract.PermCompanyArchive, summary: "Restore a company", body: versionBody{}, out: attract.Company{}, h: archiveWith(s.DB.ArchiveCompany, false)})
	s.handle(route{method: "POST", path: "/api/v1/companies/{id}/merge", perm: attract.PermCompanyArchive, summary: "Merge this company into another (directors and admins): its projects, contacts, activities and tasks move to the kept company, and it is archived", body: companyMerge{}, out: attract.Company{}, h: s.mergeCompany})
	s.handle(route{method: "DELETE", path: "/api/v1/companies/{id}", perm: attract.PermRecordDelete, summary: "Delete a company for good (admin)", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteCompany)})
	s.handle(route{method: "GET", path: "/api/v1/companies/{id}/audit", perm: attract.PermCompanyRead, summary: "A company's audit history", params: pagingParams, out: attract.AuditEntry{}, list: true, h: s.recordAudit("company")})

	// Contacts.
	s.handle(route{method: "GET", path: "/api/v1/contacts", perm: attract.PermContactRead, summary: "List contacts", params: contactParams, out: attract.Contact{}, list: true, h: s.listContacts})
	s.handle(route{method: "POST", path: "/api/v1/contacts", perm: attract.PermContactWrite, summary: "Create a contact", body: attract.ContactFields{}, out: attract.Contact{}, status: http.StatusCreated, h: createWith(func(f attract.ContactFields) *attract.Contact { return &attract.Contact{ContactFields: f} }, s.DB.CreateContact)})
	s.handle(route{method: "GET", path: "/api/v1/contacts/{id}", perm: attract.PermContactRead, summary: "Get a contact", params: embedParam("company"), out: attract.Contact{}, h: getWith(s.DB.FindContactByID)})
	s.handle(route{method: "PATCH", path: "/api/v1/contacts/{id}", perm: attract.PermContactWrite, summary: "Update a contact (merge patch with version)", body: contactPatch{}, out: attract.Contact{}, h: patchWith(s.DB.UpdateContact)})
	s.handle(route{method: "POST", path: "/api/v1/contacts/{id}/archive", perm: attract.PermContactArchive, summary: "Archive a contact", body: versionBody{}, out: attract.Contact{}, h: archiveWith(s.DB.ArchiveContact, true)})
	s.handle(route{method: "POST", path: "/api/v1/contacts/{id}/restore", perm: attract.PermContactArchive, summary: "Restore a contact", body: versionBody{}, out: attract.Contact{}, h: archiveWith(s.DB.ArchiveContact, false)})
	s.handle(route{method: "DELETE", path: "/api/v1/contacts/{id}", perm: attract.PermRecordDelete, summary: "Delete a contact for good (admin)", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteContact)})

	// Activities and tasks.
	s.handle(route{method: "GET", path: "/api/v1/activities", perm: attract.PermActivityRead, summary: "List activities, latest first", params: activityParams, out: attract.Activity{}, list: true, h: s.listActivities})
	s.handle(route{method: "POST", path: "/api/v1/activities", perm: attract.PermActivityWrite, summary: "Log an activity", body: attract.ActivityFields{}, out: attract.Activity{}, status: http.StatusCreated, h: createWith(func(f attract.ActivityFields) *attract.Activity { return &attract.Activity{ActivityFields: f} }, s.DB.CreateActivity)})
	s.handle(route{method: "GET", path: "/api/v1/activities/{id}", perm: attract.PermActivityRead, summary: "Get an activity", out: attract.Activity{}, h: getWith(noEmbed(s.DB.FindActivityByID))})
	s.handle(route{method: "PATCH", path: "/api/v1/activities/{id}", perm: attract.PermActivityWrite, summary: "Update an activity (merge patch with version)", body: activityPatch{}, out: attract.Activity{}, h: patchWith(s.DB.UpdateActivity)})
	s.handle(route{method: "DELETE", path: "/api/v1/activities/{id}", perm: attract.PermActivityWrite, summary: "Delete an activity", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteActivity)})
	s.handle(route{method: "GET", path: "/api/v1/tasks", perm: attract.PermTaskRead, summary: "List tasks", params: taskParams, out: attract.Task{}, list: true, h: s.listTasks})
	s.handle(route{method: "POST", path: "/api/v1/tasks", perm: attract.PermTaskWrite, summary: "Create a task", body: attract.TaskFields{}, out: attract.Task{}, status: http.StatusCreated, h: createWith(func(f attract.TaskFields) *attract.Task { return &attract.Task{TaskFields: f} }, s.DB.CreateTask)})
	s.handle(route{method: "GET", path: "/api/v1/tasks/{id}", perm: attract.PermTaskRead, summary: "Get a task", out: attract.Task{}, h: getWith(noEmbed(s.DB.FindTaskByID))})
	s.handle(route{method: "PATCH", path: "/api/v1/tasks/{id}", perm: attract.PermTaskWrite, summary: "Update a task (merge patch with version)", body: taskPatch{}, out: attract.Task{}, h: patchWith(s.DB.UpdateTask)})
	s.handle(route{method: "DELETE", path: "/api/v1/tasks/{id}", perm: attract.PermTaskWrite, summary: "Delete a task", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteTask)})

	// Users, teams and tokens.
	s.handle(route{method: "GET", path: "/api/v1/users", perm: attract.PermUserRead, summary: "List users", params: userParams, out: attract.User{}, list: true, h: s.listUsers})
	s.handle(route{method: "POST", path: "/api/v1/users", perm: attract.PermUserAdmin, summary: "Create a user", body: userCreate{}, out: attract.User{}, status: http.StatusCreated, h: s.createUser})
	s.handle(route{method: "GET", path: "/api/v1/users/{id}", perm: attract.PermUserRead, summary: "Get a user", out: attract.User{}, h: getWith(noEmbed(s.DB.FindUserByID))})
	s.handle(route{method: "PATCH", path: "/api/v1/users/{id}", perm: signedIn, summary: "Update a user: one's own name, email and language; anything with user:admin", body: userPatch{}, out: attract.User{}, h: patchWith(s.DB.UpdateUser)})
	s.handle(route{method: "POST", path: "/api/v1/users/{id}/password", perm: signedIn, summary: "Set a password: one's own, or anyone's with user:admin", body: passwordBody{}, status: http.StatusNoContent, h: s.setPassword})
	s.handle(route{method: "GET", path: "/api/v1/teams", perm: attract.PermUserRead, summary: "List teams", out: attract.Team{}, list: true, h: s.listTeams})
	s.handle(route{method: "POST", path: "/api/v1/teams", perm: attract.PermUserAdmin, summary: "Create a team", body: teamCreate{}, out: attract.Team{}, status: http.StatusCreated, h: s.createTeam})
	s.handle(route{method: "GET", path: "/api/v1/tokens", perm: signedIn, summary: "List API tokens: one's own, or a user's with token:admin", params: []param{{"user_id", "integer", "whose tokens (token:admin)"}}, out: attract.Token{}, list: true, h: s.listTokens})
	s.handle(route{method: "POST", path: "/api/v1/tokens", perm: signedIn, summary: "Create an API token; its secret is in the response only", body: tokenCreate{}, out: tokenCreated{}, status: http.StatusCreated, h: s.createToken})
	s.handle(route{method: "DELETE", path: "/api/v1/tokens/{id}", perm: signedIn, summary: "Revoke an API token", status: http.StatusNoContent, h: deleteWith(s.DB.RevokeToken)})

	// Exchange rates.
	s.handle(route{method: "GET", path: "/api/v1/rates", perm: attract.PermRateRead, summary: "List exchange rates, newest first", params: rateParams, out: attract.ExchangeRate{}, list: true, h: s.listRates})
	s.handle(route{method: "POST", path: "/api/v1/rates", perm: attract.PermRateWrite, summary: "Add a dated exchange rate", body: rateCreate{}, out: attract.ExchangeRate{}, status: http.StatusCreated, h: s.createRate})
	s.handle(route{method: "DELETE", path: "/api/v1/rates/{id}", perm: attract.PermRateWrite, summary: "Remove an exchange rate", status: http.StatusNoContent, h: deleteWith(s.DB.DeleteExchangeRate)})
	s.handle(route{method: "GET", path: "/api/v1/rates/convert", perm: attract.PermRateRead, summary: "Convert an amount at the rate in force on a date", params: convertParams, out: attract.Conversion{}, h: s.convert})

	// Reference data.
	s.handle(route{method: "GET", path: "/api/v1/reference/countries", perm: attract.PermReferenceRead, summary: "Countries and economies (ISO 3166, Chinese names)", out: attract.Country{}, list: true, h: s.listCountries})
	s.handle(route{method: "GET", path: "/api/v1/reference/currencies", perm: attract.PermReferenceRead, summary: "Currencies (ISO 4217)", out: attract.Currency{}, list: true, h: s.listCurrencies})
	s.handle(route{method: "GET", path: "/api/v1/reference/sectors", perm: attract.PermReferenceRead, summary: "ISIC Rev.4 sectors", params: []param{{"level", "string", "section, division, group or class"}, {"parent", "string", "code of the parent"}}, out: attract.Sector{}, list: true, h: s.listSectors})
	s.handle(route{method: "GET", path: "/api/v1/reference/divisions", perm: attract.PermReferenceRead, summary: "China's administrative divisions", params: []param{{"parent", "string", "code of the parent; empty for provinces"}, {"q", "string", "a name"}}, out: attract.Division{}, list: true, h: s.listDivisions})
	s.handle(route{method: "GET", path: "/api/v1/reference/stages", perm: attract.PermReferenceRead, summary: "Project stages with their labels", out: stageInfo{}, list: true, h: s.listStages})

	// Anything else under /api/ is a problem, not the mux's plain-text 404.
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, attract.Errorf(attract.ENOTFOUND, "There is no %s %s in this API; see /api/v1/openapi.json.",
			"此 API 中没有 %s %s；请参阅 /api/v1/openapi.json。", r.Method, r.URL.Path))
	})

	// Audit log.
	s.handle(route{method: "GET", path: "/api/v1/audit", perm: attract.PermAuditRead, summary: "The audit log, newest first", params: auditParams, out: attract.AuditEntry{}, list: true, h: s.listAudit})
}

func embedParam(what string) []param {
	return []param{{"embed", "string", "comma-separated related records to include: " + what}}
}
