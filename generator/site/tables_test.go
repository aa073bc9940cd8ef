package site_test

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/site"
)

// withScale returns the reference site with a [scale] table in site.toml.
func withScale(t *testing.T, scale string) fstest.MapFS {
	m := referenceSite(t)
	m["site.toml"] = &fstest.MapFile{Data: append(append([]byte(nil), m["site.toml"].Data...), "\n[scale]\n"+scale+"\n"...)}
	return m
}

var (
	rowRE     = regexp.MustCompile(`<tr data-partner="([^"]*)" data-provider="([^"]*)" data-service="[^"]*" data-type="[^"]*">\s*<td><a href="([^"]*)"`)
	tableRE   = regexp.MustCompile(`(?s)<table class="arrangements[^"]*" id="([^"]*)".*?</table>`)
	captionRE = regexp.MustCompile(`<caption>([^<]*)</caption>`)
)

// rowsOf returns the rows of the arrangement table with that id on a page:
// partner, provider and link of each.
func rowsOf(page, id string) [][]string {
	for _, t := range tableRE.FindAllStringSubmatch(page, -1) {
		if t[1] == id {
			var out [][]string
			for _, m := range rowRE.FindAllStringSubmatch(t[0], -1) {
				out = append(out, m[1:])
			}
			return out
		}
	}
	return nil
}

// TestLongTablesSplitIntoPages shows a table longer than [scale] table_rows
// continuing on numbered pages: every arrangement once, in order, with a
// pager that leads through all of them.
func TestLongTablesSplitIntoPages(t *testing.T) {
	whole := render(t, referenceSite(t))
	all := rowsOf(whole["arrangements/index.html"], "arrangement-table")
	if len(all) != 100 {
		t.Fatalf("the reference site's table has %d rows, want 100", len(all))
	}
	split := render(t, withScale(t, "table_rows = 30"))
	first := split["arrangements/index.html"]
	if got := captionRE.FindAllStringSubmatch(first, -1); len(got) == 0 || !strings.Contains(first, "All funding arrangements (rows 1 to 30 of 100)") {
		t.Errorf("the first page's caption does not say which rows it shows: %v", got)
	}
	var seen [][]string
	seen = append(seen, rowsOf(first, "arrangement-table")...)
	for n := 2; n <= 4; n++ {
		name := "arrangements/all/" + string(rune('0'+n)) + "/index.html"
		page, ok := split[name]
		if !ok {
			t.Fatalf("no %s", name)
		}
		rows := rowsOf(page, "arrangements")
		if want := min(30, 100-30*(n-1)); len(rows) != want {
			t.Errorf("%s has %d rows, want %d", name, len(rows), want)
		}
		seen = append(seen, rows...)
		if !strings.Contains(page, `<a href="../../../arrangements/#arrangement-table"><span class="visually-hidden">Page </span>1</a>`) {
			t.Errorf("%s does not link back to page 1 of the table", name)
		}
		if !strings.Contains(page, `aria-current="page"><span class="visually-hidden">Page </span>`+string(rune('0'+n))+`</a>`) {
			t.Errorf("%s does not mark itself in the pager", name)
		}
		// links from a page one folder deeper still reach the organisation
		for _, r := range rows {
			if !strings.HasPrefix(r[2], "../../../arrangements/") {
				t.Errorf("%s: row link %s does not climb to the root", name, r[2])
				break
			}
		}
	}
	if _, ok := split["arrangements/all/5/index.html"]; ok {
		t.Error("a fifth page for 100 rows in pages of 30")
	}
	if len(seen) != len(all) {
		t.Fatalf("the pages hold %d rows together, want %d", len(seen), len(all))
	}
	for i := range all {
		if seen[i][0] != all[i][0] || seen[i][1] != all[i][1] {
			t.Fatalf("row %d is %v on the pages, %v in the whole table", i+1, seen[i], all[i])
		}
	}
	if !strings.Contains(first, `href="../arrangements/all/2/" rel="next"`) {
		t.Error("the first page has no link to the next")
	}
	// an organisation with more rows than a page continues too
	split = render(t, withScale(t, "table_rows = 8"))
	var big string
	var total int
	for name, page := range split {
		if m := regexp.MustCompile(`\(rows 1 to 8 of (\d+)\)`).FindStringSubmatch(page); m != nil && strings.HasPrefix(name, "organisations/") {
			big = strings.TrimSuffix(name, "index.html")
			total, _ = strconv.Atoi(m[1])
			break
		}
	}
	if big == "" {
		t.Fatal("no organisation's table runs over a page of 8")
	}
	got := len(rowsOf(split[big+"index.html"], "arrangements"))
	for n := 2; ; n++ {
		page, ok := split[big+"arrangements/"+strconv.Itoa(n)+"/index.html"]
		if !ok {
			break
		}
		got += len(rowsOf(page, "arrangements"))
	}
	if got != total {
		t.Errorf("%s's pages hold %d rows together, want %d", big, got, total)
	}
}

// TestWithoutArrangementPages shows a site with arrangement_pages = false:
// no page per arrangement, each row leading to its provider's page, where
// every one of the provider's arrangements is listed.
func TestWithoutArrangementPages(t *testing.T) {
	out := render(t, withScale(t, "arrangement_pages = false\ntable_rows = 0"))
	for name := range out {
		if strings.HasPrefix(name, "arrangements/") && name != "arrangements/index.html" {
			t.Fatalf("%s is written with arrangement_pages = false", name)
		}
	}
	all := rowsOf(out["arrangements/index.html"], "arrangement-table")
	perProvider := map[string]int{}
	for _, r := range all {
		if want := "../organisations/" + r[1] + "/"; r[2] != want {
			t.Fatalf("a row links to %s, want its provider's page %s", r[2], want)
		}
		perProvider[r[1]]++
	}
	for provider, n := range perProvider {
		page := out["organisations/"+provider+"/index.html"]
		got := 0
		for _, r := range rowsOf(page, "arrangements") {
			if r[1] == provider {
				got++
			}
		}
		if got != n {
			t.Errorf("%s's page lists %d of its %d arrangements", provider, got, n)
		}
	}
	detail := regexp.MustCompile(`href="(\.\./)*arrangements/[^"#]+/"`)
	for name, page := range out {
		if m := detail.FindString(page); m != "" {
			t.Errorf("%s links to an arrangement page: %s", name, m)
		}
	}
}

// The downloads are handed over for writing and let go, and taking them
// again (a second render of the same site) makes the same bytes.
func TestDownloadsTakenTwice(t *testing.T) {
	res, err := generator.Render(context.Background(), generator.Options{FS: referenceSite(t), Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	again := site.TakeDownloads(res.Site) // the render took them first
	if len(again) == 0 {
		t.Fatal("no downloads the second time")
	}
	for _, f := range again {
		written, ok := res.Files.Get(f.Name)
		if !ok || !bytes.Equal(written, f.Bytes) {
			t.Errorf("%s made again differs from the file written", f.Name)
		}
	}
}
