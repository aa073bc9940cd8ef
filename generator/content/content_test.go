package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
)

func parse(t *testing.T, file, src string, opt Options) (*Page, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	p := Parse(file, []byte(src), nil, opt, &l)
	return p, l.Items()
}

func list(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

const principles = `+++
title = "Principles"
weight = 10
summary = "What the partners agree to"
date = 2011-09-08
draft = false
+++
The partners agree **five** principles.

## Working together

Text.

## Paying on time

- one
- two
`

func TestParseFrontMatter(t *testing.T) {
	p, ds := parse(t, "content/framework/principles.md", principles, Options{})
	if len(ds) != 0 || p == nil {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if p.Title != "Principles" || p.Weight != 10 || p.Summary != "What the partners agree to" || p.Draft {
		t.Errorf("page = %+v", p)
	}
	if !p.Date.Equal(date.Of(2011, 9, 8)) {
		t.Errorf("Date = %s", p.Date.ISO())
	}
	if p.Section != "framework" || p.Slug != "principles" || p.URL() != "/framework/principles/" || p.File != "content/framework/principles.md" {
		t.Errorf("Section %q, Slug %q, URL %q", p.Section, p.Slug, p.URL())
	}
	if !strings.HasPrefix(string(p.Source), "The partners agree") {
		t.Errorf("Source starts %q", p.Source)
	}
	if !strings.Contains(string(p.Body), "<strong>five</strong>") {
		t.Errorf("Body = %s", p.Body)
	}
	if strings.Contains(string(p.Body), "+++") || strings.Contains(string(p.Body), "weight") {
		t.Errorf("front matter leaked into the body: %s", p.Body)
	}
	if p.Text != "The partners agree five principles. Working together Text. Paying on time one two" {
		t.Errorf("Text = %q", p.Text)
	}
}

func TestParseDateForms(t *testing.T) {
	for _, v := range []string{`"2011-09-08"`, `"08/09/2011"`, `2011-09-08`, `2011-09-08T10:00:00Z`,
		`2011-09-08T00:30:00+01:00`, `2011-09-08T23:30:00-05:00`, `2011-09-08T00:30:00`} {
		p, ds := parse(t, "content/about.md", "+++\ntitle = \"About\"\ndate = "+v+"\n+++\n", Options{})
		if len(ds) != 0 || p == nil || !p.Date.Equal(date.Of(2011, 9, 8)) {
			t.Errorf("date = %s: %+v\n%s", v, p, list(ds))
		}
	}
}

func TestURLs(t *testing.T) {
	cases := map[string]string{
		"content/_index.md":                 "/",
		"content/about.md":                  "/about/",
		"content/framework/_index.md":       "/framework/",
		"content/opportunities/advocacy.md": "/opportunities/advocacy/",
	}
	for file, want := range cases {
		p, ds := parse(t, file, "+++\ntitle = \"T\"\n+++\n", Options{})
		if p == nil {
			t.Fatalf("%s:\n%s", file, list(ds))
		}
		if p.URL() != want {
			t.Errorf("%s: URL %q, want %q", file, p.URL(), want)
		}
	}
}

// TestParseDiagnostics checks each problem a page can have, with the
// position a user sees: front matter lines count from the file's first
// line, the +++ fence included.
func TestParseDiagnostics(t *testing.T) {
	cases := []struct {
		name string
		file string
		src  string
		want string
	}{
		{"unknown key", "content/about.md",
			"+++\ntitle = \"About\"\nauthor = \"Me\"\n+++\nBody\n",
			"content/about.md:3:1: unknown front matter key: expected title, summary, weight, date or draft (author)"},
		{"unknown key, indented, further down", "content/about.md",
			"+++\ntitle = \"About\"\nweight = 1\n\n  tags = [\"a\"]\n+++\nBody\n",
			"content/about.md:5:3: unknown front matter key"},
		{"unknown key under CRLF", "content/about.md",
			"+++\r\ntitle = \"About\"\r\nweight = 1\r\ncolour = \"red\"\r\n+++\r\nBody\r\n",
			"content/about.md:4:1: unknown front matter key"},
		{"unknown table", "content/about.md",
			"+++\ntitle = \"About\"\n\n[extra]\nx = 1\n+++\n",
			"content/about.md:4:1: unknown front matter key: expected title, summary, weight, date or draft (extra)"},
		{"unknown dotted key", "content/about.md",
			"+++\ntitle = \"About\"\nweight = 2\nextra.x = 1\n+++\n",
			"content/about.md:4:1: unknown front matter key: expected title, summary, weight, date or draft (extra.x)"},
		{"missing title", "content/about.md",
			"+++\nweight = 1\n+++\nBody\n",
			"content/about.md:2:1: title is required in the front matter"},
		{"empty title", "content/about.md",
			"+++\nweight = 1\ntitle = \"  \"\n+++\nBody\n",
			"content/about.md:3:1: title is required in the front matter"},
		{"bad TOML: unterminated string", "content/about.md",
			"+++\ntitle = \"About\"\nsummary = \"Oops\n+++\nBody\n",
			"content/about.md:3:"},
		{"bad TOML: a backslash ends the front matter", "content/about.md",
			"+++\ntitle = \"About\"\n\"key\\\n+++\nBody\n",
			"content/about.md:3:"},
		{"bad TOML: weight not a number", "content/about.md",
			"+++\ntitle = \"About\"\n\nweight = ten\n+++\n",
			"content/about.md:4:"},
		{"bad TOML: wrong type", "content/about.md",
			"+++\ntitle = \"About\"\nweight = \"ten\"\n+++\n",
			"content/about.md:3:1: invalid front matter: incompatible types"},
		{"bad TOML: wrong type under CRLF, indented", "content/about.md",
			"+++\r\ntitle = \"About\"\r\n\r\n  draft = \"yes\"\r\n+++\r\n",
			"content/about.md:4:3: invalid front matter: incompatible types"},
		{"bad date", "content/about.md",
			"+++\ntitle = \"About\"\ndate = \"2011-02-30\"\n+++\n",
			"content/about.md:3:1: date: no such date (2011-02-30)"},
		{"date not a date", "content/about.md",
			"+++\ntitle = \"About\"\ndate = 2011\n+++\n",
			"content/about.md:3:1: date must be a date such as 2011-09-08 (2011)"},
		{"missing front matter", "content/about.md",
			"# About\n\nBody\n",
			"content/about.md:1:1: missing front matter"},
		{"YAML front matter", "content/about.md",
			"---\ntitle: About\n---\nBody\n",
			"content/about.md:1:1: missing front matter"},
		{"unclosed front matter", "content/about.md",
			"+++\ntitle = \"About\"\nBody\n",
			"content/about.md:1:1: missing front matter"},
		{"file name not a slug", "content/About Us.md",
			"+++\ntitle = \"About\"\n+++\n",
			"content/About Us.md:1:1: file and folder names become addresses"},
		{"folder name not a slug", "content/The_Framework/a.md",
			"+++\ntitle = \"About\"\n+++\n",
			"content/The_Framework/a.md:1:1: file and folder names become addresses"},
		{"too deep", "content/framework/part/a.md",
			"+++\ntitle = \"About\"\n+++\n",
			"content/framework/part/a.md:1:1: pages may sit one folder deep at most"},
		{"not UTF-8", "content/about.md",
			"+++\ntitle = \"Caf\xe9\"\n+++\n",
			"content/about.md:1:1: file is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ds := parse(t, c.file, c.src, Options{})
			if p != nil {
				t.Errorf("a page with problems was returned: %+v", p)
			}
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(ds), list(ds))
			}
			if got := ds[0].String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s…", got, c.want)
			}
		})
	}
}

