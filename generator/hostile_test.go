package generator_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
)

// payloads is what a hostile or careless contributor might type into a cell.
var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
	`data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
	`' onmouseover='alert(1)`,
	`=HYPERLINK("http://evil.example/","click")`,
	`+SUM(A1:A9)`,
	`@SUM(A1:A9)`,
	`-2+3`,
	"line one\nBEGIN:VEVENT\nSUMMARY:injected",
	"]]></title><script>alert(1)</script>",
	`{{.Site}}`,
	strings.Repeat("long ", 1000),
}

// dangerous are the strings that must never appear raw in markup.
var dangerous = []string{`<script>alert(1)`, `<img src=x onerror`, `href="javascript:`, `src="javascript:`, `href="data:text/html`}

// handlerAttr finds an event-handler attribute inside a tag.
var handlerAttr = regexp.MustCompile(`(?i)<[a-z][a-z0-9]*(\s+[a-z:-]+(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*))?)*\s+on[a-z]+\s*=`)

// hostileSite puts payload p into every free-text cell of every table, the
// Markdown and its front matter.
func hostileSite(p string) fstest.MapFS {
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	P := q(p)
	files := map[string]string{
		"site.toml": "title = " + tomlString(p) + "\ndescription = " + tomlString(p) + "\nnotice = " + tomlString(p) + "\nas_at = 2011-09-08\nstart = 2010-10-01\n" +
			"[shared_cost]\nfixed = \"1000\"\nper_partner = \"100\"\n[[scenarios]]\nid = \"all\"\nname = " + tomlString(p) + "\npartners = \"all\"\nprogramme_costs = [\"100\"]\n",
		"data/organisations.csv": "id,name,role,kind,group,identifier,hourly_rate,website\n" +
			"p1," + P + ",partner,district-council," + P + ",,20,\n" +
			"p2,Second,partner,nhs,NHS,,20,\n" +
			"v1," + P + ",provider," + P + "," + P + ",,,\n",
		"data/services.csv": "id,name,summary,phase\ns1," + P + "," + P + ",1\n",
		"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,intention,hours_budget,hours_idea,hours_specification,hours_procurement,hours_agreement,hours_monitoring,hours_payments\n" +
			"a1,p1,v1,s1,grant,10000,2010-04-01,2013-03-31,rolled-over,,100,,,,,,\n" +
			"a2,p2,v1,s1,contract,10000,2010-04-01,2011-12-31,open-tender,,100,,,,,,\n",
		"data/opportunities.csv": "id,title,service,model,lead,partners,status,annual_value,contract_years,published,closes,contract_start,contact,summary\n" +
			"o1," + P + ",s1,aligned-budgets,p1,p1;p2,open,5000,3,2011-09-01,2011-10-01,2012-04-01," + P + "," + P + "\n",
		"data/decisions.csv":          "partner,subject,decision,cabinet_required,meeting,date,notes\np1,s1,adopt,yes," + P + ",2011-09-01," + P + "\n",
		"data/milestones.csv":         "phase,title,due,status,notes\n1," + P + ",2011-11-01,planned," + P + "\n",
		"data/risks.csv":              "id,title,likelihood,impact,owner,mitigation,status\nr1," + P + ",3,4," + P + "," + P + ",open\n",
		"content/about.md":            "+++\ntitle = " + tomlString(p) + "\nsummary = " + tomlString(p) + "\n+++\n" + p + "\n\n[link](javascript:alert(1)) [data](data:text/html;base64,xx) <b onclick=\"x\">raw</b>\n\n## " + p + "\n",
		"content/framework/one.md":    "+++\ntitle = " + tomlString(p) + "\n+++\n" + p + "\n",
		"content/opportunities/o1.md": "+++\ntitle = \"O1\"\n+++\n" + p + "\n",
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func tomlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// TestHostileInputStaysInert runs every payload through every free-text
// column and page and checks each output file by its type.
func TestHostileInputStaysInert(t *testing.T) {
	for _, p := range payloads {
		res, err := generator.Render(context.Background(), generator.Options{FS: hostileSite(p), BaseURL: "https://example.org/x/", Now: time.Date(2011, 9, 8, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Errorf("payload %.40q: build failed: %v", p, err)
			continue
		}
		for _, path := range res.Files.Paths() {
			b, _ := res.Files.Get(path)
			checkInert(t, p, path, b)
		}
	}
}

func checkInert(t *testing.T, payload, path string, b []byte) {
	t.Helper()
	switch {
	case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, ".xml"), strings.HasSuffix(path, ".svg"), strings.HasSuffix(path, ".json"):
		lower := bytes.ToLower(b)
		for _, d := range dangerous {
			if bytes.Contains(lower, []byte(strings.ToLower(d))) {
				t.Errorf("payload %.40q: %s contains %q", payload, path, d)
			}
		}
		if m := handlerAttr.Find(b); m != nil && !strings.HasSuffix(path, ".json") {
			t.Errorf("payload %.40q: %s has an event handler attribute: %.60q", payload, path, m)
		}
	case strings.HasSuffix(path, ".csv"):
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Errorf("%s is not valid CSV: %v", path, err)
			return
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
					t.Errorf("payload %.40q: %s has a cell a spreadsheet would run: %.40q", payload, path, cell)
				}
				if strings.HasPrefix(cell, "-") && !isNumber(cell) {
					t.Errorf("payload %.40q: %s has a cell a spreadsheet would run: %.40q", payload, path, cell)
				}
			}
		}
	case strings.HasSuffix(path, ".ics"):
		for _, line := range strings.Split(string(b), "\r\n") {
			if strings.HasPrefix(line, "SUMMARY:injected") || strings.Contains(line, "\n") {
				t.Errorf("payload %.40q: %s lets a cell add its own calendar lines", payload, path)
			}
		}
	}
}

