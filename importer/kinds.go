package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"attract"
)

// project imports a row of projects: its companies, its fields, its stage
// and its utilized capital.
func (im *run) project(in *rowInput, res *RowResult) error {
	owner := im.userID(in)
	if owner != nil {
		in.setJSON("owner_id", *owner)
	}
	// The companies: the investor column wins over the first sponsor.
	var sponsorIDs []*int64
	for _, sp := range in.spons {
		id, err := im.resolveCompany(in, "sponsors", companyRef{name: sp.Name, country: sp.Country})
		if err != nil {
			return err
		}
		sponsorIDs = append(sponsorIDs, id)
	}
	for _, field := range []string{"investor", "enterprise"} {
		if ref := in.refs[field]; ref != nil {
			id, err := im.resolveCompany(in, field, *ref)
			if err != nil {
				return err
			}
			if id != nil {
				in.setJSON(field+"_id", *id)
			}
		}
	}
	if len(in.probs) > 0 {
		return nil
	}
	im.sponsorFields(in, sponsorIDs)
	if in.place != "" {
		site := in.place
		if pl, ok := ResolvePlace(in.place); ok {
			site = pl.Path
			if pl.Partial {
				in.warns.Add("location", "%q was resolved only to %s", "“%s”仅解析到 %s", quoteCell(in.place), pl.Path)
			}
		} else {
			in.warns.Add("location", "%q is not a place Attract knows; kept as written", "“%s”不是已知地名，已按原文保留", quoteCell(in.place))
		}
		if !in.set["site"] {
			in.setJSON("site", truncate(site, 200))
		}
		in.notes = append(in.notes, "Location 所在地: "+in.place)
	}
	if text, ok := in.notesText(); ok {
		in.setJSON("notes", text)
	}

	p, err := im.findProject(in)
	if err != nil {
		return err
	}
	if p == nil {
		p = &attract.Project{}
		if err := in.patch.Apply(&p.ProjectFields); err != nil {
			return err
		}
		p.ExternalID = in.extID
		if err := im.b.CreateProject(p); err != nil {
			return err
		}
		res.Verdict, res.ID = Created, p.ID
	} else {
		res.Verdict, res.ID = Unchanged, p.ID
		if p.ExternalID == "" {
			in.setJSON("external_id", in.extID)
		}
		changed, err := changes(&p.ProjectFields, in.patch)
		if err != nil {
			return err
		}
		if changed {
			if p, err = im.b.UpdateProject(p.ID, p.Version, in.patch); err != nil {
				return err
			}
			res.Verdict = Updated
		}
	}
	moved, err := im.moveProject(in, p)
	if err != nil {
		return err
	}
	added, err := im.utilized(in, p)
	if err != nil {
		return err
	}
	if (moved || added) && res.Verdict == Unchanged {
		res.Verdict = Updated
	}
	return nil
}

// findProject finds the project a row updates: by its external ID, else
// by its code.
func (im *run) findProject(in *rowInput) (*attract.Project, error) {
	id, _, err := im.b.FindByExternalID("project", in.extID)
	if err == nil {
		return im.b.FindProject(id)
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return nil, err
	}
	if raw, ok := in.patch["code"]; ok {
		var code string
		json.Unmarshal(raw, &code)
		p, err := im.b.FindProjectByCode(code)
		if attract.ErrorCode(err) == attract.ENOTFOUND {
			return nil, nil
		}
		return p, err
	}
	return nil, nil
}

