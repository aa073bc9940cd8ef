package config

import (
	"math/big"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
)

const fullSite = `# The reference site's settings
title = "Staffordshire and Stoke-on-Trent Third Sector Commissioning Partnership"
description = "Joint commissioning of third sector services"
base_url = "https://example.org/tscip"
language = "en-GB"
theme = "default"
notice = "Draft for consultation"
accent = "#336699"
as_at = 2011-09-08
threshold = "5000"
start = "2012-04-01"
horizon_years = 5.5
discount_rate = 0.035
identifier_prefix = "360G-staffs"
ocid_prefix = "ocds-abc123"

[shared_cost]
fixed = "20433.50"
per_partner = "1371.10"

[shared_cost.services.advocacy]
fixed = "£15,000"
per_partner = 1000

[[scenarios]]
id = "all-partners"
name = "All fifteen partners"
partners = "all"
contract_start = 2013-01-01
programme_costs = ["40000", "45000.50", 50000]

[[scenarios]]
id = "five-largest"
name = "The five largest partners"
partners = ["staffordshire-county-council", "stoke-on-trent-city-council", "north-staffordshire-pct", "south-staffordshire-pct", "stoke-pct"]
programme_costs = ["30000", "30000"]

[limits]
rows = 5000
`

func parse(t *testing.T, src string) (*Site, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	s := Parse([]byte(src), &l)
	if s == nil {
		t.Fatal("Parse returned nil")
	}
	return s, l.Items()
}

func TestParseFullSite(t *testing.T) {
	s, ds := parse(t, fullSite)
	for _, d := range ds {
		t.Errorf("unexpected diagnostic: %s", d)
	}
	if s.Title != "Staffordshire and Stoke-on-Trent Third Sector Commissioning Partnership" {
		t.Errorf("Title = %q", s.Title)
	}
	if s.BaseURL != "https://example.org/tscip/" {
		t.Errorf("BaseURL = %q, want a trailing slash added", s.BaseURL)
	}
	if s.Language != "en-GB" || s.Theme != "default" || s.Notice != "Draft for consultation" || s.Accent != "#336699" {
		t.Errorf("Language, Theme, Notice, Accent = %q, %q, %q, %q", s.Language, s.Theme, s.Notice, s.Accent)
	}
	if !s.AsAt.Equal(date.Of(2011, 9, 8)) {
		t.Errorf("AsAt = %s", s.AsAt.ISO())
	}
	if !s.Start.Equal(date.Of(2012, 4, 1)) {
		t.Errorf("Start = %s", s.Start.ISO())
	}
	if s.Threshold != 500000 {
		t.Errorf("Threshold = %d pence, want 500000", s.Threshold)
	}
	if s.HorizonMonths != 66 {
		t.Errorf("HorizonMonths = %d, want 66", s.HorizonMonths)
	}
	if s.DiscountRate == nil || s.DiscountRate.Cmp(big.NewRat(35, 1000)) != 0 {
		t.Errorf("DiscountRate = %v, want exactly 7/200", s.DiscountRate)
	}
	if s.GrantPrefix != "360G-staffs" || s.OCIDPrefix != "ocds-abc123" {
		t.Errorf("prefixes = %q, %q", s.GrantPrefix, s.OCIDPrefix)
	}
	if s.SharedCost.Fixed != 2043350 || s.SharedCost.PerPartner != 137110 {
		t.Errorf("SharedCost = %d + %d × n", s.SharedCost.Fixed, s.SharedCost.PerPartner)
	}
	// £20,433.50 + £1,371.10 × 15 = £41,000.00 and × 5 = £27,289.00 (DATA.md)
	def := s.SharedCost.For("debt-advice")
	if got := def.Fixed + def.PerPartner*15; got != money.FromPounds(41000) {
		t.Errorf("shared cost for 15 = %s, want £41,000", got)
	}
	if got := def.Fixed + def.PerPartner*5; got != money.FromPounds(27289) {
		t.Errorf("shared cost for 5 = %s, want £27,289", got)
	}
	adv := s.SharedCost.For("advocacy")
	if adv.Fixed != 1500000 || adv.PerPartner != 100000 {
		t.Errorf("advocacy override = %+v", adv)
	}
	if len(s.Scenarios) != 2 {
		t.Fatalf("%d scenarios, want 2", len(s.Scenarios))
	}
	all, five := s.Scenarios[0], s.Scenarios[1]
	if all.ID != "all-partners" || all.Name != "All fifteen partners" || all.Partners != nil {
		t.Errorf("scenario 1 = %q %q partners %v; want all-partners with nil (every) partners", all.ID, all.Name, all.Partners)
	}
	if !all.ContractStart.Equal(date.Of(2013, 1, 1)) {
		t.Errorf("scenario 1 contract_start = %s", all.ContractStart.ISO())
	}
	if want := []money.Pence{4000000, 4500050, 5000000}; !equalPence(all.ProgrammeCosts, want) {
		t.Errorf("scenario 1 programme costs = %v, want %v", all.ProgrammeCosts, want)
	}
	if all.Line != 25 || five.Line != 32 {
		t.Errorf("scenario lines = %d, %d; want 25, 32", all.Line, five.Line)
	}
	if five.ID != "five-largest" || len(five.Partners) != 5 || five.Partners[0] != "staffordshire-county-council" || five.Partners[4] != "stoke-pct" {
		t.Errorf("scenario 2 = %q partners %v", five.ID, five.Partners)
	}
	if !five.ContractStart.IsZero() {
		t.Errorf("scenario 2 has no contract_start, got %s", five.ContractStart.ISO())
	}
	if want := []money.Pence{3000000, 3000000}; !equalPence(five.ProgrammeCosts, want) {
		t.Errorf("scenario 2 programme costs = %v", five.ProgrammeCosts)
	}
	if s.Limits.Rows != 5000 || s.Limits.CellBytes != DefaultLimits.CellBytes {
		t.Errorf("Limits = %+v", s.Limits)
	}
}

