package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func set(kv ...string) *Files {
	f := NewFiles()
	for i := 0; i < len(kv); i += 2 {
		f.Add(kv[i], []byte(kv[i+1]))
	}
	return f
}

// eachFile calls fn with the path of every file under dir.
func eachFile(t *testing.T, dir string, fn func(p string)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fn(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tree reads every file under dir as path -> content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	eachFile(t, dir, func(p string) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
	})
	return out
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestWriteReplacesWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("index.html", "one", "a/index.html", "a", "gone.html", "old")); err != nil {
		t.Fatal(err)
	}
	if err := Write(dest, set("index.html", "two", "a/index.html", "a", "b/c/index.html", "c")); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	want := map[string]string{"index.html": "two", "a/index.html": "a", "b/c/index.html": "c"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.new-*"))
	if len(left) > 0 {
		t.Fatalf("leftovers: %v", left)
	}
}

func TestUnchangedFilesAreLinked(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("same.html", "same", "changed.html", "before", "resized.html", "x")); err != nil {
		t.Fatal(err)
	}
	same, changed := inode(t, filepath.Join(dest, "same.html")), inode(t, filepath.Join(dest, "changed.html"))
	if err := Write(dest, set("same.html", "same", "changed.html", "after!", "resized.html", "xy")); err != nil {
		t.Fatal(err)
	}
	if inode(t, filepath.Join(dest, "same.html")) != same {
		t.Error("an unchanged file was written again instead of linked")
	}
	if inode(t, filepath.Join(dest, "changed.html")) == changed {
		t.Error("a changed file of the same size kept its old inode")
	}
	if got := tree(t, dest); got["changed.html"] != "after!" || got["resized.html"] != "xy" || got["same.html"] != "same" {
		t.Fatalf("wrong contents: %v", got)
	}
	// the site before is kept beside, sharing the unchanged file
	kept := filepath.Join(filepath.Dir(dest), ".public.prev")
	if got := tree(t, kept); got["changed.html"] != "before" || got["same.html"] != "same" {
		t.Fatalf("the site before is not kept as it was: %v", got)
	}
	if inode(t, filepath.Join(kept, "same.html")) != same {
		t.Error("the kept site holds a copy of an unchanged file, not the file")
	}
}

