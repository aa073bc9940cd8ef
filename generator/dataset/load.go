package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
)

// Tables names every table, in the order pages and downloads list them.
var Tables = []string{"arrangements", "organisations", "services", "opportunities", "decisions", "milestones", "risks"}

// required marks the tables a site cannot do without.
var required = map[string]bool{"arrangements": true, "organisations": true, "services": true}

// orgIDRE is the shape of an org-id identifier: country, register, number.
var orgIDRE = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9.-]+$`)

// MaxID is the longest id: ids become file names and addresses.
const MaxID = 100

type rawOrganisation struct {
	ID         string `csv:"id"`
	Name       string `csv:"name"`
	Role       string `csv:"role"`
	Kind       string `csv:"kind"`
	Group      string `csv:"group"`
	Identifier string `csv:"identifier"`
	HourlyRate string `csv:"hourly_rate"`
	Website    string `csv:"website"`
}

type rawService struct {
	ID      string `csv:"id"`
	Name    string `csv:"name"`
	Summary string `csv:"summary"`
	Phase   string `csv:"phase"`
}

type rawArrangement struct {
	ID                 string `csv:"id"`
	Partner            string `csv:"partner"`
	Provider           string `csv:"provider"`
	Service            string `csv:"service"`
	Type               string `csv:"type"`
	AnnualValue        string `csv:"annual_value"`
	Start              string `csv:"start"`
	End                string `csv:"end"`
	Route              string `csv:"route"`
	Intention          string `csv:"intention"`
	HoursBudget        string `csv:"hours_budget"`
	HoursIdea          string `csv:"hours_idea"`
	HoursSpecification string `csv:"hours_specification"`
	HoursProcurement   string `csv:"hours_procurement"`
	HoursAgreement     string `csv:"hours_agreement"`
	HoursMonitoring    string `csv:"hours_monitoring"`
	HoursPayments      string `csv:"hours_payments"`
}

type rawOpportunity struct {
	ID            string `csv:"id"`
	Title         string `csv:"title"`
	Service       string `csv:"service"`
	Model         string `csv:"model"`
	Lead          string `csv:"lead"`
	Partners      string `csv:"partners"`
	Status        string `csv:"status"`
	AnnualValue   string `csv:"annual_value"`
	ContractYears string `csv:"contract_years"`
	Published     string `csv:"published"`
	Closes        string `csv:"closes"`
	ContractStart string `csv:"contract_start"`
	Contact       string `csv:"contact"`
	Summary       string `csv:"summary"`
}

type rawDecision struct {
	Partner         string `csv:"partner"`
	Subject         string `csv:"subject"`
	Decision        string `csv:"decision"`
	CabinetRequired string `csv:"cabinet_required"`
	Meeting         string `csv:"meeting"`
	Date            string `csv:"date"`
	Notes           string `csv:"notes"`
}

type rawMilestone struct {
	Phase  string `csv:"phase"`
	Title  string `csv:"title"`
	Due    string `csv:"due"`
	Status string `csv:"status"`
	Notes  string `csv:"notes"`
}

type rawRisk struct {
	ID         string `csv:"id"`
	Title      string `csv:"title"`
	Likelihood string `csv:"likelihood"`
	Impact     string `csv:"impact"`
	Owner      string `csv:"owner"`
	Mitigation string `csv:"mitigation"`
	Status     string `csv:"status"`
}

// Enumerations DATA.md fixes.
var (
	partnerKinds  = []string{"county-council", "unitary-council", "district-council", "nhs", "police", "fire", "other"}
	types         = []string{"contract", "sla", "grant"}
	routes        = []string{"open-tender", "quotation", "direct-award", "grant-application", "rolled-over", "inherited", "unknown"}
	intentions    = []string{"recommission", "joint", "decommission", "undecided"}
	models        = []string{"aligned-budgets", "stand-alone", "single"}
	statuses      = []string{"pipeline", "open", "closed", "awarded", "cancelled"}
	decisionWords = []string{"aligned-budgets", "stand-alone", "do-nothing", "adopt", "decline", "pending"}
	mileStatuses  = []string{"done", "in-progress", "planned"}
	riskStatuses  = []string{"open", "closed"}
)

// Load reads data/*.csv from fsys (the site's folder) and validates every
// row and every reference between tables. Problems go to diags.
func Load(fsys fs.FS, lim config.Limits, diags *diag.List) *Set {
	s := &Set{}
	read := func(name string) []byte {
		path := "data/" + name + ".csv"
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				if required[name] {
					diags.Add(diag.Diagnostic{File: path, Message: "missing: every site needs this table"})
				}
			} else {
				diags.Add(diag.Diagnostic{File: path, Message: "cannot read: " + err.Error()})
			}
			return nil
		}
		return b
	}
	s.noOrgs, s.noServices = true, true
	if b := read("organisations"); b != nil {
		t := readTable[rawOrganisation]("data/organisations.csv", b, []string{"id", "name", "role", "kind"}, lim, diags)
		s.noOrgs = !t.ok
		loadOrganisations(s, t)
	}
	if b := read("services"); b != nil {
		t := readTable[rawService]("data/services.csv", b, []string{"id", "name"}, lim, diags)
		s.noServices = !t.ok
		loadServices(s, t)
	}
	s.Index()
	if b := read("arrangements"); b != nil {
		loadArrangements(s, readTable[rawArrangement]("data/arrangements.csv", b,
			[]string{"id", "partner", "provider", "service", "type", "annual_value", "start", "end", "route"}, lim, diags))
	}
	if b := read("opportunities"); b != nil {
		loadOpportunities(s, readTable[rawOpportunity]("data/opportunities.csv", b,
			[]string{"id", "title", "service", "model", "lead", "status"}, lim, diags))
	}
	if b := read("decisions"); b != nil {
		loadDecisions(s, readTable[rawDecision]("data/decisions.csv", b, []string{"partner", "subject", "decision", "date"}, lim, diags))
	}
	if b := read("milestones"); b != nil {
		loadMilestones(s, readTable[rawMilestone]("data/milestones.csv", b, []string{"phase", "title", "due", "status"}, lim, diags))
	}
	if b := read("risks"); b != nil {
		loadRisks(s, readTable[rawRisk]("data/risks.csv", b, []string{"id", "title", "likelihood", "impact"}, lim, diags))
	}
	return s
}

// cells converts one raw row, reporting each problem at its cell.
type cells[T any] struct {
	t   *table[T]
	row int
}

func (c cells[T]) bad(col, value, format string, args ...any) {
	c.t.bad(c.row, col, value, format, args...)
}

func (c cells[T]) line() int {
	if len(c.t.lines[c.row]) == 0 {
		return 0
	}
	return c.t.lines[c.row][0]
}

// text returns a trimmed cell; required cells must not be empty.
func (c cells[T]) text(col, v string, required bool) string {
	v = strings.TrimSpace(v)
	if required && v == "" {
		c.bad(col, v, "%s is required", col)
	}
	return v
}

func (c cells[T]) id(col, v string, seen map[string]int) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		c.bad(col, v, "%s is required", col)
	case len(v) > MaxID || !isSlug(v):
		c.bad(col, v, "%s must be a lower-case slug of letters, digits and hyphens, starting with a letter or digit, at most %d characters", col, MaxID)
	case seen != nil && seen[v] > 0:
		c.bad(col, v, "duplicate %s: already used on line %d", col, seen[v])
	default:
		if seen != nil {
			seen[v] = c.line()
		}
	}
	return v
}

func (c cells[T]) oneOf(col, v string, allowed []string, required bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			c.bad(col, v, "%s is required: expected one of %s", col, strings.Join(allowed, ", "))
		}
		return v
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	c.bad(col, v, "%s must be one of %s", col, strings.Join(allowed, ", "))
	return v
}

func (c cells[T]) money(col, v string, required bool) money.Pence {
	if strings.TrimSpace(v) == "" {
		if required {
			c.bad(col, v, "%s is required: expected an amount such as 12500 or £12,500.50", col)
		}
		return 0
	}
	p, err := money.Parse(v)
	if err != nil {
		c.bad(col, v, "%s: %v", col, err)
	}
	return p
}

func (c cells[T]) date(col, v string, required bool) date.Date {
	if strings.TrimSpace(v) == "" {
		if required {
			c.bad(col, v, "%s is required: expected a date such as 2011-09-08 or 08/09/2011", col)
		}
		return date.Date{}
	}
	d, err := date.Parse(v)
	if err != nil {
		c.bad(col, v, "%s: %v", col, err)
	}
	return d
}

func (c cells[T]) int(col, v string, lo, hi int, required bool) int {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			c.bad(col, v, "%s is required: expected a whole number from %d to %d", col, lo, hi)
		}
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		c.bad(col, v, "%s must be a whole number from %d to %d", col, lo, hi)
		return 0
	}
	return n
}

func (c cells[T]) hours(col, v string) money.Hours {
	h, err := money.ParseHours(v)
	if err != nil {
		c.bad(col, v, "%s: %v", col, err)
	}
	return h
}

func (c cells[T]) yesNo(col, v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "no", "n", "false":
		return false
	case "yes", "y", "true":
		return true
	}
	c.bad(col, v, "%s must be yes or no", col)
	return false
}

func (c cells[T]) url(col, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return v
	}
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") || strings.ContainsAny(v, " \"<>") {
		c.bad(col, v, "%s must be a web address starting with https:// or http://", col)
		return ""
	}
	return v
}

func loadOrganisations(s *Set, t *table[rawOrganisation]) {
	seen := map[string]int{}
	for i, r := range t.rows {
		c := cells[rawOrganisation]{t, i}
		o := Organisation{
			ID:         c.id("id", r.ID, seen),
			Name:       c.text("name", r.Name, true),
			Role:       c.oneOf("role", r.Role, []string{RolePartner, RoleProvider}, true),
			Kind:       c.text("kind", r.Kind, true),
			Group:      c.text("group", r.Group, false),
			Identifier: c.text("identifier", r.Identifier, false),
			Website:    c.url("website", r.Website),
			Line:       c.line(),
		}
		if o.Role == RolePartner {
			c.oneOf("kind", o.Kind, partnerKinds, true)
			o.HourlyRate = c.money("hourly_rate", r.HourlyRate, false)
		} else if strings.TrimSpace(r.HourlyRate) != "" {
			c.bad("hourly_rate", r.HourlyRate, "hourly_rate is for partners only")
		}
		if o.Identifier != "" && !orgIDRE.MatchString(o.Identifier) {
			c.bad("identifier", o.Identifier, "identifier must be an org-id identifier such as GB-CHC-1234567")
		}
		if o.Group == "" {
			o.Group = o.Kind
		}
		s.Organisations = append(s.Organisations, o)
	}
}

func loadServices(s *Set, t *table[rawService]) {
	seen := map[string]int{}
	for i, r := range t.rows {
		c := cells[rawService]{t, i}
		s.Services = append(s.Services, Service{
			ID:      c.id("id", r.ID, seen),
			Name:    c.text("name", r.Name, true),
			Summary: c.text("summary", r.Summary, false),
			Phase:   c.int("phase", r.Phase, 0, 99, false),
			Line:    c.line(),
		})
	}
}

// ref checks that id names an organisation of the role.
func ref[T any](s *Set, c cells[T], col, id, role string) {
	if id == "" || s.noOrgs {
		return
	}
	o := s.Organisation(id)
	switch {
	case o == nil:
		c.bad(col, id, "unknown organisation: no row in data/organisations.csv has this id")
	case o.Role != role:
		c.bad(col, id, "%s must be an organisation with role %s, but %s is a %s", col, role, id, o.Role)
	}
}

func serviceRef[T any](s *Set, c cells[T], col, id string) {
	if id != "" && !s.noServices && s.Service(id) == nil {
		c.bad(col, id, "unknown service: no row in data/services.csv has this id")
	}
}

func loadArrangements(s *Set, t *table[rawArrangement]) {
	seen := make(map[string]int, len(t.rows))
	s.Arrangements = slices.Grow(s.Arrangements, len(t.rows))
	for i, r := range t.rows {
		c := cells[rawArrangement]{t, i}
		a := Arrangement{
			ID:          c.id("id", r.ID, seen),
			Partner:     c.text("partner", r.Partner, true),
			Provider:    c.text("provider", r.Provider, true),
			Service:     c.text("service", r.Service, true),
			Type:        c.oneOf("type", r.Type, types, true),
			AnnualValue: c.money("annual_value", r.AnnualValue, true),
			Start:       c.date("start", r.Start, true),
			End:         c.date("end", r.End, false),
			Route:       c.oneOf("route", r.Route, routes, true),
			Intention:   c.oneOf("intention", r.Intention, intentions, false),
			Line:        c.line(),
		}
		for k, v := range []string{r.HoursBudget, r.HoursIdea, r.HoursSpecification, r.HoursProcurement, r.HoursAgreement, r.HoursMonitoring, r.HoursPayments} {
			a.Hours[k] = c.hours("hours_"+Stages[k].ID, v)
		}
		ref(s, c, "partner", a.Partner, RolePartner)
		ref(s, c, "provider", a.Provider, RoleProvider)
		serviceRef(s, c, "service", a.Service)
		if !a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start) {
			c.bad("end", r.End, "end is before start (%s)", a.Start.ISO())
		}
		if a.TotalHours() > 0 {
			if p := s.Organisation(a.Partner); p != nil && p.IsPartner() && p.HourlyRate == 0 {
				c.bad("partner", a.Partner, "this arrangement records hours but the partner has no hourly_rate in data/organisations.csv")
			}
		}
		s.Arrangements = append(s.Arrangements, a)
	}
}

func loadOpportunities(s *Set, t *table[rawOpportunity]) {
	seen := map[string]int{}
	for i, r := range t.rows {
		c := cells[rawOpportunity]{t, i}
		o := Opportunity{
			ID:            c.id("id", r.ID, seen),
			Title:         c.text("title", r.Title, true),
			Service:       c.text("service", r.Service, true),
			Model:         c.oneOf("model", r.Model, models, true),
			Lead:          c.text("lead", r.Lead, true),
			Status:        c.oneOf("status", r.Status, statuses, true),
			AnnualValue:   c.money("annual_value", r.AnnualValue, false),
			ContractYears: c.int("contract_years", r.ContractYears, 0, 50, false),
			Published:     c.date("published", r.Published, false),
			Closes:        c.date("closes", r.Closes, false),
			ContractStart: c.date("contract_start", r.ContractStart, false),
			Contact:       c.text("contact", r.Contact, false),
			Summary:       c.text("summary", r.Summary, false),
			Line:          c.line(),
		}
		serviceRef(s, c, "service", o.Service)
		ref(s, c, "lead", o.Lead, RolePartner)
		for _, p := range splitList(r.Partners) {
			if !isSlug(p) {
				c.bad("partners", p, "partners must be organisation ids separated by ;")
				continue
			}
			ref(s, c, "partners", p, RolePartner)
			o.Partners = append(o.Partners, p)
		}
		if o.Status == "open" && o.Closes.IsZero() {
			c.bad("closes", r.Closes, "an open opportunity needs a closing date")
		}
		if !o.Published.IsZero() && !o.Closes.IsZero() && o.Closes.Before(o.Published) {
			c.bad("closes", r.Closes, "closes before it was published (%s)", o.Published.ISO())
		}
		s.Opportunities = append(s.Opportunities, o)
	}
}

func loadDecisions(s *Set, t *table[rawDecision]) {
	for i, r := range t.rows {
		c := cells[rawDecision]{t, i}
		d := Decision{
			Partner:         c.text("partner", r.Partner, true),
			Subject:         c.text("subject", r.Subject, true),
			Decision:        c.oneOf("decision", r.Decision, decisionWords, true),
			CabinetRequired: c.yesNo("cabinet_required", r.CabinetRequired),
			Meeting:         c.text("meeting", r.Meeting, false),
			Date:            c.date("date", r.Date, true),
			Notes:           c.text("notes", r.Notes, false),
			Line:            c.line(),
		}
		ref(s, c, "partner", d.Partner, RolePartner)
		if d.Subject != "" && d.Subject != "framework" && !s.noServices && s.Service(d.Subject) == nil {
			c.bad("subject", d.Subject, "subject must be a service id or framework")
		}
		s.Decisions = append(s.Decisions, d)
	}
}

func loadMilestones(s *Set, t *table[rawMilestone]) {
	for i, r := range t.rows {
		c := cells[rawMilestone]{t, i}
		s.Milestones = append(s.Milestones, Milestone{
			Phase:  c.int("phase", r.Phase, 0, 99, true),
			Title:  c.text("title", r.Title, true),
			Due:    c.date("due", r.Due, true),
			Status: c.oneOf("status", r.Status, mileStatuses, true),
			Notes:  c.text("notes", r.Notes, false),
			Line:   c.line(),
		})
	}
}

func loadRisks(s *Set, t *table[rawRisk]) {
	seen := map[string]int{}
	for i, r := range t.rows {
		c := cells[rawRisk]{t, i}
		s.Risks = append(s.Risks, Risk{
			ID:         c.id("id", r.ID, seen),
			Title:      c.text("title", r.Title, true),
			Likelihood: c.int("likelihood", r.Likelihood, 1, 5, true),
			Impact:     c.int("impact", r.Impact, 1, 5, true),
			Owner:      c.text("owner", r.Owner, false),
			Mitigation: c.text("mitigation", r.Mitigation, false),
			Status:     c.oneOf("status", r.Status, riskStatuses, false),
			Line:       c.line(),
		})
	}
}

// splitList splits a `;`-list, trimming spaces and dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// String describes the set in one line, for logs.
func (s *Set) String() string {
	return fmt.Sprintf("%d organisations, %d services, %d arrangements", len(s.Organisations), len(s.Services), len(s.Arrangements))
}
