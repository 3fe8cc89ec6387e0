package attract

import (
	"strings"
	"testing"
)

// validUSCCs are published codes of real organisations.
var validUSCCs = []string{
	"91350100M000100Y43",
	"91110000600037341L",
	"914403001922038216", // Huawei Technologies
	"9144030071526726XG", // Shenzhen Tencent Computer Systems
	"91330100716105852F", // Alibaba (China)
	"91440300192317458F", // BYD
	"91110108551385082Q", // Beijing Xiaomi Technology
	"91440300708461136T",
	"91110000100010433L",
	"91110000710935732K",
	"12100000400000624D", // a public institution (机构编制, 事业单位)
}

func TestValidateUSCC(t *testing.T) {
	for _, code := range validUSCCs {
		if err := ValidateUSCC(code); err != nil {
			t.Errorf("ValidateUSCC(%q) = %v", code, err)
		}
	}
}

func TestValidateUSCCInvalid(t *testing.T) {
	for _, tt := range []struct {
		code       string
		en, zh     string // substrings of the two messages
		notAllowed bool
	}{
		{"", "must have 18 characters, not 0", "应为 18 位，实际为 0 位", false},
		{"91350100M000100Y4", "must have 18 characters, not 17", "实际为 17 位", false},
		{"91350100M000100Y433", "not 19", "实际为 19 位", false},
		{"91350100M000100Y44", "check character (18th) should be 3, not 4", "校验码（第 18 位）应为 3，而不是 4", false},
		{"91110000600037341K", "should be L, not K", "应为 L，而不是 K", false},
		{"91350100M000100Y4I", "character 18 ('I') is not allowed", "第 18 位字符 'I' 不允许", true},
		{"91350100m000100Y43", "character 9 ('m') is not allowed", "第 9 位字符 'm' 不允许", true},
		{"91350100O000100Y43", "character 9 ('O') is not allowed", "第 9 位字符 'O' 不允许", true},
		{"91350100M000100S43", "character 16 ('S') is not allowed", "", true},
		{"91350100M00010０Y43", "character 15 ('０') is not allowed", "", true},
		{"01350100M000100Y43", "1st character 0 is not a registration authority code", "第 1 位 0 不是登记管理部门代码", false},
		{"94350100M000100Y43", "2nd character 4 is not an institution type of registration authority 9 (industry and commerce)",
			"第 2 位 4 不是登记管理部门 9（工商）的机构类别代码", false},
		{"Y2350100M000100Y43", "2nd character 2 is not an institution type of registration authority Y", "", false},
		{"54350100M000100Y43", "registration authority 5 (civil affairs)", "5（民政）", false},
		{"1A350100M000100Y43", "2nd character A is not an institution type", "", false},
		{"BA350100M000100Y43", "2nd character A is not an institution type", "", false},
		{"913501A0M000100Y43", "characters 3-8 must be digits", "第 3-8 位应为数字", false},
	} {
		err := ValidateUSCC(tt.code)
		e, ok := err.(*Error)
		if !ok || e.Code != EINVALID {
			t.Errorf("ValidateUSCC(%q) = %v; want an EINVALID *Error", tt.code, err)
			continue
		}
		if !strings.Contains(e.Message, tt.en) || !strings.Contains(e.MessageZH, tt.zh) || e.MessageZH == e.Message {
			t.Errorf("ValidateUSCC(%q) = %q / %q; want %q / %q", tt.code, e.Message, e.MessageZH, tt.en, tt.zh)
		}
		if strings.Contains(e.Message, "%!") || strings.Contains(e.MessageZH, "%!") {
			t.Errorf("ValidateUSCC(%q): bad format: %q / %q", tt.code, e.Message, e.MessageZH)
		}
	}
}