// TestKeptSiteIsBroughtUpToDate publishes three versions: the third is made
// by changing the first in place, so an unchanged file keeps its inode, a
// removed one and its folder go, and dest ends exactly the new site.
func TestKeptSiteIsBroughtUpToDate(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	v1 := set("x.html", "1", "y.html", "y", "gone/z.html", "z")
	v2 := set("x.html", "2", "y.html", "y", "gone/z.html", "z")
	v3 := set("x.html", "3", "y.html", "y", "new/n.html", "n")
	if err := Write(dest, v1); err != nil {
		t.Fatal(err)
	}
	dir1, y := inode(t, dest), inode(t, filepath.Join(dest, "y.html"))
	for _, v := range []*Files{v2, v3} {
		if err := Write(dest, v); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := tree(t, dest), map[string]string{"x.html": "3", "y.html": "y", "new/n.html": "n"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("published %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dest, "gone")); err == nil {
		t.Error("the folder of a removed file is left")
	}
	if inode(t, dest) != dir1 {
		t.Error("the third build did not bring the first one's folder up to date")
	}
	if inode(t, filepath.Join(dest, "y.html")) != y {
		t.Error("an unchanged file was written again")
	}
	if got := tree(t, filepath.Join(filepath.Dir(dest), ".public.prev")); got["x.html"] != "2" || got["gone/z.html"] != "z" {
		t.Errorf("the kept site is not the second version: %v", got)
	}
	left, _ := filepath.Glob(filepath.Join(dest, ".tscip-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A build that stops after changing the kept site leaves it untrusted: the
// next build starts afresh and publishes the right files.
func TestStoppedBuildLeavesKeptSiteUntrusted(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, v := range []string{"1", "2"} {
		if err := Write(dest, set("x.html", v, "y.html", "y")); err != nil {
			t.Fatal(err)
		}
	}
	f := Stage(dest)
	f.Add("y.html", []byte("half-way"))
	f.Add("extra.html", []byte("junk"))
	f.Discard() // as a stopped build leaves it
	if _, err := os.Stat(filepath.Join(dir, ".public.prev.manifest")); err == nil {
		t.Fatal("the kept site keeps its manifest after a build changed it")
	}
	if got := tree(t, dest); got["x.html"] != "2" || got["y.html"] != "y" || len(got) != 2 {
		t.Fatalf("the published site changed: %v", got)
	}
	if err := Write(dest, set("x.html", "3", "y.html", "y")); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dest), map[string]string{"x.html": "3", "y.html": "y"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("published %v, want %v", got, want)
	}
}

// A file of the kept site edited in place is written again, not trusted.
func TestEditedKeptFileIsNotReused(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, v := range []string{"1", "2"} {
		if err := Write(dest, set("x.html", v, "y.html", "yy")); err != nil {
			t.Fatal(err)
		}
	}
	// the kept y.html is the published one (a shared file): edit a copy in its place
	kept := filepath.Join(dir, ".public.prev", "x.html")
	if err := os.WriteFile(kept, []byte("9"), 0o644); err != nil { // same size
		t.Fatal(err)
	}
	if err := Write(dest, set("x.html", "1", "y.html", "yy")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["x.html"] != "1" {
		t.Fatalf("published x.html %q, want 1", got["x.html"])
	}
}

// A published file edited in place (same inode) must not be trusted.
// TestSameSizeOtherBytesNotReused: a file the manifest still describes
// (same inode, size and time, written well before the manifest, so its
// time is trusted) is reused only when its bytes equal the new ones.
func TestSameSizeOtherBytesNotReused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("same.html", "same", "changed.html", "before")); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(filepath.Dir(dest), ".public.manifest")
	later := time.Now().Add(time.Hour) // the files are now long before it
	if err := os.Chtimes(manifest, later, later); err != nil {
		t.Fatal(err)
	}
	same, changed := inode(t, filepath.Join(dest, "same.html")), inode(t, filepath.Join(dest, "changed.html"))
	if err := Write(dest, set("same.html", "same", "changed.html", "after!")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["changed.html"] != "after!" || got["same.html"] != "same" {
		t.Fatalf("wrong contents: %v", got)
	}
	if inode(t, filepath.Join(dest, "changed.html")) == changed {
		t.Error("a changed file of the same size was linked")
	}
	if inode(t, filepath.Join(dest, "same.html")) != same {
		t.Error("an unchanged file was written again instead of linked")
	}
}

func TestEditedFileIsNotReused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("index.html", "original")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dest, "index.html")
	if err := os.WriteFile(p, []byte("tampered"), 0o644); err != nil { // same size, same inode
		t.Fatal(err)
	}
	if err := Write(dest, set("index.html", "original")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest)["index.html"]; got != "original" {
		t.Fatalf("published %q, want the rendered bytes", got)
	}
}

func TestDamagedManifestReusesNothing(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := Write(dest, set("index.html", "x")); err != nil {
		t.Fatal(err)
	}
	before := inode(t, filepath.Join(dest, "index.html"))
	if err := os.WriteFile(filepath.Join(dir, ".public.manifest"), []byte("nonsense\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dest, set("index.html", "x")); err != nil {
		t.Fatal(err)
	}
	if inode(t, filepath.Join(dest, "index.html")) == before {
		t.Fatal("reused a file without a valid manifest")
	}
}

// A kept tree's manifest naming a path outside the tree (damaged, or
// written by hand) is not read: the build does not remove, or look at,
// files outside its folders.
func TestManifestPathOutsideTreeIgnored(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, v := range []string{"1", "2"} {
		if err := Write(dest, set("index.html", v)); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(outside, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, ".public.prev.manifest")
	m, _ := readManifest(kept)
	if m == nil {
		t.Fatal("no kept manifest to alter")
	}
	m["../notes.txt"] = entry{size: 4, ino: 1, mtime: 1}
	if err := writeManifest(kept, m); err != nil {
		t.Fatal(err)
	}
	if err := Write(dest, set("index.html", "3")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(outside); err != nil || string(b) != "mine" {
		t.Fatalf("a file beside the site was removed or changed: %q, %v", b, err)
	}
	if got := tree(t, dest); got["index.html"] != "3" || len(got) != 1 {
		t.Fatalf("published %v", got)
	}
}

func TestUnsafePathWritesNothing(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("index.html", "old")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../evil", "/abs", "a/../../b", "a\\b", ""} {
		if err := Write(dest, set("index.html", "new", bad, "x")); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if got := tree(t, dest); got["index.html"] != "old" || len(got) != 1 {
		t.Fatalf("the old site changed: %v", got)
	}
}

func TestLockRefusesSecondBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	staged := Stage(dest)
	staged.Add("index.html", []byte("y")) // takes the lock
	if err := Write(dest, set("index.html", "x")); !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	staged.Discard()
	if err := Write(dest, set("index.html", "x")); err != nil {
		t.Fatal(err)
	}
}

func TestStageStreamsAndSwaps(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(dest, set("index.html", "old", "keep/index.html", "keep")); err != nil {
		t.Fatal(err)
	}
	kept := inode(t, filepath.Join(dest, "keep", "index.html"))
	f := Stage(dest)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Add(fmt.Sprintf("p/%d/index.html", i), []byte(strings.Repeat("x", i)))
		}()
	}
	wg.Wait()
	f.Add("index.html", []byte("first"))
	f.Add("index.html", []byte("new")) // replaced before publishing
	f.Add("keep/index.html", []byte("keep"))
	if got := tree(t, dest)["index.html"]; got != "old" {
		t.Fatalf("the published site changed before Write: %q", got)
	}
	if b, ok := f.Get("index.html"); !ok || string(b) != "new" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	if f.Len() != 52 || f.Bytes() != int64(3+4+49*50/2) {
		t.Fatalf("Len %d, Bytes %d", f.Len(), f.Bytes())
	}
	if err := Write(dest, f); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if len(got) != 52 || got["index.html"] != "new" || got["p/7/index.html"] != "xxxxxxx" {
		t.Fatalf("published %d files: %v", len(got), got["index.html"])
	}
	if inode(t, filepath.Join(dest, "keep", "index.html")) != kept {
		t.Error("a staged unchanged file was not linked")
	}
	if err := Write(dest, f); err == nil {
		t.Error("a staged set was published twice")
	}
}

// TestLentBytesComeBackAfterWriting: a staged set gives lent bytes back
// only once they are on disk, so the renderer can reuse the memory, and
// scribbling over them afterwards changes nothing published; a set held in
// memory keeps them.
func TestLentBytesComeBackAfterWriting(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	f := Stage(dest)
	var mu sync.Mutex
	back := map[string]int{}
	for i := range 300 {
		p := fmt.Sprintf("p/%d/index.html", i)
		b := []byte(strings.Repeat(fmt.Sprint(i%10), 1000+i))
		f.AddLent(p, b, func(got []byte) {
			if &got[0] != &b[0] {
				t.Errorf("%s: other bytes given back", p)
			}
			on, err := os.ReadFile(filepath.Join(f.st.tmp, filepath.FromSlash(p)))
			if err != nil || !bytes.Equal(on, got) {
				t.Errorf("%s given back before it was written: %v", p, err)
			}
			for j := range got {
				got[j] = '!' // the renderer's next page
			}
			mu.Lock()
			back[p]++
			mu.Unlock()
		})
	}
	if err := Write(dest, f); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	for i := range 300 {
		p := fmt.Sprintf("p/%d/index.html", i)
		if back[p] != 1 {
			t.Errorf("%s given back %d times", p, back[p])
		}
		if want := strings.Repeat(fmt.Sprint(i%10), 1000+i); got[p] != want {
			t.Errorf("%s published as %.20q…", p, got[p])
		}
	}
	m := NewFiles()
	m.AddLent("index.html", []byte("kept"), func([]byte) { t.Error("a set in memory gave its bytes back") })
	if b, _ := m.Get("index.html"); string(b) != "kept" {
		t.Errorf("a set in memory holds %q", b)
	}
}

func TestStageDiscardLeavesSite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := Write(dest, set("index.html", "old")); err != nil {
		t.Fatal(err)
	}
	f := Stage(dest)
	f.Add("index.html", []byte("new"))
	f.Discard()
	if got := tree(t, dest); got["index.html"] != "old" {
		t.Fatalf("got %v", got)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if strings.Contains(strings.Join(names, " "), ".new-") {
		t.Fatalf("staging folder left: %v", names)
	}
}

// A staged build that fails before adding anything creates nothing.
func TestStageCreatesNothingUntilAdd(t *testing.T) {
	dir := t.TempDir()
	f := Stage(filepath.Join(dir, "new", "public"))
	f.Discard()
	if _, err := os.Stat(filepath.Join(dir, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed staged build created its destination's folder: %v", err)
	}
	g := Stage(filepath.Join(dir, "public"))
	if err := Write(filepath.Join(dir, "public"), g); err != nil { // an empty site
		t.Fatal(err)
	}
	if entries, err := os.ReadDir(filepath.Join(dir, "public")); err != nil || len(entries) != 0 {
		t.Fatalf("got %v, %v", entries, err)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m")
	in := map[string]entry{"a b/index.html": {size: 3, ino: 7, mtime: 99}, "x": {size: 0}, "y": {size: 1 << 40, ino: 1 << 63, mtime: -1}}
	if err := writeManifest(p, in); err != nil {
		t.Fatal(err)
	}
	out, _ := readManifest(p)
	if fmt.Sprint(out) != fmt.Sprint(in) {
		t.Fatalf("got %v, want %v", out, in)
	}
	b, _ := os.ReadFile(p)
	if !bytes.HasPrefix(b, []byte(manifestHeader+"\n")) {
		t.Fatalf("header: %q", b)
	}
}

// TestPublisherRepublishes publishes edits one after another through one
// Publisher, handing unchanged files over as the same bytes, as the watch
// mode does: each version is published whole and right, and a file edited
// on disk behind its back is written again.
func TestPublisherRepublishes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	pub := NewPublisher(dest)
	same := []byte("unchanged")
	other := []byte("other")
	versions := []map[string]string{
		{"a/index.html": "1", "b.html": "b"},
		{"a/index.html": "2", "b.html": "b", "c.html": "c"},
		{"a/index.html": "3", "c.html": "c"},
		{"a/index.html": "3", "c.html": "cc"},
	}
	for i, v := range versions {
		files := NewFiles()
		files.Add("same.html", same)
		files.Add("deep/other.html", other)
		for p, b := range v {
			files.Add(p, []byte(b))
		}
		if i == 3 {
			// edited in place behind the publisher's back, keeping its size
			if err := os.WriteFile(filepath.Join(dest, "same.html"), []byte("tampered!"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := pub.Write(files); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"same.html": "unchanged", "deep/other.html": "other"}
		for p, b := range v {
			want[p] = b
		}
		if got := tree(t, dest); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("version %d: published %v, want %v", i+1, got, want)
		}
	}
}

// A destination that is a symbolic link is refused, and the folder it leads
// to is left alone; a kept tree that became a link is removed as a link.
func TestSymlinkDestinationRefused(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "release")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "public")
	if err := os.Symlink(target, dest); err != nil {
		t.Fatal(err)
	}
	err := Write(dest, set("index.html", "x"))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("publishing through a link: %v, want a refusal", err)
	}
	if got := tree(t, target); got["keep.txt"] != "keep" || len(got) != 1 {
		t.Fatalf("the linked folder changed: %v", got)
	}

	// a kept tree replaced by a link to a folder
	real := filepath.Join(dir, "site")
	for _, v := range []string{"1", "2"} {
		if err := Write(real, set("index.html", v)); err != nil {
			t.Fatal(err)
		}
	}
	kept := filepath.Join(dir, ".site.prev")
	if err := os.RemoveAll(kept); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, kept); err != nil {
		t.Fatal(err)
	}
	if err := Write(real, set("index.html", "3")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, target); got["keep.txt"] != "keep" {
		t.Fatalf("the folder a kept link led to was emptied: %v", got)
	}
	if got := tree(t, real); got["index.html"] != "3" {
		t.Fatalf("published %v", got)
	}
}

