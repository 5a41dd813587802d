package etl

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// NIKKey returns the key of the NIK hash: the given secret when set (from
// PANTAU_NIK_KEY), else the contents of keyFile, which is created with
// mode 0600 and a random key on first use.
func NIKKey(secret, keyFile string) ([]byte, error) {
	if secret != "" {
		return []byte(secret), nil
	}
	b, err := os.ReadFile(keyFile)
	if err == nil {
		key := strings.TrimSpace(string(b))
		if len(key) < 32 {
			return nil, fmt.Errorf("NIK key file %s: key is shorter than 32 characters", keyFile)
		}
		return []byte(key), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("NIK key file: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	key := hex.EncodeToString(raw)
	f, err := os.OpenFile(keyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create NIK key file: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(key + "\n"); err != nil {
		return nil, fmt.Errorf("write NIK key file: %w", err)
	}
	return []byte(key), nil
}
