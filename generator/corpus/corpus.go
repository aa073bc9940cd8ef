// Package corpus writes synthetic tscip sites of any size, for benchmarks and
// scale tests: a valid site.toml, every data table of DATA.md and Markdown
// documents of realistic length. The same options always give the same bytes.
package corpus

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tscip/tscip/generator/dataset"
)

// Options size a corpus.
type Options struct {
	Arrangements int    // rows of data/arrangements.csv
	Docs         int    // Markdown files under content/, _index.md files included
	Seed         uint64 // the same seed gives the same bytes
}

// Stats counts what Write wrote.
type Stats struct {
	Partners, Providers, Services, Arrangements int
	Opportunities, Decisions, Milestones, Risks int
	Docs, Drafts, Sections                      int
	Bytes                                       int64
}

// Sizes that depend on the number of arrangements. Partners grow with the
// data (one per fifty arrangements) up to about the number of public bodies
// that commission in England (councils, ICBs, police and fire); providers
// one per twenty arrangements.
func partnersFor(n int) int      { return clamp(n/50, 15, 500) }
func providersFor(n int) int     { return clamp(n/20, 30, 20000) }
func servicesFor(n int) int      { return clamp(3+n/4000, 3, len(serviceList)) }
func opportunitiesFor(n int) int { return clamp(n/50, 6, 2000) }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// asAt is the date every corpus describes, the reference site's.
var asAt = time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)

// Write creates the site in dir, which must not exist or be empty.
func Write(dir string, opt Options) (Stats, error) {
	if opt.Arrangements < 1 {
		return Stats{}, errors.New("a corpus needs at least one arrangement")
	}
	if opt.Docs < 0 {
		return Stats{}, errors.New("the number of documents cannot be negative")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return Stats{}, fmt.Errorf("%s is not empty; choose a new folder", dir)
	}
	g := &gen{opt: opt, r: rand.New(rand.NewPCG(opt.Seed, 0x7473636970)), dir: dir}
	g.organisations()
	steps := []func() error{
		g.writeOrganisations, g.writeServices, g.writeArrangements, g.writeOpportunities,
		g.writeDecisions, g.writeMilestones, g.writeRisks, g.writeSiteTOML, g.writeDocs,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return g.stats, err
		}
	}
	return g.stats, nil
}

type org struct {
	id, name, kind, group, identifier, website string
	rate                                       int     // pence an hour
	weight                                     float64 // partners: how much they fund, relatively
	service                                    int     // providers: the service they deliver
}

type gen struct {
	opt       Options
	r         *rand.Rand
	dir       string
	stats     Stats
	partners  []org
	providers []org
	byService [][]int // provider indexes by service
	services  []service
	cumWeight []float64 // partners' cumulative weights
	arrIDs    []string  // a sample of arrangement ids, for links
	opps      []opportunity
	docs      []docRef
	usedIDs   map[string]bool
}

type service struct{ id, name, summary, providerKind, providerGroup, providerWord string }

type opportunity struct{ id, title, service string }

type docRef struct{ section, slug, title string }

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// uniqueName draws names until one's slug is free; past a few tries it
// numbers the name, so ids stay unique however large the corpus.
func (g *gen) uniqueName(draw func() string) (name, id string) {
	if g.usedIDs == nil {
		g.usedIDs = map[string]bool{}
	}
	for try := 0; try < 8; try++ {
		name = draw()
		if id = dataset.Slugify(name); !g.usedIDs[id] {
			g.usedIDs[id] = true
			return name, id
		}
	}
	for i := 2; ; i++ {
		n := name + " " + strconv.Itoa(i)
		if id = dataset.Slugify(n); !g.usedIDs[id] {
			g.usedIDs[id] = true
			return n, id
		}
	}
}

func (g *gen) place() string {
	return g.pick(placeStarts) + g.pick(placeEnds)
}

