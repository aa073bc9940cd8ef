// Package date holds calendar dates without a time of day: parsing ISO and
// UK forms, formatting them the British way and counting months and days.
package date

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day. The zero Date means "no date".
type Date struct {
	t time.Time // midnight UTC; zero when unset
}

// Of returns the date of year, month and day.
func Of(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// FromTime returns the calendar day of t in UTC.
func FromTime(t time.Time) Date {
	t = t.UTC()
	return Of(t.Year(), t.Month(), t.Day())
}

// ErrFormat is returned for a value that is not a date in an accepted form.
var ErrFormat = errors.New("not a date: expected YYYY-MM-DD or DD/MM/YYYY")

// Parse reads `2011-09-08`, `08/09/2011` or `8/9/2011` (day first). Two-digit
// years and impossible days such as 31 April are refused.
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var y, m, d int
	var err error
	switch {
	case strings.Count(s, "-") == 2:
		p := strings.Split(s, "-")
		if len(p[0]) != 4 || len(p[1]) != 2 || len(p[2]) != 2 {
			return Date{}, ErrFormat
		}
		y, m, d, err = atoi3(p[0], p[1], p[2])
	case strings.Count(s, "/") == 2:
		p := strings.Split(s, "/")
		if len(p[2]) == 2 {
			return Date{}, errors.New("two-digit years are ambiguous: write the year in full")
		}
		if len(p[2]) != 4 || len(p[0]) < 1 || len(p[0]) > 2 || len(p[1]) < 1 || len(p[1]) > 2 {
			return Date{}, ErrFormat
		}
		y, m, d, err = atoi3(p[2], p[1], p[0])
	default:
		return Date{}, ErrFormat
	}
	if err != nil {
		return Date{}, ErrFormat
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 {
		return Date{}, errors.New("no such date")
	}
	v := Of(y, time.Month(m), d)
	if v.t.Day() != d {
		return Date{}, errors.New("no such date")
	}
	return v, nil
}

func atoi3(a, b, c string) (int, int, int, error) {
	var out [3]int
	for i, s := range []string{a, b, c} {
		for _, r := range s {
			if r < '0' || r > '9' {
				return 0, 0, 0, ErrFormat
			}
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, 0, 0, err
		}
		out[i] = n
	}
	return out[0], out[1], out[2], nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int         { return d.t.Year() }
func (d Date) Month() time.Month { return d.t.Month() }
func (d Date) Day() int          { return d.t.Day() }

// ISO formats the date as `2011-09-08`, or "" when unset.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.t.Date()
	if y < 0 || y > 9999 {
		return d.t.Format("2006-01-02")
	}
	// as Format writes it, without working through the layout: a site of
	// 10,000 arrangements formats some 100,000 dates
	var b [10]byte
	put4(b[0:4], y)
	b[4] = '-'
	put2(b[5:7], int(m))
	b[7] = '-'
	put2(b[8:10], day)
	return string(b[:])
}

// put4 and put2 write n with leading zeros.
func put4(b []byte, n int) {
	put2(b[0:2], n/100)
	put2(b[2:4], n%100)
}

func put2(b []byte, n int) {
	b[0], b[1] = byte('0'+n/10), byte('0'+n%10)
}

// String formats the date the British way: `8 September 2011`.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.t.Date()
	if y < 0 || y > 9999 {
		return d.t.Format("2 January 2006")
	}
	b := make([]byte, 0, 18)
	if day >= 10 {
		b = append(b, byte('0'+day/10))
	}
	b = append(b, byte('0'+day%10), ' ')
	b = append(b, m.String()...)
	b = append(b, ' ', 0, 0, 0, 0)
	put4(b[len(b)-4:], y)
	return string(b)
}

// MonthYear formats the date as `September 2011`.
func (d Date) MonthYear() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("January 2006")
}

// MarshalText writes the ISO form, so JSON carries `"2011-09-08"`.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.ISO()), nil }

// Before, After and Equal compare two dates.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.t.Equal(o.t) }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the date n calendar months later. Days past the end of
// the target month are clamped to its last day (31 January + 1 month is
// 28 or 29 February), unlike time.AddDate.
func (d Date) AddMonths(n int) Date {
	y, m := d.t.Year(), int(d.t.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	day := d.t.Day()
	if last := daysIn(y, time.Month(m+1)); day > last {
		day = last
	}
	return Of(y, time.Month(m+1), day)
}

// DaysUntil returns the number of days from d to o (negative if o is earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.t.Sub(d.t).Hours() / 24)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MonthsBetween counts whole calendar months from start up to end (end
// exclusive) and the days left over.
func MonthsBetween(start, end Date) (months, days int) {
	if !start.Before(end) {
		return 0, 0
	}
	months = (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month())
	for months > 0 && start.AddMonths(months).After(end) {
		months--
	}
	return months, start.AddMonths(months).DaysUntil(end)
}

// TermMonths is the length of a term from start to end, both days
// included, in months as the data contract counts them: whole calendar
// months from start up to the day after end, and one more for a remainder
// of 15 days or more.
func TermMonths(start, end Date) int {
	months, days := MonthsBetween(start, end.AddDays(1))
	if days >= 15 {
		months++
	}
	return months
}
