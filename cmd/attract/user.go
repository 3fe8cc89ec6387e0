package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"attract"
)

func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return attract.Errorf(attract.EINVALID, "user needs a subcommand: add, list, passwd or disable.",
			"user 命令需要子命令：add、list、passwd 或 disable。")
	}
	sub, args := args[0], args[1:]
	fs := m.flags("user " + sub)
	var role, name, email, team string
	var fromStdin bool
	switch sub {
	case "add":
		fs.StringVar(&role, "role", "officer", "admin, director, officer, integrity or viewer")
		fs.StringVar(&name, "name", "", "full name (default: the username)")
		fs.StringVar(&email, "email", "", "e-mail address")
		fs.StringVar(&team, "team", "", "team name; created if missing")
		fallthrough
	case "passwd":
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input instead of generating one")
	case "list", "disable":
	default:
		return attract.Errorf(attract.EINVALID, "Unknown user subcommand %q; the subcommands are add, list, passwd and disable.",
			"未知的 user 子命令“%s”；可用的子命令为 add、list、passwd 或 disable。", sub)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	username := strings.ToLower(fs.Arg(0))
	if sub != "list" && (fs.NArg() != 1 || username == "") {
		return attract.Errorf(attract.EINVALID, "user %s needs exactly one USERNAME.", "user %s 需要且只需要一个用户名（USERNAME）。", sub)
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	ctx = sys(ctx)
	switch sub {
	case "add":
		password, generated, err := m.password(fromStdin)
		if err != nil {
			return err
		}
		if name == "" {
			name = username
		}
		u := &attract.User{Username: username, Name: name, Email: email, Role: attract.Role(role), Language: "zh"}
		if team != "" {
			if u.TeamID, err = m.teamID(ctx, team); err != nil {
				return err
			}
		}
		if err := m.DB.CreateUser(ctx, u, password); err != nil {
			return err
		}
		say(m.Stdout, "Created user %s (%s).", "已创建用户 %s（%s）。", u.Username, u.Role)
		if generated {
			m.printPassword(password)
		}
	case "list":
		users, _, err := m.DB.FindUsers(ctx, attract.UserFilter{Limit: 500})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tDISABLED")
		for _, u := range users {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.Name, u.Role, u.Disabled)
		}
		return tw.Flush()
	case "passwd":
		u, err := m.DB.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		password, generated, err := m.password(fromStdin)
		if err != nil {
			return err
		}
		if err := m.DB.SetPassword(ctx, u.ID, password); err != nil {
			return err
		}
		say(m.Stdout, "Changed the password of %s; their sessions are ended.",
			"已重置用户 %s 的密码，该用户已在所有设备上退出登录。", u.Username)
		if generated {
			m.printPassword(password)
		}
	case "disable":
		u, err := m.DB.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		if _, err := m.DB.UpdateUser(ctx, u.ID, u.Version, attract.Patch{"disabled": []byte("true")}); err != nil {
			return err
		}
		say(m.Stdout, "Disabled %s; their sessions are ended and their tokens no longer work.",
			"已停用用户 %s，该用户已在所有设备上退出登录，其 API 令牌也已失效。", u.Username)
	}
	return nil
}

// printPassword prints a generated password, the Chinese under it so that
// the password ends its line and is easy to copy.
func (m *Main) printPassword(password string) {
	fmt.Fprintf(m.Stdout, "Password, shown only once: %s\n密码如上，仅显示这一次。\n", password)
}

// password reads a password from standard input or generates one.
func (m *Main) password(fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return generatePassword(), true, nil
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, wrap(err, "read the password from standard input", "无法从标准输入读取密码")
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// teamID finds a team by name, creating it when missing.
func (m *Main) teamID(ctx context.Context, name string) (*int64, error) {
	teams, err := m.DB.FindTeams(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		if t.Name == name {
			return &t.ID, nil
		}
	}
	t := &attract.Team{Name: name}
	if err := m.DB.CreateTeam(ctx, t); err != nil {
		return nil, err
	}
	return &t.ID, nil
}

func (m *Main) token(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return attract.Errorf(attract.EINVALID, "token needs a subcommand: create or revoke.", "token 命令需要子命令：create 或 revoke。")
	}
	sub, args := args[0], args[1:]
	fs := m.flags("token " + sub)
	var username, label string
	switch sub {
	case "create":
		fs.StringVar(&username, "user", "", "the user the token acts as (required)")
		fs.StringVar(&label, "name", "command line", "a label to recognise the token by")
	case "revoke":
	default:
		return attract.Errorf(attract.EINVALID, "Unknown token subcommand %q; the subcommands are create and revoke.",
			"未知的 token 子命令“%s”；可用的子命令为 create 或 revoke。", sub)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch sub {
	case "create":
		if username == "" {
			return attract.Errorf(attract.EINVALID, "token create needs --user USERNAME.", "token create 需要用 --user 指定用户名。")
		}
		if err := m.open(ctx); err != nil {
			return err
		}
		ctx = sys(ctx)
		u, err := m.DB.FindUserByUsername(ctx, strings.ToLower(username))
		if err != nil {
			return err
		}
		t := &attract.Token{UserID: u.ID, Name: label}
		secret, err := m.DB.CreateToken(ctx, t)
		if err != nil {
			return err
		}
		// Only the token goes to standard output, so that scripts can take it.
		fmt.Fprintln(m.Stdout, secret)
		say(m.Stderr, "Created token %d for %s. It is shown only this once.",
			"已为用户 %[2]s 创建令牌 %[1]d，令牌仅显示这一次。", t.ID, u.Username)
	case "revoke":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || fs.NArg() != 1 {
			return attract.Errorf(attract.EINVALID, "token revoke needs the token's ID.", "token revoke 需要令牌的编号（ID）。")
		}
		if err := m.open(ctx); err != nil {
			return err
		}
		if err := m.DB.RevokeToken(sys(ctx), id); err != nil {
			return err
		}
		say(m.Stdout, "Revoked token %d.", "令牌 %d 已吊销。", id)
	}
	return nil
}
