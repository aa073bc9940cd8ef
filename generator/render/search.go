package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/tscip/tscip/generator/internal/jsontext"
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// The search index is split so that a reader downloads only what a query
// needs, however large the site (SITE.md: under 300 kB for 10,000 pages):
//
//	search/index.json   the rules below, the shard keys and the page count
//	search/t/N.json     terms sharing their first two characters (shard N
//	                    is the Nth key of index.json's "shards"), each with
//	                    its postings: the pages it occurs in
//	search/p/N.json     page records [path, title, summary] for page ids
//	                    N×chunk up to (N+1)×chunk−1
//
// Page ids are positions in path order, so a section's pages sit together
// and the gaps between postings stay small. A posting list holds, for each
// page in id order, (gap from the previous id) × 8 + t, the first gap from
// 0, where t is 0 when the term is not in the page's title and otherwise
// the number of words of the title, at most 7: a short title that matches
// (the page about the thing searched for) ranks above a long one.
//
// Tokens: lower-case, split on anything that is not a letter, mark or
// digit; tokens shorter than minToken and the stop words are dropped, both
// when indexing and when querying. A query matches the pages that have,
// for every query token, a term starting with it; exact and title matches
// rank higher, then shorter titles, then path order. site.js does the
// same; SearchQuery is the same in Go.
const (
	searchDir     = "search/"
	searchVersion = 1
	minToken      = 2
	shardKeyLen   = 2
	recordChunk   = 16
	summaryMax    = 120
	titleMax      = 7
	// ResultsShown is how many results a search page shows at first; only
	// their page records are downloaded.
	ResultsShown = 10
)

// stopWords are too common to be worth an entry: every page has them.
var stopWords = []string{"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
	"of", "on", "or", "that", "the", "their", "this", "to", "was", "which", "will", "with"}

func init() { extras = append(extras, writeSearch) }

// searchMeta is search/index.json.
type searchMeta struct {
	Version int      `json:"v"`
	Hash    string   `json:"h"` // changes whenever any index file does, for cache busting
	Pages   int      `json:"pages"`
	Chunk   int      `json:"chunk"`
	Min     int      `json:"min"`
	Key     int      `json:"key"`
	Shown   int      `json:"shown"`
	Stop    []string `json:"stop"`
	Shards  []string `json:"shards"`
}

func writeSearch(s *site.Site, opt Options, files *publish.Files) {
	var c *SearchCache
	if opt.Cache != nil {
		c = &opt.Cache.search
	}
	pages := s.SearchPages()
	entries := make([]site.SearchEntry, len(pages))
	known := make([][]hit, len(pages))
	for i, p := range pages {
		if c != nil {
			q := p // the very page of the last render, or one equal to it
			if opt.Reuse != nil {
				if _, was := opt.Reuse(p); was != nil {
					q = was
				}
			}
			if pe, ok := c.byPage[q]; ok {
				entries[i], known[i] = pe.entry, pe.hits
				continue
			}
		}
		entries[i] = s.SearchEntry(p)
	}
	found, out := c.index(entries, known)
	if c != nil {
		c.byPage = make(map[*site.Page]pageEntry, len(pages))
		for i, p := range pages {
			c.byPage[p] = pageEntry{entries[i], found[i]}
		}
	}
	for name, b := range out {
		files.Add(name, b)
	}
}

// hit is a term of one page, and the length of the page's title in words
// (at most titleMax) when the term is in it, else 0.
type hit struct {
	term  string
	title int
}

// SearchCache keeps the terms of each page between renders of one site (the
// preview server's and tscip build --watch's sessions), so that a render
// after an edit reads again only the pages whose text changed. A render
// without one reads every page. It is used by one render at a time.
type SearchCache struct {
	prev   map[searchKey][]hit      // by text, for pages made again
	byPage map[*site.Page]pageEntry // by page, for pages kept from the last render
	last   *searchState             // the index as last built
}

type pageEntry struct {
	entry site.SearchEntry
	hits  []hit
}

type searchKey struct{ title, text string }

// NewSearchCache returns an empty cache.
func NewSearchCache() *SearchCache { return &SearchCache{} }

