package render

import (
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// The open data downloads (DATA.md, "Output files"): each input table as
// CSV and JSON, data/360giving.json, data/ocds.json and the Transparency
// Code's two layouts. The bytes come from site.Downloads, the same call
// that gives the /data/ page its sizes.
func init() {
	extras = append(extras, writeDownloads)
}

func writeDownloads(s *site.Site, _ Options, files *publish.Files) {
	list, _ := site.Downloads(s)
	for _, f := range list {
		files.Add(f.Name, f.Bytes)
	}
}
