// Package opendata shapes a site's tables as open data: each input table as
// CSV and JSON, grants as a 360Giving package, opportunities as an OCDS
// release package, and arrangements in the Local Government Transparency
// Code's layouts. It is pure: rows in, bytes out, no files.
//
// Every download is described by the same Go definition that writes it
// (its columns, or the documented fields of its JSON shape), so the data
// dictionary on the /data/ page cannot drift from the files.
package opendata

import (
	"strings"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
)

// Input is what the downloads are made from.
type Input struct {
	Config    *config.Site
	Data      *dataset.Set
	AsAt      date.Date // the date the site describes
	BuildDate date.Date // dateModified and publishedDate come from it
}

// File is one download.
type File struct {
	Name     string // path under the site's output folder: data/arrangements.csv
	Title    string
	About    string // what it holds
	Format   string // CSV or JSON
	Standard Standard
	Records  int // rows, grants or releases written
	Columns  []Column
	Bytes    []byte
}

// Standard names the published standard a download follows.
type Standard struct {
	Name    string
	Version string
	URL     string
}

// Column is one entry of the data dictionary: a CSV column or a JSON field.
type Column struct {
	Name    string
	Type    string
	Meaning string
	Numeric bool // money, whole numbers and hours: written as plain numbers
}

// Omitted is a download that a site's data cannot fill, and why.
type Omitted struct {
	Name   string
	Title  string
	Reason string
}

// Licence addresses.
const (
	OGLName = "Open Government Licence v3.0"
	OGLURL  = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)

// LicenceURL gives the canonical address of a licence named in site.toml,
// or "" when the name is not one it knows.
func LicenceURL(name string) string {
	n := strings.ToLower(name)
	if strings.Contains(n, "open government licence") && (strings.Contains(n, "v3") || strings.Contains(n, "3.0") || strings.Contains(n, "version 3")) {
		return OGLURL
	}
	return ""
}

// Files makes every download, in the order the /data/ page lists them: each
// table as CSV then JSON, then the 360Giving, OCDS and Transparency Code
// files. A standard's file whose schema needs at least one item is left out
// when the site has none, and listed in the second result instead.
func Files(in Input) ([]File, []Omitted) {
	e := &env{in: in}
	var out []File
	for _, t := range tables {
		out = append(out, t.files(e)...)
	}
	var omitted []Omitted
	if f, ok := threeSixtyGiving(e); ok {
		out = append(out, f)
	} else {
		omitted = append(omitted, Omitted{Name: f.Name, Title: f.Title,
			Reason: "The site records no arrangements of type grant, and a 360Giving package must hold at least one grant."})
	}
	if f, ok := ocds(e); ok {
		out = append(out, f)
	} else {
		omitted = append(omitted, Omitted{Name: f.Name, Title: f.Title,
			Reason: "The site records no opportunities, and an OCDS release package must hold at least one release."})
	}
	for _, t := range transparencyTables {
		out = append(out, t.files(e)...)
	}
	return out, omitted
}

// env is what every writer reads: the input and its lookups.
type env struct {
	in Input
}

func (e *env) cfg() *config.Site                   { return e.in.Config }
func (e *env) set() *dataset.Set                   { return e.in.Data }
func (e *env) baseURL() string                     { return e.in.Config.BaseURL }
func (e *env) org(id string) *dataset.Organisation { return e.in.Data.Organisation(id) }

func (e *env) orgName(id string) string {
	if o := e.org(id); o != nil {
		return o.Name
	}
	return id
}

func (e *env) serviceName(id string) string {
	if s := e.in.Data.Service(id); s != nil {
		return s.Name
	}
	return id
}

// abs gives the absolute address of a site-root path, or "" without base_url.
func (e *env) abs(p string) string {
	if e.baseURL() == "" {
		return ""
	}
	return e.baseURL() + strings.TrimPrefix(p, "/")
}
