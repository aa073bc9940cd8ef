package site

import (
	"sort"

	"github.com/tscip/tscip/generator/chart"
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
	// BySubject counts the standing decisions of each subject, one count
	// per entry of Counts.
	BySubject    []SubjectCount
	Missing      int // subject and partner pairs with no decision recorded
	CountsChart  chart.Figure
	SubjectChart chart.Figure
}

// SubjectCount is one subject's standing decisions, by decision.
type SubjectCount struct {
	Subject Link
	Counts  []int // parallel to DecisionsPage.Counts
	Total   int
	Missing int // partners with no decision recorded
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

// decisionColours pair each decision with a colour of at least 4.5:1 on
// white; the chart's key and the table say which is which.
var decisionColours = map[string]string{
	"aligned-budgets": "#00703c", "stand-alone": "#1d70b8", "do-nothing": "#505a5f",
	"adopt": "#912b88", "decline": "#d4351c", "pending": "#b1560f",
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
	bySubject := make([]map[string]int, len(subjects))
	for k := range bySubject {
		bySubject[k] = map[string]int{}
	}
	for _, p := range s.Data.Partners() {
		row := DecisionRow{Partner: p}
		for k, subj := range subjects {
			if dec := current[[2]string{p.ID, subj}]; dec != nil {
				v := s.decisionView(dec)
				row.Cells = append(row.Cells, &v)
				counts[dec.Decision]++
				bySubject[k][dec.Decision]++
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
	partners := len(s.Data.Partners())
	for k, l := range d.Subjects {
		sc := SubjectCount{Subject: l}
		for _, c := range d.Counts {
			n := bySubject[k][c.Decision]
			sc.Counts = append(sc.Counts, n)
			sc.Total += n
		}
		sc.Missing = partners - sc.Total
		d.Missing += sc.Missing
		d.BySubject = append(d.BySubject, sc)
	}
	d.CountsChart, d.SubjectChart = decisionCharts(d)
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

// decisionCharts draws the standing decisions counted by decision, and the
// same split by subject.
func decisionCharts(d *DecisionsPage) (chart.Figure, chart.Figure) {
	one := chart.Series{Name: "Decisions", Colour: "#1d70b8"}
	var labels []string
	for _, c := range d.Counts {
		labels = append(labels, c.Word)
		one.Values = append(one.Values, int64(c.Count))
	}
	counts := chart.Bars{ID: "chart-decisions", Title: "Decisions that stand, by decision", Labels: labels,
		Series: []chart.Series{one}}.Draw()
	var series []chart.Series
	for k, c := range d.Counts {
		sr := chart.Series{Name: c.Word, Colour: decisionColours[c.Decision]}
		for _, sc := range d.BySubject {
			sr.Values = append(sr.Values, int64(sc.Counts[k]))
		}
		series = append(series, sr)
	}
	labels = nil
	for _, sc := range d.BySubject {
		labels = append(labels, sc.Subject.Title)
	}
	bySubject := chart.Bars{ID: "chart-decisions-subject", Title: "Decisions that stand, by subject", Labels: labels,
		Series: series, Stacked: true}.Draw()
	return counts, bySubject
}
