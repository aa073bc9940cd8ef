package corpus

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tscip/tscip/generator/dataset"
)

var frameworkChapters = []string{
	"introduction-and-scope", "commissioning-cycle", "compact", "involving-the-sector", "funding-mechanisms",
	"procurement", "grant-funding", "full-cost-recovery", "monitoring-and-review", "decommissioning", "glossary",
	"equality-and-diversity",
}

// planDocs lays out the documents in order of priority: the single pages,
// the options, some opportunities' texts, the framework, then sections of
// forty pages each (an _index.md and its pages), cut at Docs.
func (g *gen) planDocs() {
	add := func(section, slug, title string) { g.docs = append(g.docs, docRef{section, slug, title}) }
	add("", "about", "About this site")
	add("", "benefits", "Benefits of commissioning together")
	add("", "equality", "Equality impact assessment")
	add("options", "_index", "Commissioning options")
	add("options", "aligned-budgets", "Aligned budgets with a lead commissioner")
	add("options", "stand-alone", "Stand alone partnership arrangements")
	add("options", "do-nothing", "Do nothing")
	for i := 0; i < len(g.opps) && i < g.opt.Docs/10; i++ {
		add("opportunities", g.opps[i].id, g.opps[i].title)
	}
	add("framework", "_index", "Third Sector Commissioning Framework")
	for _, c := range frameworkChapters {
		add("framework", c, strings.ToUpper(c[:1])+strings.ReplaceAll(c[1:], "-", " "))
	}
	for k := 0; len(g.docs) < g.opt.Docs; k++ {
		name := sectionNames[k%len(sectionNames)]
		if k >= len(sectionNames) {
			name += "-" + strconv.Itoa(k/len(sectionNames)+1)
		}
		title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
		add(name, "_index", title)
		for i := 1; i < 40 && len(g.docs) < g.opt.Docs; i++ {
			t := g.pick(titleWords) + " " + strings.ToLower(g.pick(titleWords)) + " in " + g.place()
			add(name, fmt.Sprintf("%s-%d", dataset.Slugify(t), i), t)
		}
	}
	if len(g.docs) > g.opt.Docs {
		g.docs = g.docs[:g.opt.Docs]
	}
}

func (d docRef) url() string {
	switch {
	case d.section == "":
		return "/" + d.slug + "/"
	case d.slug == "_index":
		return "/" + d.section + "/"
	}
	return "/" + d.section + "/" + d.slug + "/"
}

func (d docRef) file() string {
	if d.section == "" {
		return "content/" + d.slug + ".md"
	}
	return "content/" + d.section + "/" + d.slug + ".md"
}

func (g *gen) writeDocs() error {
	g.planDocs()
	sections := map[string]bool{}
	for i, d := range g.docs {
		var b strings.Builder
		b.WriteString("+++\n")
		fmt.Fprintf(&b, "title = %s\n", tomlString(d.title))
		fmt.Fprintf(&b, "summary = %s\n", tomlString(g.sentence()))
		fmt.Fprintf(&b, "weight = %d\n", 10*(i%40+1))
		if g.chance(0.5) {
			fmt.Fprintf(&b, "date = %s\n", asAt.AddDate(0, 0, -g.r.IntN(600)).Format("2006-01-02"))
		}
		if d.slug != "_index" && d.section != "opportunities" && d.section != "" && g.chance(0.01) {
			b.WriteString("draft = true\n")
			g.stats.Drafts++
		}
		b.WriteString("+++\n\n")
		// lengths as in the reference site (3 to 4 kB), with a long tail
		target := int(math.Exp(g.r.NormFloat64()*0.5 + math.Log(3500)))
		g.body(&b, clamp(target, 1200, 16000))
		if err := g.writeFile(d.file(), b.String()); err != nil {
			return err
		}
		if d.section != "" {
			sections[d.section] = true
		}
	}
	g.stats.Docs, g.stats.Sections = len(g.docs), len(sections)
	return nil
}

func tomlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (g *gen) sentence() string {
	s := g.pick(subjects) + " " + g.pick(verbs) + " " + g.pick(objects)
	if g.chance(0.6) {
		s += " " + g.pick(qualifiers)
	}
	return s + "."
}

