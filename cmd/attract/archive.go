package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

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
	return fmt.Errorf("unknown command %q", cmd)
}

func (m *Main) export(ctx context.Context, args []string) error {
	fset := m.flags("export")
	out := fset.String("out", "", "archive file to write, or - for standard output (default attract-YYYYMMDD-HHMMSS.zip)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("export takes no arguments; name the archive with --out")
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
			return fmt.Errorf("%s already exists; export never overwrites a file: choose a new name", *out)
		} else if err != nil {
			return err
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
		return err
	}
	fmt.Fprintf(report, "Exported %d rows in %d tables from the %s database to %s in %s.\n",
		manifest.Rows(), len(manifest.Tables), m.DB.Dialect(), *out, time.Since(start).Round(time.Millisecond))
	return nil
}

func (m *Main) restore(ctx context.Context, args []string) error {
	fset := m.flags("restore")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		return fmt.Errorf("restore takes one archive: attract restore --db FILE|URL ARCHIVE")
	}
	name := fset.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
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
		return err
	}
	fmt.Fprintf(m.Stdout, "Restored %d rows in %d tables into the %s database in %s, from an archive of a %s database taken at %s.\n",
		manifest.Rows(), len(manifest.Tables), m.DB.Dialect(), time.Since(start).Round(time.Millisecond),
		manifest.SourceDialect, manifest.CreatedAt.Format(time.RFC3339))
	return nil
}

func (m *Main) backup(ctx context.Context, args []string) error {
	fset := m.flags("backup")
	out := fset.String("out", "", "file to write the backup to; it must not exist")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *out == "" || fset.NArg() > 0 {
		return fmt.Errorf("backup writes to a new file: attract backup --db FILE --out BACKUP")
	}
	// Opening would create a missing SQLite file, and back up nothing.
	if !sqlstore.IsPostgres(m.Config.DB) {
		if _, err := os.Stat(sqlstore.SQLiteFile(m.Config.DB)); err != nil {
			return fmt.Errorf("no database to back up: %w", err)
		}
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := m.DB.Backup(sys(ctx), *out); err != nil {
		return err
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Backed up %s to %s (%.1f MB) in %s.\n",
		m.Config.DB, *out, float64(info.Size())/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}
