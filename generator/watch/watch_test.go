package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/internal/testsite"
)

const quiet = 40 * time.Millisecond

// start makes a small site folder and watches it.
func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"site.toml":               "title = \"A\"\n",
		"data/services.csv":       "id,name\nadvice,Advice\n",
		"content/about.md":        "+++\ntitle = \"About\"\n+++\nHello.\n",
		"content/guide/_index.md": "+++\ntitle = \"Guide\"\n+++\n",
	} {
		write(t, dir, name, text)
	}
	w, err := New(dir, Options{Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func write(t *testing.T, dir, name, text string) { testsite.WriteFile(t, dir, name, text) }

// next waits for one batch, failing after a bounded wait.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Changes:
		return b
	case <-time.After(3 * time.Second):
		t.Fatal("no batch of changes within 3s")
	}
	return nil
}

// none checks that no batch comes for a while (many quiet periods).
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Changes:
		t.Fatalf("unexpected batch %v", b)
	case <-time.After(10 * quiet):
	}
}

func TestEditIsOneBatch(t *testing.T) {
	dir, w := start(t)
	write(t, dir, "content/about.md", "+++\ntitle = \"About us\"\n+++\nHello.\n")
	if got := next(t, w); !slices.Equal(got, []string{"content/about.md"}) {
		t.Fatalf("batch %v, want [content/about.md]", got)
	}
	none(t, w)
}

func TestSaveByRenameIsOneBatch(t *testing.T) {
	dir, w := start(t)
	// What gedit, JetBrains and spreadsheet programs do: write a new file
	// beside the old, then rename it over.
	write(t, dir, "data/services.csv.tmp123", "id,name\nadvice,Advice and help\n")
	if err := os.Rename(filepath.Join(dir, "data/services.csv.tmp123"), filepath.Join(dir, "data/services.csv")); err != nil {
		t.Fatal(err)
	}
	got := next(t, w)
	if !slices.Contains(got, "data/services.csv") {
		t.Fatalf("batch %v does not name data/services.csv", got)
	}
	none(t, w)
}

func TestVimSaveIsOneBatch(t *testing.T) {
	dir, w := start(t)
	// vim with backupcopy=no: probe file 4913, swap file, backup by rename,
	// write the new file, remove the backup.
	write(t, dir, "content/4913", "")
	os.Remove(filepath.Join(dir, "content/4913"))
	write(t, dir, "content/.about.md.swp", "swap")
	os.Rename(filepath.Join(dir, "content/about.md"), filepath.Join(dir, "content/about.md~"))
	write(t, dir, "content/about.md", "+++\ntitle = \"About\"\n+++\nHello again.\n")
	os.Remove(filepath.Join(dir, "content/about.md~"))
	got := next(t, w)
	if !slices.Equal(got, []string{"content/about.md"}) {
		t.Fatalf("batch %v, want [content/about.md]", got)
	}
	none(t, w)
}

func TestTemporaryFilesAreIgnored(t *testing.T) {
	dir, w := start(t)
	for _, name := range []string{"content/.about.md.swp", "content/.about.md.swx", "content/about.md~", "content/#about.md#",
		"content/.goutputstream-ABC123", "content/4913", "content/about.md___jb_tmp___", "content/about.md___jb_old___",
		"data/.~lock.services.csv#", "public/index.html", "notes.txt"} {
		write(t, dir, name, "x")
	}
	none(t, w)
}

func TestNewFoldersAreWatched(t *testing.T) {
	dir, w := start(t)
	// A folder made after the watcher started, with a page written at once.
	write(t, dir, "content/news/first.md", "+++\ntitle = \"First\"\n+++\n")
	got := next(t, w)
	if !slices.Contains(got, "content/news") {
		t.Fatalf("batch %v does not name the new folder content/news", got)
	}
	// Later edits inside it are seen, so it is watched.
	write(t, dir, "content/news/second.md", "+++\ntitle = \"Second\"\n+++\n")
	if got := next(t, w); !slices.Contains(got, "content/news/second.md") {
		t.Fatalf("batch %v does not name content/news/second.md", got)
	}
	// So is a theme folder that did not exist at the start, nested.
	write(t, dir, "layouts/partials/x.html", "x")
	next(t, w)
	write(t, dir, "layouts/partials/x.html", "y")
	if got := next(t, w); !slices.Equal(got, []string{"layouts/partials/x.html"}) {
		t.Fatalf("batch %v, want [layouts/partials/x.html]", got)
	}
}

func TestBatchesWaitForTheReader(t *testing.T) {
	dir, w := start(t)
	write(t, dir, "content/about.md", "one")
	time.Sleep(4 * quiet) // the first batch is ready but not taken
	write(t, dir, "data/services.csv", "two")
	time.Sleep(4 * quiet)
	got := next(t, w)
	if !slices.Equal(got, []string{"content/about.md", "data/services.csv"}) {
		t.Fatalf("batch %v, want both changes merged", got)
	}
}

func TestCloseEndsChanges(t *testing.T) {
	_, w := start(t)
	w.Close()
	select {
	case _, ok := <-w.Changes:
		if ok {
			t.Fatal("a batch after Close")
		}
	case <-time.After(time.Second):
		t.Fatal("Changes not closed")
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		".about.md.swp": true, ".x.swx": true, "about.md~": true, "#about.md#": true, ".#about.md": true,
		".goutputstream-XYZ": true, "4913": true, "a.md___jb_tmp___": true, "a.md___jb_old___": true,
		".~lock.a.csv#": true, "~$book.xlsx": true,
		"about.md": false, "arrangements.csv": false, "4914": false, "site.toml": false, "#notes.md": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}
