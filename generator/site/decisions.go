package site

import (
	"sort"

	"github.com/tscip/tscip/generator/dataset"
)

// DecisionView is one decision with names resolved.
type DecisionView struct {
	D           *dataset.Decision
	Partner     *dataset.Organisation
	SubjectName string
	SubjectURL  string
	Word        string // "Aligned budgets", "Pending", ...
}

// DecisionsPage is the partner × subject matrix.
type DecisionsPage struct {
	Subjects []Link
	Rows     []DecisionRow
	Counts   []DecisionCount // by decision, over the decisions that stand
	Meetings []MeetingGroup
	Pending  int
	Total    int
}

// DecisionRow is one partner's decisions, one cell per subject.
type DecisionRow struct {
	Partner *dataset.Organisation
	Cells   []*DecisionView // nil where the partner has not recorded one
}

// DecisionCount is how many standing decisions have a word.
type DecisionCount struct {
	Decision string
	Word     string
	Count    int
}

// MeetingGroup is the decisions recorded at one meeting.
type MeetingGroup struct {
	Meeting   string
	Decisions []DecisionView
}

var decisionWords = map[string]string{
	"aligned-budgets": "Aligned budgets", "stand-alone": "Stand alone", "do-nothing": "Do nothing",
	"adopt": "Adopt", "decline": "Decline", "pending": "Pending",
}

// DecisionWord gives the words for a decision code.
func DecisionWord(d string) string { return orCode(decisionWords, d) }

// subjects lists the decision subjects: services that have decisions, in
// file order, then the framework.
func (s *Site) subjects() []string {
	has := map[string]bool{}
	for _, d := range s.Data.Decisions {
		has[d.Subject] = true
	}
	var out []string
	for _, svc := range s.Data.Services {
		if has[svc.ID] {
			out = append(out, svc.ID)
		}
	}
	if has["framework"] {
		out = append(out, "framework")
	}
	return out
}

func (s *Site) subjectURL(id string) string {
	if id == "framework" {
		return "/framework/"
	}
	return ServiceURL(id)
}

func (s *Site) decisionView(d *dataset.Decision) DecisionView {
	return DecisionView{D: d, Partner: s.Org(d.Partner), SubjectName: s.ServiceName(d.Subject),
		SubjectURL: s.subjectURL(d.Subject), Word: DecisionWord(d.Decision)}
}

func sortDecisionsLatestFirst(v []DecisionView) {
	sort.SliceStable(v, func(i, j int) bool { return v[i].D.Date.After(v[j].D.Date) })
}

func buildDecisions(s *Site) {
	d := &DecisionsPage{}
	subjects := s.subjects()
	for _, id := range subjects {
		d.Subjects = append(d.Subjects, Link{Title: s.ServiceName(id), URL: s.subjectURL(id)})
	}
	current := s.Data.CurrentDecisions()
	counts := map[string]int{}
	for _, p := range s.Data.Partners() {
		row := DecisionRow{Partner: p}
		for _, subj := range subjects {
			if dec := current[[2]string{p.ID, subj}]; dec != nil {
				v := s.decisionView(dec)
				row.Cells = append(row.Cells, &v)
				counts[dec.Decision]++
				d.Total++
				if dec.Decision == "pending" {
					d.Pending++
				}
			} else {
				row.Cells = append(row.Cells, nil)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	for _, w := range []string{"aligned-budgets", "stand-alone", "do-nothing", "adopt", "decline", "pending"} {
		if counts[w] > 0 {
			d.Counts = append(d.Counts, DecisionCount{Decision: w, Word: DecisionWord(w), Count: counts[w]})
		}
	}
	byMeeting := map[string]int{}
	all := make([]DecisionView, 0, len(s.Data.Decisions))
	for i := range s.Data.Decisions {
		all = append(all, s.decisionView(&s.Data.Decisions[i]))
	}
	sortDecisionsLatestFirst(all)
	for _, v := range all {
		m := v.D.Meeting
		if m == "" {
			m = "Not recorded"
		}
		gi, ok := byMeeting[m]
		if !ok {
			gi = len(d.Meetings)
			byMeeting[m] = gi
			d.Meetings = append(d.Meetings, MeetingGroup{Meeting: m})
		}
		d.Meetings[gi].Decisions = append(d.Meetings[gi].Decisions, v)
	}
	s.add(&Page{Path: "/decisions/", Layout: "decisions", Title: "Partner decisions",
		Summary: "What each partner has decided about the shared services and the framework.", Data: d})
}
