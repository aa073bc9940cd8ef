package savings

import (
	"math/big"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// Scenario is one set of partners commissioning together, with its savings
// and return on investment.
type Scenario struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Description  string      `json:"-"`
	PartnerIDs   []string    `json:"partner_ids"`
	Partners     int         `json:"partners"`
	Arrangements int         `json:"arrangements"`
	AnnualValue  money.Pence `json:"annual_value"`
	CurrentCost  money.Pence `json:"current_cost"`
	SharedCost   money.Pence `json:"shared_cost"`
	Saving       money.Pence `json:"saving"`

	ProgrammeCost    money.Pence `json:"programme_cost"`
	SavingsInHorizon money.Pence `json:"savings_in_horizon"`
	// ROIPercent is the return on investment to one decimal, as text such
	// as "58.0"; ROIDefined is false when programme costs are zero.
	ROIPercent  *Percent    `json:"roi_percent"`
	PaybackYear int         `json:"payback_year,omitempty"`
	NPV         money.Pence `json:"npv"`
	Years       []Year      `json:"years"`

	Contracts []Contract `json:"contracts"`
	// Unchanged lists the services whose arrangements stay as they are, and why.
	Unchanged []Unchanged `json:"unchanged,omitempty"`
}

// Contract is one shared aligned-budget contract of a scenario.
type Contract struct {
	Service      string      `json:"service"`
	ServiceName  string      `json:"-"`
	Partners     int         `json:"partners"`
	PartnerIDs   []string    `json:"-"`
	Arrangements int         `json:"arrangements"`
	CurrentCost  money.Pence `json:"current_cost"`
	Cost         money.Pence `json:"cost"`
	Saving       money.Pence `json:"saving"`
	Start        date.Date   `json:"start"`
	AnnualSaving money.Pence `json:"annual_saving"`
}

// Unchanged is a service a scenario does not commission jointly.
type Unchanged struct {
	Service     string      `json:"service"`
	ServiceName string      `json:"-"`
	Partners    int         `json:"partners"`
	CurrentCost money.Pence `json:"current_cost"`
	Reason      string      `json:"reason"`
}

// Year is one programme year of the return on investment.
type Year struct {
	N          int         `json:"year"`
	From       date.Date   `json:"from"`
	To         date.Date   `json:"to"` // last day within the horizon
	Months     int         `json:"months"`
	Cost       money.Pence `json:"cost"`
	Savings    money.Pence `json:"savings"`
	Net        money.Pence `json:"net"`
	Cumulative money.Pence `json:"cumulative"`
	Discounted money.Pence `json:"discounted"`
}

// Percent is a percentage to one decimal place.
type Percent struct {
	Tenths int64 // 580 is 58.0%
}

// String formats the percentage as `58.0`.
func (p Percent) String() string {
	t := p.Tenths
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return sign + itoa(t/10) + "." + itoa(t%10)
}

// MarshalJSON writes the percentage as a number with one decimal.
func (p Percent) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

func itoa(n int64) string { return big.NewInt(n).String() }

// SharedContractCost is fixed + per_partner × n for a service, rounded once.
func SharedContractCost(cfg *config.Site, service string, n int) money.Pence {
	cm := cfg.SharedCost.For(service)
	r := new(big.Rat).Mul(cm.PerPartner.Rat(), big.NewRat(int64(n), 1))
	r.Add(r, cm.Fixed.Rat())
	return money.Round(r)
}

func computeScenario(set *dataset.Set, cfg *config.Site, m *Model, sc config.Scenario) Scenario {
	in := map[string]bool{}
	out := Scenario{ID: sc.ID, Name: sc.Name, Description: sc.Description}
	if sc.Partners == nil {
		for _, p := range set.Partners() {
			in[p.ID] = true
			out.PartnerIDs = append(out.PartnerIDs, p.ID)
		}
	} else {
		for _, id := range sc.Partners {
			if !in[id] {
				in[id] = true
				out.PartnerIDs = append(out.PartnerIDs, id)
			}
		}
	}
	out.Partners = len(out.PartnerIDs)

	type serviceSum struct {
		count    int
		cost     money.Pence
		partners []string
		seen     map[string]bool
	}
	per := map[string]*serviceSum{}
	for i := range set.Arrangements {
		a := &set.Arrangements[i]
		if !in[a.Partner] {
			continue
		}
		out.Arrangements++
		out.AnnualValue += a.AnnualValue
		out.CurrentCost += m.Costs[i]
		s := per[a.Service]
		if s == nil {
			s = &serviceSum{seen: map[string]bool{}}
			per[a.Service] = s
		}
		s.count++
		s.cost += m.Costs[i]
		if !s.seen[a.Partner] {
			s.seen[a.Partner] = true
			s.partners = append(s.partners, a.Partner)
		}
	}
	out.SharedCost = out.CurrentCost
	for _, svc := range set.Services {
		s := per[svc.ID]
		if s == nil {
			continue
		}
		n := len(s.partners)
		cost := SharedContractCost(cfg, svc.ID, n)
		switch {
		case n < 2:
			out.Unchanged = append(out.Unchanged, Unchanged{svc.ID, svc.Name, n, s.cost, "only one partner in this scenario funds it"})
		case cost >= s.cost:
			out.Unchanged = append(out.Unchanged, Unchanged{svc.ID, svc.Name, n, s.cost, "a shared contract would cost no less than the arrangements do now"})
		default:
			out.SharedCost += cost - s.cost
			out.Contracts = append(out.Contracts, Contract{
				Service: svc.ID, ServiceName: svc.Name, Partners: n, PartnerIDs: s.partners,
				Arrangements: s.count, CurrentCost: s.cost, Cost: cost, Saving: s.cost - cost,
				Start: contractStart(set, sc, svc.ID),
			})
		}
	}
	out.Saving = out.CurrentCost - out.SharedCost
	roi(cfg, sc, &out)
	return out
}

