package attract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// checkLen records a problem when s is longer than max characters.
func checkLen(p *Problems, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		p.Add(field, "must be at most %d characters", "不能超过 %d 个字符", max)
	}
}

// checkEnum records a problem when v is not one of allowed (or empty, when
// empty values are allowed).
func checkEnum[T ~string](p *Problems, field string, v T, allowed []T, emptyOK bool) {
	if (v == "" && emptyOK) || slices.Contains(allowed, v) {
		return
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	if v == "" {
		p.Required(field)
		return
	}
	p.Add(field, "must be one of %s", "须为以下之一：%s", strings.Join(names, ", "))
}

// checkCountry normalises *code to an ISO 3166 alpha-2 code, accepting any
// form LookupCountry knows, and records a problem when it is unknown.
func checkCountry(p *Problems, field string, code *string) {
	if *code == "" {
		return
	}
	c, ok := LookupCountry(*code)
	if !ok {
		p.Add(field, "%q is not a known country or economy", "%q 不是已知的国家或地区", *code)
		return
	}
	*code = c.Alpha2
}

// checkSector records a problem when *code is not an ISIC Rev.4 code, and
// otherwise writes it as the table does (" c " is "C").
func checkSector(p *Problems, field string, code *string) {
	if *code == "" {
		return
	}
	s, ok := SectorByCode(*code)
	if !ok {
		p.Add(field, "%q is not an ISIC Rev.4 code", "%q 不是 ISIC Rev.4 行业代码", *code)
		return
	}
	*code = s.Code
}
