package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
)

// newSite copies testdata/site (one partner, one provider, one service, one
// arrangement) into a fresh folder.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/site", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/site", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func fixture(name string) string { return filepath.Join("testdata", name) }

// run imports a fixture and fails on any error.
func run(t *testing.T, format, file string, opt Options) *Report {
	t.Helper()
	rep, err := Import(context.Background(), format, fixture(file), opt)
	if err != nil {
		t.Fatalf("import %s %s: %v", format, file, err)
	}
	return rep
}

// built renders the site as a build would, failing when it does not build,
// and returns its tables.
func built(t *testing.T, dir string) *dataset.Set {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{Source: dir})
	if err != nil {
		t.Fatalf("the site does not build after the import: %v", err)
	}
	return res.Site.Data
}

func arrangement(t *testing.T, set *dataset.Set, id string) *dataset.Arrangement {
	t.Helper()
	for i := range set.Arrangements {
		if set.Arrangements[i].ID == id {
			return &set.Arrangements[i]
		}
	}
	var ids []string
	for _, a := range set.Arrangements {
		ids = append(ids, a.ID)
	}
	t.Fatalf("no arrangement %s; the site has %v", id, ids)
	return nil
}

// lineOf finds the line of a fixture holding text, so that tests do not
// hard-code line numbers; offset moves from there (-1: the line before).
func lineOf(t *testing.T, file, text string, offset int) int {
	t.Helper()
	b, err := os.ReadFile(fixture(file))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(text))
	if i < 0 {
		t.Fatalf("%s has no %q", file, text)
	}
	return bytes.Count(b[:i], []byte("\n")) + 1 + offset
}

// skipped returns the reason a line was skipped, or "".
func skipped(rep *Report, line int) string {
	for _, s := range rep.Skipped {
		if s.Line == line {
			return s.Reason
		}
	}
	return ""
}

func wantSkip(t *testing.T, rep *Report, line int, words string) {
	t.Helper()
	r := skipped(rep, line)
	if r == "" {
		t.Errorf("%s:%d was not skipped; skipped: %+v", rep.File, line, rep.Skipped)
		return
	}
	if !strings.Contains(r, words) {
		t.Errorf("%s:%d skipped for %q, want a reason mentioning %q", rep.File, line, r, words)
	}
}

func pounds(t *testing.T, s string) money.Pence {
	t.Helper()
	p, err := money.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestJSONPackage(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "360-package.json", Options{Site: dir})
	set := built(t, dir)

	// Matched by identifier although the name differs; annual = 24,000 × 12 ÷ 24.
	a := arrangement(t, set, "360g-example-0001")
	check(t, "partner", a.Partner, "county")
	check(t, "provider", a.Provider, "citizens-advice-burton")
	check(t, "service", a.Service, "debt-advice")
	check(t, "type", a.Type, "grant")
	check(t, "annual value", a.AnnualValue, pounds(t, "12000"))
	check(t, "start (planned, not award date)", a.Start.ISO(), "2011-04-01")
	check(t, "end", a.End.ISO(), "2013-03-31")
	check(t, "hours", a.TotalHours(), money.Hours(0))

	// A duration without an end: 7,500.50 × 12 ÷ 18 = 5,000.333… → 5,000.33.
	b := arrangement(t, set, "360g-example-0002")
	check(t, "annual value", b.AnnualValue, pounds(t, "5000.33"))
	check(t, "end from duration", b.End.ISO(), "2012-12-31")
	funder := set.Organisation(b.Partner)
	if funder == nil || funder.Role != "partner" || funder.Identifier != "GB-LAE-TAW" || funder.Name != "Tamworth Borough Council" {
		t.Errorf("new funder = %+v", funder)
	}
	rec := set.Organisation(b.Provider)
	if rec == nil || rec.Role != "provider" || rec.Identifier != "GB-COH-01234567" {
		t.Errorf("new recipient = %+v (want the company number's leading zero kept)", rec)
	}
	if svc := set.Service(b.Service); svc == nil || svc.Name != "Volunteering" {
		t.Errorf("new service = %+v", svc)
	}

	grantLine := func(id string) int { return lineOf(t, "360-package.json", `"id": "`+id+`"`, -1) }
	wantSkip(t, rep, grantLine("360G-example-0003"), "--service")
	wantSkip(t, rep, grantLine("360G-example-0004"), "negative")
	wantSkip(t, rep, grantLine("360G-example-0006"), "EUR")
	wantSkip(t, rep, grantLine("360G-example-0007"), "decimal")
	check(t, "rows read", rep.Read, 7)
	check(t, "rows taken", len(rep.Taken), 2)
	check(t, "total taken", rep.Total, pounds(t, "31500.50"))
	check(t, "annual taken", rep.Annual, a.AnnualValue+b.AnnualValue)
	check(t, "arrangements", len(set.Arrangements), 3)
}

