package money

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"testing"
)

func TestParseAccepted(t *testing.T) {
	cases := []struct {
		in   string
		want Pence
	}{
		{"12500", 1250000},
		{"12500.5", 1250050},
		{"12500.00", 1250000},
		{"12500.05", 1250005},
		{"12,500.50", 1250050},
		{"£12,500", 1250000},
		{"£12,500.50", 1250050},
		{"£12500", 1250000},
		{"  12500  ", 1250000},
		{"\t£1,234,567.89 ", 123456789},
		{"0", 0},
		{"0.01", 1},
		{"999", 99900},
		{"1,000", 100000},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %d pence, want %d", c.in, got, c.want)
		}
	}
}

func TestParseRefused(t *testing.T) {
	cases := []struct {
		in   string
		want error // nil: any error will do
	}{
		{"", ErrEmpty},
		{"   ", ErrEmpty},
		{"-5", ErrNegative},
		{"-12,500.50", ErrNegative},
		{"£-5", ErrNegative},
		{"(100)", ErrNegative},
		{"(£1,000.00)", ErrNegative},
		{"12500.505", ErrDecimals},
		{"1.234", ErrDecimals},
		{"1,25,000", ErrFormat},
		{"12,50", ErrFormat},
		{"1,2500", ErrFormat},
		{",500", ErrFormat},
		{"1234,567", ErrFormat},
		{"12500.", ErrFormat},
		{".5", ErrFormat},
		{"£", ErrFormat},
		{"abc", ErrFormat},
		{"12k", ErrFormat},
		{"12500GBP", ErrFormat},
		{"1e5", ErrFormat},
		{"12 500", ErrFormat},
		{"£ 12", ErrFormat},
		{"+12", ErrFormat},
		{"1.2.3", ErrFormat},
		{"$12", ErrFormat},
		{"12.5x", ErrFormat},
		{"1234567890123456", ErrTooLarge},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %d, want an error", c.in, got)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("Parse(%q): error %q, want %q", c.in, err, c.want)
		}
	}
}

func TestPenceFormats(t *testing.T) {
	cases := []struct {
		p                      Pence
		str, full, dec, asJSON string
	}{
		{42693700, "£426,937", "£426,937.00", "426937.00", "426937.00"},
		{1250050, "£12,500.50", "£12,500.50", "12500.50", "12500.50"},
		{1250005, "£12,500.05", "£12,500.05", "12500.05", "12500.05"},
		{0, "£0", "£0.00", "0.00", "0.00"},
		{1, "£0.01", "£0.01", "0.01", "0.01"},
		{99900, "£999", "£999.00", "999.00", "999.00"},
		{100000, "£1,000", "£1,000.00", "1000.00", "1000.00"},
		{600000000, "£6,000,000", "£6,000,000.00", "6000000.00", "6000000.00"},
		{-1250, "−£12.50", "−£12.50", "-12.50", "-12.50"},
		{-100000, "−£1,000", "−£1,000.00", "-1000.00", "-1000.00"},
	}
	for _, c := range cases {
		if got := c.p.String(); got != c.str {
			t.Errorf("Pence(%d).String() = %q, want %q", c.p, got, c.str)
		}
		if got := c.p.Full(); got != c.full {
			t.Errorf("Pence(%d).Full() = %q, want %q", c.p, got, c.full)
		}
		if got := c.p.Decimal(); got != c.dec {
			t.Errorf("Pence(%d).Decimal() = %q, want %q", c.p, got, c.dec)
		}
		b, err := json.Marshal(c.p)
		if err != nil {
			t.Errorf("json.Marshal(Pence(%d)): %v", c.p, err)
		} else if string(b) != c.asJSON {
			t.Errorf("json.Marshal(Pence(%d)) = %s, want %s", c.p, b, c.asJSON)
		}
	}
}

