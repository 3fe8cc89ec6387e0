package attract

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Every error a service returns carries one of these; the HTTP
// layer maps each to a status code in one table.
const (
	EINVALID      = "invalid"      // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"    // the record does not exist (or is hidden from the caller)
	ECONFLICT     = "conflict"     // the record changed since the caller read it, or a unique value is taken
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // valid credentials, but the role or ownership does not allow it
	EINTERNAL     = "internal"     // a fault of ours; details go to the log only
	ETOOMANY      = "too_many"     // too many attempts; try again later
)

// Error is the error every service returns. Its message exists in both
// languages: Message in English, MessageZH in Simplified Chinese. Fields lists
// the individual field problems of an EINVALID error.
type Error struct {
	Code      string
	Message   string
	MessageZH string
	Fields    []FieldError
}

// FieldError names one field of the input and what is wrong with it, in
// English and Chinese. Field is the JSON name of the field, dotted for nested
// values ("enterprise.uscc").
type FieldError struct {
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("attract: %s: %s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("attract: %s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Localized returns the message in the given language ("zh" or "en").
func (e *Error) Localized(lang string) string {
	if lang == "zh" && e.MessageZH != "" {
		return e.MessageZH
	}
	return e.Message
}

// Localized returns the field message in the given language ("zh" or "en").
func (f FieldError) Localized(lang string) string {
	if lang == "zh" && f.MessageZH != "" {
		return f.MessageZH
	}
	return f.Message
}

// Errorf returns an *Error with the given code and a message in both
// languages. The same args fill both formats.
func Errorf(code, en, zh string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(en, args...), MessageZH: fmt.Sprintf(zh, args...)}
}

// ErrorCode returns the code of err when it is (or wraps) an *Error, and
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors while input is checked, so that a caller
// learns every problem at once rather than one per attempt.
type Problems []FieldError

// Add records a problem with field, in English and Chinese.
func (p *Problems) Add(field, en, zh string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(en, args...), MessageZH: fmt.Sprintf(zh, args...)})
}

// Required records that field is missing.
func (p *Problems) Required(field string) {
	p.Add(field, "is required", "为必填项")
}

// Merge adds the field errors of err (when it is an EINVALID *Error) under
// the given prefix, or records its message against prefix otherwise.
func (p *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		for _, f := range e.Fields {
			name := f.Field
			if prefix != "" {
				name = prefix + "." + name
			}
			*p = append(*p, FieldError{Field: name, Message: f.Message, MessageZH: f.MessageZH})
		}
		return
	}
	if errors.As(err, &e) {
		*p = append(*p, FieldError{Field: prefix, Message: e.Message, MessageZH: e.MessageZH})
		return
	}
	*p = append(*p, FieldError{Field: prefix, Message: err.Error(), MessageZH: err.Error()})
}

// Err returns nil when no problem was recorded, else an EINVALID *Error
// listing them all.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "The input has errors.", MessageZH: "输入有误。", Fields: p}
}