// SearchIndex builds the files of the search index from the site's entries,
// which must be in path order.
func SearchIndex(entries []site.SearchEntry) map[string][]byte {
	_, out := (*SearchCache)(nil).index(entries, nil)
	return out
}

// hits finds the terms of one page: those of its title first, then those
// of its summary and text, each once, without stop words. seen is scratch
// space, a map the caller keeps between pages.
func hits(stop map[string]bool, e *site.SearchEntry, seen map[string]bool, scratch *[]byte) []hit {
	clear(seen)
	var title []string
	eachToken(e.Title, scratch, func(t string, lent bool) {
		if !isStop(stop, t) && !seen[t] {
			if lent {
				t = strings.Clone(t)
			}
			seen[t] = true
			title = append(title, t)
		}
	})
	out := make([]hit, 0, len(title)+32)
	for _, t := range title {
		out = append(out, hit{t, min(len(title), titleMax)})
	}
	body := func(t string, lent bool) {
		if isStop(stop, t) || seen[t] {
			return
		}
		if lent {
			t = strings.Clone(t)
		}
		seen[t] = true
		out = append(out, hit{t, 0})
	}
	// the summary and the text are read as one text with a line between
	eachToken(e.Summary, scratch, body)
	eachToken(e.Text, scratch, body)
	return out
}

// index builds the files of the search index, reading the pages on every
// core, and through the cache when there is one; with a cache, known gives
// the terms of pages already read (nil for the others). It returns every
// page's terms, which only a cache keeps (nil without one), and the files.
func (c *SearchCache) index(entries []site.SearchEntry, known [][]hit) ([][]hit, map[string][]byte) {
	stop := stopSet()
	if c == nil {
		return nil, indexFiles(freshState(entries, stop), entries)
	}
	found := make([][]hit, len(entries))
	var todo []int
	for i := range entries {
		if known != nil && known[i] != nil {
			found[i] = known[i]
			continue
		}
		if c != nil {
			if h, ok := c.prev[searchKey{entries[i].Title, entries[i].Summary + "\n" + entries[i].Text}]; ok {
				found[i] = h
				continue
			}
		}
		todo = append(todo, i)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(todo)/64)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := map[string]bool{}
			var scratch []byte
			for {
				n := int(next.Add(64)) - 64
				if n >= len(todo) {
					return
				}
				for _, i := range todo[n:min(n+64, len(todo))] {
					if len(seen) > 512 { // clearing a large map costs its size
						seen = map[string]bool{}
					}
					found[i] = hits(stop, &entries[i], seen, &scratch)
				}
			}
		}()
	}
	wg.Wait()
	if c != nil {
		// by text, the pages not kept by page: those made again each render
		c.prev = make(map[searchKey][]hit, len(todo))
		for i := range entries {
			if known == nil || known[i] == nil {
				c.prev[searchKey{entries[i].Title, entries[i].Summary + "\n" + entries[i].Text}] = found[i]
			}
		}
	}

	return found, indexFiles(c.state(entries, found), entries)
}

