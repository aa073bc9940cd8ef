package dataset

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
)

const (
	orgsCSV = `id,name,role,kind,group,identifier,hourly_rate,website
county,Staffordshire County Council,partner,county-council,County council,GB-LAE-STS,27.40,https://www.staffordshire.gov.uk
city,Stoke-on-Trent City Council,partner,unitary-council,City council,GB-LAE-STE,"£26.80",
district,Tamworth Borough Council,partner,district-council,District councils,,,
cab-burton,Citizens Advice Burton,provider,citizens-advice,Citizens Advice Bureaux,GB-CHC-1234567,,
cvs-tamworth,Tamworth CVS,provider,cvs,CVSs and VAST,,,
`
	servicesCSV = `id,name,summary,phase
debt-advice,"Debt, Benefits and Consumer Advice","Advice on debts, benefits and consumer problems",1
infrastructure,Third Sector Infrastructure and Volunteering,,1
advocacy,Advocacy,,2
`
	arrangementsCSV = `id,partner,provider,service,type,annual_value,start,end,route,intention,hours_budget,hours_idea,hours_specification,hours_procurement,hours_agreement,hours_monitoring,hours_payments
scc-cab-2010,county,cab-burton,debt-advice,sla,"82,300",2010-04-01,2013-03-31,rolled-over,joint,18.5,7.5,7.5,,15,112.5,30
city-cvs-2011,city,cvs-tamworth,infrastructure,grant,£12500.50,01/04/2011,,grant-application,,,,,,,,
district-cvs,district,cvs-tamworth,infrastructure,contract,5000,1/4/2011,31/03/2012,open-tender,undecided,,,,,,,
`
	// arrHead is the shortest arrangements header: the required columns only.
	arrHead = "id,partner,provider,service,type,annual_value,start,end,route\n"
	goodArr = "a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"
)

