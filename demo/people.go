package demo

import (
	"fmt"
	"strings"

	"attract"
)

// person is an invented person with a name in both languages.
type person struct {
	zh, en   string
	emailKey string // the local part of their address: "thomas.becker"
	language string
	style    string
}

// person invents someone whose name is written in the given style.
func (g *generator) person(style, language string) person {
	p := person{style: style, language: language}
	switch style {
	case "hk", "tw":
		surnames, given, westernFirst := surnamesHK, givenHK, 0.5
		if style == "tw" {
			surnames, given, westernFirst = surnamesTW, givenTW, 0.4
		}
		s, n := pick(g, surnames), pick(g, given)
		p.zh = s.zh + n.zh
		if g.chance(westernFirst) {
			first := pick(g, englishMale)
			if n.female {
				first = pick(g, englishFemale)
			}
			p.en, p.emailKey = first+" "+s.en, first+"."+s.en
		} else {
			p.en, p.emailKey = s.en+" "+n.en, n.en+"."+s.en
		}
	case "mo":
		s, n := pick(g, surnamesMO), pick(g, givenMO)
		p.zh, p.en, p.emailKey = s.zh+n.zh, s.en+" "+n.en, n.en+"."+s.en
	case "sg":
		s, n := pick(g, surnamesSG), pick(g, givenSG)
		p.zh, p.en, p.emailKey = s.zh+n.zh, s.en+" "+n.en, n.en+"."+s.en
	case "jp":
		s, n := pick(g, surnamesJP), pick(g, givenJP)
		p.zh, p.en, p.emailKey = s.zh+n.zh, n.en+" "+s.en, s.en+"."+n.en
	case "kr":
		s, n := pick(g, surnamesKR), pick(g, givenKR)
		p.zh, p.en, p.emailKey = s.zh+n.zh, s.en+" "+n.en, n.en+"."+s.en
	case "de", "en", "fr":
		given, surnames := givenDE, surnamesDE
		if style == "en" {
			given, surnames = givenEN, surnamesEN
		} else if style == "fr" {
			given, surnames = givenFR, surnamesFR
		}
		n, s := pick(g, given), pick(g, surnames)
		p.zh, p.en, p.emailKey = n.zh+"·"+s.zh, n.en+" "+s.en, n.en+"."+s.en
	default: // "cn"
		s, n := pick(g, surnamesCN), pick(g, givenCN)
		p.zh, p.en, p.emailKey = s.zh+n.zh, s.en+" "+n.en, s.en+"."+n.en
	}
	p.emailKey = asciiKey(p.emailKey)
	return p
}

// asciiKey keeps the lower-case letters and dots of s, for mail addresses
// and WeChat IDs.
func asciiKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r == '.' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// contactFor invents a contact at a company whose mail domain is domain.
func (g *generator) contactFor(p person, title pair, domain, phoneStyle string) attract.ContactFields {
	c := attract.ContactFields{
		NameZH:   p.zh,
		NameEN:   p.en,
		Title:    title.zh + " / " + title.en,
		Email:    p.emailKey + "@" + domain,
		Phone:    g.phone(phoneStyle),
		Language: p.language,
	}
	// WeChat is how business is done with Chinese-speaking partners; fewer
	// foreigners have an account.
	wechat := 0.25
	switch p.style {
	case "cn", "hk", "mo", "tw", "sg":
		wechat = 0.85
	case "jp", "kr":
		wechat = 0.4
	}
	if g.chance(wechat) {
		c.WeChat = fmt.Sprintf("%s_%02d", strings.ReplaceAll(p.emailKey, ".", ""), g.r.IntN(100))
		if len(c.WeChat) > 40 {
			c.WeChat = c.WeChat[:40]
		}
	}
	return c
}

// phone invents a number in the local form. Where a numbering plan reserves
// numbers for fiction (the US 555-01xx, the UK's 07700 900xxx, France's
// 01 99 00), the demo uses them.
func (g *generator) phone(style string) string {
	d := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
		return b.String()
	}
	switch style {
	case "hk":
		return "+852 " + string("569"[g.r.IntN(3)]) + d(3) + " " + d(4)
	case "mo":
		return "+853 6" + d(3) + " " + d(4)
	case "tw":
		return "+886 9" + d(2) + " " + d(3) + " " + d(3)
	case "sg":
		return "+65 9" + d(3) + " " + d(4)
	case "jp":
		return "+81 90-" + d(4) + "-" + d(4)
	case "kr":
		return "+82 10-" + d(4) + "-" + d(4)
	case "de":
		return "+49 15" + d(1) + " " + d(7)
	case "us":
		return "+1 (" + pick(g, []string{"212", "312", "415", "617", "713"}) + ") 555-01" + d(2)
	case "gb":
		return "+44 7700 900" + d(3)
	case "fr":
		return "+33 1 99 00 " + d(2) + " " + d(2)
	default: // mainland mobile
		return "+86 13" + d(1) + " " + d(4) + " " + d(4)
	}
}

