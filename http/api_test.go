package http_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"attract"
)

const (
	officer   = attract.RoleOfficer
	admin     = attract.RoleAdmin
	director  = attract.RoleDirector
	viewer    = attract.RoleViewer
	integrity = attract.RoleIntegrity
)

func id(v map[string]any) string { return fmt.Sprint(int64(v["id"].(float64))) }

func version(v map[string]any) int64 { return int64(v["version"].(float64)) }

// TestEveryEndpoint walks the whole API as its users would, checking every
// response against the OpenAPI document, and then that every documented
// route was exercised.
func TestEveryEndpoint(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		e.must(200, "", "GET", "/healthz", nil)
		e.must(200, "", "GET", "/api/v1/openapi.json", nil)
		me := e.must(200, officer, "GET", "/api/v1/me", nil)
		if me["username"] != "officer1" {
			t.Errorf("me: %v", me)
		}

		// Companies and contacts.
		co := e.must(201, officer, "POST", "/api/v1/companies", map[string]any{
			"name_zh": "佩奇汽车饰件（肇庆）有限公司", "name_en": "Paige Automotive Trim (Zhaoqing) Co., Ltd.",
			"country": "Germany", "registered_capital": "EUR 3.4 million", "foreign_invested": true, "investment_mode": "wfoe",
		})
		if co["country"] != "DE" {
			t.Errorf("country %v, want DE", co["country"])
		}
		coID := id(co)
		co = e.must(200, officer, "PATCH", "/api/v1/companies/"+coID, map[string]any{"version": version(co), "website": "https://paige.example"})
		e.must(200, viewer, "GET", "/api/v1/companies/"+coID+"?embed=contacts,projects", nil)
		if items := e.must(200, viewer, "GET", "/api/v1/companies?q=paige&country=DE", nil)["items"].([]any); len(items) != 1 {
			t.Errorf("company search found %d", len(items))
		}
		e.must(200, viewer, "GET", "/api/v1/companies/"+coID+"/audit", nil)
		k := e.must(201, officer, "POST", "/api/v1/contacts", map[string]any{
			"company_id": co["id"], "name_en": "Hans Müller", "title": "Managing Director", "email": "hans@paige.example", "language": "de",
		})
		k = e.must(200, officer, "PATCH", "/api/v1/contacts/"+id(k), map[string]any{"version": version(k), "wechat": "hans_m"})
		e.must(200, viewer, "GET", "/api/v1/contacts/"+id(k)+"?embed=company", nil)
		e.must(200, viewer, "GET", "/api/v1/contacts?company_id="+coID, nil)
		k = e.must(200, officer, "POST", "/api/v1/contacts/"+id(k)+"/archive", map[string]any{"version": version(k)})
		k = e.must(200, officer, "POST", "/api/v1/contacts/"+id(k)+"/restore", map[string]any{"version": version(k)})

		// A project through its stages.
		p := e.must(201, officer, "POST", "/api/v1/projects", map[string]any{
			"name_zh": "德国佩奇汽车内外饰件项目", "name_en": "German Paige automotive interior and exterior trim project",
			"investor_id": co["id"], "investment_mode": "wfoe", "source_economy": "DE", "sector": "2930", "key_project": true,
		})
		pID := id(p)
		r := e.do(officer, "POST", "/api/v1/projects/"+pID+"/stage", map[string]any{"to": "signed", "version": version(p)})
		if r.status != 400 || !slices.Equal(r.fields(t), []string{"contract_actual", "total_investment", "contracted_fdi"}) {
			t.Errorf("gate refusal: %d %s", r.status, r.body)
		}
		p = e.must(200, officer, "POST", "/api/v1/projects/"+pID+"/stage", map[string]any{"to": "signed", "version": version(p),
			"set": map[string]any{"contract_actual": "2023-10-19", "total_investment": "3,500万元", "contracted_fdi": "EUR 3.4 million"}})
		if p["stage"] != "signed" {
			t.Errorf("stage %v", p["stage"])
		}
		p = e.must(200, officer, "PATCH", "/api/v1/projects/"+pID, map[string]any{"version": version(p), "next_action": "Visit the site 走访园区"})
		e.must(200, viewer, "GET", "/api/v1/projects/"+pID+"?embed=investor,enterprise,stage_history,inflows,activities,tasks,contacts", nil)
		for _, q := range []string{"q=佩奇", "q=Paige", "stage=signed,lead&key_project=true", "sector=C&source_economy=DE&sort=-name", "source=none",
			"owner_id=" + fmt.Sprint(e.users[officer].ID) + "&team_id=" + fmt.Sprint(e.teamID) + "&type=greenfield&created_from=2000-01-01&contract_to=2099-12-31"} {
			if items := e.must(200, viewer, "GET", "/api/v1/projects?"+q, nil)["items"].([]any); len(items) != 1 {
				t.Errorf("projects?%s found %d", q, len(items))
			}
		}
		if items := e.must(200, viewer, "GET", "/api/v1/projects?sector=none", nil)["items"].([]any); len(items) != 0 {
			t.Errorf("projects?sector=none found %d, want none: the project has a sector", len(items))
		}
		dash := e.must(200, viewer, "GET", "/api/v1/dashboard?year=2023&team_id="+fmt.Sprint(e.teamID), nil)
		bySector := dash["signed_by_sector"].([]any)
		if len(bySector) != 1 || bySector[0].(map[string]any)["key"] != "29" || bySector[0].(map[string]any)["count"] != 1.0 ||
			fmt.Sprint(bySector[0].(map[string]any)["totals"]) != "[map[amount:35000000.00 currency:CNY]]" {
			t.Errorf("dashboard of 2023: signed by sector %v, want the project under ISIC division 29 with its 3,500万元", bySector)
		}
		e.must(200, officer, "GET", "/api/v1/dashboard", nil)
		in := e.must(201, officer, "POST", "/api/v1/projects/"+pID+"/inflows", map[string]any{"date": "2024-01-15", "amount": "EUR 1m", "note": "first tranche"})
		e.must(200, viewer, "GET", "/api/v1/projects/"+pID+"/inflows", nil)
		e.must(204, officer, "DELETE", fmt.Sprintf("/api/v1/inflows/%s?version=%d", id(in), version(in)), nil)
		e.must(200, viewer, "GET", "/api/v1/projects/"+pID+"/audit", nil)

		// Activities and tasks.
		a := e.must(201, officer, "POST", "/api/v1/activities", map[string]any{"kind": "meeting", "subject": "Incentive discussion",
			"occurred_at": "2023-10-19T10:00:00+08:00", "project_id": p["id"], "contact_ids": []any{k["id"]}})
		a = e.must(200, officer, "PATCH", "/api/v1/activities/"+id(a), map[string]any{"version": version(a), "notes": "agreed on land price"})
		e.must(200, viewer, "GET", "/api/v1/activities/"+id(a), nil)
		e.must(200, viewer, "GET", "/api/v1/activities?project_id="+pID+"&kind=meeting&from=2023-01-01&to=2023-12-31", nil)
		task := e.must(201, officer, "POST", "/api/v1/tasks", map[string]any{"title": "Send the land survey", "project_id": p["id"], "due_date": "2023-11-01"})
		task = e.must(200, officer, "PATCH", "/api/v1/tasks/"+id(task), map[string]any{"version": version(task), "status": "done"})
		e.must(200, viewer, "GET", "/api/v1/tasks/"+id(task), nil)
		e.must(200, viewer, "GET", "/api/v1/tasks?status=done&project_id="+pID, nil)
		e.must(200, viewer, "GET", "/api/v1/tasks?project_id="+pID+"&sort=-due_date", nil)
		e.must(204, officer, "DELETE", "/api/v1/tasks/"+id(task), nil)
		e.must(204, officer, "DELETE", "/api/v1/activities/"+id(a), nil)

		// Users, teams, tokens.
		e.must(200, viewer, "GET", "/api/v1/users?role=officer", nil)
		team := e.must(201, admin, "POST", "/api/v1/teams", map[string]any{"name": "欧美招商组"})
		e.must(200, viewer, "GET", "/api/v1/teams", nil)
		u := e.must(201, admin, "POST", "/api/v1/users", map[string]any{"username": "li.na", "name": "李娜", "role": "officer",
			"team_id": team["id"], "language": "zh", "password": "a long enough password"})
		e.must(200, viewer, "GET", "/api/v1/users/"+id(u), nil)
		e.must(200, admin, "PATCH", "/api/v1/users/"+id(u), map[string]any{"version": version(u), "role": "director"})
		e.must(204, admin, "POST", "/api/v1/users/"+id(u)+"/password", map[string]any{"password": "another long password"})
		tok := e.must(201, officer, "POST", "/api/v1/tokens", map[string]any{"name": "script"})
		if !strings.HasPrefix(tok["secret"].(string), "atk_") {
			t.Errorf("token secret %v", tok["secret"])
		}
		if items := e.must(200, officer, "GET", "/api/v1/tokens", nil)["items"].([]any); len(items) != 2 {
			t.Errorf("officer sees %d tokens, want their own 2", len(items))
		}
		e.must(204, officer, "DELETE", "/api/v1/tokens/"+id(tok), nil)

		// Exchange rates.
		rate := e.must(201, director, "POST", "/api/v1/rates", map[string]any{"date": "2024-01-02", "base": "EUR", "quote": "CNY", "rate": "7.8592"})
		e.must(200, viewer, "GET", "/api/v1/rates?base=EUR", nil)
		conv := e.must(200, viewer, "GET", "/api/v1/rates/convert?amount=EUR+3.4m&to=CNY&date=2024-06-30", nil)
		if to := conv["to"].(map[string]any); to["amount"] != "26721280.00" {
			t.Errorf("conversion %v", conv)
		}
		e.must(204, director, "DELETE", "/api/v1/rates/"+id(rate), nil)

		// Reference data and the audit log.
		for _, ref := range []string{"countries", "currencies", "sectors?level=division", "divisions?parent=4412", "divisions?q=肇庆", "stages"} {
			if items := e.must(200, viewer, "GET", "/api/v1/reference/"+ref, nil)["items"].([]any); len(items) == 0 {
				t.Errorf("reference/%s is empty", ref)
			}
		}
		audit := e.must(200, integrity, "GET", "/api/v1/audit?entity=project&entity_id="+pID, nil)["items"].([]any)
		var actions []string
		for _, a := range audit {
			actions = append(actions, a.(map[string]any)["action"].(string))
		}
		if !slices.Equal(actions, []string{"update", "stage", "create"}) {
			t.Errorf("project audit actions %v", actions)
		}

		// Archive, restore and delete.
		p = e.must(200, officer, "POST", "/api/v1/projects/"+pID+"/archive", map[string]any{"version": version(p)})
		e.must(200, officer, "POST", "/api/v1/projects/"+pID+"/restore", map[string]any{"version": version(p)})
		co = e.must(200, director, "POST", "/api/v1/companies/"+coID+"/archive", map[string]any{"version": version(co)})
		e.must(200, director, "POST", "/api/v1/companies/"+coID+"/restore", map[string]any{"version": version(co)})
		// Merging a duplicate: its contacts move to the kept company.
		dup := e.must(201, officer, "POST", "/api/v1/companies", map[string]any{"name_en": "Paige Automotive Trim"})
		dk := e.must(201, officer, "POST", "/api/v1/contacts", map[string]any{"company_id": dup["id"], "name_en": "Anna Paige"})
		kept := e.must(200, director, "POST", "/api/v1/companies/"+id(dup)+"/merge", map[string]any{"into": co["id"]})
		if id(kept) != coID {
			t.Errorf("merge returned company %v, want %s", kept["id"], coID)
		}
		if got := e.must(200, viewer, "GET", "/api/v1/contacts/"+id(dk), nil)["company_id"]; fmt.Sprint(got) != coID {
			t.Errorf("merged contact's company %v, want %s", got, coID)
		}
		if e.must(200, viewer, "GET", "/api/v1/companies/"+id(dup), nil)["archived_at"] == nil {
			t.Error("merged company is not archived")
		}
		e.must(204, admin, "DELETE", "/api/v1/contacts/"+id(dk), nil)
		e.must(204, admin, "DELETE", "/api/v1/projects/"+pID, nil)
		e.must(204, admin, "DELETE", "/api/v1/contacts/"+id(k), nil)
		e.must(204, admin, "DELETE", "/api/v1/companies/"+coID, nil)

		// Browser sessions.
		r = e.do("", "POST", "/api/v1/session", map[string]any{"username": "officer1", "password": "correct horse battery"})
		if r.status != 200 {
			t.Fatalf("sign in: %d %s", r.status, r.body)
		}
		cookie := r.header.Get("Set-Cookie")
		for _, attr := range []string{"attract_session=", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(cookie, attr) {
				t.Errorf("session cookie %q lacks %s", cookie, attr)
			}
		}
		e.must(204, "", "DELETE", "/api/v1/session", nil)

		var missing []string
		for _, rt := range e.schemas.routes {
			if !e.schemas.checked[rt.method+" "+rt.pattern] {
				missing = append(missing, rt.method+" "+rt.pattern)
			}
		}
		if len(missing) > 0 {
			t.Errorf("routes never exercised: %v", missing)
		}
	})
}

