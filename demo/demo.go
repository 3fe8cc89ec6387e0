// Package demo fills an empty database with a demo agency, the investment
// promotion bureau of Zhaoqing, Guangdong (肇庆市投资促进局), so that a new
// installation can be explored, shown and tested against data that behaves
// like a real pipeline rather than a handful of "test 1" rows.
//
// The demo holds the projects an article of 19 October 2023 names
// (肇庆新区西银智慧产业园, 维杰尼科技项目, 德国佩奇汽车内外饰件项目,
// 泰铃电动车产销一体化产业园) and a Macao traditional-Chinese-medicine
// project, with the Hong Kong and Macao inspection groups that visited, and
// around them a generated pipeline of a few hundred projects over three
// years: a funnel of stages with real stage histories, investors from Hong
// Kong, Macao, Taiwan, Singapore, Japan, Korea, Europe and the US (some
// routed through BVI and Cayman holding companies), contacts, activities,
// tasks, utilized foreign capital and a monthly exchange-rate table. Every
// company, person, number and amount in it is invented.
//
// The demo agency's users all sign in with the password
// "demo-password-2023" (Password):
//
//	liang.zhiqiang, huang.lihua          directors
//	chen.jie, li.jiaxin, he.zhiming      officers, 港澳台招商组
//	wang.lei, zhang.min, liu.siyuan      officers, 欧美招商组
//	lin.xiaoyan, zhao.yu, wu.jiaqi       officers, 日韩及东南亚招商组
//	zhou.jianguo, zheng.haitao, sun.yue  officers, 产业链招商组
//	feng.xuemei                          integrity officer
//	xu.wenbo, deng.xiaolin               viewers
//
// Every record the demo creates carries Demo: true, except teams and
// exchange rates, which have no such flag.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"attract"
	"attract/sqlstore"
)

// Password is the password of every demo user. It is public on purpose: a
// demo is for anyone to sign in to, and must never hold real data.
const Password = "demo-password-2023"

// DefaultProjects is the number of projects Generate creates when
// Options.Projects is zero.
const DefaultProjects = 300

// Options controls generation.
type Options struct {
	Projects int          // how many projects in all, including the named ones (default 300)
	Seed     uint64       // same seed and Today → same data
	Today    attract.Date // the pipeline spans the three years up to this date
}

// Summary counts what was created.
type Summary struct {
	Teams, Users, Companies, Contacts, Projects, Activities, Tasks, Inflows, Rates int
}

// Generate fills an empty database with a demo agency: the Zhaoqing
// investment promotion bureau.
//
// It refuses (EINVALID) a database that already holds projects, so that demo
// records never mix with real ones; users, such as the first administrator,
// may exist. Options.Today is required rather than read from the clock so
// that the same Seed and Today always give the same data; callers pass the
// real date. Every record goes through the store's service methods, acting
// as the demo's officers and directors so that the audit log names real
// authors, while db.Now runs on a simulated clock along the three years
// (restored when Generate returns). Nothing else may use db meanwhile.
//
// The writes are not one transaction: on an error the database holds the
// part already written (counted in the returned Summary) and the demo should
// be started again on a fresh database.
func Generate(ctx context.Context, db *sqlstore.DB, opt Options) (Summary, error) {
	if err := opt.check(); err != nil {
		return Summary{}, err
	}
	sys := attract.NewSystemContext(ctx)
	for _, archived := range []bool{false, true} {
		ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Archived: archived, Limit: 1})
		if err != nil {
			return Summary{}, fmt.Errorf("demo: look for projects: %w", err)
		}
		if len(ps) > 0 {
			return Summary{}, attract.Errorf(attract.EINVALID,
				"The database already holds projects; demo data is generated only into an empty database so that it never mixes with real data.",
				"数据库中已有项目；演示数据只能生成到空数据库中，以免与真实数据混在一起。")
		}
	}
	// The demo's people act with their own rights even when the caller's
	// context is a system one (as the command line's is), so that the demo
	// obeys the permission rules real users do; only cancellation carries
	// over from the caller.
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	g := newGenerator(base, attract.NewSystemContext(base), db, opt)
	saved := db.Now
	db.Now = g.now
	defer func() { db.Now = saved }()

	if err := g.createStaff(); err != nil {
		return g.sum, err
	}
	g.planRates()
	g.planProjects()
	g.scheduleAll()
	return g.sum, g.run()
}

