package opendata

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tscip/tscip/generator/csvsafe"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/internal/jsontext"
	"github.com/tscip/tscip/generator/money"
)

// kind is the type of a column; it decides how a cell is written in CSV and
// in JSON and how the data dictionary names the type.
type kind int

const (
	kText kind = iota
	kSlug
	kMoney
	kDate
	kInt
	kHours
	kList
	kBool
)

var kindNames = map[kind]string{
	kText:  "text",
	kSlug:  "id: a lower-case slug",
	kMoney: "money: pounds with two decimals (JSON: a number)",
	kDate:  "date: YYYY-MM-DD",
	kInt:   "whole number",
	kHours: "hours: a decimal number",
	kList:  "list of ids separated by ; (JSON: an array)",
	kBool:  "yes or no (JSON: true or false)",
}

// cell is one value of a row, typed by its column.
type cell struct {
	k     kind
	s     string
	p     money.Pence
	d     date.Date
	n     int
	h     money.Hours
	list  []string
	b     bool
	empty bool // an optional value that is absent: "" in CSV, null in JSON
}

// csv formats the cell for a CSV file: money as 12500.00, dates as ISO.
func (c cell) csv() string {
	if c.empty {
		return ""
	}
	switch c.k {
	case kMoney:
		return c.p.Decimal()
	case kDate:
		return c.d.ISO()
	case kInt:
		return strconv.Itoa(c.n)
	case kHours:
		return c.h.String()
	case kList:
		return strings.Join(c.list, ";")
	case kBool:
		if c.b {
			return "yes"
		}
		return "no"
	}
	return c.s
}

// json writes the cell as a JSON value: money as a number with two
// decimals, absent values as null.
func (c cell) json(b *bytes.Buffer) {
	if c.empty {
		b.WriteString("null")
		return
	}
	switch c.k {
	case kMoney:
		b.WriteString(c.p.Decimal())
	case kInt:
		b.WriteString(strconv.Itoa(c.n))
	case kHours:
		b.WriteString(c.h.String())
	case kBool:
		b.WriteString(strconv.FormatBool(c.b))
	case kList:
		b.WriteByte('[')
		for i, v := range c.list {
			if i > 0 {
				b.WriteByte(',')
			}
			jsontext.Write(b, v)
		}
		b.WriteByte(']')
	case kDate:
		jsontext.Write(b, c.d.ISO())
	default:
		jsontext.Write(b, c.s)
	}
}

// column is one column of a table: its dictionary entry and how to read it
// from a row. Built only by the constructors below, so that the declared
// kind and the value always agree.
type column[T any] struct {
	name    string
	kind    kind
	meaning string
	get     func(*T, *env) cell
}

func text[T any](name, meaning string, f func(*T) string) column[T] {
	return column[T]{name, kText, meaning, func(r *T, _ *env) cell { return cell{k: kText, s: f(r)} }}
}

func textEnv[T any](name, meaning string, f func(*T, *env) string) column[T] {
	return column[T]{name, kText, meaning, func(r *T, e *env) cell { return cell{k: kText, s: f(r, e)} }}
}

func slug[T any](name, meaning string, f func(*T) string) column[T] {
	return column[T]{name, kSlug, meaning, func(r *T, _ *env) cell { return cell{k: kSlug, s: f(r)} }}
}

// pounds is a money column; optional ones are empty when zero.
func pounds[T any](name, meaning string, optional bool, f func(*T, *env) money.Pence) column[T] {
	return column[T]{name, kMoney, meaning, func(r *T, e *env) cell {
		p := f(r, e)
		return cell{k: kMoney, p: p, empty: optional && p == 0}
	}}
}

func day[T any](name, meaning string, f func(*T) date.Date) column[T] {
	return column[T]{name, kDate, meaning, func(r *T, _ *env) cell {
		d := f(r)
		return cell{k: kDate, d: d, empty: d.IsZero()}
	}}
}