// TestBadInput checks that every kind of bad input is a 4xx problem naming
// the field, never a 500.
func TestBadInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		p := e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "西银智慧产业园"})
		pID := id(p)
		co := e.must(201, officer, "POST", "/api/v1/companies", map[string]any{"name_en": "Xiyin"})
		for _, tc := range []struct {
			role         attract.Role
			method, path string
			body         any
			status       int
			fields       []string
		}{
			{officer, "POST", "/api/v1/projects", `{"name_zh": `, 400, []string{"body"}},
			{officer, "POST", "/api/v1/projects", `[1,2]`, 400, []string{"body"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": 42}, 400, []string{"name_zh"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_en": "x", "colour": "red"}, 400, []string{"colour"}},
			{officer, "POST", "/api/v1/projects", map[string]any{}, 400, []string{"name_zh"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "total_investment": "lots"}, 400, []string{"total_investment"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "total_investment": "1.234 CNY"}, 400, []string{"total_investment"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "contract_actual": "19/10/2023"}, 400, []string{"contract_actual"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "contract_actual": "0000-03-01"}, 400, []string{"contract_actual"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "total_investment": "9999999999999999 CNY"}, 400, []string{"total_investment"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "source_economy": "Atlantis"}, 400, []string{"source_economy"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "sector": "9999"}, 400, []string{"sector"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "type": "spaceport"}, 400, []string{"type"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "probability": 101}, 400, []string{"probability"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "expected_jobs": 1.5}, 400, []string{"expected_jobs"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "investor_id": 99999}, 400, []string{"investor_id"}},
			{officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "x", "stage": "operating"}, 400, []string{"contract_actual", "total_investment", "contracted_fdi", "enterprise_id", "construction_actual", "site", "operation_actual"}},
			{officer, "PATCH", "/api/v1/projects/" + pID, map[string]any{"name_zh": "y"}, 400, []string{"version"}},
			{officer, "PATCH", "/api/v1/projects/" + pID, map[string]any{"version": "one"}, 400, []string{"version"}},
			{officer, "PATCH", "/api/v1/projects/" + pID, map[string]any{"version": 1, "stage": "signed"}, 400, []string{"stage"}},
			{officer, "PATCH", "/api/v1/projects/abc", map[string]any{"version": 1}, 400, []string{"id"}},
			{officer, "PATCH", "/api/v1/projects/999999", map[string]any{"version": 1}, 404, nil},
			{officer, "POST", "/api/v1/projects/" + pID + "/stage", map[string]any{"to": "launched", "version": 1}, 400, []string{"to"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/stage", map[string]any{"to": "lost", "version": 1}, 400, []string{"lost_reason"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/stage", map[string]any{"to": "signed"}, 400, []string{"version"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/stage", map[string]any{"to": "signed", "version": 1, "set": map[string]any{"total_investment": "many"}}, 400, []string{"set.total_investment"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/archive", map[string]any{}, 400, []string{"version"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/inflows", map[string]any{"date": "2024-01-01"}, 400, []string{"amount"}},
			{officer, "POST", "/api/v1/projects/" + pID + "/inflows", map[string]any{"amount": "USD 1m"}, 400, []string{"date"}},
			{officer, "DELETE", "/api/v1/inflows/1", nil, 400, []string{"version"}},
			{viewer, "GET", "/api/v1/projects?stage=launched", nil, 400, []string{"stage"}},
			{viewer, "GET", "/api/v1/projects?owner_id=me", nil, 400, []string{"owner_id"}},
			{viewer, "GET", "/api/v1/projects?company_id=alpha", nil, 400, []string{"company_id"}},
			{viewer, "GET", "/api/v1/projects?key_project=maybe", nil, 400, []string{"key_project"}},
			{viewer, "GET", "/api/v1/projects?sector=C&sector_exact=maybe", nil, 400, []string{"sector_exact"}},
			{viewer, "GET", "/api/v1/projects?created_from=yesterday", nil, 400, []string{"created_from"}},
			{viewer, "GET", "/api/v1/projects?sort=colour", nil, 400, []string{"sort"}},
			{viewer, "GET", "/api/v1/projects?limit=100000", nil, 400, []string{"limit"}},
			{viewer, "GET", "/api/v1/projects?cursor=xyz", nil, 400, []string{"cursor"}},
			{viewer, "GET", "/api/v1/projects?type=spaceport", nil, 400, []string{"type"}},
			{viewer, "GET", "/api/v1/projects?source=radio", nil, 400, []string{"source"}},
			{viewer, "GET", "/api/v1/projects/" + pID + "?embed=everything", nil, 400, []string{"embed"}},
			{viewer, "GET", "/api/v1/dashboard?year=1800", nil, 400, []string{"year"}},
			{viewer, "GET", "/api/v1/dashboard?year=twenty", nil, 400, []string{"year"}},
			{viewer, "GET", "/api/v1/dashboard?year=2025&team_id=-3", nil, 400, []string{"team_id"}},
			{"", "GET", "/api/v1/dashboard", nil, 401, nil},
			{officer, "POST", "/api/v1/companies", map[string]any{"name_en": "x", "uscc": "91350100M000100Y44"}, 400, []string{"uscc"}},
			{officer, "POST", "/api/v1/companies", map[string]any{"name_en": "x", "website": "paige"}, 400, []string{"website"}},
			{officer, "POST", "/api/v1/companies", map[string]any{"name_en": "x", "registration_date": "2023-02-30"}, 400, []string{"registration_date"}},
			{officer, "POST", "/api/v1/companies", map[string]any{"name_en": "x", "ultimate_parent_id": -1}, 400, []string{"ultimate_parent_id"}},
			{officer, "PATCH", "/api/v1/companies/" + id(co), map[string]any{"version": version(co), "investment_mode": "barter"}, 400, []string{"investment_mode"}},
			{viewer, "GET", "/api/v1/companies?foreign_invested=perhaps", nil, 400, []string{"foreign_invested"}},
			{director, "POST", "/api/v1/companies/" + id(co) + "/merge", map[string]any{}, 400, []string{"into"}},
			{director, "POST", "/api/v1/companies/" + id(co) + "/merge", map[string]any{"into": "one"}, 400, []string{"into"}},
			{director, "POST", "/api/v1/companies/" + id(co) + "/merge", map[string]any{"into": co["id"]}, 400, []string{"into"}},
			{director, "POST", "/api/v1/companies/" + id(co) + "/merge", map[string]any{"into": 99999}, 404, nil},
			{officer, "POST", "/api/v1/companies/" + id(co) + "/merge", map[string]any{"into": 99999}, 403, nil},
			{officer, "POST", "/api/v1/contacts", map[string]any{"name_en": "x", "email": "not-an-email"}, 400, []string{"email"}},
			{officer, "POST", "/api/v1/contacts", map[string]any{"name_en": "x", "phone": "call me"}, 400, []string{"phone"}},
			{officer, "POST", "/api/v1/contacts", map[string]any{"name_en": "x", "company_id": 99999}, 400, []string{"company_id"}},
			{officer, "POST", "/api/v1/activities", map[string]any{"kind": "lunch", "subject": "x", "occurred_at": "2023-10-19T10:00:00Z", "project_id": p["id"]}, 400, []string{"kind"}},
			{officer, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject": "x", "occurred_at": "yesterday", "project_id": p["id"]}, 400, []string{"occurred_at"}},
			{officer, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject": "x", "occurred_at": "0001-01-01T10:00:00Z", "project_id": p["id"]}, 400, []string{"occurred_at"}},
			{officer, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject": "x", "occurred_at": "2023-10-19T10:00:00Z"}, 400, []string{"project_id"}},
			{officer, "POST", "/api/v1/activities", map[string]any{"kind": "call", "subject": "x", "occurred_at": "2023-10-19T10:00:00Z", "project_id": p["id"], "contact_ids": []any{424242}}, 400, []string{"contact_ids"}},
			{viewer, "GET", "/api/v1/activities?kind=lunch", nil, 400, []string{"kind"}},
			{officer, "POST", "/api/v1/tasks", map[string]any{"title": ""}, 400, []string{"title"}},
			{officer, "POST", "/api/v1/tasks", map[string]any{"title": "x", "status": "someday"}, 400, []string{"status"}},
			{officer, "POST", "/api/v1/tasks", map[string]any{"title": "x", "assignee_id": 99999}, 400, []string{"assignee_id"}},
			{viewer, "GET", "/api/v1/tasks?due_from=soon", nil, 400, []string{"due_from"}},
			{viewer, "GET", "/api/v1/tasks?sort=urgency", nil, 400, []string{"sort"}},
			{admin, "POST", "/api/v1/users", map[string]any{"username": "A B", "name": "", "role": "king", "language": "fr", "password": "short"}, 400, []string{"username", "name", "role", "language", "password"}},
			{admin, "POST", "/api/v1/users", map[string]any{"username": "officer1", "name": "x", "role": "viewer", "language": "en", "password": "long enough password"}, 400, []string{"username"}},
			{admin, "POST", "/api/v1/teams", map[string]any{"name": " "}, 400, []string{"name"}},
			{viewer, "GET", "/api/v1/users?role=king", nil, 400, []string{"role"}},
			{officer, "POST", "/api/v1/tokens", map[string]any{"name": ""}, 400, []string{"name"}},
			{director, "POST", "/api/v1/rates", map[string]any{"date": "2024-01-02", "base": "USD", "quote": "USD", "rate": "-1"}, 400, []string{"quote", "rate"}},
			{director, "POST", "/api/v1/rates", map[string]any{"date": "2024-01-02", "base": "XXY", "quote": "CNY", "rate": "7"}, 400, []string{"base"}},
			{viewer, "GET", "/api/v1/rates/convert?amount=lots&to=Yen", nil, 400, []string{"amount", "to"}},
			{viewer, "GET", "/api/v1/rates/convert?amount=USD+1&to=CNY&date=2024-01-01", nil, 404, nil},
			{viewer, "GET", "/api/v1/reference/sectors?level=galaxy", nil, 400, []string{"level"}},
			{integrity, "GET", "/api/v1/audit?entity_id=x", nil, 400, []string{"entity_id"}},
			{"", "POST", "/api/v1/session", map[string]any{"username": "officer1"}, 401, nil},
		} {
			r := e.do(tc.role, tc.method, tc.path, tc.body)
			if r.status != tc.status {
				t.Errorf("%s %s %v: status %d, want %d: %s", tc.method, tc.path, tc.body, r.status, tc.status, r.body)
				continue
			}
			if got := r.fields(t); !sameSet(got, tc.fields) {
				t.Errorf("%s %s %v: fields %v, want %v", tc.method, tc.path, tc.body, got, tc.fields)
			}
			if msg := r.json(t)["detail"]; msg == "" {
				t.Errorf("%s %s: no detail", tc.method, tc.path)
			}
		}
	})
}

// TestProjectListCompany checks company_id: the projects a company invests
// in and those it became, as its page lists them.
func TestProjectListCompany(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		alpha := e.must(201, officer, "POST", "/api/v1/companies", map[string]any{"name_en": "Alpha"})["id"]
		beta := e.must(201, officer, "POST", "/api/v1/companies", map[string]any{"name_en": "Beta"})["id"]
		e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_en": "invests", "investor_id": alpha})
		e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_en": "became", "investor_id": beta, "enterprise_id": alpha})
		e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_en": "other", "investor_id": beta})
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{fmt.Sprintf("company_id=%v", alpha), []string{"became", "invests"}},
			{fmt.Sprintf("company_id=%v&investor_id=%v", alpha, beta), []string{"became"}},
			{fmt.Sprintf("investor_id=%v", alpha), []string{"invests"}},
			{"company_id=999999", nil},
		} {
			var got []string
			for _, item := range e.must(200, viewer, "GET", "/api/v1/projects?sort=name&"+tc.query, nil)["items"].([]any) {
				got = append(got, item.(map[string]any)["name_en"].(string))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("projects?%s: %q, want %q", tc.query, got, tc.want)
			}
		}
	})
}

