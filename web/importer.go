package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
	"attract/importer"
)

var _ = register(map[string]message{
	"import.title":           {"Import", "导入"},
	"import.intro":           {"Bring an agency spreadsheet in: upload a .csv, .xlsx or .xls file, check how its columns map to Attract's fields, try a dry run, then import. Importing the same file again changes nothing; rows with an external ID update their records.", "导入机构的电子表格：上传 .csv、.xlsx 或 .xls 文件，检查各列与 Attract 字段的对应关系，先试运行，再正式导入。重复导入同一文件不会产生任何变化；带外部编号的行会更新对应记录。"},
	"import.file":            {"File (.csv, .xlsx or .xls, at most 50 MB)", "文件（.csv、.xlsx 或 .xls，不超过 50 MB）"},
	"import.filehint":        {"CSV in UTF-8 or GBK/GB18030, separated by commas, semicolons or tabs; the first sheet of a workbook unless you name one.", "CSV 可为 UTF-8 或 GBK/GB18030 编码，以逗号、分号或制表符分隔；工作簿默认读取第一个工作表。"},
	"import.kind":            {"The file holds", "文件内容"},
	"import.mapping":         {"Column mapping", "列映射"},
	"import.detect":          {"Detect from the headers", "根据表头自动识别"},
	"import.saved":           {"saved: %s", "已保存：%s"},
	"import.shipped":         {"shipped: %s", "内置：%s"},
	"import.encoding":        {"Encoding (CSV)", "编码（CSV）"},
	"import.autodetect":      {"Detect", "自动识别"},
	"import.sheet":           {"Sheet (XLSX, XLS)", "工作表（XLSX、XLS）"},
	"import.upload":          {"Upload and map the columns", "上传并设置列映射"},
	"import.nofile":          {"Choose a file to upload.", "请选择要上传的文件。"},
	"import.badtype":         {"Upload a .csv, .xlsx or .xls file.", "请上传 .csv、.xlsx 或 .xls 文件。"},
	"import.toolarge":        {"The file is larger than 50 MB; split it or import it with attract import.", "文件超过 50 MB；请拆分文件或使用 attract import 命令导入。"},
	"import.gone":            {"This upload has expired or is not yours; upload the file again.", "此次上传已过期或不属于您；请重新上传文件。"},
	"import.columns":         {"Columns of %s", "%s 的列"},
	"import.column":          {"Column", "列"},
	"import.field":           {"Field", "字段"},
	"import.unit":            {"Unit of amounts", "金额单位"},
	"import.unithint":        {"e.g. 万元, 亿元, 万美元, US$ million", "如 万元、亿元、万美元、US$ million"},
	"import.samples":         {"First values", "示例值"},
	"import.ignore":          {"— ignore —", "— 忽略 —"},
	"import.dryrun":          {"Dry run", "试运行"},
	"import.dryrunhint":      {"Runs every row through the same checks as the import and stores nothing.", "对每一行执行与正式导入相同的检查，不保存任何数据。"},
	"import.savename":        {"Save this mapping as", "将此映射保存为"},
	"import.savehint":        {"Saved mappings can be chosen at the next upload, and by attract import --mapping NAME.", "保存的映射可在下次上传时选用，也可用于 attract import --mapping 名称。"},
	"import.save":            {"Save mapping", "保存映射"},
	"import.savedok":         {"The mapping “%s” is saved.", "映射“%s”已保存。"},
	"import.results":         {"Results", "结果"},
	"import.dryresults":      {"Dry run of %s: nothing was stored", "%s 的试运行结果：未保存任何数据"},
	"import.realresults":     {"Import of %s", "%s 的导入结果"},
	"import.committed":       {"The rows were imported.", "数据已导入。"},
	"import.aborted":         {"Nothing was imported: some rows were rejected and the import was all or nothing.", "未导入任何数据：有行被拒绝，而本次导入为“全部或全不”方式。"},
	"import.rows":            {"Rows", "行数"},
	"import.created":         {"Created", "新建"},
	"import.updated":         {"Updated", "更新"},
	"import.unchanged":       {"Unchanged", "无变化"},
	"import.matched":         {"Matched", "匹配已有"},
	"import.rejected":        {"Rejected", "拒绝"},
	"import.warned":          {"With warnings", "有警告"},
	"import.companies":       {"Companies named in the rows: %d created, %d recognised and reused.", "各行提及的企业：新建 %d 家，识别并沿用 %d 家。"},
	"import.line":            {"Line", "行号"},
	"import.verdict":         {"Verdict", "结果"},
	"import.record":          {"Record", "记录"},
	"import.reasons":         {"Reasons and warnings", "原因与警告"},
	"import.noissues":        {"Every row passes without a warning.", "所有行均通过，无警告。"},
	"import.truncated":       {"Only the first %d rows with problems are listed; the file of rejected rows has them all.", "仅列出前 %d 个有问题的行；被拒绝行文件包含全部。"},
	"import.all":             {"Import all or nothing", "全部导入或全不导入"},
	"import.allhint":         {"One transaction: if any row is rejected, nothing is stored.", "单一事务：只要有一行被拒绝，就不保存任何数据。"},
	"import.good":            {"Import only the good rows", "只导入合格的行"},
	"import.goodhint":        {"The rejected rows are left out; download them, fix them and import them again.", "被拒绝的行不导入；可下载后修改再导入。"},
	"import.rejects":         {"Download the rejected rows (CSV)", "下载被拒绝的行（CSV）"},
	"import.again":           {"Adjust the mapping", "调整列映射"},
	"import.another":         {"Import another file", "导入其他文件"},
	"import.projects":        {"Go to the projects", "查看项目列表"},
	"import.elapsed":         {"in %s", "用时 %s"},
	"import.kind.companies":  {"Companies", "企业"},
	"import.kind.contacts":   {"Contacts", "联系人"},
	"import.kind.projects":   {"Projects", "项目"},
	"import.kind.activities": {"Activities", "活动"},
	"import.kind.inflows":    {"Utilized capital (ledger)", "实际到资（台账）"},
})

