// Package starter holds the starter site that tscip init writes: a small,
// complete example of a partnership's site (settings, every data table and
// a few pages) to edit into one's own. It uses the default theme embedded
// in tscip, so it has no themes/ folder.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed all:site
var embedded embed.FS

// FS returns the starter site's files.
func FS() fs.FS {
	sub, err := fs.Sub(embedded, "site")
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

// ErrNotEmpty is returned when the destination already holds files.
var ErrNotEmpty = errors.New("folder is not empty")

// Write writes the starter site into dir, making it if needed. It refuses
// a folder that already holds anything, so it can never overwrite a site.
// It returns the files written, relative to dir.
func Write(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s: %w; choose a new or empty folder", dir, ErrNotEmpty)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	src := FS()
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.Mkdir(target, 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		// O_EXCL: never replace a file that appeared meanwhile.
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		written = append(written, p)
		return nil
	})
	return written, err
}
