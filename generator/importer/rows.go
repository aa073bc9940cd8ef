package importer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tscip/tscip/generator/money"
)

// fields are one row's values as text, whatever the file's format.
type fields struct {
	id         string
	currency   string
	amount     string
	jsonAmount bool // amount is JSON number text
	annual     bool // amount is a yearly value, not a total
	start      string
	end        string
	duration   string
	recipient  party
	individual bool // a grant to a person (360Giving recipientIndividual)
	funder     party
	programme  programme
}

// WithheldRecipient names the provider that rows with a redacted recipient,
// or a grant to an individual, are recorded under.
const WithheldRecipient = "Recipients whose names are withheld"

// build checks one row's values and makes the row, or gives the reason it
// is skipped.
func build(line int, f fields) (row, string) {
	r := row{line: line, sourceID: strings.TrimSpace(f.id), recipient: f.recipient, funder: f.funder, programme: f.programme, annual: f.annual}
	if f.individual || redacted(f.recipient.name) {
		// The money is public even where the person is not: keep the row,
		// under one provider that says the names are withheld, so the
		// site's totals match the publisher's.
		r.recipient = party{name: WithheldRecipient}
		r.withheld = true
	}
	if strings.TrimSpace(r.recipient.name) == "" && strings.TrimSpace(r.recipient.id) == "" {
		return r, "no recipient name or identifier"
	}
	if c := strings.ToUpper(strings.TrimSpace(f.currency)); c != "" && c != "GBP" {
		return r, fmt.Sprintf("the amount is in %s: only pounds sterling (GBP) are imported", c)
	}
	var p money.Pence
	var err error
	if f.jsonAmount {
		p, err = parseJSONAmount(f.amount)
	} else {
		p, err = parseAmount(f.amount)
	}
	switch {
	case errors.Is(err, errNegative):
		return r, fmt.Sprintf("negative amount (%s): a credit note or refund is reported, never netted against other rows; change the arrangement it belongs to by hand", strings.TrimSpace(f.amount))
	case err != nil:
		return r, fmt.Sprintf("amount %q: %v", strings.TrimSpace(f.amount), err)
	}
	r.amount = p
	if r.start, err = parseDate(f.start); err != nil {
		if strings.TrimSpace(f.start) == "" {
			return r, "no date: expected an award or start date"
		}
		return r, fmt.Sprintf("date %q: %v", strings.TrimSpace(f.start), err)
	}
	if strings.TrimSpace(f.end) != "" {
		if r.end, err = parseDate(f.end); err != nil {
			return r, fmt.Sprintf("end date %q: %v", strings.TrimSpace(f.end), err)
		}
	}
	if r.months, err = parseMonths(f.duration); err != nil {
		return r, fmt.Sprintf("duration %q: %v", strings.TrimSpace(f.duration), err)
	}
	return r, ""
}
