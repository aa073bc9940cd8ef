package opendata

import (
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// TransparencyThreshold is the Code's threshold for contracts and other
// agreements: those worth more than £5,000 (here: a year) are published.
const TransparencyThreshold money.Pence = 500000

var transparencyCode = Standard{Name: "Local Government Transparency Code 2015 (England)", Version: "2015",
	URL: "https://www.gov.uk/government/publications/local-government-transparency-code-2015"}

// The Code names fields, not headings; tscip uses the fields' own words as
// the headings, in the Code's order, so a reader can match them line by
// line (standards/transparency-code.md).
var transparencyTables = []tableFiles{
	table[dataset.Arrangement]{
		name: "transparency-grants", title: "Grants to voluntary, community and social enterprise organisations",
		about: "Every arrangement of type grant (the Code sets no threshold for grants), in the Code's layout for grants to voluntary, community and social enterprise organisations.",
		std:   transparencyCode,
		rows: func(e *env) []*dataset.Arrangement {
			var out []*dataset.Arrangement
			for i := range e.set().Arrangements {
				if a := &e.set().Arrangements[i]; a.Type == "grant" {
					out = append(out, a)
				}
			}
			return out
		},
		cols: []column[dataset.Arrangement]{
			day("Date the grant was awarded", "The grant's start date (tscip records no separate award date).", func(a *dataset.Arrangement) date.Date { return a.Start }),
			textEnv("Time period for which the grant has been given", "From the start date to the end date (YYYY-MM-DD to YYYY-MM-DD) and the duration in months, or from the start date, rolling, when it has no end.", func(a *dataset.Arrangement, _ *env) string { return periodText(a) }),
			textEnv("Local authority department which awarded the grant", "The partner that funds the grant (tscip records partners, not their departments).", func(a *dataset.Arrangement, e *env) string { return e.orgName(a.Partner) }),
			textEnv("Beneficiary", "The organisation that receives the grant.", func(a *dataset.Arrangement, e *env) string { return e.orgName(a.Provider) }),
			textEnv("Beneficiary's registration number (where applicable)", "The beneficiary's org-id identifier, such as GB-CHC-1234567 (charity) or GB-COH-01234567 (company), where organisations.csv records one.", func(a *dataset.Arrangement, e *env) string {
				if o := e.org(a.Provider); o != nil {
					return o.Identifier
				}
				return ""
			}),
			textEnv("Summary of the purpose of the grant", "The service the grant pays for.", func(a *dataset.Arrangement, e *env) string { return e.serviceName(a.Service) }),
			pounds("Amount", "The amount awarded in total: the annual value × the duration in years (rounded to the penny); for a rolling grant, one year's value. The same figure as amountAwarded in 360giving.json.", false, func(a *dataset.Arrangement, _ *env) money.Pence { return GrantAmount(a) }),
		},
	},
	table[dataset.Arrangement]{
		name: "transparency-contracts", title: "Contracts and other agreements over £5,000",
		about: "Every contract and service level agreement worth more than £5,000 a year, in the Code's layout for contracts and other agreements.",
		std:   transparencyCode,
		rows: func(e *env) []*dataset.Arrangement {
			var out []*dataset.Arrangement
			for i := range e.set().Arrangements {
				if a := &e.set().Arrangements[i]; (a.Type == "contract" || a.Type == "sla") && a.AnnualValue > TransparencyThreshold {
					out = append(out, a)
				}
			}
			return out
		},
		cols: []column[dataset.Arrangement]{
			slug("Reference number", "The arrangement's id in arrangements.csv.", func(a *dataset.Arrangement) string { return a.ID }),
			textEnv("Title of agreement", "The kind of agreement, the service and the supplier.", func(a *dataset.Arrangement, e *env) string {
				return agreementName(a.Type) + ": " + e.serviceName(a.Service) + ", " + e.orgName(a.Provider)
			}),
			textEnv("Local authority department responsible", "The partner that funds the agreement (tscip records partners, not their departments).", func(a *dataset.Arrangement, e *env) string { return e.orgName(a.Partner) }),
			textEnv("Description of the goods and/or services being provided", "The service, with its summary from services.csv.", func(a *dataset.Arrangement, e *env) string {
				if s := e.set().Service(a.Service); s != nil && s.Summary != "" {
					return s.Name + ": " + s.Summary
				}
				return e.serviceName(a.Service)
			}),
			textEnv("Supplier name and details", "The provider's name and, where known, its website.", func(a *dataset.Arrangement, e *env) string {
				o := e.org(a.Provider)
				if o == nil {
					return a.Provider
				}
				if o.Website != "" {
					return o.Name + ", " + o.Website
				}
				return o.Name
			}),
			pounds("Sum to be paid over the length of the contract, or the estimated annual spending or budget for the contract", "The estimated annual spending: the arrangement's annual value.", false, func(a *dataset.Arrangement, _ *env) money.Pence { return a.AnnualValue }),
			text("Value Added Tax that cannot be recovered", "Not recorded by tscip: left empty.", func(a *dataset.Arrangement) string { return "" }),
			textEnv("Start, end and review dates", "Start and end dates (YYYY-MM-DD to YYYY-MM-DD), or the start date and rolling when there is no end; tscip records no review dates.", func(a *dataset.Arrangement, _ *env) string { return periodText(a) }),
			text("Whether the contract was the result of an invitation to quote or a published invitation to tender", "From the route: published invitation to tender (open-tender), invitation to quote (quotation), or neither and how it was let.", func(a *dataset.Arrangement) string { return routeWords[a.Route] }),
			textEnv("Whether the supplier is a small or medium-sized enterprise and/or a voluntary or community sector organisation, and where it is, its registration number", "Every provider in tscip is a voluntary or community sector organisation; its org-id identifier follows where organisations.csv records one.", func(a *dataset.Arrangement, e *env) string {
				s := "Voluntary or community sector organisation"
				if o := e.org(a.Provider); o != nil && o.Identifier != "" {
					s += ": " + o.Identifier
				}
				return s
			}),
		},
	},
}

// period describes an arrangement's dates in one cell.
func periodText(a *dataset.Arrangement) string {
	if a.Rolling() {
		return a.Start.ISO() + " onwards, rolling (no end date)"
	}
	m := GrantMonths(a.Start, a.End)
	unit := " months"
	if m == 1 {
		unit = " month"
	}
	return a.Start.ISO() + " to " + a.End.ISO() + " (" + itoa(m) + unit + ")"
}

var routeWords = map[string]string{
	"open-tender":       "Published invitation to tender",
	"quotation":         "Invitation to quote",
	"direct-award":      "Neither: awarded directly",
	"grant-application": "Neither: grant application",
	"rolled-over":       "Neither: rolled over from an earlier agreement",
	"inherited":         "Neither: inherited from another body",
	"unknown":           "Not known",
}

func agreementName(t string) string {
	switch t {
	case "sla":
		return "Service level agreement"
	case "contract":
		return "Contract"
	}
	return "Grant"
}
