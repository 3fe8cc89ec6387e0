package attract

import "time"

// Service levels for leads (PRODUCT.md "The project life cycle"): the agency
// acknowledges a lead within one working day, assesses it within three,
// gives the investor feedback within a week, and then reports at least every
// two weeks. Working days skip Saturdays and Sundays; public holidays are
// not known to Attract.

// ServiceStep names what the agency owes a project next.
type ServiceStep string

// Service steps.
const (
	StepAcknowledge ServiceStep = "acknowledge" // a new lead: first contact
	StepAssess      ServiceStep = "assess"      // contacted: assess the lead
	StepFeedback    ServiceStep = "feedback"    // negotiating: first feedback to the investor
	StepReport      ServiceStep = "report"      // then a report every two weeks
)

// ServiceClock is the next step the service levels require of a project and
// when it is due.
type ServiceClock struct {
	Step ServiceStep
	Due  time.Time
}

// Late reports whether the step is overdue at now.
func (c ServiceClock) Late(now time.Time) bool { return now.After(c.Due) }

// ServiceClockOf returns the running clock of a project in the early
// stages, and false for projects past negotiation or off the line.
func ServiceClockOf(p *Project) (ServiceClock, bool) {
	entered := p.StageChangedAt
	switch p.Stage {
	case StageLead:
		return ServiceClock{StepAcknowledge, addWorkingDays(entered, 1)}, true
	case StageContacted:
		return ServiceClock{StepAssess, addWorkingDays(entered, 3)}, true
	case StageNegotiating:
		feedback := entered.AddDate(0, 0, 7)
		if p.LastActivityAt == nil || p.LastActivityAt.Before(entered) {
			return ServiceClock{StepFeedback, feedback}, true
		}
		return ServiceClock{StepReport, p.LastActivityAt.AddDate(0, 0, 14)}, true
	}
	return ServiceClock{}, false
}

// addWorkingDays returns t moved forward by n working days (Monday to Friday).
func addWorkingDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
