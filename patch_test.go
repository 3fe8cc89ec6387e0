package attract

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestPatchApply(t *testing.T) {
	p := ProjectFields{NameZH: "西银", Tags: []string{"a"}, TotalInvestment: &Money{100, "CNY"}}
	err := Patch{
		"name_en":          json.RawMessage(`"Xiyin"`),
		"total_investment": json.RawMessage(`null`),
		"expected_jobs":    json.RawMessage(`"many"`),
		"stage":            json.RawMessage(`"signed"`),
	}.Apply(&p)
	var fields []string
	for _, f := range ErrorFields(err) {
		fields = append(fields, f.Field)
	}
	slices.Sort(fields)
	if !slices.Equal(fields, []string{"expected_jobs", "stage"}) {
		t.Errorf("fields %v", fields)
	}
	if p.NameEN != "Xiyin" || p.TotalInvestment != nil || p.NameZH != "西银" {
		t.Errorf("after patch: %+v", p)
	}
}

// FuzzDecodeStrict feeds arbitrary bodies to the request decoder: it never
// panics, and every failure is an EINVALID error naming at least one field.
func FuzzDecodeStrict(f *testing.F) {
	for _, s := range []string{
		`{"name_zh":"肇庆新区西银智慧产业园","total_investment":"1.2亿元","contract_actual":"2023-10-19"}`,
		`{"total_investment":{"amount":"12.50","currency":"USD"},"tags":["a"],"probability":50}`,
		`{"to":"signed","version":3,"set":{"contract_actual":"2023-10-19"}}`,
		`[]`, `null`, `{"a":`, `{"expected_jobs":1e400}`, `{"owner_id":-1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, dst := range []any{&ProjectFields{}, &StageMove{}, &CompanyFields{}, &ActivityFields{}} {
			err := DecodeStrict(body, dst)
			if err == nil {
				continue
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) == 0 {
				t.Fatalf("DecodeStrict(%q) = %v, want EINVALID with fields", body, err)
			}
		}
	})
}
