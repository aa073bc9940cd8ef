// Package importer reads other publishers' files into a site's tables:
// 360Giving data (a JSON package or the flat CSV with the standard's
// column titles) and councils' Transparency Code CSV files, whose headings
// are mapped with --map. It adds rows to data/arrangements.csv,
// data/organisations.csv and data/services.csv, all or nothing.
//
// The rules, as tscip import documents them:
//
//   - What can be read is taken; every row that is not is reported with its
//     file:line and the reason. Negative amounts (credit notes, refunds)
//     are reported and skipped, never netted against other rows.
//   - Rows whose recipient is "Redacted" (or withheld), and 360Giving grants
//     to individuals, are taken under one provider, "Recipients whose names
//     are withheld", so the site's count and total match the publisher's
//     without naming anyone; the report counts them.
//   - The funder becomes a partner, the recipient a provider and the grant
//     programme (or --service) a service. Organisations are matched by
//     identifier, then by name; services by id, then by name; new ones are
//     created with slugified, unique ids. Partners created here have kind
//     "other"; edit organisations.csv to say more.
//   - Annual value = amount × 12 ÷ duration in months, exact, rounded half up
//     to the penny once. The duration is the file's, else the months from
//     start to end, else one year. Without an end date or a duration the
//     arrangement is rolling (end empty) and the amount is one year's value.
//   - An arrangement id that is already in arrangements.csv refuses the whole
//     import unless Force is set, which replaces those rows. Ids repeated
//     within the file are made unique with -2, -3, … and the report says so.
//   - The result must build: the site is rendered in memory with the new
//     tables before anything is written.
package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/opendata"
)

// Formats of file the importer reads.
const (
	ThreeSixtyGiving = "360giving"
	Transparency     = "transparency"
)

// Options say what to import and how.
type Options struct {
	Site    string // the site's folder
	Force   bool   // replace arrangements whose ids are already taken
	DryRun  bool   // report, write nothing
	Service string // service id or name: for rows that name no grant programme (360giving) or for every row (transparency)
	Funder  string // transparency: the funder's organisation id or name, when no column holds it
	Type    string // transparency: grant (default), contract or sla
	Route   string // how the arrangements were let; grant-application for 360Giving, unknown for transparency unless set
	Map     string // transparency: which heading holds what, e.g. "amount=Amount Paid,recipient=Beneficiary Name,date=Payment Date"
}

// Report says what an import did, row by row.
type Report struct {
	File             string
	Notes            []string
	Skipped          []Skip
	Taken            []Taken
	Read             int         // data rows read
	Total            money.Pence // sum of the amounts taken, as the file gives them
	Annual           money.Pence // sum of the annual values written
	NewOrganisations []string
	NewServices      []string
	Replaced         []string // arrangement ids replaced under Force
	Written          []string // files written; none on a dry run
}

// Skip is a row not taken.
type Skip struct {
	Line   int
	Reason string
}

// Taken is a row taken, as the arrangement it became.
type Taken struct {
	Line   int
	ID     string
	Amount money.Pence
	Annual money.Pence
}

// Lines gives the report's skipped rows as file:line: reason.
func (r *Report) Lines() []string {
	var out []string
	sort.SliceStable(r.Skipped, func(i, j int) bool { return r.Skipped[i].Line < r.Skipped[j].Line })
	for _, s := range r.Skipped {
		out = append(out, fmt.Sprintf("%s:%d: skipped: %s", r.File, s.Line, s.Reason))
	}
	return out
}

// Refused is returned when the import would overwrite or duplicate data.
type Refused struct {
	File       string
	Collisions []string
}

func (e *Refused) Error() string {
	return fmt.Sprintf("%s: %d %s already in data/arrangements.csv; nothing was written (pass --force to replace them)",
		e.File, len(e.Collisions), plural(len(e.Collisions), "arrangement is", "arrangements are"))
}

// row is one grant or payment as read from a file, before it meets the site.
type row struct {
	line      int
	sourceID  string
	amount    money.Pence
	annual    bool // amount is already a yearly value
	start     date.Date
	end       date.Date
	months    *big.Rat // duration when the file gives one
	recipient party
	funder    party
	programme programme
	withheld  bool // the recipient's name was withheld or the grant went to a person
}

