package site

import (
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/savings"
)

// referenceInput loads the reference site as generator.Render does.
func referenceInput(t *testing.T) Input {
	t.Helper()
	root, cfg, data := testsite.LoadReference(t)
	var l diag.List
	pages := content.Load(os.DirFS(root), content.Options{Limits: cfg.Limits, Link: func(from, to string) string { return to }}, &l)
	if l.Len() > 0 {
		t.Fatal(l.Err())
	}
	return Input{Config: cfg, Data: data, Content: pages, Model: savings.Compute(data, cfg), BuildDate: date.Of(2026, 11, 26)}
}

// TestDeferredDataPage shows a build with Defer returning while the
// downloads are still being made: the data page says it waits, Ready does
// not return until they are made, and then the page lists the same files
// as a build that waited.
func TestDeferredDataPage(t *testing.T) {
	in := referenceInput(t)
	whole := Build(in).Page("/data/").Data.(*DataPage)
	if len(whole.Tables) == 0 || len(whole.Standards) == 0 {
		t.Fatalf("the data page of a whole build lists %d tables and %d standards", len(whole.Tables), len(whole.Standards))
	}

	release := make(chan struct{})
	in.Defer, in.beforeDownloads = true, func() { <-release }
	s := Build(in)
	p := s.Page("/data/")
	if !p.Waits() {
		t.Fatal("the data page of a deferred build does not say it waits for the downloads")
	}
	ready := make(chan struct{})
	go func() { p.Ready(); close(ready) }()
	select {
	case <-ready:
		t.Fatal("Ready returned before the downloads were made")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-ready
	if got := p.Data.(*DataPage); !reflect.DeepEqual(got.Tables, whole.Tables) || !reflect.DeepEqual(got.Standards, whole.Standards) {
		t.Errorf("the deferred data page lists other files:\n got %+v\nwant %+v", got.Tables, whole.Tables)
	}
	if s.Page("/arrangements/").Waits() {
		t.Error("a page that shows no download waits for them")
	}
}
