package site

import (
	"math/big"
	"strings"
)

type ratHelper struct{}

// percent returns r × 100 as a decimal string with up to three places.
func (ratHelper) percent(r *big.Rat) string {
	return new(big.Rat).Mul(r, big.NewRat(100, 1)).FloatString(3)
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}
