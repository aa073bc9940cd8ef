package opendata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tscip/tscip/generator/money"
)

// TestWriteGrantMatchesMarshalIndent fills every field of a grant, at every
// depth, with each of a set of awkward values (and leaves them empty), and
// requires writeGrant to give exactly what json.MarshalIndent gives. A
// field added to grant and not to writeGrant fails it.
func TestWriteGrantMatchesMarshalIndent(t *testing.T) {
	texts := []string{"", "plain", `quote " and \ back`, "<script>&amp;</script>", "line\nbreak\ttab\x00nul",
		"\u2028\u2029", "\xff\xfe invalid", "é ü 中文 🙂", "  spaced  "}
	ints := []int{0, 1, -3, 1 << 40}
	pences := []money.Pence{0, 1, -150, 123456789}
	for i := range len(texts) * 3 {
		var g grant
		fill(reflect.ValueOf(&g).Elem(), texts, ints, pences, i, i%3)
		want, err := json.MarshalIndent(g, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		writeGrant(&b, &g, "    ")
		if b.String() != string(want) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, b.String(), want)
		}
	}
}

// fill sets every field under v from the lists, varying with seed; a
// slice gets n elements.
func fill(v reflect.Value, texts []string, ints []int, pences []money.Pence, seed, n int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), texts, ints, pences, seed+i, n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(s.Index(i), texts, ints, pences, seed+7*i+1, n)
		}
		v.Set(s)
	case reflect.String:
		v.SetString(texts[seed%len(texts)])
	case reflect.Int:
		v.SetInt(int64(ints[seed%len(ints)]))
	case reflect.Int64:
		if v.Type() == reflect.TypeFor[money.Pence]() {
			v.SetInt(int64(pences[seed%len(pences)]))
			return
		}
		v.SetInt(int64(ints[seed%len(ints)]))
	default:
		panic("fill: no values for " + v.Type().String())
	}
}
