package render

import (
	"encoding/xml"
	"reflect"
	"testing"
)

// TestAtomXMLMatchesMarshalIndent fills every field of a feed, at every
// depth, with awkward values (empty, markup, control and invalid
// characters, other scripts) and checks the feed is written byte for byte
// as encoding/xml writes it.
func TestAtomXMLMatchesMarshalIndent(t *testing.T) {
	texts := []string{"", "plain", `quote " and ' apostrophe`, "<script>&amp;</script>", "line\nbreak\ttab\rcr\x00nul",
		"\u2028\u2029\ufffd", "\xff\xfe invalid", "é £ – 中文 🙂", "  spaced  "}
	for i := range len(texts) * 3 {
		var f atomFeed
		fillStrings(reflect.ValueOf(&f).Elem(), texts, i, i%3)
		want, err := xml.MarshalIndent(f, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got := string(f.xml())
		if w := xml.Header + string(want) + "\n"; got != w {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// fillStrings sets every exported string under v from texts, varying with
// seed; a slice gets n elements.
func fillStrings(v reflect.Value, texts []string, seed, n int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), texts, seed+i, n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fillStrings(s.Index(i), texts, seed+7*i+1, n)
		}
		v.Set(s)
	case reflect.String:
		v.SetString(texts[seed%len(texts)])
	}
}
