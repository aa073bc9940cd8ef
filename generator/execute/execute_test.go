package execute_test

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator/execute"
)

type slug string

type inner struct {
	Name  string
	Count int
	Tags  []string
	Link  *inner
}

func (i inner) Upper() string          { return strings.ToUpper(i.Name) }
func (i *inner) Greet(s string) string { return "hello " + s + " from " + i.Name }

type page struct {
	Title   string
	Body    template.HTML
	URL     template.URL
	Slug    slug
	N       int
	U       uint8
	F       float64
	On      bool
	Items   []inner
	Ptrs    []*inner
	Inner   inner
	Ptr     *inner
	Nil     *inner
	Map     map[string]int
	Any     any
	AnyMap  map[string]any
	Strs    []string
	Empty   []string
	Stringy fmt.Stringer
}

func (p *page) Join(sep string, parts ...string) string { return strings.Join(parts, sep) }
func (p *page) Fail() (string, error)                   { return "", errors.New("boom") }
func (p page) Double(n int) int                         { return 2 * n }

type named struct{ s string }

func (n named) String() string { return "named:" + n.s }

func testData() *page {
	a := &inner{Name: "a <b>", Count: 2, Tags: []string{"x", "y&z"}}
	return &page{
		Title: `Tom & "Jerry" <script>`, Body: "<em>ok</em>", URL: "javascript:alert(1)", Slug: "s/l u+g",
		N: 3, U: 7, F: 2.5, On: true,
		Items: []inner{{Name: "one", Count: 1}, {Name: "two", Count: 0, Tags: []string{"t"}}},
		Ptrs:  []*inner{a, nil},
		Inner: inner{Name: "in", Link: a}, Ptr: a,
		Map:     map[string]int{"b": 2, "a": 1, "c": 3},
		Any:     "any text",
		AnyMap:  map[string]any{"k": "v<", "n": 4, "h": template.HTML("<i>x</i>")},
		Strs:    []string{"p", "q"},
		Stringy: named{"z"},
	}
}

var funcs = template.FuncMap{
	"upper": strings.ToUpper,
	"add":   func(a, b int) int { return a + b },
	"safe":  func(s string) template.HTML { return template.HTML(s) },
	"pair":  func(a, b any) string { return fmt.Sprint(a, "|", b) },
	"fails": func() (string, error) { return "", errors.New("nope") },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"list":   func(v ...int) []int { return v },
	"panics": func() string { panic("oh") },
}

