// Package dataset holds the site's tables (data/*.csv) as typed rows, and
// reads and validates them against the data contract.
package dataset

import (
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// Roles of an organisation.
const (
	RolePartner  = "partner"
	RoleProvider = "provider"
)

// Stages are the seven commissioning stages whose officer hours are
// recorded for each arrangement, in the order of the commissioning cycle.
var Stages = []Stage{
	{"budget", "Confirming the budget"},
	{"idea", "Formulating the idea"},
	{"specification", "Developing the specification"},
	{"procurement", "Commissioning and procurement"},
	{"agreement", "Agreeing the contract"},
	{"monitoring", "Performance and contract monitoring"},
	{"payments", "Processing payments"},
}

// Stage is one commissioning stage.
type Stage struct {
	ID   string
	Name string
}

// Organisation is a partner (public sector funder) or a provider (third
// sector organisation).
type Organisation struct {
	ID         string
	Name       string
	Role       string
	Kind       string
	Group      string
	Identifier string
	HourlyRate money.Pence
	Website    string
	Line       int
}

// IsPartner reports whether the organisation is a public sector funder.
func (o *Organisation) IsPartner() bool { return o.Role == RolePartner }

// Service is a service area.
type Service struct {
	ID      string
	Name    string
	Summary string
	Phase   int
	Line    int
}

// Arrangement is one known funding arrangement.
type Arrangement struct {
	ID          string
	Partner     string
	Provider    string
	Service     string
	Type        string
	AnnualValue money.Pence
	Start       date.Date
	End         date.Date // zero when rolling
	Route       string
	Intention   string
	Hours       [7]money.Hours // by stage, in the order of Stages
	Line        int
}

// Rolling reports whether the arrangement has no end date.
func (a *Arrangement) Rolling() bool { return a.End.IsZero() }

// TotalHours sums the arrangement's hours over every stage.
func (a *Arrangement) TotalHours() money.Hours {
	var h money.Hours
	for _, v := range a.Hours {
		h += v
	}
	return h
}

// OpenlyProcured reports whether the arrangement was let by open competition.
func (a *Arrangement) OpenlyProcured() bool {
	switch a.Route {
	case "rolled-over", "inherited", "direct-award":
		return false
	}
	return true
}

// Opportunity is a commissioning opportunity published to providers.
type Opportunity struct {
	ID            string
	Title         string
	Service       string
	Model         string
	Lead          string
	Partners      []string
	Status        string
	AnnualValue   money.Pence
	ContractYears int
	Published     date.Date
	Closes        date.Date
	ContractStart date.Date
	Contact       string
	Summary       string
	Line          int
}

// Decision is what one partner decided on one subject at one date.
type Decision struct {
	Partner         string
	Subject         string
	Decision        string
	CabinetRequired bool
	Meeting         string
	Date            date.Date
	Notes           string
	Line            int
}

// Milestone is one step of the process plan.
type Milestone struct {
	Phase  int
	Title  string
	Due    date.Date
	Status string
	Notes  string
	Line   int
}

// Risk is one entry of the risk register.
type Risk struct {
	ID         string
	Title      string
	Likelihood int
	Impact     int
	Owner      string
	Mitigation string
	Status     string
	Line       int
}

// Set is every table of a site.
type Set struct {
	Organisations []Organisation
	Services      []Service
	Arrangements  []Arrangement
	Opportunities []Opportunity
	Decisions     []Decision
	Milestones    []Milestone
	Risks         []Risk

	orgs     map[string]*Organisation
	services map[string]*Service

	// Set by Load when organisations.csv or services.csv could not be read,
	// so that references to them are not all reported as unknown as well.
	noOrgs, noServices bool
}

// Organisation returns the organisation with the id, or nil.
func (s *Set) Organisation(id string) *Organisation { return s.orgs[id] }

// Service returns the service with the id, or nil.
func (s *Set) Service(id string) *Service { return s.services[id] }

// Index builds the lookups; Load calls it, and so must code that builds a
// Set by hand.
func (s *Set) Index() {
	s.orgs = make(map[string]*Organisation, len(s.Organisations))
	for i := range s.Organisations {
		if _, dup := s.orgs[s.Organisations[i].ID]; !dup { // the first stands; later ones are reported
			s.orgs[s.Organisations[i].ID] = &s.Organisations[i]
		}
	}
	s.services = make(map[string]*Service, len(s.Services))
	for i := range s.Services {
		if _, dup := s.services[s.Services[i].ID]; !dup {
			s.services[s.Services[i].ID] = &s.Services[i]
		}
	}
}

// Partners returns the partners in file order.
func (s *Set) Partners() []*Organisation {
	var out []*Organisation
	for i := range s.Organisations {
		if s.Organisations[i].IsPartner() {
			out = append(out, &s.Organisations[i])
		}
	}
	return out
}

// CurrentDecisions returns, for each partner and subject, the decision that
// stands: the latest by date (the later row where dates are equal).
func (s *Set) CurrentDecisions() map[[2]string]*Decision {
	out := map[[2]string]*Decision{}
	for i := range s.Decisions {
		d := &s.Decisions[i]
		k := [2]string{d.Partner, d.Subject}
		if prev, ok := out[k]; !ok || !d.Date.Before(prev.Date) {
			out[k] = d
		}
	}
	return out
}