// TestProjectListSectorExact checks the projects' sector filter through the
// API: a code matches every code under it, and with sector_exact that very
// code alone; the OpenAPI document describes the parameter.
func TestProjectListSectorExact(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		for _, sector := range []string{"c", "10", "1010", "2930", ""} {
			name := "project " + sector
			if sector == "" {
				name = "project without a sector"
			}
			e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_en": name, "sector": sector})
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"sector=C", []string{"project 10", "project 1010", "project 2930", "project c"}},
			{"sector=C&sector_exact=true", []string{"project c"}},
			{"sector=c&sector_exact=1", []string{"project c"}},
			{"sector=C&sector_exact=false", []string{"project 10", "project 1010", "project 2930", "project c"}},
			{"sector=10&sector_exact=true", []string{"project 10"}},
			{"sector=1010&sector_exact=true", []string{"project 1010"}},
			{"sector=29&sector_exact=true", nil},
			{"sector=none&sector_exact=true", []string{"project without a sector"}},
		} {
			var got []string
			for _, item := range e.must(200, viewer, "GET", "/api/v1/projects?sort=name&"+tc.query, nil)["items"].([]any) {
				got = append(got, item.(map[string]any)["name_en"].(string))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("projects?%s: %q, want %q", tc.query, got, tc.want)
			}
		}

		var doc struct {
			Paths map[string]map[string]struct {
				Parameters []struct {
					Name   string
					Schema struct{ Type string }
				}
			}
		}
		if err := json.Unmarshal(e.do("", "GET", "/api/v1/openapi.json", nil).body, &doc); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range doc.Paths["/api/v1/projects"]["get"].Parameters {
			names = append(names, p.Name+":"+p.Schema.Type)
		}
		if i := slices.Index(names, "sector:string"); i < 0 || i+1 >= len(names) || names[i+1] != "sector_exact:boolean" {
			t.Errorf("the OpenAPI document's project list parameters %v: want sector_exact, a boolean, beside sector", names)
		}
	})
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestStalePatchAndConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		p := e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "泰铃电动车产销一体化产业园"})
		e.must(200, director, "PATCH", "/api/v1/projects/"+id(p), map[string]any{"version": 1, "park": "大型产业集聚区"})
		r := e.do(officer, "PATCH", "/api/v1/projects/"+id(p), map[string]any{"version": 1, "park": "肇庆新区"})
		if r.status != http.StatusConflict || r.json(t)["code"] != "conflict" {
			t.Fatalf("stale patch: %d %s", r.status, r.body)
		}
		got := e.must(200, officer, "GET", "/api/v1/projects/"+id(p), nil)
		if got["park"] != "大型产业集聚区" || version(got) != 2 {
			t.Errorf("stale patch changed the project: park %v version %v", got["park"], got["version"])
		}
	})
}