// site returns a minimal valid site with files replaced or added; an empty
// string removes a file.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"data/organisations.csv": {Data: []byte(orgsCSV)},
		"data/services.csv":      {Data: []byte(servicesCSV)},
		"data/arrangements.csv":  {Data: []byte(arrangementsCSV)},
	}
	for name, text := range files {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func load(t *testing.T, fsys fstest.MapFS) (*Set, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	s := Load(fsys, config.DefaultLimits, &l)
	if s == nil {
		t.Fatal("Load returned nil")
	}
	return s, l.Items()
}

func list(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func TestLoadMinimalSite(t *testing.T) {
	s, ds := load(t, site(nil))
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if len(s.Organisations) != 5 || len(s.Services) != 3 || len(s.Arrangements) != 3 {
		t.Fatalf("loaded %s", s)
	}
	if got := s.String(); got != "5 organisations, 3 services, 3 arrangements" {
		t.Errorf("String() = %q", got)
	}
	county := s.Organisation("county")
	if county == nil || !county.IsPartner() || county.Kind != "county-council" || county.HourlyRate != 2740 ||
		county.Identifier != "GB-LAE-STS" || county.Website != "https://www.staffordshire.gov.uk" || county.Line != 2 {
		t.Errorf("county = %+v", county)
	}
	if city := s.Organisation("city"); city == nil || city.HourlyRate != 2680 {
		t.Errorf("city = %+v", city)
	}
	if cab := s.Organisation("cab-burton"); cab == nil || cab.IsPartner() || cab.Group != "Citizens Advice Bureaux" {
		t.Errorf("cab-burton = %+v", cab)
	}
	if s.Organisation("nobody") != nil {
		t.Error("Organisation(nobody) is not nil")
	}
	if n := len(s.Partners()); n != 3 {
		t.Errorf("%d partners, want 3", n)
	}
	if sv := s.Service("debt-advice"); sv == nil || sv.Name != "Debt, Benefits and Consumer Advice" || sv.Phase != 1 || sv.Line != 2 {
		t.Errorf("debt-advice = %+v", sv)
	}
	if sv := s.Service("advocacy"); sv == nil || sv.Phase != 2 {
		t.Errorf("advocacy = %+v", sv)
	}

	a := s.Arrangements[0]
	if a.ID != "scc-cab-2010" || a.Partner != "county" || a.Provider != "cab-burton" || a.Service != "debt-advice" ||
		a.Type != "sla" || a.AnnualValue != 8230000 || a.Route != "rolled-over" || a.Intention != "joint" || a.Line != 2 {
		t.Errorf("arrangement 1 = %+v", a)
	}
	if !a.Start.Equal(date.Of(2010, 4, 1)) || !a.End.Equal(date.Of(2013, 3, 31)) || a.Rolling() {
		t.Errorf("arrangement 1 dates %s to %s", a.Start.ISO(), a.End.ISO())
	}
	wantHours := [7]money.Hours{1850, 750, 750, 0, 1500, 11250, 3000}
	if a.Hours != wantHours {
		t.Errorf("arrangement 1 hours = %v, want %v", a.Hours, wantHours)
	}
	if a.TotalHours() != 19100 {
		t.Errorf("total hours = %s, want 191", a.TotalHours())
	}
	if a.OpenlyProcured() {
		t.Error("a rolled-over arrangement counts as openly procured")
	}
	b := s.Arrangements[1]
	if b.AnnualValue != 1250050 || !b.Start.Equal(date.Of(2011, 4, 1)) || !b.Rolling() || b.TotalHours() != 0 || b.Line != 3 {
		t.Errorf("arrangement 2 = %+v", b)
	}
	c := s.Arrangements[2]
	if !c.Start.Equal(date.Of(2011, 4, 1)) || !c.End.Equal(date.Of(2012, 3, 31)) || !c.OpenlyProcured() {
		t.Errorf("arrangement 3 = %+v", c)
	}
	if s.Opportunities != nil || s.Decisions != nil || s.Milestones != nil || s.Risks != nil {
		t.Error("optional tables that are absent should load as empty")
	}
}

func TestLoadAllTables(t *testing.T) {
	fsys := site(map[string]string{
		"data/opportunities.csv": `id,title,service,model,lead,partners,status,annual_value,contract_years,published,closes,contract_start,contact,summary
advocacy,Joint advocacy service,advocacy,aligned-budgets,county,county; city ;,open,"1,805,000",3,2011-08-22,14/10/2011,2012-04-01,commissioning@example.org,"One contract, bought together"
`,
		"data/decisions.csv": `partner,subject,decision,cabinet_required,meeting,date,notes
county,debt-advice,pending,yes,"Chief Executives Group, 23 June 2011",2011-06-23,
county,debt-advice,aligned-budgets,Yes,Leaders Group,2011-09-08,Willing to lead
city,framework,adopt,no,,2011-09-08,
`,
		"data/milestones.csv": `phase,title,due,status,notes
1,Holding report,2011-04-29,done,
2,Tender,01/04/2012,planned,
`,
		"data/risks.csv": `id,title,likelihood,impact,owner,mitigation,status
partners-withdraw,Partners withdraw,3,5,Project team,Brief partners,open
cuts,Budget cuts,4,4,,,
`,
	})
	s, ds := load(t, fsys)
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if len(s.Opportunities) != 1 || len(s.Decisions) != 3 || len(s.Milestones) != 2 || len(s.Risks) != 2 {
		t.Fatalf("loaded %d opportunities, %d decisions, %d milestones, %d risks",
			len(s.Opportunities), len(s.Decisions), len(s.Milestones), len(s.Risks))
	}
	o := s.Opportunities[0]
	if o.AnnualValue != 180500000 || o.ContractYears != 3 || o.Status != "open" ||
		!o.Closes.Equal(date.Of(2011, 10, 14)) || !o.ContractStart.Equal(date.Of(2012, 4, 1)) ||
		strings.Join(o.Partners, ",") != "county,city" || o.Summary != "One contract, bought together" {
		t.Errorf("opportunity = %+v", o)
	}
	d := s.Decisions[1]
	if !d.CabinetRequired || d.Decision != "aligned-budgets" || d.Line != 3 || s.Decisions[2].CabinetRequired {
		t.Errorf("decisions = %+v", s.Decisions)
	}
	cur := s.CurrentDecisions()
	if got := cur[[2]string{"county", "debt-advice"}]; got == nil || got.Decision != "aligned-budgets" {
		t.Errorf("current county decision = %+v", got)
	}
	if got := cur[[2]string{"city", "framework"}]; got == nil || got.Decision != "adopt" {
		t.Errorf("current city decision = %+v", got)
	}
	if m := s.Milestones[1]; m.Phase != 2 || !m.Due.Equal(date.Of(2012, 4, 1)) || m.Status != "planned" {
		t.Errorf("milestone = %+v", m)
	}
	if r := s.Risks[0]; r.Likelihood != 3 || r.Impact != 5 || r.Status != "open" {
		t.Errorf("risk = %+v", r)
	}
}

func TestCurrentDecisionsLatestByDate(t *testing.T) {
	s := &Set{Decisions: []Decision{
		{Partner: "county", Subject: "advocacy", Decision: "aligned-budgets", Date: date.Of(2011, 11, 1)},
		{Partner: "county", Subject: "advocacy", Decision: "pending", Date: date.Of(2011, 6, 1)},
		{Partner: "county", Subject: "advocacy", Decision: "stand-alone", Date: date.Of(2011, 11, 1)},
	}}
	if got := s.CurrentDecisions()[[2]string{"county", "advocacy"}]; got.Decision != "stand-alone" {
		t.Errorf("current = %s, want the later row of the latest date", got.Decision)
	}
}

// TestLoadDiagnostics has one case per validation rule: the file is
// replaced by a version with one problem, and the only diagnostic must
// start with the position and message, and carry the value.
func TestLoadDiagnostics(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string // start of the diagnostic: file:line:column: message
		value string // the offending value shown in brackets
	}{
		{"unknown column (misspelt header)",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,intension\n" +
				"a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over,joint\n"},
			"data/arrangements.csv:1:10: unknown column", "intension"},
		{"unknown column in the middle of the header",
			map[string]string{"data/organisations.csv": "id,name,role,kind,hourly rate\ncounty,County,partner,county-council,27\n"},
			"data/organisations.csv:1:5: unknown column", "hourly rate"},
		{"column appears twice",
			map[string]string{"data/services.csv": "id,name,name\ndebt-advice,Debt,Debt\n"},
			"data/services.csv:1:3: column appears twice", "name"},
		{"missing required column",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end\n" +
				"a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31\n"},
			"data/arrangements.csv:1:9: missing required column route", "route"},
		{"duplicate id",
			map[string]string{"data/arrangements.csv": arrHead + goodArr + goodArr},
			"data/arrangements.csv:3:1: duplicate id: already used on line 2", "a1"},
		{"duplicate organisation id",
			map[string]string{"data/organisations.csv": orgsCSV + "county,Another,partner,other,,,,\n"},
			"data/organisations.csv:7:1: duplicate id: already used on line 2", "county"},
		{"unsafe id: ../x",
			map[string]string{"data/arrangements.csv": arrHead + "../x,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:1: id must be a lower-case slug", "../x"},
		{"unsafe id: Upper",
			map[string]string{"data/organisations.csv": orgsCSV + "Upper,Upper Org,provider,cvs,,,,\n"},
			"data/organisations.csv:7:1: id must be a lower-case slug", "Upper"},
		{"unsafe id: a b",
			map[string]string{"data/services.csv": servicesCSV + "a b,Spaced,,\n"},
			"data/services.csv:5:1: id must be a lower-case slug", "a b"},
		{"unsafe id: leading hyphen",
			map[string]string{"data/services.csv": servicesCSV + "-x,Hyphen,,\n"},
			"data/services.csv:5:1: id must be a lower-case slug", "-x"},
		{"id too long",
			map[string]string{"data/services.csv": servicesCSV + strings.Repeat("a", 101) + ",Long,,\n"},
			"data/services.csv:5:1: id must be a lower-case slug", strings.Repeat("a", 80) + "…"},
		{"missing id",
			map[string]string{"data/arrangements.csv": arrHead + ",county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:1: id is required", ""},
		{"bad money: negative",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,-100,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:6: annual_value: negative amounts are not allowed", "-100"},
		{"bad money: three decimals",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,100.005,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:6: annual_value: more than two decimal places", "100.005"},
		{"bad money: brackets",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,(100),2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:6: annual_value: negative amounts are not allowed", "(100)"},
		{"bad money: thousands groups",
			map[string]string{"data/arrangements.csv": arrHead + `a1,county,cab-burton,debt-advice,sla,"1,25,000",2011-04-01,2012-03-31,rolled-over` + "\n"},
			"data/arrangements.csv:2:6: annual_value: not an amount of money", "1,25,000"},
		{"missing money",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:6: annual_value is required", ""},
		{"bad hourly_rate",
			map[string]string{"data/organisations.csv": strings.Replace(orgsCSV, `"£26.80"`, "26.8.0", 1)},
			"data/organisations.csv:3:7: hourly_rate: not an amount of money", "26.8.0"},
		{"hourly_rate on a provider",
			map[string]string{"data/organisations.csv": strings.Replace(orgsCSV, "GB-CHC-1234567,,", "GB-CHC-1234567,20,", 1)},
			"data/organisations.csv:5:7: hourly_rate is for partners only", "20"},
		{"bad date: month 13",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,2011-13-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:7: start: no such date", "2011-13-01"},
		{"bad date: two-digit year",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,08/09/11,rolled-over\n"},
			"data/arrangements.csv:2:8: end: two-digit years are ambiguous", "08/09/11"},
		{"bad date: 31 April",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,31/04/2011,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:7: start: no such date", "31/04/2011"},
		{"missing start",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:7: start is required", ""},
		{"unknown partner",
			map[string]string{"data/arrangements.csv": arrHead + "a1,nobody,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:2: unknown organisation", "nobody"},
		{"provider id used as partner",
			map[string]string{"data/arrangements.csv": arrHead + "a1,cab-burton,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:2: partner must be an organisation with role partner, but cab-burton is a provider", "cab-burton"},
		{"partner id used as provider",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,city,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:3: provider must be an organisation with role provider", "city"},
		{"unknown service",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt,sla,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:4: unknown service", "debt"},
		{"bad type",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,loan,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:5: type must be one of contract, sla, grant", "loan"},
		{"type in capitals",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,SLA,1000,2011-04-01,2012-03-31,rolled-over\n"},
			"data/arrangements.csv:2:5: type must be one of", "SLA"},
		{"bad route",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,tender\n"},
			"data/arrangements.csv:2:9: route must be one of", "tender"},
		{"bad intention",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,intention\n" +
				"a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over,maybe\n"},
			"data/arrangements.csv:2:10: intention must be one of", "maybe"},
		{"end before start",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2010-03-31,rolled-over\n"},
			"data/arrangements.csv:2:8: end is before start (2011-04-01)", "2010-03-31"},
		{"bad hours",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,hours_budget,hours_payments\n" +
				"a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over,5,7h\n"},
			"data/arrangements.csv:2:11: hours_payments: not a number of hours", "7h"},
		{"negative hours",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,hours_budget\n" +
				"a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over,-5\n"},
			"data/arrangements.csv:2:10: hours_budget: negative hours", "-5"},
		{"hours but no hourly_rate",
			map[string]string{"data/arrangements.csv": "id,partner,provider,service,type,annual_value,start,end,route,hours_monitoring\n" +
				"a1,district,cvs-tamworth,infrastructure,grant,1000,2011-04-01,2012-03-31,rolled-over,12.5\n"},
			"data/arrangements.csv:2:2: this arrangement records hours but the partner has no hourly_rate", "district"},
		{"bad partner kind",
			map[string]string{"data/organisations.csv": strings.Replace(orgsCSV, "district-council", "borough", 1)},
			"data/organisations.csv:4:4: kind must be one of county-council", "borough"},
		{"bad role",
			map[string]string{"data/organisations.csv": orgsCSV + "stafford-cvs,Stafford CVS,charity,cvs,,,,\n"},
			"data/organisations.csv:7:3: role must be one of partner, provider", "charity"},
		{"bad identifier",
			map[string]string{"data/organisations.csv": strings.Replace(orgsCSV, "GB-CHC-1234567", "charity 1234567", 1)},
			"data/organisations.csv:5:6: identifier must be an org-id identifier", "charity 1234567"},
		{"bad website",
			map[string]string{"data/organisations.csv": strings.Replace(orgsCSV, "https://www.staffordshire.gov.uk", "javascript:alert(1)", 1)},
			"data/organisations.csv:2:8: website must be a web address", "javascript:alert(1)"},
		{"bad service phase",
			map[string]string{"data/services.csv": servicesCSV + "extra,Extra,,one\n"},
			"data/services.csv:5:4: phase must be a whole number from 0 to 99", "one"},
		{"opportunity partners list with an unknown id",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,partners,status\n" +
				"opp,Advice,debt-advice,aligned-budgets,county,county; nobody ;city,pipeline\n"},
			"data/opportunities.csv:2:6: unknown organisation", "nobody"},
		{"opportunity partners list with a provider",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,partners,status\n" +
				"opp,Advice,debt-advice,aligned-budgets,county,county;cab-burton,pipeline\n"},
			"data/opportunities.csv:2:6: partners must be an organisation with role partner", "cab-burton"},
		{"opportunity partners separated by commas",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,partners,status\n" +
				"opp,Advice,debt-advice,aligned-budgets,county,\"county, city\",pipeline\n"},
			"data/opportunities.csv:2:6: partners must be organisation ids separated by ;", "county, city"},
		{"opportunity lead unknown",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,partners,status\n" +
				"opp,Advice,debt-advice,aligned-budgets,county-council,county,pipeline\n"},
			"data/opportunities.csv:2:5: unknown organisation", "county-council"},
		{"opportunity bad model",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,status\n" +
				"opp,Advice,debt-advice,joint,county,pipeline\n"},
			"data/opportunities.csv:2:4: model must be one of aligned-budgets, stand-alone, single", "joint"},
		{"opportunity bad status",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,status\n" +
				"opp,Advice,debt-advice,single,county,live\n"},
			"data/opportunities.csv:2:6: status must be one of pipeline, open, closed, awarded, cancelled", "live"},
		{"open opportunity without a closing date",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,status,closes\n" +
				"opp,Advice,debt-advice,single,county,open,\n"},
			"data/opportunities.csv:2:7: an open opportunity needs a closing date", ""},
		{"opportunity closes before published",
			map[string]string{"data/opportunities.csv": "id,title,service,model,lead,status,published,closes\n" +
				"opp,Advice,debt-advice,single,county,closed,2011-09-01,2011-08-01\n"},
			"data/opportunities.csv:2:8: closes before it was published (2011-09-01)", "2011-08-01"},
		{"decision subject unknown",
			map[string]string{"data/decisions.csv": "partner,subject,decision,date\ncounty,parking,adopt,2011-09-08\n"},
			"data/decisions.csv:2:2: subject must be a service id or framework", "parking"},
		{"decision by a provider",
			map[string]string{"data/decisions.csv": "partner,subject,decision,date\ncab-burton,framework,adopt,2011-09-08\n"},
			"data/decisions.csv:2:1: partner must be an organisation with role partner", "cab-burton"},
		{"decision word unknown",
			map[string]string{"data/decisions.csv": "partner,subject,decision,date\ncounty,framework,yes,2011-09-08\n"},
			"data/decisions.csv:2:3: decision must be one of", "yes"},
		{"decision cabinet_required not yes or no",
			map[string]string{"data/decisions.csv": "partner,subject,decision,date,cabinet_required\ncounty,framework,adopt,2011-09-08,perhaps\n"},
			"data/decisions.csv:2:5: cabinet_required must be yes or no", "perhaps"},
		{"risk likelihood 6",
			map[string]string{"data/risks.csv": "id,title,likelihood,impact\nr1,A risk,6,3\n"},
			"data/risks.csv:2:3: likelihood must be a whole number from 1 to 5", "6"},
		{"risk impact 0",
			map[string]string{"data/risks.csv": "id,title,likelihood,impact\nr1,A risk,2,0\n"},
			"data/risks.csv:2:4: impact must be a whole number from 1 to 5", "0"},
		{"risk bad status",
			map[string]string{"data/risks.csv": "id,title,likelihood,impact,status\nr1,A risk,2,2,pending\n"},
			"data/risks.csv:2:5: status must be one of open, closed", "pending"},
		{"milestone bad status",
			map[string]string{"data/milestones.csv": "phase,title,due,status\n1,Report,2011-04-29,finished\n"},
			"data/milestones.csv:2:4: status must be one of done, in-progress, planned", "finished"},
		{"milestone bad due date",
			map[string]string{"data/milestones.csv": "phase,title,due,status\n1,Report,29/4/11,done\n"},
			"data/milestones.csv:2:3: due: two-digit years", "29/4/11"},
		{"quoted cell over two lines: next row keeps its true line",
			map[string]string{"data/services.csv": "id,name,summary,phase\n" +
				"debt-advice,Debt,\"Advice on debt\nand on benefits\",1\n" +
				"infrastructure,Infrastructure,,1\n" +
				"advocacy,Advocacy,,two\n"},
			"data/services.csv:5:4: phase must be a whole number", "two"},
		{"quoted cells over several lines: a later cell of the row is on its own line",
			map[string]string{"data/decisions.csv": "partner,subject,decision,notes,date\n" +
				"county,framework,adopt,\"one\ntwo\nthree\",2011-09-08\n" +
				"city,framework,adopt,\"four\nfive\",2011-02-30\n"},
			"data/decisions.csv:6:5: date: no such date", "2011-02-30"},
		{"CRLF line endings keep line numbers",
			map[string]string{"data/services.csv": "id,name,summary,phase\r\n" +
				"debt-advice,Debt,\"two\r\nlines\",1\r\n" +
				"infrastructure,Infrastructure,,1\r\n" +
				"Advocacy,Advocacy,,2\r\n"},
			"data/services.csv:5:1: id must be a lower-case slug", "Advocacy"},
		{"BOM does not shift columns",
			map[string]string{"data/services.csv": "\xef\xbb\xbfid,name,summary,phase\n" +
				"debt-advice,Debt,,1\ninfrastructure,Infrastructure,,1\nadvocacy,Advocacy,,x\n"},
			"data/services.csv:4:4: phase must be a whole number", "x"},
		{"row with too few fields",
			map[string]string{"data/arrangements.csv": arrHead + goodArr + "a2,county,cab-burton\n"},
			"data/arrangements.csv:3:1: row has 3 fields but the header has 9", "3"},
		{"row with too many fields",
			map[string]string{"data/arrangements.csv": arrHead + "a1,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over,extra\n"},
			"data/arrangements.csv:2:1: row has 10 fields but the header has 9", "10"},
		{"malformed quotes: quote inside a quoted field",
			map[string]string{"data/services.csv": servicesCSV + "extra,\"Extra \"quoted\" name\",,1\n"},
			"data/services.csv:5:2: malformed CSV", ""},
		{"malformed quotes: bare quote",
			map[string]string{"data/services.csv": servicesCSV + "extra,Extra,It's a \"bare\" quote,1\n"},
			"data/services.csv:5:3: malformed CSV", ""},
		{"malformed quotes: never closed",
			map[string]string{"data/services.csv": servicesCSV + "extra,\"Extra,,1\n"},
			"data/services.csv:5:2: malformed CSV", ""},
		{"control character in a cell",
			map[string]string{"data/services.csv": servicesCSV + "extra,Ex\x01tra,,1\n"},
			"data/services.csv:5:2: cell holds a control character (U+0001)", "\"Ex\\x01tra\""},
		{"not UTF-8",
			map[string]string{"data/services.csv": servicesCSV + "extra,Caf\xe9,,1\n"},
			"data/services.csv:5:2: cell is not valid UTF-8", "\"Caf\\xe9\""},
		{"empty column name",
			map[string]string{"data/services.csv": "id,name,\ndebt-advice,Debt,\n"},
			"data/services.csv:1:3: empty column name", ""},
		{"empty file",
			map[string]string{"data/services.csv": "\n"},
			"data/services.csv:1:1: empty file", ""},
		{"missing required table",
			map[string]string{"data/services.csv": ""},
			"data/services.csv: missing: every site needs this table", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := load(t, site(c.files))
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(ds), list(ds))
			}
			got := ds[0].String()
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s…", got, c.want)
			}
			if c.value != "" && !strings.HasSuffix(got, " ("+c.value+")") {
				t.Errorf("got  %s\nwant the value (%s) at the end", got, c.value)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := site(map[string]string{"data/arrangements.csv": arrHead + goodArr +
		"a2,county,cab-burton,debt-advice,loan,1000,2011-04-01,2012-03-31,rolled-over\n" +
		"a3,county,cab-burton,debt-advice,sla,-5,2011-04-01,2012-03-31,rolled-over\n" +
		"a4,county,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n" +
		"a5,nobody,cab-burton,debt-advice,sla,1000,2011-04-01,2012-03-31,rolled-over\n",
		"data/risks.csv": "id,title,likelihood,impact\nr1,A risk,9,3\n",
	})
	_, ds := load(t, fsys)
	want := []string{
		"data/arrangements.csv:3:5: type must be one of",
		"data/arrangements.csv:4:6: annual_value: negative amounts",
		"data/arrangements.csv:6:2: unknown organisation",
		"data/risks.csv:2:3: likelihood must be",
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(want), list(ds))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("diagnostic %d = %s, want %s…", i, ds[i], w)
		}
	}
}

func TestLoadSeveralProblemsInOneRow(t *testing.T) {
	fsys := site(map[string]string{"data/arrangements.csv": arrHead +
		"Bad Id,nobody,city,nothing,loan,-1,2011-13-01,2011-04-01,tender\n"})
	_, ds := load(t, fsys)
	var cols []int
	for _, d := range ds {
		if d.File != "data/arrangements.csv" || d.Line != 2 {
			t.Errorf("diagnostic at the wrong place: %s", d)
		}
		cols = append(cols, d.Column)
	}
	want := []int{1, 2, 3, 4, 5, 6, 7, 9}
	if len(cols) != len(want) {
		t.Fatalf("columns %v, want %v:\n%s", cols, want, list(ds))
	}
	for i := range want {
		if cols[i] != want[i] {
			t.Fatalf("columns %v, want %v:\n%s", cols, want, list(ds))
		}
	}
}

func TestLoadBOMAndCRLF(t *testing.T) {
	crlf := func(s string) string { return "\xef\xbb\xbf" + strings.ReplaceAll(s, "\n", "\r\n") }
	s, ds := load(t, site(map[string]string{
		"data/organisations.csv": crlf(orgsCSV),
		"data/services.csv":      crlf(servicesCSV),
		"data/arrangements.csv":  crlf(arrangementsCSV),
	}))
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if len(s.Organisations) != 5 || s.Organisations[0].ID != "county" || s.Organisations[4].Website != "" {
		t.Errorf("organisations = %+v", s.Organisations)
	}
	if a := s.Arrangements[0]; a.Hours[6] != 3000 || a.Line != 2 {
		t.Errorf("last column read wrongly under CRLF: %+v", a)
	}
	if s.Arrangements[2].Line != 4 {
		t.Errorf("line of row 3 = %d, want 4", s.Arrangements[2].Line)
	}
}

func TestLoadBlankLinesIgnored(t *testing.T) {
	s, ds := load(t, site(map[string]string{
		"data/arrangements.csv": arrHead + "\n" + goodArr + ",,,,,,,,\n  , ,,,,,,,\n\n\n\n",
		"data/services.csv":     servicesCSV + "\r\n\r\n",
	}))
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if len(s.Arrangements) != 1 || s.Arrangements[0].Line != 3 {
		t.Errorf("arrangements = %+v", s.Arrangements)
	}
	if len(s.Services) != 3 {
		t.Errorf("%d services, want 3", len(s.Services))
	}
}

func TestLoadSpacesAroundCells(t *testing.T) {
	_, ds := load(t, site(map[string]string{
		"data/arrangements.csv": " id , partner,provider,service,type,annual_value,start,end,route\n" +
			" a1 , county ,cab-burton, debt-advice , sla , £1,000 ,2011-04-01, 2012-03-31 ,rolled-over\n",
	}))
	// an unquoted "£1,000" is two cells, so the row has too many fields
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "data/arrangements.csv:2:1: row has 10 fields") {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	s, ds := load(t, site(map[string]string{
		"data/arrangements.csv": " id , partner,provider,service,type,annual_value,start,end,route\n" +
			" a1 , county ,cab-burton, debt-advice , sla ,\" £1,000 \",2011-04-01, 2012-03-31 ,rolled-over\n",
	}))
	if len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if a := s.Arrangements[0]; a.ID != "a1" || a.Partner != "county" || a.Service != "debt-advice" || a.AnnualValue != 100000 {
		t.Errorf("arrangement = %+v", a)
	}
}

func TestLoadMissingTables(t *testing.T) {
	_, ds := load(t, fstest.MapFS{})
	want := []string{
		"data/arrangements.csv: missing",
		"data/organisations.csv: missing",
		"data/services.csv: missing",
	}
	if len(ds) != len(want) {
		t.Fatalf("got:\n%s", list(ds))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("got %s, want %s…", ds[i], w)
		}
	}
}