// sponsorFields derives from the sponsors what the file does not give
// otherwise: the investor (the first sponsor), the source economy (its
// home), the investment mode and foreign share (from the stakes of sponsors
// from outside the mainland) and, from the total investment and that share,
// an estimate of the contracted foreign investment, marked unconfirmed.
func (im *run) sponsorFields(in *rowInput, ids []*int64) {
	if len(in.spons) == 0 {
		return
	}
	lines := make([]string, len(in.spons))
	for i, sp := range in.spons {
		lines[i] = sp.String()
	}
	in.notes = append(in.notes, "Sponsors 投资方: "+strings.Join(lines, "; "))
	if !in.set["investor_id"] && ids[0] != nil {
		in.setJSON("investor_id", *ids[0])
	}
	if !in.set["source_economy"] && in.spons[0].Country != "" {
		in.setJSON("source_economy", in.spons[0].Country)
	}
	sh := shares(in.spons)
	if sh.over {
		in.warns.Add("sponsors", "the stakes of the sponsors add up to more than 100%%: the investment mode and foreign share are not derived",
			"投资方股比之和超过 100%%：未推算投资方式和外资占比")
		return
	}
	if !sh.known {
		in.warns.Add("sponsors", "the stakes or home economies of the sponsors are not all given: the investment mode and foreign share are not derived",
			"投资方的股比或来源地不全：未推算投资方式和外资占比")
		return
	}
	if !in.set["investment_mode"] {
		in.setJSON("investment_mode", sh.mode())
	}
	if !in.set["foreign_share_pct"] {
		in.setJSON("foreign_share_pct", int64(sh.foreign+0.5))
	}
	if raw, ok := in.patch["total_investment"]; ok && sh.foreign > 0 && !in.set["contracted_fdi"] {
		var total attract.Money
		if json.Unmarshal(raw, &total) == nil {
			in.setJSON("contracted_fdi", shareOf(total, sh.foreign))
			in.notes = append(in.notes, fmt.Sprintf("Contracted foreign investment estimated as %.4g%% of the total investment. 合同外资按外方股比 %.4g%% 估算。", sh.foreign, sh.foreign))
		}
	}
}

// moveProject moves a project to the row's stage. With the mapping's stage
// fallback, a project whose gates the row cannot satisfy goes as far as they
// allow (never back), with a warning naming what is missing.
func (im *run) moveProject(in *rowInput, p *attract.Project) (bool, error) {
	target, reason := in.stage, in.lost
	if target == "" || (target == p.Stage && (target != attract.StageLost || reason == "" || reason == p.LostReason)) {
		return false, nil
	}
	note := im.rowNote(in)
	if !im.plan.fallback {
		moved, err := im.b.MoveStage(p.ID, attract.StageMove{To: target, Version: p.Version, Note: note, LostReason: reason})
		if err != nil {
			return false, err
		}
		*p = *moved
		return true, nil
	}
	var enterprise *attract.Company
	if p.EnterpriseID != nil {
		var err error
		if enterprise, err = im.b.FindCompany(*p.EnterpriseID); err != nil {
			return false, err
		}
	}
	upto := len(attract.LineStages) - 1
	if i := target.Index(); i >= 0 {
		upto = i
	}
	best := attract.Stage("")
	for i := upto; i > p.LineStage.Index(); i-- {
		s := attract.LineStages[i]
		if attract.CheckGate(p, enterprise, attract.StageMove{To: s, Note: note}) == nil {
			best = s
			break
		}
	}
	if target.Index() >= 0 && best != target && target.Index() > p.LineStage.Index() {
		var missing []string
		for _, f := range attract.ErrorFields(attract.CheckGate(p, enterprise, attract.StageMove{To: target, Note: note})) {
			missing = append(missing, f.Field)
		}
		at := p.Stage
		if best != "" {
			at = best
		}
		in.warns.Add("stage", "the file gives no %s, which %s needs: imported at %s", "文件缺少%[4]s所需的 %[1]s：按%[5]s导入",
			strings.Join(missing, ", "), target.Label("en"), at.Label("en"), target.Label("zh"), at.Label("zh"))
	}
	moved := false
	if best != "" && best != p.Stage && (p.Stage.Index() >= 0 || target.Index() < 0) {
		next, err := im.b.MoveStage(p.ID, attract.StageMove{To: best, Version: p.Version, Note: note})
		if err != nil {
			return false, err
		}
		*p, moved = *next, true
	}
	if target.Index() < 0 && target != p.Stage {
		if target == attract.StageLost && reason == "" {
			reason = attract.LostOther
		}
		next, err := im.b.MoveStage(p.ID, attract.StageMove{To: target, Version: p.Version, Note: note, LostReason: reason})
		if err != nil {
			return false, err
		}
		*p, moved = *next, true
	}
	return moved, nil
}

