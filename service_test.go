package attract

import (
	"testing"
	"time"
)

func TestServiceClock(t *testing.T) {
	fri := time.Date(2023, 10, 20, 9, 0, 0, 0, time.UTC) // a Friday
	act := fri.AddDate(0, 0, 10)
	for _, tc := range []struct {
		stage Stage
		last  *time.Time
		step  ServiceStep
		due   time.Time
		ok    bool
	}{
		{StageLead, nil, StepAcknowledge, fri.AddDate(0, 0, 3), true}, // Monday
		{StageContacted, nil, StepAssess, fri.AddDate(0, 0, 5), true}, // Wednesday
		{StageNegotiating, nil, StepFeedback, fri.AddDate(0, 0, 7), true},
		{StageNegotiating, &act, StepReport, act.AddDate(0, 0, 14), true},
		{StageSigned, nil, "", time.Time{}, false},
		{StageLost, nil, "", time.Time{}, false},
	} {
		p := &Project{Stage: tc.stage, StageChangedAt: fri, LastActivityAt: tc.last}
		c, ok := ServiceClockOf(p)
		if ok != tc.ok || c.Step != tc.step || !c.Due.Equal(tc.due) {
			t.Errorf("%s: %v %v, want %v %v %v", tc.stage, c, ok, tc.step, tc.due, tc.ok)
		}
	}
	if !(ServiceClock{Due: fri}).Late(fri.Add(time.Minute)) {
		t.Error("a minute past due is not late")
	}
}