type party struct {
	id, name, charity, company string
}

type programme struct {
	code, title string
}

// Import reads file in the format and adds its rows to the site.
func Import(ctx context.Context, format, file string, opt Options) (*Report, error) {
	if opt.Site == "" {
		opt.Site = "."
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	rep := &Report{File: file}
	text, note, err := decodeText(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	var rows []row
	switch format {
	case ThreeSixtyGiving:
		rows, err = read360(text, rep)
		if opt.Route == "" {
			opt.Route = "grant-application"
		}
		opt.Type = "grant"
	case Transparency:
		rows, err = readTransparency(text, opt, rep)
		if opt.Route == "" {
			opt.Route = "unknown"
		}
		if opt.Type == "" {
			opt.Type = "grant"
		}
	default:
		return nil, fmt.Errorf("unknown format %q: expected %s or %s", format, ThreeSixtyGiving, Transparency)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	switch opt.Type {
	case "grant", "contract", "sla":
	default:
		return nil, fmt.Errorf("--type must be grant, contract or sla, not %q", opt.Type)
	}
	switch opt.Route {
	case "open-tender", "quotation", "direct-award", "grant-application", "rolled-over", "inherited", "unknown":
	default:
		return nil, fmt.Errorf("--route must be one of open-tender, quotation, direct-award, grant-application, rolled-over, inherited, unknown, not %q", opt.Route)
	}

	fi, err := os.Stat(opt.Site)
	if err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("site folder %s not found", opt.Site)
	}
	fsys := os.DirFS(opt.Site)
	st, err := openSite(fsys)
	if err != nil {
		return nil, err
	}
	refused := st.apply(rows, format, opt, rep)
	if len(refused) > 0 && !opt.Force {
		return rep, &Refused{File: file, Collisions: refused}
	}
	if len(rep.Taken) == 0 {
		return rep, nil
	}
	out := st.files()
	// The site must still build with the new tables: render it in memory.
	over := overlay{base: fsys, files: out}
	if _, err := generator.Render(ctx, generator.Options{Source: opt.Site, FS: over}); err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			return rep, fmt.Errorf("the import would leave the site unable to build, so nothing was written:\n%s", de.Error())
		}
		return rep, fmt.Errorf("the import would leave the site unable to build, so nothing was written: %v", err)
	}
	if opt.DryRun {
		return rep, nil
	}
	written, err := writeAll(opt.Site, out)
	rep.Written = written
	return rep, err
}

// overlay reads the new tables from memory and everything else from the site.
type overlay struct {
	base  fs.FS
	files map[string][]byte
}

func (o overlay) Open(name string) (fs.File, error) {
	if b, ok := o.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(b), name: path.Base(name), size: int64(len(b))}, nil
	}
	return o.base.Open(name)
}

// memFile is a table held in memory, read as a file.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return f.size }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }

// writeAll writes every file to a temporary name beside it first, then
// renames them all, so that a failure leaves the old tables in place.
func writeAll(site string, files map[string][]byte) ([]string, error) {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	names = sortedStrings(names)
	temps := map[string]string{}
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, name := range names {
		dst := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cleanup()
			return nil, err
		}
		f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".import-*")
		if err != nil {
			cleanup()
			return nil, err
		}
		temps[name] = f.Name()
		if _, err := f.Write(files[name]); err != nil {
			f.Close()
			cleanup()
			return nil, err
		}
		if err := f.Close(); err != nil {
			cleanup()
			return nil, err
		}
		if fi, err := os.Stat(dst); err == nil {
			os.Chmod(f.Name(), fi.Mode().Perm())
		} else {
			os.Chmod(f.Name(), 0o644)
		}
	}
	var done []string
	for _, name := range names {
		if err := os.Rename(temps[name], filepath.Join(site, filepath.FromSlash(name))); err != nil {
			cleanup()
			return done, err
		}
		delete(temps, name)
		done = append(done, name)
	}
	return done, nil
}

