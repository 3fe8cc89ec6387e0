package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"attract"
	"attract/sqlstore"

	"golang.org/x/text/width"
)

// Companies are recognised by their USCC, then by their name with the
// differences that do not distinguish two companies taken out: width, case,
// spacing, punctuation and the legal form (有限公司, Co., Ltd., GmbH...).

// zhForms are Chinese legal forms, longest first.
var zhForms = []string{"股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司"}

// enForms are English and other legal forms, as words, tried at the end of
// the name again and again ("Co., Ltd." is "co" then "ltd").
var enForms = map[string]bool{
	"co": true, "company": true, "ltd": true, "limited": true, "inc": true, "incorporated": true, "corp": true,
	"corporation": true, "gmbh": true, "ag": true, "sa": true, "pte": true, "plc": true, "llc": true, "bv": true,
	"nv": true, "srl": true, "spa": true, "kk": true, "se": true, "lp": true, "llp": true, "sarl": true, "sas": true,
}

// dottedForms joins dotted abbreviations into words before punctuation goes:
// "S.A." → "sa", "S. p. A." → "spa".
var dottedForms = regexp.MustCompile(`\b([a-z])\.\s?([a-z])\.(?:\s?([a-z])\.)?`)

// CompanyKey reduces a company's name to what identifies it: "NWS Holdings
// Limited", "NWS HOLDINGS LTD." and "ＮＷＳ Holdings" give the same key, and
// so do 西银智慧产业园有限公司 and 西银智慧产业园有限责任公司.
func CompanyKey(name string) string {
	s := strings.ToLower(width.Fold.String(name))
	s = dottedForms.ReplaceAllStringFunc(s, func(m string) string { return strings.NewReplacer(".", "", " ", "").Replace(m) })
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			words = append(words, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	for len(words) > 1 && enForms[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	key := strings.Join(words, "")
	for _, f := range zhForms {
		if k, ok := strings.CutSuffix(key, f); ok && k != "" {
			key = k
			break
		}
	}
	return key
}

// companyIndex holds every company's key, so that each row matches its
// companies in memory rather than by a query.
type companyIndex struct {
	byUSCC map[string]int64
	byKey  map[string][]int64
	info   map[int64]companyInfo
}

type companyInfo struct {
	name, uscc string
	keys       []string
	archived   bool
}

func newCompanyIndex() *companyIndex {
	return &companyIndex{byUSCC: map[string]int64{}, byKey: map[string][]int64{}, info: map[int64]companyInfo{}}
}

func (ix *companyIndex) add(c sqlstore.CompanyName) {
	info := companyInfo{name: c.NameZH, uscc: c.USCC, archived: c.Archived}
	if info.name == "" {
		info.name = c.NameEN
	}
	for _, n := range []string{c.NameZH, c.NameEN} {
		if k := CompanyKey(n); k != "" && !slices.Contains(info.keys, k) {
			info.keys = append(info.keys, k)
			ix.byKey[k] = append(ix.byKey[k], c.ID)
		}
	}
	if c.USCC != "" {
		ix.byUSCC[c.USCC] = c.ID
	}
	ix.info[c.ID] = info
}

func (ix *companyIndex) addCompany(c *attract.Company) {
	ix.add(sqlstore.CompanyName{ID: c.ID, NameZH: c.NameZH, NameEN: c.NameEN, USCC: c.USCC, Archived: c.ArchivedAt != nil})
}

// remove forgets a company created by a row that was then rejected.
func (ix *companyIndex) remove(id int64) {
	info, ok := ix.info[id]
	if !ok {
		return
	}
	for _, k := range info.keys {
		ix.byKey[k] = slices.DeleteFunc(ix.byKey[k], func(x int64) bool { return x == id })
	}
	if info.uscc != "" && ix.byUSCC[info.uscc] == id {
		delete(ix.byUSCC, info.uscc)
	}
	delete(ix.info, id)
}

// match returns the companies a name may mean: those with its key, the live
// ones when any is live, leaving out any whose USCC differs from a given one.
func (ix *companyIndex) match(name, uscc string) []int64 {
	k := CompanyKey(name)
	if k == "" {
		return nil
	}
	var live, all []int64
	for _, id := range ix.byKey[k] {
		info := ix.info[id]
		if uscc != "" && info.uscc != "" && info.uscc != uscc {
			continue
		}
		all = append(all, id)
		if !info.archived {
			live = append(live, id)
		}
	}
	if len(live) > 0 {
		return live
	}
	return all
}

// describe names companies for a message: "#12 西银, #34 Xiyin Ltd".
func (ix *companyIndex) describe(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("#%d %s", id, ix.info[id].name)
	}
	return strings.Join(parts, ", ")
}
