package dataset

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/diag"
)

// FuzzLoad feeds arbitrary bytes to the arrangements table of an otherwise
// valid site: the loader must report diagnostics, never panic, and every
// diagnostic must name the file and a line within it.
func FuzzLoad(f *testing.F) {
	if b, err := os.ReadFile("../../data/arrangements.csv"); err == nil {
		f.Add(b[:min(len(b), 2000)])
	}
	f.Add([]byte("id,partner,provider,service,type,annual_value,start,end,route\n\"a\nb\",p,v,s,grant,1,2011-01-01,,unknown\n"))
	f.Add([]byte("\xef\xbb\xbfid,partner\r\nx,\"unterminated\r\n"))
	f.Add([]byte("id,partner,provider,service,type,annual_value,start,end,route,hours_budget\na,p,v,s,grant,\"£1,000.00\",08/09/2011,,rolled-over,7.5\n,,,,,,,,\n"))
	orgs := []byte("id,name,role,kind,hourly_rate\np,P,partner,nhs,20\nv,V,provider,cvs,\n")
	svcs := []byte("id,name\ns,S\n")
	f.Fuzz(func(t *testing.T, arr []byte) {
		fsys := fstest.MapFS{
			"data/organisations.csv": {Data: orgs},
			"data/services.csv":      {Data: svcs},
			"data/arrangements.csv":  {Data: arr},
		}
		var d diag.List
		set := Load(fsys, config.DefaultLimits, &d)
		if set == nil {
			t.Fatal("nil set")
		}
		lines := 1
		for _, c := range arr {
			if c == '\n' {
				lines++
			}
		}
		for _, it := range d.Items() {
			if it.File == "" || it.Line < 0 || it.Line > lines+1 {
				t.Fatalf("diagnostic outside the file (%d lines): %+v", lines, it)
			}
		}
	})
}