// freshState builds the index of entries from nothing, as state does from
// every page's hits, but without making those: each core indexes a run of
// pages, reading each word once and knowing a word already met on the page
// by the last page its postings hold; the runs are then joined in order.
//
// Two things keep the words' lookups few. The stop words are in the map of
// terms, marked, so that a word is looked up once to learn both. And the
// lines of a page's text, which for data pages are names met on many pages
// (a provider's, a service's), are looked up whole: a line read before
// gives its terms without being split again.
func freshState(entries []site.SearchEntry, stop map[string]bool) *searchState {
	parts := min(runtime.GOMAXPROCS(0), max(1, len(entries)/256))
	partial := make([]map[string]*postings, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := make(map[string]*postings, 1024)
			stopped := &postings{} // the mark of a stop word
			for w := range stop {
				m[w] = stopped
			}
			lines := make(map[string][]*postings, 256)
			var scratch []byte
			var title, line []*postings
			term := func(t string, lent bool) *postings {
				p := m[t]
				if p == nil {
					if lent {
						t = strings.Clone(t)
					}
					p = &postings{last: -1}
					m[t] = p
				}
				return p
			}
			for id := k * len(entries) / parts; id < (k+1)*len(entries)/parts; id++ {
				e := &entries[id]
				title = title[:0]
				eachToken(e.Title, &scratch, func(t string, lent bool) {
					if p := term(t, lent); p != stopped && p.last != id {
						p.last = id
						title = append(title, p)
					}
				})
				for _, p := range title {
					p.ps = append(p.ps, posting{id, min(len(title), titleMax)})
				}
				add := func(p *postings) {
					if p.last != id {
						p.last = id
						p.ps = append(p.ps, posting{id, 0})
					}
				}
				body := func(t string, lent bool) {
					if p := term(t, lent); p != stopped {
						add(p)
					}
				}
				// the summary and the text are read as one text with a line between
				eachToken(e.Summary, &scratch, body)
				for text := e.Text; text != ""; {
					l, rest, _ := strings.Cut(text, "\n")
					text = rest
					if len(l) > lineMax {
						eachToken(l, &scratch, body)
						continue
					}
					ps, ok := lines[l]
					if !ok {
						line = line[:0]
						eachToken(l, &scratch, func(t string, lent bool) {
							if p := term(t, lent); p != stopped {
								line = append(line, p)
							}
						})
						ps = line
						if len(lines) < linesKept {
							ps = slices.Clone(line)
							lines[l] = ps
						}
					}
					for _, p := range ps {
						add(p)
					}
				}
			}
			for w := range stop {
				delete(m, w)
			}
			partial[k] = m
		}()
	}
	wg.Wait()
	terms := partial[0]
	for _, m := range partial[1:] {
		for t, p := range m {
			if q := terms[t]; q != nil {
				q.ps = append(q.ps, p.ps...)
			} else {
				terms[t] = p
			}
		}
	}
	st := &searchState{terms: terms, shards: map[string]*shardState{}}
	for t := range terms {
		st.shardOf(t).terms[t] = true
	}
	return st
}

// freshState looks up whole the lines of a text up to lineMax bytes long,
// keeping at most linesKept of them for each core.
const lineMax = 100

var linesKept = 1 << 14 // a variable for tests

// indexFiles encodes the index st holds of entries: the shards not encoded
// since they last changed, the page records and index.json.
func indexFiles(st *searchState, entries []site.SearchEntry) map[string][]byte {
	out := map[string][]byte{}
	meta := searchMeta{Version: searchVersion, Pages: len(entries), Chunk: recordChunk, Min: minToken, Key: shardKeyLen,
		Shown: ResultsShown, Stop: stopWords, Shards: make([]string, 0, len(st.shards))}
	for k := range st.shards {
		meta.Shards = append(meta.Shards, k)
	}
	sort.Strings(meta.Shards)
	h := sha256.New()
	for i, k := range meta.Shards {
		sh := st.shards[k]
		if sh.bytes == nil {
			sh.bytes = st.encodeShard(sh)
			sh.sum = sha256.Sum256(sh.bytes)
		}
		name := fmt.Sprintf("%st/%d.json", searchDir, i)
		out[name] = sh.bytes
		hashFile(h, name, sh.sum)
	}
	records := make([]recordChunkState, 0, (len(entries)+recordChunk-1)/recordChunk)
	for n, start := 0, 0; start < len(entries); n, start = n+1, start+recordChunk {
		end := min(start+recordChunk, len(entries))
		var rc recordChunkState
		if n < len(st.records) && sameRecords(st.records[n].from, entries[start:end]) {
			rc = st.records[n] // the same pages: the same file
		} else {
			rc.from = make([]site.SearchEntry, end-start)
			for i, e := range entries[start:end] {
				rc.from[i] = site.SearchEntry{Path: e.Path, Title: e.Title, Summary: e.Summary}
			}
			rc.bytes = encodeRecords(rc.from)
			rc.sum = sha256.Sum256(rc.bytes)
		}
		records = append(records, rc)
		name := fmt.Sprintf("%sp/%d.json", searchDir, n)
		out[name] = rc.bytes
		hashFile(h, name, rc.sum)
	}
	st.records = records
	meta.Hash = hex.EncodeToString(h.Sum(nil))[:12]
	out[searchDir+"index.json"] = compactJSON(meta)
	return out
}

// hashFile adds a file to the index's hash: its name, a NUL and the
// SHA-256 of its bytes, which a cache keeps with a file that did not
// change, so that a rebuild hashes only the files it wrote again.
func hashFile(h hash.Hash, name string, sum [sha256.Size]byte) {
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(sum[:])
}

