package site

import "github.com/tscip/tscip/generator/content"

// SectionPage is a Markdown section's own page (its _index.md) with the
// list of its pages.
type SectionPage struct {
	Index *content.Page
	Pages []*content.Page
}

// ChapterPage is one page of a Markdown section.
type ChapterPage struct {
	Section  string // the section's title
	Chapters []*content.Page
	Number   int // 1-based position in the section
}

// sectionTitles names the Markdown sections that have no _index.md.
var sectionTitles = map[string]string{"framework": "Third Sector Commissioning Framework", "options": "Commissioning options"}

// buildSections makes the pages of every content section except
// opportunities (whose text sits on the opportunity pages): the section's
// contents page and one page per file, with previous and next.
func buildSections(s *Site) {
	sections := []string{}
	seen := map[string]bool{}
	for _, p := range s.Content.Pages {
		if p.Section != "" && p.Section != "opportunities" && !seen[p.Section] {
			seen[p.Section] = true
			sections = append(sections, p.Section)
		}
	}
	for _, name := range sections {
		pages := s.Content.Section(name)
		index := s.Content.Get(name, "_index")
		title := sectionTitles[name]
		summary := ""
		if index != nil {
			title, summary = index.Title, index.Summary
		}
		if title == "" {
			title = name
		}
		layout := "section"
		if name == "options" {
			layout = "options"
		}
		root := "/" + name + "/"
		s.add(&Page{Path: root, Layout: layout, Title: title, Summary: summary, Content: index,
			Data: &SectionPage{Index: index, Pages: pages}})
		for i, p := range pages {
			page := &Page{Path: p.URL(), Layout: "chapter", Title: p.Title, Summary: p.Summary, Content: p,
				Data:   &ChapterPage{Section: title, Chapters: pages, Number: i + 1},
				Crumbs: []Link{{title, root}}}
			if i > 0 {
				page.Prev = &Link{pages[i-1].Title, pages[i-1].URL()}
			}
			if i+1 < len(pages) {
				page.Next = &Link{pages[i+1].Title, pages[i+1].URL()}
			}
			s.add(page)
		}
	}
}

// buildSingles makes a page of each Markdown file at the top of content/.
func buildSingles(s *Site) {
	for _, p := range s.Content.Pages {
		if p.Section == "" && p.Slug != "_index" {
			s.add(&Page{Path: p.URL(), Layout: "page", Title: p.Title, Summary: p.Summary, Content: p})
		}
	}
}

func buildNotFound(s *Site) {
	s.add(&Page{Path: "/404.html", Layout: "404", Title: "Page not found", Hidden: true})
}