func (h *Handler) importRoutes() {
	h.handle("GET /import", attract.PermProjectWrite, h.importPage)
	h.handle("POST /import", attract.PermProjectWrite, h.importUpload)
	h.handle("GET /import/{token}", attract.PermProjectWrite, h.importMappingPage)
	h.handle("POST /import/{token}/mapping", attract.PermProjectWrite, h.importSaveMapping)
	h.handle("POST /import/{token}/dryrun", attract.PermProjectWrite, h.importDryRun)
	h.handle("GET /import/{token}/results", attract.PermProjectWrite, h.importResults)
	h.handle("POST /import/{token}/run", attract.PermProjectWrite, h.importRun)
	h.handle("GET /import/{token}/rejects.csv", attract.PermProjectWrite, h.importRejects)
}

// maxUpload bounds an uploaded file; a larger one is imported with the
// command line, which streams from disk.
const maxUpload = 50 << 20

// uploadTTL is how long an upload is kept between its steps.
const uploadTTL = 24 * time.Hour

// importDir holds the uploads, one directory per upload named by a random
// token: the file, what the steps learned of it (meta.json), the last
// report and its rejected rows. Nothing is kept in the server's memory
// between requests.
func importDir() string { return filepath.Join(os.TempDir(), "attract-import") }

var tokenRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// uploadMeta is what an upload's steps share.
type uploadMeta struct {
	UserID   int64                 `json:"user_id"`
	FileName string                `json:"file_name"`
	Stored   string                `json:"stored"` // the file's name in the upload's directory
	Uploaded time.Time             `json:"uploaded"`
	Mapping  attract.MappingFields `json:"mapping"`
	Header   []string              `json:"header"`
	Samples  [][]string            `json:"samples"` // the first rows, for the mapping page
	Encoding string                `json:"encoding"`
}

// upload is one upload's directory and meta, loaded for its owner.
type upload struct {
	token, dir string
	meta       uploadMeta
}

func (u *upload) path() string { return filepath.Join(u.dir, u.meta.Stored) }

func (u *upload) save() error {
	b, err := json.Marshal(u.meta)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(u.dir, "meta.json"), b, 0o600)
}

// loadUpload finds the caller's upload named in the path; another user's
// is as missing as an expired one.
func loadUpload(r *http.Request, p *page) (*upload, error) {
	token := r.PathValue("token")
	gone := attract.Errorf(attract.ENOTFOUND, "This upload has expired or is not yours; upload the file again.", "此次上传已过期或不属于您；请重新上传文件。")
	if !tokenRE.MatchString(token) {
		return nil, gone
	}
	u := &upload{token: token, dir: filepath.Join(importDir(), token)}
	b, err := os.ReadFile(filepath.Join(u.dir, "meta.json"))
	if err != nil {
		return nil, gone
	}
	if err := json.Unmarshal(b, &u.meta); err != nil || u.meta.UserID != p.User.ID || time.Since(u.meta.Uploaded) > uploadTTL {
		return nil, gone
	}
	return u, nil
}

