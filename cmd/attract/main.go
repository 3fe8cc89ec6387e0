// Command attract runs Attract, the desk of an investment promotion agency,
// and administers its database.
//
//	attract serve [--addr 127.0.0.1:8080] [--db ./attract.db | --db postgres://...] [--demo]
//	attract demo [--db ...] [--projects N] [--seed S]
//	attract user add|list|passwd|disable ...
//	attract token create --user NAME | token revoke ID
//	attract import --kind KIND [--mapping NAME|FILE] [--dry-run] [--good-rows-only] [--rejects FILE] FILE
//	attract export | restore | backup
//	attract migrate | version
//	attract bench [--db ...] [--projects N --generate] [--duration 10s] [--clients 50] [--out FILE]
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"attract"
	"attract/demo"
	attracthttp "attract/http"
	"attract/sqlstore"
	"attract/web"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

// serverGCPercent is the collector's target, as GOGC, when Attract serves
// pages (serve, and bench, which measures the server) unless GOGC is set.
// A page leaves about 130 KB of garbage behind, and at Go's default of 100
// the collector took 6–12% of a busy server's CPU; at 200 the project page
// served a fifth more requests at 100k projects, and about a twentieth
// more at 1M, within the machine's drift, for some 25 MB more memory
// (docs/benchmarks.md, finding 6). The other commands keep Go's default:
// a large demo or import holds far more live memory than a server.
const serverGCPercent = 200

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(m.Stderr, "attract:", describe(err))
		}
		m.Close()
		os.Exit(2)
	}
	if m.Server != nil {
		<-ctx.Done()
		m.Logger.Info("shutting down")
	}
	if err := m.Close(); err != nil {
		fmt.Fprintln(m.Stderr, "attract:", describe(wrap(err, "", "关闭服务或数据库时出错")))
		os.Exit(1)
	}
}

// Config is what the command line and environment set.
type Config struct {
	DB            string // SQLite file path or postgres:// URL
	Addr          string
	Demo          bool
	SecureCookies bool
	Proxies       string // trusted reverse proxies: addresses and CIDR ranges
}

// Main is the program: tests run it in-process with their own arguments
// and output.
type Main struct {
	Config Config
	DB     *sqlstore.DB
	Server *attracthttp.Server

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Logger         *slog.Logger
}

// NewMain returns a Main wired to the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Close stops the server and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.Server != nil {
		errs = append(errs, m.Server.Close())
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

const usage = `Attract — the desk of an investment promotion agency.
Attract —— 投资促进机构的招商引资工作台。

Usage:
  attract serve   [--addr 127.0.0.1:8080] [--db FILE|URL] [--demo] [--secure-cookies] [--trusted-proxies LIST]
  attract demo    [--db FILE|URL] [--projects N] [--seed S]
  attract user    add --role ROLE [--name NAME] [--email EMAIL] [--team TEAM] [--password-stdin] USERNAME
  attract user    list | passwd [--password-stdin] USERNAME | disable USERNAME
  attract token   create --user USERNAME [--name LABEL]
  attract token   revoke ID
  attract import  --kind KIND [--mapping NAME|FILE] [--dry-run] [--good-rows-only] [--rejects FILE] [--sheet S] [--encoding E] FILE
  attract migrate [--db FILE|URL]
  attract bench   [--db FILE|URL] [--projects N --generate] [--duration 10s] [--clients 50] [--out FILE]
  attract export  [--db FILE|URL] [--out FILE|-]
  attract restore [--db FILE|URL] ARCHIVE
  attract backup  [--db FILE] --out FILE
  attract version

--db defaults to $ATTRACT_DB, else ./attract.db (a SQLite file, created if
missing). A postgres:// URL selects PostgreSQL.
`

// Run runs one command. For serve it returns once the server listens; the
// caller waits and then calls Close.
func (m *Main) Run(ctx context.Context, args []string) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, nil))
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "serve" || cmd == "bench") && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
	err := m.command(ctx, cmd, rest)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !inChinese(err) {
		// An error of a lower layer that only speaks English (the system's,
		// a database driver's) still tells a Chinese reader what failed.
		err = wrap(err, "", "命令 attract %s 未能完成", cmd)
	}
	return err
}

