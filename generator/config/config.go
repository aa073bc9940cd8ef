// Package config reads a site's settings from site.toml: strictly, so that a
// misspelt key is an error with its line and column rather than a silent
// default.
package config

import (
	"errors"
	"fmt"
	"maps"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/textcheck"
)

// File is the name of the settings file in a site's folder.
const File = "site.toml"

// Site holds every setting of site.toml after validation.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute, ending in "/"; empty when not set
	Language    string
	Theme       string
	Notice      string
	Accent      string // CSS colour of links and highlights
	Logo        string // path of an image under static/, optional
	Licence     string
	Contact     string

	AsAt      date.Date
	Threshold money.Pence

	SharedCost SharedCost
	Scenarios  []Scenario

	Start         date.Date // the programme's start (year 1 begins here)
	HorizonMonths int       // 5.5 years is 66
	DiscountRate  *big.Rat  // 0.035 for the Green Book's 3.5%

	GrantPrefix string // 360Giving identifier prefix, e.g. 360G-tscip
	OCIDPrefix  string // OCDS ocid prefix, e.g. ocds-tscip

	UnsafeHTML bool // allow raw HTML in Markdown (off unless the site opts in)
	Limits     Limits
	Scale      Scale
}

// Scale says how the site is laid out as it grows: how long a table of
// arrangements may be before it is split over numbered pages, and whether
// each arrangement has a page of its own.
type Scale struct {
	// TableRows is the most rows a table of arrangements shows on one page;
	// longer tables continue on numbered pages. 0 never splits them.
	TableRows int
	// ArrangementPages gives every arrangement a page of its own. Without
	// them (a million arrangements make a million pages), each arrangement
	// is shown in the tables of its organisations and services, and links
	// to its provider's page.
	ArrangementPages bool
}

// DefaultScale keeps tables to a size a phone can load and gives every
// arrangement its page.
var DefaultScale = Scale{TableRows: 1000, ArrangementPages: true}

// SharedCost is the cost of one aligned-budget contract: Fixed + PerPartner × n.
type SharedCost struct {
	Fixed      money.Pence
	PerPartner money.Pence
	Services   map[string]CostModel // per-service overrides, by service id
}

// CostModel is one fixed and per-partner pair.
type CostModel struct {
	Fixed      money.Pence
	PerPartner money.Pence
}

// For returns the cost model of a service: its override, or the default.
func (s SharedCost) For(service string) CostModel {
	if m, ok := s.Services[service]; ok {
		return m
	}
	return CostModel{Fixed: s.Fixed, PerPartner: s.PerPartner}
}

// Scenario is one set of partners commissioning together.
type Scenario struct {
	ID             string
	Name           string
	Description    string
	Partners       []string // organisation ids; nil means every partner
	ContractStart  date.Date
	ProgrammeCosts []money.Pence // by programme year, year 1 first
	Line           int           // line of the scenario's table in site.toml
}

// Limits bound what a build will read, so a mistaken or hostile file fails
// with a clear message instead of exhausting the machine.
type Limits struct {
	FileBytes        int64 // largest CSV or Markdown file
	Rows             int   // most rows in one CSV file
	CellBytes        int   // longest CSV cell
	FrontMatterBytes int   // longest front matter block
}

// DefaultLimits admit a million arrangements.
var DefaultLimits = Limits{
	FileBytes:        1 << 30,
	Rows:             2_000_000,
	CellBytes:        64 << 10,
	FrontMatterBytes: 16 << 10,
}

// raw mirrors the file; every field is decoded loosely and checked after, so
// that all problems are reported with positions.
type raw struct {
	Title        string         `toml:"title"`
	Description  string         `toml:"description"`
	BaseURL      string         `toml:"base_url"`
	Language     string         `toml:"language"`
	Theme        string         `toml:"theme"`
	Notice       string         `toml:"notice"`
	Accent       string         `toml:"accent"`
	Logo         string         `toml:"logo"`
	Licence      string         `toml:"licence"`
	Contact      string         `toml:"contact"`
	AsAt         any            `toml:"as_at"`
	Threshold    any            `toml:"threshold"`
	Start        any            `toml:"start"`
	HorizonYears any            `toml:"horizon_years"`
	DiscountRate any            `toml:"discount_rate"`
	GrantPrefix  string         `toml:"identifier_prefix"`
	OCIDPrefix   string         `toml:"ocid_prefix"`
	UnsafeHTML   bool           `toml:"unsafe_html"`
	SharedCost   rawShared      `toml:"shared_cost"`
	Scenarios    []rawScenario  `toml:"scenarios"`
	Limits       map[string]any `toml:"limits"`
	Scale        rawScale       `toml:"scale"`
}

