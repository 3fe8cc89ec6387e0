package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"attract"
)

// Backup writes a consistent copy of a SQLite database to the file at path,
// while the database stays in use: SQLite's VACUUM INTO reads one snapshot
// (writers go on, in WAL mode) and writes a compact, ordinary database file
// that Open takes as it is. The file must not exist yet. PostgreSQL is
// refused: its own pg_dump does this job.
func (db *DB) Backup(ctx context.Context, path string) error {
	// A backup holds every user's password hash, like an archive.
	if err := authorizeArchive(ctx); err != nil {
		return err
	}
	if db.dialect.name() != "sqlite" {
		return attract.Errorf(attract.EINVALID,
			"backup copies SQLite databases only; back up PostgreSQL with pg_dump (pg_dump --format=custom --file=FILE URL), or take a database-neutral archive with attract export.",
			"backup 只能备份 SQLite 数据库；PostgreSQL 请使用 pg_dump（pg_dump --format=custom --file=文件 URL）备份，或用 attract export 导出通用归档。")
	}
	if path == "" {
		return attract.Errorf(attract.EINVALID, "Name the backup file.", "请指定备份文件。")
	}
	if _, err := os.Lstat(path); err == nil {
		return existsError(path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}

	// VACUUM INTO writes to a temporary name beside the target, which
	// appears under its own name only once it is complete: a half-written
	// backup never looks like a backup.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)
	// SQLite writes only into a file that is absent or empty; this one is
	// empty.
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return fmt.Errorf("back up the database: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return err
	}
	// A hard link, unlike a rename, refuses to replace a file that someone
	// created at path in the meantime.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(path)
		}
		return err
	}
	return syncFile(filepath.Dir(path))
}

func existsError(path string) error {
	return attract.Errorf(attract.ECONFLICT,
		"%[1]s already exists; backup never overwrites a file: choose a new name.",
		"%[1]s 已存在；备份不会覆盖已有文件，请换一个文件名。", path)
}

// syncFile flushes a file or directory to stable storage, so that a backup
// reported as taken survives a power cut.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
