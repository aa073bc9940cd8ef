package opendata

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/tscip/tscip/generator/money"
)

// fields lists the documented fields of a JSON shape for the data
// dictionary, read from the struct that is marshalled: each field's json
// tag names it, its doc tag says what it holds and where it comes from, and
// its type (or a type tag) says what it is. Arrays show as name[].
func fields(t reflect.Type) []Column {
	var out []Column
	walk(t, "", &out)
	return out
}

var penceType = reflect.TypeOf(money.Pence(0))

func walk(t reflect.Type, prefix string, out *[]Column) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		typ := f.Tag.Get("type")
		isArray := ft.Kind() == reflect.Slice
		elem := ft
		if isArray {
			elem = ft.Elem()
		}
		if typ == "" {
			typ = typeName(elem, isArray)
		}
		if doc := f.Tag.Get("doc"); doc != "" {
			*out = append(*out, Column{Name: path, Type: typ, Meaning: doc})
		}
		if elem.Kind() == reflect.Struct && elem != penceType {
			if isArray {
				path += "[]"
			}
			walk(elem, path+".", out)
		}
	}
}

func typeName(t reflect.Type, array bool) string {
	var s string
	switch {
	case t == penceType:
		s = "number: pounds with two decimals"
	case t.Kind() == reflect.String:
		s = "string"
	case t.Kind() == reflect.Bool:
		s = "boolean"
	case t.Kind() == reflect.Int:
		s = "integer"
	case t.Kind() == reflect.Struct:
		s = "object"
	default:
		s = t.Kind().String()
	}
	if array {
		return "array of " + s + "s"
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
