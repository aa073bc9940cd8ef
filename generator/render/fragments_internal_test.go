package render

import (
	"strings"
	"testing"

	"github.com/tscip/tscip/generator/site"
)

// TestCacheKeysDiffer: different breadcrumbs never share a fragment.
func TestCacheKeysDiffer(t *testing.T) {
	lists := [][]site.Link{
		nil,
		{{Title: "ab", URL: "/c/"}},
		{{Title: "a", URL: "b/c/"}},
		{{Title: "a", URL: "b"}, {Title: "c", URL: "d"}},
		{{Title: "a", URL: "b"}, {Title: "cd", URL: ""}},
		{{Title: "a:b", URL: "c"}},
		{{Title: "a", URL: "b:c"}},
		{{Title: "1:a", URL: ""}},
		{{Title: "", URL: "1:a"}},
		{{Title: "A} {B", URL: "/x/"}},
		{{Title: "A B", URL: "/x/"}},
		{{Title: "a\x00b", URL: "/"}},
		{{Title: "a", URL: "\x00b/"}},
	}
	seen := map[string]int{}
	for i, l := range lists {
		k := cacheKey([]any{l})
		if j, ok := seen[k]; ok {
			t.Errorf("breadcrumbs %q and %q share the key %q", lists[j], l, k)
		}
		seen[k] = i
	}
	if cacheKey([]any{[]site.Link{}}) != cacheKey([]any{[]site.Link(nil)}) {
		t.Error("an empty list and no list render the same, so should share a key")
	}
}

// TestPlaceRootReplacesMarkers: a row, copied with the page's way to the
// root put in as it goes (writeRooted, through placeRoot), reads as
// replacing each marker in turn would give it.
func TestPlaceRootReplacesMarkers(t *testing.T) {
	f := newFragments(nil)
	prefix := f.marker[:len(f.marker)-2]
	rows := []string{
		"",
		"no links at all",
		`<a href="` + f.marker + `organisations/x/">x</a>`,
		`<a href="` + f.self + `">home</a> and <a href="` + f.marker + `a/">a</a>`,
		f.marker + f.marker + f.self + f.self,
		"text that ends in half a marker " + prefix,
		prefix + "_other " + prefix + "_ " + f.marker[:len(f.marker)-1],
		"<td>" + prefix + prefix + f.marker + "</td>",
	}
	for _, root := range []string{"", "../", "../../../", "/council/tscip/"} {
		for _, row := range rows {
			self := root
			if self == "" {
				self = "./"
			}
			want := strings.ReplaceAll(strings.ReplaceAll(row, f.self, self), f.marker, root)
			if got := f.placeRoot(row, root); got != want {
				t.Errorf("root %q, row %q:\n got %q\nwant %q", root, row, got, want)
			}
		}
	}
}
