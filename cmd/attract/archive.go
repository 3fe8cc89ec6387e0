package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"time"

	"attract"
	"attract/sqlstore"
)

// archiveCommand runs the commands that take the agency's data out of a
// database and put it back: export, restore and backup (docs/archive.md).
func (m *Main) archiveCommand(ctx context.Context, cmd string, args []string) error {
	switch cmd {
	case "export":
		return m.export(ctx, args)
	case "restore":
		return m.restore(ctx, args)
	case "backup":
		return m.backup(ctx, args)
	}
	return attract.Errorf(attract.EINVALID, "Unknown command %q.", "未知命令“%s”。", cmd)
}

func (m *Main) export(ctx context.Context, args []string) error {
	fset := m.flags("export")
	out := fset.String("out", "", "archive file to write, or - for standard output (default attract-YYYYMMDD-HHMMSS.zip)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return attract.Errorf(attract.EINVALID, "export takes no arguments; name the archive with --out.",
			"export 不接受其他参数；请用 --out 指定归档文件名。")
	}
	if *out == "" {
		*out = "attract-" + time.Now().UTC().Format("20060102-150405") + ".zip"
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	start := time.Now()
	report := m.Stdout
	var w io.Writer = m.Stdout
	var f *os.File
	if *out == "-" {
		report = m.Stderr // standard output carries the archive
	} else {
		// The archive holds password hashes: readable by its owner only.
		var err error
		f, err = os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return attract.Errorf(attract.ECONFLICT, "%[1]s already exists; export never overwrites a file: choose a new name.",
				"%[1]s 已存在；导出不会覆盖已有文件，请换一个文件名。", *out)
		} else if err != nil {
			return wrap(err, "", "无法创建归档文件 %s", *out)
		}
		w = bufio.NewWriterSize(f, 256<<10)
	}
	manifest, err := m.DB.Export(sys(ctx), w)
	if f != nil {
		if err == nil {
			err = w.(*bufio.Writer).Flush()
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out) // half an archive is no archive
		}
	}
	if err != nil {
		return wrap(err, "", "导出失败")
	}
	say(report, "Exported %[1]d rows in %[2]d tables from the %[3]s database to %[4]s in %[5]s.",
		"已从 %[3]s 数据库导出 %[2]d 张表共 %[1]d 行，写入 %[4]s，用时 %[5]s。",
		manifest.Rows(), len(manifest.Tables), m.DB.Dialect(), *out, time.Since(start).Round(time.Millisecond))
	return nil
}

func (m *Main) restore(ctx context.Context, args []string) error {
	fset := m.flags("restore")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		return attract.Errorf(attract.EINVALID, "restore takes one archive: attract restore --db FILE|URL ARCHIVE.",
			"restore 需要且只需要一个归档文件：attract restore --db 文件|URL 归档文件。")
	}
	name := fset.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return wrap(err, "", "无法打开归档文件 %s", name)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return wrap(err, "", "无法读取归档文件 %s", name)
	}
	// Opening a SQLite file that is not there creates it; a restore that
	// fails removes it again, so that it leaves nothing behind.
	var created string
	if !sqlstore.IsPostgres(m.Config.DB) {
		if _, err := os.Stat(sqlstore.SQLiteFile(m.Config.DB)); errors.Is(err, os.ErrNotExist) {
			created = sqlstore.SQLiteFile(m.Config.DB)
		}
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	start := time.Now()
	manifest, err := m.DB.Restore(sys(ctx), f, info.Size())
	if err != nil {
		if created != "" {
			m.DB.Close()
			m.DB = nil
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(created + suffix)
			}
		}
		return wrap(err, "", "恢复失败")
	}
	say(m.Stdout, "Restored %[1]d rows in %[2]d tables into the %[3]s database in %[4]s, from an archive of a %[5]s database taken at %[6]s.",
		"已将 %[2]d 张表共 %[1]d 行恢复到 %[3]s 数据库，用时 %[4]s；该归档取自 %[5]s 数据库，生成于 %[6]s。",
		manifest.Rows(), len(manifest.Tables), m.DB.Dialect(), time.Since(start).Round(time.Millisecond),
		manifest.SourceDialect, manifest.CreatedAt.Format(time.RFC3339))
	return nil
}

func (m *Main) backup(ctx context.Context, args []string) error {
	fset := m.flags("backup")
	out := fset.String("out", "", "file to write the backup to; it must not exist")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if *out == "" || fset.NArg() > 0 {
		return attract.Errorf(attract.EINVALID, "backup writes to a new file: attract backup --db FILE --out BACKUP.",
			"backup 须写入一个新文件：attract backup --db 文件 --out 备份文件。")
	}
	// Opening would create a missing SQLite file, and back up nothing.
	if !sqlstore.IsPostgres(m.Config.DB) {
		if _, err := os.Stat(sqlstore.SQLiteFile(m.Config.DB)); err != nil {
			return wrap(err, "no database to back up", "没有可备份的数据库：找不到或无法读取 %s", sqlstore.SQLiteFile(m.Config.DB))
		}
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := m.DB.Backup(sys(ctx), *out); err != nil {
		return wrap(err, "", "备份失败")
	}
	info, err := os.Stat(*out)
	if err != nil {
		return wrap(err, "", "无法读取备份文件 %s", *out)
	}
	say(m.Stdout, "Backed up %s to %s (%.1f MB) in %s.", "已将 %s 备份到 %s（%.1f MB），用时 %s。",
		m.Config.DB, *out, float64(info.Size())/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}
