package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"attract"
	"attract/importer"
)

// importCmd runs `attract import`: a spreadsheet into the database, as the
// system, through a saved, shipped or file mapping (or the one detected
// from the header).
func (m *Main) importCmd(ctx context.Context, args []string) error {
	fs := m.flags("import")
	kind := fs.String("kind", "", "companies, contacts, projects, activities or inflows (default: the mapping's)")
	mapping := fs.String("mapping", "", "a saved mapping's name, a shipped one (wb-ppi) or a JSON mapping file (default: detect from the header)")
	dryRun := fs.Bool("dry-run", false, "report what would happen and store nothing")
	goodOnly := fs.Bool("good-rows-only", false, "import the rows that pass and reject the others (default: all or nothing)")
	rejects := fs.String("rejects", "", "write the rejected rows to this CSV file, with their reasons, to fix and import again")
	sheet := fs.String("sheet", "", "the sheet of an .xlsx or .xls workbook (default: the first)")
	encoding := fs.String("encoding", "", "the encoding of a CSV file: utf-8, gbk, gb18030, windows-1252, macintosh (default: detect)")
	warnings := fs.Bool("warnings", false, "print the rows imported with a warning too")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return attract.Errorf(attract.EINVALID, "import needs exactly one FILE (flags go before it).",
			"import 需要且只需要一个文件（选项须写在文件之前）。")
	}
	path := fs.Arg(0)
	if err := m.open(ctx); err != nil {
		return err
	}
	ctx = sys(ctx)
	mf, err := m.importMapping(ctx, *mapping)
	if err != nil {
		return err
	}
	if *kind != "" {
		if mf != nil && mf.Kind != attract.ImportKind(*kind) {
			return attract.Errorf(attract.EINVALID, "--kind: the mapping %[1]q is for %[2]s, not %[3]s.",
				"--kind：映射“%[1]s”用于导入 %[2]s，而不是 %[3]s。", mf.Name, mf.Kind, *kind)
		}
	} else if mf != nil {
		*kind = string(mf.Kind)
	} else {
		return attract.Errorf(attract.EINVALID, "Say what the file holds with --kind, or give a --mapping.",
			"请用 --kind 说明文件内容，或用 --mapping 指定列映射。")
	}
	opt := importer.ReadOptions{Sheet: *sheet, Encoding: *encoding}
	if mf != nil {
		opt.Sheet = orElse(opt.Sheet, mf.Sheet)
		opt.Encoding = orElse(opt.Encoding, mf.Encoding)
	}
	src, err := importer.Open(path, opt)
	if err != nil {
		return wrap(err, "", "无法读取文件 %s", path)
	}
	defer src.Close()
	if mf == nil {
		d := importer.Detect(attract.ImportKind(*kind), src.Header())
		d.Name = "detected"
		mf = &d
		say(m.Stderr, "No --mapping: the columns were mapped from their headers:", "未指定 --mapping，已根据表头识别各列：")
		for _, c := range mf.Columns {
			field := c.Field
			if field == "" {
				field = "(ignored / 忽略)"
			}
			fmt.Fprintf(m.Stderr, "  %-30s → %s %s\n", c.Column, field, c.Unit)
		}
	}
	mode := importer.AllOrNothing
	if *goodOnly {
		mode = importer.GoodRowsOnly
	}
	ro := importer.Options{DryRun: *dryRun, Mode: mode, Source: filepath.Base(path), OnRow: func(r importer.RowResult) {
		switch {
		// The problems are in both languages already (Chinese / English);
		// the line's label keeps its English start ("line 3 rejected:"),
		// which scripts may look for, and says it in Chinese after.
		case r.Verdict == importer.Rejected:
			fmt.Fprintf(m.Stdout, "line %[1]d rejected: 第 %[1]d 行被拒绝：%[2]s\n", r.Line, importer.DescribeProblems(r.Problems))
		case *warnings && len(r.Warnings) > 0:
			fmt.Fprintf(m.Stdout, "line %[1]d %[2]s with a warning: 第 %[1]d 行（%[3]s）有警告：%[4]s\n",
				r.Line, r.Verdict, r.Verdict.Label("zh"), importer.DescribeProblems(r.Warnings))
		}
	}}
	if *rejects != "" {
		f, err := os.Create(*rejects)
		if err != nil {
			return wrap(err, "--rejects", "--rejects：无法创建用于保存被拒绝行的文件 %s", *rejects)
		}
		defer f.Close()
		ro.Rejects = f
	}
	rep, err := importer.Run(ctx, m.DB, src, mf, ro)
	if err != nil {
		return wrap(err, "", "导入失败")
	}
	say(m.Stdout, "%d rows (%s): created %d, updated %d, unchanged %d, matched %d, rejected %d; companies created %d, matched %d; %d rows with warnings.",
		"共 %d 行（%s）：新建 %d，更新 %d，无变化 %d，匹配已有 %d，拒绝 %d；企业新建 %d 家，识别并沿用 %d 家；%d 行有警告。",
		rep.Rows, rep.Encoding, rep.Created, rep.Updated, rep.Unchanged, rep.Matched, rep.Rejected, rep.CompaniesCreated, rep.CompaniesMatched, rep.Warned)
	switch {
	case rep.DryRun:
		say(m.Stdout, "Dry run: nothing was stored.", "试运行：未保存任何数据。")
	case rep.Committed:
		say(m.Stdout, "Imported in %s.", "导入完成，用时 %s。", rep.Elapsed.Round(1e6))
	}
	if rep.Rejected > 0 && mode == importer.AllOrNothing {
		if rep.DryRun {
			return attract.Errorf(attract.EINVALID,
				"%d rows would be rejected, so an all-or-nothing import would store nothing; fix them or use --good-rows-only.",
				"有 %d 行将被拒绝，而本次导入为“全部或全不”方式，因此不会保存任何数据；请修改这些行，或使用 --good-rows-only 只导入合格的行。",
				rep.Rejected)
		}
		return attract.Errorf(attract.EINVALID,
			"%d rows were rejected, so nothing was imported (all or nothing); fix them or use --good-rows-only.",
			"有 %d 行被拒绝，而本次导入为“全部或全不”方式，因此未导入任何数据；请修改这些行，或使用 --good-rows-only 只导入合格的行。",
			rep.Rejected)
	}
	return nil
}