// --service names the service of grants without a programme; a grant with
// no planned dates is rolling and its amount one year's value.
func TestServiceOptionAndRollingGrant(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "360-package.json", Options{Site: dir, Service: "Core funding"})
	set := built(t, dir)
	c := arrangement(t, set, "360g-example-0003")
	check(t, "rolling", c.Rolling(), true)
	check(t, "annual value", c.AnnualValue, pounds(t, "5000"))
	check(t, "start from award date", c.Start.ISO(), "2011-05-01")
	if s := set.Service(c.Service); s == nil || s.Name != "Core funding" {
		t.Errorf("service = %+v", s)
	}
	if p := set.Organisation(c.Provider); p == nil || p.Identifier != "" || p.Name != "Leek Good Neighbours" {
		t.Errorf("provider = %+v (an identifier that is not an org-id is not stored)", p)
	}
	// 0001, 0002, 0003 and the grant to an individual (0005), which is kept
	// under the withheld-names provider.
	check(t, "rows taken", len(rep.Taken), 4)
	if p := set.Organisation(arrangement(t, set, "360g-example-0005").Provider); p == nil || p.Name != WithheldRecipient {
		t.Errorf("the grant to an individual is under %+v; want %q", p, WithheldRecipient)
	}
}

func TestFlatCSV(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "360-flat.csv", Options{Site: dir})
	set := built(t, dir)
	a := arrangement(t, set, "360g-flat-a1")
	check(t, "annual value", a.AnnualValue, pounds(t, "12000"))
	if p := set.Organisation(a.Provider); p == nil || p.Identifier != "GB-CHC-1098765" {
		t.Errorf("provider = %+v, want the charity number as GB-CHC-1098765", p)
	}
	b := arrangement(t, set, "360g-flat-a2")
	check(t, "six-month grant's annual value", b.AnnualValue, pounds(t, "8000"))
	check(t, "end", b.End.ISO(), "2011-11-30")
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "Data Source") {
		t.Errorf("notes %q do not list the columns left out", rep.Notes)
	}
	check(t, "skipped", len(rep.Skipped), 0)
}

func TestByteOrderMark(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "bom.csv", Options{Site: dir})
	set := built(t, dir)
	a := arrangement(t, set, "360g-bom-1")
	check(t, "annual value", a.AnnualValue, pounds(t, "12000"))
	check(t, "taken", len(rep.Taken), 1)
}

func TestWindows1252(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "windows-1252.csv", Options{Site: dir})
	set := built(t, dir)
	a := arrangement(t, set, "360g-1252-1")
	check(t, "annual value (£ as byte 0xA3)", a.AnnualValue, pounds(t, "1500"))
	check(t, "name", set.Organisation(a.Provider).Name, "St John’s Church Café – Community Project")
	check(t, "id", a.Provider, "st-johns-church-cafe-community-project")
	if !strings.Contains(strings.Join(rep.Notes, " "), "Windows-1252") {
		t.Errorf("notes %q do not say the file was read as Windows-1252", rep.Notes)
	}
}

func TestCRLFAndBlankLines(t *testing.T) {
	dir := newSite(t)
	rep := run(t, ThreeSixtyGiving, "crlf-blank-lines.csv", Options{Site: dir})
	set := built(t, dir)
	arrangement(t, set, "360g-crlf-1")
	arrangement(t, set, "360g-crlf-2")
	check(t, "rows read (blank ones are not rows)", rep.Read, 2)
	check(t, "skipped", len(rep.Skipped), 0)
}

