package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
)

// small builds an input by hand: one partner with an org-id, one provider
// without, one with a company number, and the arrangements given.
func small(arr ...dataset.Arrangement) Input {
	set := &dataset.Set{
		Organisations: []dataset.Organisation{
			{ID: "county", Name: "The County Council", Role: "partner", Kind: "county-council", Identifier: "GB-LAE-STS"},
			{ID: "asist", Name: "Asist", Role: "provider", Kind: "advocacy"},
			{ID: "advice-ltd", Name: "Advice Ltd", Role: "provider", Kind: "other", Identifier: "GB-COH-01234567"},
		},
		Services:     []dataset.Service{{ID: "advocacy", Name: "Advocacy", Summary: "Help to be heard."}},
		Arrangements: arr,
	}
	set.Index()
	cfg := &config.Site{Title: "Test", GrantPrefix: "360G-tscip", OCIDPrefix: "ocds-tscip", Licence: OGLName}
	return Input{Config: cfg, Data: set, AsAt: d("2011-09-08"), BuildDate: d("2011-09-09")}
}

func grantRow(id, provider, annual, start, end string) dataset.Arrangement {
	p, err := money.Parse(annual)
	if err != nil {
		panic(err)
	}
	a := dataset.Arrangement{ID: id, Partner: "county", Provider: provider, Service: "advocacy", Type: "grant",
		AnnualValue: p, Start: d(start), Route: "grant-application"}
	if end != "" {
		a.End = d(end)
	}
	return a
}

func TestGrantMonths(t *testing.T) {
	for _, c := range []struct {
		start, end string
		want       int
	}{
		{"2010-04-01", "2013-03-31", 36},
		{"2010-04-01", "2011-09-30", 18},
		{"2011-04-01", "2011-09-30", 6}, // no floor of twelve
		{"2011-04-01", "2011-04-14", 1}, // at least one
		{"2011-04-01", "2011-10-14", 6}, // 6 months and 14 days: fewer than 15 left over
		{"2011-04-01", "2011-10-15", 7}, // 6 months and 15 days: one more
		{"2011-04-01", "", 0},           // rolling
	} {
		end := zeroDate()
		if c.end != "" {
			end = d(c.end)
		}
		if got := GrantMonths(d(c.start), end); got != c.want {
			t.Errorf("GrantMonths(%s, %q) = %d, want %d", c.start, c.end, got, c.want)
		}
	}
}

func TestGrantAmount(t *testing.T) {
	for _, c := range []struct {
		annual, start, end, want string
	}{
		{"10000", "2011-04-01", "2012-09-30", "15000.00"},  // 18 months: a year and a half
		{"10000", "2011-04-01", "", "10000.00"},            // rolling: one year's value
		{"100.01", "2011-04-01", "2012-09-30", "150.02"},   // 150.015 rounds half up once
		{"3525.75", "2011-04-01", "2012-03-31", "3525.75"}, // one year
		{"1000", "2011-04-01", "2011-09-30", "500.00"},     // six months
		{"0.01", "2011-04-01", "2011-04-30", "0.00"},       // 1/12 of a penny rounds down
	} {
		a := grantRow("g", "asist", c.annual, c.start, c.end)
		if got := GrantAmount(&a).Decimal(); got != c.want {
			t.Errorf("GrantAmount(£%s a year, %s to %q) = %s, want %s", c.annual, c.start, c.end, got, c.want)
		}
		// Importing the amount back gives the annual value again for any
		// grant of a year or more.
		if m := GrantMonths(a.Start, a.End); m >= 12 {
			if back := AnnualValue(GrantAmount(&a), ratOf(m)); back != a.AnnualValue {
				t.Errorf("AnnualValue(%s, %d months) = %s, want %s", GrantAmount(&a).Decimal(), m, back.Decimal(), a.AnnualValue.Decimal())
			}
		}
	}
}

