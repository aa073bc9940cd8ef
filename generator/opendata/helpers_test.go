package opendata

import (
	"math/big"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/internal/testsite"
)

// reference loads the repository's own site.
func reference(t *testing.T) Input {
	_, cfg, set := testsite.LoadReference(t)
	return Input{Config: cfg, Data: set, AsAt: cfg.AsAt, BuildDate: date.Of(2011, time.September, 9)}
}

func d(s string) date.Date {
	v, err := date.Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func zeroDate() date.Date { return date.Date{} }

func ratOf(n int) *big.Rat { return big.NewRat(int64(n), 1) }
