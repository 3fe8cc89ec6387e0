package attract

import (
	"strings"
	"unicode"
)

// usccCharset is the alphabet of GB 32100-2015, in the order that gives each
// character its value for the check character: 0-9 and A-Z without I, O, Z,
// S and V, which are too easily misread.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights 3^(i) mod 31 of positions 1-17 (GB 32100-2015,
// after ISO 7064 MOD 31-3).
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccAuthority describes a registration authority (登记管理部门, position 1)
// and the institution types (机构类别, position 2) it issues codes for.
type usccAuthority struct {
	en, zh string
	types  string // allowed type characters; "" accepts any digit 1-9
}

// usccAuthorities is the table of GB 32100-2015 as amended. The other
// letters of the alphabet (usccLaterAuthorities) are accepted too, because
// authorities assigned after the table we hold may use them; we know no list
// of their institution types, so any digit passes there: rejecting a real
// enterprise's code would be worse than accepting a doubtful one.
var usccAuthorities = map[byte]usccAuthority{
	'1': {"establishment administration", "机构编制", "1239"},
	'2': {"foreign affairs", "外交", "19"},
	'3': {"justice administration", "司法行政", "123459"},
	'4': {"culture", "文化", "19"},
	'5': {"civil affairs", "民政", "1239"},
	'6': {"tourism", "旅游", "129"},
	'7': {"religious affairs", "宗教", "129"},
	'8': {"trade unions", "工会", "19"},
	'9': {"industry and commerce", "工商", "123"},
	'A': {"CMC reform and establishment office", "中央军委改革和编制办公室", "19"},
	'N': {"agriculture", "农业", "1239"},
	'Y': {"other", "其他", "1"},
}

// usccLaterAuthorities are the letters accepted as authorities beyond the
// table, with any digit as institution type.
const usccLaterAuthorities = "BCDEFGHJKLMPQRTUWX"

func usccAuthorityOf(c byte) (usccAuthority, bool) {
	if a, ok := usccAuthorities[c]; ok {
		return a, true
	}
	if strings.IndexByte(usccLaterAuthorities, c) >= 0 {
		return usccAuthority{"not in the 2015 table", "2015 年代码表以外", ""}, true
	}
	return usccAuthority{}, false
}

// NormalizeUSCC puts a unified social credit code as people type or paste it
// into its canonical form: trimmed, full-width characters made ASCII, upper
// case, without the spaces and hyphens used to group it. It does not check
// the code; ValidateUSCC does.
func NormalizeUSCC(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = foldWidth(r)
		switch {
		case unicode.IsSpace(r), r == '-', r == '‐', r == '‑', r == '–', r == '—':
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// ValidateUSCC checks a unified social credit code (统一社会信用代码) against
// GB 32100-2015: 18 characters of the standard's alphabet, a registration
// authority and an institution type from its tables, a six-digit division
// code, and the check character. It checks s as given; pass user input
// through NormalizeUSCC first. The EINVALID error says what is wrong.
func ValidateUSCC(s string) error {
	if n := len([]rune(s)); n != 18 {
		return Errorf(EINVALID, "%q is not a unified social credit code: it must have 18 characters, not %d",
			"%q 不是统一社会信用代码：应为 18 位，实际为 %d 位", s, n)
	}
	if err := checkUSCCChars(s); err != nil {
		return err
	}
	if err := checkUSCCStructure(s); err != nil {
		return err
	}
	want, _ := USCCCheckChar(s[:17])
	if s[17] != want {
		return Errorf(EINVALID, "%q is not a valid unified social credit code: the check character (18th) should be %c, not %c",
			"%q 不是有效的统一社会信用代码：校验码（第 18 位）应为 %c，而不是 %c", s, want, s[17])
	}
	return nil
}

// checkUSCCChars reports the first character of s outside the alphabet.
func checkUSCCChars(s string) error {
	pos := 0
	for _, r := range s {
		pos++
		if r >= 0x80 || strings.IndexByte(usccCharset, byte(r)) < 0 {
			return Errorf(EINVALID, "%q is not a valid unified social credit code: character %d (%q) is not allowed; only digits and capital letters other than I, O, Z, S and V are",
				"%q 不是有效的统一社会信用代码：第 %d 位字符 %q 不允许；只能使用数字和除 I、O、Z、S、V 以外的大写字母", s, pos, r)
		}
	}
	return nil
}

// checkUSCCStructure checks positions 1-8 of s, which holds at least 8
// characters of the alphabet.
func checkUSCCStructure(s string) error {
	a, ok := usccAuthorityOf(s[0])
	if !ok {
		return Errorf(EINVALID, "%q is not a valid unified social credit code: its 1st character %c is not a registration authority code",
			"%q 不是有效的统一社会信用代码：第 1 位 %c 不是登记管理部门代码", s, s[0])
	}
	if (a.types == "" && (s[1] < '1' || s[1] > '9')) || (a.types != "" && strings.IndexByte(a.types, s[1]) < 0) {
		return Errorf(EINVALID, "%[1]q is not a valid unified social credit code: its 2nd character %[2]c is not an institution type of registration authority %[3]c (%[4]s)",
			"%[1]q 不是有效的统一社会信用代码：第 2 位 %[2]c 不是登记管理部门 %[3]c（%[5]s）的机构类别代码", s, s[1], s[0], a.en, a.zh)
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return Errorf(EINVALID, "%q is not a valid unified social credit code: characters 3-8 must be digits (the administrative division code)",
				"%q 不是有效的统一社会信用代码：第 3-8 位应为数字（行政区划代码）", s)
		}
	}
	return nil
}

// USCCCheckChar computes the check character (position 18) of a unified
// social credit code from its first 17 characters, for forms that complete
// or correct a code. It needs only the alphabet to be right, not the
// authority or type codes.
func USCCCheckChar(first17 string) (byte, error) {
	if n := len([]rune(first17)); n != 17 {
		return 0, Errorf(EINVALID, "%q must have 17 characters to compute a check character, not %d",
			"%q 须为 17 位才能计算校验码，实际为 %d 位", first17, n)
	}
	if err := checkUSCCChars(first17); err != nil {
		return 0, err
	}
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(usccCharset, first17[i]) * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31], nil
}
