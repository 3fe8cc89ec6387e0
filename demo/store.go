package demo

import (
	"encoding/json"
	"fmt"

	"attract"
)

// scheduleAll turns the plan into events: each write happens at the moment
// the plan dates it, as the person the plan names.
func (g *generator) scheduleAll() {
	for _, pp := range g.projects {
		g.at(pp.created, func() error { return g.storeProject(pp) })
		for _, m := range pp.moves {
			g.at(m.at, func() error { return g.storeMove(pp, m) })
		}
		for _, a := range pp.activities {
			g.at(a.logged, func() error { return g.storeActivity(pp, a) })
		}
		for _, t := range pp.tasks {
			task := &attract.Task{}
			g.at(t.created, func() error { return g.storeTask(pp, t, task) })
			if !t.closeAt.IsZero() {
				g.at(t.closeAt, func() error { return g.closeTask(pp, t, task) })
			}
		}
		for _, in := range pp.inflows {
			g.at(in.logged, func() error { return g.storeInflow(pp, in) })
		}
		if pp.review != nil {
			g.at(pp.review.at, func() error { return g.storeReview(pp) })
		}
	}
}

// storeCompany creates a company (its parent first) and its contacts, once.
func (g *generator) storeCompany(by *staff, pc *planCompany) error {
	if pc.c != nil {
		return nil
	}
	if pc.parent != nil {
		if err := g.storeCompany(by, pc.parent); err != nil {
			return err
		}
	}
	c := &attract.Company{CompanyFields: pc.fields, Demo: true}
	if pc.parent != nil {
		c.UltimateParentID = &pc.parent.c.ID
	}
	if err := g.db.CreateCompany(by.ctx, c); err != nil {
		return wrap("company "+pc.fields.NameZH, err)
	}
	pc.c = c
	g.sum.Companies++
	for _, cf := range pc.contacts {
		cf.CompanyID = &c.ID
		k := &attract.Contact{ContactFields: cf, Demo: true}
		if err := g.db.CreateContact(by.ctx, k); err != nil {
			return wrap("contact "+cf.NameZH, err)
		}
		pc.contactIDs = append(pc.contactIDs, k.ID)
		g.sum.Contacts++
	}
	return nil
}

// storeProject creates the project as a lead, with its investor.
func (g *generator) storeProject(pp *planProject) error {
	by := pp.owner
	if err := g.storeCompany(by, pp.investor); err != nil {
		return err
	}
	p := &attract.Project{ProjectFields: pp.fields, Demo: true}
	p.Tags = append([]string{}, pp.fields.Tags...)
	p.InvestorID, p.OwnerID, p.TeamID = &pp.investor.c.ID, &by.user.ID, by.user.TeamID
	if err := g.db.CreateProject(by.ctx, p); err != nil {
		return wrap("project "+pp.fields.Code, err)
	}
	pp.p = p
	g.sum.Projects++
	return nil
}

// patchOf encodes fields for a Patch.
func patchOf(set map[string]any) (attract.Patch, error) {
	patch := attract.Patch{}
	for k, v := range set {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		patch[k] = b
	}
	return patch, nil
}

// storeMove moves the project, creating the enterprise first when the move
// registers it.
func (g *generator) storeMove(pp *planProject, m *planMove) error {
	patch, err := patchOf(m.set)
	if err != nil {
		return err
	}
	if m.enterprise {
		if err := g.storeCompany(pp.owner, pp.enterprise); err != nil {
			return err
		}
		patch["enterprise_id"] = json.RawMessage(fmt.Sprint(pp.enterprise.c.ID))
	}
	p, err := g.db.MoveStage(m.by.ctx, pp.p.ID, attract.StageMove{
		To: m.to, Version: pp.p.Version, Note: m.note, LostReason: m.reason, Patch: patch,
	})
	if err != nil {
		return wrap(fmt.Sprintf("move %s to %s", pp.fields.Code, m.to), err)
	}
	pp.p = p
	return nil
}

// storeReview sets the project's next action.
func (g *generator) storeReview(pp *planProject) error {
	patch, err := patchOf(pp.review.set)
	if err != nil {
		return err
	}
	p, err := g.db.UpdateProject(pp.review.by.ctx, pp.p.ID, pp.p.Version, patch)
	if err != nil {
		return wrap("update "+pp.fields.Code, err)
	}
	pp.p = p
	return nil
}

// ids returns the user ids of the staff; the store drops repeats.
func ids(ss []*staff) []int64 {
	var out []int64
	for _, s := range ss {
		out = append(out, s.user.ID)
	}
	return out
}

// storeActivity logs an activity.
func (g *generator) storeActivity(pp *planProject, pa *planActivity) error {
	a := &attract.Activity{Demo: true, ActivityFields: attract.ActivityFields{
		Kind: pa.kind, Subject: pa.subject, Notes: pa.notes, OccurredAt: pa.occurred,
		ProjectID: &pp.p.ID, CompanyID: &pa.company.c.ID, UserIDs: ids(pa.users),
	}}
	for _, i := range pa.contacts {
		a.ContactIDs = append(a.ContactIDs, pa.company.contactIDs[i])
	}
	if err := g.db.CreateActivity(pa.by.ctx, a); err != nil {
		return wrap("activity on "+pp.fields.Code, err)
	}
	g.sum.Activities++
	return nil
}

// storeTask creates a task, open; into is filled for its closing.
func (g *generator) storeTask(pp *planProject, pt *planTask, into *attract.Task) error {
	due := pt.due
	*into = attract.Task{Demo: true, TaskFields: attract.TaskFields{
		Title: pt.title, AssigneeID: &pt.assignee.user.ID, DueDate: &due, Status: attract.TaskOpen, ProjectID: &pp.p.ID,
	}}
	if err := g.db.CreateTask(pt.by.ctx, into); err != nil {
		return wrap("task on "+pp.fields.Code, err)
	}
	g.sum.Tasks++
	return nil
}

// closeTask marks a task done or cancelled, as its assignee.
func (g *generator) closeTask(pp *planProject, pt *planTask, t *attract.Task) error {
	status, _ := json.Marshal(pt.closeAs)
	done, err := g.db.UpdateTask(pt.assignee.ctx, t.ID, t.Version, attract.Patch{"status": status})
	if err != nil {
		return wrap("close task on "+pp.fields.Code, err)
	}
	*t = *done
	return nil
}

// storeInflow records an inflow of foreign capital.
func (g *generator) storeInflow(pp *planProject, pi *planInflow) error {
	in := &attract.CapitalInflow{ProjectID: pp.p.ID, Date: pi.date, Amount: pi.amount, Note: pi.note, Demo: true}
	if err := g.db.CreateInflow(pp.owner.ctx, in); err != nil {
		return wrap("inflow on "+pp.fields.Code, err)
	}
	g.sum.Inflows++
	return nil
}