func TestPermissionsPerRole(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		p := e.must(201, officer, "POST", "/api/v1/projects", map[string]any{"name_zh": "维杰尼科技项目"})
		pPath := "/api/v1/projects/" + id(p)
		type call struct {
			method, path string
			body         any
		}
		kinds := map[string]call{
			"read project":    {"GET", pPath, nil},
			"create project":  {"POST", "/api/v1/projects", map[string]any{"name_en": "x"}},
			"update project":  {"PATCH", pPath, map[string]any{"version": 999, "notes": "x"}},
			"archive project": {"POST", pPath + "/archive", map[string]any{"version": 999}},
			"delete project":  {"DELETE", "/api/v1/projects/999999", nil},
			"create company":  {"POST", "/api/v1/companies", map[string]any{"name_en": "x"}},
			"create user":     {"POST", "/api/v1/users", map[string]any{"username": "new.user", "name": "x", "role": "viewer", "language": "en", "password": "long enough password"}},
			"read audit":      {"GET", "/api/v1/audit", nil},
			"write rate":      {"POST", "/api/v1/rates", map[string]any{"date": "2024-01-02", "base": "USD", "quote": "CNY", "rate": "7.1"}},
			"read users":      {"GET", "/api/v1/users", nil},
		}
		// allowed: the status when the role may act (409 for a stale version,
		// 404 for a missing record, both past the permission check).
		for _, tc := range []struct {
			kind  string
			allow map[attract.Role]int
		}{
			{"read project", map[attract.Role]int{admin: 200, director: 200, officer: 200, integrity: 200, viewer: 200}},
			{"create project", map[attract.Role]int{admin: 201, director: 201, officer: 201}},
			{"update project", map[attract.Role]int{admin: 409, director: 409, officer: 409}},
			{"archive project", map[attract.Role]int{admin: 409, director: 409, officer: 409}},
			{"delete project", map[attract.Role]int{admin: 404}},
			{"create company", map[attract.Role]int{admin: 201, director: 201, officer: 201}},
			{"create user", map[attract.Role]int{admin: 201}},
			{"read audit", map[attract.Role]int{admin: 200, director: 200, integrity: 200}},
			{"write rate", map[attract.Role]int{admin: 201, director: 409}}, // the director's duplicates the admin's
			{"read users", map[attract.Role]int{admin: 200, director: 200, officer: 200, integrity: 200, viewer: 200}},
		} {
			c := kinds[tc.kind]
			for _, role := range append([]attract.Role{""}, attract.Roles...) {
				want, ok := tc.allow[role]
				switch {
				case role == "":
					want = 401
				case !ok:
					want = 403
				}
				r := e.do(role, c.method, c.path, c.body)
				if r.status != want {
					t.Errorf("%s as %q: status %d, want %d: %s", tc.kind, role, r.status, want, r.body)
				}
			}
		}
	})
}