// transparency imports a council file with the usual map.
func transparency(t *testing.T, dir, file, m string) *Report {
	t.Helper()
	return run(t, Transparency, file, Options{Site: dir, Map: m, Funder: "county", Service: "debt-advice"})
}

func TestMoneyFormats(t *testing.T) {
	dir := newSite(t)
	rep := transparency(t, dir, "money-formats.csv", "id=Reference,recipient=Beneficiary,amount=Amount,date=Date")
	set := built(t, dir)
	for id, want := range map[string]string{"county-mf-1": "12500", "county-mf-2": "12500", "county-mf-3": "1250.50", "county-mf-4": "3000"} {
		check(t, id, arrangement(t, set, id).AnnualValue, pounds(t, want))
	}
	wantSkip(t, rep, lineOf(t, "money-formats.csv", "MF-5", 0), "not an amount")
	wantSkip(t, rep, lineOf(t, "money-formats.csv", "MF-6", 0), "decimal")
}

func TestUKDates(t *testing.T) {
	dir := newSite(t)
	rep := transparency(t, dir, "uk-dates.csv", "id=Reference,recipient=Beneficiary,amount=Amount,date=Date")
	set := built(t, dir)
	for _, id := range []string{"county-d-1", "county-d-2", "county-d-3", "county-d-4", "county-d-5", "county-d-6"} {
		check(t, id+" start", arrangement(t, set, id).Start.ISO(), "2011-04-01")
	}
	wantSkip(t, rep, lineOf(t, "uk-dates.csv", "D-7", 0), "two-digit")
	wantSkip(t, rep, lineOf(t, "uk-dates.csv", "D-8", 0), "no such date")
}

func TestEmptyOptionalColumns(t *testing.T) {
	dir := newSite(t)
	rep := transparency(t, dir, "empty-optional.csv",
		"id=Reference,recipient=Beneficiary,charity_number=Charity Number,amount=Amount,date=Start,end=End,duration=Months")
	set := built(t, dir)
	e1 := arrangement(t, set, "county-e-1")
	check(t, "no end, no duration: rolling", e1.Rolling(), true)
	check(t, "no end, no duration: one year", e1.AnnualValue, pounds(t, "1200"))
	check(t, "two years from the dates", arrangement(t, set, "county-e-2").AnnualValue, pounds(t, "900"))
	e3 := arrangement(t, set, "county-e-3")
	check(t, "six months' duration", e3.AnnualValue, pounds(t, "1800"))
	check(t, "end from duration", e3.End.ISO(), "2011-09-30")
	check(t, "charity number", set.Organisation(arrangement(t, set, "county-e-4").Provider).Identifier, "GB-CHC-1123456")
	check(t, "skipped", len(rep.Skipped), 0)
}

func TestCompanyNumbers(t *testing.T) {
	dir := newSite(t)
	transparency(t, dir, "company-numbers.csv", "id=Reference,recipient=Supplier,company_number=Company No,amount=Amount,date=Date")
	set := built(t, dir)
	for id, want := range map[string]string{
		"county-c-1": "GB-COH-01234567", // kept as written
		"county-c-2": "GB-COH-01234568", // the zero a spreadsheet dropped, restored
		"county-c-3": "GB-COH-SC123456",
	} {
		check(t, id, set.Organisation(arrangement(t, set, id).Provider).Identifier, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "data", "organisations.csv"))
	if !bytes.Contains(b, []byte(",GB-COH-01234567,")) {
		t.Errorf("organisations.csv lost the leading zero:\n%s", b)
	}
}