// sameRecords reports whether a chunk of page records was made from pages
// with the same paths, titles and summaries.
func sameRecords(from, entries []site.SearchEntry) bool {
	if len(from) != len(entries) {
		return false
	}
	for i := range from {
		if from[i].Path != entries[i].Path || from[i].Title != entries[i].Title || from[i].Summary != entries[i].Summary {
			return false
		}
	}
	return true
}

// searchState is the index as last built: each page's terms, the postings
// of each term, and the files made of them. A SearchCache keeps it so that
// the next render changes only the postings of the pages whose terms
// changed, and encodes again only the shards those postings are in.
type searchState struct {
	paths   []string // the pages' paths: ids are positions here
	found   [][]hit  // each page's terms
	terms   map[string]*postings
	shards  map[string]*shardState // by shard key
	records []recordChunkState     // the page-record files, in order
}

// postings are the pages a term occurs in, in id order; the map holds a
// pointer so that adding a page to a term looks it up once.
type postings struct {
	ps   []posting
	last int // while freshState reads a run of pages: the last page added
}

// posting is one page a term occurs in: its id, and its title's length in
// words (at most titleMax) when the term is in the title, else 0.
type posting struct {
	id    int
	title int
}

type shardState struct {
	terms map[string]bool
	bytes []byte // the encoded shard; nil when it must be encoded again
	sum   [sha256.Size]byte
}

// recordChunkState is a file of page records, and the pages' paths,
// titles and summaries it was made from.
type recordChunkState struct {
	from  []site.SearchEntry // without their text
	bytes []byte
	sum   [sha256.Size]byte
}

// state brings the cache's index up to date with found and returns it;
// without a cache, or when pages were added, removed or moved, it builds a
// new one.
func (c *SearchCache) state(entries []site.SearchEntry, found [][]hit) *searchState {
	var st *searchState
	if c != nil {
		st = c.last
	}
	if st == nil || len(st.paths) != len(entries) || !samePaths(st.paths, entries) {
		st = &searchState{terms: map[string]*postings{}, shards: map[string]*shardState{}}
		st.paths = make([]string, len(entries))
		for i := range entries {
			st.paths[i] = entries[i].Path
		}
		for id, hs := range found {
			for _, h := range hs {
				st.add(id, h, true)
			}
			if c == nil {
				found[id] = nil // kept for no next render: let it go
			}
		}
	} else {
		for id, hs := range found {
			old := st.found[id]
			if sameHits(old, hs) {
				continue
			}
			for _, h := range old {
				st.remove(id, h.term)
			}
			for _, h := range hs {
				st.add(id, h, false)
			}
		}
	}
	st.found = found
	if c != nil {
		c.last = st
	}
	return st
}

func samePaths(paths []string, entries []site.SearchEntry) bool {
	for i := range entries {
		if paths[i] != entries[i].Path {
			return false
		}
	}
	return true
}

func sameHits(a, b []hit) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return slices.Equal(a, b)
}

// add puts page id into the postings of h's term, in id order. A new
// index is built in id order, so the page mostly goes last; its shards are
// all still to be encoded, so only a new term needs its shard looked up.
func (st *searchState) add(id int, h hit, fresh bool) {
	t, known := st.terms[h.term]
	if !known {
		t = &postings{last: -1}
		st.terms[h.term] = t
	}
	i := len(t.ps)
	if i > 0 && t.ps[i-1].id >= id {
		i, _ = slices.BinarySearchFunc(t.ps, id, func(p posting, id int) int { return p.id - id })
	}
	t.ps = slices.Insert(t.ps, i, posting{id, h.title})
	if known && fresh {
		return
	}
	sh := st.shardOf(h.term)
	sh.terms[h.term] = true
	sh.bytes = nil
}

// shardOf gives the shard a term belongs in, making it if there is none.
func (st *searchState) shardOf(term string) *shardState {
	k := shardKey(term)
	sh := st.shards[k]
	if sh == nil {
		sh = &shardState{terms: map[string]bool{}}
		st.shards[k] = sh
	}
	return sh
}

