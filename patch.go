package attract

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// Patch is a JSON merge patch (RFC 7396) of a record's editable fields: the
// keys present are set, a null clears an optional value, absent keys are left
// alone. Updates carry a Patch together with the version the caller read.
type Patch map[string]json.RawMessage

// Keys returns the field names the patch sets.
func (p Patch) Keys() []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	return keys
}

// Apply sets the patched fields on dst, a pointer to a struct of editable
// fields. Every problem is reported against its field: keys that are not
// editable fields of dst, and values of the wrong type or form.
func (p Patch) Apply(dst any) error {
	fields := jsonFieldNames(reflect.TypeOf(dst).Elem())
	var probs Problems
	for key, raw := range p {
		if !fields[key] {
			probs.Add(key, "is not a field that can be set here", "不是此处可以修改的字段")
			continue
		}
		obj, _ := json.Marshal(map[string]json.RawMessage{key: raw})
		if err := json.Unmarshal(obj, dst); err != nil {
			probs.Merge(key, DecodeError(err))
		}
	}
	return probs.Err()
}

// jsonFieldNames returns the JSON names of the exported fields of struct t,
// embedded structs included.
func jsonFieldNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k := range jsonFieldNames(f.Type) {
				names[k] = true
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	return names
}

// DecodeStrict decodes one JSON object into dst, rejecting unknown fields and
// trailing data, and reports each problem against its field.
func DecodeStrict(data []byte, dst any) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return &Error{Code: EINVALID, Message: "The body must be a JSON object.", MessageZH: "请求体必须是 JSON 对象。",
			Fields: []FieldError{{Field: "body", Message: "is not a JSON object", MessageZH: "不是 JSON 对象"}}}
	}
	return Patch(obj).Apply(dst)
}

// DecodeError turns an encoding/json error into an *Error whose message says
// what form the value must take.
func DecodeError(err error) error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := te.Type.Kind()
		if te.Type.Kind() == reflect.Pointer {
			want = te.Type.Elem().Kind()
		}
		en, zh := "has the wrong type", "类型不正确"
		switch want {
		case reflect.String:
			en, zh = "must be a string", "必须是字符串"
		case reflect.Bool:
			en, zh = "must be true or false", "必须是 true 或 false"
		case reflect.Int, reflect.Int64, reflect.Int32:
			en, zh = "must be a whole number", "必须是整数"
		case reflect.Slice:
			en, zh = "must be a list", "必须是列表"
		case reflect.Struct, reflect.Map:
			en, zh = "must be an object", "必须是对象"
		}
		return &Error{Code: EINVALID, Message: en, MessageZH: zh}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || bytes.Contains([]byte(err.Error()), []byte("invalid character")) {
		return &Error{Code: EINVALID, Message: "is not valid JSON", MessageZH: "不是有效的 JSON"}
	}
	return &Error{Code: EINVALID, Message: "is invalid", MessageZH: "无效"}
}
