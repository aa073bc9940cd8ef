package escape

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	texttemplate "text/template"
	"text/template/parse"
	"unicode/utf8"
)

// A probeCase is a one-action html/template template, chosen so that its
// escaped pipeline is exactly the chain of escaping functions under test.
type probeCase struct {
	name  string
	src   string   // one {{.}} action
	chain []string // the escaped pipeline after the dot, asserted
}

var probeCases = []probeCase{
	{"text", `{{.}}`, []string{"_html_template_htmlescaper"}},
	{"attr", `<p title="{{.}}">`, []string{"_html_template_attrescaper"}},
	{"attrSingleQuoted", `<p title='{{.}}'>`, []string{"_html_template_attrescaper"}},
	{"title", `<title>{{.}}</title>`, []string{"_html_template_rcdataescaper"}},
	{"textarea", `<textarea>{{.}}</textarea>`, []string{"_html_template_rcdataescaper"}},
	{"unquotedAttr", `<p title={{.}}>`, []string{"_html_template_nospaceescaper"}},
	{"url", `<a href="{{.}}">`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_attrescaper"}},
	{"urlUnquoted", `<a href={{.}}>`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_nospaceescaper"}},
	{"urlPath", `<a href="/x/{{.}}">`, []string{"_html_template_urlnormalizer", "_html_template_attrescaper"}},
	{"urlPathUnquoted", `<a href=/x/{{.}}>`, []string{"_html_template_urlnormalizer", "_html_template_nospaceescaper"}},
	{"urlQuery", `<a href="/x?q={{.}}">`, []string{"_html_template_urlescaper", "_html_template_attrescaper"}},
	{"urlQueryUnquoted", `<a href=/x?{{.}}>`, []string{"_html_template_urlescaper", "_html_template_nospaceescaper"}},
	{"cssAttr", `<p style="color: {{.}}">`, []string{"_html_template_cssvaluefilter", "_html_template_attrescaper"}},
	{"cssAttrUnquoted", `<p style=color:{{.}}>`, []string{"_html_template_cssvaluefilter", "_html_template_nospaceescaper"}},
	{"cssBlock", `<style>p { color: {{.}} }</style>`, []string{"_html_template_cssvaluefilter"}},
	{"cssURL", `<style>p { background: url({{.}}) }</style>`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer"}},
	{"cssQuotedURL", `<style>p { background: url("{{.}}") }</style>`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer"}},
	{"cssURLAttr", `<p style="background: url({{.}})">`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_attrescaper"}},
	{"comment", `<!-- {{.}} -->`, []string{"_html_template_commentescaper"}},
}

// A tprobe is a probeCase parsed, escaped and checked.
type tprobe struct {
	probeCase
	tmpl           *template.Template
	prefix, suffix string // the escaped text around the action
	funcs          []Func // ours, for chain
}

var (
	probesOnce sync.Once
	probes     []*tprobe
	probesErr  error
)

// loadProbes escapes every probe once (by executing it) and checks that the
// escaped tree is text, {{. | chain...}}, text, where every
// _html_template_ identifier in the tree is in chain, in that order.
func loadProbes(tb testing.TB) []*tprobe {
	tb.Helper()
	probesOnce.Do(func() {
		for _, pc := range probeCases {
			p, err := newProbe(pc)
			if err != nil {
				probesErr = fmt.Errorf("probe %s %s: %w", pc.name, pc.src, err)
				return
			}
			probes = append(probes, p)
		}
	})
	if probesErr != nil {
		tb.Fatal(probesErr)
	}
	return probes
}

func newProbe(pc probeCase) (*tprobe, error) {
	t, err := template.New(pc.name).Parse(pc.src)
	if err != nil {
		return nil, err
	}
	if err := t.Execute(new(strings.Builder), "x"); err != nil {
		return nil, err
	}
	p := &tprobe{probeCase: pc, tmpl: t}

	// Every escaping function named anywhere in the escaped tree.
	var named []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IdentifierNode:
			if strings.HasPrefix(n.Ident, "_html_template_") {
				named = append(named, n.Ident)
			}
		}
	}
	walk(t.Tree.Root)
	if !slices.Equal(named, pc.chain) {
		return nil, fmt.Errorf("escaped tree %s calls %v, want %v", t.Tree.Root, named, pc.chain)
	}

	// The shape: text, then {{. | f | g ...}}, then text.
	var action *parse.ActionNode
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if action == nil {
				p.prefix += string(n.Text)
			} else {
				p.suffix += string(n.Text)
			}
		case *parse.ActionNode:
			if action != nil {
				return nil, fmt.Errorf("escaped tree %s has two actions", t.Tree.Root)
			}
			action = n
		default:
			return nil, fmt.Errorf("escaped tree %s has a %T", t.Tree.Root, n)
		}
	}
	if action == nil || len(action.Pipe.Decl) != 0 || len(action.Pipe.Cmds) != 1+len(pc.chain) {
		return nil, fmt.Errorf("escaped tree %s: action is not {{. | %v}}", t.Tree.Root, pc.chain)
	}
	cmds := action.Pipe.Cmds
	if len(cmds[0].Args) != 1 || cmds[0].Args[0].Type() != parse.NodeDot {
		return nil, fmt.Errorf("escaped action %s does not start with the dot", action)
	}
	for i, name := range pc.chain {
		c := cmds[1+i]
		if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || len(c.Args) != 1 || id.Ident != name {
			return nil, fmt.Errorf("escaped action %s: command %d is %s, want %s", action, 1+i, c, name)
		}
		f, ok := Lookup(name)
		if !ok {
			return nil, fmt.Errorf("Lookup(%q) = false", name)
		}
		p.funcs = append(p.funcs, f)
	}
	return p, nil
}

// want is html/template's output for the probe with data as dot.
func (p *tprobe) want(data any) (string, error) {
	var b strings.Builder
	err := p.tmpl.Execute(&b, data)
	return b.String(), err
}

// gotAny is the probe's output built from our functions: the first through
// Any with the data, the rest through String (a function's result is a
// plain string), checked against Any.
func (p *tprobe) gotAny(tb testing.TB, data any) string {
	tb.Helper()
	s := p.funcs[0].Any(data)
	for _, f := range p.funcs[1:] {
		viaString := f.String(s)
		if viaAny := f.Any(s); viaAny != viaString {
			tb.Errorf("%s: %s.Any(%q) = %q but String gives %q", p.name, f.Name, s, viaAny, viaString)
		}
		s = viaString
	}
	return p.prefix + s + p.suffix
}

// gotString is the probe's output from our String functions only.
func (p *tprobe) gotString(s string) string {
	for _, f := range p.funcs {
		s = f.String(s)
	}
	return p.prefix + s + p.suffix
}

// check compares the probe's output for data with ours, and for string data
// also the String chain.
func (p *tprobe) check(tb testing.TB, data any) {
	tb.Helper()
	want, err := p.want(data)
	if err != nil {
		tb.Fatalf("%s: executing %s with %#v: %v", p.name, p.src, data, err)
	}
	if got := p.gotAny(tb, data); got != want {
		tb.Errorf("%s %s with %T %#v:\n got (Any) %q\nwant      %q", p.name, p.src, data, data, got, want)
	}
	if s, ok := data.(string); ok {
		if got := p.gotString(s); got != want {
			tb.Errorf("%s %s with %q:\n got (String) %q\nwant         %q", p.name, p.src, s, got, want)
		}
	}
}

func trickyStrings() []string {
	ss := []string{
		"", "plain text", "Hello, World 123", "<>&'\"+=`", "\x00", "a\x00b",
		"\xff", "a\xffb", "\xc3", "\xc3(", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xef\xbf\xbd", "\uFFFD",
		"\u2028\u2029", "caf\u00e9", "日本語", "\uFDD0", "\uFDEF", "\uFDCF", "\uFDF0", "\uFFEF", "\uFFF0", "\uFFFE", "\uFFFF", "\U0001F600",
		"\t\n\v\f\r ", "a b", "x=y", "&amp;", "&lt;b&gt;", "&#34;", "<b>bold</b>", `<a href="x">`,
		"javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:", " http://x", "http://x", "HTTP://X", "https://example.com/a b?c=d&e=f#g",
		"HtTpS://x", "mailto:a@b.c", "MAILTO:", "data:text/html,<b>", "vbscript:x", "//evil.example", "/a:b", "a/b:c", "a:b/c", ":", ":x", "x:",
		"httpſ://x", "ſ:", "\u212a:", "%zz", "%41", "%4", "%", "a%", "a%4", "a%41", "%%41", "%41%", "%e2%82%ac", "%E2%82%AC",
		"/search?q=a b&x=ü", "a'b(c)d", "!#$&*+,/:;=?@[]", "-._~", "#frag", "?q", "a\\b",
		"red", "RED", "#888", "10px", "25%", ".bar", "#foo", "rgba(0, 0, 255, 127)", "expression(alert(1))", "Expression", "eXpReSsIoN",
		"exp-ression", "expr_ession", "ex pression", "-moz-binding", "moz-binding", "mozbinding", "MozBinding", "-mo-z-binding",
		`\65 xpression`, `\65xpression`, `\000065xpression`, `\45 XPRESSION`, `\6d oz-binding`, "/* */", "<!--", "-->", "--", "a--b", "-a-b-",
		`\`, `red\`, `\\`, `\"`, `\'`, `\;`, `\0`, `\00`, `\0 `, `\000000`, `\110000`, `\10ffff`, `\ffffff`, `\FFFFFF1`, `\d800`, `\dfff `, `\fffd`,
		"\\41\r\nb", "\\41\rb", "\\41\nb", "\\41\tb", "\\41\fb", "\\41  b", "\\\xff", "\\\xc3\xa9", "\\é", "\\\n", `\4`, `\ 4`, `\g`, `\-`, `\2d\2d`,
		"a@b", "a;b", "{}", "[]", "`", "a b c", "12.5em", "inherit", "\u00e9t\u00e9", "\x7f", "\x80", "\u0080",
	}
	for c := 0; c < utf8.RuneSelf; c++ {
		ss = append(ss, string(rune(c)), "a"+string(rune(c))+"b", `\`+string(rune(c)))
	}
	long := strings.Repeat("abcdefghij", 1000)
	ss = append(ss, long, long+"<", "<"+long, strings.Repeat("<&>\"'", 500), strings.Repeat("\\41 ", 300),
		strings.Repeat("é", 2000), strings.Repeat("\uFFFF\xff", 300), "http://x/"+long, strings.Repeat("%", 999))
	return ss
}

func TestProbeChains(t *testing.T) {
	// loadProbes asserts each chain; list them for the record.
	for _, p := range loadProbes(t) {
		t.Logf("%-18s %-45s -> %s{{. | %s}}%s", p.name, p.src, p.prefix, strings.Join(p.chain, " | "), p.suffix)
	}
}

func TestStrings(t *testing.T) {
	for _, p := range loadProbes(t) {
		for _, s := range trickyStrings() {
			p.check(t, s)
		}
	}
}

// Types for typed arguments.
type (
	valueStringer struct{ s string }
	ptrStringer   struct{ s string }
	ptrError      struct{ msg string }
	namedString   string
	namedHTML     template.HTML
	stringerStr   string
	panicStringer struct{}
	errStringer   struct{}
	fmtStringer   struct{}
	hours         int64
)

func (panicStringer) String() string              { panic("no <text>") }
func (errStringer) String() string                { return "as stringer" }
func (errStringer) Error() string                 { return "as error <e>" }
func (fmtStringer) String() string                { return "as stringer" }
func (fmtStringer) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "formatted <%c>", verb) }
func (h hours) String() string                    { return fmt.Sprintf("%d.%d h", h/10, h%10) }

func (v valueStringer) String() string { return v.s }
func (p *ptrStringer) String() string  { return p.s }
func (e *ptrError) Error() string      { return e.msg }
func (s stringerStr) String() string   { return "<" + string(s) + ">" }

func ptr[T any](v T) *T { return &v }

func typedValues() []any {
	var nilAny *any
	var anyHTML any = template.HTML("<b>x</b>")
	var nilIface any
	html := template.HTML(`<b title="a>b">bold &amp; &lt;safe&gt;</b>`)
	return []any{
		nil,
		(*string)(nil),
		(**string)(nil),
		ptr((*string)(nil)),
		ptr("a<b"),
		ptr(ptr("c&d")),
		ptr(html),
		ptr(ptr(html)),
		(*template.HTML)(nil),
		ptr(template.URL("javascript:x")),
		ptr(template.CSS("expression(x)")),
		nilAny,
		&anyHTML,
		&nilIface,
		42, -7, int8(3), uint64(1 << 63), 3.25, math.Copysign(0, -1), 1e21, float32(0.1), 2 + 3i,
		true, false,
		'x', byte('<'),
		[]byte("a<b"), []string{"a", "<b>"}, map[string]int{"<": 1}, struct{ A, B string }{"<", ">"},
		valueStringer{"<i>stringer</i>"}, &valueStringer{"&ptr to value stringer"}, ptr(ptr(valueStringer{"x'y"})),
		&ptrStringer{"ptr stringer \"q\""}, ptrStringer{"not a stringer <x>"}, (*ptrStringer)(nil), (*valueStringer)(nil),
		errors.New("error <b>&</b>"), fmt.Errorf("wrapped: %w", errors.New("+")), &ptrError{"ptr error ="}, (*ptrError)(nil),
		error(nil),
		namedString("named <s>"), namedHTML("<b>named html</b>"), stringerStr("stringer string"),
		panicStringer{}, errStringer{}, fmtStringer{}, hours(355), ptr(hours(20)), 0, -1234567,
		template.HTML(""), template.HTML("plain"), template.HTML("a < b && c > d"), html,
		template.HTML(`<script>alert("x")</script>after`), template.HTML(`<style>p{}</style>s`), template.HTML(`<textarea><b></textarea>t`),
		template.HTML(`<!-- comment -->text`), template.HTML(`I <3 ponies`), template.HTML(`<a href=x onclick='y'>z</a>`),
		template.HTML(`<img src="a.png" alt="x > y">&copy; 2024`), template.HTML("<p title=\"\x00\">\x00 nul</p>"), template.HTML("<b>unterminated"),
		template.HTML(`"quoted" 'single' +plus =eq ` + "`tick`"), template.HTML("a\tb c"), template.HTML("\uFFFF\xff"), template.HTML("<"), template.HTML("a</b>c"),
		template.URL("javascript:alert(1)"), template.URL("http://x/a b?q=1&r=<2>"), template.URL("%zz%41"), template.URL(""), template.URL("a'b(c)"),
		template.CSS("expression(alert(1))"), template.CSS("color: red; x: <y>"), template.CSS(""),
		template.HTMLAttr(` dir="ltr"`), template.HTMLAttr("<&>"),
		template.JS("a < b && c"), template.JS("javascript:x"), template.JSStr(`a\"b<`), template.Srcset("a.png 1x, javascript:x 2x"),
	}
}

func TestTypedArguments(t *testing.T) {
	for _, p := range loadProbes(t) {
		for _, v := range typedValues() {
			p.check(t, v)
		}
		for _, s := range trickyStrings() {
			for _, v := range []any{template.HTML(s), template.URL(s), template.CSS(s), template.HTMLAttr(s), template.JS(s), ptr(s), ptr(template.HTML(s))} {
				p.check(t, v)
			}
		}
	}
}

var allNames = []string{
	"_html_template_htmlescaper", "_html_template_attrescaper", "_html_template_rcdataescaper",
	"_html_template_urlescaper", "_html_template_urlfilter", "_html_template_urlnormalizer",
	"_html_template_cssvaluefilter", "_html_template_nospaceescaper", "_html_template_commentescaper",
}

// directArgs is the data of a direct call: its fields are the arguments.
type directArgs struct{ A, B, C, D any }

var (
	directMu    sync.Mutex
	directCalls = map[string]*template.Template{}
)

// direct calls html/template's own function name with args (at most four)
// and returns its result. html/template does not let a template name its
// escaping functions, so the call is made by escaping the template {{.}}
// (which gives it html/template's functions) and then putting in place of
// its tree the tree of {{name .A .B ...}}, parsed by text/template with a
// stand-in function of that name. The check below asserts that the tree
// that runs is that call.
func direct(tb testing.TB, name string, args ...any) string {
	tb.Helper()
	fields := []string{".A", ".B", ".C", ".D"}[:len(args)]
	src := "{{" + strings.Join(append([]string{name}, fields...), " ") + "}}"
	directMu.Lock()
	t := directCalls[src]
	if t == nil {
		t = template.Must(template.New("direct").Parse("{{.}}"))
		if err := t.Execute(new(strings.Builder), "x"); err != nil {
			directMu.Unlock()
			tb.Fatal(err)
		}
		stand := texttemplate.Must(texttemplate.New("direct").
			Funcs(texttemplate.FuncMap{name: func(...any) string { return "" }}).Parse(src))
		t.Tree.Root = stand.Tree.Root
		if got := t.Tree.Root.String(); got != src {
			directMu.Unlock()
			tb.Fatalf("direct call tree is %s, want %s", got, src)
		}
		directCalls[src] = t
	}
	directMu.Unlock()
	var d directArgs
	slots := []*any{&d.A, &d.B, &d.C, &d.D}
	for i, a := range args {
		*slots[i] = a
	}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		tb.Fatalf("%s with %#v: %v", src, args, err)
	}
	return b.String()
}

// TestDirectOracle checks the direct calls against the probes on one
// argument, so that the direct calls are known to reach html/template's
// functions.
func TestDirectOracle(t *testing.T) {
	for _, p := range loadProbes(t) {
		if len(p.chain) != 1 {
			continue
		}
		for _, v := range append(typedValues(), "<a href='x'>&amp;</a>", "javascript:x", "", "expression(x)", " x y ") {
			want, err := p.want(v)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.prefix + direct(t, p.chain[0], v) + p.suffix; got != want {
				t.Errorf("direct %s(%#v) gives %q, probe %s gives %q", p.chain[0], v, got, p.src, want)
			}
		}
	}
}

// checkArgs compares every function's Any on args (at most four) with
// html/template's own function called directly, and checks that Any leaves
// args as they were.
func checkArgs(tb testing.TB, args ...any) {
	tb.Helper()
	orig := slices.Clone(args)
	for _, name := range allNames {
		f, _ := Lookup(name)
		if got, want := f.Any(args...), direct(tb, name, args...); got != want {
			tb.Errorf("%s.Any(%#v) = %q, want %q", name, args, got, want)
		}
		if len(args) == 1 {
			if s, ok := args[0].(string); ok {
				if got, want := f.String(s), f.Any(s); got != want {
					tb.Errorf("%s.String(%q) = %q, Any gives %q", name, s, got, want)
				}
			}
		}
	}
	for i := range args {
		if fmt.Sprintf("%#v", args[i]) != fmt.Sprintf("%#v", orig[i]) {
			tb.Errorf("Any modified its argument %d: %#v, was %#v", i, args[i], orig[i])
		}
	}
}

func TestSeveralArguments(t *testing.T) {
	vals := typedValues()
	checkArgs(t)
	checkArgs(t, nil, nil)
	checkArgs(t, "a", "b")
	checkArgs(t, 1, 2)
	checkArgs(t, "a", 1, nil, true)
	checkArgs(t, "b", 2.5, nil, "c")
	checkArgs(t, template.HTML("<b>"), template.URL("javascript:x"))
	checkArgs(t, ptr("p"), (*string)(nil), &valueStringer{"s<"}, errors.New("e&"))
	checkArgs(t, "javascript:alert(1)", "x")
	checkArgs(t, "expression", "(x)")
	for i, v := range vals {
		checkArgs(t, v)
		checkArgs(t, v, vals[(i*7+3)%len(vals)])
		checkArgs(t, vals[(i*5+1)%len(vals)], v, "<&>")
	}
	for _, s := range trickyStrings() {
		checkArgs(t, s)
		checkArgs(t, s, s)
		checkArgs(t, template.URL(s))
	}
}

func TestCommentEscaperRunsNoMethod(t *testing.T) {
	f, _ := Lookup("_html_template_commentescaper")
	called := false
	v := stringerFunc(func() string { called = true; return "x" })
	if got := f.Any(v, 1); got != "" || called {
		t.Errorf("commentescaper.Any = %q, String method called: %v", got, called)
	}
	if got := f.String("<b>"); got != "" {
		t.Errorf("commentescaper.String = %q", got)
	}
}

type stringerFunc func() string

func (f stringerFunc) String() string { return f() }

func TestLookup(t *testing.T) {
	for _, name := range allNames {
		f, ok := Lookup(name)
		if !ok || f.Name != name || f.String == nil || f.Any == nil {
			t.Errorf("Lookup(%q) = %+v, %v", name, f, ok)
		}
	}
	for _, name := range []string{
		"_html_template_jsvalescaper", "_html_template_jsstrescaper", "_html_template_jsregexpescaper",
		"_html_template_jstmpllitescaper", "_html_template_srcsetescaper", "_html_template_cssescaper",
		"_html_template_htmlnamefilter", "_eval_args_", "html", "urlquery", "", "_html_template_",
	} {
		if f, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) = %+v, true; want false", name, f)
		}
	}
}