// link returns a Markdown link to a page of the site or, now and then,
// outside it.
func (g *gen) link() string {
	switch x := g.r.IntN(20); {
	case x < 4 && len(g.arrIDs) > 0:
		id := g.arrIDs[g.r.IntN(len(g.arrIDs))]
		return "[arrangement " + id + "](/arrangements/" + id + "/)"
	case x < 7:
		o := g.providers[g.r.IntN(len(g.providers))]
		if g.chance(0.4) {
			o = g.partners[g.r.IntN(len(g.partners))]
		}
		return "[" + o.name + "](/organisations/" + o.id + "/)"
	case x < 9:
		s := g.services[g.r.IntN(len(g.services))]
		return "[" + strings.ToLower(s.name) + "](/services/" + s.id + "/)"
	case x < 14 && len(g.docs) > 0:
		d := g.docs[g.r.IntN(len(g.docs))]
		return "[" + d.title + "](" + d.url() + ")"
	case x < 16 && len(g.opps) > 0:
		o := g.opps[g.r.IntN(len(g.opps))]
		return "[" + o.title + "](/opportunities/" + o.id + "/)"
	case x < 19:
		p := g.pick([]string{"/savings/", "/plan/", "/decisions/", "/opportunities/", "/arrangements/", "/data/", "/options/", "/framework/"})
		return "[" + strings.Trim(p, "/") + "](" + p + "#top)"
	}
	return "[the Compact](https://www.gov.uk/government/publications/the-compact)"
}

func (g *gen) paragraph(b *strings.Builder) {
	n := 3 + g.r.IntN(4)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := g.sentence()
		switch x := g.r.IntN(20); {
		case x < 5:
			s = strings.TrimSuffix(s, ".") + ", as " + g.link() + " shows."
		case x < 8:
			s = "**" + strings.TrimSuffix(s, ".") + "**."
		case x == 8:
			s = "*" + strings.TrimSuffix(s, ".") + "*."
		case x == 9:
			s = strings.TrimSuffix(s, ".") + " (see `" + g.pick([]string{"annual_value", "hours_monitoring", "route", "as_at"}) + "`)."
		}
		b.WriteString(s)
	}
	b.WriteString("\n\n")
}

func (g *gen) list(b *strings.Builder, numbered bool) {
	n := 3 + g.r.IntN(5)
	for i := 0; i < n; i++ {
		if numbered {
			fmt.Fprintf(b, "%d. ", i+1)
		} else {
			b.WriteString("- ")
		}
		s := g.sentence()
		if g.chance(0.3) {
			s = g.link() + ": " + s
		}
		b.WriteString(s + "\n")
	}
	b.WriteString("\n")
}

func (g *gen) table(b *strings.Builder) {
	cols := []string{"Partner", "Service", "Arrangements", "Annual value", "Staff resource cost", "Ends"}[:3+g.r.IntN(4)]
	b.WriteString("| " + strings.Join(cols, " | ") + " |\n|")
	for range cols {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	rows := 3 + g.r.IntN(6)
	for i := 0; i < rows; i++ {
		b.WriteString("|")
		for _, c := range cols {
			var v string
			switch c {
			case "Partner":
				p := g.partners[g.r.IntN(len(g.partners))]
				v = "[" + p.name + "](/organisations/" + p.id + "/)"
			case "Service":
				v = g.services[g.r.IntN(len(g.services))].name
			case "Arrangements":
				v = strconv.Itoa(1 + g.r.IntN(40))
			case "Ends":
				v = asAt.AddDate(0, g.r.IntN(30), 0).Format("2 January 2006")
			default:
				v = "£" + group(1000+g.r.IntN(900000))
			}
			b.WriteString(" " + v + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// body writes Markdown of about target bytes: paragraphs under second- and
// third-level headings, lists, tables, quotes and links.
func (g *gen) body(b *strings.Builder, target int) {
	start := b.Len()
	g.paragraph(b)
	sinceHeading := 0
	for b.Len()-start < target {
		if sinceHeading >= 2+g.r.IntN(3) {
			h := g.pick(headingWords)
			if g.chance(0.25) {
				b.WriteString("### " + h + " " + strconv.Itoa(g.r.IntN(9)+1) + "\n\n")
			} else {
				b.WriteString("## " + h + "\n\n")
			}
			sinceHeading = 0
		}
		switch x := g.r.IntN(20); {
		case x < 11:
			g.paragraph(b)
		case x < 14:
			g.list(b, false)
		case x < 16:
			g.list(b, true)
		case x < 18:
			g.table(b)
		default:
			b.WriteString("> " + g.sentence() + " " + g.sentence() + "\n\n")
		}
		sinceHeading++
	}
}
