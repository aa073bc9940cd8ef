package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tscip/tscip/generator/site"
)

// lowerFirst is the plain reading Tokens must agree with: lower-case the
// whole text as site.js does, then split it into words.
func lowerFirst(text string) []string {
	text = strings.ToLower(strings.ReplaceAll(text, "İ", "i\u0307"))
	var out []string
	for _, t := range strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) }) {
		if utf8.RuneCountInString(t) >= minToken {
			out = append(out, t)
		}
	}
	return out
}

// TestTokensMatchLowerFirst checks that Tokens, which splits first and
// lower-cases each word, reads text as lower-casing first would: every
// character keeps its class when lower-cased, and random text, ASCII and
// not, invalid UTF-8 included, gives the same words.
func TestTokensMatchLowerFirst(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if wordRune(r) != wordRune(unicode.ToLower(r)) {
			t.Fatalf("%U changes class when lower-cased to %U", r, unicode.ToLower(r))
		}
	}
	texts := []string{"", "a", "ab", "AB cd", "Debt-advice 2011/12: £5,998 (CAB)", "İSTANBUL İi", "ÉCOLE café Ⅻ ⓐⒶ", "x\xffy\xc3", "@[`{/:09azAZ"}
	pieces := []string{"a", "A", "z", "Z", "0", "9", "_", "-", "/", ":", "@", "[", "`", "{", " ", "\t", "\n", ".", "£", "é", "É", "İ", "ı", "\u0307", "Ⅻ", "Ⓐ", "ß", "ǅ", "\xff", "\xc3", "中", "٣"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for c := 0; c < 128; c++ {
		texts = append(texts, "ab"+string(rune(c))+"cd")
	}
	for _, s := range texts {
		if got, want := Tokens(s), lowerFirst(s); !slices.Equal(got, want) {
			t.Fatalf("%q: Tokens gives %q, lower-casing first %q", s, got, want)
		}
	}
}

// randomSearch makes entries for n pages and random terms for each, from a
// vocabulary with accents, digits and characters JSON must escape.
func randomSearch(r *rand.Rand, n int) ([]site.SearchEntry, [][]hit) {
	vocab := []string{"debt", "debts", "advice", "ab", "advocacy", "café", "cafés", "2011", "20", "ßx", "i\u0307x", "中文",
		"q\"x", "a<b", "a&b", "x\u2028y", "tab\tx", "back\\x", "zz", "zy", "za"}
	entries := make([]site.SearchEntry, n)
	found := make([][]hit, n)
	for i := range entries {
		entries[i] = site.SearchEntry{Path: fmt.Sprintf("/p/%04d/", i), Title: fmt.Sprint("Page ", i)}
		found[i] = randomHits(r, vocab)
	}
	return entries, found
}

func randomHits(r *rand.Rand, vocab []string) []hit {
	var hs []hit
	seen := map[string]bool{}
	for range r.IntN(8) {
		t := vocab[r.IntN(len(vocab))]
		if !seen[t] {
			seen[t] = true
			hs = append(hs, hit{t, r.IntN(titleMax + 1)})
		}
	}
	return hs
}

// TestShardsEncodeAsJSON checks the hand-written shard encoding against
// encoding/json's, which the index was first written with.
func TestShardsEncodeAsJSON(t *testing.T) {
	entries, found := randomSearch(rand.New(rand.NewPCG(3, 4)), 300)
	st := (*SearchCache)(nil).state(entries, found)
	if len(st.shards) < 10 {
		t.Fatalf("only %d shards", len(st.shards))
	}
	for k, sh := range st.shards {
		want := map[string][]int{}
		for term := range sh.terms {
			prev := 0
			for _, p := range st.terms[term].ps {
				want[term] = append(want[term], (p.id-prev)*8+p.title)
				prev = p.id
			}
		}
		if got, want := string(st.encodeShard(sh)), string(compactJSON(want)); got != want {
			t.Errorf("shard %q:\n got %s\nwant %s", k, got, want)
		}
	}
}

// TestRecordsEncodeAsJSON checks the hand-written page records against
// encoding/json's, for titles and summaries with markup, quotes, control
// characters, line separators, invalid UTF-8 and summaries long enough to
// be shortened.
func TestRecordsEncodeAsJSON(t *testing.T) {
	texts := []string{"", "Plain title", `Quotes " and \ slash`, "<b>Tags</b> & ampersands", "Fish & chips", "tab\tand\nline", "line\u2028separator",
		"bad \xff byte", "Café – £1,200", strings.Repeat("A long summary of words ", 20), strings.Repeat("é<", 150)}
	var entries []site.SearchEntry
	for i, title := range texts {
		entries = append(entries, site.SearchEntry{Path: fmt.Sprintf("/p/%d/", i), Title: title, Summary: texts[(i+3)%len(texts)]})
	}
	var want [][3]string
	for _, e := range entries {
		want = append(want, [3]string{strings.TrimPrefix(e.Path, "/"), e.Title, truncate(e.Summary, summaryMax)})
	}
	if got, want := string(encodeRecords(entries)), string(compactJSON(want)); got != want {
		t.Errorf("records:\n got %s\nwant %s", got, want)
	}
	if got := string(encodeRecords(nil)); got != "[]" {
		t.Errorf("no records: got %s, want []", got)
	}
}

