package web

import (
	"net/http"

	"attract"
)

// registerRoutes is the page route table: every page and form action with
// the permission it needs. Each page's file registers its own routes in a
// function called from here. The API's cross-origin protection guards every
// unsafe method.
func (h *Handler) registerRoutes() {
	h.mux.HandleFunc("GET /static/{file}", h.serveAsset)

	h.handle("GET /login", "", h.signInPage)
	h.handle("POST /login", "", h.signIn)
	h.handle("POST /logout", "", h.signOut)
	h.handle("POST /lang", "", h.switchLanguage)
	h.handle("GET /account", signedIn, h.accountPage)
	h.handle("POST /account/password", signedIn, h.changePassword)

	h.handle("GET /{$}", attract.PermProjectRead, h.deskPage)
	h.handle("GET /tasks", attract.PermTaskRead, h.tasksPage)
	h.handle("POST /tasks/{id}/done", attract.PermTaskWrite, h.markTaskDone)

	h.boardRoutes()       // board.go: /pipeline and stage moves
	h.dashboardRoutes()   // dashboard.go: /dashboard, the year's figures
	h.projectListRoutes() // projectlist.go: /projects, saved views, export
	h.projectRoutes()     // project.go: a project's page and forms
	h.directoryRoutes()   // directory.go: companies and contacts
	h.searchRoutes()      // search.go
	h.adminRoutes()       // admin.go
	h.importRoutes()      // importer.go: /import, spreadsheet uploads
	h.mappingRoutes()     // mappings.go: /import/mappings, the saved mappings

	h.handle("/", "", func(w http.ResponseWriter, r *http.Request, p *page) error {
		return attract.Errorf(attract.ENOTFOUND, "There is no page at %s.", "页面 %s 不存在。", r.URL.Path)
	})
}

// signedIn is the permission every role holds.
const signedIn = attract.PermReferenceRead