func TestParseBadTOMLColumn(t *testing.T) {
	// The column is the character column within the line.
	_, ds := parse(t, "content/about.md", "+++\ntitle = \"About\"\nsummary = \"Oops\n+++\n", Options{})
	if len(ds) != 1 || ds[0].Line != 3 || ds[0].Column < 11 {
		t.Errorf("got:\n%s", list(ds))
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, ds := parse(t, "content/about.md", "+++\nauthor = \"Me\"\ncolour = \"red\"\ndate = \"31/04/2011\"\n+++\n", Options{})
	want := []string{
		"content/about.md:2:1: unknown front matter key",
		"content/about.md:2:1: title is required",
		"content/about.md:3:1: unknown front matter key",
		"content/about.md:4:1: date: no such date",
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(want), list(ds))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("diagnostic %d = %s, want %s…", i, ds[i], w)
		}
	}
}

func page(t *testing.T, body string, opt Options) *Page {
	t.Helper()
	p, ds := parse(t, "content/framework/principles.md", "+++\ntitle = \"T\"\n+++\n"+body, opt)
	if p == nil {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	return p
}

func TestRawHTMLDropped(t *testing.T) {
	p := page(t, "Hello <b>bold</b> world.\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n", Options{})
	body := string(p.Body)
	for _, bad := range []string{"<script", "alert(1)", "<b>", "onclick", "<div"} {
		if strings.Contains(body, bad) {
			t.Errorf("body holds %q:\n%s", bad, body)
		}
	}
	if !strings.Contains(body, "Hello") || !strings.Contains(body, "world.") {
		t.Errorf("text lost:\n%s", body)
	}
}

func TestRawHTMLAllowedWhenSiteOptsIn(t *testing.T) {
	p := page(t, "Hello <b>bold</b> world.\n", Options{UnsafeHTML: true})
	if !strings.Contains(string(p.Body), "<b>bold</b>") {
		t.Errorf("body = %s", p.Body)
	}
}

func TestDangerousLinks(t *testing.T) {
	p := page(t, "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2)) and [z](vbscript:msgbox) and ![i](javascript:alert(3))\n\n<javascript:alert(4)>\n", Options{})
	body := strings.ToLower(string(p.Body))
	if strings.Contains(body, `="javascript:`) || strings.Contains(body, `="vbscript:`) || strings.Contains(body, "alert(1)") {
		t.Errorf("body holds a script URL:\n%s", p.Body)
	}
	p = page(t, "[ok](https://example.org/) and [mail](mailto:a@example.org)\n", Options{})
	if !strings.Contains(string(p.Body), `href="https://example.org/"`) || !strings.Contains(string(p.Body), `href="mailto:a@example.org"`) {
		t.Errorf("safe links lost:\n%s", p.Body)
	}
}

func TestPlainTextSeparatesBlocks(t *testing.T) {
	p := page(t, "# Title\n\nIntro.\n\n| a | b |\n| - | - |\n| c | d |\n\n> quoted\n\n1. first\n2. second\n", Options{})
	if p.Text != "Title Intro. a b c d quoted first second" {
		t.Errorf("Text = %q", p.Text)
	}
}

func TestEscapesText(t *testing.T) {
	p := page(t, "Fish & chips < 5 \"quoted\"\n", Options{})
	if !strings.Contains(string(p.Body), "Fish &amp; chips &lt; 5 &quot;quoted&quot;") {
		t.Errorf("body = %s", p.Body)
	}
}

func TestTable(t *testing.T) {
	p := page(t, "| partner | value |\n| --- | ---: |\n| County | £1,000 |\n| City | £2,000 |\n", Options{})
	body := string(p.Body)
	for _, want := range []string{"<table>", "<th>partner</th>", "<td>County</td>", "£2,000", "</table>"} {
		if !strings.Contains(body, want) {
			t.Errorf("table lacks %q:\n%s", want, body)
		}
	}
	if strings.Count(body, "<tr>") != 3 {
		t.Errorf("want 3 rows:\n%s", body)
	}
}

func TestHeadingsAndTOC(t *testing.T) {
	p := page(t, "# Top\n\n## Working together\n\ntext\n\n### Detail\n\n## Paying *on* time\n\n## Working together\n", Options{})
	body := string(p.Body)
	for _, want := range []string{`<h2 id="working-together">`, `<h3 id="detail">`, `<h2 id="paying-on-time">`, `<h2 id="working-together-1">`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	want := []Heading{{"working-together", "Working together"}, {"paying-on-time", "Paying on time"}, {"working-together-1", "Working together"}}
	if len(p.TOC) != len(want) {
		t.Fatalf("TOC = %+v, want %+v", p.TOC, want)
	}
	for i := range want {
		if p.TOC[i] != want[i] {
			t.Errorf("TOC[%d] = %+v, want %+v", i, p.TOC[i], want[i])
		}
	}
}

func TestHeadingIDsPerPage(t *testing.T) {
	// One Markdown renderer serves every page; ids must not carry over.
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("+++\ntitle = \"A\"\n+++\n## Summary\n")},
		"content/b.md": {Data: []byte("+++\ntitle = \"B\"\n+++\n## Summary\n")},
	}
	var l diag.List
	set := Load(fsys, Options{}, &l)
	for _, p := range set.Pages {
		if len(p.TOC) != 1 || p.TOC[0].ID != "summary" {
			t.Errorf("%s: TOC = %+v", p.File, p.TOC)
		}
	}
}

