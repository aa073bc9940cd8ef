package site

import (
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
)

// ServicePage is one service area.
type ServicePage struct {
	Service       *dataset.Service
	Rows          []*ArrangementRow
	Table         *RowTable // Rows, split into pages when long
	Count         int
	AnnualValue   money.Pence
	ResourceCost  money.Pence
	Funders       []Figure
	Providers     []Figure
	Due           []*ArrangementRow
	DuePartners   []*dataset.Organisation
	Candidate     bool // two or more partners have arrangements falling due
	Opportunities []*OpportunityView
}

// ServicesPage lists the service areas.
type ServicesPage struct {
	Services []Figure
}

func buildServices(s *Site) {
	list := &ServicesPage{}
	for i := range s.Data.Services {
		svc := &s.Data.Services[i]
		d := &ServicePage{Service: svc}
		funders, providers := map[string]*Figure{}, map[string]*Figure{}
		var funderOrder, providerOrder []string
		due := map[string]bool{}
		for _, r := range s.rows() {
			if r.A.Service != svc.ID {
				continue
			}
			d.Rows = append(d.Rows, r)
			d.Count++
			d.AnnualValue += r.A.AnnualValue
			d.ResourceCost += r.Cost
			for _, side := range []struct {
				id    string
				m     map[string]*Figure
				order *[]string
			}{{r.A.Partner, funders, &funderOrder}, {r.A.Provider, providers, &providerOrder}} {
				f := side.m[side.id]
				if f == nil {
					f = &Figure{Name: s.OrgName(side.id), URL: OrgURL(side.id)}
					side.m[side.id] = f
					*side.order = append(*side.order, side.id)
				}
				f.Count++
				f.AnnualValue += r.A.AnnualValue
				f.ResourceCost += r.Cost
			}
			if r.Due {
				d.Due = append(d.Due, r)
				if !due[r.A.Partner] {
					due[r.A.Partner] = true
					d.DuePartners = append(d.DuePartners, r.Partner)
				}
			}
		}
		for _, id := range funderOrder {
			d.Funders = append(d.Funders, *funders[id])
		}
		for _, id := range providerOrder {
			d.Providers = append(d.Providers, *providers[id])
		}
		d.Candidate = len(d.DuePartners) >= 2
		for _, op := range s.Opportunities() {
			if op.O.Service == svc.ID {
				d.Opportunities = append(d.Opportunities, op)
			}
		}
		list.Services = append(list.Services, Figure{Name: svc.Name, URL: ServiceURL(svc.ID), Count: d.Count, AnnualValue: d.AnnualValue, ResourceCost: d.ResourceCost})
		page := s.add(&Page{Path: ServiceURL(svc.ID), Layout: "service", Title: svc.Name, Summary: svc.Summary, Data: d,
			Crumbs: []Link{{"Services", "/services/"}}, Section: "/arrangements/"})
		d.Table = s.rowTable(d.Rows, page, "arrangements", ServiceURL(svc.ID)+"arrangements/", "Arrangements for "+svc.Name)
	}
	s.add(&Page{Path: "/services/", Layout: "services", Title: "Services",
		Summary: "The service areas the partners fund, with who funds and who delivers each.", Data: list, Section: "/arrangements/"})
}
