// Package testsite writes whole sites into folders for tests and benchmarks:
// a copy of the repository's reference site, and large generated sites that
// follow the data contract (DATA.md), deterministically.
package testsite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/corpus"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/diag"
)

// Root finds the repository's root (the folder holding go.mod) from the
// working directory, which for a test is its package's folder.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// CopyReference copies the reference site's inputs (site.toml, data/,
// content/, and layouts/, static/ and themes/ where present) from the
// repository into dir, leaving the repository untouched.
func CopyReference(dir string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	for _, name := range []string{"site.toml", "data", "content", "layouts", "static", "themes"} {
		src := filepath.Join(root, name)
		if _, err := os.Stat(src); os.IsNotExist(err) && name != "site.toml" && name != "data" && name != "content" {
			continue
		}
		if err := copyTree(src, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// Size says how large a generated site is.
type Size struct {
	Arrangements int // rows of data/arrangements.csv
	Documents    int // Markdown files under content/
}

// EditPage is a page of every generated site, for benchmarks that time
// the rebuild after one Markdown edit.
const EditPage = "content/framework/benchmark-edit.md"

// Write writes a generated site of the given size into dir, with the
// corpus generator (seed 1) plus EditPage. The same size always gives the
// same bytes.
func Write(dir string, size Size) error {
	if _, err := corpus.Write(dir, corpus.Options{Arrangements: size.Arrangements, Docs: size.Documents, Seed: 1}); err != nil {
		return err
	}
	page := "+++\ntitle = \"A page to edit\"\nweight = 999\n+++\n## What it is for\n\nBenchmarks edit this page and time the rebuild.\n"
	return os.WriteFile(filepath.Join(dir, filepath.FromSlash(EditPage)), []byte(page), 0o644)
}

// WriteFile writes a file of a site folder for a test, making its folders;
// name is slash-separated, relative to dir.
func WriteFile(tb testing.TB, dir, name, text string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// LoadReference reads the reference site's settings and tables, failing the
// test if they have any problem; it returns the site's folder too.
func LoadReference(tb testing.TB) (root string, cfg *config.Site, data *dataset.Set) {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, config.File))
	if err != nil {
		tb.Fatal(err)
	}
	var diags diag.List
	cfg = config.Parse(src, &diags)
	data = dataset.Load(os.DirFS(root), cfg.Limits, &diags)
	if diags.Len() > 0 {
		tb.Fatalf("the reference site does not load: %v", diags.Err())
	}
	return root, cfg, data
}