func (g *gen) organisations() {
	np := partnersFor(g.opt.Arrangements)
	for i := 0; i < np; i++ {
		k := partnerKinds[i%len(partnerKinds)]
		if i >= len(partnerKinds) {
			k = partnerKinds[weightedIndex(g.r, partnerKindWeights)]
		}
		place := g.place()
		name, id := g.uniqueName(func() string { place = g.place(); return fmt.Sprintf(k.pattern, place) })
		o := org{id: id, name: name, kind: k.kind, group: k.group, rate: 1800 + g.r.IntN(1700), weight: k.size * (0.5 + g.r.Float64())}
		if g.chance(0.7) {
			o.identifier = fmt.Sprintf("GB-%s-%s", k.register, strings.ToUpper(place[:3])+strconv.Itoa(i))
		}
		o.website = "https://www." + strings.ReplaceAll(o.id, "-", "") + ".gov.uk"
		g.partners = append(g.partners, o)
	}
	sum := 0.0
	for _, p := range g.partners {
		sum += p.weight
		g.cumWeight = append(g.cumWeight, sum)
	}
	g.services = serviceList[:servicesFor(g.opt.Arrangements)]
	g.byService = make([][]int, len(g.services))
	nr := providersFor(g.opt.Arrangements)
	for i := 0; i < nr; i++ {
		si := i % len(g.services) // every service has providers
		if i >= len(g.services) {
			si = int(math.Min(float64(len(g.services)-1), g.r.ExpFloat64()*float64(len(g.services))/3))
		}
		sv := g.services[si]
		name, id := g.uniqueName(func() string { return g.place() + " " + sv.providerWord })
		o := org{id: id, name: name, kind: sv.providerKind, group: sv.providerGroup, service: si}
		switch {
		case g.chance(0.6):
			o.identifier = fmt.Sprintf("GB-CHC-%07d", 200000+g.r.IntN(900000))
		case g.chance(0.5):
			o.identifier = fmt.Sprintf("GB-COH-%08d", 1000000+g.r.IntN(9000000))
		}
		if g.chance(0.8) {
			o.website = "https://www." + strings.ReplaceAll(o.id, "-", "") + ".org.uk"
		}
		g.byService[si] = append(g.byService[si], len(g.providers))
		g.providers = append(g.providers, o)
	}
	g.stats.Partners, g.stats.Providers, g.stats.Services = len(g.partners), len(g.providers), len(g.services)
}

