package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// mapKeys are the names --map gives the columns of a council's file, and
// what each means.
var mapKeys = map[string]string{
	"id":             "the council's reference for the grant or contract (ids become <partner>-<reference>)",
	"amount":         "the amount: the total over the duration (one year when there is none)",
	"annual":         "the amount a year, instead of amount",
	"recipient":      "the recipient's (supplier's, beneficiary's) name",
	"recipient_id":   "the recipient's org-id identifier, such as GB-CHC-1234567",
	"charity_number": "the recipient's registered charity number",
	"company_number": "the recipient's company number (leading zeros kept)",
	"date":           "the award, payment or start date",
	"end":            "the end date",
	"duration":       "the duration in months",
	"funder":         "the funding body's name (else --funder)",
	"funder_id":      "the funding body's org-id identifier",
	"service":        "the service or grant programme (else --service)",
}

// MapKeys lists the --map names and their meanings, for help text.
func MapKeys() []string {
	var out []string
	for k, v := range mapKeys {
		out = append(out, k+": "+v)
	}
	sort.Strings(out)
	return out
}

// strayKey finds what looks like an unknown key inside a heading.
var strayKey = regexp.MustCompile(`,\s*([A-Za-z_]+)\s*=`)

var mapSplit = regexp.MustCompile(`,\s*(?:` + keyAlternatives() + `)\s*=`)

func keyAlternatives() string {
	var ks []string
	for k := range mapKeys {
		ks = append(ks, regexp.QuoteMeta(k))
	}
	sort.Strings(ks)
	return strings.Join(ks, "|")
}

// ParseMap reads --map: key=Heading pairs separated by commas. A heading
// may itself hold commas: the text runs to the next ", key=".
func ParseMap(s string) (map[string]string, error) {
	out := map[string]string{}
	s = strings.TrimSpace(s)
	if s == "" {
		return out, nil
	}
	var parts []string
	last := 0
	for _, loc := range mapSplit.FindAllStringIndex(s, -1) {
		parts = append(parts, s[last:loc[0]])
		last = loc[0] + 1
	}
	parts = append(parts, s[last:])
	for _, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("--map: %q is not key=Heading", strings.TrimSpace(p))
		}
		if _, known := mapKeys[k]; !known {
			return nil, fmt.Errorf("--map: unknown key %q; the keys are %s", k, strings.ReplaceAll(keyAlternatives(), "|", ", "))
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("--map: %s is given twice", k)
		}
		out[k] = v
	}
	return out, nil
}

// DefaultService is the service of rows from a file that names none, when
// the import names none either.
const DefaultService = "Grants"

func readTransparency(text string, opt Options, rep *Report) ([]row, error) {
	m, err := ParseMap(opt.Map)
	if err != nil {
		return nil, err
	}
	switch {
	case m["amount"] == "" && m["annual"] == "":
		return nil, fmt.Errorf("--map must name the amount column: amount=<heading> (or annual=<heading> for a yearly amount)")
	case m["amount"] != "" && m["annual"] != "":
		return nil, fmt.Errorf("--map names both amount and annual: give one")
	case m["recipient"] == "":
		return nil, fmt.Errorf("--map must name the recipient column: recipient=<heading>")
	case m["date"] == "":
		return nil, fmt.Errorf("--map must name the date column: date=<heading>")
	case m["funder"] == "" && m["funder_id"] == "" && strings.TrimSpace(opt.Funder) == "":
		return nil, fmt.Errorf("name the funder: --funder <organisation id or name>, or funder=<heading> in --map")
	}
	if m["service"] == "" && strings.TrimSpace(opt.Service) == "" {
		opt.Service = DefaultService
		rep.Notes = append(rep.Notes, fmt.Sprintf("no service named (--service, or service=<heading> in --map): the rows are recorded under the service %q", DefaultService))
	}
	f, err := readCSVText(text)
	if err != nil {
		return nil, err
	}
	var missing []string
	hint := ""
	for _, k := range sortedKeys(m) {
		if _, ok := f.col[normHeading(m[k])]; !ok {
			missing = append(missing, fmt.Sprintf("%s=%s", k, m[k]))
			if sm := strayKey.FindStringSubmatch(m[k]); sm != nil {
				hint = fmt.Sprintf("; %s is not a --map key (the keys are %s)", sm[1], strings.ReplaceAll(keyAlternatives(), "|", ", "))
			}
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("--map names columns the file does not have: %s (its headings are: %s)%s", strings.Join(missing, ", "), f.headings(), hint)
	}
	c := func(rec []string, key string) string {
		if m[key] == "" {
			return ""
		}
		return f.cell(rec, normHeading(m[key]))
	}
	var rows []row
	for i, rec := range f.records {
		rep.Read++
		line := f.lines[i]
		if f.extra(rec) {
			rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: fmt.Sprintf("the row has %d cells but the header has %d", len(rec), len(f.header))})
			continue
		}
		amount, annual := c(rec, "amount"), false
		if m["annual"] != "" {
			amount, annual = c(rec, "annual"), true
		}
		funder := party{id: c(rec, "funder_id"), name: c(rec, "funder")}
		if funder.id == "" && funder.name == "" {
			funder = party{name: strings.TrimSpace(opt.Funder)}
		}
		svc := c(rec, "service")
		if svc == "" {
			svc = strings.TrimSpace(opt.Service)
		}
		r, why := build(line, fields{
			id: c(rec, "id"), amount: amount, annual: annual,
			start: c(rec, "date"), end: c(rec, "end"), duration: c(rec, "duration"),
			recipient: party{id: c(rec, "recipient_id"), name: c(rec, "recipient"), charity: c(rec, "charity_number"), company: c(rec, "company_number")},
			funder:    funder,
			programme: programme{title: svc},
		})
		if why == "" && funder.id == "" && funder.name == "" {
			why = "no funder: the funder column is empty (pass --funder for rows without one)"
		}
		if why != "" {
			rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: why})
			continue
		}
		rows = append(rows, r)
	}
	return rows, nil
}