func sortedStrings(s []string) []string {
	m := map[string]string{}
	for _, v := range s {
		m[v] = v
	}
	return sortedKeys(m)
}

// site is the site's tables, with lookups, while rows are added.
type site struct {
	cfg          *config.Site
	orgs, svcs   *sheet
	arrs         *sheet
	orgRole      map[string]string // id → role
	orgLine      map[string]int    // id → line in organisations.csv (0 for new ones)
	orgIdent     map[string]string // id → identifier
	orgByIdent   map[string]string
	orgByName    map[string]string
	svcByID      map[string]bool
	svcByName    map[string]string
	arrByID      map[string]int // id → row index in arrs
	usedThisFile map[string]int // arrangement id → line that took it
	newOrgs      []string
	newSvcs      []string
}

func openSite(fsys fs.FS) (*site, error) {
	src, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		return nil, fmt.Errorf("no %s: is this a tscip site? (tscip init makes one)", config.File)
	}
	var diags diag.List
	cfg := config.Parse(src, &diags)
	if diags.Len() > 0 {
		return nil, diags.Err()
	}
	s := &site{cfg: cfg, orgRole: map[string]string{}, orgLine: map[string]int{}, orgIdent: map[string]string{},
		orgByIdent: map[string]string{}, orgByName: map[string]string{}, svcByID: map[string]bool{},
		svcByName: map[string]string{}, arrByID: map[string]int{}, usedThisFile: map[string]int{}}
	if s.orgs, err = readSheet(fsys, "organisations"); err != nil {
		return nil, err
	}
	if s.svcs, err = readSheet(fsys, "services"); err != nil {
		return nil, err
	}
	if s.arrs, err = readSheet(fsys, "arrangements"); err != nil {
		return nil, err
	}
	for i, r := range s.orgs.rows {
		s.indexOrg(s.orgs.get(r, "id"), s.orgs.get(r, "name"), s.orgs.get(r, "role"), s.orgs.get(r, "identifier"), s.orgs.lines[i])
	}
	for _, r := range s.svcs.rows {
		s.indexService(s.svcs.get(r, "id"), s.svcs.get(r, "name"))
	}
	for i, r := range s.arrs.rows {
		s.arrByID[s.arrs.get(r, "id")] = i
	}
	return s, nil
}

func (s *site) indexOrg(id, name, role, ident string, line int) {
	s.orgRole[id] = role
	s.orgLine[id] = line
	s.orgIdent[id] = ident
	if ident != "" {
		s.orgByIdent[strings.ToUpper(ident)] = id
	}
	if n := normName(name); n != "" {
		if _, dup := s.orgByName[n]; !dup {
			s.orgByName[n] = id
		}
	}
}

func (s *site) indexService(id, name string) {
	s.svcByID[id] = true
	if n := normName(name); n != "" {
		if _, dup := s.svcByName[n]; !dup {
			s.svcByName[n] = id
		}
	}
}

// newOrg is an organisation an accepted row will create.
type newOrg struct {
	id, name, role, ident string
}