// utilized records a total of utilized foreign capital as one ledger entry
// of the project, once: a later import with another total warns rather than
// adding to the ledger, which only a person should correct.
func (im *run) utilized(in *rowInput, p *attract.Project) (bool, error) {
	if in.util == nil {
		return false, nil
	}
	ext := in.extID + "#utilized"
	id, _, err := im.b.FindByExternalID("inflow", ext)
	switch {
	case err == nil:
		have, err := im.b.FindInflow(id)
		if err != nil {
			return false, err
		}
		if have.Amount != *in.util {
			in.warns.Add("utilized", "the ledger already has the imported total %s; correct it on the project's page", "台账中已有导入的累计到资 %s；请在项目页面更正",
				have.Amount.String())
		}
		return false, nil
	case attract.ErrorCode(err) != attract.ENOTFOUND:
		return false, err
	}
	on := attract.DateOf(im.now)
	if in.utilOn != nil {
		on = *in.utilOn
	}
	inflow := &attract.CapitalInflow{ProjectID: p.ID, Date: on, Amount: *in.util, ExternalID: ext,
		Note: truncate("Total to date, imported. 累计到资（导入）。"+im.sourceNote(), 2000)}
	if err := im.b.CreateInflow(inflow); err != nil {
		var pr attract.Problems
		pr.Merge("utilized", err)
		return false, &rejection{pr}
	}
	return true, nil
}

func (im *run) sourceNote() string {
	if im.opt.Source == "" {
		return ""
	}
	return " " + im.opt.Source
}

// company imports a row of companies: by external ID, else recognised by
// USCC or name (and then only the fields it lacks are filled), else new.
func (im *run) company(in *rowInput, res *RowResult) error {
	if owner := im.userID(in); owner != nil {
		in.setJSON("owner_id", *owner)
	}
	if ref := in.refs["ultimate_parent"]; ref != nil {
		id, err := im.resolveCompany(in, "ultimate_parent", *ref)
		if err != nil || id == nil {
			return err
		}
		in.setJSON("ultimate_parent_id", *id)
	}
	if text, ok := in.notesText(); ok {
		in.setJSON("notes", text)
	}
	id, _, err := im.b.FindByExternalID("company", in.extID)
	if err == nil {
		c, err := im.b.FindCompany(id)
		if err != nil {
			return err
		}
		return im.updateCompany(c, in.patch, res, Unchanged)
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return err
	}
	var f attract.CompanyFields
	if err := in.patch.Apply(&f); err != nil {
		return err
	}
	var ids []int64
	if f.USCC != "" {
		if id, ok := im.index.byUSCC[f.USCC]; ok {
			ids = []int64{id}
		}
	}
	for _, name := range []string{f.NameZH, f.NameEN} {
		if len(ids) == 0 && name != "" {
			ids = im.index.match(name, f.USCC)
		}
	}
	switch len(ids) {
	case 0:
	case 1:
		c, err := im.b.FindCompany(ids[0])
		if err != nil {
			return err
		}
		// A recognised company keeps what it has: the row fills the gaps.
		cur, _ := json.Marshal(c.CompanyFields)
		var have map[string]json.RawMessage
		json.Unmarshal(cur, &have)
		fill := attract.Patch{}
		for k, v := range in.patch {
			if h := string(have[k]); h == `""` || h == "null" || h == "false" || h == "" {
				fill[k] = v
			}
		}
		if c.ExternalID == "" {
			fill["external_id"], _ = json.Marshal(in.extID)
		}
		return im.updateCompany(c, fill, res, Matched)
	default:
		in.probs.Add("name_zh", "this company matches %d existing ones (%s); give its USCC or external ID to choose one",
			"该企业与 %d 家已有企业匹配（%s）；请填写统一社会信用代码或外部编号以区分", len(ids), im.index.describe(ids))
		return nil
	}
	c := &attract.Company{CompanyFields: f}
	c.ExternalID = in.extID
	if err := im.b.CreateCompany(c); err != nil {
		return err
	}
	im.index.addCompany(c)
	res.Verdict, res.ID = Created, c.ID
	return nil
}

