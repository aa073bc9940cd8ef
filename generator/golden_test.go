package generator_test

import (
	"context"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/render"
)

// goldenSite is smallSite with every table and section, so that every
// template has a page to render.
func goldenSite() map[string]string {
	files := smallSite()
	// pages of one row, so the pager and the numbered pages are covered
	files["site.toml"] += "\n[scale]\ntable_rows = 1\n"
	files["data/opportunities.csv"] = "id,title,service,model,lead,partners,status,annual_value,contract_years,published,closes,contract_start,contact,summary\n" +
		"joint-debt,Joint debt advice,debt-advice,aligned-budgets,north-council,north-council;south-council,open,18000,3,2011-09-01,2011-09-30,2012-04-01,bids@north.example,One service for both councils.\n" +
		"later-debt,Debt advice from 2013,debt-advice,stand-alone,south-council,south-council,pipeline,,,,,2013-01-01,,\n"
	files["data/decisions.csv"] = "partner,subject,decision,cabinet_required,meeting,date,notes\n" +
		"north-council,debt-advice,pending,yes,Cabinet 1 September 2011,2011-09-01,\n" +
		"north-council,debt-advice,aligned-budgets,yes,Cabinet 7 September 2011,2011-09-07,Agreed\n" +
		"south-council,framework,adopt,no,Board,2011-08-20,\n"
	files["data/milestones.csv"] = "phase,title,due,status,notes\n1,Mapping finished,2011-03-31,done,\n2,Decisions due,2011-11-30,planned,By both councils\n"
	files["data/risks.csv"] = "id,title,likelihood,impact,owner,mitigation,status\nslip,The timetable slips,3,4,Project team,Monthly review,open\n"
	files["content/options/_index.md"] = "+++\ntitle = \"Options\"\n+++\n| option | lead |\n| --- | --- |\n| Aligned | one |\n"
	files["content/options/aligned.md"] = "+++\ntitle = \"Aligned budgets\"\nweight = 1\n+++\n## How it works\nOne lead.\n"
	files["content/opportunities/joint-debt.md"] = "+++\ntitle = \"Joint debt advice\"\n+++\n## What is being commissioned\nAdvice.\n"
	return files
}

// TestTemplatesGolden renders one page of every template, and the feeds,
// calendar, sitemap and summary, for a small site, and compares each with
// testdata/golden/. After a deliberate change, run go test -update and
// read the diff.
func TestTemplatesGolden(t *testing.T) {
	src := writeSite(t, goldenSite())
	res, err := generator.Render(context.Background(), generator.Options{Source: src, BaseURL: "https://example.org/small/", Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range res.Site.Pages {
		if seen[p.Layout] {
			continue
		}
		seen[p.Layout] = true
		out := render.OutputPath(p.Path)
		b, ok := res.Files.Get(out)
		if !ok {
			t.Errorf("%s (%s) was not written", out, p.Layout)
			continue
		}
		golden(t, path.Join("golden", p.Layout+".html"), b)
	}
	for _, f := range []string{"opportunities/feed.xml", "decisions/feed.xml", "opportunities/deadlines.ics", "sitemap.xml", "robots.txt", "data/summary.json"} {
		b, ok := res.Files.Get(f)
		if !ok {
			t.Errorf("%s was not written", f)
			continue
		}
		golden(t, path.Join("golden", strings.ReplaceAll(f, "/", "-")), b)
	}
	for _, layout := range []string{"home", "opportunities", "opportunity", "decisions", "arrangements", "arrangement", "organisations", "organisation",
		"services", "service", "savings", "section", "options", "chapter", "page", "plan", "data", "search", "404", "arrangement-list"} {
		if !seen[layout] {
			t.Errorf("no page uses the %s template", layout)
		}
	}
}
