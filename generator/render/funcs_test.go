package render_test

import (
	"reflect"
	"testing"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/render"
)

// TestDirectMatchesFuncs: each function compiled templates call directly
// gives what its namesake in the function map gives. (The ones that take
// the page's Context are compared on whole sites, in
// TestCompiledTemplatesMatchHTMLTemplate.)
func TestDirectMatchesFuncs(t *testing.T) {
	funcs, direct := render.Funcs(), render.Fast().Funcs
	for name := range direct {
		if _, ok := funcs[name]; !ok {
			t.Errorf("direct %s has no namesake in Funcs", name)
		}
	}
	args := map[string][]any{
		"money": {money.Pence(0), money.Pence(42693700), money.Pence(-150), money.Pence(12345)},
		"date":  {date.Date{}, mustDate(t, "2011-09-08"), mustDate(t, "1999-12-31")},
	}
	args["moneyFull"], args["pounds"], args["iso"] = args["money"], args["money"], args["date"]
	for name, vals := range args {
		fn := reflect.ValueOf(funcs[name])
		for _, v := range vals {
			want := fn.Call([]reflect.Value{reflect.ValueOf(v)})[0].Interface()
			got, err := direct[name]([]reflect.Value{reflect.ValueOf(v)})
			if err != nil || got.Interface() != want {
				t.Errorf("%s(%v): direct gives %v, %v; Funcs gives %v", name, v, got, err, want)
			}
		}
	}
}

func mustDate(t *testing.T, s string) date.Date {
	d, err := date.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDirectMethodsExist: each method compiled templates call directly is
// a method of its type that returns one value, so a renamed method cannot
// leave a direct form behind that is never called. What they give is
// compared on whole sites in TestCompiledTemplatesMatchHTMLTemplate.
func TestDirectMethodsExist(t *testing.T) {
	for typ, methods := range render.Fast().Methods {
		for name := range methods {
			m, ok := typ.MethodByName(name)
			if !ok {
				t.Errorf("%s has no method %s", typ, name)
				continue
			}
			if m.Type.NumOut() != 1 {
				t.Errorf("%s.%s returns %d values", typ, name, m.Type.NumOut())
			}
		}
	}
}
