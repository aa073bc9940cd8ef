package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tscip/tscip/generator"
)

// referenceSite reads the repository's own site into memory, so a test can
// change one file of it and build.
func referenceSite(t *testing.T) fstest.MapFS {
	t.Helper()
	root := filepath.Join("..", "..")
	m := fstest.MapFS{}
	for _, dir := range []string{"site.toml", "data", "content", "themes"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func render(t *testing.T, fsys fs.FS) map[string]string {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{FS: fsys, Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range res.Files.Paths() {
		if strings.HasSuffix(p, ".html") {
			b, _ := res.Files.Get(p)
			out[p] = string(b)
		}
	}
	return out
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// text is a page's main content as a reader sees it: tags removed, spaces
// collapsed, character references for the usual few decoded.
func text(page string) string {
	if i := strings.Index(page, "<main"); i >= 0 {
		page = page[i:]
	}
	s := tagRE.ReplaceAllString(page, " ")
	s = strings.NewReplacer("&#39;", "'", "&amp;", "&", "&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func TestSavingsPageShowsTheBusinessCase(t *testing.T) {
	pages := render(t, referenceSite(t))
	page := pages["savings/index.html"]
	body := text(page)
	// The seed's published figures, each where a reader would look for it.
	for _, want := range []string{
		"£426,937", "£109,289", "£317,648", "£81,867", "£265,498", "58.0%", "55.0%",
		"£41,000", "£27,289", "£20,433.50 + £1,371.10 × the number of partners",
		"illustrative", "Appendix B",
		"under-reported", "number and value of contracts", "more than one contract",
		"Net present value at 3.5%", "Payback year", "Year by year: All fifteen partners",
		"How the figures are worked out", "not defined",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the savings page does not say %q", want)
		}
	}
	// The charts: stage costs, the scenarios compared, and one cumulative
	// chart per scenario, each after a table.
	if n := strings.Count(page, `role="img"`); n != 4 {
		t.Errorf("the savings page has %d charts, want 4", n)
	}
	if strings.Contains(page, "NaN") {
		t.Errorf("the savings page shows NaN")
	}
}

func TestReturnNotDefinedWithoutProgrammeCosts(t *testing.T) {
	fsys := referenceSite(t)
	toml := string(fsys["site.toml"].Data)
	re := regexp.MustCompile(`programme_costs = \[[^\]]*\]`)
	if !re.MatchString(toml) {
		t.Fatal("the reference site.toml has no programme_costs to change")
	}
	fsys["site.toml"] = &fstest.MapFile{Data: []byte(re.ReplaceAllString(toml, `programme_costs = ["0"]`))}
	pages := render(t, fsys)
	for _, p := range []string{"savings/index.html", "index.html"} {
		body := text(pages[p])
		if !strings.Contains(body, "not defined return on the programme's investment") && !strings.Contains(body, "Return on investment not defined") {
			t.Errorf("%s does not say the return is not defined", p)
		}
		if strings.Contains(body, "58.0%") || strings.Contains(body, "55.0%") || strings.Contains(body, "NaN") {
			t.Errorf("%s still shows a return although the programme costs nothing", p)
		}
	}
}

func TestPlanShowsTheRiskGrid(t *testing.T) {
	pages := render(t, referenceSite(t))
	page := pages["plan/index.html"]
	i := strings.Index(page, `class="risk-grid"`)
	if i < 0 {
		t.Fatal("no risk grid table on the plan page")
	}
	grid := page[i : strings.Index(page[i:], "</table>")+i]
	rows := regexp.MustCompile(`<tr><th scope="row">(\d)</th>(.*?)</tr>`).FindAllStringSubmatch(grid, -1)
	if len(rows) != 5 || rows[0][1] != "5" || rows[4][1] != "1" {
		t.Fatalf("the grid's rows are not likelihood 5 down to 1: %d rows", len(rows))
	}
	// R1 "Partners decide not to join" is likelihood 3, impact 5: third row,
	// fifth cell. Closed risks (R7, R9) are not in the grid.
	cells := regexp.MustCompile(`<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(rows[2][2], -1)
	if len(cells) != 5 || !strings.Contains(cells[4][1], ">R1<") {
		t.Errorf("R1 is not at likelihood 3, impact 5: %q", rows[2][2])
	}
	if strings.Contains(grid, ">R7<") || strings.Contains(grid, ">R9<") {
		t.Errorf("closed risks appear in the grid")
	}
	if !strings.Contains(page, `role="img"`) || !strings.Contains(page, "Open risks by likelihood and impact") {
		t.Errorf("no risk grid chart")
	}
	for _, want := range []string{"Phase 1", "Done", "Planned", "In progress"} {
		if !strings.Contains(text(page), want) {
			t.Errorf("the timeline does not show %q", want)
		}
	}
}

func TestHomeAndDecisionsCharts(t *testing.T) {
	pages := render(t, referenceSite(t))
	home := text(pages["index.html"])
	for _, want := range []string{"100 funding arrangements", "£426,937", "£317,648", "58.0%", "Open opportunities", "Decisions still pending", "What changed recently", "Annual investment by provider group"} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page does not show %q", want)
		}
	}
	if n := strings.Count(pages["index.html"], `role="img"`); n != 1 {
		t.Errorf("the home page has %d charts, want 1", n)
	}
	if n := strings.Count(pages["decisions/index.html"], `role="img"`); n != 2 {
		t.Errorf("the decisions page has %d charts, want 2", n)
	}
	if n := strings.Count(pages["arrangements/index.html"], `role="img"`); n != 2 {
		t.Errorf("the arrangements page has %d charts, want 2", n)
	}
	opts := text(pages["options/index.html"])
	for _, want := range []string{"Aligned budgets with a lead commissioner", "Stand alone partnership arrangements", "Do nothing", "The options side by side"} {
		if !strings.Contains(opts, want) {
			t.Errorf("the options page does not show %q", want)
		}
	}
}

// TestEveryPageHasOneHeadingAndLabelledTables checks what a screen reader
// user relies on across the site: one h1 a page, and every table the theme
// draws has a caption and scoped headers.
func TestEveryPageHasOneHeadingAndLabelledTables(t *testing.T) {
	pages := render(t, referenceSite(t))
	th := regexp.MustCompile(`<th(\s[^>]*)?>`)
	for p, page := range pages {
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s has %d h1 elements, want 1", p, n)
		}
		for _, part := range strings.Split(page, "<table")[1:] {
			tbl := part[:strings.Index(part, "</table>")]
			// Tables written in Markdown come from the content, not the theme.
			if strings.HasPrefix(tbl, ">\n<thead>") {
				continue
			}
			if !strings.Contains(tbl[:strings.Index(tbl, ">")+80], "<caption") {
				t.Errorf("%s: a table has no caption: %.120s", p, tbl)
			}
			for _, m := range th.FindAllString(tbl, -1) {
				if !strings.Contains(m, "scope=") {
					t.Errorf("%s: %s has no scope", p, m)
				}
			}
		}
	}
}