// remove takes page id out of a term's postings.
func (st *searchState) remove(id int, term string) {
	t := st.terms[term]
	if t == nil {
		return
	}
	i, ok := slices.BinarySearchFunc(t.ps, id, func(p posting, id int) int { return p.id - id })
	if !ok {
		return
	}
	t.ps = slices.Delete(t.ps, i, i+1)
	k := shardKey(term)
	sh := st.shards[k]
	sh.bytes = nil
	if len(t.ps) > 0 {
		return
	}
	delete(st.terms, term)
	delete(sh.terms, term)
	if len(sh.terms) == 0 {
		delete(st.shards, k)
	}
}

// encodeShard writes a shard as encoding/json writes a map of its terms to
// their postings (keys sorted), each posting list encoded as described at
// the top of this file.
func (st *searchState) encodeShard(sh *shardState) []byte {
	terms := make([]string, 0, len(sh.terms))
	for t := range sh.terms {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	b := []byte{'{'}
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.Append(b, t)
		b = append(b, ':', '[')
		prev := 0
		for j, p := range st.terms[t].ps {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64((p.id-prev)*8+p.title), 10)
			prev = p.id
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// encodeRecords writes the page records of entries as encoding/json writes
// a list of [path without its first "/", title, summary shortened to
// summaryMax characters].
func encodeRecords(entries []site.SearchEntry) []byte {
	n := 2
	for _, e := range entries {
		n += len(e.Path) + len(e.Title) + min(len(e.Summary), 4*summaryMax) + 12
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = jsontext.Append(b, strings.TrimPrefix(e.Path, "/"))
		b = append(b, ',')
		b = jsontext.Append(b, e.Title)
		b = append(b, ',')
		b = jsontext.Append(b, truncate(e.Summary, summaryMax))
		b = append(b, ']')
	}
	return append(b, ']')
}

func compactJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain strings and numbers only
	}
	return b
}

// stopMax is the length of the longest stop word: a longer token is not
// looked up.
var stopMax = func() (n int) {
	for _, w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

func isStop(stop map[string]bool, t string) bool { return len(t) <= stopMax && stop[t] }

func stopSet() map[string]bool {
	m := make(map[string]bool, len(stopWords))
	for _, w := range stopWords {
		m[w] = true
	}
	return m
}

// Tokens splits text the way the search does: lower-case, on anything that
// is not a letter, mark or digit, dropping tokens shorter than two
// characters. Stop words are kept; the index and the query drop them.
func Tokens(text string) []string {
	var out []string
	eachToken(text, nil, func(t string, _ bool) { out = append(out, t) })
	return out
}

// eachToken calls fn with each token of text, in order. A token that had
// to be lower-cased is made in scratch when it is not nil and is then lent:
// fn must copy it to keep it (the common case, a word met again on the same
// page, then allocates nothing).
func eachToken(text string, scratch *[]byte, fn func(t string, lent bool)) {
	// One pass over the text: a word is a run of letters, marks and
	// numbers, classified by byte for ASCII; each word is then lower-cased
	// one character at a time, as site.js does, so that the two agree
	// (JavaScript lowers İ to i and a combining dot, U+0307). Lower-casing
	// keeps every character's class, so splitting first is the same as
	// lower-casing first (TestTokensMatchLowerFirst). A word of ASCII
	// alone, the common case, is lower-cased in place of a copy only when
	// it has a capital.
	start := -1
	ascii, upper := true, false
	for i := 0; i <= len(text); {
		word, size := false, 1
		if i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
					word = true
				} else if 'A' <= c && c <= 'Z' {
					word, upper = true, true
				}
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(text[i:])
				if word = wordRune(r); word {
					ascii = false
				}
			}
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			w := text[start:i]
			if ascii {
				if len(w) >= minToken {
					switch {
					case !upper:
						fn(w, false)
					case scratch == nil:
						fn(strings.ToLower(w), false)
					default:
						b := (*scratch)[:0]
						for j := 0; j < len(w); j++ {
							c := w[j]
							if 'A' <= c && c <= 'Z' {
								c += 'a' - 'A'
							}
							b = append(b, c)
						}
						*scratch = b
						fn(unsafe.String(unsafe.SliceData(b), len(b)), true)
					}
				}
			} else if t := lowerWord(w); utf8.RuneCountInString(t) >= minToken {
				fn(t, false)
			}
			start, ascii, upper = -1, true, false
		}
		i += size
	}
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) }