func TestCrossOriginAndLanguage(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/session", strings.NewReader(`{"username":"officer1","password":"correct horse battery"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("cross-origin sign-in: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		res, err = e.ts.Client().Get(e.ts.URL + "/api/v1/nothing-here")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("unknown API path: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		req, _ = http.NewRequest("GET", e.ts.URL+"/api/v1/projects?limit=0x", nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens[viewer])
		req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
		res, err = e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var p struct {
			Detail string `json:"detail"`
			Errors []struct {
				Field, Message string
			} `json:"errors"`
		}
		if err := jsonDecode(res.Body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Detail != "输入有误。" || len(p.Errors) != 1 || p.Errors[0].Message != "必须是整数" {
			t.Errorf("Chinese problem: %+v", p)
		}
	})
}

func TestSignInThrottle(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		for i := range 5 {
			if r := e.do("", "POST", "/api/v1/session", map[string]any{"username": "viewer1", "password": "guess " + fmt.Sprint(i)}); r.status != 401 {
				t.Fatalf("attempt %d: %d", i, r.status)
			}
		}
		// Even the right password is refused now, with a clear message.
		r := e.do("", "POST", "/api/v1/session", map[string]any{"username": "viewer1", "password": "correct horse battery"})
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.json(t)["detail"].(string), "Try again in") {
			t.Errorf("throttled sign-in: %d %s", r.status, r.body)
		}
		// An unknown user answers exactly like a wrong password.
		a := e.do("", "POST", "/api/v1/session", map[string]any{"username": "nobody", "password": "x"})
		if a.status != 401 || a.json(t)["detail"] != "Wrong username or password." {
			t.Errorf("unknown user: %d %s", a.status, a.body)
		}
	})
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