// Authorities beyond the 2015 table are accepted with any digit as type, and
// those in it only with the types it lists.
func TestValidateUSCCAuthorities(t *testing.T) {
	for _, tt := range []struct {
		first2 string
		valid  bool
	}{
		{"11", true}, {"12", true}, {"13", true}, {"19", true}, {"14", false},
		{"51", true}, {"52", true}, {"53", true}, {"59", true}, {"55", false},
		{"91", true}, {"92", true}, {"93", true}, {"99", false}, {"90", false},
		{"Y1", true}, {"Y9", false},
		{"31", true}, {"35", true}, {"36", false},
		{"A1", true}, {"A2", false}, {"N3", true}, {"N4", false},
		{"G1", true}, {"G7", true}, {"G0", false}, {"X5", true},
		{"01", false}, {"Z1", false},
	} {
		first17 := tt.first2 + "350100M000100Y4"
		c, err := USCCCheckChar(first17)
		if tt.first2 == "Z1" {
			if err == nil {
				t.Errorf("USCCCheckChar(%q) accepted Z", first17)
			}
			continue
		}
		if err != nil {
			t.Fatalf("USCCCheckChar(%q) = %v", first17, err)
		}
		code := first17 + string(c)
		if err := ValidateUSCC(code); (err == nil) != tt.valid {
			t.Errorf("ValidateUSCC(%q) = %v; want valid %v", code, err, tt.valid)
		}
	}
}

func TestNormalizeUSCC(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"91350100M000100Y43", "91350100M000100Y43"},
		{"  91350100m000100y43\n", "91350100M000100Y43"},
		{"9135 0100 M000 100Y 43", "91350100M000100Y43"},
		{"913501-00M000100-Y43", "91350100M000100Y43"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"},
		{"91350100M000100Y43", "91350100M000100Y43"},
		{"", ""},
	} {
		got := NormalizeUSCC(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" {
			if err := ValidateUSCC(got); err != nil {
				t.Errorf("ValidateUSCC(NormalizeUSCC(%q)) = %v", tt.in, err)
			}
		}
	}
}

func TestUSCCCheckChar(t *testing.T) {
	for _, code := range validUSCCs {
		c, err := USCCCheckChar(code[:17])
		if err != nil || c != code[17] {
			t.Errorf("USCCCheckChar(%q) = %c, %v; want %c", code[:17], c, err, code[17])
		}
	}
	for _, in := range []string{"", "91350100M000100Y", "91350100M000100Y43", "91350100M000100I4", "9135010０M000100Y4"} {
		if c, err := USCCCheckChar(in); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("USCCCheckChar(%q) = %c, %v; want EINVALID", in, c, err)
		}
	}
}

func FuzzValidateUSCC(f *testing.F) {
	for _, code := range validUSCCs {
		f.Add(code)
	}
	f.Add("91350100M000100Y44")
	f.Add("９１３５０１００ｍ０００１００ｙ４３")
	f.Add("Y1350100M000100Y4")
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateUSCC(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ValidateUSCC(%q) = %v; want EINVALID", s, err)
			}
		} else if n := NormalizeUSCC(s); n != s || ValidateUSCC(n) != nil {
			t.Fatalf("valid %q normalizes to %q", s, n)
		}
		_ = ValidateUSCC(NormalizeUSCC(s))

		// Completing any 17 characters of the alphabet with their check
		// character yields a code that is valid exactly when positions 1-8
		// are, and whose check character is never the complaint.
		if len(s) < 17 || checkUSCCChars(s[:17]) != nil {
			return
		}
		c, err := USCCCheckChar(s[:17])
		if err != nil {
			t.Fatalf("USCCCheckChar(%q) = %v", s[:17], err)
		}
		code := s[:17] + string(c)
		err = ValidateUSCC(code)
		if (err == nil) != (checkUSCCStructure(code) == nil) {
			t.Fatalf("ValidateUSCC(%q) = %v, structure %v", code, err, checkUSCCStructure(code))
		}
		if err != nil && strings.Contains(err.Error(), "check character") {
			t.Fatalf("ValidateUSCC(%q) complains of its computed check character: %v", code, err)
		}
	})
}