// whole is a whole-number column; optional ones are empty when zero.
func whole[T any](name, meaning string, optional bool, f func(*T) int) column[T] {
	return column[T]{name, kInt, meaning, func(r *T, _ *env) cell {
		n := f(r)
		return cell{k: kInt, n: n, empty: optional && n == 0}
	}}
}

// hours is an hours column: empty in CSV when zero, as DATA.md writes it.
func hours[T any](name, meaning string, f func(*T) money.Hours) column[T] {
	return column[T]{name, kHours, meaning, func(r *T, _ *env) cell { return cell{k: kHours, h: f(r)} }}
}

func list[T any](name, meaning string, f func(*T) []string) column[T] {
	return column[T]{name, kList, meaning, func(r *T, _ *env) cell { return cell{k: kList, list: f(r)} }}
}

func yesNo[T any](name, meaning string, f func(*T) bool) column[T] {
	return column[T]{name, kBool, meaning, func(r *T, _ *env) cell { return cell{k: kBool, b: f(r)} }}
}

// table is one download written as CSV and JSON from the same definition.
type table[T any] struct {
	name  string // file name without extension: data/<name>.csv
	title string
	about string
	std   Standard
	json  bool // also written as data/<name>.json
	rows  func(*env) []*T
	cols  []column[T]
}

// tableFiles is what every table, whatever its row type, can do.
type tableFiles interface {
	files(*env) []File
	tableName() string
	dictionary() []Column
}

func (t table[T]) tableName() string { return t.name }

// TableColumns gives the columns of one of the input tables (dataset.Tables)
// in the order its CSV download writes them, or nil for an unknown name.
// The importer writes new rows with them.
func TableColumns(name string) []Column {
	for _, t := range tables {
		if t.tableName() == name {
			return t.dictionary()
		}
	}
	return nil
}

func (t table[T]) dictionary() []Column {
	out := make([]Column, len(t.cols))
	for i, c := range t.cols {
		out[i] = Column{Name: c.name, Type: kindNames[c.kind], Meaning: c.meaning,
			Numeric: c.kind == kMoney || c.kind == kInt || c.kind == kHours}
	}
	return out
}

func (t table[T]) files(e *env) []File {
	rows := t.rows(e)
	dict := t.dictionary()
	// One row's cells at a time, written to both files: a million rows of
	// twenty cells held at once would be two gigabytes.
	var csvOut, jsonOut bytes.Buffer
	numeric := make([]bool, len(t.cols))
	header := make([]string, len(t.cols))
	for i, c := range dict {
		numeric[i] = c.Numeric
		header[i] = c.Name
	}
	w := csvsafe.NewWriter(&csvOut, numeric)
	_ = w.Write(header) // writes to memory cannot fail
	jsonOut.WriteString("[")
	cells := make([]cell, len(t.cols))
	rec := make([]string, len(t.cols))
	keys := t.jsonKeys()
	for i, r := range rows {
		for j, c := range t.cols {
			cells[j] = c.get(r, e)
			rec[j] = cells[j].csv()
		}
		_ = w.Write(rec)
		if t.json {
			jsonRow(&jsonOut, i, keys, cells)
		}
		if i+1 == sample && len(rows) > 4*sample {
			// Size the buffers from the first rows, so that a large table
			// is not copied into ever larger buffers as it grows.
			_ = w.Flush()
			grow(&csvOut, len(rows), sample)
			grow(&jsonOut, len(rows), sample)
		}
	}
	_ = w.Flush()
	out := []File{{Name: "data/" + t.name + ".csv", Title: t.title, About: t.about, Format: "CSV",
		Standard: t.std, Records: len(rows), Columns: dict, Bytes: csvOut.Bytes()}}
	if t.json {
		if len(rows) > 0 {
			jsonOut.WriteByte('\n')
		}
		jsonOut.WriteString("]\n")
		out = append(out, File{Name: "data/" + t.name + ".json", Title: t.title, About: t.about, Format: "JSON",
			Standard: t.std, Records: len(rows), Columns: dict, Bytes: jsonOut.Bytes()})
	}
	return out
}

