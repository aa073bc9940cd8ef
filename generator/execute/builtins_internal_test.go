package execute

import (
	"fmt"
	"html/template"
	"reflect"
	"testing"
)

type stringer string

func (s stringer) String() string { return "<" + string(s) + ">" }

// TestSprintfStringsMatchesFmt: where the shortcut for printf takes a
// format, it gives what fmt.Sprintf gives, and it leaves every other
// format or value to fmt.
func TestSprintfStringsMatchesFmt(t *testing.T) {
	type tc struct {
		format string
		args   []any
		taken  bool
	}
	cases := []tc{
		{"/organisations/%s/", []any{"nhs-north"}, true},
		{"%s%s", []any{"a", "b"}, true},
		{"100%% of %s", []any{"x"}, true},
		{"", nil, true},
		{"plain", nil, true},
		{"%s", []any{""}, true},
		{"é%sü", []any{"\xff"}, true},
		{"%s", []any{"a", "b"}, false},               // extra argument
		{"%s %s", []any{"a"}, false},                 // missing argument
		{"%d", []any{3}, false},                      // another verb
		{"%5s", []any{"a"}, false},                   // a width
		{"%s", []any{3}, false},                      // not a string
		{"%s", []any{stringer("x")}, false},          // a String method
		{"%s", []any{template.HTML("<b>")}, false},   // a named string type
		{"%", nil, false},                            // a lone %
		{"%!", nil, false},                           // not a verb
		{"%s", []any{nil}, false},                    // nothing
		{"%v", []any{"a"}, false},                    // %v is fmt's
		{"%s/%s/", []any{"a", stringer("b")}, false}, // one of them
		{"%s%%%s", []any{"50", "!"}, true},
	}
	for _, c := range cases {
		args := make([]reflect.Value, len(c.args))
		for i := range c.args {
			// as a variadic ...any parameter holds them
			args[i] = reflect.ValueOf(&c.args[i]).Elem()
		}
		got, ok := sprintfStrings(c.format, args)
		if ok != c.taken {
			t.Errorf("sprintfStrings(%q, %v) taken = %v, want %v", c.format, c.args, ok, c.taken)
			continue
		}
		if want := fmt.Sprintf(c.format, c.args...); ok && got != want {
			t.Errorf("sprintfStrings(%q, %v) = %q, fmt gives %q", c.format, c.args, got, want)
		}
	}
}