func weightedIndex(r *rand.Rand, w []float64) int {
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	x := r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// csvFile writes one table.
func (g *gen) csvFile(name string, header []string, rows func(w *csv.Writer) error) error {
	path := filepath.Join(g.dir, "data", name+".csv")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		f.Close()
		return err
	}
	if err := rows(w); err != nil {
		f.Close()
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if fi, err := f.Stat(); err == nil {
		g.stats.Bytes += fi.Size()
	}
	return f.Close()
}

func (g *gen) writeOrganisations() error {
	return g.csvFile("organisations", []string{"id", "name", "role", "kind", "group", "identifier", "hourly_rate", "website"}, func(w *csv.Writer) error {
		for _, o := range g.partners {
			if err := w.Write([]string{o.id, o.name, "partner", o.kind, o.group, o.identifier, pounds(o.rate), o.website}); err != nil {
				return err
			}
		}
		for _, o := range g.providers {
			if err := w.Write([]string{o.id, o.name, "provider", o.kind, o.group, o.identifier, "", o.website}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (g *gen) writeServices() error {
	return g.csvFile("services", []string{"id", "name", "summary", "phase"}, func(w *csv.Writer) error {
		for i, s := range g.services {
			if err := w.Write([]string{s.id, s.name, s.summary, strconv.Itoa(1 + i/3)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// pounds formats pence as 1234.50, or 1234 when whole.
func pounds(p int) string {
	if p%100 == 0 {
		return strconv.Itoa(p / 100)
	}
	return fmt.Sprintf("%d.%02d", p/100, p%100)
}

// money writes an amount in one of the forms people type (DATA.md).
func (g *gen) money(p int) string {
	switch x := g.r.IntN(20); {
	case x == 0:
		return "£" + group(p/100)
	case x == 1:
		return group(p/100) + fmt.Sprintf(".%02d", p%100)
	case x == 2:
		return fmt.Sprintf("%d.%02d", p/100, p%100)
	}
	return pounds(p)
}

func group(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// date writes a date, mostly ISO and sometimes day first as UK users type.
func (g *gen) date(t time.Time) string {
	switch g.r.IntN(12) {
	case 0:
		return t.Format("02/01/2006")
	case 1:
		return t.Format("2/1/2006")
	}
	return t.Format("2006-01-02")
}

func (g *gen) partner() int {
	x := g.r.Float64() * g.cumWeight[len(g.cumWeight)-1]
	return sort.SearchFloat64s(g.cumWeight, x)
}

func (g *gen) writeArrangements() error {
	header := []string{"id", "partner", "provider", "service", "type", "annual_value", "start", "end", "route", "intention",
		"hours_budget", "hours_idea", "hours_specification", "hours_procurement", "hours_agreement", "hours_monitoring", "hours_payments"}
	n := g.opt.Arrangements
	sampleEvery := max(1, n/400)
	return g.csvFile("arrangements", header, func(w *csv.Writer) error {
		rec := make([]string, len(header))
		for i := 0; i < n; i++ {
			pi := g.partner()
			p := &g.partners[pi]
			si := int(math.Min(float64(len(g.services)-1), g.r.ExpFloat64()*float64(len(g.services))/4))
			provs := g.byService[si]
			// a few providers hold most arrangements, as in the reference data
			ri := provs[int(math.Min(float64(len(provs)-1), g.r.ExpFloat64()*float64(len(provs))/5))]
			pr := &g.providers[ri]
			typ := g.pick([]string{"contract", "contract", "sla", "sla", "sla", "grant", "grant"})
			value := int(math.Exp(g.r.NormFloat64()*1.0+math.Log(30000*p.weight))) / 50 * 5000
			value = clamp(value, 50000, 250_000_000)
			if g.chance(0.05) {
				value += g.r.IntN(100)
			}
			start := time.Date(2005+g.r.IntN(7), time.Month(1+g.r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			if g.chance(0.5) {
				start = time.Date(start.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
			}
			if start.After(asAt) {
				start = start.AddDate(-1, 0, 0)
			}
			end := ""
			if !g.chance(0.1) {
				months := []int{12, 12, 24, 36, 36, 36, 48, 60, 18}[g.r.IntN(9)]
				end = g.date(start.AddDate(0, months, -1))
			}
			route := g.pick([]string{"open-tender", "quotation", "direct-award", "rolled-over", "rolled-over", "inherited", "unknown"})
			if typ == "grant" && g.chance(0.8) {
				route = "grant-application"
			}
			intention := g.pick([]string{"", "recommission", "joint", "joint", "decommission", "undecided"})
			id := fmt.Sprintf("%s-%s-%d-%d", trimSlug(p.id, 24), trimSlug(g.services[si].id, 16), start.Year(), i+1)
			rec[0], rec[1], rec[2], rec[3], rec[4] = id, p.id, pr.id, g.services[si].id, typ
			rec[5], rec[6], rec[7], rec[8], rec[9] = g.money(value), g.date(start), end, route, intention
			scale := math.Sqrt(float64(value) / 5_000_000)
			for k, base := range []float64{12, 6, 8, 18, 10, 80, 20} {
				h := base * scale * (0.3 + g.r.Float64())
				switch {
				case g.chance(0.1):
					rec[10+k] = ""
				case h < 10:
					rec[10+k] = strconv.FormatFloat(math.Round(h*2)/2, 'f', -1, 64)
				default:
					rec[10+k] = strconv.Itoa(int(h))
				}
			}
			if i%sampleEvery == 0 {
				g.arrIDs = append(g.arrIDs, id)
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		g.stats.Arrangements = n
		return nil
	})
}

func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n], "-")
}

func (g *gen) writeOpportunities() error {
	header := []string{"id", "title", "service", "model", "lead", "partners", "status", "annual_value", "contract_years",
		"published", "closes", "contract_start", "contact", "summary"}
	no := opportunitiesFor(g.opt.Arrangements)
	return g.csvFile("opportunities", header, func(w *csv.Writer) error {
		for i := 0; i < no; i++ {
			si := i % len(g.services)
			if i >= len(g.services) {
				si = g.r.IntN(len(g.services))
			}
			sv := g.services[si]
			model := "single"
			if i < len(g.services) {
				model = "aligned-budgets"
			} else if g.chance(0.2) {
				model = "stand-alone"
			}
			lead := g.partner()
			partners := []string{g.partners[lead].id}
			if model != "single" {
				seen := map[int]bool{lead: true}
				for k := 0; k < 2+g.r.IntN(14); k++ {
					if p := g.partner(); !seen[p] {
						seen[p] = true
						partners = append(partners, g.partners[p].id)
					}
				}
			}
			place := g.place()
			title := sv.name + " in " + place
			id := fmt.Sprintf("%s-%s-%d", trimSlug(sv.id, 20), dataset.Slugify(place), i+1)
			if model == "aligned-budgets" {
				title = "Joint " + strings.ToLower(sv.name) + " service"
				id = sv.id
			}
			status := g.pick([]string{"open", "open", "pipeline", "pipeline", "closed", "awarded", "awarded", "cancelled"})
			rec := []string{id, title, sv.id, model, g.partners[lead].id, strings.Join(partners, ";"), status,
				g.money((5000 + g.r.IntN(400000)) * 100), strconv.Itoa(1 + g.r.IntN(5)), "", "", "", "commissioning@" + g.partners[lead].id + ".gov.uk",
				g.sentence() + " " + g.sentence()}
			published := asAt.AddDate(0, 0, -g.r.IntN(120))
			switch status {
			case "open":
				rec[9], rec[10] = g.date(published), g.date(asAt.AddDate(0, 0, 1+g.r.IntN(60)))
				rec[11] = g.date(asAt.AddDate(0, 3+g.r.IntN(12), 0))
			case "pipeline":
				rec[11] = g.date(time.Date(2012+g.r.IntN(2), time.April, 1, 0, 0, 0, 0, time.UTC))
			default:
				published = published.AddDate(-1, 0, 0)
				rec[9], rec[10] = g.date(published), g.date(published.AddDate(0, 0, 28+g.r.IntN(30)))
				rec[11] = g.date(published.AddDate(0, 4, 0))
			}
			g.opps = append(g.opps, opportunity{id: id, title: title, service: sv.id})
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		g.stats.Opportunities = no
		return nil
	})
}

func (g *gen) writeDecisions() error {
	subjects := []string{}
	for i := 0; i < len(g.services) && i < 3; i++ {
		subjects = append(subjects, g.services[i].id)
	}
	subjects = append(subjects, "framework")
	meetings := []struct {
		name string
		day  time.Time
	}{
		{"Chief Executives Group, 23 June 2011", time.Date(2011, 6, 23, 0, 0, 0, 0, time.UTC)},
		{"Leaders and Chief Executives Group, 8 September 2011", asAt},
		{"Cabinet, 20 July 2011", time.Date(2011, 7, 20, 0, 0, 0, 0, time.UTC)},
	}
	return g.csvFile("decisions", []string{"partner", "subject", "decision", "cabinet_required", "meeting", "date", "notes"}, func(w *csv.Writer) error {
		for _, p := range g.partners {
			for _, subj := range subjects {
				if !g.chance(0.8) {
					continue
				}
				cabinet := g.pick([]string{"yes", "no"})
				rows := [][]string{{p.id, subj, "pending", cabinet, meetings[0].name, g.date(meetings[0].day), "To be discussed with members over the summer."}}
				if g.chance(0.7) {
					words := []string{"aligned-budgets", "aligned-budgets", "stand-alone", "do-nothing"}
					if subj == "framework" {
						words = []string{"adopt", "adopt", "decline"}
					}
					m := meetings[1+g.r.IntN(2)]
					rows = append(rows, []string{p.id, subj, g.pick(words), cabinet, m.name, g.date(m.day), g.sentence()})
				}
				for _, r := range rows {
					if err := w.Write(r); err != nil {
						return err
					}
					g.stats.Decisions++
				}
			}
		}
		return nil
	})
}

func (g *gen) writeMilestones() error {
	return g.csvFile("milestones", []string{"phase", "title", "due", "status", "notes"}, func(w *csv.Writer) error {
		day := time.Date(2011, 4, 29, 0, 0, 0, 0, time.UTC)
		for i, title := range milestoneTitles {
			status := "done"
			switch {
			case day.After(asAt.AddDate(0, 2, 0)):
				status = "planned"
			case day.After(asAt):
				status = "in-progress"
			}
			if err := w.Write([]string{strconv.Itoa(1 + i/5), title, g.date(day), status, g.sentence()}); err != nil {
				return err
			}
			g.stats.Milestones++
			day = day.AddDate(0, 1, g.r.IntN(20))
		}
		return nil
	})
}

func (g *gen) writeRisks() error {
	return g.csvFile("risks", []string{"id", "title", "likelihood", "impact", "owner", "mitigation", "status"}, func(w *csv.Writer) error {
		for i, title := range riskTitles {
			status := "open"
			if i%5 == 4 {
				status = "closed"
			}
			if err := w.Write([]string{dataset.Slugify(title), title, strconv.Itoa(1 + g.r.IntN(5)), strconv.Itoa(1 + g.r.IntN(5)),
				g.pick([]string{"Programme team", "Partner finance leads", "Procurement board", "Lead commissioner"}), g.sentence(), status}); err != nil {
				return err
			}
			g.stats.Risks++
		}
		return nil
	})
}

func (g *gen) writeSiteTOML() error {
	n := g.opt.Arrangements
	// the five heaviest funders form the second scenario
	idx := make([]int, len(g.partners))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return g.partners[idx[a]].weight > g.partners[idx[b]].weight })
	var five []string
	for _, i := range idx[:5] {
		five = append(five, strconv.Quote(g.partners[i].id))
	}
	costs := func(scale int) string {
		var out []string
		for _, c := range []int{60, 70, 45, 20, 15, 15} {
			out = append(out, strconv.Quote(strconv.Itoa(c*scale)))
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `# A synthetic site written by tscip-corpus -n %d -docs %d -seed %d.
# Every name, figure and word in it is made up.

title = "Commissioning Partnership (synthetic, %d arrangements)"
description = "A made-up partnership of %d public bodies funding %d third sector organisations, for testing tscip at scale."
base_url = "https://commissioning.example.org/"
language = "en-GB"
theme = "default"
accent = "#1d4f91"
contact = "commissioning@example.org"
notice = "Synthetic data for performance testing: no organisation, figure or decision on this site is real."
as_at = 2011-09-08
threshold = "5000"
identifier_prefix = "360G-tscip"
ocid_prefix = "ocds-tscip"
start = 2010-10-01
horizon_years = 5.5
discount_rate = 0.035

[shared_cost]
fixed = "20433.50"
per_partner = "1371.10"

[shared_cost.services.advocacy]
fixed = "18000"
per_partner = "1200"

[[scenarios]]
id = "all-partners"
name = "All partners"
description = "Every partner joins a shared contract for each service it funds."
partners = "all"
contract_start = 2013-04-01
programme_costs = %s

[[scenarios]]
id = "five-largest"
name = "The five largest partners"
description = "The five partners that fund the most commission together."
partners = [%s]
contract_start = 2013-04-01
programme_costs = %s
`, n, g.opt.Docs, g.opt.Seed, n, len(g.partners), len(g.providers), costs(max(1, n*10)), strings.Join(five, ", "), costs(max(1, n*7)))
	return g.writeFile("site.toml", b.String())
}

func (g *gen) writeFile(rel, text string) error {
	path := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	g.stats.Bytes += int64(len(text))
	return os.WriteFile(path, []byte(text), 0o644)
}
