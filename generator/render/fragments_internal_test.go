package render

import (
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
		k := cacheKey("breadcrumbs", []any{l})
		if j, ok := seen[k]; ok {
			t.Errorf("breadcrumbs %q and %q share the key %q", lists[j], l, k)
		}
		seen[k] = i
	}
	if cacheKey("breadcrumbs", []any{[]site.Link{}}) != cacheKey("breadcrumbs", []any{[]site.Link(nil)}) {
		t.Error("an empty list and no list render the same, so should share a key")
	}
}