// registrationNumber invents a company registration number in the form of
// the economy's registry.
func (g *generator) registrationNumber(form string) string {
	d := func(n int) string {
		var b strings.Builder
		b.WriteByte(byte('1' + g.r.IntN(9)))
		for range n - 1 {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
		return b.String()
	}
	switch form {
	case "hk", "vg":
		return d(7)
	case "mo":
		return d(5) + "(SO)"
	case "tw":
		return d(8)
	case "sg":
		return fmt.Sprintf("%d%s%c", 2005+g.r.IntN(18), d(5), 'A'+rune(g.r.IntN(26)))
	case "jp":
		return d(13)
	case "kr":
		n := d(10)
		return n[:3] + "-" + n[3:5] + "-" + n[5:]
	case "de":
		return "HRB " + d(6)
	case "us":
		n := d(9)
		return "EIN " + n[:2] + "-" + n[2:]
	case "gb":
		return "0" + d(7)
	case "fr":
		n := d(9)
		return "SIREN " + n[:3] + " " + n[3:6] + " " + n[6:]
	case "ky":
		return "CR-" + d(6)
	}
	return ""
}

// gb11714Weights weigh the first eight characters of an organisation code
// (GB 11714-1997) for its check character.
var gb11714Weights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// uscc invents a unified social credit code for an enterprise registered in
// the division: authority 9 (industry and commerce), type 1 (enterprise),
// the division, and an organisation code of the form enterprises
// registered since 2015 receive ("MA" and six characters, then the GB 11714
// check character), closed by the GB 32100 check character. The same code is
// never handed out twice.
func (g *generator) uscc(division string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY" // GB 32100's characters
	for {
		org := []byte("MA")
		for range 6 {
			org = append(org, alphabet[g.r.IntN(len(alphabet))])
		}
		sum := 0
		for i, c := range org {
			v := int(c - '0')
			if c >= 'A' {
				v = int(c-'A') + 10
			}
			sum += v * gb11714Weights[i]
		}
		switch c := 11 - sum%11; c {
		case 10:
			org = append(org, 'X')
		case 11:
			org = append(org, '0')
		default:
			org = append(org, byte('0'+c))
		}
		first17 := "91" + division + string(org)
		check, err := attract.USCCCheckChar(first17)
		if err != nil {
			panic("demo: " + err.Error()) // the alphabet above is GB 32100's, so this cannot happen
		}
		code := first17 + string(check)
		if !g.usccTaken[code] {
			g.usccTaken[code] = true
			return code
		}
	}
}

// companyName names a company of economy e with brand b in industry word w,
// in the legal form of the economy.
func companyName(e int, b, w pair) pair {
	switch e {
	case econHK:
		return pair{b.zh + w.zh + "有限公司", b.en + " " + w.en + " Limited"}
	case econMO:
		return pair{"澳门" + b.zh + w.zh + "有限公司", b.en + " " + w.en + " (Macau) Limited"}
	case econTW:
		return pair{b.zh + w.zh + "股份有限公司", b.en + " " + w.en + " Co., Ltd."}
	case econSG:
		return pair{b.zh + w.zh + "私人有限公司", b.en + " " + w.en + " Pte. Ltd."}
	case econJP, econKR:
		return pair{b.zh + w.zh + "株式会社", b.en + " " + w.en + " Co., Ltd."}
	case econDE:
		return pair{"德国" + b.zh + w.zh + "有限公司", b.en + " " + w.en + " GmbH"}
	case econUS:
		return pair{"美国" + b.zh + w.zh + "公司", b.en + " " + w.en + " Inc."}
	case econGB:
		return pair{"英国" + b.zh + w.zh + "有限公司", b.en + " " + w.en + " Ltd"}
	case econFR:
		return pair{"法国" + b.zh + w.zh + "公司", b.en + " " + w.en + " SAS"}
	case econVG:
		return pair{b.zh + "控股有限公司", b.en + " Holdings Limited"}
	case econKY:
		return pair{b.zh + "集团控股有限公司", b.en + " Group Holdings Ltd."}
	}
	return pair{b.zh + w.zh + "有限公司", b.en + " " + w.en + " Co., Ltd."}
}

// subsidiaryName names the Hong Kong or Singapore arm of a group from
// elsewhere, the usual vehicle for its investment in the mainland.
func subsidiaryName(via int, b, w pair) pair {
	if via == econSG {
		return pair{b.zh + w.zh + "（新加坡）私人有限公司", b.en + " " + w.en + " (Singapore) Pte. Ltd."}
	}
	return pair{b.zh + w.zh + "（香港）有限公司", b.en + " " + w.en + " (Hong Kong) Limited"}
}

// domainOf makes a mail domain from a brand and an industry word.
func domainOf(b, w pair) string {
	key := strings.ReplaceAll(asciiKey(strings.ReplaceAll(b.en, " ", "")), ".", "")
	word := strings.ReplaceAll(asciiKey(strings.Fields(w.en + " group")[0]), ".", "")
	return key + "-" + word + ".example"
}