// cases are templates the program must run to html/template's very bytes.
var cases = []string{
	`plain text only`,
	`{{.Title}}`,
	`<p title="{{.Title}}">{{.Title}}</p>`,
	`<a href="{{.URL}}">x</a><a href="/s/{{.Slug}}?q={{.Title}}">y</a>`,
	`<a href="{{.Title}}">{{.Body}}</a><p title="{{.Body}}">`,
	`<title>{{.Title}} {{.Body}}</title><textarea>{{.Body}}</textarea>`,
	`{{.Slug}} {{.N}} {{.U}} {{.F}} {{.On}} {{.Stringy}} {{.Any}}`,
	`{{.Inner.Name}} {{.Inner.Link.Name}} {{.Ptr.Count}} {{.Inner.Upper}} {{.Ptr.Upper}}`,
	`{{.Ptr.Greet "you"}} {{.Inner.Greet .Title}} {{.Join "-" "a" "b" .Title}} {{.Double 4}}`,
	`{{if .On}}on{{else}}off{{end}} {{if .Empty}}e{{else if .Strs}}s{{end}} {{if not .N}}z{{end}}`,
	`{{with .Nil}}nil{{else}}no link{{end}} {{with .Ptr}}{{.Name}}{{end}} {{with .Inner.Link}}{{.Count}}{{end}}`,
	`{{range .Items}}[{{.Name}} {{.Count}}{{range .Tags}}<{{.}}>{{end}}]{{end}}`,
	`{{range $i, $x := .Strs}}{{$i}}={{$x}};{{end}} {{range $x := .Strs}}{{$x}}{{end}}`,
	`{{range .Empty}}x{{else}}none{{end}} {{range $k, $v := .Map}}{{$k}}:{{$v}} {{end}}`,
	`{{range .Items}}{{if eq .Count 0}}{{break}}{{end}}{{.Name}}{{end}} {{range .Strs}}{{if eq . "p"}}{{continue}}{{end}}{{.}}{{end}}`,
	`{{range 3}}{{.}}{{end}} {{range $i := .N}}{{$i}}{{end}}`,
	`{{$x := .Title}}{{$x}} {{$y := 1}}{{$y = add $y 2}}{{$y}} {{$.N}}`,
	`{{range .Items}}{{$.Title}}/{{.Name}}{{end}}`,
	`{{eq .N 3}} {{eq .N 1 2 3}} {{ne .Title "x"}} {{lt .N 4}} {{le .N 3}} {{gt .U 2}} {{ge .F 2.5}} {{eq .U 7}} {{lt .N .U}}`,
	`{{and .On .N}} {{or .Empty .Strs}} {{and .On .Empty "x"}} {{or "" 0 .Title}} {{not .Empty}}`,
	`{{len .Strs}} {{len .Map}} {{len .Title}} {{index .Strs 1}} {{index .Map "b"}} {{index .AnyMap "k"}} {{index .Map "zz"}}`,
	`{{printf "%s/%d/%v" .Title .N .On}} {{print .N .Title}} {{println "x"}}`,
	`{{upper .Title}} {{.Title | upper}} {{.Title | printf "<%s>"}} {{add 1 2}} {{add .N 4}}`,
	`{{safe "<b>bold</b>"}} <p title="{{safe "<b>x</b>"}}">`,
	`{{pair .N nil}} {{pair .Nil .Title}} {{pair 1.5 "s"}}`,
	`{{(index .Items 1).Name}} {{(.Ptr).Name}} {{.AnyMap.k}} {{.AnyMap.n}} {{.AnyMap.h}}`,
	`{{with dict "a" .Title "b" 2}}{{.a}}-{{.b}}{{end}}`,
	`{{define "row"}}<tr><td>{{.Name}}</td></tr>{{end}}{{range .Items}}{{template "row" .}}{{end}}{{template "row" .Inner}}`,
	`{{block "side" .Title}}[{{.}}]{{end}}`,
	`{{/* a comment */}}a {{- " b " -}} c`,
	`<style>p { color: {{.Slug}} }</style><p style="color: {{.Title}}">`,
	`<script>var x = 1;</script><p>{{.Title}}</p>`,
	`{{range .Ptrs}}{{if .}}{{.Name}}{{else}}nil{{end}}{{end}}`,
	`{{with $x := .Ptr}}{{$x.Name}}{{end}} {{if $y := .N}}{{$y}}{{end}}`,
}

func parse(t testing.TB, src string) *template.Template {
	t.Helper()
	tp, err := template.New("t").Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return tp
}

// want runs the template with html/template, which also escapes it.
func want(t testing.TB, tp *template.Template, data any) (string, error) {
	t.Helper()
	var b bytes.Buffer
	err := tp.Execute(&b, data)
	return b.String(), err
}

func TestSameBytesAsHTMLTemplate(t *testing.T) {
	for _, src := range cases {
		tp := parse(t, src)
		w, err := want(t, tp, testData())
		if err != nil {
			t.Fatalf("%s: html/template: %v", src, err)
		}
		p, err := execute.Compile(tp, funcs, execute.Fast{})
		if err != nil {
			// script contexts use escapers this package leaves out
			if strings.Contains(src, "<script>") && strings.Contains(err.Error(), "not implemented") {
				continue
			}
			t.Errorf("%s: compile: %v", src, err)
			continue
		}
		var b bytes.Buffer
		if err := p.Execute(&b, testData()); err != nil {
			t.Errorf("%s: execute: %v", src, err)
			continue
		}
		if b.String() != w {
			t.Errorf("%s:\n got %q\nwant %q", src, b.String(), w)
		}
	}
}

// TestLeavesTheRestToHTMLTemplate: what the program cannot do exactly, it
// refuses (an error, not different output).
func TestLeavesTheRestToHTMLTemplate(t *testing.T) {
	refused := []string{
		`{{.Nil.Name}}`,              // nil pointer
		`{{.Missing}}`,               // no such field
		`{{.AnyMap.nokey}}`,          // missing key, missingkey=error
		`{{.Fail}}`,                  // a method's error
		`{{fails}}`,                  // a function's error
		`{{panics}}`,                 // a function's panic
		`{{index .Strs 5}}`,          // out of range
		`{{eq .Ptr .Ptr}}`,           // comparing pointers
		`{{lt .Title 1}}`,            // incompatible kinds
		`{{.Title.Name}}`,            // field of a string
		`{{add "x" 1}}`,              // wrong type of argument
		`{{add 1}}`,                  // too few arguments
		`{{range .Stringy}}x{{end}}`, // can't range over a struct
	}
	for _, src := range refused {
		tp := parse(t, src)
		_, werr := want(t, tp, testData())
		p, err := execute.Compile(tp, funcs, execute.Fast{})
		if err != nil {
			continue // refused at compile time
		}
		var b bytes.Buffer
		err = p.Execute(&b, testData())
		if err == nil {
			t.Errorf("%s: ran to %q; html/template gives %v", src, b.String(), werr)
		}
	}
}