// sweepUploads removes uploads older than uploadTTL.
func sweepUploads() {
	entries, _ := os.ReadDir(importDir())
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > uploadTTL && tokenRE.MatchString(e.Name()) {
			os.RemoveAll(filepath.Join(importDir(), e.Name()))
		}
	}
}

var uploadControls = []control{
	{name: "file", label: "import.file", hint: "import.filehint", typ: "file", required: true},
	{name: "kind", label: "import.kind", typ: "select", required: true},
	{name: "mapping", label: "import.mapping", typ: "select"},
	{name: "encoding", label: "import.encoding", typ: "select"},
	{name: "sheet", label: "import.sheet"},
}

// importUploadData is the upload page.
type importUploadData struct {
	Fields  map[string]field
	Summary errorSummary
}

func (h *Handler) uploadForm(r *http.Request, p *page, v formValues, fe formErrors) (*importUploadData, error) {
	if v["kind"] == "" {
		v["kind"] = string(attract.ImportProjects)
	}
	kinds := make([]option, len(attract.ImportKinds))
	for i, k := range attract.ImportKinds {
		kinds[i] = option{string(k), p.T("import.kind." + string(k))}
	}
	mappings := []option{{"", p.T("import.detect")}}
	saved, err := h.DB.FindMappings(r.Context(), "")
	if err != nil {
		return nil, err
	}
	for _, m := range saved {
		mappings = append(mappings, option{"saved:" + m.Name, p.T("import.saved", m.Name) + " (" + p.T("import.kind."+string(m.Kind)) + ")"})
	}
	for _, name := range importer.BuiltinNames() {
		mappings = append(mappings, option{"builtin:" + name, p.T("import.shipped", name)})
	}
	encodings := []option{{"", p.T("import.autodetect")}, {"utf-8", "UTF-8"}, {"gb18030", "GBK / GB18030"}, {"windows-1252", "Windows-1252"}, {"macintosh", "Mac Roman"}}
	return &importUploadData{
		Fields:  fields(p, uploadControls, v, fe, map[string][]option{"kind": kinds, "mapping": mappings, "encoding": encodings}),
		Summary: summarize(p, uploadControls, fe),
	}, nil
}

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	d, err := h.uploadForm(r, p, formValues{"kind": q.Get("kind"), "mapping": q.Get("mapping")}, nil)
	if err != nil {
		return err
	}
	p.Title, p.Data = p.T("import.title"), d
	return h.render(w, http.StatusOK, "import.html", p)
}