// A table that cannot be read must not make every reference to it an error
// too: the one real problem would be lost among false ones.
func TestLoadNoCascadeFromBrokenTable(t *testing.T) {
	cases := map[string]map[string]string{
		"organisations missing":  {"data/organisations.csv": ""},
		"organisations misspelt": {"data/organisations.csv": strings.Replace(orgsCSV, "hourly_rate", "hourly rate", 1)},
		"services malformed":     {"data/services.csv": servicesCSV + "x,\"y\n"},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			files["data/decisions.csv"] = "partner,subject,decision,date\ncounty,debt-advice,adopt,2011-09-08\n"
			files["data/opportunities.csv"] = "id,title,service,model,lead,partners,status\nopp,Advice,debt-advice,single,county,city,pipeline\n"
			_, ds := load(t, site(files))
			if len(ds) != 1 {
				t.Errorf("got %d diagnostics, want only the broken table's:\n%s", len(ds), list(ds))
			}
		})
	}
}

func TestDuplicateIDFirstStands(t *testing.T) {
	s, _ := load(t, site(map[string]string{
		"data/organisations.csv": orgsCSV + "county,Impostor,provider,cvs,,,,\n",
		"data/services.csv":      servicesCSV + "advocacy,Second advocacy,,\n",
	}))
	if o := s.Organisation("county"); o == nil || o.Name != "Staffordshire County Council" {
		t.Errorf("Organisation(county) = %+v, want the first row", o)
	}
	if sv := s.Service("advocacy"); sv == nil || sv.Name != "Advocacy" {
		t.Errorf("Service(advocacy) = %+v, want the first row", sv)
	}
}

