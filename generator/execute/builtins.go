package execute

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// builtin is one of text/template's built-in functions that work on
// reflect.Values, in plain Go. minArgs and maxArgs bound its arguments
// (maxArgs < 0: no bound), as text/template checks them.
type builtin struct {
	minArgs, maxArgs int
	fn               func(args []reflect.Value) (reflect.Value, error)
}

var builtins = map[string]builtin{
	"and": {1, -1, nil}, // short-circuits: see builtinCmd
	"or":  {1, -1, nil},
	"not": {1, 1, func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(!truth(a[0])), nil
	}},
	"len":   {1, 1, length},
	"index": {1, -1, index},
	"eq": {1, -1, func(a []reflect.Value) (reflect.Value, error) {
		b, err := eq(a[0], a[1:])
		return reflect.ValueOf(b), err
	}},
	"ne": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		b, err := eq(a[0], a[1:])
		return reflect.ValueOf(!b), err
	}},
	"lt": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		b, err := lt(a[0], a[1])
		return reflect.ValueOf(b), err
	}},
	"le": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		b, err := le(a[0], a[1])
		return reflect.ValueOf(b), err
	}},
	"gt": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		b, err := le(a[0], a[1])
		return reflect.ValueOf(!b), err
	}},
	"ge": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		b, err := lt(a[0], a[1])
		return reflect.ValueOf(!b), err
	}},
}

// plainBuiltins are the built-ins that are ordinary Go functions, called
// as the function map's are.
var plainBuiltins = map[string]any{
	"print":   fmt.Sprint,
	"printf":  fmt.Sprintf,
	"println": fmt.Sprintln,
}

// plainDirect calls the plain built-ins without reflection.
var plainDirect = map[string]Direct{
	"print": func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(fmt.Sprint(ifaces(a)...)), nil
	},
	"printf": func(a []reflect.Value) (reflect.Value, error) {
		if s, ok := sprintfStrings(a[0].String(), a[1:]); ok {
			return reflect.ValueOf(s), nil
		}
		return reflect.ValueOf(fmt.Sprintf(a[0].String(), ifaces(a[1:])...)), nil
	},
	"println": func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(fmt.Sprintln(ifaces(a)...)), nil
	},
}

// sprintfStrings is fmt.Sprintf for the common case of a format whose only
// verbs are %s (and %%) given as many plain strings, which it copies in as
// they are: printf "/organisations/%s/" .ID. ok is false for anything
// else (another verb, a flag, a width, a value of another type, even a
// named string type, which may have a String method), left to fmt.
func sprintfStrings(format string, args []reflect.Value) (out string, ok bool) {
	n := len(format)
	for i := range args {
		v := args[i]
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() || v.Type() != stringType {
			return "", false
		}
		n += v.Len()
	}
	b := make([]byte, 0, n)
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+1 == len(format) {
			return "", false
		}
		i++
		switch format[i] {
		case '%':
			b = append(b, '%')
		case 's':
			if next == len(args) {
				return "", false
			}
			v := args[next]
			if v.Kind() == reflect.Interface {
				v = v.Elem()
			}
			b = append(b, v.String()...)
			next++
		default:
			return "", false
		}
	}
	if next != len(args) {
		return "", false
	}
	return string(b), true
}

// ifaces gives the values as a function's ...any parameter gets them.
func ifaces(vs []reflect.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = iface(v)
	}
	return out
}

// builtinCmd calls a built-in with its arguments as they are.
type builtinCmd struct {
	name string
	fn   builtin
	args []operand
}

func (b *builtinCmd) eval(s *state, dot, final reflect.Value, has bool) (reflect.Value, error) {
	n := len(b.args)
	if has {
		n++
	}
	if n < b.fn.minArgs || (b.fn.maxArgs >= 0 && n > b.fn.maxArgs) {
		return reflect.Value{}, ErrFallback
	}
	if b.fn.fn == nil { // and, or
		or := b.name == "or"
		var v reflect.Value
		for _, a := range b.args {
			var err error
			if v, err = a.value(s, dot, nil); err != nil {
				return v, err
			}
			if truth(v) == or {
				return v, nil
			}
		}
		if has {
			v = final
		}
		return v, nil
	}
	start := len(s.args)
	defer s.popArgs(start)
	for _, a := range b.args {
		v, err := a.value(s, dot, nil)
		if err != nil {
			return v, err
		}
		s.pushArg(v)
	}
	if has {
		s.pushArg(final)
	}
	v, err := b.fn.fn(s.args[start:])
	if err != nil {
		return v, ErrFallback
	}
	return v, nil
}