func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// constrained lists every column whose values are checked (ids, codes,
// references, money, dates, numbers): a payload there must be refused with a
// positioned diagnostic, never reach the output, never panic.
var constrained = map[string][]string{
	"data/organisations.csv": {"id", "role", "identifier", "hourly_rate", "website"},
	"data/services.csv":      {"id", "phase"},
	"data/arrangements.csv":  {"id", "partner", "provider", "service", "type", "annual_value", "start", "end", "route", "intention", "hours_budget", "hours_idea", "hours_specification", "hours_procurement", "hours_agreement", "hours_monitoring", "hours_payments"},
	"data/opportunities.csv": {"id", "service", "model", "lead", "partners", "status", "annual_value", "contract_years", "published", "closes", "contract_start"},
	"data/decisions.csv":     {"partner", "subject", "decision", "cabinet_required", "date"},
	"data/milestones.csv":    {"phase", "due", "status"},
	"data/risks.csv":         {"id", "likelihood", "impact", "status"},
}

// TestDirectionControlsAreRefused checks that a Unicode direction override
// is refused, with its position, wherever it enters.
func TestDirectionControlsAreRefused(t *testing.T) {
	_, err := generator.Render(context.Background(), generator.Options{FS: hostileSite("\u202Egnp.exe")})
	for _, want := range []string{"site.toml:1:10: text holds a Unicode direction control (U+202E)", "data/organisations.csv:2:2: cell holds a Unicode direction control", "content/about.md:2:10: text holds a Unicode direction control"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in:\n%v", want, err)
		}
	}
}

func TestHostileInputInCheckedColumnsIsRefused(t *testing.T) {
	base := hostileSite("plain")
	for file, cols := range constrained {
		for _, col := range cols {
			for _, p := range payloads[:6] {
				fsys := fstest.MapFS{}
				for k, v := range base {
					fsys[k] = v
				}
				fsys[file] = &fstest.MapFile{Data: replaceColumn(t, base[file].Data, col, p)}
				_, err := generator.Render(context.Background(), generator.Options{FS: fsys})
				var de *diag.Error
				if !errors.As(err, &de) {
					t.Errorf("%s column %s = %.30q: accepted (err %v)", file, col, p, err)
					continue
				}
				found := false
				for _, d := range de.Items {
					found = found || (d.File == file && d.Line >= 2 && d.Column >= 1)
				}
				if !found {
					t.Errorf("%s column %s = %.30q: no positioned diagnostic in %v", file, col, p, err)
				}
			}
		}
	}
}

// replaceColumn sets column col of the first data row to v.
func replaceColumn(t *testing.T, data []byte, col, v string) []byte {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range rows[0] {
		if h == col {
			rows[1][i] = v
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rows)
	return buf.Bytes()
}