// importMapping finds the mapping --mapping names: a JSON file, else a
// mapping saved in the database, else one that ships with Attract. "" is
// none: the columns are detected.
func (m *Main) importMapping(ctx context.Context, name string) (*attract.MappingFields, error) {
	if name == "" {
		return nil, nil
	}
	if b, err := os.ReadFile(name); err == nil {
		var mf attract.MappingFields
		if err := attract.DecodeStrict(b, &mf); err != nil {
			return nil, wrap(err, "mapping file %s", "映射文件 %s", name)
		}
		if mf.Name == "" {
			mf.Name = filepath.Base(name)
		}
		if err := importer.CheckMapping(&mf, nil); err != nil {
			return nil, wrap(err, "mapping file %s", "映射文件 %s", name)
		}
		return &mf, nil
	} else if strings.HasSuffix(name, ".json") {
		return nil, wrap(err, "", "无法读取映射文件 %s", name)
	}
	saved, err := m.DB.FindMappingByName(ctx, name)
	if err == nil {
		return &saved.MappingFields, nil
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return nil, err
	}
	if mf, ok := importer.Builtin(name); ok {
		return mf, nil
	}
	return nil, attract.Errorf(attract.EINVALID,
		"--mapping: no mapping file, saved mapping or shipped mapping is called %[1]s (shipped: %[2]s).",
		"--mapping：没有名为“%[1]s”的映射文件、已保存映射或内置映射（内置映射：%[2]s）。",
		name, strings.Join(importer.BuiltinNames(), ", "))
}

// orElse returns a, or b when a is empty.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
