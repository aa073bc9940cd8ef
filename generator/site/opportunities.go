package site

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
)

// emailRE recognises a plain email address (no spaces, quotes or angle
// brackets), the only contact made into a mailto: link.
var emailRE = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)

// OpportunityView is one opportunity with everything its pages show.
type OpportunityView struct {
	O          *dataset.Opportunity
	URL        string
	Service    *dataset.Service
	Lead       *dataset.Organisation
	Partners   []*dataset.Organisation
	ModelName  string
	StatusName string
	Content    *content.Page
	DaysLeft   int         // days from the as-at date to the closing date
	Deadline   string      // "Closes in 12 days", "Closes today", "Closed 3 days ago", ""
	Current    bool        // open or pipeline
	TotalValue money.Pence // annual value × contract years (0 when unknown)
	// ContactEmail is set when the contact is an email address, so it can
	// be a mailto: link.
	ContactEmail bool
}

// OpportunitiesPage lists every opportunity, open and pipeline first.
type OpportunitiesPage struct {
	Items    []*OpportunityView
	Current  []*OpportunityView
	Past     []*OpportunityView
	Services []*dataset.Service
	Statuses []string
}

var modelNames = map[string]string{
	"aligned-budgets": "Aligned budgets with a lead commissioner",
	"stand-alone":     "Stand alone partnership arrangement",
	"single":          "Single partner",
}
var statusNames = map[string]string{"pipeline": "Pipeline", "open": "Open", "closed": "Closed", "awarded": "Awarded", "cancelled": "Cancelled"}

// ModelName and StatusName give the words for codes.
func ModelName(m string) string  { return orCode(modelNames, m) }
func StatusName(s string) string { return orCode(statusNames, s) }

var statusOrder = map[string]int{"open": 0, "pipeline": 1, "closed": 2, "awarded": 3, "cancelled": 4}

// Opportunities builds the opportunity views once, in display order: open
// first (soonest deadline first), then pipeline, then the rest.
func (s *Site) Opportunities() []*OpportunityView {
	if s.opportunityViews != nil {
		return s.opportunityViews
	}
	out := []*OpportunityView{}
	for i := range s.Data.Opportunities {
		o := &s.Data.Opportunities[i]
		v := &OpportunityView{O: o, URL: OpportunityURL(o.ID), Service: s.Data.Service(o.Service), Lead: s.Org(o.Lead),
			ModelName: ModelName(o.Model), StatusName: StatusName(o.Status),
			Content: s.Content.Get("opportunities", o.ID), Current: o.Status == "open" || o.Status == "pipeline"}
		for _, p := range o.Partners {
			v.Partners = append(v.Partners, s.Org(p))
		}
		v.ContactEmail = emailRE.MatchString(o.Contact)
		if !o.Closes.IsZero() {
			v.DaysLeft = s.AsAt.DaysUntil(o.Closes)
			switch {
			case o.Status != "open":
			case v.DaysLeft > 1:
				v.Deadline = fmt.Sprintf("Closes in %d days", v.DaysLeft)
			case v.DaysLeft == 1:
				v.Deadline = "Closes tomorrow"
			case v.DaysLeft == 0:
				v.Deadline = "Closes today"
			default:
				v.Deadline = fmt.Sprintf("Closing date passed %d days ago", -v.DaysLeft)
			}
		}
		if o.ContractYears > 0 {
			v.TotalValue = o.AnnualValue * money.Pence(o.ContractYears)
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if statusOrder[a.O.Status] != statusOrder[b.O.Status] {
			return statusOrder[a.O.Status] < statusOrder[b.O.Status]
		}
		if !a.O.Closes.Equal(b.O.Closes) {
			if a.O.Closes.IsZero() || b.O.Closes.IsZero() {
				return !a.O.Closes.IsZero()
			}
			return a.O.Closes.Before(b.O.Closes)
		}
		return a.O.ContractStart.Before(b.O.ContractStart)
	})
	s.opportunityViews = out
	return out
}

func buildOpportunities(s *Site) {
	d := &OpportunitiesPage{Items: s.Opportunities()}
	seenSvc, seenStatus := map[string]bool{}, map[string]bool{}
	for _, v := range d.Items {
		if v.Current {
			d.Current = append(d.Current, v)
		} else {
			d.Past = append(d.Past, v)
		}
		seenSvc[v.O.Service] = true
		seenStatus[v.O.Status] = true
	}
	for i := range s.Data.Services {
		if seenSvc[s.Data.Services[i].ID] {
			d.Services = append(d.Services, &s.Data.Services[i])
		}
	}
	for _, st := range []string{"open", "pipeline", "closed", "awarded", "cancelled"} {
		if seenStatus[st] {
			d.Statuses = append(d.Statuses, st)
		}
	}
	s.add(&Page{Path: "/opportunities/", Layout: "opportunities", Title: "Commissioning opportunities",
		Summary: "Opportunities for third sector organisations: open tenders and what is coming, with deadlines.", Data: d})
	for _, v := range d.Items {
		p := &Page{Path: v.URL, Layout: "opportunity", Title: v.O.Title, Summary: v.O.Summary, Data: v,
			Content: v.Content, Crumbs: []Link{{"Opportunities", "/opportunities/"}}}
		s.add(p)
	}
}
