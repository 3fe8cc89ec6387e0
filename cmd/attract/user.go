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
		return fmt.Errorf("user needs a subcommand: add, list, passwd or disable")
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
		return fmt.Errorf("unknown user subcommand %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	username := strings.ToLower(fs.Arg(0))
	if sub != "list" && (fs.NArg() != 1 || username == "") {
		return fmt.Errorf("user %s needs exactly one USERNAME", sub)
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
		fmt.Fprintf(m.Stdout, "Created user %s (%s).\n", u.Username, u.Role)
		if generated {
			fmt.Fprintf(m.Stdout, "Password, shown only once: %s\n", password)
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
		fmt.Fprintf(m.Stdout, "Changed the password of %s; their sessions are ended.\n", u.Username)
		if generated {
			fmt.Fprintf(m.Stdout, "Password, shown only once: %s\n", password)
		}
	case "disable":
		u, err := m.DB.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		if _, err := m.DB.UpdateUser(ctx, u.ID, u.Version, attract.Patch{"disabled": []byte("true")}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Disabled %s; their sessions are ended and their tokens no longer work.\n", u.Username)
	}
	return nil
}

// password reads a password from standard input or generates one.
func (m *Main) password(fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return generatePassword(), true, nil
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, fmt.Errorf("read the password from standard input: %w", err)
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
		return fmt.Errorf("token needs a subcommand: create or revoke")
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
		return fmt.Errorf("unknown token subcommand %q", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch sub {
	case "create":
		if username == "" {
			return fmt.Errorf("token create needs --user USERNAME")
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
		fmt.Fprintf(m.Stderr, "Created token %d for %s. It is shown only this once.\n", t.ID, u.Username)
	case "revoke":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || fs.NArg() != 1 {
			return fmt.Errorf("token revoke needs the token's ID")
		}
		if err := m.open(ctx); err != nil {
			return err
		}
		if err := m.DB.RevokeToken(sys(ctx), id); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Revoked token %d.\n", id)
	}
	return nil
}