// TestSearchIndexUpdatedInPlace edits random pages' terms again and again
// through one cache and checks each index against one built afresh.
func TestSearchIndexUpdatedInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	entries, found := randomSearch(r, 200)
	c := NewSearchCache()
	vocab := []string{"debt", "advice", "new", "newer", "café", "q\"x", "zz", "ab"}
	for step := range 40 {
		next := slices.Clone(found)
		for range r.IntN(5) + 1 {
			next[r.IntN(len(next))] = randomHits(r, vocab)
		}
		if step%10 == 9 { // a page's summary changes: its record file must follow
			entries[r.IntN(len(entries))].Summary = fmt.Sprint("Changed at step ", step)
		}
		_, got := c.index(entries, next)
		_, want := NewSearchCache().index(entries, next) // an empty cache builds afresh
		if len(got) != len(want) {
			t.Fatalf("step %d: %d files, want %d", step, len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Fatalf("step %d: %s differs from a fresh index:\n got %s\nwant %s", step, name, got[name], b)
			}
		}
		found = next
	}
}

// TestHitsSameWithScratch checks that lower-casing words in a scratch
// buffer, which hits reuses for every word, finds the same terms as
// lower-casing each word into its own string: a term kept without copying
// would change as the buffer is written again.
func TestHitsSameWithScratch(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	words := []string{"Alpha", "ALPHA", "alpha", "Beta", "GAMMA", "gamma", "Delta", "DeLtA", "Éclair", "Zed", "of", "The", "İstanbul", "x", "A1", "b2"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString([]string{" ", ", ", "\n", "-"}[r.IntN(4)])
		}
		return b.String()
	}
	stop := stopSet()
	seen := map[string]bool{}
	var scratch []byte
	for i := range 200 {
		e := site.SearchEntry{Title: text(1 + i%5), Summary: text(i % 7), Text: text(i % 40)}
		got := hits(stop, &e, seen, &scratch)
		want := hits(stop, &e, map[string]bool{}, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("entry %d %+v:\n got %v\nwant %v", i, e, got, want)
		}
	}
}

// TestFreshIndexSameAsCached checks that the index built from nothing
// (tscip build) has the same files as one built through a cache from each
// page's hits (the preview), over random pages of capitalised, repeated,
// stop and non-ASCII words, on one core and on several. The texts end with
// lines met on many pages, as data pages' names are, and long lines, which
// the fresh index reads in other ways; on the second pass it may keep only
// four lines.
func TestFreshIndexSameAsCached(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"Alpha", "alpha", "ALPHA", "beta", "Gamma", "of", "the", "Éclair", "éclair", "İzmir", "x", "42", "a1b2",
		"advice", "Advocacy", "advocate", "debt", "Debt", "service", "services"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString([]string{" ", ", ", "\n", "-", ". "}[r.IntN(5)])
		}
		return b.String()
	}
	names := []string{"Claywood Citizens Advice", "Debt, Benefits and Consumer Advice", "the Advocacy Service", "of the", "",
		"ALPHA beta", strings.Repeat("Gamma debt ", lineMax/10)}
	for _, keep := range []int{linesKept, 4} {
		defer func(k int) { linesKept = k }(linesKept)
		linesKept = keep
		for _, n := range []int{1, 3, 300, 1500} {
			entries := make([]site.SearchEntry, n)
			for i := range entries {
				body := text(r.IntN(60))
				for range r.IntN(5) {
					body += "\n" + names[r.IntN(len(names))]
				}
				entries[i] = site.SearchEntry{Path: fmt.Sprintf("/p/%05d/", i), Title: text(r.IntN(9)), Summary: text(r.IntN(12)), Text: body}
			}
			compareFreshAndCached(t, entries)
		}
	}
}

// compareFreshAndCached checks that the index built fresh and the one built
// through a cache have the same files.
func compareFreshAndCached(t *testing.T, entries []site.SearchEntry) {
	t.Helper()
	n := len(entries)
	_, fresh := (*SearchCache)(nil).index(entries, nil)
	_, cached := NewSearchCache().index(entries, nil)
	if len(fresh) != len(cached) {
		t.Fatalf("%d pages: %d files fresh, %d through a cache", n, len(fresh), len(cached))
	}
	for name, b := range cached {
		if !bytes.Equal(fresh[name], b) {
			t.Errorf("%d pages: %s differs:\n fresh  %.300s\n cached %.300s", n, name, fresh[name], b)
		}
	}
}
