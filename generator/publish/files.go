// Package publish holds a rendered site and writes it to its destination all
// or nothing: into a folder beside it (the site before the last build, kept
// for this, or a fresh one), then swapped in.
//
// A site's files are held in memory (NewFiles), or streamed to that folder
// as they are rendered (Stage), so that a site far larger than memory can
// be built. Either way, only files that differ from the kept ones are
// written; the rest stay, or are hard-linked from the published site, so a
// rebuild after a small change writes little. A Publisher does the same
// again and again for a site kept in memory (tscip build --watch).
package publish

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
)

// Files is a rendered site: output paths (forward slashes, relative to the
// destination) and their bytes. It is safe for concurrent use.
type Files struct {
	mu sync.Mutex
	m  map[string][]byte // held in memory; nil values when staged
	st *stage            // set when the files stream to a staging folder
}

// NewFiles returns an empty set held in memory.
func NewFiles() *Files { return &Files{m: map[string][]byte{}} }

// Add stores a file, replacing any earlier one at the path. A staged set
// hands it to the writers and keeps only its path; a problem writing it is
// returned by Write. The caller must not change b afterwards.
func (f *Files) Add(p string, b []byte) { f.AddLent(p, b, nil) }

// AddLent is Add for bytes the caller wants back: a staged set calls
// release(b) once b is written (or dropped) and no longer needed, so that
// the caller can render the next file into the same memory. A set held in
// memory keeps b and never calls release.
func (f *Files) AddLent(p string, b []byte, release func([]byte)) {
	if f.st != nil {
		f.mu.Lock()
		_, again := f.m[p]
		f.m[p] = nil
		f.mu.Unlock()
		if again {
			f.st.pending.wait() // so the earlier file is not written last
		}
		f.st.add(p, b, release)
		return
	}
	f.mu.Lock()
	f.m[p] = b
	f.mu.Unlock()
}

// Expect tells a staged set the paths of files to come, in about the
// order they will be added, so that one goroutine can make their folders
// ahead of the writers (see stage.expect). It changes nothing else: a file
// need not be expected to be added, and a folder made for an expected
// file that never comes is removed, when empty, as the set is written. A
// set held in memory, or one already written or discarded, ignores it.
func (f *Files) Expect(paths []string) {
	if f.st != nil {
		f.st.expect(paths)
	}
}

// Get returns a file's bytes; a staged set reads them back from disk, once
// the files added before have been written.
func (f *Files) Get(p string) ([]byte, bool) {
	f.mu.Lock()
	b, ok := f.m[p]
	f.mu.Unlock()
	if ok && f.st != nil {
		return f.st.read(p)
	}
	return b, ok
}

// Len reports how many files the set holds.
func (f *Files) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.m)
}

// Paths returns every path, sorted.
func (f *Files) Paths() []string {
	f.mu.Lock()
	out := make([]string, 0, len(f.m))
	for p := range f.m {
		out = append(out, p)
	}
	f.mu.Unlock()
	sort.Strings(out)
	return out
}

// all returns every path, in no order, and the bytes of each, taking the
// lock once rather than once a file.
func (f *Files) all() (paths []string, bodies [][]byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	paths = make([]string, 0, len(f.m))
	bodies = make([][]byte, 0, len(f.m))
	for p, b := range f.m {
		paths = append(paths, p)
		bodies = append(bodies, b)
	}
	return paths, bodies
}

// Bytes reports the total size of the files.
func (f *Files) Bytes() int64 {
	if f.st != nil {
		f.st.pending.wait()
		return f.st.size()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
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
