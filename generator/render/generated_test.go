package render

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/theme"
	"github.com/tscip/tscip/themes"
)

var update = flag.Bool("update", false, "rewrite theme_gen.go from the default theme")

// TestGeneratedCodeIsCurrent: theme_gen.go is what the generator makes of
// the default theme as it is now. After editing the theme, run go generate
// ./generator/render (a stale file is never used: its hash no longer
// matches, and the templates run as programs).
func TestGeneratedCodeIsCurrent(t *testing.T) {
	var d diag.List
	th := theme.Load([]theme.Layer{{Name: "", FS: themes.Default()}}, Funcs(), &d)
	if d.Len() > 0 {
		t.Fatal(d.Err())
	}
	src, err := generate(th)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("theme_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile("theme_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Error("theme_gen.go is not what the default theme generates: run go generate ./generator/render")
	}
	for _, layout := range th.Layouts() {
		if _, ok := generatedData[layout]; !ok {
			t.Errorf("layouts/%s.html has no entry in generatedData, so no generated code", layout)
		}
	}
	if generatedFrom != th.Hash() {
		t.Error("theme_gen.go was generated from other templates than the default theme's")
	}
}
