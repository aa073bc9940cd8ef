package render

import (
	"slices"

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
	// A file's bytes are let go as soon as it is handed over, so that each
	// is freed once written rather than when the last is queued: the
	// downloads of 100,000 arrangements are some 200 MB. (A site built
	// with KeepDownloads still holds them itself.)
	dl := slices.Clone(site.TakeDownloads(s))
	for i := range dl {
		files.Add(dl[i].Name, dl[i].Bytes)
		dl[i].Bytes = nil
	}
}