// check validates the options and fills in the defaults.
func (o *Options) check() error {
	var p attract.Problems
	if o.Projects == 0 {
		o.Projects = DefaultProjects
	}
	if o.Projects < len(namedSpecs) || o.Projects > 100_000 {
		p.Add("projects", "must be between %d (the named projects) and 100000", "须在 %d（具名项目数）与 100000 之间", len(namedSpecs))
	}
	if o.Today.IsZero() {
		p.Add("today", "is required: pass the date the demo's three years end on", "为必填项：请传入演示数据三年时间线的截止日期")
	} else if o.Today.Year < 2000 || o.Today.Year > 2200 {
		p.Add("today", "must be a date between the years 2000 and 2200", "须为 2000 年至 2200 年之间的日期")
	}
	return p.Err()
}

// generator holds the state of one Generate call.
type generator struct {
	ctx context.Context
	sys context.Context
	db  *sqlstore.DB
	r   *rand.Rand
	opt Options
	sum Summary

	start, last attract.Date // the first day of the three years and the last working day before Today
	lastTime    time.Time    // the end of the last working day: nothing happens later
	clock       time.Time    // the simulated now

	teams     []*attract.Team
	directors []*staff
	officers  [][]*staff // by team
	rates     []monthRate
	projects  []*planProject
	events    []event

	usccTaken  map[string]bool
	namesTaken map[string]bool
	parents    map[string]*planCompany // ultimate parents by Chinese name: one group, many subsidiaries
	parks      []park
}

// staff is a demo user and the context that acts as them.
type staff struct {
	user *attract.User
	ctx  context.Context
	team int
}

// event is one dated thing the agency did: it runs when the simulated clock
// reaches it, so that the audit log, created_at and stage history read in
// the order things happened.
type event struct {
	at  time.Time
	run func() error
}

func newGenerator(ctx, sys context.Context, db *sqlstore.DB, opt Options) *generator {
	g := &generator{
		ctx: ctx, sys: sys, db: db, opt: opt,
		// The second PCG word is fixed so that the seed alone decides the stream.
		r:          rand.New(rand.NewPCG(opt.Seed, 0x5a48_4151_4e47_3132)),
		usccTaken:  map[string]bool{},
		namesTaken: map[string]bool{},
		parents:    map[string]*planCompany{},
		officers:   make([][]*staff, len(teamNames)),
	}
	g.start = attract.DateOf(opt.Today.Time().AddDate(-3, 0, 0))
	g.last = opt.Today.AddDays(-1)
	for isWeekend(g.last) {
		g.last = g.last.AddDays(-1)
	}
	g.lastTime = timeOn(g.last, 18*60)
	g.parks = slices.Clone(parkSpecs)
	for i, p := range g.parks {
		if p.name == "" {
			d, ok := attract.DivisionByCode(p.division)
			if !ok {
				panic("demo: division " + p.division + " is missing from the reference data")
			}
			g.parks[i].name = d.Name
		}
	}
	return g
}

// now is db.Now during generation. Each call moves the clock on by a second,
// so that every write has its own moment and the audit log keeps its order.
func (g *generator) now() time.Time {
	g.clock = g.clock.Add(time.Second)
	return g.clock
}

// at schedules run for time t.
func (g *generator) at(t time.Time, run func() error) {
	g.events = append(g.events, event{t, run})
}