// TestCompileRefuses: a tree with a construct the package does not run
// does not compile.
func TestCompileRefuses(t *testing.T) {
	for _, src := range []string{
		`<script>var t = {{.Title}};</script>`, // JS escaper
		`{{slice .Strs 1}}`,
		`{{call .Any}}`,
	} {
		tp := parse(t, src)
		want(t, tp, testData())
		if _, err := execute.Compile(tp, funcs, execute.Fast{}); err == nil {
			t.Errorf("%s: compiled", src)
		}
	}
}

func TestConcurrentExecutions(t *testing.T) {
	tp := parse(t, cases[11]+cases[7]+cases[8])
	w, _ := want(t, tp, testData())
	p, err := execute.Compile(tp, funcs, execute.Fast{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 8 {
		go func() {
			var b bytes.Buffer
			for range 50 {
				b.Reset()
				if err := p.Execute(&b, testData()); err != nil {
					done <- err.Error()
					return
				}
				if b.String() != w {
					done <- b.String()
					return
				}
			}
			done <- ""
		}()
	}
	for range 8 {
		if got := <-done; got != "" {
			t.Errorf("concurrent run gave %q", got)
		}
	}
}

func BenchmarkExecute(b *testing.B) {
	src := strings.Repeat(`<tr data-x="{{.Ptr.Name}}"><td><a href="{{.Join "/" "a" .Title}}">{{.Inner.Name}}</a></td><td>{{.N}}</td>{{if .On}}<td>{{upper .Title}}</td>{{end}}</tr>`, 10)
	tp := parse(b, src)
	want(b, tp, testData())
	p, err := execute.Compile(tp, funcs, execute.Fast{})
	if err != nil {
		b.Fatal(err)
	}
	d := testData()
	b.Run("html-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tp.Execute(io.Discard, d)
		}
	})
	b.Run("program", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			p.Execute(&buf, d)
		}
	})
}

// TestFastFormsAreCalled: a function's or method's direct form is called
// in its place, with the receiver first, and gives the same page.
func TestFastFormsAreCalled(t *testing.T) {
	calls := map[string]int{}
	fast := execute.Fast{
		Funcs: map[string]execute.Direct{
			"upper": func(a []reflect.Value) (reflect.Value, error) {
				calls["upper"]++
				return reflect.ValueOf(strings.ToUpper(a[0].String())), nil
			},
		},
		Methods: map[reflect.Type]map[string]execute.Direct{
			reflect.TypeFor[*inner](): {"Greet": func(a []reflect.Value) (reflect.Value, error) {
				calls["Greet"]++
				return reflect.ValueOf(a[0].Interface().(*inner).Greet(a[1].String())), nil
			}},
		},
	}
	src := `{{upper .Title}} {{.Ptr.Greet "you"}} {{.Inner.Greet .Title}} {{range .Ptrs}}{{with .}}{{.Greet "x"}}{{end}}{{end}} {{printf "%d-%s" .N .Title}}`
	tp := parse(t, src)
	w, _ := want(t, tp, testData())
	p, err := execute.Compile(tp, funcs, fast)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Execute(&b, testData()); err != nil {
		t.Fatal(err)
	}
	if b.String() != w {
		t.Errorf("got %q\nwant %q", b.String(), w)
	}
	if calls["upper"] != 1 || calls["Greet"] != 3 {
		t.Errorf("direct forms called %v times; want upper 1, Greet 3", calls)
	}
}

