package importer

import (
	"errors"
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// errNegative marks an amount below zero: a credit note or refund.
var errNegative = errors.New("negative amount")

// parseAmount reads money as councils' files write it: 12500, 12,500.50,
// £12,500, "£ 12,500.00", GBP 12500. Negative amounts (-250, £-250, (250),
// 250-, 250 CR) return errNegative so that they are reported, never netted.
func parseAmount(s string) (money.Pence, error) {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if t == "" {
		return 0, errors.New("no amount")
	}
	up := strings.ToUpper(t)
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") || strings.HasPrefix(t, "–") ||
		strings.HasPrefix(t, "£-") || strings.HasPrefix(t, "£−") || strings.HasPrefix(up, "GBP -") || strings.HasPrefix(up, "GBP-") ||
		(strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")) ||
		strings.HasSuffix(t, "-") || strings.HasSuffix(up, "CR") {
		return 0, errNegative
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(up, "GBP"), "GBP"))
	t = strings.ReplaceAll(t, " ", "")
	p, err := money.Parse(t)
	if err != nil {
		return 0, err
	}
	return p, nil
}

// parseJSONAmount reads a JSON number (or a string holding one) exactly:
// 12500, 12500.5, 1.25e4. It never goes through a float.
func parseJSONAmount(raw string) (money.Pence, error) {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), `"`))
	if t == "" || t == "null" {
		return 0, errors.New("no amount")
	}
	if strings.HasPrefix(t, "-") {
		return 0, errNegative
	}
	if r, ok := new(big.Rat).SetString(t); ok {
		r.Mul(r, big.NewRat(100, 1))
		if !r.IsInt() {
			return 0, money.ErrDecimals
		}
		if !r.Num().IsInt64() || r.Num().Int64() > 1e17 {
			return 0, money.ErrTooLarge
		}
		return money.Pence(r.Num().Int64()), nil
	}
	return parseAmount(t) // "£12,500" as a string
}

var (
	monthNames = map[string]time.Month{}
	longDate   = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]+)\.?[ -](\d{2,4})$`)
)

func init() {
	for m := time.January; m <= time.December; m++ {
		n := strings.ToLower(m.String())
		monthNames[n] = m
		monthNames[n[:3]] = m
	}
	monthNames["sept"] = time.September
}

// parseDate reads 2011-04-01, 01/04/2011 (day first), 1/4/2011, ISO
// date-times (2011-04-01T00:00:00Z), Excel's 01/04/2011 00:00, 1 April 2011
// and 01-Apr-2011. Two-digit years are refused: 01/04/11 is ambiguous.
func parseDate(s string) (date.Date, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return date.Date{}, errors.New("no date")
	}
	if d, err := date.Parse(t); err == nil {
		return d, nil
	}
	if len(t) > 10 && (t[10] == 'T' || t[10] == ' ') && strings.Count(t[:10], "-") == 2 {
		return date.Parse(t[:10])
	}
	if first, _, ok := strings.Cut(t, " "); ok && strings.Count(first, "/") == 2 {
		return date.Parse(first)
	}
	if m := longDate.FindStringSubmatch(t); m != nil {
		month, ok := monthNames[strings.ToLower(m[2])]
		if !ok {
			return date.Date{}, date.ErrFormat
		}
		if len(m[3]) != 4 {
			return date.Date{}, errors.New("two-digit years are ambiguous: write the year in full")
		}
		return date.Parse(m[3] + "-" + twoDigits(int(month)) + "-" + pad2(m[1]))
	}
	return date.Parse(t) // its error names the accepted forms
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// parseMonths reads a duration in months: 18, 18.0, 6.5.
func parseMonths(s string) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, nil
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok || r.Sign() <= 0 || r.Cmp(big.NewRat(1200, 1)) > 0 {
		return nil, errors.New("duration must be a number of months above zero, such as 12 or 18")
	}
	return r, nil
}

// wholeMonths rounds a duration to whole months, half up, for an end date.
func wholeMonths(r *big.Rat) int {
	twice := new(big.Int).Mul(r.Num(), big.NewInt(2))
	twice.Add(twice, r.Denom())
	return int(new(big.Int).Quo(twice, new(big.Int).Mul(r.Denom(), big.NewInt(2))).Int64())
}

// normName makes names comparable: case, spaces and "&"/"and" aside.
func normName(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	return strings.Join(strings.Fields(s), " ")
}

// redacted reports whether a recipient's name was withheld, as councils'
// spend files do for payments to individuals.
func redacted(name string) bool {
	n := normName(name)
	return strings.Contains(n, "redact") || n == "withheld" || n == "personal data" || n == "personal information"
}

// companyIdentifier gives the org-id identifier of a company number,
// keeping leading zeros and restoring those a spreadsheet dropped
// (Companies House numbers have eight characters).
func companyIdentifier(n string) string {
	n = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(n), " ", ""))
	if n == "" {
		return ""
	}
	if allDigits(n) && len(n) < 8 {
		n = strings.Repeat("0", 8-len(n)) + n
	}
	if !regexp.MustCompile(`^[A-Z0-9]{8}$`).MatchString(n) {
		return ""
	}
	return "GB-COH-" + n
}

// charityIdentifier gives the org-id identifier of a charity number:
// England and Wales (digits), Scotland (SC…) or Northern Ireland (NIC…).
func charityIdentifier(n string) string {
	n = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(n), " ", ""))
	switch {
	case n == "":
		return ""
	case strings.HasPrefix(n, "SC") && allDigits(n[2:]):
		return "GB-SC-" + n
	case strings.HasPrefix(n, "NIC") && allDigits(n[3:]):
		return "GB-NIC-" + n[3:]
	case allDigits(n):
		return "GB-CHC-" + n
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