func TestGrantPackage(t *testing.T) {
	in := small(
		grantRow("g1", "asist", "1000", "2011-04-01", "2012-09-30"),
		grantRow("g2", "advice-ltd", "500", "2011-04-01", ""),
		dataset.Arrangement{ID: "c1", Partner: "county", Provider: "asist", Service: "advocacy", Type: "contract", AnnualValue: 900000, Start: d("2011-04-01"), Route: "open-tender"},
	)
	files, omitted := Files(in)
	if len(omitted) != 1 || omitted[0].Name != "data/ocds.json" {
		t.Errorf("omitted = %v, want only ocds.json (no opportunities)", omitted)
	}
	var pkg struct {
		Grants  []map[string]any `json:"grants"`
		License string           `json:"license"`
	}
	dec := json.NewDecoder(bytes.NewReader(fileNamed(t, files, "data/360giving.json").Bytes))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Grants) != 2 {
		t.Fatalf("got %d grants, want the 2 arrangements of type grant", len(pkg.Grants))
	}
	if pkg.License != OGLURL {
		t.Errorf("license = %q", pkg.License)
	}
	g1, g2 := pkg.Grants[0], pkg.Grants[1]
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("id", g1["id"], "360G-tscip-g1")
	check("amountAwarded", g1["amountAwarded"], json.Number("1500.00"))
	check("currency", g1["currency"], "GBP")
	check("awardDate", g1["awardDate"], "2011-04-01")
	check("plannedDates", g1["plannedDates"], []any{map[string]any{"startDate": "2011-04-01", "endDate": "2012-09-30", "duration": json.Number("18")}})
	check("recipient", g1["recipientOrganization"], []any{map[string]any{"id": "360G-tscip-asist", "name": "Asist"}})
	check("funder", g1["fundingOrganization"], []any{map[string]any{"id": "GB-LAE-STS", "name": "The County Council"}})
	check("programme", g1["grantProgramme"], []any{map[string]any{"code": "advocacy", "title": "Advocacy", "description": "Help to be heard."}})
	check("dateModified", g1["dateModified"], "2011-09-09T00:00:00Z")
	check("rolling amount", g2["amountAwarded"], json.Number("500.00"))
	check("rolling dates", g2["plannedDates"], []any{map[string]any{"startDate": "2011-04-01"}})
	check("company number", g2["recipientOrganization"], []any{map[string]any{"id": "GB-COH-01234567", "name": "Advice Ltd", "companyNumber": "01234567"}})
	if _, ok := g1["url"]; ok {
		t.Errorf("a grant has a url without base_url")
	}
}

func opportunity(id, status string) dataset.Opportunity {
	return dataset.Opportunity{ID: id, Title: "Title " + id, Service: "advocacy", Model: "single", Lead: "county",
		Partners: []string{"county"}, Status: status, AnnualValue: 1000000, ContractYears: 3,
		Published: d("2011-08-01"), Closes: d("2011-10-01"), ContractStart: d("2012-04-01")}
}

func TestOCDSReleases(t *testing.T) {
	in := small()
	for _, s := range []string{"pipeline", "open", "closed", "awarded", "cancelled"} {
		in.Data.Opportunities = append(in.Data.Opportunities, opportunity(s, s))
	}
	files, _ := Files(in)
	var pkg struct {
		URI        string   `json:"uri"`
		Extensions []string `json:"extensions"`
		Releases   []struct {
			OCID    string   `json:"ocid"`
			Tag     []string `json:"tag"`
			Parties []struct {
				ID    string   `json:"id"`
				Roles []string `json:"roles"`
			} `json:"parties"`
			Tender struct {
				Status      string `json:"status"`
				Suitability struct {
					VCSE *bool `json:"vcse"`
				} `json:"suitability"`
				Value struct {
					Amount json.Number `json:"amount"`
				} `json:"value"`
				ContractPeriod struct {
					EndDate string `json:"endDate"`
				} `json:"contractPeriod"`
			} `json:"tender"`
			Awards []struct {
				Status string `json:"status"`
			} `json:"awards"`
		} `json:"releases"`
	}
	dec := json.NewDecoder(bytes.NewReader(fileNamed(t, files, "data/ocds.json").Bytes))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"pipeline": {"planning", "planning"}, "open": {"tender", "active"}, "closed": {"tender", "complete"},
		"awarded": {"award", "complete"}, "cancelled": {"tender", "cancelled"},
	}
	if len(pkg.Releases) != len(want) {
		t.Fatalf("got %d releases, want %d", len(pkg.Releases), len(want))
	}
	for _, r := range pkg.Releases {
		status := strings.TrimPrefix(r.OCID, "ocds-tscip-")
		w := want[status]
		if len(r.Tag) != 1 || r.Tag[0] != w[0] || r.Tender.Status != w[1] {
			t.Errorf("%s: tag %v, tender.status %q; want [%s] and %q", status, r.Tag, r.Tender.Status, w[0], w[1])
		}
		if r.Tender.Suitability.VCSE == nil || !*r.Tender.Suitability.VCSE {
			t.Errorf("%s: tender.suitability.vcse is not true", status)
		}
		if r.Tender.Value.Amount != "30000.00" {
			t.Errorf("%s: tender.value.amount = %s, want 30000.00 (three years of £10,000)", status, r.Tender.Value.Amount)
		}
		if r.Tender.ContractPeriod.EndDate != "2015-03-31T23:59:59Z" {
			t.Errorf("%s: contract ends %s", status, r.Tender.ContractPeriod.EndDate)
		}
		if len(r.Parties) != 1 || r.Parties[0].ID != "GB-LAE-STS" || strings.Join(r.Parties[0].Roles, ",") != "buyer,procuringEntity,funder" {
			t.Errorf("%s: parties %+v", status, r.Parties)
		}
		if (status == "awarded") != (len(r.Awards) == 1) {
			t.Errorf("%s: %d awards", status, len(r.Awards))
		}
	}
	if pkg.URI != "tag:tscip.invalid,2011:ocds-tscip/ocds.json" {
		t.Errorf("uri without base_url = %q", pkg.URI)
	}
	if strings.Join(pkg.Extensions, " ") != UKExtension+" "+SuitabilityExtension {
		t.Errorf("extensions = %v", pkg.Extensions)
	}
}