// sample is how many rows a table's files are sized from.
const sample = 256

// grow makes room in b for n rows in all, the first k of which it holds,
// with a little to spare.
func grow(b *bytes.Buffer, n, k int) {
	b.Grow(b.Len() / k * (n - k) * 21 / 20)
}

// jsonKeys gives each column's key as a JSON object's row writes it: its
// name quoted, then ": ", after ", " but for the first.
func (t table[T]) jsonKeys() []string {
	keys := make([]string, len(t.cols))
	for j, c := range t.cols {
		var sep []byte
		if j > 0 {
			sep = []byte(", ")
		}
		keys[j] = string(jsontext.Append(sep, c.name)) + ": "
	}
	return keys
}

// jsonRow writes row i of a JSON array of objects, one a line, keys in
// column order.
func jsonRow(b *bytes.Buffer, i int, keys []string, cells []cell) {
	if i > 0 {
		b.WriteByte(',')
	}
	b.WriteString("\n  {")
	for j, c := range cells {
		b.WriteString(keys[j])
		c.json(b)
	}
	b.WriteByte('}')
}

// ptrs returns pointers to a slice's elements.
func ptrs[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

var contract = Standard{Name: "tscip data contract (the site's own input tables)", Version: "1"}

// tables are the seven input tables, each written back out as CSV (which
// loads again as the same table) and JSON. Meanings follow DATA.md.
var tables = []tableFiles{
	table[dataset.Arrangement]{
		name: "arrangements", title: "Funding arrangements", json: true, std: contract,
		about: "Every known funding arrangement: who funds whom, for which service, on what terms, how it was let and the officer hours spent on it.",
		rows:  func(e *env) []*dataset.Arrangement { return ptrs(e.set().Arrangements) },
		cols: []column[dataset.Arrangement]{
			slug("id", "The arrangement's id.", func(a *dataset.Arrangement) string { return a.ID }),
			slug("partner", "The funding partner: an organisation id (role partner).", func(a *dataset.Arrangement) string { return a.Partner }),
			slug("provider", "The third sector organisation that delivers: an organisation id (role provider).", func(a *dataset.Arrangement) string { return a.Provider }),
			slug("service", "The service area: a service id.", func(a *dataset.Arrangement) string { return a.Service }),
			text("type", "contract, sla (service level agreement) or grant.", func(a *dataset.Arrangement) string { return a.Type }),
			pounds("annual_value", "Value per year.", false, func(a *dataset.Arrangement, _ *env) money.Pence { return a.AnnualValue }),
			day("start", "First day of the arrangement.", func(a *dataset.Arrangement) date.Date { return a.Start }),
			day("end", "Last day of the arrangement; empty when it rolls on with no end date.", func(a *dataset.Arrangement) date.Date { return a.End }),
			text("route", "How it was let: open-tender, quotation, direct-award, grant-application, rolled-over, inherited or unknown.", func(a *dataset.Arrangement) string { return a.Route }),
			text("intention", "The partner's indicative future intention: recommission, joint, decommission or undecided; empty when not stated.", func(a *dataset.Arrangement) string { return a.Intention }),
			hours("hours_budget", "Officer hours over the arrangement's life spent confirming the budget.", func(a *dataset.Arrangement) money.Hours { return a.Hours[0] }),
			hours("hours_idea", "Officer hours spent formulating the idea.", func(a *dataset.Arrangement) money.Hours { return a.Hours[1] }),
			hours("hours_specification", "Officer hours spent developing the specification.", func(a *dataset.Arrangement) money.Hours { return a.Hours[2] }),
			hours("hours_procurement", "Officer hours spent on commissioning and procurement.", func(a *dataset.Arrangement) money.Hours { return a.Hours[3] }),
			hours("hours_agreement", "Officer hours spent agreeing the contract.", func(a *dataset.Arrangement) money.Hours { return a.Hours[4] }),
			hours("hours_monitoring", "Officer hours spent on performance and contract monitoring.", func(a *dataset.Arrangement) money.Hours { return a.Hours[5] }),
			hours("hours_payments", "Officer hours spent processing payments.", func(a *dataset.Arrangement) money.Hours { return a.Hours[6] }),
		},
	},
	table[dataset.Organisation]{
		name: "organisations", title: "Organisations", json: true, std: contract,
		about: "The partners (public sector funders) and providers (third sector organisations).",
		rows:  func(e *env) []*dataset.Organisation { return ptrs(e.set().Organisations) },
		cols: []column[dataset.Organisation]{
			slug("id", "The organisation's id.", func(o *dataset.Organisation) string { return o.ID }),
			text("name", "Display name.", func(o *dataset.Organisation) string { return o.Name }),
			text("role", "partner (a public sector organisation that funds) or provider (a third sector organisation that delivers).", func(o *dataset.Organisation) string { return o.Role }),
			text("kind", "Partners: county-council, unitary-council, district-council, nhs, police, fire or other; providers: free text such as citizens-advice, cvs or advocacy.", func(o *dataset.Organisation) string { return o.Kind }),
			text("group", "The grouping the summaries use, such as Citizens Advice Bureaux.", func(o *dataset.Organisation) string { return o.Group }),
			text("identifier", "org-id identifier where one exists, such as GB-LAE-STS or GB-CHC-1234567; exports fall back to the site's 360Giving prefix and the id.", func(o *dataset.Organisation) string { return o.Identifier }),
			pounds("hourly_rate", "Partners: the average cost of an officer hour; empty for providers.", true, func(o *dataset.Organisation, _ *env) money.Pence { return o.HourlyRate }),
			text("website", "Web address, where known.", func(o *dataset.Organisation) string { return o.Website }),
		},
	},
	table[dataset.Service]{
		name: "services", title: "Services", json: true, std: contract,
		about: "The service areas that partners fund.",
		rows:  func(e *env) []*dataset.Service { return ptrs(e.set().Services) },
		cols: []column[dataset.Service]{
			slug("id", "The service's id.", func(s *dataset.Service) string { return s.ID }),
			text("name", "Display name.", func(s *dataset.Service) string { return s.Name }),
			text("summary", "What the service does, in a sentence or two.", func(s *dataset.Service) string { return s.Summary }),
			whole("phase", "The programme phase the service belongs to; empty when not set.", true, func(s *dataset.Service) int { return s.Phase }),
		},
	},
	table[dataset.Opportunity]{
		name: "opportunities", title: "Commissioning opportunities", json: true, std: contract,
		about: "Opportunities published to providers: what is being commissioned, by whom, when it closes and what it is worth.",
		rows:  func(e *env) []*dataset.Opportunity { return ptrs(e.set().Opportunities) },
		cols: []column[dataset.Opportunity]{
			slug("id", "The opportunity's id.", func(o *dataset.Opportunity) string { return o.ID }),
			text("title", "Title.", func(o *dataset.Opportunity) string { return o.Title }),
			slug("service", "The service area: a service id.", func(o *dataset.Opportunity) string { return o.Service }),
			text("model", "aligned-budgets (lead commissioner, budgets transferred yearly), stand-alone (stand alone partnership arrangement) or single (one partner).", func(o *dataset.Opportunity) string { return o.Model }),
			slug("lead", "The lead commissioner: an organisation id (role partner).", func(o *dataset.Opportunity) string { return o.Lead }),
			list("partners", "The partners taking part: organisation ids.", func(o *dataset.Opportunity) []string { return o.Partners }),
			text("status", "pipeline, open, closed, awarded or cancelled.", func(o *dataset.Opportunity) string { return o.Status }),
			pounds("annual_value", "Estimated value per year; empty when not published.", true, func(o *dataset.Opportunity, _ *env) money.Pence { return o.AnnualValue }),
			whole("contract_years", "Length of the contract in years; empty when not set.", true, func(o *dataset.Opportunity) int { return o.ContractYears }),
			day("published", "Date published to providers.", func(o *dataset.Opportunity) date.Date { return o.Published }),
			day("closes", "Closing date for responses.", func(o *dataset.Opportunity) date.Date { return o.Closes }),
			day("contract_start", "Date the contract starts.", func(o *dataset.Opportunity) date.Date { return o.ContractStart }),
			text("contact", "Who to contact.", func(o *dataset.Opportunity) string { return o.Contact }),
			text("summary", "What is sought, in a paragraph.", func(o *dataset.Opportunity) string { return o.Summary }),
		},
	},
	table[dataset.Decision]{
		name: "decisions", title: "Decisions", json: true, std: contract,
		about: "What each partner decided on each service and on the framework, with its history: the latest row by date stands.",
		rows:  func(e *env) []*dataset.Decision { return ptrs(e.set().Decisions) },
		cols: []column[dataset.Decision]{
			slug("partner", "The partner: an organisation id.", func(d *dataset.Decision) string { return d.Partner }),
			slug("subject", "A service id, or framework for adopting the Third Sector Commissioning Framework.", func(d *dataset.Decision) string { return d.Subject }),
			text("decision", "aligned-budgets, stand-alone, do-nothing, adopt, decline or pending.", func(d *dataset.Decision) string { return d.Decision }),
			yesNo("cabinet_required", "Whether the decision needs the partner's cabinet or board.", func(d *dataset.Decision) bool { return d.CabinetRequired }),
			text("meeting", "The meeting that took or will take it.", func(d *dataset.Decision) string { return d.Meeting }),
			day("date", "Date of the decision.", func(d *dataset.Decision) date.Date { return d.Date }),
			text("notes", "Notes.", func(d *dataset.Decision) string { return d.Notes }),
		},
	},
	table[dataset.Milestone]{
		name: "milestones", title: "Process plan milestones", json: true, std: contract,
		about: "The steps of the programme's process plan, by phase.",
		rows:  func(e *env) []*dataset.Milestone { return ptrs(e.set().Milestones) },
		cols: []column[dataset.Milestone]{
			whole("phase", "The programme phase.", false, func(m *dataset.Milestone) int { return m.Phase }),
			text("title", "What is to be done.", func(m *dataset.Milestone) string { return m.Title }),
			day("due", "Date due.", func(m *dataset.Milestone) date.Date { return m.Due }),
			text("status", "done, in-progress or planned.", func(m *dataset.Milestone) string { return m.Status }),
			text("notes", "Notes.", func(m *dataset.Milestone) string { return m.Notes }),
		},
	},
	table[dataset.Risk]{
		name: "risks", title: "Risk register", json: true, std: contract,
		about: "The programme's risks, how likely and how serious each is, and what is done about it.",
		rows:  func(e *env) []*dataset.Risk { return ptrs(e.set().Risks) },
		cols: []column[dataset.Risk]{
			slug("id", "The risk's id.", func(r *dataset.Risk) string { return r.ID }),
			text("title", "The risk.", func(r *dataset.Risk) string { return r.Title }),
			whole("likelihood", "How likely, from 1 (rare) to 5 (almost certain).", false, func(r *dataset.Risk) int { return r.Likelihood }),
			whole("impact", "How serious, from 1 (negligible) to 5 (severe).", false, func(r *dataset.Risk) int { return r.Impact }),
			text("owner", "Who manages it.", func(r *dataset.Risk) string { return r.Owner }),
			text("mitigation", "What is done to reduce it.", func(r *dataset.Risk) string { return r.Mitigation }),
			text("status", "open or closed.", func(r *dataset.Risk) string { return r.Status }),
		},
	},
}