func TestLinkOption(t *testing.T) {
	var calls []string
	link := func(from, to string) string {
		calls = append(calls, from+" -> "+to)
		return "../.." + to
	}
	p := page(t, "See [savings](/savings/), [a heading](/savings/#roi), [out](https://example.org/savings/), "+
		"[proto](//example.org/x), [anchor](#top), [rel](other/) and ![chart](/img/chart.svg).\n", Options{Link: link})
	body := string(p.Body)
	for _, want := range []string{`href="../../savings/"`, `href="../../savings/#roi"`, `href="https://example.org/savings/"`,
		`href="//example.org/x"`, `href="#top"`, `href="other/"`, `src="../../img/chart.svg"`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	if len(calls) != 3 || calls[0] != "/framework/principles/ -> /savings/" {
		t.Errorf("Link called %v", calls)
	}
	// Without the option, links stay as written.
	p = page(t, "[savings](/savings/)\n", Options{})
	if !strings.Contains(string(p.Body), `href="/savings/"`) {
		t.Errorf("body = %s", p.Body)
	}
}

func TestCRLF(t *testing.T) {
	src := strings.ReplaceAll(principles, "\n", "\r\n")
	p, ds := parse(t, "content/framework/principles.md", src, Options{})
	if p == nil || len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if p.Title != "Principles" || p.Weight != 10 || len(p.TOC) != 2 {
		t.Errorf("page = %+v", p)
	}
	if strings.Contains(string(p.Body), "\r") || strings.Contains(string(p.Body), "+++") {
		t.Errorf("body = %q", p.Body)
	}
}

func TestBOMAndEmptyBody(t *testing.T) {
	p, ds := parse(t, "content/about.md", "\xef\xbb\xbf+++\ntitle = \"About\"\n+++", Options{})
	if p == nil || len(ds) != 0 {
		t.Fatalf("diagnostics:\n%s", list(ds))
	}
	if p.Title != "About" || strings.TrimSpace(string(p.Body)) != "" {
		t.Errorf("page = %+v", p)
	}
	p, ds = parse(t, "content/about.md", "+++\n+++\nBody\n", Options{})
	if p != nil || len(ds) != 1 || !strings.Contains(ds[0].Message, "title is required") {
		t.Errorf("empty front matter:\n%s", list(ds))
	}
}

func TestFrontMatterLimit(t *testing.T) {
	lim := config.DefaultLimits
	lim.FrontMatterBytes = 20
	_, ds := parse(t, "content/about.md", "+++\ntitle = \"A rather long title indeed\"\n+++\n", Options{Limits: lim})
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "content/about.md:2:1: front matter is longer than the limit of 20 bytes") {
		t.Errorf("got:\n%s", list(ds))
	}
}