func TestMarshalJSONInStruct(t *testing.T) {
	v := struct {
		Cost Pence `json:"cost"`
	}{Cost: 4100000}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"cost":41000.00}` {
		t.Errorf("got %s", b)
	}
	var back struct {
		Cost float64 `json:"cost"`
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Cost != 41000 {
		t.Errorf("round trip: %v, %v", back.Cost, err)
	}
}

func TestParseFormatRoundTrip(t *testing.T) {
	for _, p := range []Pence{0, 1, 10, 99, 100, 123456, 42693700, 1250050} {
		for _, s := range []string{p.String(), p.Full(), p.Decimal()} {
			got, err := Parse(s)
			if err != nil || got != p {
				t.Errorf("Parse(%q) = %d, %v; want %d", s, got, err, p)
			}
		}
	}
}

func TestRound(t *testing.T) {
	cases := []struct {
		num, den int64
		want     Pence
	}{
		{5, 2, 3},     // 2.5 → 3: half up
		{7, 2, 4},     // 3.5 → 4
		{1, 2, 1},     // 0.5 → 1
		{249, 100, 2}, // 2.49 → 2
		{251, 100, 3}, // 2.51 → 3
		{-5, 2, -3},   // −2.5 → −3: half away from zero
		{-1, 2, -1},   // −0.5 → −1
		{-249, 100, -2},
		{-251, 100, -3},
		{0, 1, 0},
		{42, 1, 42},
		{-42, 1, -42},
		{1, 3, 0},
		{2, 3, 1},
		// the seed's shared cost: 2043350 + 137110 × 15 = 4100000 exactly
		{2043350 + 137110*15, 1, 4100000},
	}
	for _, c := range cases {
		if got := Round(big.NewRat(c.num, c.den)); got != c.want {
			t.Errorf("Round(%d/%d) = %d, want %d", c.num, c.den, got, c.want)
		}
	}
}

func TestRoundStaffCostFormula(t *testing.T) {
	// 10 hours × £30.00 × 36 ÷ 18 months is 60000 pence exactly; over 7
	// months it is 154285.714… pence, which rounds to 154286.
	hours := big.NewRat(1000, 100)
	rate := Pence(3000).Rat()
	cost := new(big.Rat).Mul(hours, rate)
	cost.Mul(cost, big.NewRat(36, 18))
	if got := Round(cost); got != 60000 {
		t.Errorf("18 months: %d, want 60000", got)
	}
	cost = new(big.Rat).Mul(hours, rate)
	cost.Mul(cost, big.NewRat(36, 7))
	if got := Round(cost); got != 154286 {
		t.Errorf("7 months: %d, want 154286", got)
	}
}

func TestPenceRatAndFromPounds(t *testing.T) {
	if FromPounds(5000) != 500000 {
		t.Errorf("FromPounds(5000) = %d", FromPounds(5000))
	}
	if r := Pence(1250050).Rat(); r.Cmp(big.NewRat(1250050, 1)) != 0 {
		t.Errorf("Rat = %v", r)
	}
}

func TestParseHours(t *testing.T) {
	ok := []struct {
		in   string
		want Hours
		str  string
	}{
		{"", 0, "0"},
		{"  ", 0, "0"},
		{"0", 0, "0"},
		{"7.5", 750, "7.5"},
		{"12", 1200, "12"},
		{" 12 ", 1200, "12"},
		{"7.25", 725, "7.25"},
		{"0.05", 5, "0.05"},
		{"7.50", 750, "7.5"},
	}
	for _, c := range ok {
		got, err := ParseHours(c.in)
		if err != nil {
			t.Errorf("ParseHours(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("ParseHours(%q) = %d, want %d", c.in, got, c.want)
		}
		if s := got.String(); s != c.str {
			t.Errorf("Hours(%d).String() = %q, want %q", got, s, c.str)
		}
	}
	for _, in := range []string{"-1", "-0.5", "abc", "7.", ".5", "1.234", "7,5", "1e3", "7.5h", "1 2"} {
		if got, err := ParseHours(in); err == nil {
			t.Errorf("ParseHours(%q) = %d, want an error", in, got)
		}
	}
	if r := Hours(750).Rat(); r.Cmp(big.NewRat(15, 2)) != 0 {
		t.Errorf("Hours(750).Rat() = %v, want 15/2", r)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12500", "12,500.50", "£12,500", "(100)", "1,25,000", "12.345", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if p < 0 {
			t.Fatalf("Parse(%q) = %d: negative", s, p)
		}
		back, err := Parse(p.Full())
		if err != nil || back != p {
			t.Fatalf("Parse(%q) = %d, but Parse(%q) = %d, %v", s, p, p.Full(), back, err)
		}
	})
}

// TestFormatMatchesPieces: String and Full, written in one go, give what
// they gave built piece by piece, for amounts of every length and sign;
// the most negative amount, which the pieces could not negate, reads as
// its digits.
func TestFormatMatchesPieces(t *testing.T) {
	vals := []Pence{0, 1, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000, 123456789, 100000000000, math.MaxInt64, math.MinInt64 + 1}
	for v := Pence(1); v > 0 && v < math.MaxInt64/7; v = v*7 + 3 {
		vals = append(vals, v)
	}
	for _, v := range vals {
		for _, p := range []Pence{v, -v} {
			if got, want := p.String(), pieces(p, false); got != want {
				t.Errorf("%d: String %q, pieces %q", int64(p), got, want)
			}
			if got, want := p.Full(), pieces(p, true); got != want {
				t.Errorf("%d: Full %q, pieces %q", int64(p), got, want)
			}
		}
	}
	if got, want := Pence(math.MinInt64).Full(), "−£92,233,720,368,547,758.08"; got != want {
		t.Errorf("the most negative amount: Full %q, want %q", got, want)
	}
}

// pieces is how String (full false) and Full were written before: the
// grouped pounds, the pence and the signs as separate strings.
func pieces(p Pence, full bool) string {
	neg := p < 0
	if neg {
		p = -p
	}
	s := strconv.FormatInt(int64(p)/100, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	s = "£" + s
	if pp := int64(p) % 100; full || pp != 0 {
		s += "." + twoDigits(pp)
	}
	if neg {
		return "−" + s
	}
	return s
}