// resolveOrg finds the organisation a file names, or plans a new one. A
// reason is returned when it cannot play the role.
func (s *site) resolveOrg(p party, role string) (string, *newOrg, string) {
	ident := strings.TrimSpace(p.id)
	name := strings.TrimSpace(p.name)
	own := ""
	if t, ok := strings.CutPrefix(ident, s.cfg.GrantPrefix+"-"); ok && dataset.IsID(t) {
		own = t // our own export's internal identifier: the tail is the id
	}
	orgID := ""
	switch {
	case opendata.OrgIDPattern.MatchString(ident):
		orgID = ident
	case p.charity != "" && charityIdentifier(p.charity) != "":
		orgID = charityIdentifier(p.charity)
	case p.company != "" && companyIdentifier(p.company) != "":
		orgID = companyIdentifier(p.company)
	}
	found := ""
	switch {
	case orgID != "" && s.orgByIdent[strings.ToUpper(orgID)] != "":
		found = s.orgByIdent[strings.ToUpper(orgID)]
	case own != "" && s.orgRole[own] != "":
		found = own
	case name != "" && s.orgByName[normName(name)] != "":
		found = s.orgByName[normName(name)]
	case ident == "" && dataset.IsID(name) && s.orgRole[name] != "":
		found = name // --funder given as an organisation id
	case s.orgRole[dataset.Slugify(name)] != "" && (orgID == "" || s.orgIdent[dataset.Slugify(name)] == "" || strings.EqualFold(s.orgIdent[dataset.Slugify(name)], orgID)):
		found = dataset.Slugify(name) // the id a name makes, unless identifiers say they differ
	}
	what := map[string]string{"partner": "funder", "provider": "recipient"}[role]
	if found != "" {
		if s.orgRole[found] != role {
			return "", nil, fmt.Sprintf("the %s %s is a %s in data/organisations.csv (line %d), not a %s", what, found, s.orgRole[found], s.orgLine[found], role)
		}
		return found, nil, ""
	}
	if name == "" {
		if ident == "" {
			return "", nil, "no " + what + " name or identifier"
		}
		name = ident
	}
	id := own
	if id == "" {
		id = dataset.Slugify(name)
	}
	if id == "" {
		id = dataset.Slugify(ident)
	}
	if id == "" {
		return "", nil, fmt.Sprintf("cannot make an id from the %s's name %q", what, name)
	}
	id = unique(id, func(c string) bool { return s.orgRole[c] != "" })
	return id, &newOrg{id: id, name: name, role: role, ident: orgID}, ""
}

func (s *site) commitOrg(n *newOrg) {
	if n == nil {
		return
	}
	s.orgs.add(map[string]string{"id": n.id, "name": n.name, "role": n.role, "kind": "other", "identifier": n.ident})
	s.indexOrg(n.id, n.name, n.role, n.ident, 0)
	s.newOrgs = append(s.newOrgs, n.id)
}

// resolveService finds or plans the service of a grant programme.
func (s *site) resolveService(code, title string) (string, *[2]string) {
	code, title = strings.TrimSpace(code), strings.TrimSpace(title)
	if dataset.IsID(code) && s.svcByID[code] {
		return code, nil
	}
	if title != "" && s.svcByName[normName(title)] != "" {
		return s.svcByName[normName(title)], nil
	}
	if code == "" && dataset.IsID(title) && s.svcByID[title] {
		return title, nil // --service given as an id
	}
	if t := dataset.Slugify(title); t != "" && s.svcByID[t] {
		return t, nil // the id the name makes
	}
	id := code
	if !dataset.IsID(id) {
		id = dataset.Slugify(title)
	}
	if id == "" {
		id = dataset.Slugify(code)
	}
	if title == "" {
		title = code
	}
	id = unique(id, func(c string) bool { return s.svcByID[c] })
	return id, &[2]string{id, title}
}

func (s *site) commitService(n *[2]string) {
	if n == nil {
		return
	}
	s.svcs.add(map[string]string{"id": n[0], "name": n[1]})
	s.indexService(n[0], n[1])
	s.newSvcs = append(s.newSvcs, n[0])
}

// unique adds -2, -3, … to id until taken says no.
func unique(id string, taken func(string) bool) string {
	if !taken(id) {
		return id
	}
	for n := 2; ; n++ {
		suffix := fmt.Sprintf("-%d", n)
		base := id
		if len(base)+len(suffix) > dataset.MaxID {
			base = strings.TrimSuffix(base[:dataset.MaxID-len(suffix)], "-")
		}
		if c := base + suffix; !taken(c) {
			return c
		}
	}
}

