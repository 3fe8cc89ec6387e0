package importer

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"attract"
)

// Sponsor is one investor of a project as the World Bank's PPI database
// lists them: "NWS Holdings Limited (29% / Hong Kong, China)".
type Sponsor struct {
	Name    string
	Stake   *float64 // percent; nil when the source gives ".." (not disclosed)
	Economy string   // as written
	Country string   // ISO 3166 alpha-2, "" when the economy is unknown
}

// String writes the sponsor back in the source's form.
func (s Sponsor) String() string {
	stake := ".."
	if s.Stake != nil {
		stake = strconv.FormatFloat(*s.Stake, 'f', -1, 64) + "%"
	}
	economy := s.Economy
	if economy == "" {
		economy = ".."
	}
	return fmt.Sprintf("%s (%s / %s)", s.Name, stake, economy)
}

// stakeRE is the stake and home economy in brackets after a sponsor's name.
// Names have brackets of their own ("Protection (Asia) Water Treatment
// Holding", "CSD (Beijing) Environmental ..."): only a bracket holding a
// slash is a stake.
var stakeRE = regexp.MustCompile(`[(（]\s*((?:[0-9]+(?:\.[0-9]+)?\s*[%％]?)|\.\.|n/?a|-)?\s*[/／]\s*([^()（）/／]*?)\s*[)）]`)

// ParseSponsors splits a list of sponsors, each a name followed by its
// stake and home economy in brackets, separated by commas, semicolons or
// line breaks: "NWS Holdings Limited (29% / Hong Kong, China), SUEZ (29% /
// France)". A list without such brackets is one sponsor per separator-free
// name. It fails on a stake outside 0 to 100%.
func ParseSponsors(s string) ([]Sponsor, error) {
	s = strings.TrimSpace(strings.NewReplacer("\r", "\n").Replace(s))
	if IsEmpty(s) {
		return nil, nil
	}
	locs := stakeRE.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		var out []Sponsor
		for _, name := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == '、' }) {
			if name = strings.TrimSpace(name); name != "" {
				out = append(out, Sponsor{Name: name})
			}
		}
		return out, nil
	}
	var out []Sponsor
	prev := 0
	for _, loc := range locs {
		name := strings.Trim(s[prev:loc[0]], " \t\n,，;；、")
		prev = loc[1]
		if name == "" {
			continue
		}
		sp := Sponsor{Name: strings.Join(strings.Fields(name), " ")}
		if loc[2] >= 0 {
			raw := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s[loc[2]:loc[3]]), "%％"))
			if f, err := strconv.ParseFloat(raw, 64); err == nil {
				if f < 0 || f > 100 {
					return nil, invalid("the stake of %q is not between 0%% and 100%%", "“%s”的股比不在 0%% 与 100%% 之间", sp.Name)
				}
				sp.Stake = &f
			}
		}
		if econ := strings.TrimSpace(s[loc[4]:loc[5]]); !IsEmpty(econ) {
			sp.Economy = econ
			if c, err := ParseCountry(econ); err == nil {
				sp.Country = c.Alpha2
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

// sponsorShares is what the sponsors say about a project's ownership.
type sponsorShares struct {
	known   bool    // every stake and home economy is given, and they add up
	over    bool    // the stakes add up to more than 100%
	foreign float64 // the stakes of sponsors from outside the mainland, in percent
}

// shares adds up the stakes of sponsors from outside the mainland (Hong
// Kong, Macao and Taiwan count as foreign, as China's FDI statistics count
// them).
func shares(sps []Sponsor) sponsorShares {
	sh := sponsorShares{known: len(sps) > 0}
	total := 0.0
	for _, sp := range sps {
		if sp.Stake == nil || sp.Country == "" {
			sh.known = false
			continue
		}
		total += *sp.Stake
		if sp.Country != "CN" {
			sh.foreign += *sp.Stake
		}
	}
	if total > 100.0001 {
		sh.known, sh.over = false, true
	}
	return sh
}

// mode is the investment mode the shares imply: none foreign is domestic,
// all foreign a wholly foreign-owned enterprise, anything between an equity
// joint venture.
func (sh sponsorShares) mode() attract.InvestmentMode {
	switch {
	case sh.foreign == 0:
		return attract.ModeDomestic
	case sh.foreign >= 100:
		return attract.ModeWFOE
	}
	return attract.ModeEJV
}

// shareOf returns pct percent of m, rounded half away from zero to the
// currency's minor unit, exactly.
func shareOf(m attract.Money, pct float64) attract.Money {
	bp := big.NewInt(int64(math.Round(pct * 100))) // basis points
	v := new(big.Int).Mul(big.NewInt(m.Amount), bp)
	q, r := new(big.Int).QuoRem(v, big.NewInt(10000), new(big.Int))
	if new(big.Int).Abs(r).Cmp(big.NewInt(5000)) >= 0 {
		q.Add(q, big.NewInt(int64(v.Sign())))
	}
	return attract.Money{Amount: q.Int64(), Currency: m.Currency}
}
