package main

import (
	"context"
	"errors"
	"time"

	"attract"
	"attract/demo"
)

// bulkThreshold is the number of projects above which `attract demo` uses
// the bulk generator (demo.GenerateBulk) rather than the services.
const bulkThreshold = 5_000

type demoOptions struct {
	projects int
	seed     uint64
	profile  string // a CPU profile of the generation, when set
}

func (m *Main) demo(ctx context.Context, args []string) error {
	fs := m.flags("demo")
	var opt demoOptions
	fs.IntVar(&opt.projects, "projects", demo.DefaultProjects, "how many projects to generate")
	fs.Uint64Var(&opt.seed, "seed", 1, "random seed: the same seed on the same day gives the same data")
	fs.StringVar(&opt.profile, "cpuprofile", "", "write a CPU profile of the generation to FILE (go tool pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	if err := m.ensureAdmin(ctx); err != nil {
		return err
	}
	return m.generateDemo(ctx, opt, false)
}

// generateDemo fills the database with the demo agency. With skipIfFull, a
// database that already holds projects is left alone (serve --demo on a
// second start); otherwise that is an error.
func (m *Main) generateDemo(ctx context.Context, opt demoOptions, skipIfFull bool) error {
	if skipIfFull {
		live, _, err := m.DB.FindProjects(sys(ctx), attract.ProjectFilter{Limit: 1})
		if err != nil {
			return err
		}
		archived, _, err := m.DB.FindProjects(sys(ctx), attract.ProjectFilter{Limit: 1, Archived: true})
		if err != nil {
			return err
		}
		if len(live)+len(archived) > 0 {
			m.Logger.Info("the database already holds projects; no demo data added")
			return nil
		}
	}
	start := time.Now()
	generate := demo.Generate
	if opt.projects > bulkThreshold {
		// Through the services the demo writes ~150 projects a second;
		// beyond a few thousand the bulk generator writes the tables directly.
		generate = demo.GenerateBulk
	}
	stop, err := startCPUProfile(opt.profile)
	if err != nil {
		return err
	}
	sum, err := generate(sys(ctx), m.DB, demo.Options{Projects: opt.projects, Seed: opt.seed, Today: attract.AgencyDate(time.Now())})
	if err != nil {
		err = wrap(err, "", "生成演示数据失败")
	}
	if err := errors.Join(err, stop()); err != nil {
		return err
	}
	say(m.Stdout, "Demo agency (Zhaoqing) created in %s: %d projects, %d companies, %d contacts, %d activities, %d tasks, %d users.",
		"已创建演示机构（肇庆），用时 %s：%d 个项目、%d 家企业、%d 位联系人、%d 条活动、%d 项任务、%d 个用户。",
		time.Since(start).Round(time.Millisecond), sum.Projects, sum.Companies, sum.Contacts, sum.Activities, sum.Tasks, sum.Users)
	say(m.Stdout, "Demo users (see `attract user list`) sign in with the password %[1]q.",
		"演示用户（见 `attract user list`）的登录密码为“%[1]s”。", demo.Password)
	return nil
}
