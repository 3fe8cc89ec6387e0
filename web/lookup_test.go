package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"attract"
)

// TestPeopleSeenAfterChange checks that pages, which keep the users and teams
// between requests, show a change made outside the web (the command line,
// another server) on the next page.
func TestPeopleSeenAfterChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleDirector)
		officer := e.users[attract.RoleOfficer]
		b.get("/projects").must(t, http.StatusOK).contains(t, officer.Name)

		ctx := attract.NewSystemContext(context.Background())
		if _, err := e.db.UpdateUser(ctx, officer.ID, officer.Version, attract.Patch{"name": []byte(`"欧阳明"`)}); err != nil {
			t.Fatal(err)
		}
		team := &attract.Team{Name: "欧美招商组"}
		if err := e.db.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		u := &attract.User{Username: "new.officer", Name: "司马光", Role: attract.RoleOfficer, TeamID: &team.ID, Language: "zh"}
		if err := e.db.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
		p := b.get("/projects").must(t, http.StatusOK).contains(t, "欧阳明", "欧美招商组", "司马光")
		if strings.Contains(p.body, ">"+officer.Name+"<") {
			t.Errorf("the list still offers the officer's old name %q", officer.Name)
		}
	})
}
