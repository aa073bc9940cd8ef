package escape

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
)

// kind is the sort of trusted content an argument list carries.
type kind uint8

const (
	kindPlain kind = iota
	kindCSS
	kindHTML
	kindHTMLAttr
	kindJS
	kindJSStr
	kindURL
	kindSrcset
)

var (
	stringerIface = reflect.TypeFor[fmt.Stringer]()
	errorIface    = reflect.TypeFor[error]()
)

// stringify turns an argument list into the text to escape and the kind of
// content it is, as html/template does before escaping:
//
//   - A single argument that is, after following every non-nil pointer, a
//     string or one of html/template's content types gives its text and
//     kind.
//   - Anything else is plain text: untyped nil arguments are left out, each
//     other argument is followed through pointers until it is nil or a
//     fmt.Stringer or error, and the results are formatted with fmt.Sprint
//     (which puts spaces between operands when neither is a string).
//
// args is not modified.
func stringify(args []any) (string, kind) {
	if len(args) == 1 {
		if s, ok := args[0].(string); ok {
			return s, kindPlain
		}
		if s, ok := quickText(args[0]); ok {
			return s, kindPlain
		}
		switch v := deref(args[0]).(type) {
		case string:
			return v, kindPlain
		case template.CSS:
			return string(v), kindCSS
		case template.HTML:
			return string(v), kindHTML
		case template.HTMLAttr:
			return string(v), kindHTMLAttr
		case template.JS:
			return string(v), kindJS
		case template.JSStr:
			return string(v), kindJSStr
		case template.URL:
			return string(v), kindURL
		case template.Srcset:
			return string(v), kindSrcset
		}
	}
	operands := make([]any, 0, len(args))
	for _, a := range args {
		if a == nil {
			continue
		}
		operands = append(operands, derefToFormatter(a))
	}
	return fmt.Sprint(operands...), kindPlain
}

// quickText gives, without reflection, what fmt.Sprint gives for the two
// commonest values that are not strings: an int, and a fmt.Stringer held by
// value (a figure such as money.Hours). It reports false for anything else,
// including a Stringer that is also an error or a fmt.Formatter (fmt uses
// those methods instead) or whose String panics (fmt prints the panic).
func quickText(a any) (s string, ok bool) {
	switch v := a.(type) {
	case int:
		return strconv.Itoa(v), true
	case error, fmt.Formatter:
		return "", false
	case fmt.Stringer:
		if reflect.TypeOf(a).Kind() == reflect.Pointer {
			return "", false // fmt handles nil pointers and panics its own way
		}
		defer func() {
			if recover() != nil {
				s, ok = "", false
			}
		}()
		return v.String(), true
	}
	return "", false
}

// deref follows pointers from a until it reaches a value that is not a
// pointer or is a nil pointer, and returns that value.
func deref(a any) any {
	if a == nil || reflect.TypeOf(a).Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// derefToFormatter is deref that also stops at the first value whose type
// is a fmt.Stringer or an error, so that fmt prints it with its method.
func derefToFormatter(a any) any {
	v := reflect.ValueOf(a)
	for {
		t := v.Type()
		if t.Implements(stringerIface) || t.Implements(errorIface) {
			break
		}
		if t.Kind() != reflect.Pointer || v.IsNil() {
			break
		}
		v = v.Elem()
	}
	return v.Interface()
}
