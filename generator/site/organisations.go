package site

import (
	"slices"

	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
)

// OrganisationPage is one partner or provider.
type OrganisationPage struct {
	Org           *dataset.Organisation
	Rows          []*ArrangementRow
	Table         *RowTable // Rows, split into pages when long
	Count         int
	AnnualValue   money.Pence
	ResourceCost  money.Pence
	ByService     []Figure
	Decisions     []DecisionView // partners: the decisions that stand, by subject
	History       []DecisionView // every decision row, latest first
	Leads         []*OpportunityView
	Opportunities []*OpportunityView
}

// Figure is a named count and value, for small summary tables.
type Figure struct {
	Name         string
	URL          string
	Count        int
	AnnualValue  money.Pence
	ResourceCost money.Pence
}

// OrganisationsPage lists partners and providers.
type OrganisationsPage struct {
	Partners  []Figure
	Providers []ProviderGroup
}

// ProviderGroup is the providers of one group.
type ProviderGroup struct {
	Name      string
	Providers []Figure
}

func buildOrganisations(s *Site) {
	// Each organisation's rows, in file order, found in one pass: scanning
	// every row for every organisation is quadratic at scale.
	rowsOf := map[string][]*ArrangementRow{}
	for _, r := range s.rows() {
		rowsOf[r.A.Partner] = append(rowsOf[r.A.Partner], r)
		if r.A.Provider != r.A.Partner {
			rowsOf[r.A.Provider] = append(rowsOf[r.A.Provider], r)
		}
	}
	// Likewise each partner's decisions, latest in the file first, and the
	// opportunities each organisation leads or joins, in order.
	history := map[string][]*dataset.Decision{}
	for i := len(s.Data.Decisions) - 1; i >= 0; i-- {
		dec := &s.Data.Decisions[i]
		history[dec.Partner] = append(history[dec.Partner], dec)
	}
	leads, joins := map[string][]*OpportunityView{}, map[string][]*OpportunityView{}
	for _, op := range s.Opportunities() {
		leads[op.O.Lead] = append(leads[op.O.Lead], op)
		for i, p := range op.O.Partners {
			if p != op.O.Lead && !slices.Contains(op.O.Partners[:i], p) {
				joins[p] = append(joins[p], op)
			}
		}
	}
	current, subjects := s.Data.CurrentDecisions(), s.subjects()
	list := &OrganisationsPage{}
	groupIndex := map[string]int{}
	for i := range s.Data.Organisations {
		o := &s.Data.Organisations[i]
		d := &OrganisationPage{Org: o}
		byService := map[string]*Figure{}
		for _, r := range rowsOf[o.ID] {
			d.Rows = append(d.Rows, r)
			d.Count++
			d.AnnualValue += r.A.AnnualValue
			d.ResourceCost += r.Cost
			f := byService[r.A.Service]
			if f == nil {
				f = &Figure{Name: r.ServiceName, URL: ServiceURL(r.A.Service)}
				byService[r.A.Service] = f
			}
			f.Count++
			f.AnnualValue += r.A.AnnualValue
			f.ResourceCost += r.Cost
		}
		for _, svc := range s.Data.Services {
			if f := byService[svc.ID]; f != nil {
				d.ByService = append(d.ByService, *f)
			}
		}
		if o.IsPartner() {
			for _, subj := range subjects {
				if dec := current[[2]string{o.ID, subj}]; dec != nil {
					d.Decisions = append(d.Decisions, s.decisionView(dec))
				}
			}
			for _, dec := range history[o.ID] {
				d.History = append(d.History, s.decisionView(dec))
			}
			sortDecisionsLatestFirst(d.History)
		}
		d.Leads = append(d.Leads, leads[o.ID]...)
		d.Opportunities = append(d.Opportunities, joins[o.ID]...)
		fig := Figure{Name: o.Name, URL: OrgURL(o.ID), Count: d.Count, AnnualValue: d.AnnualValue, ResourceCost: d.ResourceCost}
		if o.IsPartner() {
			list.Partners = append(list.Partners, fig)
		} else {
			gi, ok := groupIndex[o.Group]
			if !ok {
				gi = len(list.Providers)
				groupIndex[o.Group] = gi
				list.Providers = append(list.Providers, ProviderGroup{Name: o.Group})
			}
			list.Providers[gi].Providers = append(list.Providers[gi].Providers, fig)
		}
		role := "Provider"
		if o.IsPartner() {
			role = "Partner"
		}
		page := s.add(&Page{Path: OrgURL(o.ID), Layout: "organisation", Title: o.Name,
			Summary: role + ": what " + o.Name + " funds or delivers, its totals and its decisions.",
			Data:    d, Crumbs: []Link{{"Organisations", "/organisations/"}}, Section: "/arrangements/"})
		d.Table = s.rowTable(d.Rows, page, "arrangements", OrgURL(o.ID)+"arrangements/", "Arrangements of "+o.Name)
	}
	s.add(&Page{Path: "/organisations/", Layout: "organisations", Title: "Organisations",
		Summary: "The public sector partners that fund the services and the third sector organisations that deliver them.",
		Data:    list, Section: "/arrangements/"})
}
