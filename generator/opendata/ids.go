package opendata

import (
	"math"
	"math/big"
	"regexp"
	"strings"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// OrgIdentifier is an organisation's identifier in every export: its org-id
// identifier (GB-LAE-STS, GB-CHC-1234567) where organisations.csv has one,
// else an internal one under the site's 360Giving prefix: 360G-tscip-asist.
func OrgIdentifier(cfg *config.Site, o *dataset.Organisation) string {
	if o.Identifier != "" {
		return o.Identifier
	}
	return cfg.GrantPrefix + "-" + o.ID
}

// GrantID is an arrangement's 360Giving grant identifier: 360G-tscip-<id>.
func GrantID(cfg *config.Site, a *dataset.Arrangement) string {
	return cfg.GrantPrefix + "-" + a.ID
}

// OCID is an opportunity's Open Contracting id: ocds-tscip-<id>.
func OCID(cfg *config.Site, o *dataset.Opportunity) string {
	return cfg.OCIDPrefix + "-" + o.ID
}

// OrgIDPattern is the shape of an org-id identifier: scheme (country and
// register) and the organisation's id in that register.
var OrgIDPattern = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9.-]+$`)

// splitOrgID returns an org-id identifier's scheme (GB-COH) and id
// (01234567, leading zeros kept), or "" when it is not one.
func splitOrgID(identifier string) (scheme, id string) {
	if !OrgIDPattern.MatchString(identifier) {
		return "", ""
	}
	i := strings.IndexByte(identifier, '-')
	j := strings.IndexByte(identifier[i+1:], '-') + i + 1
	return identifier[:j], identifier[j+1:]
}

// registrations gives the charity and company numbers an org-id identifier
// carries, as strings so that leading zeros stay.
func registrations(identifier string) (charity, company string) {
	scheme, id := splitOrgID(identifier)
	switch scheme {
	case "GB-CHC", "GB-SC", "GB-NIC":
		return id, ""
	case "GB-COH":
		return "", id
	}
	return "", ""
}

// GrantMonths is the duration of a grant in months: whole calendar months
// from start up to the day after end, one more for a remainder of 15 days
// or more, at least one. It is zero for a rolling grant (no end). Unlike the
// life in months of the business case, it has no floor of twelve: a
// six-month grant lasts six months.
func GrantMonths(start, end date.Date) int {
	if start.IsZero() || end.IsZero() {
		return 0
	}
	return max(date.TermMonths(start, end), 1)
}

// GrantAmount is the amount a grant awards in total: its annual value ×
// its duration in years (annual value × months ÷ 12, rounded half up to the
// penny once); for a rolling grant, with no end, one year's value.
func GrantAmount(a *dataset.Arrangement) money.Pence {
	m := GrantMonths(a.Start, a.End)
	if m == 0 {
		return a.AnnualValue
	}
	// in whole numbers while twice the product fits, as it does for any
	// real grant: |value| × months ÷ 12, half up, is (2 × |value| × months
	// + 12) ÷ 24
	if v := int64(a.AnnualValue); v > math.MinInt64 && m > 0 {
		neg := v < 0
		if neg {
			v = -v
		}
		if v <= (math.MaxInt64-12)/(2*int64(m)) {
			q := (2*v*int64(m) + 12) / 24
			if neg {
				q = -q
			}
			return money.Pence(q)
		}
	}
	return money.Round(new(big.Rat).Mul(a.AnnualValue.Rat(), big.NewRat(int64(m), 12)))
}

// AnnualValue is the inverse for importing: the annual value of a total
// awarded over a number of months (total × 12 ÷ months, rounded half up to
// the penny once). Months that are nil or not positive count as one year.
func AnnualValue(total money.Pence, months *big.Rat) money.Pence {
	if months == nil || months.Sign() <= 0 {
		return total
	}
	r := new(big.Rat).Mul(total.Rat(), big.NewRat(12, 1))
	return money.Round(r.Quo(r, months))
}