// A file waits to be queued while the queued files hold maxQueued bytes,
// and goes in once the writers take some; a file larger than the bound
// still goes in alone.
// TestLargeFileNotStarved: a file larger than the room left is let in
// while the queue is below its bound, rather than waiting for it to empty.
func TestLargeFileNotStarved(t *testing.T) {
	var c inflight
	c.add(maxQueued / 2)
	queued := make(chan bool)
	go func() {
		c.add(maxQueued) // the downloads of a large site
		queued <- true
	}()
	select {
	case <-queued:
	case <-time.After(5 * time.Second):
		t.Fatal("a large file waited while the queue had room")
	}
	c.done(maxQueued / 2)
	c.done(maxQueued)
	c.wait()
}

func TestQueueBoundedByBytes(t *testing.T) {
	var c inflight
	c.add(maxQueued) // one huge file alone is let in
	queued := make(chan bool)
	go func() {
		c.add(1)
		queued <- true
	}()
	select {
	case <-queued:
		t.Fatal("a file was queued beyond the bound")
	case <-time.After(50 * time.Millisecond):
	}
	c.done(maxQueued)
	select {
	case <-queued:
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting file was not queued once the writers took the first")
	}
	c.done(1)
	c.wait()
}

// TestDeletedSiteLeavesManifestUnread: after the published folder is
// deleted (rm -rf public), the manifest left beside it is not read, so
// the next build does not look for each of its files in vain, and writes
// the whole site.
func TestDeletedSiteLeavesManifestUnread(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := Write(dest, set("index.html", "x", "a/index.html", "y")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".public.manifest")); err != nil {
		t.Fatal("no manifest beside the site:", err)
	}
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	s := newStage(dest)
	if err := s.open(); err != nil {
		t.Fatal(err)
	}
	if s.old != nil {
		t.Errorf("read the manifest of a deleted site: %d entries", len(s.old))
	}
	s.discard()
	if err := Write(dest, set("index.html", "x", "a/index.html", "y")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "x" || got["a/index.html"] != "y" {
		t.Errorf("wrong site: %v", got)
	}
}