// contractStart is the contract_start of the service's aligned-budgets
// opportunity, else the scenario's default.
func contractStart(set *dataset.Set, sc config.Scenario, service string) date.Date {
	for _, o := range set.Opportunities {
		if o.Service == service && o.Model == "aligned-budgets" && !o.ContractStart.IsZero() && o.Status != "cancelled" {
			return o.ContractStart
		}
	}
	return sc.ContractStart
}

// monthIndex is the number of whole months from the programme's start to d,
// rounded up: saving begins at the first whole month on or after d.
func monthIndex(start, d date.Date) int {
	if d.IsZero() || !start.Before(d) {
		return 0
	}
	months, days := date.MonthsBetween(start, d)
	if days > 0 {
		months++
	}
	return months
}

// roi fills the programme years, savings in the horizon, ROI, payback and
// net present value.
func roi(cfg *config.Site, sc config.Scenario, out *Scenario) {
	H := cfg.HorizonMonths
	years := (H + 11) / 12
	savings := make([]*big.Rat, years) // exact pence per programme year
	for y := range savings {
		savings[y] = new(big.Rat)
	}
	for i := range out.Contracts {
		c := &out.Contracts[i]
		perYear := new(big.Rat).Mul(new(big.Rat).Sub(c.CurrentCost.Rat(), c.Cost.Rat()), big.NewRat(1, 3))
		c.AnnualSaving = money.Round(perYear)
		perMonth := new(big.Rat).Quo(perYear, big.NewRat(12, 1))
		first := monthIndex(cfg.Start, c.Start)
		for y := 0; y < years; y++ {
			lo, hi := max(first, 12*y), min(12*(y+1), H)
			if hi > lo {
				savings[y].Add(savings[y], new(big.Rat).Mul(perMonth, big.NewRat(int64(hi-lo), 1)))
			}
		}
	}
	totalSave, totalCost := new(big.Rat), new(big.Rat)
	cum, npv := new(big.Rat), new(big.Rat)
	factor := big.NewRat(1, 1)
	onePlus := new(big.Rat).Add(big.NewRat(1, 1), cfg.DiscountRate)
	for y := 0; y < years; y++ {
		cost := new(big.Rat)
		if y < len(sc.ProgrammeCosts) {
			cost = sc.ProgrammeCosts[y].Rat()
		}
		net := new(big.Rat).Sub(savings[y], cost)
		cum.Add(cum, net)
		disc := new(big.Rat).Quo(net, factor)
		npv.Add(npv, disc)
		totalSave.Add(totalSave, savings[y])
		totalCost.Add(totalCost, cost)
		from := cfg.Start.AddMonths(12 * y)
		months := min(12, H-12*y)
		out.Years = append(out.Years, Year{
			N: y + 1, From: from, To: from.AddMonths(months).AddDays(-1), Months: months,
			Cost: money.Round(cost), Savings: money.Round(savings[y]), Net: money.Round(net),
			Cumulative: money.Round(cum), Discounted: money.Round(disc),
		})
		if out.PaybackYear == 0 && cum.Sign() >= 0 {
			out.PaybackYear = y + 1
		}
		factor = new(big.Rat).Mul(factor, onePlus)
	}
	out.ProgrammeCost = money.Round(totalCost)
	out.SavingsInHorizon = money.Round(totalSave)
	out.NPV = money.Round(npv)
	if totalCost.Sign() > 0 {
		r := new(big.Rat).Sub(totalSave, totalCost)
		r.Quo(r, totalCost)
		r.Mul(r, big.NewRat(1000, 1)) // tenths of a percent
		out.ROIPercent = &Percent{Tenths: int64(money.Round(r))}
	}
}
