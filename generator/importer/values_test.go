package importer

import (
	"errors"
	"testing"

	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/money"
)

func TestDecodeWindows1252(t *testing.T) {
	// Every byte 0x80–0x9F that Windows-1252 defines, and Latin-1 beyond.
	text, note, err := decodeText([]byte("\x80\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8e\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9e\x9f \xa3\xe9\xff"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ £éÿ"; text != want {
		t.Errorf("decoded %q, want %q", text, want)
	}
	if note == "" {
		t.Errorf("no note that the file was not UTF-8")
	}
	if text, _, _ := decodeText([]byte{0x81, 'a'}); text != "\uFFFDa" {
		t.Errorf("an undefined byte decoded as %q", text)
	}
	if text, note, _ := decodeText([]byte("\xef\xbb\xbfId,£")); text != "Id,£" || note != "" {
		t.Errorf("UTF-8 with a BOM decoded as %q (%q)", text, note)
	}
	if _, _, err := decodeText([]byte{0xFF, 0xFE, 'a', 0}); err == nil {
		t.Errorf("UTF-16 accepted")
	}
}

func TestParseAmount(t *testing.T) {
	for s, want := range map[string]string{
		"12500": "12500.00", "£12,500.00": "12500.00", " £ 1,250.5 ": "1250.50", "GBP 3,000": "3000.00", "12500.5": "12500.50",
	} {
		p, err := parseAmount(s)
		if err != nil || p.Decimal() != want {
			t.Errorf("parseAmount(%q) = %s, %v; want %s", s, p.Decimal(), err, want)
		}
	}
	for _, s := range []string{"-250.00", "−250", "£-75", "(120.00)", "30.00 CR", "250-", "GBP -5"} {
		if _, err := parseAmount(s); !errors.Is(err, errNegative) {
			t.Errorf("parseAmount(%q): err = %v, want the negative error", s, err)
		}
	}
	for _, s := range []string{"", "12,50", "12.505", "twelve"} {
		if _, err := parseAmount(s); err == nil || errors.Is(err, errNegative) {
			t.Errorf("parseAmount(%q) accepted or called negative: %v", s, err)
		}
	}
	for s, want := range map[string]money.Pence{"12500": 1250000, "7500.5": 750050, "1.25e4": 1250000, `"5000.00"`: 500000} {
		if p, err := parseJSONAmount(s); err != nil || p != want {
			t.Errorf("parseJSONAmount(%s) = %d, %v; want %d", s, p, err, want)
		}
	}
	if _, err := parseJSONAmount("100.555"); !errors.Is(err, money.ErrDecimals) {
		t.Errorf("100.555: %v", err)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"St John’s Church Café – Community Project": "st-johns-church-cafe-community-project",
		"Burton & District CAB":                     "burton-and-district-cab",
		"  VCS/2011/01 ":                            "vcs-2011-01",
		"!!!":                                       "",
	} {
		if got := dataset.Slugify(in); got != want {
			t.Errorf("dataset.Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	long := dataset.Slugify(string(make([]byte, 0)) + "a-very-long-name-" + string(bytesOf('x', 200)))
	if len(long) > dataset.MaxID || !dataset.IsID(long) {
		t.Errorf("long slug %q", long)
	}
}

func bytesOf(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

func TestIdentifiers(t *testing.T) {
	for in, want := range map[string]string{"01234567": "GB-COH-01234567", "1234567": "GB-COH-01234567", "SC123456": "GB-COH-SC123456", "abc": ""} {
		if got := companyIdentifier(in); got != want {
			t.Errorf("companyIdentifier(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"1123456": "GB-CHC-1123456", "SC012345": "GB-SC-SC012345", "NIC100002": "GB-NIC-100002", "x1": ""} {
		if got := charityIdentifier(in); got != want {
			t.Errorf("charityIdentifier(%q) = %q, want %q", in, got, want)
		}
	}
}