// versioned is a set of files whose bytes stay the same slices from one
// call to the next, as a session hands a Publisher unchanged pages.
type versioned map[string][]byte

func (v versioned) with(kv ...string) *Files {
	f := set(kv...)
	for p, b := range v {
		f.Add(p, b)
	}
	return f
}

// prepared is a Publisher of dest after a Write and a Copy of v with kv,
// as tscip build --watch leaves it before the first edit.
func prepared(t *testing.T, dest string, v versioned, kv ...string) *Publisher {
	t.Helper()
	pub := NewPublisher(dest)
	if err := pub.Write(v.with(kv...)); err != nil {
		t.Fatal(err)
	}
	if err := pub.Copy(v.with(kv...)); err != nil {
		t.Fatal(err)
	}
	return pub
}

// inodes gives each regular file under dir by its inode.
func inodes(t *testing.T, dir string) map[uint64]string {
	t.Helper()
	out := map[uint64]string{}
	eachFile(t, dir, func(p string) { out[inode(t, p)] = p })
	return out
}

// After Copy the published site and the kept tree share no file, even
// where they did before (two Writes of the same bytes link every file).
func TestCopySharesNoFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	pub := NewPublisher(dest)
	v := versioned{"index.html": []byte("home"), "a/index.html": []byte("a"), "b.html": []byte("b")}
	for _, write := range []func(*Files) error{pub.Write, pub.Write, pub.Copy} {
		if err := write(v.with()); err != nil {
			t.Fatal(err)
		}
	}
	kept := inodes(t, filepath.Join(dir, ".public.prev"))
	for ino, p := range inodes(t, dest) {
		if k, ok := kept[ino]; ok {
			t.Errorf("%s and %s are the same file", p, k)
		}
	}
	if got := tree(t, dest); fmt.Sprint(got) != fmt.Sprint(map[string]string{"index.html": "home", "a/index.html": "a", "b.html": "b"}) {
		t.Fatalf("published %v", got)
	}
	if got := tree(t, filepath.Join(dir, ".public.prev")); len(got) != 3 {
		t.Fatalf("kept tree %v, want the same three files", got)
	}
}