func equalPence(a, b []money.Pence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseDefaults(t *testing.T) {
	s, ds := parse(t, "title = \"A site\"\n")
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if s.BaseURL != "" || s.Language != "en-GB" || s.Theme != "default" || s.HorizonMonths != 66 ||
		s.DiscountRate.Cmp(big.NewRat(35, 1000)) != 0 || !s.AsAt.IsZero() || s.Limits != DefaultLimits {
		t.Errorf("defaults: %+v", s)
	}
	if m := s.SharedCost.For("advocacy"); m.Fixed != 0 || m.PerPartner != 0 {
		t.Errorf("no shared cost set, got %+v", m)
	}
}

func TestParseAlternativeForms(t *testing.T) {
	cases := []struct {
		src   string
		check func(*Site) bool
	}{
		{`horizon_years = 5`, func(s *Site) bool { return s.HorizonMonths == 60 }},
		{`horizon_years = 5.25`, func(s *Site) bool { return s.HorizonMonths == 63 }},
		{`horizon_years = "5.5"`, func(s *Site) bool { return s.HorizonMonths == 66 }},
		{`discount_rate = "3.5%"`, func(s *Site) bool { return s.DiscountRate.Cmp(big.NewRat(35, 1000)) == 0 }},
		{`discount_rate = 0`, func(s *Site) bool { return s.DiscountRate.Sign() == 0 }},
		{`as_at = "08/09/2011"`, func(s *Site) bool { return s.AsAt.Equal(date.Of(2011, 9, 8)) }},
		// the date as written, whatever the offset or the machine's zone
		{`as_at = 2011-09-08T00:30:00+01:00`, func(s *Site) bool { return s.AsAt.Equal(date.Of(2011, 9, 8)) }},
		{`as_at = 2011-09-08T23:30:00-05:00`, func(s *Site) bool { return s.AsAt.Equal(date.Of(2011, 9, 8)) }},
		{`as_at = 2011-09-08T00:30:00`, func(s *Site) bool { return s.AsAt.Equal(date.Of(2011, 9, 8)) }},
		{`threshold = 5000`, func(s *Site) bool { return s.Threshold == 500000 }},
		{`threshold = "£5,000.00"`, func(s *Site) bool { return s.Threshold == 500000 }},
		{`base_url = "http://localhost:1313/"`, func(s *Site) bool { return s.BaseURL == "http://localhost:1313/" }},
		{"shared_cost.fixed = \"100\"", func(s *Site) bool { return s.SharedCost.Fixed == 10000 }},
	}
	for _, c := range cases {
		s, ds := parse(t, "title = \"x\"\n"+c.src+"\n")
		if len(ds) != 0 {
			t.Errorf("%s: diagnostics %v", c.src, ds)
			continue
		}
		if !c.check(s) {
			t.Errorf("%s: wrong value in %+v", c.src, s)
		}
	}
}

// TestParseErrors gives one bad site.toml per rule and the exact start of
// the diagnostic a user sees.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string // the start of the only diagnostic
	}{
		{"unknown top-level key", "title = \"x\"\ncolour = \"red\"\n",
			`site.toml:2:1: unknown key "colour"`},
		{"unknown top-level key, indented", "title = \"x\"\n  colour = \"red\"\n",
			`site.toml:2:3: unknown key "colour"`},
		{"misspelt table", "title = \"x\"\n\n[sharedcost]\n",
			`site.toml:3:1: unknown key "sharedcost"`},
		{"unknown key in [shared_cost]", "title = \"x\"\n[shared_cost]\nfixed = \"20433.50\"\nperpartner = \"1371.10\"\n",
			`site.toml:4:1: unknown key "perpartner" in site.toml (shared_cost.perpartner)`},
		{"unknown key in a service override", "title = \"x\"\n[shared_cost.services.advocacy]\nfixed = \"1\"\nextra = 3\n",
			`site.toml:4:1: unknown key "extra"`},
		{"unknown key in a scenario", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\npartners = \"all\"\n[[scenarios]]\nid = \"b\"\npartners = \"all\"\nbogus = 1\n",
			`site.toml:9:1: unknown key "bogus"`},
		{"bad as_at date", "title = \"x\"\nas_at = \"2011-13-01\"\n",
			`site.toml:2:1: as_at: no such date (2011-13-01)`},
		{"as_at two-digit year", "title = \"x\"\nas_at = \"08/09/11\"\n",
			`site.toml:2:1: as_at: two-digit years`},
		{"as_at not a date", "title = \"x\"\nas_at = 20110908\n",
			`site.toml:2:1: as_at must be a date`},
		{"bad start", "title = \"x\"\nstart = \"31/04/2012\"\n",
			`site.toml:2:1: start: no such date (31/04/2012)`},
		{"negative threshold", "title = \"x\"\nthreshold = -5000\n",
			`site.toml:2:1: threshold: negative amounts are not allowed (-5000)`},
		{"negative threshold as text", "title = \"x\"\nthreshold = \"(5000)\"\n",
			`site.toml:2:1: threshold: negative amounts are not allowed ((5000))`},
		{"threshold with three decimals", "title = \"x\"\nthreshold = \"5000.001\"\n",
			`site.toml:2:1: threshold: more than two decimal places (5000.001)`},
		{"shared cost not money", "title = \"x\"\n[shared_cost]\nfixed = \"lots\"\n",
			`site.toml:3:1: shared_cost.fixed: not an amount of money`},
		{"override with three decimals", "title = \"x\"\n[shared_cost.services.advocacy]\nper_partner = \"1.234\"\n",
			`site.toml:3:1: shared_cost.services.advocacy.per_partner: more than two decimal places (1.234)`},
		{"base_url without scheme", "title = \"x\"\nbase_url = \"example.org/tscip/\"\n",
			`site.toml:2:1: base_url must be an absolute http or https address`},
		{"base_url relative", "title = \"x\"\nbase_url = \"/tscip/\"\n",
			`site.toml:2:1: base_url must be an absolute`},
		{"base_url ftp", "title = \"x\"\nbase_url = \"ftp://example.org/\"\n",
			`site.toml:2:1: base_url must be an absolute`},
		{"base_url with query", "title = \"x\"\nbase_url = \"https://example.org/?a=b\"\n",
			`site.toml:2:1: base_url must be an absolute`},
		{"bad accent", "title = \"x\"\naccent = \"blue\"\n",
			`site.toml:2:1: accent must be a colour such as #1d4f91 (blue)`},
		{"short accent", "title = \"x\"\naccent = \"#fff\"\n",
			`site.toml:2:1: accent must be a colour`},
		{"accent injecting CSS", "title = \"x\"\naccent = \"#123456;}body{\"\n",
			`site.toml:2:1: accent must be a colour`},
		{"bad theme", "title = \"x\"\ntheme = \"../evil\"\n",
			`site.toml:2:1: theme must be a folder name`},
		{"horizon_years = 0", "title = \"x\"\nhorizon_years = 0\n",
			`site.toml:2:1: horizon_years must be a positive number of years, such as 5.5 (0)`},
		{"negative horizon", "title = \"x\"\nhorizon_years = -1\n",
			`site.toml:2:1: horizon_years must be a positive number`},
		{"horizon not whole months", "title = \"x\"\nhorizon_years = 5.55\n",
			`site.toml:2:1: horizon_years must be a whole number of months`},
		{"horizon over 100 years", "title = \"x\"\nhorizon_years = 101\n",
			`site.toml:2:1: horizon_years must be a whole number of months`},
		{"horizon absurdly large", "title = \"x\"\nhorizon_years = 1e300\n",
			`site.toml:2:1: horizon_years must be a whole number of months`},
		{"discount rate of 3.5", "title = \"x\"\ndiscount_rate = 3.5\n",
			`site.toml:2:1: discount_rate must be a fraction between 0 and 1`},
		{"missing title", "language = \"en-GB\"\n",
			`site.toml:1:1: title is required`},
		{"TOML syntax error: unterminated string", "title = \"x\"\nlanguage = \"en-GB\n",
			`site.toml:2:18: invalid TOML:`},
		{"TOML syntax error: no value", "title = \"x\"\n\nnotice =\n",
			`site.toml:3:`},
		{"TOML syntax error: a backslash at the end of the file", "title = \"x\"\n\"key\\",
			`site.toml:2:5: invalid TOML: invalid escape`},
		{"TOML syntax error: a backslash ends the only line", "\"0000000\\",
			`site.toml:1:9: invalid TOML: invalid escape`},
		{"value of the wrong type", "language = \"en-GB\"\ntitle = 5\n",
			`site.toml:2:1: invalid settings: incompatible types`},
		{"value of the wrong type in a table", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\n  id = \"a\"\n  partners = \"all\"\n  programme_costs = \"1000\"\n",
			`site.toml:6:3: invalid settings: incompatible types`},
		{"TOML impossible date", "title = \"x\"\nas_at = 2011-02-30\n",
			`site.toml:2:9: invalid TOML:`},
		{"scenario id not a slug", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"All Partners\"\npartners = \"all\"\n",
			`site.toml:4:1: scenario id must be a lower-case slug such as all-partners (All Partners)`},
		{"scenario id twice", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\npartners = \"all\"\n[[scenarios]]\nid = \"a\"\npartners = \"all\"\n",
			`site.toml:7:1: scenario id is used twice (a)`},
		{"scenario partners a word", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\npartners = \"everyone\"\n",
			`site.toml:5:1: partners must be "all" or a list of organisation ids (everyone)`},
		{"scenario partner not an id", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\npartners = [\"county\", \"Stoke City\"]\n",
			`site.toml:5:1: partners must be organisation ids (Stoke City)`},
		{"scenario without partners", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\n",
			`site.toml:4:1: scenario needs partners`},
		{"scenario bad programme cost", "title = \"x\"\nstart = 2012-04-01\n[[scenarios]]\nid = \"a\"\npartners = \"all\"\nprogramme_costs = [\"1000\", \"-5\"]\n",
			`site.toml:6:1: scenarios#0.programme_costs: negative amounts are not allowed (-5)`},
		{"scenarios without start", "title = \"x\"\n\n[[scenarios]]\nid = \"a\"\npartners = \"all\"\n",
			`site.toml:3:1: start (the programme's start date) is required`},
		{"limits not positive", "title = \"x\"\n[limits]\nrows = 0\n",
			`site.toml:3:1: limits take positive whole numbers (0)`},
		{"unknown limit", "title = \"x\"\n[limits]\nmax_rows = 10\n",
			`site.toml:3:1: unknown key "max_rows" in [limits]`},
		{"table rows negative", "title = \"x\"\n[scale]\ntable_rows = -1\n",
			`site.toml:3:1: table_rows takes a whole number from 0 (never split tables) to 1000000 (-1)`},
		{"table rows a word", "title = \"x\"\n\n[scale]\ntable_rows = \"many\"\n",
			`site.toml:4:1: table_rows takes a whole number`},
		{"unknown scale key", "title = \"x\"\n[scale]\npages = false\n",
			`site.toml:3:1: unknown key "pages" in site.toml (scale.pages)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := parse(t, c.src)
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(ds), list(ds))
			}
			if got := ds[0].String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s…", got, c.want)
			}
		})
	}
}

func list(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

// TestParseReportsEverything checks that one run lists every problem, each
// at its own line, and keeps defaults where values were wrong.
func TestParseReportsEverything(t *testing.T) {
	src := "title = \"x\"\ncolour = \"red\"\nas_at = \"2011-13-01\"\nthreshold = -1\naccent = \"blue\"\nhorizon_years = 0\n"
	s, ds := parse(t, src)
	wantLines := []int{2, 3, 4, 5, 6}
	if len(ds) != len(wantLines) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(wantLines), list(ds))
	}
	for i, d := range ds {
		if d.File != File || d.Line != wantLines[i] || d.Column != 1 {
			t.Errorf("diagnostic %d at %s:%d:%d, want line %d", i, d.File, d.Line, d.Column, wantLines[i])
		}
	}
	if s.Accent != "#1d4f91" || s.HorizonMonths != 66 {
		t.Errorf("defaults not kept: accent %q, horizon %d", s.Accent, s.HorizonMonths)
	}
}

func TestParseCRLF(t *testing.T) {
	src := strings.ReplaceAll(fullSite, "\n", "\r\n")
	s, ds := parse(t, src)
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if s.HorizonMonths != 66 || len(s.Scenarios) != 2 {
		t.Errorf("CRLF file read wrongly: %+v", s)
	}
	_, ds = parse(t, "title = \"x\"\r\n[shared_cost]\r\nfixd = 1\r\n")
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "site.toml:3:1: unknown key \"fixd\"") {
		t.Errorf("CRLF position:\n%s", list(ds))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullSite))
	f.Add([]byte("title = \"x\"\n[[scenarios]]\nid = \"a\"\n"))
	f.Add([]byte("[limits]\nrows = -1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		if s := Parse(src, &l); s == nil {
			t.Fatal("nil Site")
		}
		for _, d := range l.Items() {
			if d.File != File || d.Line < 1 {
				t.Fatalf("diagnostic without a position: %s", d)
			}
		}
	})
}
