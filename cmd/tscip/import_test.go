package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../generator/importer/testdata"

func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"site.toml", "data/organisations.csv", "data/services.csv", "data/arrangements.csv"} {
		b, err := os.ReadFile(filepath.Join(fixtures, "site", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportCommand(t *testing.T) {
	dir := copySite(t)
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"import", "360giving", "-s", dir, filepath.Join(fixtures, "360-package.json")}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errs.String())
	}
	for _, want := range []string{"360-package.json:39: skipped: negative amount", "read 7 rows: took 2, skipped 5",
		"took 2 arrangements worth £31,500.50 in total", "wrote data/arrangements.csv"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// Again: refused, exit 1, the collisions on stderr.
	out.Reset()
	errs.Reset()
	code = run(context.Background(), []string{"import", "360giving", "-s", dir, filepath.Join(fixtures, "360-package.json")}, &out, &errs)
	if code != 1 || !strings.Contains(errs.String(), "already in data/arrangements.csv") || !strings.Contains(errs.String(), "--force") {
		t.Errorf("second import: exit %d\n%s", code, errs.String())
	}
}

// Flags may follow FILE, as in the documented command line.
func TestImportTransparencyFlagsAfterFile(t *testing.T) {
	dir := copySite(t)
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"import", "transparency", "-s", dir, filepath.Join(fixtures, "credit-lines.csv"),
		"--map", "recipient=Beneficiary,amount=Amount Paid,date=Payment Date", "--funder", "county", "--service", "debt-advice", "--dry-run"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "took 1 arrangement worth £1,000.00") || !strings.Contains(out.String(), "dry run: nothing was written") {
		t.Errorf("output:\n%s", out.String())
	}
	if n := strings.Count(out.String(), "skipped: negative amount"); n != 4 {
		t.Errorf("%d negative lines reported, want 4:\n%s", n, out.String())
	}
}

func TestImportUsage(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"import"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "--map") {
		t.Errorf("exit %d\n%s", code, errs.String())
	}
	if code := run(context.Background(), []string{"import", "360giving"}, &out, &errs); code != 2 {
		t.Errorf("no FILE: exit %d", code)
	}
}