// command runs the command cmd with its arguments.
func (m *Main) command(ctx context.Context, cmd string, rest []string) error {
	switch cmd {
	case "serve":
		return m.serve(ctx, rest)
	case "demo":
		return m.demo(ctx, rest)
	case "user":
		return m.user(ctx, rest)
	case "token":
		return m.token(ctx, rest)
	case "import":
		return m.importCmd(ctx, rest)
	case "export", "restore", "backup":
		return m.archiveCommand(ctx, cmd, rest)
	case "bench":
		return m.benchCommand(ctx, rest)
	case "migrate":
		fs := m.flags("migrate")
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if err := m.open(ctx); err != nil {
			return err
		}
		say(m.Stdout, "The %s database is up to date.", "%s 数据库结构已是最新版本。", m.DB.Dialect())
		return nil
	case "version":
		fmt.Fprintln(m.Stdout, "attract", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	fmt.Fprint(m.Stderr, usage)
	return attract.Errorf(attract.EINVALID, "Unknown command %q.", "未知命令“%s”。", cmd)
}

// flags returns a flag set with the --db flag every command takes.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("attract "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	def := m.Getenv("ATTRACT_DB")
	if def == "" {
		def = "attract.db"
	}
	fs.StringVar(&m.Config.DB, "db", def, "SQLite file or postgres:// URL")
	return fs
}

// open opens and migrates the database.
func (m *Main) open(ctx context.Context) error {
	db, err := sqlstore.Open(ctx, m.Config.DB)
	if err != nil {
		// The English says which database and why; the address is not
		// repeated, since a PostgreSQL URL may hold a password.
		return wrap(err, "", "无法打开数据库")
	}
	db.Logger = m.Logger
	m.DB = db
	return nil
}

// sys is the context in which the command line acts: the person at the
// server's console is trusted as the system, and the audit log says so.
func sys(ctx context.Context) context.Context { return attract.NewSystemContext(ctx) }

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve")
	fs.StringVar(&m.Config.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&m.Config.Demo, "demo", false, "fill an empty database with the demo agency first")
	fs.BoolVar(&m.Config.SecureCookies, "secure-cookies", false, "mark cookies Secure (behind a TLS proxy)")
	fs.StringVar(&m.Config.Proxies, "trusted-proxies", m.Getenv("ATTRACT_TRUSTED_PROXIES"),
		"comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	proxies, err := attracthttp.ParseTrustedProxies(m.Config.Proxies)
	if err != nil {
		return err
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	if err := m.ensureAdmin(ctx); err != nil {
		return err
	}
	if m.Config.Demo {
		if err := m.generateDemo(ctx, demoOptions{projects: demo.DefaultProjects, seed: 1}, true); err != nil {
			return err
		}
	}
	m.Server = attracthttp.NewServer(m.DB, m.Logger)
	ui, err := web.New(m.DB, m.Logger, m.Server.Throttle)
	if err != nil {
		return err
	}
	ui.SecureCookies = m.Config.SecureCookies
	m.Server.UI = ui
	m.Server.Addr = m.Config.Addr
	m.Server.SecureCookies = m.Config.SecureCookies
	m.Server.Proxies = proxies
	m.Server.Version = Version
	if err := m.Server.Open(); err != nil {
		return wrap(err, "", "无法在 %s 上启动服务", m.Config.Addr)
	}
	m.Logger.Info("Attract is serving", "url", m.Server.URL(), "database", m.DB.Dialect(), "version", Version)
	return nil
}

// ensureAdmin creates the admin user on the first start: with the password
// in ATTRACT_ADMIN_PASSWORD, or a generated one printed this once.
func (m *Main) ensureAdmin(ctx context.Context) error {
	n, err := m.DB.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	password := m.Getenv("ATTRACT_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		password = generatePassword()
	}
	u := &attract.User{Username: "admin", Name: "Administrator 管理员", Role: attract.RoleAdmin, Language: "zh"}
	if err := m.DB.CreateUser(sys(ctx), u, password); err != nil {
		return wrap(err, "create the admin user", "无法创建管理员账户")
	}
	if generated {
		fmt.Fprintf(m.Stdout, "\nCreated the admin user. Sign in as \"admin\" with this password, shown only once, and change it:\n\n    %s\n\n已创建管理员账户 admin，初始密码如上（仅显示一次），请登录后立即修改。\n\n", password)
	} else {
		m.Logger.Info("created the admin user with the password from ATTRACT_ADMIN_PASSWORD")
	}
	return nil
}

// generatePassword returns a random password of 26 base32 characters.
func generatePassword() string { return rand.Text() }

// startCPUProfile writes a CPU profile to path, when a path is given, until
// stop is called: --cpuprofile of `attract bench` and `attract demo`.
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, wrap(err, "--cpuprofile", "--cpuprofile：无法创建 CPU 性能分析文件 %s", path)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, wrap(err, "--cpuprofile", "--cpuprofile：无法开始 CPU 性能分析")
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
