package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/watch"
)

// BenchmarkSaveToReload measures what an editor waits for: from saving a
// file to the open page's reload event, through the watcher's quiet period
// (watch.DefaultQuiet), the incremental rebuild and the event stream. It
// runs on the reference site and on a generated site of 10,000 arrangements
// and 500 documents, for a Markdown edit and for a CSV edit. The metrics
// rebuild-ms/op (the rebuild alone) and quiet-ms (the fixed wait) split the
// total; cpu-ms/op is the processor time used, which other programs on a
// shared machine do not inflate.
//
//	go test ./generator/serve -run '^$' -bench SaveToReload -benchtime 20x
func BenchmarkSaveToReload(b *testing.B) {
	sites := []struct {
		name     string
		make     func(dir string) error
		page     string
		csvOld   string
		csvNew   string
		csvParts []string
	}{
		{name: "reference", make: testsite.CopyReference, page: "content/framework/compact.md"},
		{name: "large", make: func(dir string) error {
			return testsite.Write(dir, testsite.Size{Arrangements: 10000, Documents: 500})
		}, page: testsite.EditPage},
	}
	quiet := watch.DefaultQuiet
	for _, site := range sites {
		for _, edit := range []string{"markdown", "csv"} {
			b.Run(site.name+"/"+edit, func(b *testing.B) {
				dir := b.TempDir()
				if err := site.make(dir); err != nil {
					b.Fatal(err)
				}
				p := start(b, dir, Options{Quiet: quiet})
				_, page := p.get("/")
				events := p.listen(version(b, page))
				file := filepath.Join(dir, filepath.FromSlash(site.page))
				if edit == "csv" {
					file = filepath.Join(dir, "data", "arrangements.csv")
				}
				orig, err := os.ReadFile(file)
				if err != nil {
					b.Fatal(err)
				}
				var rebuild time.Duration
				cpu := testsite.CPUTime()
				for i := 0; b.Loop(); i++ {
					text := string(orig)
					if edit == "markdown" {
						text += "\nEdit " + strings.Repeat("i", i%5+1) + ".\n"
					} else {
						// A different annual value in the first row each time.
						lines := strings.SplitN(text, "\n", 3)
						cells := strings.Split(lines[1], ",")
						cells[5] = "1" + strings.Repeat("0", i%4+3)
						lines[1] = strings.Join(cells, ",")
						text = strings.Join(lines, "\n")
					}
					if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
						b.Fatal(err)
					}
					if ev := events.within(b, 2*time.Minute); ev.name != "reload" {
						b.Fatalf("event %s %s", ev.name, ev.data)
					}
					rebuild += time.Duration(p.srv.lastElapsed.Load())
					// The reloaded page connects again; the stream stays open here.
				}
				b.ReportMetric(float64((testsite.CPUTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(rebuild.Microseconds())/1000/float64(b.N), "rebuild-ms/op")
				b.ReportMetric(float64(quiet.Milliseconds()), "quiet-ms")
			})
		}
	}
}