func TestRedactedRecipients(t *testing.T) {
	dir := newSite(t)
	rep := run(t, Transparency, "redacted.csv", Options{Site: dir,
		Map: "id=Transaction,funder=Body,service=Service Area,recipient=Beneficiary,amount=Amount Paid,date=Payment Date"})
	set := built(t, dir)
	// Every row is taken, so the count and total match the council's file,
	// and the withheld names stay withheld.
	check(t, "taken", len(rep.Taken), 3)
	check(t, "total", rep.Total, money.Pence(555000))
	a := arrangement(t, set, "county-t3")
	check(t, "funder matched by name", a.Partner, "county")
	check(t, "service from the column", set.Service(a.Service).Name, "Community grants")
	t1, t2 := arrangement(t, set, "county-t1"), arrangement(t, set, "county-t2")
	if t1.Provider != t2.Provider || set.Organisation(t1.Provider).Name != WithheldRecipient {
		t.Errorf("withheld recipients: providers %q and %q; want both %q", t1.Provider, t2.Provider, WithheldRecipient)
	}
	for _, o := range set.Organisations {
		if strings.Contains(strings.ToLower(o.Name), "redact") {
			t.Errorf("a redacted name became an organisation: %+v", o)
		}
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "2 rows have a recipient whose name is withheld") {
		t.Errorf("the report does not count the withheld rows: %q", rep.Notes)
	}
}

func TestCreditLinesAreNeverNetted(t *testing.T) {
	dir := newSite(t)
	rep := transparency(t, dir, "credit-lines.csv", "recipient=Beneficiary,amount=Amount Paid,date=Payment Date")
	set := built(t, dir)
	for _, text := range []string{"-250.00", "(120.00)", "£-75.00", "30.00 CR"} {
		wantSkip(t, rep, lineOf(t, "credit-lines.csv", text, 0), "negative")
	}
	check(t, "taken", len(rep.Taken), 1)
	check(t, "total: the payment alone", rep.Total, pounds(t, "1000"))
	check(t, "annual value", arrangement(t, set, "county-burton-advice-2011-04-04").AnnualValue, pounds(t, "1000"))
}

func TestCouncilGrantsWithOwnHeadings(t *testing.T) {
	dir := newSite(t)
	// "Amount Paid, £" holds a comma: the heading runs to the next ", key=".
	rep := run(t, Transparency, "council-grants.csv", Options{Site: dir, Funder: "Staffordshire County Council",
		Map: "id=Grant Ref,recipient=Recipient Name,charity_number=Registered Number,service=Purpose of Grant,amount=Amount Paid, £,date=Date Awarded,duration=Grant Period (months)"})
	set := built(t, dir)
	a := arrangement(t, set, "county-vcs-2011-01")
	check(t, "matched by charity number", a.Provider, "citizens-advice-burton")
	check(t, "service matched by the id its name makes", a.Service, "debt-advice")
	check(t, "annual value", a.AnnualValue, pounds(t, "12000"))
	check(t, "annual value", arrangement(t, set, "county-vcs-2011-02").AnnualValue, pounds(t, "6000"))
	check(t, "route", a.Route, "unknown")
	check(t, "total", rep.Total, pounds(t, "36000"))
}

func TestHostileNamesAreNeutralised(t *testing.T) {
	dir := newSite(t)
	transparency(t, dir, "hostile.csv", "recipient=Beneficiary,amount=Amount,date=Date")
	built(t, dir)
	b, err := os.ReadFile(filepath.Join(dir, "data", "organisations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("organisations.csv holds a cell a spreadsheet would run: %q", cell)
			}
			if strings.HasPrefix(cell, "'=HYPERLINK") || cell == "'@SUM(1+1)" {
				found++
			}
		}
	}
	check(t, "neutralised names kept", found, 2)
}

