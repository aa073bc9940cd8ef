package testsite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tscip/tscip/generator"
)

// TestGeneratedSiteIsValid builds a small generated site: the large one the
// benchmarks use is the same code with bigger numbers. (The corpus
// package's own tests check that the same size gives the same bytes.)
func TestGeneratedSiteIsValid(t *testing.T) {
	size := Size{Arrangements: 300, Documents: 120}
	dir := t.TempDir()
	if err := Write(dir, size); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), generator.Options{Source: dir})
	if err != nil {
		t.Fatalf("the generated site does not build:\n%v", err)
	}
	// 300 arrangement pages, 119 Markdown pages besides the about page.
	if res.Pages < 300+120 {
		t.Errorf("%d pages, want at least %d", res.Pages, 420)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(EditPage))); err != nil {
		t.Errorf("the page benchmarks edit is missing: %v", err)
	}
}

func TestCopyReference(t *testing.T) {
	dir := t.TempDir()
	if err := CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Render(context.Background(), generator.Options{Source: dir}); err != nil {
		t.Fatalf("the copy does not build:\n%v", err)
	}
}
