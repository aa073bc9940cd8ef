package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// read360 reads 360Giving data: a JSON package ({"grants": [...]}, or a
// bare array of grants) or the flat CSV whose headings are the standard's
// spreadsheet titles.
func read360(text string, rep *Report) ([]row, error) {
	if t := strings.TrimLeft(text, " \t\r\n"); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return read360JSON(text, rep)
	}
	return read360CSV(text, rep)
}

type jsonOrg struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	CharityNumber json.RawMessage `json:"charityNumber"`
	CompanyNumber json.RawMessage `json:"companyNumber"`
}

type jsonGrant struct {
	ID            string          `json:"id"`
	Currency      string          `json:"currency"`
	AmountAwarded json.RawMessage `json:"amountAwarded"`
	AwardDate     string          `json:"awardDate"`
	PlannedDates  []struct {
		StartDate string          `json:"startDate"`
		EndDate   string          `json:"endDate"`
		Duration  json.RawMessage `json:"duration"`
	} `json:"plannedDates"`
	RecipientOrganization []jsonOrg       `json:"recipientOrganization"`
	RecipientIndividual   json.RawMessage `json:"recipientIndividual"`
	FundingOrganization   []jsonOrg       `json:"fundingOrganization"`
	GrantProgramme        []struct {
		Code  string  `json:"code"`
		Title *string `json:"title"`
	} `json:"grantProgramme"`
}

// rawText gives a JSON string's text or a number's digits as written, so
// that a company number keeps its leading zeros when quoted.
func rawText(m json.RawMessage) string {
	s := strings.TrimSpace(string(m))
	if s == "" || s == "null" {
		return ""
	}
	if strings.HasPrefix(s, `"`) {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}

func read360JSON(text string, rep *Report) ([]row, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(text, dec, err)
	}
	var rows []row
	grants := func() error {
		for dec.More() {
			line := lineAt(text, int(dec.InputOffset()))
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return jsonError(text, dec, err)
			}
			rep.Read++
			var g jsonGrant
			if err := json.Unmarshal(raw, &g); err != nil {
				rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: "not a 360Giving grant: " + err.Error()})
				continue
			}
			f := fields{id: g.ID, currency: g.Currency, amount: rawText(g.AmountAwarded), jsonAmount: true, start: g.AwardDate,
				individual: len(g.RecipientOrganization) == 0 && rawText(g.RecipientIndividual) != ""}
			if len(g.PlannedDates) > 0 {
				pd := g.PlannedDates[0]
				if pd.StartDate != "" {
					f.start = pd.StartDate
				}
				f.end, f.duration = pd.EndDate, rawText(pd.Duration)
			}
			switch {
			case len(g.RecipientOrganization) > 1:
				rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: "more than one recipient organisation: tscip records one provider an arrangement"})
				continue
			case len(g.FundingOrganization) > 1:
				rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: "more than one funding organisation: tscip records one partner an arrangement"})
				continue
			}
			if len(g.RecipientOrganization) == 1 {
				o := g.RecipientOrganization[0]
				f.recipient = party{id: o.ID, name: o.Name, charity: rawText(o.CharityNumber), company: rawText(o.CompanyNumber)}
			}
			if len(g.FundingOrganization) == 1 {
				o := g.FundingOrganization[0]
				f.funder = party{id: o.ID, name: o.Name}
			} else {
				rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: "no funding organisation"})
				continue
			}
			if len(g.GrantProgramme) > 0 {
				f.programme.code = g.GrantProgramme[0].Code
				if t := g.GrantProgramme[0].Title; t != nil {
					f.programme.title = *t
				}
			}
			r, why := build(line, f)
			if why != "" {
				rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: why})
				continue
			}
			rows = append(rows, r)
		}
		_, err := dec.Token() // ]
		return err
	}
	switch tok {
	case json.Delim('['):
		return rows, grants()
	case json.Delim('{'):
	default:
		return nil, errors.New("not a 360Giving package: expected an object with \"grants\"")
	}
	found := false
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, jsonError(text, dec, err)
		}
		if k == "grants" {
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return nil, errors.New(`"grants" must be an array`)
			}
			found = true
			if err := grants(); err != nil {
				return nil, err
			}
			continue
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, jsonError(text, dec, err)
		}
	}
	if !found {
		return nil, errors.New(`not a 360Giving package: no "grants" array`)
	}
	return rows, nil
}

