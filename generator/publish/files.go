// Package publish holds a rendered site in memory and writes it to its
// destination all or nothing: into a fresh folder beside it, then swapped in.
package publish

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Files is a rendered site: output paths (forward slashes, relative to the
// destination) and their bytes.
type Files struct {
	m map[string][]byte
}

// NewFiles returns an empty set.
func NewFiles() *Files { return &Files{m: map[string][]byte{}} }

// Add stores a file, replacing any earlier one at the path.
func (f *Files) Add(p string, b []byte) { f.m[p] = b }

// Get returns a file's bytes.
func (f *Files) Get(p string) ([]byte, bool) { b, ok := f.m[p]; return b, ok }

// Len reports how many files the set holds.
func (f *Files) Len() int { return len(f.m) }

// Paths returns every path, sorted.
func (f *Files) Paths() []string {
	out := make([]string, 0, len(f.m))
	for p := range f.m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Bytes reports the total size of the files.
func (f *Files) Bytes() int64 {
	var n int64
	for _, b := range f.m {
		n += int64(len(b))
	}
	return n
}

// CheckPath refuses a path that could write outside the destination.
func CheckPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) ||
		path.Clean(p) != p || p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("unsafe output path %q", p)
	}
	return nil
}