func (im *run) updateCompany(c *attract.Company, patch attract.Patch, res *RowResult, verdict Verdict) error {
	res.Verdict, res.ID = verdict, c.ID
	changed, err := changes(&c.CompanyFields, patch)
	if err != nil || !changed {
		return err
	}
	if _, err := im.b.UpdateCompany(c.ID, c.Version, patch); err != nil {
		return err
	}
	if verdict == Unchanged {
		res.Verdict = Updated
	}
	return nil
}

// contact imports a row of contacts, with the company it names found or
// created.
func (im *run) contact(in *rowInput, res *RowResult) error {
	if owner := im.userID(in); owner != nil {
		in.setJSON("owner_id", *owner)
	}
	if ref := in.refs["company"]; ref != nil {
		id, err := im.resolveCompany(in, "company", *ref)
		if err != nil || id == nil {
			return err
		}
		in.setJSON("company_id", *id)
	}
	if text, ok := in.notesText(); ok {
		in.setJSON("notes", text)
	}
	id, _, err := im.b.FindByExternalID("contact", in.extID)
	if err == nil {
		c, err := im.b.FindContact(id)
		if err != nil {
			return err
		}
		res.Verdict, res.ID = Unchanged, id
		changed, err := changes(&c.ContactFields, in.patch)
		if err != nil || !changed {
			return err
		}
		res.Verdict = Updated
		_, err = im.b.UpdateContact(id, c.Version, in.patch)
		return err
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return err
	}
	c := &attract.Contact{}
	if err := in.patch.Apply(&c.ContactFields); err != nil {
		return err
	}
	c.ExternalID = in.extID
	if err := im.b.CreateContact(c); err != nil {
		return err
	}
	res.Verdict, res.ID = Created, c.ID
	return nil
}