// old moves a file's time well before its manifest, as for a site built a
// while ago, so that its time can be trusted.
func old(t *testing.T, paths ...string) {
	t.Helper()
	then := time.Now().Add(-time.Hour)
	for _, p := range paths {
		if err := os.Chtimes(p, then, then); err != nil {
			t.Fatal(err)
		}
	}
}

// rewriteManifests records the files' times as they are now, as a build
// would have (in the manifests and in the Publisher's memory), so that
// files made old count as written long before.
func rewriteManifests(t *testing.T, pub *Publisher) {
	t.Helper()
	st := newStage(pub.dest)
	for i, m := range []struct {
		path, tree string
	}{{st.manifestPath(), st.dest}, {st.prevPath() + ".manifest", st.prevPath()}} {
		entries, _ := readManifest(m.path)
		for p := range entries {
			fi, err := os.Lstat(filepath.Join(m.tree, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			ino, mtime := statIDs(fi)
			entries[p] = entry{size: fi.Size(), ino: ino, mtime: mtime}
			if k, ok := pub.known[i][p]; ok {
				pub.known[i][p] = knownFile{k.id, entries[p]}
			}
		}
		if err := writeManifest(m.path, entries); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Minute)
		if err := os.Chtimes(m.path, later, later); err != nil {
			t.Fatal(err)
		}
		pub.manifests[m.path] = remember(m.path, entries)
	}
}

// An edit made to the published site, in place and keeping the file's
// size, is found by Verify once that site is the kept tree, and the next
// Write publishes the rendered bytes, not the edit.
func TestVerifyFindsEditsMadeWhilePublished(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	v := versioned{"index.html": []byte("original"), "other.html": []byte("other")}
	pub := prepared(t, dest, v, "news.html", "1")
	old(t, filepath.Join(dest, "index.html"), filepath.Join(dest, "other.html"),
		filepath.Join(dir, ".public.prev", "index.html"), filepath.Join(dir, ".public.prev", "other.html"))
	rewriteManifests(t, pub)
	if err := pub.Verify(); err != nil {
		t.Fatal(err)
	}
	// edited while published, behind the Publisher's back
	if err := os.WriteFile(filepath.Join(dest, "index.html"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, news := range []string{"2", "3", "4"} {
		if err := pub.Write(v.with("news.html", news)); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); got["index.html"] != "original" || got["news.html"] != news {
			t.Fatalf("write %d published %v", i+1, got)
		}
		if err := pub.Verify(); err != nil {
			t.Fatal(err)
		}
	}
}

// A kept file that is a link to the published one is not vouched for:
// an edit through the published site reaches it.
func TestVerifyLeavesSharedFilesToWrite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	pub := NewPublisher(dest)
	v := versioned{"index.html": []byte("original")}
	for range 2 { // the second Write links every file from the first
		if err := pub.Write(v.with("news.html", "1")); err != nil {
			t.Fatal(err)
		}
	}
	old(t, filepath.Join(dest, "index.html"))
	rewriteManifests(t, pub)
	if err := pub.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "index.html"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pub.Write(v.with("news.html", "2")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "original" {
		t.Fatalf("published index.html %q, want the rendered bytes", got["index.html"])
	}
}

// What Verify found stands for the next Write: the kept files it vouched
// for are not looked at again. (So a change made inside the hidden kept
// folder after Verify goes unnoticed: the folder is the Publisher's own.)
func TestVerifiedFilesAreNotLookedAtAgain(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	kept := filepath.Join(dir, ".public.prev", "index.html")
	for _, verify := range []bool{false, true} {
		v := versioned{"index.html": []byte("original")}
		pub := prepared(t, dest, v)
		old(t, kept, filepath.Join(dest, "index.html"))
		rewriteManifests(t, pub)
		if verify {
			if err := pub.Verify(); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(kept, []byte("tampered"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := pub.Write(v.with("new.html", "n")); err != nil {
			t.Fatal(err)
		}
		want := "original"
		if verify {
			want = "tampered"
		}
		if got := tree(t, dest)["index.html"]; got != want {
			t.Errorf("verified %v: published %q, want %q", verify, got, want)
		}
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
	}
}

// Another build of the destination between Verify and Write voids what
// Verify found.
func TestOtherBuildVoidsVerify(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	v := versioned{"index.html": []byte("original")}
	pub := prepared(t, dest, v, "news.html", "1")
	old(t, filepath.Join(dir, ".public.prev", "index.html"), filepath.Join(dest, "index.html"))
	rewriteManifests(t, pub)
	if err := pub.Verify(); err != nil {
		t.Fatal(err)
	}
	// another process builds twice: the trees swap back, the kept one
	// being the one Verify looked at
	for _, news := range []string{"2", "3"} {
		if err := Write(dest, set("index.html", "original", "news.html", news)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".public.prev", "index.html"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pub.Write(v.with("news.html", "4")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "original" || got["news.html"] != "4" {
		t.Fatalf("published %v", got)
	}
}

// keepTime edits a file in place and gives it back its modification
// time, as an edit in the same tick of a coarse clock would leave it.
func keepTime(t *testing.T, p, content string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// Files written just before their manifest, whose time cannot tell an
// edit made in the same tick, are read back by Verify: one that still
// holds its bytes is vouched for, one that does not is left to the next
// Write, which writes it again.
func TestVerifyReadsBackFilesTooNewForTheirTime(t *testing.T) {
	for _, editFirst := range []bool{true, false} {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		kept := filepath.Join(dir, ".public.prev", "index.html")
		v := versioned{"index.html": []byte("original")}
		pub := prepared(t, dest, v)
		// every file was written within the racy window of its manifest
		if editFirst {
			keepTime(t, kept, "tampered")
		}
		if err := pub.Verify(); err != nil {
			t.Fatal(err)
		}
		if !editFirst {
			keepTime(t, kept, "tampered")
		}
		if err := pub.Write(v.with("new.html", "n")); err != nil {
			t.Fatal(err)
		}
		// an edit Verify saw is undone; one made after it, in the hidden
		// kept folder, is not looked for
		want := map[bool]string{true: "original", false: "tampered"}[editFirst]
		if got := tree(t, dest)["index.html"]; got != want {
			t.Errorf("edited before Verify %v: published %q, want %q", editFirst, got, want)
		}
	}
}

// folders lists every folder under dir, and whether it holds anything.
func folders(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dir {
			entries, err := os.ReadDir(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = len(entries) > 0
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Expect makes the folders of the files to come before they are added,
// and the published site keeps none made for a file that never came.
func TestExpectMakesFoldersAhead(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	var paths []string
	for i := range 200 {
		paths = append(paths, fmt.Sprintf("p/%d/index.html", i))
	}
	paths = append(paths, "index.html", "a/b/c/index.html", "../evil/index.html", "p/../../up/index.html")
	f := Stage(dest)
	f.Expect(paths)
	f.st.ahead.Wait()
	made := folders(t, f.st.tmp)
	for _, want := range []string{"p/0", "p/199", "a/b/c"} {
		if _, ok := made[want]; !ok {
			t.Errorf("folder %s was not made ahead of its file", want)
		}
	}
	for _, p := range paths[:200] {
		if p != "p/7/index.html" {
			f.Add(p, []byte(p))
		}
	}
	f.Add("index.html", []byte("home"))
	if err := Write(dest, f); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if len(got) != 200 || got["p/199/index.html"] != "p/199/index.html" || got["index.html"] != "home" {
		t.Errorf("published %d files, want 200", len(got))
	}
	for name, full := range folders(t, dest) {
		if !full {
			t.Errorf("the site has an empty folder %s, made for a file that never came", name)
		}
	}
	for _, name := range []string{"evil", "up"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("an unsafe expected path made %s outside the site: %v", name, err)
		}
	}
	// Once written, the set makes nothing more, in the published site or
	// elsewhere.
	f.Expect([]string{"late/index.html"})
	f.st.ahead.Wait()
	if _, err := os.Lstat(filepath.Join(dest, "late")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Expect after Write made a folder in the published site: %v", err)
	}
}

// A build that brings the kept site up to date makes no folder it does
// not need, and folders made ahead go with a discarded build.
func TestExpectedFoldersFollowTheBuild(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for range 2 { // the second build leaves a kept site for the third
		if err := Write(dest, set("index.html", "old", "keep/index.html", "keep")); err != nil {
			t.Fatal(err)
		}
	}
	g := Stage(dest)
	g.Expect([]string{"index.html", "keep/index.html", "more/index.html"})
	g.Add("index.html", []byte("new"))
	g.Add("keep/index.html", []byte("keep"))
	if !g.st.inPlace {
		t.Fatal("the third build did not bring the kept site up to date")
	}
	if err := Write(dest, g); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); len(got) != 2 || got["index.html"] != "new" {
		t.Errorf("published %v", got)
	}
	if _, ok := folders(t, dest)["more"]; ok {
		t.Error("the site has a folder for a file that never came")
	}

	// A first build, discarded once its folders were made ahead.
	fresh := filepath.Join(dir, "fresh")
	f := Stage(fresh)
	f.Expect([]string{"new/index.html", "keep/index.html"})
	f.st.ahead.Wait()
	if made := folders(t, f.st.tmp); len(made) != 2 {
		t.Errorf("made %v ahead, want new and keep", made)
	}
	f.Add("keep/index.html", []byte("keep"))
	f.Discard()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() == "fresh" || strings.Contains(e.Name(), ".new-") {
			t.Errorf("a discarded build left %s", e.Name())
		}
	}
}
