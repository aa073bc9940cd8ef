package savings

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/tscip/tscip/generator/money"
)

// TestIntegerCostMatchesExact checks the integer arithmetic against the
// exact fractions it replaces, over ordinary values, halves that must round
// up, and values too large for integers (which fall back to fractions).
func TestIntegerCostMatchesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	type c struct {
		h      money.Hours
		rate   money.Pence
		months int
	}
	cases := []c{{100, 1, 24}, {1, 50, 36}, {0, 2500, 12}, {math.MaxInt64 / 2, math.MaxInt64 / 3, 12}, {1 << 40, 1 << 30, 37}}
	for i := 0; i < 20000; i++ {
		cases = append(cases, c{money.Hours(r.Int64N(1_000_000)), money.Pence(r.Int64N(10_000)), 12 + r.IntN(120)})
	}
	var sum stageSum
	exact := new(big.Rat)
	for _, x := range cases {
		want := money.Round(exactCost(x.h, x.rate, x.months))
		if got := cost(x.h, x.rate, x.months); got != want {
			t.Fatalf("cost(%d, %d, %d) = %d; exact arithmetic gives %d", x.h, x.rate, x.months, got, want)
		}
		sum.add(x.h, x.rate, x.months)
		exact.Add(exact, exactCost(x.h, x.rate, x.months))
	}
	if got, want := sum.total(), money.Round(exact); got != want {
		t.Fatalf("stage sum %d; exact sum %d", got, want)
	}
}