func site() fstest.MapFS {
	return fstest.MapFS{
		"content/about.md":                  {Data: []byte("+++\ntitle = \"About\"\n+++\nAbout us.\n")},
		"content/framework/_index.md":       {Data: []byte("+++\ntitle = \"The framework\"\n+++\n")},
		"content/framework/principles.md":   {Data: []byte("+++\ntitle = \"Principles\"\nweight = 10\n+++\n")},
		"content/framework/compact.md":      {Data: []byte("+++\ntitle = \"Compact\"\nweight = 20\n+++\n")},
		"content/framework/appendix.md":     {Data: []byte("+++\ntitle = \"Appendix\"\nweight = 20\n+++\n")},
		"content/framework/unfinished.md":   {Data: []byte("+++\ntitle = \"Unfinished\"\nweight = 5\ndraft = true\n+++\n")},
		"content/options/aligned.md":        {Data: []byte("+++\ntitle = \"Aligned budgets\"\n+++\n")},
		"content/framework/notes.txt":       {Data: []byte("not a page")},
		"content/opportunities/advocacy.md": {Data: []byte("+++\ntitle = \"Advocacy\"\n+++\n")},
	}
}

func TestLoad(t *testing.T) {
	var l diag.List
	set := Load(site(), Options{}, &l)
	if l.Len() != 0 {
		t.Fatalf("diagnostics:\n%s", list(l.Items()))
	}
	var files []string
	for _, p := range set.Pages {
		files = append(files, p.File)
	}
	want := []string{
		"content/about.md",
		"content/framework/_index.md",
		"content/framework/principles.md",
		"content/framework/appendix.md",
		"content/framework/compact.md",
		"content/opportunities/advocacy.md",
		"content/options/aligned.md",
	}
	if strings.Join(files, "\n") != strings.Join(want, "\n") {
		t.Errorf("pages in order:\n%s\nwant:\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	var titles []string
	for _, p := range set.Section("framework") {
		titles = append(titles, p.Title)
	}
	if strings.Join(titles, ",") != "Principles,Appendix,Compact" {
		t.Errorf("framework section = %v", titles)
	}
	if p := set.Get("framework", "_index"); p == nil || p.Title != "The framework" {
		t.Errorf("Get(framework, _index) = %+v", p)
	}
	if p := set.Get("", "about"); p == nil || p.URL() != "/about/" {
		t.Errorf("Get(\"\", about) = %+v", p)
	}
	if set.Get("framework", "unfinished") != nil {
		t.Error("a draft was loaded without Options.Drafts")
	}
}

func TestLoadDrafts(t *testing.T) {
	var l diag.List
	set := Load(site(), Options{Drafts: true}, &l)
	p := set.Get("framework", "unfinished")
	if p == nil || !p.Draft {
		t.Fatalf("draft not loaded with Options.Drafts: %+v", p)
	}
	if s := set.Section("framework"); len(s) != 4 || s[0] != p {
		t.Errorf("draft (weight 5) should lead the section: %v", s)
	}
}

func TestLoadReportsEveryFile(t *testing.T) {
	fsys := site()
	fsys["content/bad.md"] = &fstest.MapFile{Data: []byte("no front matter\n")}
	fsys["content/framework/worse.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"W\"\nlayout = \"x\"\n+++\n")}
	var l diag.List
	set := Load(fsys, Options{}, &l)
	ds := l.Items()
	if len(ds) != 2 || !strings.HasPrefix(ds[0].String(), "content/bad.md:1:1: missing front matter") ||
		!strings.HasPrefix(ds[1].String(), "content/framework/worse.md:3:1: unknown front matter key") {
		t.Errorf("got:\n%s", list(ds))
	}
	if len(set.Pages) != 7 {
		t.Errorf("%d good pages loaded, want 7", len(set.Pages))
	}
}

func TestLoadWithoutContent(t *testing.T) {
	var l diag.List
	set := Load(fstest.MapFS{"site.toml": {Data: []byte("title = \"x\"\n")}}, Options{}, &l)
	if l.Len() != 0 || len(set.Pages) != 0 {
		t.Errorf("a site without content/: %d pages,\n%s", len(set.Pages), list(l.Items()))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(principles))
	f.Add([]byte("+++\ntitle = \"x\"\nfoo = 1\n+++\n<script>alert(1)</script>[x](javascript:y)\n"))
	f.Add([]byte("+++\r\n+++\r\n"))
	f.Add([]byte("+++\ntitle = \"x\"\n[extra]\ny = 1\n+++\n| a | b |\n| - | - |\n| 1 | 2 |\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		p := Parse("content/about.md", src, nil, Options{}, &l)
		if p == nil && l.Len() == 0 {
			t.Fatal("no page and no diagnostic")
		}
		if p != nil && l.Len() != 0 {
			t.Fatalf("a page and diagnostics:\n%s", list(l.Items()))
		}
		for _, d := range l.Items() {
			if d.Line < 1 || d.Column < 1 {
				t.Fatalf("diagnostic without a position: %s", d)
			}
		}
		if p != nil {
			body := strings.ToLower(string(p.Body))
			if strings.Contains(body, "<script") || strings.Contains(body, `="javascript:`) {
				t.Fatalf("unsafe body: %s", p.Body)
			}
		}
	})
}

// TestCollapseSpaceMatchesFields: the one-pass whitespace collapse gives
// what joining strings.Fields gives, for every kind of space, invalid
// UTF-8 and random mixes of them.
func TestCollapseSpaceMatchesFields(t *testing.T) {
	parts := []string{"", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u0085", "\u00a0", "\u2028", "\u3000", "\u200b",
		"a", "word", "é", "中文", "\xff", "\xe2\x80", "🙂", "x\x00y"}
	check := func(s string) {
		t.Helper()
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				check(a + b + c)
			}
		}
	}
	seed := uint64(1)
	for range 2000 {
		var b strings.Builder
		for range 12 {
			seed = seed*6364136223846793005 + 1442695040888963407
			b.WriteString(parts[seed>>33%uint64(len(parts))])
		}
		check(b.String())
	}
}
