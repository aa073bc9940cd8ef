package starter

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/links"
	"github.com/tscip/tscip/generator/publish"
)

// TestStarterBuildsAndEveryLinkWorks does what a new user does: init a
// folder, build it, and follow every link of the published files on disk.
func TestStarterBuildsAndEveryLinkWorks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-site")
	written, err := Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) == 0 {
		t.Fatal("no files written")
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(context.Background(), generator.Options{Source: dir, Dest: dest})
	if err != nil {
		t.Fatalf("the starter site does not build:\n%v", err)
	}
	for _, w := range res.Warnings {
		if !strings.Contains(w, "base_url") {
			t.Errorf("warning: %s", w)
		}
	}
	onDisk := publish.NewFiles()
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dest, p)
		onDisk.Add(filepath.ToSlash(rel), b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r := links.Check(onDisk)
	for _, p := range r.Problems {
		t.Errorf("broken link: %s", p)
	}
	if r.Pages < 20 || r.Links < 200 {
		t.Errorf("only %d pages and %d links checked", r.Pages, r.Links)
	}
	for _, page := range []string{"index.html", "about/index.html", "framework/index.html", "framework/principles/index.html",
		"framework/funding-choices/index.html", "options/index.html", "opportunities/joint-debt-advice/index.html",
		"arrangements/index.html", "decisions/index.html", "savings/index.html", "plan/index.html", "data/index.html", "404.html"} {
		if _, ok := onDisk.Get(page); !ok {
			t.Errorf("the built starter site has no %s", page)
		}
	}
}

// TestStarterHasEveryTable checks the example is a whole site: every table
// of the data contract with enough rows to show each page's features, and
// no theme of its own (the embedded default is used).
func TestStarterHasEveryTable(t *testing.T) {
	rows := func(name string) []string {
		b, err := fs.ReadFile(FS(), "data/"+name+".csv")
		if err != nil {
			t.Fatalf("the starter has no data/%s.csv", name)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		return lines[1:]
	}
	count := func(name, substr string) int {
		n := 0
		for _, r := range rows(name) {
			if strings.Contains(r, substr) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"partners", count("organisations", ",partner,"), 3},
		{"providers", count("organisations", ",provider,"), 3},
		{"services", len(rows("services")), 2},
		{"arrangements", len(rows("arrangements")), 6},
		{"open opportunities", count("opportunities", ",open,"), 1},
		{"decisions", len(rows("decisions")), 3},
		{"milestones", len(rows("milestones")), 1},
		{"risks", len(rows("risks")), 1},
	} {
		if c.got < c.want {
			t.Errorf("%d %s, want at least %d", c.got, c.what, c.want)
		}
	}
	for _, f := range []string{"site.toml", "content/about.md", "content/framework/_index.md"} {
		if _, err := fs.Stat(FS(), f); err != nil {
			t.Errorf("the starter has no %s", f)
		}
	}
	chapters, _ := fs.Glob(FS(), "content/framework/[a-z]*.md")
	if len(chapters) < 2 {
		t.Errorf("the framework has %d chapters, want at least 2", len(chapters))
	}
	if _, err := fs.Stat(FS(), "themes"); err == nil {
		t.Error("the starter has a themes/ folder; it should use the embedded default theme")
	}
}

func TestWriteRefusesAFolderWithFiles(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Write into a folder with a file: %v, want ErrNotEmpty", err)
	}
	if b, _ := os.ReadFile(keep); string(b) != "mine" {
		t.Error("the existing file was changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		t.Error("a site.toml was written into a folder that was not empty")
	}
	// An empty folder is fine.
	empty := t.TempDir()
	if _, err := Write(empty); err != nil {
		t.Fatalf("Write into an empty folder: %v", err)
	}
}
