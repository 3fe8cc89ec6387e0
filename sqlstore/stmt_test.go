package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"attract"
)

// TestStatementCache checks that SQLite statements are prepared once and
// then reused, inside write transactions too, and that the cache is bounded.
func TestStatementCache(t *testing.T) {
	db := MustOpenTestDB(t, "sqlite")
	ctx := attract.NewSystemContext(context.Background())
	const q = `SELECT COUNT(*) FROM projects WHERE stage = ?`
	prepared := func() bool {
		db.stmts.mu.RLock()
		defer db.stmts.mu.RUnlock()
		return db.stmts.m[q] != nil
	}
	deadline := time.Now().Add(5 * time.Second)
	for !prepared() {
		if time.Now().After(deadline) {
			t.Fatal("statement not prepared after 5 s of use")
		}
		var n int
		if err := db.reader(ctx).queryRow(q, "lead").Scan(&n); err != nil || n != 0 {
			t.Fatalf("count: %d, %v", n, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The prepared statement answers outside and inside a transaction, and
	// sees the transaction's own writes.
	_, err := write(db, ctx, func(tx *Tx) (int, error) {
		if _, err := tx.exec(`INSERT INTO teams (name, created_at) VALUES (?, ?)`, "East", tx.ts(tx.now)); err != nil {
			return 0, err
		}
		var n int
		err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE name = ?`, "East").Scan(&n)
		if err == nil && n != 1 {
			err = fmt.Errorf("the transaction sees %d teams named East", n)
		}
		return n, err
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.reader(ctx).queryRow(q, "lead").Scan(&n); err != nil {
		t.Fatal(err)
	}
	// Many distinct statements: the cache stops growing at its bound and
	// the rest still run.
	for i := range maxCachedStmts + 50 {
		var v int
		if err := db.reader(ctx).queryRow(fmt.Sprintf(`SELECT %d`, i)).Scan(&v); err != nil || v != i {
			t.Fatalf("SELECT %d: %d, %v", i, v, err)
		}
	}
	db.stmts.mu.RLock()
	size := len(db.stmts.m)
	db.stmts.mu.RUnlock()
	if size > maxCachedStmts {
		t.Errorf("%d statements cached, bound %d", size, maxCachedStmts)
	}
}

// TestUsersStamp checks that the stamp changes with every change to users
// and teams, and only then.
func TestUsersStamp(t *testing.T) {
	for _, d := range TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := MustOpenTestDB(t, d)
			ctx := attract.NewSystemContext(context.Background())
			last, err := db.UsersStamp(ctx)
			if err != nil {
				t.Fatal(err)
			}
			step := func(what string, changes bool) {
				t.Helper()
				s, err := db.UsersStamp(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if (s != last) != changes {
					t.Errorf("%s: stamp %q → %q", what, last, s)
				}
				last = s
			}
			step("nothing", false)
			team := &attract.Team{Name: "East"}
			if err := db.CreateTeam(ctx, team); err != nil {
				t.Fatal(err)
			}
			step("team created", true)
			u := &attract.User{Username: "li.na", Name: "Li Na", Role: attract.RoleOfficer, TeamID: &team.ID, Language: "zh"}
			if err := db.CreateUser(ctx, u, "correct horse battery"); err != nil {
				t.Fatal(err)
			}
			step("user created", true)
			if _, err := db.UpdateUser(ctx, u.ID, u.Version, attract.Patch{"name": []byte(`"李娜"`)}); err != nil {
				t.Fatal(err)
			}
			step("user renamed", true)
			if err := db.SetPassword(ctx, u.ID, "another long password"); err != nil {
				t.Fatal(err)
			}
			step("password set", true)
			step("nothing again", false)
		})
	}
}
