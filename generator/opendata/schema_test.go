package opendata

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tscip/tscip/generator/internal/testsite"
)

// standardsDir finds the published schemas (../shared/standards beside the
// repository, or TSCIP_STANDARDS). Where they are missing, as on a fresh
// clone on its own, the test skips and says so; in CI (CI set) it fails,
// so a validation cannot silently prove nothing there.
func standardsDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("TSCIP_STANDARDS"); d != "" {
		return d
	}
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	d := filepath.Join(root, "..", "shared", "standards")
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		msg := fmt.Sprintf("the published schemas are not at %s (set TSCIP_STANDARDS to their folder): %v", d, err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return d
}

// localLoader maps each schema's $ref URL to its copy in the standards
// folder; nothing is fetched, and an unknown URL is an error.
type localLoader map[string]string

func (l localLoader) Load(url string) (any, error) {
	path, ok := l[url]
	if !ok {
		return nil, fmt.Errorf("no local copy of %s", url)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

const (
	threeSixtyPackageURL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	ocdsPackageURL       = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
)

// schemas compiles the 360Giving package schema and the OCDS release
// package schema with formats asserted.
func schemas(t *testing.T) (threeSixty, ocds *jsonschema.Schema) {
	t.Helper()
	dir := standardsDir(t)
	grant := filepath.Join(dir, "360giving", "360-giving-schema.json")
	c := jsonschema.NewCompiler()
	c.UseLoader(localLoader{
		threeSixtyPackageURL: filepath.Join(dir, "360giving", "360-giving-package-schema.json"),
		// The package schema names the 1.4.2 grant schema's URL; the grant
		// schema published beside it is 1.4.3.
		"https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json": grant,
		"https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json": grant,
		ocdsPackageURL: filepath.Join(dir, "ocds", "release-package-schema.json"),
		"https://standard.open-contracting.org/schema/1__1__5/release-schema.json": filepath.Join(dir, "ocds", "release-schema.json"),
	})
	c.AssertFormat()
	var err error
	if threeSixty, err = c.Compile(threeSixtyPackageURL); err != nil {
		t.Fatalf("compiling the 360Giving schema: %v", err)
	}
	if ocds, err = c.Compile(ocdsPackageURL); err != nil {
		t.Fatalf("compiling the OCDS schema: %v", err)
	}
	return threeSixty, ocds
}

// problems validates a document and lists every error with its place.
func problems(sch *jsonschema.Schema, doc []byte) ([]string, error) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	var out []string
	for _, u := range ve.BasicOutput().Errors {
		if u.Error != nil {
			out = append(out, fmt.Sprintf("at %q (schema %s): %s", u.InstanceLocation, u.KeywordLocation, u.Error))
		}
	}
	if len(out) == 0 {
		out = append(out, err.Error())
	}
	return out, nil
}

func fileNamed(t *testing.T, files []File, name string) File {
	t.Helper()
	for _, f := range files {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no %s among the downloads", name)
	return File{}
}

// The reference site's 360Giving and OCDS downloads validate against the
// published schemas, with and without base_url.
func TestReferenceDownloadsValidate(t *testing.T) {
	threeSixty, ocds := schemas(t)
	for _, base := range []string{"", "https://example.org/commissioning/"} {
		t.Run("base_url="+base, func(t *testing.T) {
			in := reference(t)
			in.Config.BaseURL = base
			files, omitted := Files(in)
			if len(omitted) > 0 {
				t.Fatalf("the reference site left out %v", omitted)
			}
			for name, sch := range map[string]*jsonschema.Schema{"data/360giving.json": threeSixty, "data/ocds.json": ocds} {
				f := fileNamed(t, files, name)
				errs, err := problems(sch, f.Bytes)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for _, e := range errs {
					t.Errorf("%s is not valid: %s", name, e)
				}
				if f.Records == 0 {
					t.Errorf("%s holds no records", name)
				}
			}
		})
	}
}

// The validation above can fail: a plain UK date, a missing currency and a
// release without a tag are each reported.
func TestValidationCatchesErrors(t *testing.T) {
	threeSixty, ocds := schemas(t)
	files, _ := Files(reference(t))
	cases := []struct {
		name, file, from, to string
		sch                  *jsonschema.Schema
	}{
		{"UK award date", "data/360giving.json", `"awardDate": "2010-04-01"`, `"awardDate": "01/04/2010"`, threeSixty},
		{"no currency", "data/360giving.json", `"currency": "GBP",`, ``, threeSixty},
		{"date without time", "data/ocds.json", `"publishedDate": "`, `"publishedDate": "x`, ocds},
		{"unknown tag", "data/ocds.json", `"tag": [`, `"tag": ["opening",`, ocds},
	}
	for _, c := range cases {
		doc := string(fileNamed(t, files, c.file).Bytes)
		if !strings.Contains(doc, c.from) {
			t.Fatalf("%s: %s has no %s", c.name, c.file, c.from)
		}
		errs, err := problems(c.sch, []byte(strings.Replace(doc, c.from, c.to, 1)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(errs) == 0 {
			t.Errorf("%s: the broken %s validated", c.name, c.file)
		}
	}
}
