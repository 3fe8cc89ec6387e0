package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"attract"
)

// TestDescribe: an error reaches the terminal in English and then in
// Chinese, through the wrappings it meets on its way up.
func TestDescribe(t *testing.T) {
	var input attract.Problems
	input.Add("role", "must be one of %s", "须为 %s 之一", "admin, viewer")
	input.Required("username")
	fields := input.Err()
	notFound := attract.Errorf(attract.ENOTFOUND, "No such user: %s.", "用户 %s 不存在。", "nobody")
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"short, on one line", notFound, "No such user: nobody. 用户 nobody 不存在。"},
		{"long, the Chinese under the English",
			attract.Errorf(attract.EINVALID, "import needs exactly one FILE (flags go before it).", "import 需要且只需要一个文件（选项须写在文件之前）。"),
			"import needs exactly one FILE (flags go before it).\nimport 需要且只需要一个文件（选项须写在文件之前）。"},
		{"field problems, the English then the Chinese", fields,
			"The input has errors.\n  role: must be one of admin, viewer\n  username: is required\n" +
				"输入有误。\n  role：须为 admin, viewer 之一\n  username：为必填项"},
		{"wrapped with %w: the wrapper's English, both languages of the error", fmt.Errorf("create the admin user: %w", notFound),
			"create the admin user: No such user: nobody. 用户 nobody 不存在。"},
		{"wrapped in both languages", wrap(fields, "mapping file %s", "映射文件 %s", "m.json"),
			"mapping file m.json: The input has errors.\n  role: must be one of admin, viewer\n  username: is required\n" +
				"映射文件 m.json：输入有误。\n  role：须为 admin, viewer 之一\n  username：为必填项"},
		{"a system error in Chinese context", wrap(os.ErrNotExist, "", "无法打开归档文件 %s", "a.zip"),
			"file does not exist 无法打开归档文件 a.zip。"},
		{"contexts nest, and survive errors.Join", errors.Join(wrap(wrap(notFound, "", "导入失败"), "--mapping", "--mapping")),
			"--mapping: No such user: nobody.\n--mapping：导入失败：用户 nobody 不存在。"},
		{"an error beside it is not lost", errors.Join(notFound, errors.New("--cpuprofile: disk full")),
			"attract: not_found: No such user: nobody.\n--cpuprofile: disk full\n用户 nobody 不存在。"},
		{"an error with no Chinese", errors.New("disk full"), "disk full"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := describe(tt.err); got != tt.want {
				t.Errorf("describe:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestSystemErrorsInChinese: an error of the system, which has English
// only, still says in Chinese what failed.
func TestSystemErrorsInChinese(t *testing.T) {
	dir := t.TempDir()
	_, _, _, err := run(t, nil, "", "restore", "--db", filepath.Join(dir, "attract.db"), filepath.Join(dir, "no-such.zip"))
	if msg := describe(err); !strings.Contains(msg, "no such file") || !strings.Contains(msg, "\n无法打开归档文件 ") {
		t.Errorf("restore of a missing archive: %q", msg)
	}
	_, _, _, err = run(t, nil, "", "demo", "--no-such-flag")
	if msg := describe(err); !strings.Contains(msg, "-no-such-flag") || !strings.Contains(msg, "命令行参数有误。") {
		t.Errorf("a wrong flag: %q", msg)
	}
}
