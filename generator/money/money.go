// Package money holds amounts of pounds sterling as integer pence: parsing
// them as people write them, formatting them the British way, and rounding
// exact fractions half up to the penny.
package money

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// Pence is an amount of money in pence. It is never a float.
type Pence int64

// Errors returned by Parse; the caller adds the position and the value.
var (
	ErrEmpty    = errors.New("an amount is required")
	ErrNegative = errors.New("negative amounts are not allowed")
	ErrDecimals = errors.New("more than two decimal places")
	ErrFormat   = errors.New("not an amount of money: expected pounds such as 12500, 12,500.50 or £12,500")
	ErrTooLarge = errors.New("amount too large")
)

// Parse reads an amount such as `12500`, `12500.5`, `12,500.50` or `£12,500`.
// Surrounding spaces are ignored; negative amounts, brackets, more than two
// decimals and anything else are errors.
func Parse(s string) (Pence, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrEmpty
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "£-") || strings.HasPrefix(s, "(") {
		return 0, ErrNegative
	}
	s = strings.TrimPrefix(s, "£")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" {
		return 0, ErrFormat
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, ErrFormat
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, ErrFormat
			}
		}
		whole = strings.Join(groups, "")
	}
	if !allDigits(whole) {
		return 0, ErrFormat
	}
	if hasDot {
		if frac == "" || !allDigits(frac) {
			return 0, ErrFormat
		}
		if len(frac) > 2 {
			return 0, ErrDecimals
		}
	}
	if len(whole) > 15 {
		return 0, ErrTooLarge
	}
	pounds, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrFormat
	}
	p := pounds * 100
	switch len(frac) {
	case 1:
		p += int64(frac[0]-'0') * 10
	case 2:
		p += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	return Pence(p), nil
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

// FromPounds returns whole pounds as pence.
func FromPounds(pounds int64) Pence { return Pence(pounds * 100) }

// String formats the amount as `£426,937` when it is whole pounds and as
// `£12,500.50` otherwise; negative amounts lead with a minus sign.
func (p Pence) String() string { return p.format(false) }

// Full formats the amount always with pence: `£12,500.00`.
func (p Pence) Full() string { return p.format(true) }

// format writes the amount into one string: pages show thousands of
// amounts.
func (p Pence) format(full bool) string {
	var buf [48]byte
	b := buf[:0]
	n := uint64(p) // the magnitude, even of the most negative amount
	if p < 0 {
		b = append(b, "−"...)
		n = -n
	}
	b = append(b, "£"...)
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], n/100, 10)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	if pp := n % 100; full || pp != 0 {
		b = append(b, '.', byte('0'+pp/10), byte('0'+pp%10))
	}
	return string(b)
}

// Decimal formats the amount in pounds with two decimals and no symbol or
// separators, as downloads and JSON carry it: `426937.00`, `-12.50`.
func (p Pence) Decimal() string {
	neg := p < 0
	if neg {
		p = -p
	}
	s := strconv.FormatInt(int64(p)/100, 10) + "." + twoDigits(int64(p)%100)
	if neg {
		return "-" + s
	}
	return s
}

// MarshalJSON writes the amount in pounds as a JSON number with two decimals.
func (p Pence) MarshalJSON() ([]byte, error) { return []byte(p.Decimal()), nil }

// Rat returns the amount in pence as an exact fraction.
func (p Pence) Rat() *big.Rat { return new(big.Rat).SetInt64(int64(p)) }

// Round rounds an exact number of pence half up (away from zero) to a whole
// penny.
func Round(r *big.Rat) Pence {
	num := new(big.Int).Set(r.Num())
	den := r.Denom()
	neg := num.Sign() < 0
	if neg {
		num.Neg(num)
	}
	// floor((2*num + den) / (2*den))
	twice := new(big.Int).Lsh(num, 1)
	twice.Add(twice, den)
	q := new(big.Int).Quo(twice, new(big.Int).Lsh(den, 1))
	v := q.Int64()
	if neg {
		v = -v
	}
	return Pence(v)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// Hours is a number of officer hours held in hundredths, so that sums stay
// exact.
type Hours int64

// ParseHours reads `7.5` or `12`; empty means zero. At most two decimals.
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(s, "-") {
		return 0, errors.New("negative hours are not allowed")
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(whole) || (hasDot && !allDigits(frac)) || len(whole) > 12 {
		return 0, errors.New("not a number of hours: expected a number such as 7.5")
	}
	if len(frac) > 2 {
		return 0, errors.New("hours have more than two decimal places")
	}
	h, _ := strconv.ParseInt(whole, 10, 64)
	v := h * 100
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return Hours(v + f), nil
}

// Rat returns the hours as an exact fraction.
func (h Hours) Rat() *big.Rat { return big.NewRat(int64(h), 100) }

// String formats hours without trailing zeros: `7.5`, `12`.
func (h Hours) String() string {
	s := strconv.FormatInt(int64(h)/100, 10)
	if f := int64(h) % 100; f != 0 {
		fs := twoDigits(f)
		fs = strings.TrimRight(fs, "0")
		s += "." + fs
	}
	return s
}
