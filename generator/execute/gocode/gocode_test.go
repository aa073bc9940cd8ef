package gocode_test

import (
	"html/template"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/tscip/tscip/generator/execute/gocode"
)

type page struct {
	Title string
	Items []item
	Data  any
	Tags  map[string]string
}

type item struct{ Name string }

func (i *item) Upper() string { return strings.ToUpper(i.Name) }

var funcs = template.FuncMap{"shout": strings.ToUpper, "dict": func(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}}

func escaped(t *testing.T, src string) *template.Template {
	t.Helper()
	tp := template.Must(template.New("t").Funcs(funcs).Parse(src))
	tp.Execute(io.Discard, &page{Items: []item{{}}, Data: &item{}, Tags: map[string]string{"a": "b"}}) // escapes it
	return tp
}

func options() gocode.Options {
	return gocode.Options{Package: "x", PkgPath: "example.com/x", Funcs: funcs, FuncsExpr: "funcs", Records: []string{"dict"}}
}

// TestGeneratesWhatItTranslates: fields, methods of addressable values,
// ranges over slices, functions and escapers become plain Go.
func TestGeneratesWhatItTranslates(t *testing.T) {
	f := gocode.New(options())
	tp := escaped(t, `<h1 title="{{.Title}}">{{shout .Title}}</h1>{{range .Items}}<p>{{.Upper}}</p>{{else}}none{{end}}{{with .Data}}{{.Name}}{{end}}`)
	if err := f.Add("page", tp, reflect.TypeFor[*page](), gocode.Hints{"gocode_test.page.Data": reflect.TypeFor[*item]()}); err != nil {
		t.Fatal(err)
	}
	src, err := f.Source("")
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	for _, want := range []string{
		`escAttrescaper.String(`,                  // the attribute, escaped as an attribute
		`fnShout(`,                                // the function, asserted once to its type
		`.Upper()`,                                // a method of *item on an element of the slice
		`.Data.(*gocode_test.item)`,               // the hinted type, asserted
		`return execute.ErrFallback`,              // what a nil pointer or another type does
		`"page": func(w *bytes.Buffer, data any)`, // registered under its key
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the source has no %s:\n%s", want, src)
		}
	}
}

// TestRefusesWhatItDoesNotTranslate: anything outside what it translates
// exactly is refused, so that the template keeps running as a program.
func TestRefusesWhatItDoesNotTranslate(t *testing.T) {
	for _, src := range []string{
		`{{range .Tags}}{{.}}{{end}}`,      // a map: text/template sorts its keys
		`{{range .Items}}{{break}}{{end}}`, // break
		`{{with .Data}}{{.Name}}{{end}}`,   // an interface without a hint
		`{{slice .Title 1}}`,               // a built-in it does not translate
		`{{$x := 1}}{{$x = 2}}{{$x}}`,      // assignment
		`{{printf "%d" 3}}`,                // a verb other than %s
		`{{range .Items}}{{.Nope}}{{end}}`, // a field that does not exist
	} {
		f := gocode.New(options())
		if err := f.Add("page", escaped(t, src), reflect.TypeFor[*page](), nil); err == nil {
			t.Errorf("%s: generated", src)
		}
	}
}

// TestSetsKeepTheirOwnTemplates: two sets that each define "main" (as
// every page layout does) get a function each.
func TestSetsKeepTheirOwnTemplates(t *testing.T) {
	f := gocode.New(options())
	for key, body := range map[string]string{"page:a": "A{{.Title}}", "page:b": "B{{.Title}}"} {
		tp := escaped(t, `{{template "main" .}}{{define "main"}}`+body+`{{end}}`)
		if err := f.Add(key, tp, reflect.TypeFor[*page](), nil); err != nil {
			t.Fatal(err)
		}
	}
	src, err := f.Source("")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`w.WriteString("A")`, `w.WriteString("B")`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("no %s in:\n%s", want, src)
		}
	}
	// the frame is the same in both sets: one function, which calls each
	// set's main through the set it is given
	if n := strings.Count(string(src), "func tmplT_"); n != 1 {
		t.Errorf("%d functions for the frame shared by both sets:\n%s", n, src)
	}
}

// TestMapsOfKnownKeysAreStructs: a dict of constant keys handed to a
// template is a struct there, read field by field; range variables are
// the index and the element.
func TestMapsOfKnownKeysAreStructs(t *testing.T) {
	f := gocode.New(options())
	tp := escaped(t, `{{template "p" (dict "title" .Title "items" .Items)}}{{define "p"}}<h2>{{.title}}</h2>{{range $i, $e := .items}}{{$i}}:{{$e.Name}}{{end}}{{end}}`)
	if err := f.Add("page", tp, reflect.TypeFor[*page](), nil); err != nil {
		t.Fatal(err)
	}
	src, err := f.Source("")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"type rec1 struct", "F0 string", "F1 []gocode_test.item", "rec1{F0: ", ".F0)", "escHtmlescaper.Any(i"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("no %s in:\n%s", want, src)
		}
	}
}

type inner struct{ ID string }

type outer struct {
	inner
	Items []item
}

// TestPromotedFieldsAndIndex: a field promoted from an embedded struct is
// read as Go reads it, and index of a slice is a Go index (out of range,
// Go panics and the page falls back, as text/template fails).
func TestPromotedFieldsAndIndex(t *testing.T) {
	f := gocode.New(options())
	tp := escaped(t, `{{.ID}}{{with .Items}}{{$first := index . 0}}{{$first.Name}}{{end}}`)
	if err := f.Add("page", tp, reflect.TypeFor[*outer](), nil); err != nil {
		t.Fatal(err)
	}
	src, err := f.Source("")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dot.ID)", "[0]"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("no %s in:\n%s", want, src)
		}
	}
}