// apply turns rows into arrangements; it returns the collisions with
// existing arrangements, which refuse the import unless Force is set.
func (s *site) apply(rows []row, format string, opt Options, rep *Report) []string {
	var collisions []string
	renamed := 0
	rolling, withheld := 0, 0
	for _, r := range rows {
		skip := func(format string, args ...any) {
			rep.Skipped = append(rep.Skipped, Skip{Line: r.line, Reason: fmt.Sprintf(format, args...)})
		}
		partner, newPartner, why := s.resolveOrg(r.funder, "partner")
		if why != "" {
			skip("%s", why)
			continue
		}
		provider, newProvider, why := s.resolveOrg(r.recipient, "provider")
		if why != "" {
			skip("%s", why)
			continue
		}
		if newPartner != nil && newProvider != nil && newPartner.id == newProvider.id {
			newProvider.id = unique(newProvider.id+"-recipient", func(c string) bool { return s.orgRole[c] != "" })
			provider = newProvider.id
		}
		code, title := r.programme.code, r.programme.title
		if code == "" && title == "" {
			title = opt.Service
		}
		if code == "" && title == "" {
			skip("no grant programme names a service: pass --service to name one")
			continue
		}
		service, newService := s.resolveService(code, title)

		end := r.end
		if end.IsZero() && r.months != nil {
			end = r.start.AddMonths(wholeMonths(r.months)).AddDays(-1)
		}
		if !end.IsZero() && end.Before(r.start) {
			skip("the end date %s is before the start date %s", end.ISO(), r.start.ISO())
			continue
		}
		annual := r.amount
		if !r.annual {
			months := r.months
			if months == nil && !end.IsZero() {
				months = big.NewRat(int64(opendata.GrantMonths(r.start, end)), 1)
			}
			annual = opendata.AnnualValue(r.amount, months)
		}
		if end.IsZero() {
			rolling++
		}

		// A 360Giving id is unique in the world; a council's reference only
		// within the council, so it is prefixed with the partner's id. Our
		// own export's ids (360G-tscip-<id>) come back as <id>.
		id := ""
		if t, ok := strings.CutPrefix(r.sourceID, s.cfg.GrantPrefix+"-"); ok && dataset.IsID(t) && format == ThreeSixtyGiving {
			id = t
		} else if r.sourceID != "" && format == ThreeSixtyGiving {
			id = dataset.Slugify(r.sourceID)
		} else if r.sourceID != "" {
			id = dataset.Slugify(partner + "-" + r.sourceID)
		}
		if id == "" {
			id = dataset.Slugify(partner + "-" + provider + "-" + r.start.ISO())
		}
		if prev, dup := s.usedThisFile[id]; dup {
			nid := unique(id, func(c string) bool { _, used := s.usedThisFile[c]; return used })
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s:%d: id %s is already taken by line %d of this file: imported as %s", rep.File, r.line, id, prev, nid))
			id = nid
			renamed++
		}
		s.usedThisFile[id] = r.line
		values := map[string]string{
			"id": id, "partner": partner, "provider": provider, "service": service, "type": opt.Type,
			"annual_value": annual.Decimal(), "start": r.start.ISO(), "end": end.ISO(), "route": opt.Route,
		}
		if i, exists := s.arrByID[id]; exists && i >= 0 {
			collisions = append(collisions, fmt.Sprintf("%s:%d: arrangement %s is already in data/arrangements.csv (line %d)", rep.File, r.line, id, s.arrs.lines[i]))
			if !opt.Force {
				continue
			}
			s.arrs.set(i, values)
			rep.Replaced = append(rep.Replaced, id)
		} else {
			s.arrs.add(values)
			s.arrByID[id] = -1
		}
		s.commitOrg(newPartner)
		s.commitOrg(newProvider)
		s.commitService(newService)
		rep.Taken = append(rep.Taken, Taken{Line: r.line, ID: id, Amount: r.amount, Annual: annual})
		rep.Total += r.amount
		rep.Annual += annual
		if r.withheld {
			withheld++
		}
	}
	if withheld > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d %s a recipient whose name is withheld (redacted, or a grant to a person): taken under the provider %q",
			withheld, plural(withheld, "row has", "rows have"), WithheldRecipient))
	}
	if rolling > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d %s no end date or duration: imported as rolling, with the amount as one year's value",
			rolling, plural(rolling, "row has", "rows have")))
	}
	rep.NewOrganisations, rep.NewServices = s.newOrgs, s.newSvcs
	return collisions
}

// files gives the new text of each table that changed.
func (s *site) files() map[string][]byte {
	out := map[string][]byte{}
	for _, sh := range []*sheet{s.orgs, s.svcs, s.arrs} {
		if sh.changed() {
			out[sh.path] = sh.bytes()
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