// importUpload receives the file as a stream straight into the upload's
// directory (never whole in memory), reads its header and first rows, and
// proposes a mapping.
func (h *Handler) importUpload(w http.ResponseWriter, r *http.Request, p *page) error {
	go sweepUploads()
	v := formValues{}
	refuse := func(fe formErrors) error {
		fe[""] = p.T("form.errors")
		d, err := h.uploadForm(r, p, v, fe)
		if err != nil {
			return err
		}
		p.Title, p.Data = p.T("import.title"), d
		return h.render(w, http.StatusBadRequest, "import.html", p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return refuse(formErrors{"file": p.T("import.nofile")})
	}
	tok := make([]byte, 16)
	rand.Read(tok)
	u := &upload{token: hex.EncodeToString(tok)}
	u.dir = filepath.Join(importDir(), u.token)
	if err := os.MkdirAll(u.dir, 0o700); err != nil {
		return err
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(u.dir)
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return refuse(formErrors{"file": p.T("import.toolarge")})
		} else if err != nil {
			return refuse(formErrors{"file": p.T("import.nofile")})
		}
		if part.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 1000))
			v[part.FormName()] = strings.TrimSpace(string(b))
			continue
		}
		if part.FileName() == "" {
			continue
		}
		fe, err := u.receive(part, p)
		if err != nil || fe != nil {
			if errors.As(err, &tooLarge) {
				return refuse(formErrors{"file": p.T("import.toolarge")})
			} else if err != nil {
				return err
			}
			return refuse(fe)
		}
	}
	if u.meta.Stored == "" {
		return refuse(formErrors{"file": p.T("import.nofile")})
	}
	kind := attract.ImportKind(v["kind"])
	var m *attract.MappingFields
	switch name := v["mapping"]; {
	case strings.HasPrefix(name, "saved:"):
		saved, err := h.DB.FindMappingByName(r.Context(), strings.TrimPrefix(name, "saved:"))
		if err != nil {
			return refuse(formErrors{"mapping": errText(err, p.Lang)})
		}
		m = &saved.MappingFields
	case strings.HasPrefix(name, "builtin:"):
		b, ok := importer.Builtin(strings.TrimPrefix(name, "builtin:"))
		if !ok {
			return refuse(formErrors{"mapping": p.T("import.gone")})
		}
		m = b
	}
	opt := importer.ReadOptions{Encoding: v["encoding"], Sheet: v["sheet"]}
	if m != nil {
		kind = m.Kind
		opt.Encoding = orDefault(opt.Encoding, m.Encoding)
		opt.Sheet = orDefault(opt.Sheet, m.Sheet)
	}
	if !slices.Contains(attract.ImportKinds, kind) {
		return refuse(formErrors{"kind": p.T("import.kind")})
	}
	src, err := importer.Open(u.path(), opt)
	if err != nil {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		fe["file"] = fe[""]
		return refuse(fe)
	}
	defer src.Close()
	u.meta.Header, u.meta.Encoding = src.Header(), src.Encoding()
	for len(u.meta.Samples) < 3 {
		row, err := src.Next()
		if err != nil {
			break
		}
		u.meta.Samples = append(u.meta.Samples, row.Cells)
	}
	if m == nil {
		d := importer.Detect(kind, src.Header())
		m = &d
	}
	m.Encoding, m.Sheet = opt.Encoding, opt.Sheet
	u.meta.Mapping = *m
	u.meta.UserID, u.meta.Uploaded = p.User.ID, time.Now()
	if err := u.save(); err != nil {
		return err
	}
	keep = true
	return redirect(w, r, "/import/"+u.token)
}