// lowerWord lower-cases a word as site.js does.
func lowerWord(w string) string {
	if strings.Contains(w, "İ") {
		w = strings.ReplaceAll(w, "İ", "i\u0307")
	}
	return strings.ToLower(w)
}

// shardKey is the first shardKeyLen characters of a term.
func shardKey(t string) string {
	n := 0
	for i := range t {
		if n == shardKeyLen {
			return t[:i]
		}
		n++
	}
	return t
}

// truncate shortens s to at most n characters at a word boundary, adding
// an ellipsis when it cuts.
func truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}

// SearchHit is one result of SearchQuery.
type SearchHit struct {
	ID       int
	Score    int
	TitleLen int    // words in the title, 1 to 7 (7 or more); 8 when no token is in it
	Path     string // site-root path: "/arrangements/x/"
	Title    string
	Summary  string
}

// SearchQuery runs a query over the index files as site.js does, reading
// only the files a browser would fetch. It returns every matching page in
// rank order (records filled in for the first ResultsShown) and the names
// of the files it read.
func SearchQuery(files func(name string) ([]byte, bool), query string) ([]SearchHit, []string, error) {
	var fetched []string
	get := func(name string, v any) error {
		b, ok := files(name)
		if !ok {
			return fmt.Errorf("search index file %s missing", name)
		}
		fetched = append(fetched, name)
		return json.Unmarshal(b, v)
	}
	var meta searchMeta
	if err := get(searchDir+"index.json", &meta); err != nil {
		return nil, fetched, err
	}
	shardOf := map[string]int{}
	for i, k := range meta.Shards {
		shardOf[k] = i
	}
	stop := map[string]bool{}
	for _, w := range meta.Stop {
		stop[w] = true
	}
	var tokens []string
	seen := map[string]bool{}
	for _, t := range Tokens(query) {
		if !stop[t] && !seen[t] {
			seen[t] = true
			tokens = append(tokens, t)
		}
	}
	if len(tokens) == 0 {
		return nil, fetched, nil
	}
	loaded := map[int]map[string][]int{}
	var total map[int]int
	titleLen := map[int]int{}
	for _, tok := range tokens {
		i, ok := shardOf[shardKey(tok)]
		if !ok {
			return nil, fetched, nil
		}
		if loaded[i] == nil {
			var sh map[string][]int
			if err := get(fmt.Sprintf("%st/%d.json", searchDir, i), &sh); err != nil {
				return nil, fetched, err
			}
			loaded[i] = sh
		}
		scores := map[int]int{}
		for term, enc := range loaded[i] {
			if !strings.HasPrefix(term, tok) {
				continue
			}
			weight := 1
			if term == tok {
				weight = 2
			}
			id := 0
			for _, v := range enc {
				id += v >> 3
				sc := weight
				if t := v & 7; t > 0 {
					sc *= 3
					titleLen[id] = t
				}
				if sc > scores[id] {
					scores[id] = sc
				}
			}
		}
		if total == nil {
			total = scores
			continue
		}
		for id := range total {
			if sc, ok := scores[id]; ok {
				total[id] += sc
			} else {
				delete(total, id)
			}
		}
	}
	hits := make([]SearchHit, 0, len(total))
	for id, sc := range total {
		tl := titleLen[id]
		if tl == 0 {
			tl = titleMax + 1
		}
		hits = append(hits, SearchHit{ID: id, Score: sc, TitleLen: tl})
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.TitleLen != b.TitleLen {
			return a.TitleLen < b.TitleLen
		}
		return a.ID < b.ID
	})
	chunks := map[int][][3]string{}
	for i := range hits[:min(len(hits), meta.Shown)] {
		c := hits[i].ID / meta.Chunk
		if chunks[c] == nil {
			var recs [][3]string
			if err := get(fmt.Sprintf("%sp/%d.json", searchDir, c), &recs); err != nil {
				return nil, fetched, err
			}
			chunks[c] = recs
		}
		r := chunks[c][hits[i].ID%meta.Chunk]
		hits[i].Path, hits[i].Title, hits[i].Summary = "/"+r[0], r[1], r[2]
	}
	return hits, fetched, nil
}
