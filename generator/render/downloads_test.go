package render_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/internal/testsite"
	"github.com/tscip/tscip/generator/site"
)

func buildReference(t *testing.T) *generator.Result {
	t.Helper()
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), generator.Options{Source: root, Now: time.Date(2011, 9, 9, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Every download DATA.md names is written, and the /data/ page lists each
// with the size of the bytes written, its dictionary, licence and the
// build date.
func TestDownloadsAndDataPage(t *testing.T) {
	res := buildReference(t)
	names := []string{"data/summary.json", "data/360giving.json", "data/ocds.json",
		"data/transparency-grants.csv", "data/transparency-contracts.csv"}
	for _, table := range dataset.Tables {
		names = append(names, "data/"+table+".csv", "data/"+table+".json")
	}
	page, ok := res.Files.Get("data/index.html")
	if !ok {
		t.Fatal("no data/index.html")
	}
	text := html.UnescapeString(string(page))
	for _, n := range names {
		b, ok := res.Files.Get(n)
		if !ok || len(b) == 0 {
			t.Errorf("%s is not written", n)
			continue
		}
		file := strings.TrimPrefix(n, "data/")
		if !strings.Contains(text, `href="../data/`+file+`"`) {
			t.Errorf("the data page does not link %s", file)
		}
	}

	dp, ok := res.Site.Page("/data/").Data.(*site.DataPage)
	if !ok {
		t.Fatal("the /data/ page has no DataPage")
	}
	var listed []site.Download
	if dp.Summary != nil {
		listed = append(listed, *dp.Summary)
	}
	for _, set := range append(append([]site.DataSet{}, dp.Tables...), dp.Standards...) {
		listed = append(listed, set.Files...)
		if len(set.Columns) == 0 {
			t.Errorf("%s has no data dictionary", set.Title)
		}
		for _, c := range set.Columns {
			if !strings.Contains(text, c.Name) || !strings.Contains(text, c.Meaning) {
				t.Errorf("the data page lacks %s's %s (%s)", set.Title, c.Name, c.Meaning)
			}
		}
		if set.Standard.Name == "" || set.Standard.Version == "" || !strings.Contains(text, set.Standard.Name) {
			t.Errorf("%s does not name its standard and version", set.Title)
		}
	}
	if len(listed) != len(names) {
		t.Errorf("the data page lists %d files, want %d", len(listed), len(names))
	}
	for _, d := range listed {
		b, _ := res.Files.Get(strings.TrimPrefix(d.URL, "/"))
		if d.Size != len(b) {
			t.Errorf("%s: the page says %d bytes, the file has %d", d.Name, d.Size, len(b))
		}
		if !regexp.MustCompile(regexp.QuoteMeta(d.Name) + `</a> \(` + d.Format + `, ` + regexp.QuoteMeta(d.SizeText()) + `\)`).MatchString(text) {
			t.Errorf("the data page does not give %s's size as %s", d.Name, d.SizeText())
		}
	}
	for _, want := range []string{"Open Government Licence v3.0", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
		`<time datetime="2011-09-09">9 September 2011</time>`, "360Giving Data Standard", "version 1.4", "Open Contracting", "version 1.1",
		"Local Government Transparency Code 2015"} {
		if !strings.Contains(text, want) {
			t.Errorf("the data page lacks %q", want)
		}
	}
}