type rawScale struct {
	TableRows        any   `toml:"table_rows"`
	ArrangementPages *bool `toml:"arrangement_pages"`
}

type rawShared struct {
	Fixed      any                `toml:"fixed"`
	PerPartner any                `toml:"per_partner"`
	Services   map[string]rawCost `toml:"services"`
}

type rawCost struct {
	Fixed      any `toml:"fixed"`
	PerPartner any `toml:"per_partner"`
}

type rawScenario struct {
	ID             string `toml:"id"`
	Name           string `toml:"name"`
	Description    string `toml:"description"`
	Partners       any    `toml:"partners"`
	ContractStart  any    `toml:"contract_start"`
	ProgrammeCosts []any  `toml:"programme_costs"`
}

var (
	slugRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// Parse reads site.toml's bytes. Problems are added to diags, each with its
// line and character column; the returned Site holds defaults where a value
// was wrong.
func Parse(src []byte, diags *diag.List) *Site {
	s := &Site{Language: "en-GB", Theme: "default", Accent: "#1d4f91", Limits: DefaultLimits, Scale: DefaultScale,
		Licence: "Open Government Licence v3.0", GrantPrefix: "360G-tscip", OCIDPrefix: "ocds-tscip",
		DiscountRate: big.NewRat(35, 1000), HorizonMonths: 66}
	if line, col, msg, found := textcheck.Find(string(src)); found {
		diags.Add(diag.Diagnostic{File: File, Line: line, Column: col, Message: msg})
		return s
	}
	var r raw
	md, err := toml.Decode(string(src), &r)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col := ParseErrorAt(pe, string(src))
			diags.Add(diag.Diagnostic{File: File, Line: line, Column: col, Message: "invalid TOML: " + pe.Message})
		} else {
			line, col, msg := TypeErrorAt(err, strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n"))
			diags.Add(diag.Diagnostic{File: File, Line: line, Column: col, Message: "invalid settings: " + msg})
		}
		return s
	}
	loc := newLocator(src)
	bad := func(key, value, format string, args ...any) {
		line, col := loc.find(key)
		diags.Add(diag.Diagnostic{File: File, Line: line, Column: col, Value: value, Message: fmt.Sprintf(format, args...)})
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		if strings.HasPrefix(key, "limits.") {
			continue // checked below, with its own message
		}
		bad(key, key, "unknown key %q in %s", k[len(k)-1], File)
	}

	if strings.TrimSpace(r.Title) == "" {
		bad("title", "", "title is required")
	}
	s.Title, s.Description, s.Notice = r.Title, r.Description, r.Notice
	s.Logo, s.Contact, s.UnsafeHTML = r.Logo, r.Contact, r.UnsafeHTML
	if r.Licence != "" {
		s.Licence = r.Licence
	}
	if r.Language != "" {
		s.Language = r.Language
	}
	if r.Theme != "" {
		if !slugRE.MatchString(r.Theme) {
			bad("theme", r.Theme, "theme must be a folder name under themes/ (lower-case letters, digits and hyphens)")
		} else {
			s.Theme = r.Theme
		}
	}
	if r.Accent != "" {
		if !colourRE.MatchString(r.Accent) {
			bad("accent", r.Accent, "accent must be a colour such as #1d4f91")
		} else {
			s.Accent = r.Accent
		}
	}
	if r.BaseURL != "" {
		u, err := url.Parse(r.BaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("base_url", r.BaseURL, "base_url must be an absolute http or https address such as https://example.org/commissioning/")
		} else {
			s.BaseURL = strings.TrimSuffix(r.BaseURL, "/") + "/"
		}
	}
	if r.GrantPrefix != "" {
		s.GrantPrefix = r.GrantPrefix
	}
	if r.OCIDPrefix != "" {
		s.OCIDPrefix = r.OCIDPrefix
	}
	if r.AsAt != nil {
		s.AsAt = toDate(r.AsAt, "as_at", bad)
	}
	if r.Start != nil {
		s.Start = toDate(r.Start, "start", bad)
	}
	if r.Threshold != nil {
		s.Threshold = toMoney(r.Threshold, "threshold", bad)
	}
	if r.HorizonYears != nil {
		if y, ok := toRat(r.HorizonYears); ok && y.Sign() > 0 {
			m := new(big.Rat).Mul(y, big.NewRat(12, 1))
			if !m.IsInt() || m.Cmp(big.NewRat(1200, 1)) > 0 {
				bad("horizon_years", fmt.Sprint(r.HorizonYears), "horizon_years must be a whole number of months, such as 5.5 or 5.25, up to 100 years")
			} else {
				s.HorizonMonths = int(m.Num().Int64())
			}
		} else {
			bad("horizon_years", fmt.Sprint(r.HorizonYears), "horizon_years must be a positive number of years, such as 5.5")
		}
	}
	if r.DiscountRate != nil {
		if d, ok := toRat(r.DiscountRate); ok && d.Sign() >= 0 && d.Cmp(big.NewRat(1, 1)) < 0 {
			s.DiscountRate = d
		} else {
			bad("discount_rate", fmt.Sprint(r.DiscountRate), "discount_rate must be a fraction between 0 and 1, such as 0.035 for 3.5%%")
		}
	}
	if r.SharedCost.Fixed != nil {
		s.SharedCost.Fixed = toMoney(r.SharedCost.Fixed, "shared_cost.fixed", bad)
	}
	if r.SharedCost.PerPartner != nil {
		s.SharedCost.PerPartner = toMoney(r.SharedCost.PerPartner, "shared_cost.per_partner", bad)
	}
	for id, c := range r.SharedCost.Services {
		if s.SharedCost.Services == nil {
			s.SharedCost.Services = map[string]CostModel{}
		}
		m := CostModel{Fixed: s.SharedCost.Fixed, PerPartner: s.SharedCost.PerPartner}
		if c.Fixed != nil {
			m.Fixed = toMoney(c.Fixed, "shared_cost.services."+id+".fixed", bad)
		}
		if c.PerPartner != nil {
			m.PerPartner = toMoney(c.PerPartner, "shared_cost.services."+id+".per_partner", bad)
		}
		s.SharedCost.Services[id] = m
	}
	seen := map[string]bool{}
	for i, rs := range r.Scenarios {
		sc := Scenario{ID: rs.ID, Name: rs.Name, Description: rs.Description, Line: loc.tableLine("scenarios", i)}
		at := func(key string) string { return fmt.Sprintf("scenarios#%d.%s", i, key) }
		if !slugRE.MatchString(rs.ID) {
			bad(at("id"), rs.ID, "scenario id must be a lower-case slug such as all-partners")
		} else if seen[rs.ID] {
			bad(at("id"), rs.ID, "scenario id is used twice")
		}
		seen[rs.ID] = true
		if sc.Name == "" {
			sc.Name = sc.ID
		}
		switch p := rs.Partners.(type) {
		case nil:
			bad(at("id"), rs.ID, "scenario needs partners: \"all\" or a list of organisation ids")
		case string:
			if p != "all" {
				bad(at("partners"), p, "partners must be \"all\" or a list of organisation ids")
			}
		case []any:
			for _, v := range p {
				id, ok := v.(string)
				if !ok || !slugRE.MatchString(id) {
					bad(at("partners"), fmt.Sprint(v), "partners must be organisation ids")
					continue
				}
				sc.Partners = append(sc.Partners, id)
			}
			if len(sc.Partners) == 0 {
				bad(at("partners"), "", "partners list is empty")
			}
		default:
			bad(at("partners"), fmt.Sprint(p), "partners must be \"all\" or a list of organisation ids")
		}
		if rs.ContractStart != nil {
			sc.ContractStart = toDate(rs.ContractStart, at("contract_start"), bad)
		}
		for _, c := range rs.ProgrammeCosts {
			sc.ProgrammeCosts = append(sc.ProgrammeCosts, toMoney(c, at("programme_costs"), bad))
		}
		s.Scenarios = append(s.Scenarios, sc)
	}
	if len(s.Scenarios) > 0 && s.Start.IsZero() {
		bad("scenarios#0.start", "", "start (the programme's start date) is required when scenarios are set")
	}
	if r.Scale.ArrangementPages != nil {
		s.Scale.ArrangementPages = *r.Scale.ArrangementPages
	}
	if v := r.Scale.TableRows; v != nil {
		if n, ok := v.(int64); ok && n >= 0 && n <= 1_000_000 {
			s.Scale.TableRows = int(n)
		} else {
			bad("scale.table_rows", fmt.Sprint(v), "table_rows takes a whole number from 0 (never split tables) to 1000000")
		}
	}
	for _, k := range sortedKeys(r.Limits) {
		v := r.Limits[k]
		n, ok := v.(int64)
		if !ok || n <= 0 {
			bad("limits."+k, fmt.Sprint(v), "limits take positive whole numbers")
			continue
		}
		switch k {
		case "file_bytes":
			s.Limits.FileBytes = n
		case "rows":
			s.Limits.Rows = int(n)
		case "cell_bytes":
			s.Limits.CellBytes = int(n)
		case "front_matter_bytes":
			s.Limits.FrontMatterBytes = int(n)
		default:
			bad("limits."+k, k, "unknown key %q in [limits]: expected file_bytes, rows, cell_bytes or front_matter_bytes", k)
		}
	}
	return s
}