// projectRef finds the project a row names by code or external ID.
func (im *run) projectRef(in *rowInput) (*attract.Project, error) {
	if in.proj == "" {
		return nil, nil
	}
	p, err := im.b.FindProjectByCode(in.proj)
	if attract.ErrorCode(err) != attract.ENOTFOUND {
		return p, err
	}
	id, _, err := im.b.FindByExternalID("project", in.proj)
	if attract.ErrorCode(err) == attract.ENOTFOUND {
		in.probs.Add("project", "no project has the code or external ID %q", "没有编号或外部编号为“%s”的项目", in.proj)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return im.b.FindProject(id)
}

// activity imports a row of activities.
func (im *run) activity(in *rowInput, res *RowResult) error {
	p, err := im.projectRef(in)
	if err != nil || len(in.probs) > 0 {
		return err
	}
	if p != nil {
		in.setJSON("project_id", p.ID)
	}
	var company *int64
	if ref := in.refs["company"]; ref != nil {
		id, err := im.resolveCompany(in, "company", *ref)
		if err != nil || id == nil {
			return err
		}
		company = id
	} else if p != nil && p.InvestorID != nil {
		company = p.InvestorID
	}
	if company != nil {
		in.setJSON("company_id", *company)
	}
	if err := im.participants(in, company); err != nil || len(in.probs) > 0 {
		return err
	}
	if text, ok := in.notesText(); ok {
		in.setJSON("notes", text)
	}
	id, _, err := im.b.FindByExternalID("activity", in.extID)
	if err == nil {
		a, err := im.b.FindActivity(id)
		if err != nil {
			return err
		}
		res.Verdict, res.ID = Unchanged, id
		changed, err := changes(&a.ActivityFields, in.patch)
		if err != nil || !changed {
			return err
		}
		res.Verdict = Updated
		_, err = im.b.UpdateActivity(id, a.Version, in.patch)
		return err
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return err
	}
	a := &attract.Activity{}
	if err := in.patch.Apply(&a.ActivityFields); err != nil {
		return err
	}
	a.ExternalID = in.extID
	if err := im.b.CreateActivity(a); err != nil {
		return err
	}
	res.Verdict, res.ID = Created, a.ID
	return nil
}

// participants sets an activity's staff and contacts from the names its row
// gives: each a user by username or name, as an owner is found, and each a
// contact of the activity's company (of any company when it has none) by
// its Chinese or English name or e-mail. A name that finds no one, or more
// than one, is a problem of the row.
func (im *run) participants(in *rowInput, company *int64) error {
	if in.staff != nil {
		ids := []int64{}
		for _, name := range in.staff {
			if id := im.findUser(in, "user_ids", name); id != nil {
				ids = append(ids, *id)
			}
		}
		slices.Sort(ids)
		in.setJSON("user_ids", slices.Compact(ids))
	}
	if in.people == nil {
		return nil
	}
	ids := []int64{}
	for _, name := range in.people {
		cs, err := im.contactsFor(company, name)
		if err != nil {
			return err
		}
		var hits []int64
		for _, c := range cs {
			if c.NameZH == name || strings.EqualFold(c.NameEN, name) || (c.Email != "" && strings.EqualFold(c.Email, name)) {
				hits = append(hits, c.ID)
			}
		}
		switch {
		case len(hits) == 1:
			ids = append(ids, hits[0])
		case len(hits) > 1:
			in.probs.Add("contact_ids", "%d contacts are called %q; write the e-mail", "有 %d 位联系人名为“%s”；请填写电子邮件", len(hits), name)
		case company != nil:
			in.probs.Add("contact_ids", "the company has no contact called %q", "该企业没有名为“%s”的联系人", name)
		default:
			in.probs.Add("contact_ids", "no contact is called %q", "没有名为“%s”的联系人", name)
		}
	}
	slices.Sort(ids)
	in.setJSON("contact_ids", slices.Compact(ids))
	return nil
}

// contactsFor returns the contacts name may be one of: company's, read
// once a run, or without a company those whose text holds the name.
func (im *run) contactsFor(company *int64, name string) ([]*attract.Contact, error) {
	if company != nil {
		if cs, ok := im.contacts[*company]; ok {
			return cs, nil
		}
	}
	f := attract.ContactFilter{CompanyID: company, Limit: 500}
	if company == nil {
		f.Q = name
	}
	var all []*attract.Contact
	for {
		cs, next, err := im.b.FindContacts(f)
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if company != nil {
		im.contacts[*company] = all
	}
	return all, nil
}

// inflow imports a row of the utilized-foreign-capital ledger. An entry is
// never changed by an import: a different amount under the same external
// ID is refused, for a person to correct in the ledger.
func (im *run) inflow(in *rowInput, res *RowResult) error {
	p, err := im.projectRef(in)
	if err != nil || len(in.probs) > 0 {
		return err
	}
	in2 := &attract.CapitalInflow{}
	var fields struct {
		Date   *attract.Date  `json:"date"`
		Amount *attract.Money `json:"amount"`
	}
	raw, _ := json.Marshal(in.patch)
	json.Unmarshal(raw, &fields)
	if p == nil {
		in.probs.Required("project")
	} else {
		in2.ProjectID = p.ID
	}
	if fields.Date != nil {
		in2.Date = *fields.Date
	}
	if fields.Amount != nil {
		in2.Amount = *fields.Amount
	}
	if text, ok := in.notesText(); ok {
		in2.Note = text
	}
	in2.ExternalID = in.extID
	if len(in.probs) > 0 {
		return nil
	}
	id, _, err := im.b.FindByExternalID("inflow", in.extID)
	if err == nil {
		have, err := im.b.FindInflow(id)
		if err != nil {
			return err
		}
		res.Verdict, res.ID = Unchanged, id
		if have.ProjectID != in2.ProjectID || have.Date != in2.Date || have.Amount != in2.Amount {
			in.probs.Add("amount", "the ledger entry with this external ID says %s on %s; a ledger entry is corrected on the project's page, not by an import",
				"此外部编号的台账记录为 %s（%s）；台账记录须在项目页面更正，不能通过导入修改", have.Amount.String(), have.Date.String())
		}
		return nil
	} else if attract.ErrorCode(err) != attract.ENOTFOUND {
		return err
	}
	if err := im.b.CreateInflow(in2); err != nil {
		return err
	}
	res.Verdict, res.ID = Created, in2.ID
	return nil
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