func TestRaggedRows(t *testing.T) {
	dir := newSite(t)
	rep := transparency(t, dir, "ragged.csv", "recipient=Beneficiary,amount=Amount,date=Date")
	built(t, dir)
	wantSkip(t, rep, lineOf(t, "ragged.csv", "an extra cell", 0), "cells")
	wantSkip(t, rep, lineOf(t, "ragged.csv", "Leek Advice", 0), "no date")
	check(t, "taken", len(rep.Taken), 1)
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range []string{"arrangements", "organisations", "services"} {
		b, err := os.ReadFile(filepath.Join(dir, "data", n+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = string(b)
	}
	return out
}

// Importing the same file twice is refused and writes nothing; --force
// replaces the rows instead of adding them again.
func TestNeverDuplicatesWithoutForce(t *testing.T) {
	dir := newSite(t)
	run(t, ThreeSixtyGiving, "360-flat.csv", Options{Site: dir})
	before := readAll(t, dir)
	_, err := Import(context.Background(), ThreeSixtyGiving, fixture("360-flat.csv"), Options{Site: dir})
	var refused *Refused
	if !errors.As(err, &refused) || len(refused.Collisions) != 2 {
		t.Fatalf("second import: err = %v, want a refusal naming 2 arrangements", err)
	}
	if after := readAll(t, dir); after["arrangements"] != before["arrangements"] || after["organisations"] != before["organisations"] {
		t.Errorf("a refused import changed the tables")
	}
	rep := run(t, ThreeSixtyGiving, "360-flat.csv", Options{Site: dir, Force: true})
	check(t, "replaced", len(rep.Replaced), 2)
	set := built(t, dir)
	check(t, "arrangements after --force", len(set.Arrangements), 3)
	check(t, "organisations after --force", len(set.Organisations), 4)
}

// Rows appended keep every byte of the existing file.
func TestAppendKeepsExistingBytes(t *testing.T) {
	dir := newSite(t)
	before := readAll(t, dir)
	run(t, ThreeSixtyGiving, "360-flat.csv", Options{Site: dir})
	after := readAll(t, dir)
	for n, b := range before {
		if !strings.HasPrefix(after[n], b) {
			t.Errorf("%s.csv: the existing rows were rewritten", n)
		}
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := newSite(t)
	before := readAll(t, dir)
	rep := run(t, ThreeSixtyGiving, "360-flat.csv", Options{Site: dir, DryRun: true})
	check(t, "taken", len(rep.Taken), 2)
	check(t, "written", len(rep.Written), 0)
	after := readAll(t, dir)
	for n := range before {
		if before[n] != after[n] {
			t.Errorf("%s.csv changed on a dry run", n)
		}
	}
}

// An import into a site that cannot build writes nothing and says why.
func TestRefusesToLeaveASiteThatDoesNotBuild(t *testing.T) {
	dir := newSite(t)
	p := filepath.Join(dir, "data", "arrangements.csv")
	b, _ := os.ReadFile(p)
	broken := append(b, []byte("orphan,nobody,citizens-advice-burton,debt-advice,grant,10,2011-04-01,,unknown,,,,,,,,\n")...)
	if err := os.WriteFile(p, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Import(context.Background(), ThreeSixtyGiving, fixture("360-flat.csv"), Options{Site: dir})
	if err == nil || !strings.Contains(err.Error(), "unable to build") || !strings.Contains(err.Error(), "unknown organisation") {
		t.Fatalf("err = %v, want the build's problem", err)
	}
	if now, _ := os.ReadFile(p); !bytes.Equal(now, broken) {
		t.Errorf("arrangements.csv was written")
	}
}

func TestMapErrors(t *testing.T) {
	dir := newSite(t)
	for m, want := range map[string]string{
		"recipient=Beneficiary,date=Date":                             "amount",
		"recipient=Beneficiary,amount=Amount,date=Date,x=Y":           "x is not a --map key",
		"recipient=Nope,amount=Amount,date=Date":                      "does not have",
		"recipient=Beneficiary,amount=Amount,annual=Amount,date=Date": "both",
	} {
		_, err := Import(context.Background(), Transparency, fixture("hostile.csv"), Options{Site: dir, Map: m, Funder: "county", Service: "debt-advice"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--map %q: err = %v, want it to mention %q", m, err, want)
		}
	}
	_, err := Import(context.Background(), Transparency, fixture("hostile.csv"), Options{Site: dir, Map: "recipient=Beneficiary,amount=Amount,date=Date", Service: "x"})
	if err == nil || !strings.Contains(err.Error(), "--funder") {
		t.Errorf("no funder: err = %v", err)
	}
}

func TestParseMap(t *testing.T) {
	m, err := ParseMap("amount=Amount Paid, £, recipient = Beneficiary Name ,date=Payment Date")
	if err != nil {
		t.Fatal(err)
	}
	check(t, "amount", m["amount"], "Amount Paid, £")
	check(t, "recipient", m["recipient"], "Beneficiary Name")
	check(t, "date", m["date"], "Payment Date")
}