func TestLoadLimits(t *testing.T) {
	lim := config.DefaultLimits
	lim.Rows = 3 // organisations.csv has five
	var l diag.List
	Load(site(nil), lim, &l)
	ds := l.Items()
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "data/organisations.csv:5:1: more than 3 rows") {
		t.Errorf("rows limit:\n%s", list(ds))
	}

	lim = config.DefaultLimits
	lim.CellBytes = 40
	l = diag.List{}
	Load(site(nil), lim, &l)
	ds = l.Items()
	if len(ds) != 2 || !strings.HasPrefix(ds[0].String(), "data/services.csv:2:3: cell longer than the limit of 40 bytes") ||
		!strings.HasPrefix(ds[1].String(), "data/services.csv:3:2: cell longer") {
		t.Errorf("cell limit:\n%s", list(ds))
	}

	lim = config.DefaultLimits
	lim.FileBytes = 100
	l = diag.List{}
	Load(site(nil), lim, &l)
	ds = l.Items()
	if len(ds) != 3 || !strings.HasPrefix(ds[0].String(), "data/arrangements.csv:1:1: file is larger than the limit of 100 bytes") {
		t.Errorf("file limit:\n%s", list(ds))
	}
}

func TestHint(t *testing.T) {
	_, ds := load(t, site(map[string]string{"data/services.csv": "id,nmae,summary\ndebt-advice,Debt,\n"}))
	if len(ds) != 2 || !strings.HasPrefix(ds[0].String(), "data/services.csv:1:2: unknown column") ||
		!strings.Contains(ds[0].Message, "did you mean name?") ||
		!strings.HasPrefix(ds[1].String(), "data/services.csv:1:4: missing required column name") {
		t.Errorf("got:\n%s", list(ds))
	}
	_, ds = load(t, site(map[string]string{"data/services.csv": "id,name,colour\ndebt-advice,Debt,\n"}))
	if len(ds) != 1 || strings.Contains(ds[0].Message, "did you mean") {
		t.Errorf("a column far from every known one should get no suggestion:\n%s", list(ds))
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add([]byte(servicesCSV))
	f.Add([]byte("id,name,summary,phase\n\"a\nb\",c,\"d\"\"e\",1\n"))
	f.Add([]byte("\xef\xbb\xbfid,name\r\nx,\"y\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		tb := readTable[rawService]("data/services.csv", src, []string{"id", "name"}, config.DefaultLimits, &l)
		if len(tb.rows) != len(tb.lines) && tb.rows != nil {
			t.Fatalf("%d rows but %d line lists", len(tb.rows), len(tb.lines))
		}
		for _, d := range l.Items() {
			if d.Line < 1 || d.Column < 0 {
				t.Fatalf("diagnostic without a position: %s", d)
			}
		}
		for i := range tb.rows {
			s := cells[rawService]{tb, i}
			if s.line() < 2 {
				t.Fatalf("row %d on line %d", i, s.line())
			}
		}
	})
}
