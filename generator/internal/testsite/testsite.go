// Package testsite writes whole sites into folders for tests and benchmarks:
// a copy of the repository's reference site, and large generated sites that
// follow the data contract (DATA.md), deterministically.
package testsite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Root finds the repository's root (the folder holding go.mod) from the
// working directory, which for a test is its package's folder.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// CopyReference copies the reference site's inputs (site.toml, data/,
// content/, and layouts/, static/ and themes/ where present) from the
// repository into dir, leaving the repository untouched.
func CopyReference(dir string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	for _, name := range []string{"site.toml", "data", "content", "layouts", "static", "themes"} {
		src := filepath.Join(root, name)
		if _, err := os.Stat(src); os.IsNotExist(err) && name != "site.toml" && name != "data" && name != "content" {
			continue
		}
		if err := copyTree(src, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// Size says how large a generated site is.
type Size struct {
	Arrangements int // rows of data/arrangements.csv
	Documents    int // Markdown files under content/
}

// Write writes a generated site of the given size into dir. The same size
// always gives the same bytes. Documents are spread over sections of up to
// 50 files (an _index.md and chapters), plus an about page.
func Write(dir string, size Size) error {
	files := Files(size)
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// rng is a small deterministic generator (a 64-bit LCG), so generated sites
// do not depend on math/rand's algorithm.
type rng uint64

func (r *rng) next(n int) int {
	*r = *r*6364136223846793005 + 1442695040888963407
	return int((uint64(*r) >> 33) % uint64(n))
}

var partnerKinds = []string{"county-council", "unitary-council", "district-council", "district-council", "nhs", "police", "fire"}
var providerGroups = []string{"Citizens Advice Bureaux", "CVSs and VAST", "Advocacy", "Carers", "Youth", "Older people", "Mental health", "Housing"}
var words = strings.Fields(`partners commission services together where sharing the work
saves money and keeps the same standard of care for residents charities community groups
volunteers advice advocacy funding contract grant agreement monitoring review notice budget
outcome evidence tender specification quality fairness openness timetable decision`)

// Files returns the generated site as file names (forward slashes) and
// their text.
func Files(size Size) map[string]string {
	r := rng(42)
	out := map[string]string{}
	const partners, providers, services = 20, 400, 10

	out["site.toml"] = `title = "Generated Commissioning Partnership"
language = "en-GB"
as_at = 2011-09-08
threshold = "5000"
start = 2010-10-01
horizon_years = 5.5
discount_rate = 0.035

[shared_cost]
fixed = "20433.50"
per_partner = "1371.10"

[[scenarios]]
id = "all-partners"
name = "All partners"
partners = "all"
contract_start = 2013-04-01
programme_costs = ["60000", "70000", "45000", "20000", "15000", "15000"]
`
	var b strings.Builder
	b.WriteString("id,name,role,kind,group,identifier,hourly_rate,website\n")
	for i := 0; i < partners; i++ {
		kind := partnerKinds[i%len(partnerKinds)]
		fmt.Fprintf(&b, "partner-%02d,Partner %02d %s,partner,%s,%s,,%d.%02d,https://partner-%02d.example.org\n",
			i, i, strings.ReplaceAll(kind, "-", " "), kind, strings.ReplaceAll(kind, "-", " "), 20+r.next(10), r.next(100), i)
	}
	for i := 0; i < providers; i++ {
		g := providerGroups[i%len(providerGroups)]
		fmt.Fprintf(&b, "provider-%03d,Provider %03d,provider,charity,%s,GB-CHC-%07d,,\n", i, i, g, 1000000+i)
	}
	out["data/organisations.csv"] = b.String()

	b.Reset()
	b.WriteString("id,name,summary,phase\n")
	for i := 0; i < services; i++ {
		fmt.Fprintf(&b, "service-%02d,Service %02d,\"A service area that several partners fund, number %d.\",%d\n", i, i, i, 1+i%3)
	}
	out["data/services.csv"] = b.String()

	b.Reset()
	b.WriteString("id,partner,provider,service,type,annual_value,start,end,route,intention,hours_budget,hours_idea,hours_specification,hours_procurement,hours_agreement,hours_monitoring,hours_payments\n")
	types := []string{"contract", "sla", "grant"}
	routes := []string{"open-tender", "quotation", "direct-award", "grant-application", "rolled-over", "inherited", "unknown"}
	intentions := []string{"recommission", "joint", "decommission", "undecided", ""}
	for i := 0; i < size.Arrangements; i++ {
		end := ""
		if r.next(5) > 0 {
			end = fmt.Sprintf("%d-03-31", 2011+r.next(4))
		}
		fmt.Fprintf(&b, "arr-%05d,partner-%02d,provider-%03d,service-%02d,%s,%d,%d-04-01,%s,%s,%s,%d,%d.5,%d,,%d,%d,%d\n",
			i, r.next(partners), r.next(providers), r.next(services), types[r.next(len(types))],
			1000+r.next(90000), 2007+r.next(4), end, routes[r.next(len(routes))], intentions[r.next(len(intentions))],
			r.next(20), r.next(10), r.next(10), r.next(15), r.next(100), r.next(30))
	}
	out["data/arrangements.csv"] = b.String()

	b.Reset()
	b.WriteString("id,title,service,model,lead,partners,status,annual_value,contract_years,published,closes,contract_start,contact,summary\n")
	statuses := []string{"open", "pipeline", "closed", "awarded"}
	for i := 0; i < services; i++ {
		st := statuses[i%len(statuses)]
		pub, closes := "2011-08-22", "2011-10-14"
		if st == "pipeline" {
			pub, closes = "", ""
		}
		fmt.Fprintf(&b, "opp-%02d,Joint service %02d,service-%02d,aligned-budgets,partner-00,partner-00;partner-01;partner-02,%s,%d,3,%s,%s,2013-04-01,commissioning@example.org,A shared contract for service %02d.\n",
			i, i, i, st, 100000+i*1000, pub, closes, i)
	}
	out["data/opportunities.csv"] = b.String()

	b.Reset()
	b.WriteString("partner,subject,decision,cabinet_required,meeting,date,notes\n")
	decisions := []string{"aligned-budgets", "stand-alone", "do-nothing", "pending"}
	for p := 0; p < partners; p++ {
		for s := 0; s < services; s++ {
			fmt.Fprintf(&b, "partner-%02d,service-%02d,%s,yes,\"Board, 8 September 2011\",2011-09-08,\n", p, s, decisions[r.next(len(decisions))])
		}
		fmt.Fprintf(&b, "partner-%02d,framework,adopt,no,\"Board, 8 September 2011\",2011-09-08,\n", p)
	}
	out["data/decisions.csv"] = b.String()

	b.Reset()
	b.WriteString("phase,title,due,status,notes\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "%d,Milestone %d,2011-%02d-15,%s,\n", 1+i/4, i, 1+i, []string{"done", "in-progress", "planned"}[i%3])
	}
	out["data/milestones.csv"] = b.String()

	b.Reset()
	b.WriteString("id,title,likelihood,impact,owner,mitigation,status\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "risk-%02d,Risk %d,%d,%d,Project team,Watch it closely.,open\n", i, i, 1+r.next(5), 1+r.next(5))
	}
	out["data/risks.csv"] = b.String()

	// Documents: an about page, then sections of an _index and chapters.
	docs := size.Documents
	if docs > 0 {
		out["content/about.md"] = page("About this site", "What this generated site is for.", 0, &r)
		docs--
	}
	for s := 0; docs > 0; s++ {
		sec := fmt.Sprintf("content/section-%02d/", s)
		out[sec+"_index.md"] = page(fmt.Sprintf("Section %02d", s), "A section of chapters.", 0, &r)
		docs--
		for c := 1; c < 50 && docs > 0; c++ {
			out[fmt.Sprintf("%schapter-%02d.md", sec, c)] = page(fmt.Sprintf("Chapter %d of section %02d", c, s), "One chapter.", c*10, &r)
			docs--
		}
	}
	return out
}

// page writes a Markdown page of a few headings and paragraphs.
func page(title, summary string, weight int, r *rng) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nsummary = %q\nweight = %d\n+++\n\n", title, summary, weight)
	for h := 0; h < 4; h++ {
		fmt.Fprintf(&b, "## Part %d\n\n", h+1)
		for p := 0; p < 3; p++ {
			for w := 0; w < 60; w++ {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[r.next(len(words))])
			}
			b.WriteString(".\n\n")
		}
		b.WriteString("- [Opportunities](/opportunities/)\n- [Open data](/data/)\n\n")
	}
	return b.String()
}