// TestStringNoAlloc checks that String returns text that needs no change
// without allocating.
func TestStringNoAlloc(t *testing.T) {
	inputs := map[string]string{
		"_html_template_htmlescaper":    "plain text, café 日本 \uFFFF \xff",
		"_html_template_attrescaper":    "plain text = `x`",
		"_html_template_rcdataescaper":  "plain text",
		"_html_template_nospaceescaper": "plain-text_café\u2028",
		"_html_template_urlescaper":     "plain-text_1.2~",
		"_html_template_urlfilter":      "javascript:alert(1)",
		"_html_template_urlnormalizer":  "https://example.com/a/b?c=d&e=%41#f",
		"_html_template_cssvaluefilter": "#888 10px solid",
		"_html_template_commentescaper": "<!-- x -->",
	}
	for name, in := range inputs {
		f, _ := Lookup(name)
		want := f.String(in)
		if allocs := testing.AllocsPerRun(100, func() {
			if f.String(in) != want {
				t.Fatal("unstable")
			}
		}); allocs != 0 {
			t.Errorf("%s.String(%q) allocates %v times", name, in, allocs)
		}
	}
}

// fuzzKinds are the ways a fuzzed string is given as dot.
var fuzzKinds = []func(string) any{
	func(s string) any { return s },
	func(s string) any { return template.HTML(s) },
	func(s string) any { return template.URL(s) },
	func(s string) any { return template.CSS(s) },
	func(s string) any { return template.HTMLAttr(s) },
	func(s string) any { return ptr(template.HTML(s)) },
}