// run plays the events in time order; events of the same moment keep the
// order they were scheduled in.
func (g *generator) run() error {
	slices.SortStableFunc(g.events, func(a, b event) int { return a.at.Compare(b.at) })
	for _, ev := range g.events {
		if err := g.ctx.Err(); err != nil {
			return err
		}
		if ev.at.After(g.clock) {
			g.clock = ev.at
		}
		if err := ev.run(); err != nil {
			return err
		}
	}
	return nil
}

// createStaff creates the teams and users, two weeks before the three years
// begin, as the administrator would have when the agency started using
// Attract.
func (g *generator) createStaff() error {
	g.clock = timeOn(g.workday(g.start.AddDays(-14)), 9*60)
	for _, name := range teamNames {
		t := &attract.Team{Name: name}
		if err := g.db.CreateTeam(g.sys, t); err != nil {
			return fmt.Errorf("demo: create team %s: %w", name, err)
		}
		g.teams = append(g.teams, t)
		g.sum.Teams++
	}
	for _, s := range staffSpecs {
		u := &attract.User{Username: s.username, Name: s.name, Email: s.username + "@" + staffDomain,
			Role: attract.Role(s.role), Language: s.language, Demo: true}
		if s.team >= 0 {
			u.TeamID = &g.teams[s.team].ID
		}
		if err := g.db.CreateUser(g.sys, u, Password); err != nil {
			return fmt.Errorf("demo: create user %s: %w", s.username, err)
		}
		g.sum.Users++
		st := &staff{user: u, ctx: attract.NewContextWithUser(g.ctx, u), team: s.team}
		switch u.Role {
		case attract.RoleDirector:
			g.directors = append(g.directors, st)
		case attract.RoleOfficer:
			g.officers[s.team] = append(g.officers[s.team], st)
		}
	}
	return nil
}

// staffNamed returns the demo user with the username.
func (g *generator) staffNamed(username string) *staff {
	for _, team := range g.officers {
		for _, s := range team {
			if s.user.Username == username {
				return s
			}
		}
	}
	for _, s := range g.directors {
		if s.user.Username == username {
			return s
		}
	}
	panic("demo: no demo user " + username)
}

// Randomness. All of it comes from g.r, drawn in a fixed order.

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between returns an int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// uniform returns a float64 in [lo, hi).
func (g *generator) uniform(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// pick returns a random element of xs.
func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// pickWeighted returns the index one of ws names, in proportion to weight.
func (g *generator) pickWeighted(ws []weighted) int {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := g.r.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.i
		}
		n -= w.w
	}
	return ws[len(ws)-1].i
}

// Time. The agency works on weekdays, from half past eight to six.

// timeOn returns minutes after midnight of d, China time.
func timeOn(d attract.Date, minutes int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, minutes, 0, 0, attract.AgencyZone)
}

// daysBetween returns the days from a to b.
func daysBetween(a, b attract.Date) int { return int(b.Time().Sub(a.Time()) / (24 * time.Hour)) }

func isWeekend(d attract.Date) bool {
	wd := d.Time().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// workday moves d off a weekend, to the nearer working day that is not
// after the last one.
func (g *generator) workday(d attract.Date) attract.Date {
	switch d.Time().Weekday() {
	case time.Saturday:
		d = d.AddDays(-1)
	case time.Sunday:
		if d.AddDays(1).Before(g.last) || d.AddDays(1) == g.last {
			d = d.AddDays(1)
		} else {
			d = d.AddDays(-2)
		}
	}
	if g.last.Before(d) {
		d = g.last
	}
	return d
}

// workTime returns a random office-hours moment on the working day nearest d.
func (g *generator) workTime(d attract.Date) time.Time {
	return timeOn(g.workday(d), 8*60+30+g.r.IntN(9*60))
}

// after returns t, or a moment shortly after prev when t is not later.
func (g *generator) after(t, prev time.Time) time.Time {
	if t.After(prev) {
		return t
	}
	return prev.Add(time.Duration(10+g.r.IntN(50)) * time.Minute)
}

// wrap names what failed; the *attract.Error inside stays reachable with
// errors.As, so callers still see its code.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("demo: %s: %w", what, err)
}
