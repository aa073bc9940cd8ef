package opendata

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
)

// TestGrantAmountSameAsExactFraction checks the whole-number working of
// GrantAmount against the exact fraction, rounded half up, over awkward
// values: halves, negatives, and amounts too large for the quick way.
func TestGrantAmountSameAsExactFraction(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	values := []int64{0, 1, -1, 5, -5, 6, -6, 7, 11, 12, 13, 99999, -99999, 123456789,
		math.MaxInt64 / 100, math.MinInt64 / 100, math.MaxInt64, math.MinInt64 + 1, math.MinInt64}
	for range 2000 {
		values = append(values, r.Int64N(1<<40)-1<<39)
	}
	start := date.Of(2010, time.April, 1)
	for _, v := range values {
		for _, months := range []int{1, 5, 6, 7, 11, 12, 13, 36, 121, 1200} {
			a := dataset.Arrangement{AnnualValue: money.Pence(v), Start: start, End: start.AddMonths(months).AddDays(-1)}
			m := GrantMonths(a.Start, a.End)
			want := money.Round(new(big.Rat).Mul(a.AnnualValue.Rat(), big.NewRat(int64(m), 12)))
			if got := GrantAmount(&a); got != want {
				t.Fatalf("%d pence over %d months (%d counted): got %d, want %d", v, months, m, got, want)
			}
		}
	}
}
