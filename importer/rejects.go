package importer

import (
	"encoding/csv"
	"io"
	"strings"

	"attract"
)

// ErrorsColumn is the header of the column the rejects file adds.
const ErrorsColumn = "错误 / Errors"

// rejectsWriter writes rejected rows as CSV: UTF-8 with a byte-order mark,
// which Excel needs to read Chinese, the file's own columns and the reasons.
type rejectsWriter struct {
	w      *csv.Writer
	header []string
	err    error
}

func newRejectsWriter(w io.Writer, header []string) *rejectsWriter {
	r := &rejectsWriter{w: csv.NewWriter(w), header: header}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		r.err = err
		return r
	}
	r.err = r.w.Write(append(sanitizeRow(header), ErrorsColumn))
	return r
}

func (r *rejectsWriter) write(cells []string, problems []attract.FieldError) error {
	if r.err != nil {
		return r.err
	}
	row := make([]string, max(len(r.header), len(cells)))
	copy(row, cells)
	return r.w.Write(append(sanitizeRow(row), DescribeProblems(problems)))
}

func (r *rejectsWriter) flush() error {
	if r.err != nil {
		return r.err
	}
	r.w.Flush()
	return r.w.Error()
}

// sanitizeRow keeps a spreadsheet from running a cell as a formula when the
// rejects file is opened: a cell starting with = + - @ gets a leading
// apostrophe, as Excel itself writes such text, unless it is a number.
func sanitizeRow(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c
		if len(c) > 1 && strings.ContainsRune("=+-@", rune(c[0])) && !isNumber(c) {
			out[i] = "'" + c
		}
	}
	return out
}

func isNumber(s string) bool {
	if _, err := ParseInt(s); err == nil && !strings.ContainsFunc(s, func(r rune) bool { return r > '9' && r != ',' }) {
		return true
	}
	return false
}

// DescribeProblems writes a row's problems on one line, each with its field,
// in Chinese and English: "total_investment: 金额为空 / the amount is empty".
func DescribeProblems(problems []attract.FieldError) string {
	parts := make([]string, len(problems))
	for i, p := range problems {
		msg := p.MessageZH
		if p.Message != "" && p.Message != p.MessageZH {
			msg += " / " + p.Message
		}
		if p.Field != "" {
			msg = p.Field + ": " + msg
		}
		parts[i] = msg
	}
	return strings.Join(parts, "; ")
}
