package date

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseAccepted(t *testing.T) {
	cases := []struct {
		in      string
		y       int
		m       time.Month
		d       int
		english string
	}{
		{"2011-09-08", 2011, time.September, 8, "8 September 2011"},
		{"08/09/2011", 2011, time.September, 8, "8 September 2011"},
		{"8/9/2011", 2011, time.September, 8, "8 September 2011"},
		{" 2011-09-08 ", 2011, time.September, 8, "8 September 2011"},
		{"31/12/2012", 2012, time.December, 31, "31 December 2012"},
		{"1/4/2010", 2010, time.April, 1, "1 April 2010"},
		{"2012-02-29", 2012, time.February, 29, "29 February 2012"},
		{"29/02/2000", 2000, time.February, 29, "29 February 2000"},
		{"2013-01-01", 2013, time.January, 1, "1 January 2013"},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got.Year() != c.y || got.Month() != c.m || got.Day() != c.d {
			t.Errorf("Parse(%q) = %s, want %d-%02d-%02d", c.in, got.ISO(), c.y, c.m, c.d)
		}
		if s := got.String(); s != c.english {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, s, c.english)
		}
	}
}

func TestParseRefused(t *testing.T) {
	cases := []struct {
		in   string
		want string // part of the error message; "" for any
	}{
		{"08/09/11", "two-digit"},
		{"8/9/11", "two-digit"},
		{"31/04/2011", "no such date"},
		{"2011-04-31", "no such date"},
		{"2011-02-29", "no such date"},
		{"29/02/2011", "no such date"},
		{"1900-02-29", "no such date"},
		{"2011-13-01", "no such date"},
		{"13/13/2011", "no such date"},
		{"00/01/2011", "no such date"},
		{"2011-00-10", "no such date"},
		{"", ""},
		{"2011", ""},
		{"2011-9-8", ""},
		{"11-09-08", ""},
		{"2011/09/08", ""},
		{"8 September 2011", ""},
		{"08.09.2011", ""},
		{"2011-09-08T00:00:00Z", ""},
		{"aa/bb/cccc", ""},
		{"+8/9/2011", ""},
		{"008/9/2011", ""},
		{"8/9/02011", ""},
		{"0999-01-01", "no such date"},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", c.in, got.ISO())
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q): error %q, want it to mention %q", c.in, err, c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	d := Of(2011, time.September, 8)
	if d.ISO() != "2011-09-08" || d.String() != "8 September 2011" || d.MonthYear() != "September 2011" {
		t.Errorf("got %q, %q, %q", d.ISO(), d.String(), d.MonthYear())
	}
	b, err := json.Marshal(struct {
		AsAt Date `json:"as_at"`
	}{d})
	if err != nil || string(b) != `{"as_at":"2011-09-08"}` {
		t.Errorf("JSON = %s, %v", b, err)
	}
	var zero Date
	if !zero.IsZero() || zero.ISO() != "" || zero.String() != "" || zero.MonthYear() != "" {
		t.Errorf("zero date formats as %q, %q, %q", zero.ISO(), zero.String(), zero.MonthYear())
	}
	if d.IsZero() {
		t.Error("a set date reports IsZero")
	}
}

func TestFromTime(t *testing.T) {
	// 23:30 on 7 September in New York is 8 September in UTC.
	ny := time.FixedZone("EDT", -4*3600)
	got := FromTime(time.Date(2011, time.September, 7, 23, 30, 0, 0, ny))
	if !got.Equal(Of(2011, time.September, 8)) {
		t.Errorf("FromTime = %s", got.ISO())
	}
}

func TestCompare(t *testing.T) {
	a, b := Of(2011, 9, 8), Of(2011, 9, 9)
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(Of(2011, 9, 8)) {
		t.Error("comparisons wrong")
	}
}