// FuzzEscapers runs every probe on a fuzzed string, given as a string or as
// one of html/template's content types, and compares our output with
// html/template's.
func FuzzEscapers(f *testing.F) {
	seeds := []string{
		"", "plain", "<b>&amp;</b>", "javascript:alert(1)", " http://x", "%zz%41", `\65 xpression`, "-moz-binding",
		"\x00\xff\uFFFF\uFDD0", "a\tb\nc d=e`f", `<p title="1>2">x</p><script>y</script>z`, "<!-- c -->t", "httpſ://x",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i%len(fuzzKinds)))
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, kind uint8) {
		data := fuzzKinds[int(kind)%len(fuzzKinds)](s)
		for _, p := range loadProbes(t) {
			p.check(t, data)
		}
		checkArgs(t, data)
	})
}

// FuzzArguments compares argument lists of one to three values with
// html/template's exported escapers.
func FuzzArguments(f *testing.F) {
	f.Add("a", "b", int64(1), uint8(0), uint8(1))
	f.Add("<b>", "javascript:x", int64(-3), uint8(1), uint8(2))
	f.Add("", "", int64(0), uint8(3), uint8(5))
	f.Fuzz(func(t *testing.T, s1, s2 string, n int64, k1, k2 uint8) {
		a := fuzzKinds[int(k1)%len(fuzzKinds)](s1)
		b := fuzzKinds[int(k2)%len(fuzzKinds)](s2)
		checkArgs(t, a, b)
		checkArgs(t, a, n, b)
		checkArgs(t, n, a)
		checkArgs(t, &b)
	})
}

