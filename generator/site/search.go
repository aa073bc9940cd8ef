package site

// buildSearch makes the search page, which works without JavaScript as a
// list of every page and with it as a search box over the index.
func buildSearch(s *Site) {
	s.add(&Page{Path: "/search/", Layout: "search", Title: "Search", Summary: "Search every page of this site."})
}