// tomlLineRE matches the start of a TOML decoding error that is not a
// ParseError, such as a string where a number belongs.
var tomlLineRE = regexp.MustCompile(`^toml: line (\d+) \(last key "(?:[^"\\]|\\.)*"\): `)

// ParseErrorAt gives the line and character column of a TOML syntax error
// in src, worked out from the error's byte offset. The decoder's own line
// and column can be wrong near escapes (a backslash at the end of the input
// gives line 0), while the offset points at the character it stopped on.
func ParseErrorAt(pe toml.ParseError, src string) (line, col int) {
	at := pe.Position.Start
	if at < 0 || at > len(src) {
		at = len(src)
	}
	before := src[:at]
	line = strings.Count(before, "\n") + 1
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCountInString(before) + 1
}

// TypeErrorAt returns the position (1-based line within lines and the
// column of its first character) and the message of a TOML decoding error
// that is not a ParseError; 1:1 and the whole message when it names no
// line. Front matter uses it too.
func TypeErrorAt(err error, lines []string) (line, col int, msg string) {
	msg = err.Error()
	m := tomlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 1, 1, msg
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > len(lines) {
		return 1, 1, msg
	}
	l := lines[n-1]
	return n, len(l) - len(strings.TrimLeft(l, " \t")) + 1, msg[len(m[0]):]
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

type badFunc func(key, value, format string, args ...any)

func toDate(v any, key string, bad badFunc) date.Date {
	switch t := v.(type) {
	case time.Time:
		// the day as written: the TOML decoder puts bare dates in the
		// machine's zone, so converting to UTC could give the day before
		return date.Of(t.Year(), t.Month(), t.Day())
	case string:
		d, err := date.Parse(t)
		if err != nil {
			bad(key, t, "%s: %v", key, err)
		}
		return d
	}
	bad(key, fmt.Sprint(v), "%s must be a date such as 2011-09-08", key)
	return date.Date{}
}

func toMoney(v any, key string, bad badFunc) money.Pence {
	var s string
	switch t := v.(type) {
	case int64:
		s = strconv.FormatInt(t, 10)
	case float64:
		s = strconv.FormatFloat(t, 'f', -1, 64)
	case string:
		s = t
	default:
		bad(key, fmt.Sprint(v), "%s must be an amount of money such as \"20433.50\"", key)
		return 0
	}
	p, err := money.Parse(s)
	if err != nil {
		bad(key, s, "%s: %v", key, err)
	}
	return p
}

func toRat(v any) (*big.Rat, bool) {
	var s string
	switch t := v.(type) {
	case int64:
		s = strconv.FormatInt(t, 10)
	case float64:
		s = strconv.FormatFloat(t, 'f', -1, 64)
	case string:
		s = strings.TrimSuffix(strings.TrimSpace(t), "%")
		if s != t {
			r, ok := new(big.Rat).SetString(s)
			if !ok {
				return nil, false
			}
			return r.Quo(r, big.NewRat(100, 1)), true
		}
	default:
		return nil, false
	}
	return new(big.Rat).SetString(s)
}