var (
	benchPlain   = "The quick brown fox jumps over the dog."
	benchEscapes = `Tom & Jerry's "Big" <Show> + more, 2024`
	sink         string
)

func benchString(b *testing.B, name, in string) {
	f, ok := Lookup(name)
	if !ok {
		b.Fatalf("no %s", name)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		sink = f.String(in)
	}
}

func BenchmarkHTMLEscaper(b *testing.B) {
	b.Run("plain40", func(b *testing.B) { benchString(b, "_html_template_htmlescaper", benchPlain) })
	b.Run("escapes40", func(b *testing.B) { benchString(b, "_html_template_htmlescaper", benchEscapes) })
	b.Run("any/plain40", func(b *testing.B) {
		f, _ := Lookup("_html_template_htmlescaper")
		b.ReportAllocs()
		for b.Loop() {
			sink = f.Any(benchPlain)
		}
	})
	b.Run("any/html40", func(b *testing.B) {
		f, _ := Lookup("_html_template_htmlescaper")
		v := template.HTML(benchEscapes)
		b.ReportAllocs()
		for b.Loop() {
			sink = f.Any(v)
		}
	})
}

func BenchmarkOthers(b *testing.B) {
	b.Run("attrescaper/plain40", func(b *testing.B) { benchString(b, "_html_template_attrescaper", benchPlain) })
	b.Run("nospaceescaper/spaces40", func(b *testing.B) { benchString(b, "_html_template_nospaceescaper", benchPlain) })
	b.Run("urlnormalizer/url", func(b *testing.B) {
		benchString(b, "_html_template_urlnormalizer", "https://example.com/path/to/page?q=1&r=2")
	})
	b.Run("urlescaper/query", func(b *testing.B) { benchString(b, "_html_template_urlescaper", "a b&c=d/é") })
	b.Run("cssvaluefilter/value", func(b *testing.B) { benchString(b, "_html_template_cssvaluefilter", "#336699") })
}
