package testsite

import (
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/render"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
	"github.com/tscip/tscip/generator/theme"
	"github.com/tscip/tscip/themes"
)

func TestScratchTiming(t *testing.T) {
	for _, kind := range []string{"ref", "big"} {
		dir := t.TempDir()
		var err error
		if kind == "ref" {
			err = CopyReference(dir)
		} else {
			err = Write(dir, Size{Arrangements: 10000, Documents: 500})
		}
		if err != nil {
			t.Fatal(err)
		}
		fsys := os.DirFS(dir)
		for i := 0; i < 2; i++ {
			var diags diag.List
			st := time.Now()
			lap := func(what string) { t.Logf("%s %s: %v", kind, what, time.Since(st)); st = time.Now() }
			src, _ := fs.ReadFile(fsys, "site.toml")
			cfg := config.Parse(src, &diags)
			lap("config")
			data := dataset.Load(fsys, cfg.Limits, &diags)
			lap("data")
			pages := content.Load(fsys, content.Options{Link: func(from, to string) string { return render.Rel(from, to, false) }}, &diags)
			lap("content")
			th := theme.Load(theme.Layers(fsys, cfg.Theme, themes.Default()), render.Funcs(), &diags)
			lap("theme")
			model := savings.Compute(data, cfg)
			lap("savings")
			s := site.Build(site.Input{Config: cfg, Data: data, Content: pages, Model: model, BuildDate: date.FromTime(time.Now())})
			lap("site")
			files := render.Render(s, th, render.Options{}, &diags)
			lap("render")
			_ = files
			if diags.Len() > 0 {
				t.Fatal(diags.Err())
			}
		}
	}
}
