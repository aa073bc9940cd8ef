package corpus_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/corpus"
)

// A small corpus is a valid site: it builds without a single diagnostic,
// with a page for every arrangement and every document.
func TestSmallCorpusBuilds(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	st, err := corpus.Write(src, corpus.Options{Arrangements: 200, Docs: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Arrangements != 200 || st.Docs != 20 || st.Partners < 15 || st.Providers < 30 {
		t.Fatalf("unexpected sizes: %+v", st)
	}
	res, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"),
		Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("the corpus does not build: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	if min := st.Arrangements + st.Partners + st.Providers + st.Docs - st.Drafts; res.Pages < min {
		t.Errorf("%d pages, want at least %d", res.Pages, min)
	}
}

// Larger corpora use every kind of document: sections, opportunity texts,
// drafts, tables and links.
func TestCorpusShape(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	st, err := corpus.Write(src, corpus.Options{Arrangements: 5000, Docs: 200, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st.Sections < 5 || st.Services != 4 || st.Opportunities != 100 {
		t.Errorf("unexpected shape: %+v", st)
	}
	opps, _ := filepath.Glob(filepath.Join(src, "content", "opportunities", "*.md"))
	if len(opps) != 20 {
		t.Errorf("%d opportunity texts, want 20", len(opps))
	}
	b, err := os.ReadFile(filepath.Join(src, "content", "guidance", "_index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"+++\ntitle = ", "](/", "\n## ", "\n- "} {
		if !strings.Contains(string(b)+readAll(t, filepath.Join(src, "content", "guidance")), want) {
			t.Errorf("documents have no %q", want)
		}
	}
}

func readAll(t *testing.T, dir string) string {
	var b strings.Builder
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// The same options write the same bytes; another seed writes others.
func TestDeterministic(t *testing.T) {
	sum := func(seed uint64) string {
		dir := filepath.Join(t.TempDir(), "site")
		if _, err := corpus.Write(dir, corpus.Options{Arrangements: 300, Docs: 30, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			fmt.Fprintf(h, "%s %x\n", strings.TrimPrefix(p, dir), sha256.Sum256(b))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	if a, b := sum(7), sum(7); a != b {
		t.Error("two corpora of the same seed differ")
	}
	if sum(7) == sum(8) {
		t.Error("two seeds wrote the same corpus")
	}
}

func TestRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	if _, err := corpus.Write(dir, corpus.Options{Arrangements: 10, Docs: 1}); err == nil {
		t.Fatal("wrote into a folder that holds other files")
	}
}
