package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"attract"
	"attract/bench"
	"attract/demo"
	"attract/sqlstore"
)

// benchCommand runs `attract bench`: generate a dataset if asked, then
// measure it (package bench) and print the tables.
func (m *Main) benchCommand(ctx context.Context, args []string) error {
	fs := m.flags("bench")
	var (
		projects int
		generate bool
		seed     uint64
		cfg      bench.Config
		out      string
		profile  string
		only     string
	)
	fs.IntVar(&projects, "projects", 10_000, "with --generate: how many projects to generate")
	fs.BoolVar(&generate, "generate", false, "first fill the (empty) database with --projects generated projects")
	fs.Uint64Var(&seed, "seed", 1, "random seed of the generated data and of the benchmark's choices")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long each measure runs")
	fs.IntVar(&cfg.Clients, "clients", 50, "concurrent HTTP clients")
	fs.IntVar(&cfg.MaxOps, "max-ops", 100_000, "the most operations of one measure")
	fs.StringVar(&out, "out", "", "also write the report to FILE: JSON when it ends in .json, else Markdown")
	fs.StringVar(&only, "only", "", "comma-separated measures to run (default all): "+strings.Join(bench.Names, ", "))
	fs.BoolVar(&cfg.Warm, "warm", false, "with a SQLite file: read it once before measuring, so that it starts in the page cache")
	fs.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the measures to FILE (go tool pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.Seed = seed
	if only != "" {
		cfg.Only = strings.Split(only, ",")
		for _, name := range cfg.Only {
			if !slices.Contains(bench.Names, name) {
				return attract.Errorf(attract.EINVALID, "--only: no measure %[1]q; the measures are %[2]s.",
					"--only：没有名为“%[1]s”的测量项；可用的测量项为 %[2]s。", name, strings.Join(bench.Names, ", "))
			}
		}
	}
	if cfg.Warm && sqlstore.IsPostgres(m.Config.DB) {
		return attract.Errorf(attract.EINVALID, "--warm: only a SQLite file can be warmed.", "--warm：只有 SQLite 数据库文件可以预热。")
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	if !sqlstore.IsPostgres(m.Config.DB) {
		// One descriptor of the file for the whole run, closed after the
		// database (bench.Config.File).
		f, err := os.Open(sqlstore.SQLiteFile(m.Config.DB))
		if err != nil {
			return wrap(err, "", "无法打开数据库文件 %s", sqlstore.SQLiteFile(m.Config.DB))
		}
		defer f.Close()
		defer func() { m.DB.Close(); m.DB = nil }()
		cfg.File = f
	}
	if generate {
		start := time.Now()
		sum, err := demo.GenerateBulk(sys(ctx), m.DB, demo.Options{Projects: projects, Seed: seed, Today: attract.AgencyDate(time.Now())})
		if err != nil {
			return wrap(err, "", "生成测试数据失败")
		}
		say(m.Stdout, "Generated %d projects, %d activities, %d tasks, %d companies in %s.",
			"已生成 %d 个项目、%d 条活动、%d 项任务、%d 家企业，用时 %s。",
			sum.Projects, sum.Activities, sum.Tasks, sum.Companies, time.Since(start).Round(time.Millisecond))
		// The memory measured under load is the server's, not what the
		// generator left behind.
		debug.FreeOSMemory()
	}
	cfg.Progress = func(name string) { m.Logger.Info("measuring", "measure", name) }
	stop, err := startCPUProfile(profile)
	if err != nil {
		return err
	}
	defer stop()
	rep, err := bench.Run(ctx, m.DB, cfg)
	if err != nil {
		return wrap(err, "", "性能测试失败")
	}
	md := rep.Markdown()
	fmt.Fprint(m.Stdout, md)
	if out == "" {
		return nil
	}
	body := []byte(md)
	if strings.HasSuffix(out, ".json") {
		if body, err = json.MarshalIndent(rep, "", "  "); err != nil {
			return err
		}
	}
	if err := os.WriteFile(out, body, 0o644); err != nil {
		return wrap(err, "--out", "--out：无法写入报告文件 %s", out)
	}
	return nil
}
