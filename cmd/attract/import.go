package main

import (
	"context"
	"errors"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import needs exactly one FILE (flags go before it)")
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
			return fmt.Errorf("the mapping %q is for %s, not %s", mf.Name, mf.Kind, *kind)
		}
	} else if mf != nil {
		*kind = string(mf.Kind)
	} else {
		return fmt.Errorf("say what the file holds with --kind, or give a --mapping")
	}
	opt := importer.ReadOptions{Sheet: *sheet, Encoding: *encoding}
	if mf != nil {
		opt.Sheet = orElse(opt.Sheet, mf.Sheet)
		opt.Encoding = orElse(opt.Encoding, mf.Encoding)
	}
	src, err := importer.Open(path, opt)
	if err != nil {
		return err
	}
	defer src.Close()
	if mf == nil {
		d := importer.Detect(attract.ImportKind(*kind), src.Header())
		d.Name = "detected"
		mf = &d
		fmt.Fprintln(m.Stderr, "No --mapping: the columns were mapped from their headers:")
		for _, c := range mf.Columns {
			field := c.Field
			if field == "" {
				field = "(ignored)"
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
		case r.Verdict == importer.Rejected:
			fmt.Fprintf(m.Stdout, "line %d rejected: %s\n", r.Line, importer.DescribeProblems(r.Problems))
		case *warnings && len(r.Warnings) > 0:
			fmt.Fprintf(m.Stdout, "line %d %s with a warning: %s\n", r.Line, r.Verdict, importer.DescribeProblems(r.Warnings))
		}
	}}
	if *rejects != "" {
		f, err := os.Create(*rejects)
		if err != nil {
			return err
		}
		defer f.Close()
		ro.Rejects = f
	}
	rep, err := importer.Run(ctx, m.DB, src, mf, ro)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d rows (%s): created %d, updated %d, unchanged %d, matched %d, rejected %d; companies created %d, matched %d; %d rows with warnings.\n",
		rep.Rows, rep.Encoding, rep.Created, rep.Updated, rep.Unchanged, rep.Matched, rep.Rejected, rep.CompaniesCreated, rep.CompaniesMatched, rep.Warned)
	switch {
	case rep.DryRun:
		fmt.Fprintln(m.Stdout, "Dry run: nothing was stored. 试运行：未保存任何数据。")
	case rep.Committed:
		fmt.Fprintf(m.Stdout, "Imported in %s. 导入完成。\n", rep.Elapsed.Round(1e6))
	}
	if rep.Rejected > 0 && mode == importer.AllOrNothing {
		if rep.DryRun {
			return fmt.Errorf("%d rows would be rejected, so an all-or-nothing import would store nothing; fix them or use --good-rows-only", rep.Rejected)
		}
		return fmt.Errorf("%d rows were rejected, so nothing was imported (all or nothing); fix them or use --good-rows-only", rep.Rejected)
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
			return nil, fmt.Errorf("mapping file %s: %w", name, err)
		}
		if mf.Name == "" {
			mf.Name = filepath.Base(name)
		}
		if err := importer.CheckMapping(&mf, nil); err != nil {
			return nil, fmt.Errorf("mapping file %s: %w", name, err)
		}
		return &mf, nil
	} else if strings.HasSuffix(name, ".json") {
		return nil, err
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
	return nil, errors.New("no mapping file, saved mapping or shipped mapping is called " + name + " (shipped: " + strings.Join(importer.BuiltinNames(), ", ") + ")")
}

// orElse returns a, or b when a is empty.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