// isTrue is text/template's truth: not the zero value of its type; ok is
// false for kinds that have none.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// indirect follows pointers and interfaces to the value at the end, and
// reports whether it met a nil one.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface gives what an interface value holds (no value for a
// nil one), and any other value as it is.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.Complex64, reflect.Complex128:
		return complexKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

// eq reports whether a equals any of bs, for the basic kinds; comparing
// anything else (pointers, structs, nil) is left to html/template.
func eq(a reflect.Value, bs []reflect.Value) (bool, error) {
	if len(bs) == 0 {
		return false, ErrFallback
	}
	a = indirectInterface(a)
	ka := basicKind(a)
	if ka == invalidKind {
		return false, ErrFallback
	}
	for _, b := range bs {
		b = indirectInterface(b)
		kb := basicKind(b)
		if kb == invalidKind {
			return false, ErrFallback
		}
		t := false
		if ka != kb {
			switch {
			case ka == intKind && kb == uintKind:
				t = a.Int() >= 0 && uint64(a.Int()) == b.Uint()
			case ka == uintKind && kb == intKind:
				t = b.Int() >= 0 && a.Uint() == uint64(b.Int())
			default:
				return false, ErrFallback
			}
		} else {
			switch ka {
			case boolKind:
				t = a.Bool() == b.Bool()
			case complexKind:
				t = a.Complex() == b.Complex()
			case floatKind:
				t = a.Float() == b.Float()
			case intKind:
				t = a.Int() == b.Int()
			case stringKind:
				t = a.String() == b.String()
			case uintKind:
				t = a.Uint() == b.Uint()
			}
		}
		if t {
			return true, nil
		}
	}
	return false, nil
}

func lt(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka == invalidKind || kb == invalidKind {
		return false, ErrFallback
	}
	if ka != kb {
		switch {
		case ka == intKind && kb == uintKind:
			return a.Int() < 0 || uint64(a.Int()) < b.Uint(), nil
		case ka == uintKind && kb == intKind:
			return b.Int() >= 0 && a.Uint() < uint64(b.Int()), nil
		}
		return false, ErrFallback
	}
	switch ka {
	case floatKind:
		return a.Float() < b.Float(), nil
	case intKind:
		return a.Int() < b.Int(), nil
	case stringKind:
		return a.String() < b.String(), nil
	case uintKind:
		return a.Uint() < b.Uint(), nil
	}
	return false, ErrFallback // bool, complex
}

func le(a, b reflect.Value) (bool, error) {
	less, err := lt(a, b)
	if less || err != nil {
		return less, err
	}
	return eq(a, []reflect.Value{b})
}

func length(a []reflect.Value) (reflect.Value, error) {
	v, isNil := indirect(a[0])
	if isNil {
		return reflect.Value{}, ErrFallback
	}
	switch v.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return reflect.ValueOf(v.Len()), nil
	}
	return reflect.Value{}, ErrFallback
}

// index is x[i][j]... over slices, arrays, strings and maps whose key the
// index fits as it is.
func index(a []reflect.Value) (reflect.Value, error) {
	item := indirectInterface(a[0])
	if !item.IsValid() {
		return item, ErrFallback
	}
	for _, ix := range a[1:] {
		ix = indirectInterface(ix)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return item, ErrFallback
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch ix.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				x = ix.Int()
			default:
				return item, ErrFallback
			}
			if x < 0 || x > int64(item.Len()) || x == int64(item.Len()) {
				return item, ErrFallback
			}
			item = item.Index(int(x))
		case reflect.Map:
			if !ix.IsValid() || !ix.Type().AssignableTo(item.Type().Key()) {
				return item, ErrFallback
			}
			if x := item.MapIndex(ix); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return item, ErrFallback
		}
	}
	return item, nil
}

// sortedKeys gives a map's keys in the order text/template ranges over
// them, for string and integer keys.
func sortedKeys(m reflect.Value) ([]reflect.Value, bool) {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	default:
		return nil, false
	}
	return keys, true
}