// FuzzSameBytesAsHTMLTemplate puts fuzzed text in the data's strings and
// runs every template of cases both ways: the program's page must be
// html/template's, or the program must refuse.
func FuzzSameBytesAsHTMLTemplate(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert(1)</script>`, `" onmouseover="x`, "javascript:alert(1)", "a&b", "\x00\xff", "İ", "%zz", "expression(x)"} {
		f.Add(s, s)
	}
	type prog struct {
		src string
		tp  *template.Template
		p   *execute.Program
	}
	var progs []prog
	for _, src := range cases {
		tp := parse(f, src)
		want(f, tp, testData())
		p, err := execute.Compile(tp, funcs, execute.Fast{})
		if err != nil {
			continue
		}
		progs = append(progs, prog{src, tp, p})
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		d := testData()
		d.Title, d.Ptr.Name, d.Strs[1], d.URL, d.Body, d.Slug = a, b, a+b, template.URL(b), template.HTML(a), slug(b)
		d.AnyMap["k"] = a
		for _, pr := range progs {
			w, werr := want(t, pr.tp, d)
			var got bytes.Buffer
			err := pr.p.Execute(&got, d)
			if err != nil {
				continue // refused: html/template runs it
			}
			if werr != nil || got.String() != w {
				t.Fatalf("%s with %q, %q:\n got %q\nwant %q (%v)", pr.src, a, b, got.String(), w, werr)
			}
		}
	})
}

// TestStreamWritesWhereHTMLIsPrintedAsItIs checks that a function's Stream
// form is called only where its trusted HTML would be printed unchanged:
// in the text of an element, on its own. Elsewhere (an attribute, a
// pipeline that goes on, a variable, a script) the function is called and
// the program writes what html/template writes.
func TestStreamWritesWhereHTMLIsPrintedAsItIs(t *testing.T) {
	fast := execute.Fast{Streams: map[string]execute.Stream{
		"safe": func(w *bytes.Buffer, a []reflect.Value) error {
			w.WriteString("[streamed " + a[0].String() + "]")
			return nil
		},
	}}
	data := map[string]any{"Title": "T &amp; <b>"}
	for _, c := range []struct{ src, streamed string }{
		{`<p>{{safe .Title}}</p>`, `<p>[streamed T &amp; <b>]</p>`},
		{`<p>{{safe (upper .Title)}}</p>`, `<p>[streamed T &AMP; <B>]</p>`},
		{`<p title="{{safe .Title}}">x</p>`, ""},
		{`<p>{{safe .Title | pair 1}}</p>`, ""},
		{`<p>{{$x := safe .Title}}{{$x}}</p>`, ""},
		{`<textarea>{{safe .Title}}</textarea>`, ""},
	} {
		tp := parse(t, c.src)
		w, err := want(t, tp, data)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if c.streamed != "" {
			w = c.streamed
		}
		p, err := execute.Compile(tp, funcs, fast)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		var b bytes.Buffer
		if err := p.Execute(&b, data); err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if b.String() != w {
			t.Errorf("%s:\n got %s\nwant %s", c.src, b.String(), w)
		}
	}
}

// TestStringFormWhereResultOnlyEscaped checks that a function's StringForm
// is called where its result goes only through escapers into the page, in
// text and in attributes alike, and gives what html/template writes; and
// that elsewhere (a pipeline that goes on, a variable) the function itself
// is called.
func TestStringFormWhereResultOnlyEscaped(t *testing.T) {
	calls := 0
	fast := execute.Fast{Strings: map[string]execute.StringForm{
		"upper": func(a []reflect.Value) (string, error) {
			calls++
			return strings.ToUpper(a[0].String()), nil
		},
	}}
	data := map[string]any{"Title": `a "quoted" <b>&amp;</b> javascript:x`}
	for _, c := range []struct {
		src  string
		form bool
	}{
		{`<p>{{upper .Title}}</p>`, true},
		{`<p title="{{upper .Title}}">x</p>`, true},
		{`<a href="/{{upper .Title}}">x</a>`, true},
		{`<a href="{{upper .Title}}">x</a>`, true},
		{`<textarea>{{upper .Title}}</textarea>`, true},
		{`<p>{{upper .Title | pair 1}}</p>`, false},
		{`<p>{{$x := upper .Title}}{{$x}}</p>`, false},
	} {
		tp := parse(t, c.src)
		w, err := want(t, tp, data)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		p, err := execute.Compile(tp, funcs, fast)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		calls = 0
		var b bytes.Buffer
		if err := p.Execute(&b, data); err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if b.String() != w {
			t.Errorf("%s:\n got %s\nwant %s", c.src, b.String(), w)
		}
		if used := calls > 0; used != c.form {
			t.Errorf("%s: string form called %d times, want it used: %v", c.src, calls, c.form)
		}
	}
}
