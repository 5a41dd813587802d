//go:build unix

package warehouse

import "syscall"

// FreeSpace is the bytes free to an unprivileged user on the disk that
// holds dir.
func FreeSpace(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