// lineAt gives the line of the next value after a decoder offset: past the
// spaces and the comma that separate it from the one before.
func lineAt(text string, off int) int {
	for off < len(text) && strings.ContainsRune(" \t\r\n,", rune(text[off])) {
		off++
	}
	return strings.Count(text[:min(off, len(text))], "\n") + 1
}

func jsonError(text string, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: invalid JSON: %v", lineAt(text, int(se.Offset)), err)
	}
	return fmt.Errorf("line %d: invalid JSON: %v", lineAt(text, int(dec.InputOffset())), err)
}

// The flat CSV's headings, as the 360Giving spreadsheet template titles
// them (compared without case or spaces around ':').
const (
	hIdentifier    = "identifier"
	hCurrency      = "currency"
	hAmount        = "amount awarded"
	hAwardDate     = "award date"
	hRecipientID   = "recipient org:identifier"
	hRecipientName = "recipient org:name"
	hCharity       = "recipient org:charity number"
	hCompany       = "recipient org:company number"
	hIndividualID  = "recipient ind:identifier"
	hIndividual    = "recipient ind:name"
	hFunderID      = "funding org:identifier"
	hFunderName    = "funding org:name"
	hProgrammeCode = "grant programme:code"
	hProgramme     = "grant programme:title"
	hStart         = "planned dates:start date"
	hEnd           = "planned dates:end date"
	hDuration      = "planned dates:duration (months)"
)

var used360 = map[string]bool{hIdentifier: true, hCurrency: true, hAmount: true, hAwardDate: true, hRecipientID: true,
	hRecipientName: true, hCharity: true, hCompany: true, hIndividualID: true, hIndividual: true, hFunderID: true,
	hFunderName: true, hProgrammeCode: true, hProgramme: true, hStart: true, hEnd: true, hDuration: true}

func read360CSV(text string, rep *Report) ([]row, error) {
	f, err := readCSVText(text)
	if err != nil {
		return nil, err
	}
	var missing []string
	need := func(title string, any ...string) {
		for _, h := range any {
			if _, ok := f.col[h]; ok {
				return
			}
		}
		missing = append(missing, title)
	}
	need("Identifier", hIdentifier)
	need("Amount Awarded", hAmount)
	need("Award Date (or Planned Dates:Start Date)", hAwardDate, hStart)
	need("Recipient Org:Name (or Recipient Org:Identifier)", hRecipientName, hRecipientID)
	need("Funding Org:Name (or Funding Org:Identifier)", hFunderName, hFunderID)
	if len(missing) > 0 {
		return nil, fmt.Errorf("not a 360Giving CSV file: no column %s (its headings are: %s)", strings.Join(missing, ", "), f.headings())
	}
	var ignored []string
	for _, h := range f.header {
		if n := normHeading(h); n != "" && !used360[n] && !strings.HasPrefix(n, "title") && n != "description" {
			ignored = append(ignored, strings.TrimSpace(h))
		}
	}
	if len(ignored) > 0 {
		rep.Notes = append(rep.Notes, "columns not imported: "+strings.Join(ignored, ", "))
	}
	var rows []row
	for i, rec := range f.records {
		rep.Read++
		line := f.lines[i]
		if f.extra(rec) {
			rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: fmt.Sprintf("the row has %d cells but the header has %d", len(rec), len(f.header))})
			continue
		}
		c := func(h string) string { return f.cell(rec, h) }
		start := c(hStart)
		if start == "" {
			start = c(hAwardDate)
		}
		r, why := build(line, fields{
			id: c(hIdentifier), currency: c(hCurrency), amount: c(hAmount),
			start: start, end: c(hEnd), duration: c(hDuration),
			individual: c(hRecipientName) == "" && c(hRecipientID) == "" && (c(hIndividual) != "" || c(hIndividualID) != ""),
			recipient:  party{id: c(hRecipientID), name: c(hRecipientName), charity: c(hCharity), company: c(hCompany)},
			funder:     party{id: c(hFunderID), name: c(hFunderName)},
			programme:  programme{code: c(hProgrammeCode), title: c(hProgramme)},
		})
		if why == "" && c(hFunderName) == "" && c(hFunderID) == "" {
			why = "no funding organisation"
		}
		if why != "" {
			rep.Skipped = append(rep.Skipped, Skip{Line: line, Reason: why})
			continue
		}
		rows = append(rows, r)
	}
	return rows, nil
}
