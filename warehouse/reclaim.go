package warehouse

import (
	"context"
	"fmt"
	"os"
)

// duckdbHeaderSize is the bytes before a DuckDB file's first block: the
// main header and the two database headers of 4 KiB each.
const duckdbHeaderSize = 3 * 4096

// Reclaim gives back to the disk what a write that failed on a full disk
// left at the end of the file: DuckDB grows the file as it writes a
// large insert, and when the disk fills and the insert rolls back, its
// blocks are no part of the database (PRAGMA database_size counts
// none of them) but the file keeps its size. The disk stays full, and
// every later commit, which needs room in the write-ahead log, fails with
// "Failed to commit". Reclaim truncates the file to the blocks DuckDB
// counts; it returns the bytes freed. Only the writer calls it, and only
// while no write-ahead log is pending (a replayed log may name blocks
// beyond them).
func (w *Warehouse) Reclaim(ctx context.Context) (int64, error) {
	if w.ReadOnly || w.Path == "" || w.Path == ":memory:" {
		return 0, nil
	}
	if fi, err := os.Stat(w.Path + ".wal"); err == nil && fi.Size() > 0 {
		return 0, nil
	}
	var blockSize, totalBlocks int64
	err := w.DB.QueryRowContext(ctx, `SELECT block_size, total_blocks FROM pragma_database_size()
		WHERE database_name = current_database()`).Scan(&blockSize, &totalBlocks)
	if err != nil {
		return 0, fmt.Errorf("reclaim: %w", err)
	}
	fi, err := os.Stat(w.Path)
	if err != nil {
		return 0, err
	}
	used := duckdbHeaderSize + totalBlocks*blockSize
	if totalBlocks <= 0 || blockSize <= 0 || fi.Size() <= used {
		return 0, nil
	}
	if err := os.Truncate(w.Path, used); err != nil {
		return 0, fmt.Errorf("reclaim: %w", err)
	}
	return fi.Size() - used, nil
}
