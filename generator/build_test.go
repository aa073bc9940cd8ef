package generator_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
)

// writeSite writes files (path → text) into a new folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// smallSite is a whole site small enough to check by hand.
func smallSite() map[string]string {
	return map[string]string{
		"site.toml": `title = "Small Partnership"
as_at = 2011-09-08
threshold = "5000"
start = 2010-10-01
horizon_years = 5.5
[shared_cost]
fixed = "1000"
per_partner = "500"
[[scenarios]]
id = "everyone"
name = "Everyone"
partners = "all"
contract_start = 2012-04-01
programme_costs = ["1000"]
`,
		"data/organisations.csv": "id,name,role,kind,group,identifier,hourly_rate,website\n" +
			"north-council,North Council,partner,district-council,Councils,,20,\n" +
			"south-council,South Council,partner,district-council,Councils,,30,\n" +
			"helpful-cab,Helpful CAB,provider,citizens-advice,Citizens Advice Bureaux,,,\n",
		"data/services.csv": "id,name,summary,phase\ndebt-advice,Debt advice,Advice on debt.,1\n",
		"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,intention,hours_budget,hours_idea,hours_specification,hours_procurement,hours_agreement,hours_monitoring,hours_payments\n" +
			"north-cab,north-council,helpful-cab,debt-advice,grant,\"£12,500\",2010-04-01,2013-03-31,rolled-over,,10,,,,,90,\n" +
			"south-cab,south-council,helpful-cab,debt-advice,sla,7500.50,01/04/2010,30/09/2011,open-tender,joint,,,,100,,,\n",
		"content/about.md":            "+++\ntitle = \"About\"\n+++\nThis is **about** the [savings](/savings/).\n",
		"content/framework/one.md":    "+++\ntitle = \"Chapter one\"\nweight = 1\n+++\n## First\nText.\n",
		"content/framework/two.md":    "+++\ntitle = \"Chapter two\"\nweight = 2\n+++\nMore text.\n",
		"content/framework/_index.md": "+++\ntitle = \"The framework\"\n+++\nIntro.\n",
	}
}

func build(t *testing.T, src, dest string) (*generator.Result, error) {
	t.Helper()
	return generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuildSmallSite builds a site written inline and checks its pages and
// figures, worked out by hand from DATA.md's formulas.
func TestBuildSmallSite(t *testing.T) {
	src := writeSite(t, smallSite())
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build(t, src, dest)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages == 0 {
		t.Fatal("no pages")
	}
	for _, p := range []string{"index.html", "arrangements/index.html", "arrangements/north-cab/index.html",
		"organisations/helpful-cab/index.html", "services/debt-advice/index.html", "framework/index.html",
		"framework/one/index.html", "about/index.html", "404.html", "data/summary.json"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// north-cab: 100 hours × £20 × 36 ÷ 36 = £2,000.
	// south-cab: 2010-04-01 to 2011-09-30 is 18 months: 100 × £30 × 36 ÷ 18 = £6,000.
	var sum struct {
		AsAt         string `json:"as_at"`
		Arrangements struct {
			Count        int     `json:"count"`
			AnnualValue  float64 `json:"annual_value"`
			ResourceCost float64 `json:"resource_cost"`
		} `json:"arrangements"`
		Scenarios []struct {
			SharedCost float64 `json:"shared_cost"`
			Saving     float64 `json:"saving"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(read(t, filepath.Join(dest, "data/summary.json"))), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.AsAt != "2011-09-08" || sum.Arrangements.Count != 2 || sum.Arrangements.AnnualValue != 20000.50 || sum.Arrangements.ResourceCost != 8000 {
		t.Errorf("summary = %+v", sum)
	}
	// Shared contract: £1,000 + £500 × 2 = £2,000, less than £8,000 today.
	if len(sum.Scenarios) != 1 || sum.Scenarios[0].SharedCost != 2000 || sum.Scenarios[0].Saving != 6000 {
		t.Errorf("scenarios = %+v", sum.Scenarios)
	}
	page := read(t, filepath.Join(dest, "arrangements/south-cab/index.html"))
	for _, want := range []string{"£7,500.50", "1 April 2010", "30 September 2011", "£6,000", "18 months", `href="../../organisations/south-council/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("arrangement page lacks %q", want)
		}
	}
	about := read(t, filepath.Join(dest, "about/index.html"))
	if !strings.Contains(about, `<a href="../savings/">savings</a>`) {
		t.Errorf("about page's link to /savings/ is not relative:\n%s", about)
	}
	one := read(t, filepath.Join(dest, "framework/one/index.html"))
	if !strings.Contains(one, `rel="next" href="../../framework/two/"`) || strings.Contains(one, `rel="prev"`) {
		t.Errorf("chapter one's previous/next links are wrong")
	}
}

// TestFailedBuildLeavesDestination breaks the input after a good build and
// checks the destination is byte for byte what it was, and that every
// problem is reported with its position.
func TestFailedBuildLeavesDestination(t *testing.T) {
	files := smallSite()
	src := writeSite(t, files)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)

	// Two problems in one table, one in another file.
	bad := strings.Replace(files["data/arrangements.csv"], "2013-03-31", "31/13/2013", 1)
	bad = strings.Replace(bad, "7500.50", "-7500.50", 1)
	os.WriteFile(filepath.Join(src, "data/arrangements.csv"), []byte(bad), 0o644)
	os.WriteFile(filepath.Join(src, "content/about.md"), []byte("+++\ntitle = \"About\"\ncolour = \"red\"\n+++\n"), 0o644)
	_, err := build(t, src, dest)
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("want diagnostics, got %v", err)
	}
	got := err.Error()
	for _, want := range []string{
		"data/arrangements.csv:2:8: end: no such date (31/13/2013)",
		"data/arrangements.csv:3:6: annual_value: negative amounts are not allowed (-7500.50)",
		"content/about.md:3:1: unknown front matter key",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	after := snapshot(t, dest)
	if len(after) != len(before) {
		t.Fatalf("destination changed: %d files before, %d after", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed after a failed build", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("leftover folder %s", e.Name())
		}
	}
}

// TestRemovedSourceLeavesNoFile checks that a page whose source is gone
// does not linger in the destination.
func TestRemovedSourceLeavesNoFile(t *testing.T) {
	src := writeSite(t, smallSite())
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(src, "content/about.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "about/index.html")); !os.IsNotExist(err) {
		t.Errorf("about/index.html remains after its source was removed")
	}
}

// TestDestinationGuards refuses to replace the site's own folders.
func TestDestinationGuards(t *testing.T) {
	src := writeSite(t, smallSite())
	for _, dest := range []string{src, filepath.Join(src, "data"), filepath.Dir(src)} {
		if _, err := build(t, src, dest); err == nil {
			t.Errorf("build into %s was allowed", dest)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "data/arrangements.csv")); err != nil {
		t.Fatal("the site's data was touched")
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "precious.txt"), []byte("x"), 0o644)
	if _, err := build(t, src, other); err == nil {
		t.Errorf("build replaced a folder that is not a built site")
	}
}

func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}