// tender.suitability.vcse is the name the UK extension gives the flag, and
// every party role used is in the partyRole codelist.
func TestOCDSNamesFromTheStandard(t *testing.T) {
	dir := standardsDir(t)
	b, err := os.ReadFile(filepath.Join(dir, "ocds", "extensions", "ocds_uk_extension", "release-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ext struct {
		Definitions map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(b, &ext); err != nil {
		t.Fatal(err)
	}
	tag := reflect.TypeOf(suitability{}).Field(0).Tag.Get("json")
	if _, ok := ext.Definitions["Suitability"].Properties[tag]; !ok {
		t.Errorf("the UK extension's Suitability has no %q", tag)
	}
	codes, err := os.ReadFile(filepath.Join(dir, "ocds", "codelists", "partyRole.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"buyer", "procuringEntity", "funder"} {
		if !bytes.Contains(codes, []byte("\n"+role+",")) {
			t.Errorf("party role %s is not in the partyRole codelist", role)
		}
	}
}

// codeFields reads the numbered fields of a section of transparency-code.md.
func codeFields(t *testing.T, section string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(standardsDir(t), "transparency-code.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "## "+section)
	if i < 0 {
		t.Fatalf("transparency-code.md has no section %q", section)
	}
	doc = doc[i+3:]
	if j := strings.Index(doc, "\n## "); j >= 0 {
		doc = doc[:j]
	}
	var out []string
	item := regexp.MustCompile(`^\d+\. (.*)$`)
	for _, line := range strings.Split(doc, "\n") {
		if m := item.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
		} else if len(out) > 0 && strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "" {
			out[len(out)-1] += " " + strings.TrimSpace(line)
		}
	}
	return out
}

func header(t *testing.T, b []byte) []string {
	t.Helper()
	rec, err := csv.NewReader(bytes.NewReader(b)).Read()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// The Transparency Code files use the Code's fields, word for word and in
// its order, as their headings.
func TestTransparencyHeadings(t *testing.T) {
	files, _ := Files(reference(t))
	for file, section := range map[string]string{
		"data/transparency-grants.csv":    "Grants to voluntary, community and social enterprise organisations",
		"data/transparency-contracts.csv": "Contracts and other agreements over £5,000",
	} {
		want := codeFields(t, section)
		if len(want) == 0 {
			t.Fatalf("no fields read for %s", section)
		}
		if got := header(t, fileNamed(t, files, file).Bytes); !reflect.DeepEqual(got, want) {
			t.Errorf("%s headings:\n got %q\nwant %q", file, got, want)
		}
	}
}

// Grants: every one, whatever its value. Contracts and SLAs: only those
// over £5,000 a year.
func TestTransparencyRows(t *testing.T) {
	sla := func(id, annual string) dataset.Arrangement {
		a := grantRow(id, "asist", annual, "2011-04-01", "2012-03-31")
		a.Type = "sla"
		return a
	}
	in := small(
		grantRow("tiny-grant", "asist", "50", "2011-04-01", "2012-03-31"),
		sla("at-threshold", "5000"),
		sla("above", "5000.01"),
	)
	files, _ := Files(in)
	grants := readCSV(t, fileNamed(t, files, "data/transparency-grants.csv").Bytes)
	if len(grants) != 2 || grants[1][6] != "50.00" || grants[1][3] != "Asist" || grants[1][0] != "2011-04-01" {
		t.Errorf("grants file: %q", grants)
	}
	contracts := readCSV(t, fileNamed(t, files, "data/transparency-contracts.csv").Bytes)
	if len(contracts) != 2 || contracts[1][0] != "above" || contracts[1][5] != "5000.01" {
		t.Errorf("contracts file should hold only the SLA above £5,000: %q", contracts)
	}
}

// Each table's CSV download loads back as the same table: the writer and
// the data contract agree on every column.
func TestTableDownloadsLoadBack(t *testing.T) {
	in := reference(t)
	files, _ := Files(in)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range dataset.Tables {
		f := fileNamed(t, files, "data/"+name+".csv")
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	back := dataset.Load(os.DirFS(dir), config.DefaultLimits, &diags)
	if diags.Len() > 0 {
		t.Fatalf("the downloads do not load as a site's tables: %v", diags.Err())
	}
	same := func(name string, a, b any) {
		t.Helper()
		va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
		if va.Len() != vb.Len() {
			t.Errorf("%s: %d rows back, want %d", name, vb.Len(), va.Len())
			return
		}
		for i := 0; i < va.Len(); i++ {
			x, y := reflect.New(va.Index(i).Type()).Elem(), reflect.New(vb.Index(i).Type()).Elem()
			x.Set(va.Index(i))
			y.Set(vb.Index(i))
			x.FieldByName("Line").SetInt(0)
			y.FieldByName("Line").SetInt(0)
			if !reflect.DeepEqual(x.Interface(), y.Interface()) {
				t.Errorf("%s row %d:\n got %+v\nwant %+v", name, i+1, y.Interface(), x.Interface())
			}
		}
	}
	same("arrangements", in.Data.Arrangements, back.Arrangements)
	same("organisations", in.Data.Organisations, back.Organisations)
	same("services", in.Data.Services, back.Services)
	same("opportunities", in.Data.Opportunities, back.Opportunities)
	same("decisions", in.Data.Decisions, back.Decisions)
	same("milestones", in.Data.Milestones, back.Milestones)
	same("risks", in.Data.Risks, back.Risks)
}

// The JSON tables carry money as numbers with two decimals, equal to the
// CSV's, and the same rows.
func TestTableJSON(t *testing.T) {
	files, _ := Files(reference(t))
	var rows []map[string]any
	dec := json.NewDecoder(bytes.NewReader(fileNamed(t, files, "data/arrangements.json").Bytes))
	dec.UseNumber()
	if err := dec.Decode(&rows); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, fileNamed(t, files, "data/arrangements.csv").Bytes)
	if len(rows) != len(recs)-1 {
		t.Fatalf("%d JSON rows, %d CSV rows", len(rows), len(recs)-1)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	twoDecimals := regexp.MustCompile(`^\d+\.\d\d$`)
	for i, r := range rows {
		n, ok := r["annual_value"].(json.Number)
		if !ok || !twoDecimals.MatchString(n.String()) {
			t.Fatalf("row %d: annual_value %v is not a number with two decimals", i+1, r["annual_value"])
		}
		if n.String() != recs[i+1][col["annual_value"]] || r["id"] != recs[i+1][col["id"]] {
			t.Errorf("row %d differs between JSON (%v, %v) and CSV (%v)", i+1, r["id"], n, recs[i+1])
		}
	}
}

// A hostile name is neutralised in every CSV download, while a negative
// amount in a money column stays a number.
func TestDownloadsNeutraliseFormulas(t *testing.T) {
	in := small(grantRow("g1", "asist", "1000", "2011-04-01", "2012-03-31"))
	in.Data.Organisations[1].Name = `=HYPERLINK("http://evil.example","x")`
	in.Data.Services[0].Summary = "-1+1 harmless looking"
	in.Data.Arrangements[0].AnnualValue = -1250 // not valid input, but the writer must not mangle it
	in.Data.Index()
	files, _ := Files(in)
	for _, f := range files {
		if f.Format != "CSV" {
			continue
		}
		for _, rec := range readCSV(t, f.Bytes) {
			for _, cell := range rec {
				if cell == "" {
					continue
				}
				if strings.ContainsRune("=+@\t\r", rune(cell[0])) || (cell[0] == '-' && !regexp.MustCompile(`^-\d+\.\d\d$`).MatchString(cell)) {
					t.Errorf("%s: cell %q would run as a formula", f.Name, cell)
				}
			}
		}
	}
	arr := readCSV(t, fileNamed(t, files, "data/arrangements.csv").Bytes)
	if arr[1][5] != "-12.50" {
		t.Errorf("annual_value written as %q, want -12.50", arr[1][5])
	}
	orgs := readCSV(t, fileNamed(t, files, "data/organisations.csv").Bytes)
	if orgs[2][1] != `'=HYPERLINK("http://evil.example","x")` {
		t.Errorf("hostile name written as %q", orgs[2][1])
	}
}

// The data dictionary lists every column a CSV has, in order, and every
// field of the JSON shapes is documented.
func TestDictionaryMatchesFiles(t *testing.T) {
	files, _ := Files(reference(t))
	for _, f := range files {
		if len(f.Columns) == 0 {
			t.Errorf("%s has no data dictionary", f.Name)
			continue
		}
		for _, c := range f.Columns {
			if c.Type == "" || c.Meaning == "" {
				t.Errorf("%s: column %q lacks a type or meaning", f.Name, c.Name)
			}
		}
		if f.Format != "CSV" {
			continue
		}
		var names []string
		for _, c := range f.Columns {
			names = append(names, c.Name)
		}
		if got := header(t, f.Bytes); !reflect.DeepEqual(got, names) {
			t.Errorf("%s: header %q, dictionary %q", f.Name, got, names)
		}
	}
	// Every JSON key written in 360giving.json and ocds.json is documented.
	for _, name := range []string{"data/360giving.json", "data/ocds.json"} {
		f := fileNamed(t, files, name)
		documented := map[string]bool{}
		for _, c := range f.Columns {
			documented[c.Name] = true
		}
		var doc any
		if err := json.Unmarshal(f.Bytes, &doc); err != nil {
			t.Fatal(err)
		}
		for _, p := range keyPaths(doc, "") {
			if !documented[p] {
				t.Errorf("%s: field %s is written but not in the data dictionary", name, p)
			}
		}
	}
}

func keyPaths(v any, prefix string) []string {
	var out []string
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			out = append(out, prefix+k)
			out = append(out, keyPaths(x, prefix+k+".")...)
		}
	case []any:
		p := strings.TrimSuffix(prefix, ".") + "[]."
		for _, x := range t {
			out = append(out, keyPaths(x, p)...)
		}
	}
	return out
}

// The grants written one at a time give the bytes json.MarshalIndent gives
// for the whole package.
func TestThreeSixtyGivingStreamsAsWhole(t *testing.T) {
	for _, base := range []string{"", "https://example.org/x/"} {
		in := reference(t)
		in.Config.BaseURL = base
		e := &env{in: in}
		f, ok := threeSixtyGiving(e)
		if !ok {
			t.Fatal("no 360Giving file for the reference data")
		}
		var grants []grant
		for i := range in.Data.Arrangements {
			if a := &in.Data.Arrangements[i]; a.Type == "grant" {
				grants = append(grants, e.grant(a))
			}
		}
		whole := e.grantPackage()
		whole.Grants = grants
		if want := marshal(whole); !bytes.Equal(f.Bytes, want) {
			i := 0
			for i < len(want) && i < len(f.Bytes) && want[i] == f.Bytes[i] {
				i++
			}
			t.Fatalf("base %q: differs at byte %d: %q, want %q", base, i, f.Bytes[max(0, i-40):min(len(f.Bytes), i+40)], want[max(0, i-40):min(len(want), i+40)])
		}
		if f.Records != len(grants) {
			t.Errorf("records %d, want %d", f.Records, len(grants))
		}
	}
}
