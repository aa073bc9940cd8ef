package render

import (
	"github.com/tscip/tscip/generator/publish"
	"github.com/tscip/tscip/generator/site"
)

// The open data downloads (DATA.md, "Output files"): each input table as
// CSV and JSON, data/360giving.json, data/ocds.json and the Transparency
// Code's two layouts. The bytes come from site.TakeDownloads, the same
// files that give the /data/ page its sizes.
func init() {
	extras = append(extras, writeDownloads)
}

func writeDownloads(s *site.Site, _ Options, files *publish.Files) {
	for _, f := range site.TakeDownloads(s) {
		files.Add(f.Name, f.Bytes)
	}
}
