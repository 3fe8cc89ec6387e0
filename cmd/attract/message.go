package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"attract"
)

// Everything the command prints for people is in English and Simplified
// Chinese, English first: a short message on one line ("Revoked token 3.
// 令牌 3 已吊销。"), a longer one, or a report of several lines, with the
// Chinese on its own lines under the English. Output that programs read
// (the token's secret, the user table, the bench report) and the slog lines
// for operators are left as they are.

// lineWidth is the terminal width a bilingual message is kept to on one line.
const lineWidth = 80

// say prints a message in English and Chinese to w. The same args fill both
// formats, as in attract.Errorf; indexed verbs (%[2]s) let the Chinese use
// them in its own order.
func say(w io.Writer, en, zh string, args ...any) {
	fmt.Fprintln(w, bilingual(fmt.Sprintf(en, args...), fmt.Sprintf(zh, args...), lineWidth))
}

// bilingual joins en and zh on one line when both fit in width columns and
// neither has more than one line; otherwise the Chinese goes under the English.
func bilingual(en, zh string, width int) string {
	if zh == "" || zh == en {
		return en
	}
	if !strings.Contains(en, "\n") && !strings.Contains(zh, "\n") && columns(en)+1+columns(zh) <= width {
		return en + " " + zh
	}
	return en + "\n" + zh
}

// columns is the width of s in a terminal: Chinese characters and
// full-width punctuation take two columns.
func columns(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return n
}

// wrapped is an error of a lower layer put in the context of the command
// that met it: en is put before the error's own text, as fmt.Errorf("en: %w")
// would, and zh says in Chinese what failed. Errors of the system and the
// database drivers have English text only; the Chinese context is what a
// Chinese reader gets from them.
type wrapped struct {
	en, zh string
	err    error
}

// wrap returns err in a context in both languages; en may be empty when the
// error's text already says what failed. The same args fill both formats,
// and a format without verbs ignores them.
func wrap(err error, en, zh string, args ...any) error {
	return &wrapped{en: sprintf(en, args...), zh: sprintf(zh, args...), err: err}
}

// sprintf is fmt.Sprintf, but a format without verbs is returned as it is
// rather than complaining about the args it does not use.
func sprintf(format string, args ...any) string {
	if !strings.Contains(format, "%") {
		return format
	}
	return fmt.Sprintf(format, args...)
}

func (w *wrapped) Error() string {
	if w.en == "" {
		return w.err.Error()
	}
	return w.en + ": " + w.err.Error()
}

func (w *wrapped) Unwrap() error { return w.err }

// inChinese reports whether describe has Chinese to print for err.
func inChinese(err error) bool {
	var e *attract.Error
	var w *wrapped
	return errors.As(err, &e) || errors.As(err, &w)
}

// describe renders an error for the terminal, after "attract: ", in English
// and then in Chinese, each with the field problems of an *attract.Error
// one per line. The Chinese is the *attract.Error's own, after the Chinese
// of the contexts (wrap) it was met in; an error of a lower layer that has no
// Chinese gets its contexts' alone, the English line holding the details.
func describe(err error) string {
	var contexts []string
	for x := err; ; {
		var w *wrapped
		if !errors.As(x, &w) {
			break
		}
		if w.zh != "" {
			contexts = append(contexts, w.zh)
		}
		x = w.err
	}
	zhContext := strings.Join(contexts, "：")
	width := lineWidth - len("attract: ")
	var e *attract.Error
	if !errors.As(err, &e) {
		if zhContext == "" {
			return err.Error()
		}
		return bilingual(err.Error(), zhContext+"。", width)
	}
	// What wraps e (fmt.Errorf("...: %w") or wrap) put its English before
	// e's; an error beside it (errors.Join) is told in full.
	var en, zh strings.Builder
	if prefix, ok := strings.CutSuffix(err.Error(), e.Error()); ok {
		en.WriteString(prefix + e.Message)
	} else {
		en.WriteString(err.Error())
	}
	if zhContext != "" {
		zh.WriteString(zhContext + "：")
	}
	zh.WriteString(orElse(e.MessageZH, e.Message))
	for _, f := range e.Fields {
		fmt.Fprintf(&en, "\n  %s: %s", f.Field, f.Message)
		fmt.Fprintf(&zh, "\n  %s：%s", f.Field, orElse(f.MessageZH, f.Message))
	}
	return bilingual(en.String(), zh.String(), width)
}

// parseFlags parses a command's flags. The flag package has already
// printed what is wrong, in English, with the flags' descriptions; the
// error returned says it in Chinese too.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return wrap(err, "", "命令行参数有误")
}
