package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"attract"
	"attract/importer"
)

// The saved column mappings (docs/import.md): what each reads, renamed or
// deleted as the agency's spreadsheets change.

var _ = register(map[string]message{
	"mappings.title":    {"Saved mappings", "已保存的列映射"},
	"mappings.intro":    {"A saved mapping imports next month's file of the same shape without setting it up again; the command line takes it as attract import --mapping NAME.", "保存的列映射可直接用于下个月同样格式的文件，无需重新设置；命令行可用 attract import --mapping 名称。"},
	"mappings.none":     {"No mapping is saved yet. Save one on the mapping step of an import.", "尚未保存列映射。可在导入的列映射步骤中保存。"},
	"mappings.kind":     {"Records", "记录类型"},
	"mappings.columns":  {"Columns", "列"},
	"mappings.key":      {"Rows identified by", "识别行的列"},
	"mappings.updated":  {"Last changed", "最近修改"},
	"mappings.by":       {"Saved by", "保存人"},
	"mappings.ignored":  {"ignored", "忽略"},
	"mappings.unit":     {"in %s", "单位 %s"},
	"mappings.use":      {"Import a file with it", "用它导入文件"},
	"mappings.rename":   {"Rename", "重命名"},
	"mappings.newname":  {"New name", "新名称"},
	"mappings.delete":   {"Delete", "删除"},
	"mappings.confirm":  {"Delete this mapping? Files already imported keep their records.", "删除此列映射？已导入的记录不受影响。"},
	"mappings.renamed":  {"The mapping is renamed.", "列映射已重命名。"},
	"mappings.deleted":  {"The mapping is deleted.", "列映射已删除。"},
	"mappings.gone":     {"That mapping no longer exists; someone deleted it.", "该列映射已不存在，已被他人删除。"},
	"mappings.fallback": {"Projects whose stage the file cannot support are imported at the furthest stage it can.", "文件不足以支持其阶段的项目，按可支持的最远阶段导入。"},
})

func (h *Handler) mappingRoutes() {
	h.handle("GET /import/mappings", attract.PermProjectWrite, h.mappingsPage)
	h.handle("POST /import/mappings/{id}/rename", attract.PermProjectWrite, h.renameMapping)
	h.handle("POST /import/mappings/{id}/delete", attract.PermProjectWrite, h.deleteMapping)
}

// mappingsData is the page of saved mappings.
type mappingsData struct {
	Rows []mappingItem
}

// mappingItem is one saved mapping as the page shows it.
type mappingItem struct {
	ID, Version int64
	Name        string
	Kind        string
	Columns     []string // "项目名称 → Project name (Chinese)", in the mapping's order
	Key         string
	Fallback    bool
	Updated     string
	By          string
	Use         string // the upload page with this mapping chosen
	NewName     string // the rename form's value
	NameError   string // why the name typed was refused
	Error       string // why the last rename or delete of this row was refused
}

func (h *Handler) mappingsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	doneFlash(p, r, map[string]string{"renamed": "mappings.renamed", "deleted": "mappings.deleted", "gone": "mappings.gone"})
	return h.renderMappings(w, r, p, http.StatusOK, 0, nil, "")
}

// renderMappings shows every saved mapping; the one of id failed its rename
// or delete with fe, and keeps the name typed.
func (h *Handler) renderMappings(w http.ResponseWriter, r *http.Request, p *page, status int, id int64, fe formErrors, typed string) error {
	ms, err := h.DB.FindMappings(r.Context(), "")
	if err != nil {
		return err
	}
	staff, err := h.loadPeople(r.Context())
	if err != nil {
		return err
	}
	d := mappingsData{}
	for _, m := range ms {
		labels := map[string]string{}
		for _, f := range importer.Fields(m.Kind) {
			labels[f.Name] = f.Label(p.Lang)
		}
		it := mappingItem{ID: m.ID, Version: m.Version, Name: m.Name, Kind: p.T("import.kind." + string(m.Kind)),
			Key: strings.Join(m.Key, " + "), Fallback: m.StageFallback,
			Updated: formatTime(m.UpdatedAt, minuteLayout), By: staff.userNameOr(m.CreatedBy, ""),
			Use:     "/import?" + url.Values{"kind": {string(m.Kind)}, "mapping": {"saved:" + m.Name}}.Encode(),
			NewName: m.Name}
		for _, c := range m.Columns {
			to := p.T("mappings.ignored")
			if c.Field != "" {
				to = labels[c.Field]
				if to == "" {
					to = c.Field
				}
			}
			if c.Unit != "" {
				to += " (" + p.T("mappings.unit", c.Unit) + ")"
			}
			it.Columns = append(it.Columns, c.Column+" → "+to)
		}
		if m.ID == id {
			it.Error, it.NameError = fe.Get(""), fe.Get("name")
			if it.NameError != "" {
				it.NewName = typed
			}
		}
		d.Rows = append(d.Rows, it)
	}
	p.Title, p.Data = p.T("mappings.title"), d
	return h.render(w, status, "mappings.html", p)
}

// mappingForm reads the id in the path and the version posted.
func mappingForm(r *http.Request) (id, version int64, ok bool) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	version, err2 := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return id, version, err1 == nil && err2 == nil
}

func (h *Handler) renameMapping(w http.ResponseWriter, r *http.Request, p *page) error {
	id, version, ok := mappingForm(r)
	if !ok {
		return attract.Errorf(attract.EINVALID, "The form was incomplete; reload the page.", "表单不完整，请刷新页面。")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	quoted, _ := json.Marshal(name)
	_, err := h.DB.UpdateMapping(r.Context(), id, version, attract.Patch{"name": quoted})
	return h.mappingDone(w, r, p, id, err, "renamed", name)
}

func (h *Handler) deleteMapping(w http.ResponseWriter, r *http.Request, p *page) error {
	id, version, ok := mappingForm(r)
	if !ok {
		return attract.Errorf(attract.EINVALID, "The form was incomplete; reload the page.", "表单不完整，请刷新页面。")
	}
	return h.mappingDone(w, r, p, id, h.DB.DeleteMapping(r.Context(), id, version), "deleted", "")
}

// mappingDone answers a rename or delete: back to the list saying what was
// done, or the list again with the row's problem beside it.
func (h *Handler) mappingDone(w http.ResponseWriter, r *http.Request, p *page, id int64, err error, done, typed string) error {
	switch attract.ErrorCode(err) {
	case "":
		return redirect(w, r, "/import/mappings?done="+url.QueryEscape(done))
	case attract.ENOTFOUND:
		return redirect(w, r, "/import/mappings?done=gone")
	}
	fe, ferr := formErrorsOf(err, p.Lang)
	if ferr != nil {
		return ferr
	}
	status := http.StatusBadRequest
	if attract.ErrorCode(err) == attract.ECONFLICT {
		status = http.StatusConflict
	}
	return h.renderMappings(w, r, p, status, id, fe, typed)
}