func TestAddDaysAndDaysUntil(t *testing.T) {
	d := Of(2011, time.September, 8)
	if got := d.AddDays(12); !got.Equal(Of(2011, time.September, 20)) {
		t.Errorf("AddDays(12) = %s", got.ISO())
	}
	if got := d.AddDays(-8); !got.Equal(Of(2011, time.August, 31)) {
		t.Errorf("AddDays(-8) = %s", got.ISO())
	}
	if n := d.DaysUntil(Of(2011, time.November, 1)); n != 54 {
		t.Errorf("DaysUntil = %d, want 54", n)
	}
	if n := Of(2011, time.November, 1).DaysUntil(d); n != -54 {
		t.Errorf("DaysUntil backwards = %d, want -54", n)
	}
	// across the clocks going back in the UK makes no difference
	if n := Of(2011, time.October, 29).DaysUntil(Of(2011, time.October, 31)); n != 2 {
		t.Errorf("DaysUntil over a clock change = %d", n)
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from Date
		n    int
		want Date
	}{
		{Of(2011, 1, 31), 1, Of(2011, 2, 28)},
		{Of(2012, 1, 31), 1, Of(2012, 2, 29)},
		{Of(2011, 3, 31), 1, Of(2011, 4, 30)},
		{Of(2011, 8, 31), 1, Of(2011, 9, 30)},
		{Of(2011, 1, 31), 2, Of(2011, 3, 31)},
		{Of(2011, 9, 8), 12, Of(2012, 9, 8)},
		{Of(2011, 11, 15), 2, Of(2012, 1, 15)},
		{Of(2011, 12, 1), 1, Of(2012, 1, 1)},
		{Of(2010, 4, 1), 36, Of(2013, 4, 1)},
		{Of(2012, 2, 29), 12, Of(2013, 2, 28)},
		{Of(2011, 3, 31), -1, Of(2011, 2, 28)},
		{Of(2011, 1, 15), -1, Of(2010, 12, 15)},
		{Of(2011, 1, 15), -12, Of(2010, 1, 15)},
		{Of(2011, 1, 15), -13, Of(2009, 12, 15)},
		{Of(2011, 5, 31), -3, Of(2011, 2, 28)},
		{Of(2011, 9, 8), 0, Of(2011, 9, 8)},
		{Of(2012, 4, 1), 66, Of(2017, 10, 1)},
	}
	for _, c := range cases {
		if got := c.from.AddMonths(c.n); !got.Equal(c.want) {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", c.from.ISO(), c.n, got.ISO(), c.want.ISO())
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	cases := []struct {
		start, end   Date
		months, days int
	}{
		// DATA.md: 2010-04-01 to 2013-03-31 is 36 months (up to the day after end)
		{Of(2010, 4, 1), Of(2013, 4, 1), 36, 0},
		// and 2010-04-01 to 2011-09-30 is 18
		{Of(2010, 4, 1), Of(2011, 10, 1), 18, 0},
		{Of(2011, 4, 1), Of(2012, 4, 16), 12, 15},
		{Of(2011, 4, 1), Of(2012, 4, 15), 12, 14},
		{Of(2011, 9, 8), Of(2011, 9, 20), 0, 12},
		{Of(2011, 1, 31), Of(2011, 3, 1), 1, 1},
		{Of(2011, 1, 15), Of(2011, 2, 14), 0, 30},
		{Of(2011, 1, 15), Of(2011, 2, 15), 1, 0},
		{Of(2011, 12, 20), Of(2012, 1, 5), 0, 16},
		{Of(2011, 9, 8), Of(2011, 9, 8), 0, 0},
		{Of(2012, 9, 8), Of(2011, 9, 8), 0, 0},
	}
	for _, c := range cases {
		m, d := MonthsBetween(c.start, c.end)
		if m != c.months || d != c.days {
			t.Errorf("MonthsBetween(%s, %s) = %d months %d days, want %d months %d days",
				c.start.ISO(), c.end.ISO(), m, d, c.months, c.days)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2011-09-08", "08/09/2011", "8/9/2011", "31/04/2011", "08/09/11", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d.IsZero() {
			t.Fatalf("Parse(%q) succeeded with the zero date", s)
		}
		back, err := Parse(d.ISO())
		if err != nil || !back.Equal(d) {
			t.Fatalf("Parse(%q) = %s, but Parse of that gives %s, %v", s, d.ISO(), back.ISO(), err)
		}
	})
}

// TestFormatsMatchTimeFormat checks the hand-written ISO and String
// against time.Format's layouts over every day of some years, across
// leap years and the edges of four-digit years.
func TestFormatsMatchTimeFormat(t *testing.T) {
	for _, y := range []int{-1, 0, 1, 9, 99, 999, 1000, 1900, 2000, 2011, 2024, 9999, 10000, 12345} {
		for d := Of(y, time.January, 1); d.Year() == y; d = d.AddDays(1) {
			if d.IsZero() { // 1 January of year 1 is the unset date, formatted ""
				continue
			}
			if got, want := d.ISO(), d.Time().Format("2006-01-02"); got != want {
				t.Errorf("ISO of %v = %q, want %q", d.Time(), got, want)
			}
			if got, want := d.String(), d.Time().Format("2 January 2006"); got != want {
				t.Errorf("String of %v = %q, want %q", d.Time(), got, want)
			}
		}
	}
}
