package web

import (
	"errors"
	"html/template"

	"attract"
)

// formErrors maps a field's name to its message, for a form re-rendered
// with the user's input after a refusal.
type formErrors map[string]string

// Get returns the message of a field, or "".
func (f formErrors) Get(field string) string { return f[field] }

// Any reports whether there is any error.
func (f formErrors) Any() bool { return len(f) > 0 }

// formErrorsOf splits a service error into per-field messages in lang. An
// error without fields is returned as is, for the error page, unless it is
// EINVALID or ECONFLICT, which the form shows under the key "".
func formErrorsOf(err error, lang string) (formErrors, error) {
	var e *attract.Error
	if !errors.As(err, &e) {
		return nil, err
	}
	switch e.Code {
	case attract.EINVALID, attract.ECONFLICT, attract.EUNAUTHORIZED, attract.ETOOMANY:
	default:
		return nil, err
	}
	fe := formErrors{"": e.Localized(lang)}
	for _, f := range e.Fields {
		if _, seen := fe[f.Field]; !seen {
			fe[f.Field] = f.Localized(lang)
		}
	}
	return fe, nil
}

// field describes one form control for the "field" partial: its name (the
// JSON field name, so service errors land beside it), label, current value
// and error, and for selects its options.
type field struct {
	Name     string
	Label    string
	Value    string
	Type     string // text (default), number, date, datetime-local, email, tel, url, textarea, select, checkbox, password
	Hint     string
	Error    string
	Required bool
	Options  []option
	// OptionsHTML, when set, is the options already rendered by the
	// "options" partial (Handler.userPicker), and Options is not read.
	OptionsHTML template.HTML
}

// option is one choice of a select.
type option struct {
	Value, Label string
}

// ID returns the control's element id.
func (f field) ID() string { return "f-" + f.Name }