// receive stores the uploaded file part.
func (u *upload) receive(part *multipart.Part, p *page) (formErrors, error) {
	u.meta.FileName = filepath.Base(part.FileName())
	ext := strings.ToLower(filepath.Ext(u.meta.FileName))
	switch ext {
	case ".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls":
	default:
		return formErrors{"file": p.T("import.badtype")}, nil
	}
	u.meta.Stored = "upload" + ext
	f, err := os.OpenFile(u.path(), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(f, io.LimitReader(part, maxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if n > maxUpload {
		return formErrors{"file": p.T("import.toolarge")}, nil
	}
	return nil, nil
}

// mappingRow is one line of the mapping table: a column of the file and a
// field it maps to (a column may map to several fields).
type mappingRow struct {
	Index   int
	Column  string
	Samples []string
	Field   field // the select
	Unit    field
}

// importMappingData is the mapping page.
type importMappingData struct {
	Token, FileName, Encoding string
	Kind                      string
	Rows                      []mappingRow
	Name                      field
	Summary                   errorSummary
}

// mappingRows lays the mapping out against the file's columns: each
// mapping entry in the order of the columns, and a line for every column
// the mapping leaves out.
func mappingRows(p *page, u *upload, fe formErrors) []mappingRow {
	kind := u.meta.Mapping.Kind
	opts := []option{{"", p.T("import.ignore")}}
	for _, f := range importer.Fields(kind) {
		opts = append(opts, option{f.Name, f.Label(p.Lang)})
	}
	var rows []mappingRow
	add := func(col int, c attract.MappingColumn) {
		i := len(rows)
		var samples []string
		for _, s := range u.meta.Samples {
			if col < len(s) && strings.TrimSpace(s[col]) != "" {
				samples = append(samples, s[col])
			}
		}
		name := strconv.Itoa(i)
		rows = append(rows, mappingRow{
			Index: i, Column: c.Column, Samples: samples,
			Field: field{Name: "field-" + name, Label: c.Column, Value: c.Field, Type: "select", Options: opts, Error: fe.Get("field-" + name)},
			Unit:  field{Name: "unit-" + name, Label: p.T("import.unit"), Value: c.Unit, Hint: p.T("import.unithint"), Error: fe.Get("unit-" + name)},
		})
	}
	for col, h := range u.meta.Header {
		found := false
		for _, c := range u.meta.Mapping.Columns {
			if c.Column == h {
				add(col, c)
				found = true
			}
		}
		if !found {
			add(col, attract.MappingColumn{Column: h})
		}
	}
	return rows
}

// mappingFromForm reads the mapping page back into the upload's mapping,
// keeping what the page does not show (value translations, formats,
// defaults) of the entries it lays out in the same order.
func mappingFromForm(r *http.Request, u *upload) attract.MappingFields {
	m := u.meta.Mapping
	var cols []attract.MappingColumn
	i := 0
	for _, h := range u.meta.Header {
		entries := []attract.MappingColumn{}
		for _, c := range u.meta.Mapping.Columns {
			if c.Column == h {
				entries = append(entries, c)
			}
		}
		if len(entries) == 0 {
			entries = append(entries, attract.MappingColumn{Column: h})
		}
		for _, c := range entries {
			name := strconv.Itoa(i)
			i++
			field, unit := r.PostFormValue("field-"+name), strings.TrimSpace(r.PostFormValue("unit-"+name))
			if field != c.Field {
				c.Format, c.Values = "", nil
			}
			c.Field, c.Unit = field, unit
			cols = append(cols, c)
		}
	}
	m.Columns = cols
	return m
}

func (h *Handler) renderMapping(w http.ResponseWriter, p *page, u *upload, status int, fe formErrors, name string) error {
	controls := []control{{name: "mapping_name", label: "import.savename", hint: "import.savehint"}}
	p.Title = p.T("import.title")
	p.Data = &importMappingData{
		Token: u.token, FileName: u.meta.FileName, Encoding: u.meta.Encoding, Kind: p.T("import.kind." + string(u.meta.Mapping.Kind)),
		Rows:    mappingRows(p, u, fe),
		Name:    fields(p, controls, formValues{"mapping_name": name}, fe, nil)["mapping_name"],
		Summary: summarize(p, controls, fe),
	}
	return h.render(w, status, "importmap.html", p)
}

func (h *Handler) importMappingPage(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	if name := r.URL.Query().Get("saved"); name != "" {
		p.Flash = p.T("import.savedok", name)
	}
	return h.renderMapping(w, p, u, http.StatusOK, nil, u.meta.Mapping.Name)
}

// importSaveMapping saves the page's mapping under a name: a new mapping,
// or the one of that name, replaced.
func (h *Handler) importSaveMapping(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	m := mappingFromForm(r, u)
	m.Name = strings.TrimSpace(r.PostFormValue("mapping_name"))
	u.meta.Mapping = m
	if err := u.save(); err != nil {
		return err
	}
	err = importer.CheckMapping(&m, u.meta.Header)
	if err == nil {
		var saved *attract.Mapping
		saved, err = h.DB.FindMappingByName(r.Context(), m.Name)
		switch {
		case err == nil:
			patch := attract.Patch{}
			body, _ := json.Marshal(m)
			json.Unmarshal(body, &patch)
			_, err = h.DB.UpdateMapping(r.Context(), saved.ID, saved.Version, patch)
		case attract.ErrorCode(err) == attract.ENOTFOUND:
			err = h.DB.CreateMapping(r.Context(), &attract.Mapping{MappingFields: m})
		}
	}
	if err != nil {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		if msg := fe.Get("name"); msg != "" {
			fe["mapping_name"] = msg
		}
		return h.renderMapping(w, p, u, http.StatusBadRequest, fe, m.Name)
	}
	return redirect(w, r, "/import/"+u.token+"?saved="+url.QueryEscape(m.Name))
}

// importDryRun runs the import with the page's mapping and rolls it back.
func (h *Handler) importDryRun(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	m := mappingFromForm(r, u)
	m.Name = orDefault(m.Name, "upload")
	u.meta.Mapping = m
	if err := u.save(); err != nil {
		return err
	}
	if err := h.runImport(r, u, importer.Options{DryRun: true, Mode: importer.GoodRowsOnly}); err != nil {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		return h.renderMapping(w, p, u, http.StatusBadRequest, fe, r.PostFormValue("mapping_name"))
	}
	return redirect(w, r, "/import/"+u.token+"/results")
}

// importRun imports for real, in the mode chosen.
func (h *Handler) importRun(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	mode := importer.Mode(r.PostFormValue("mode"))
	if mode != importer.AllOrNothing && mode != importer.GoodRowsOnly {
		return attract.Errorf(attract.EINVALID, "Choose all or nothing, or only the good rows.", "请选择“全部导入或全不导入”或“只导入合格的行”。")
	}
	if err := h.runImport(r, u, importer.Options{Mode: mode}); err != nil {
		return err
	}
	return redirect(w, r, "/import/"+u.token+"/results")
}

// runImport runs an import of the upload and keeps its report and rejected
// rows beside it.
func (h *Handler) runImport(r *http.Request, u *upload, opt importer.Options) error {
	m := u.meta.Mapping
	src, err := importer.Open(u.path(), importer.ReadOptions{Encoding: m.Encoding, Sheet: m.Sheet})
	if err != nil {
		return err
	}
	defer src.Close()
	rejects, err := os.Create(filepath.Join(u.dir, "rejects.csv"))
	if err != nil {
		return err
	}
	defer rejects.Close()
	opt.Rejects, opt.Source, opt.MaxDetails = rejects, u.meta.FileName, 5000
	rep, err := importer.Run(r.Context(), h.DB, src, &m, opt)
	if err != nil {
		return err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(u.dir, "report.json"), b, 0o600)
}

// resultRow is a row of the results table.
type resultRow struct {
	Line             int
	Verdict, Label   string
	Rejected         bool
	ID               int64
	Problems, Warned []string
}

// importResultsData is the results page.
type importResultsData struct {
	Token, FileName string
	Report          *importer.Report
	Rows            []resultRow
	Page, Pages     int
	PrevURL         string
	NextURL         string
	Shown           int
	Elapsed         string
	RecordPath      string
}

const resultsPerPage = 50

func (h *Handler) importResults(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(u.dir, "report.json"))
	if err != nil {
		return redirect(w, r, "/import/"+u.token)
	}
	var rep importer.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
	}
	pages := max(1, (len(rep.Details)+resultsPerPage-1)/resultsPerPage)
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = min(max(n, 1), pages)
	d := &importResultsData{Token: u.token, FileName: u.meta.FileName, Report: &rep, Page: n, Pages: pages,
		Shown: len(rep.Details), Elapsed: rep.Elapsed.Round(time.Millisecond).String(), RecordPath: recordPath(rep.Kind)}
	for _, res := range rep.Details[(n-1)*resultsPerPage : min(n*resultsPerPage, len(rep.Details))] {
		row := resultRow{Line: res.Line, Verdict: res.Verdict.Label(p.Lang), Label: res.Label, ID: res.ID, Rejected: res.Verdict == importer.Rejected}
		for _, f := range res.Problems {
			row.Problems = append(row.Problems, fieldMessage(p, rep.Kind, f))
		}
		for _, f := range res.Warnings {
			row.Warned = append(row.Warned, fieldMessage(p, rep.Kind, f))
		}
		d.Rows = append(d.Rows, row)
	}
	base := "/import/" + u.token + "/results?page="
	if n > 1 {
		d.PrevURL = base + strconv.Itoa(n-1)
	}
	if n < pages {
		d.NextURL = base + strconv.Itoa(n+1)
	}
	p.Title = p.T("import.results")
	if rep.DryRun {
		p.Title = p.T("import.dryresults", u.meta.FileName)
	} else {
		p.Title = p.T("import.realresults", u.meta.FileName)
	}
	p.Data = d
	return h.render(w, http.StatusOK, "importresult.html", p)
}

// recordPath is where a kind's records are shown, for links from the
// results ("" when they have no page of their own).
func recordPath(kind attract.ImportKind) string {
	switch kind {
	case attract.ImportProjects:
		return "/projects/"
	case attract.ImportCompanies:
		return "/companies/"
	case attract.ImportContacts:
		return "/contacts/"
	}
	return ""
}

// fieldMessage writes a row's problem with the field's label in the page's
// language.
func fieldMessage(p *page, kind attract.ImportKind, f attract.FieldError) string {
	label := f.Field
	if fl, ok := importer.FieldByName(kind, f.Field); ok {
		label = fl.Label(p.Lang)
	}
	if label == "" {
		return f.Localized(p.Lang)
	}
	return label + ": " + f.Localized(p.Lang)
}

func (h *Handler) importRejects(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := loadUpload(r, p)
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(u.dir, "rejects.csv"))
	if err != nil {
		return attract.Errorf(attract.ENOTFOUND, "Run the import first.", "请先运行导入。")
	}
	defer f.Close()
	name := strings.TrimSuffix(u.meta.FileName, filepath.Ext(u.meta.FileName)) + "-rejected.csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"rejected.csv\"; filename*=UTF-8''%s", url.PathEscape(name)))
	w.Header().Set("Cache-Control", "no-store")
	_, err = io.Copy(w, f)
	return err
}

func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
