package attract

import (
	"slices"
	"strings"
	"time"
)

// Stage is where a project stands in its life cycle (PRODUCT.md "The project
// life cycle"): seven stages in order, and two off the line.
type Stage string

// The stages.
const (
	StageLead         Stage = "lead"         // 线索
	StageContacted    Stage = "contacted"    // 已接洽
	StageNegotiating  Stage = "negotiating"  // 在谈
	StageSigned       Stage = "signed"       // 签约
	StageRegistered   Stage = "registered"   // 注册
	StageConstruction Stage = "construction" // 开工
	StageOperating    Stage = "operating"    // 投产
	StageOnHold       Stage = "on_hold"      // 暂缓
	StageLost         Stage = "lost"         // 流失
)

// LineStages are the stages of the life cycle in order.
var LineStages = []Stage{StageLead, StageContacted, StageNegotiating, StageSigned, StageRegistered, StageConstruction, StageOperating}

// Stages lists every stage: the line, then on_hold and lost.
var Stages = append(slices.Clone(LineStages), StageOnHold, StageLost)

var stageLabels = map[Stage][2]string{
	StageLead: {"Lead", "线索"}, StageContacted: {"Contacted", "已接洽"}, StageNegotiating: {"Negotiating", "在谈"},
	StageSigned: {"Signed", "签约"}, StageRegistered: {"Registered", "注册"}, StageConstruction: {"Construction", "开工"},
	StageOperating: {"Operating", "投产"}, StageOnHold: {"On hold", "暂缓"}, StageLost: {"Lost", "流失"},
}

// Valid reports whether s is a stage.
func (s Stage) Valid() bool { _, ok := stageLabels[s]; return ok }

// Label returns the stage's name in "zh" or "en".
func (s Stage) Label(lang string) string {
	l, ok := stageLabels[s]
	if !ok {
		return string(s)
	}
	if lang == "zh" {
		return l[1]
	}
	return l[0]
}

// Index returns the position of s on the line (0 for lead), or -1 for
// on_hold and lost.
func (s Stage) Index() int { return slices.Index(LineStages, s) }

// LostReason says why a project was lost.
type LostReason string

// Reasons for losing a project.
const (
	LostOtherLocation LostReason = "other_location" // chose another location
	LostCancelled     LostReason = "cancelled"      // the investor cancelled the investment
	LostMerged        LostReason = "merged"         // merged into another project
	LostNotQualified  LostReason = "not_qualified"  // did not meet the agency's criteria
	LostNoResponse    LostReason = "no_response"    // the investor stopped answering
	LostOther         LostReason = "other"          // see the note
)

// LostReasons lists the reasons for losing a project.
var LostReasons = []LostReason{LostOtherLocation, LostCancelled, LostMerged, LostNotQualified, LostNoResponse, LostOther}

// StageMove asks to move a project to another stage. Patch, when given, is
// applied to the project in the same transaction before the gate is checked,
// so that a move can supply the fields its gate needs.
type StageMove struct {
	To         Stage      `json:"to"`
	Version    int64      `json:"version"`
	Note       string     `json:"note"`
	LostReason LostReason `json:"lost_reason"`
	Patch      Patch      `json:"set"`
}

// StageChange is one move in a project's stage history.
type StageChange struct {
	ID         int64      `json:"id"`
	ProjectID  int64      `json:"project_id"`
	From       *Stage     `json:"from"` // nil for the stage a project was created in
	To         Stage      `json:"to"`
	At         time.Time  `json:"at"`
	ActorID    *int64     `json:"actor_id"`
	ActorName  string     `json:"actor_name"`
	Note       string     `json:"note"`
	LostReason LostReason `json:"lost_reason,omitempty"`
}

// CheckGate checks that p, with its enterprise (the company established
// here, may be nil), may move from its stage to m.To. It reports every field
// the gate needs that is missing or invalid, named as in the JSON API.
//
// The gates: signed needs the contract date and the contracted amounts (total
// investment, and contracted foreign investment unless the project is
// domestic); registered needs the enterprise with its USCC (or foreign
// registration number) and registration date; construction needs the
// construction start date and the site; operating needs the operation start
// date. Skipping forward checks every gate passed. Moving back on the line,
// or out of on_hold or lost to an earlier stage than the one it left, needs a
// note; lost needs a reason.
func CheckGate(p *Project, enterprise *Company, m StageMove) error {
	var probs Problems
	if !m.To.Valid() {
		probs.Add("to", "must be one of %s", "须为以下之一：%s", joinStages())
		return probs.Err()
	}
	if m.To == p.Stage {
		probs.Add("to", "the project is already at this stage", "项目已处于该阶段")
		return probs.Err()
	}
	switch m.To {
	case StageLost:
		checkEnum(&probs, "lost_reason", m.LostReason, LostReasons, false)
		if m.LostReason == LostOther && strings.TrimSpace(m.Note) == "" {
			probs.Add("note", "is required when the reason is other", "原因为“其他”时必须填写说明")
		}
	case StageOnHold:
	default:
		if m.To.Index() < p.LineStage.Index() && strings.TrimSpace(m.Note) == "" {
			probs.Add("note", "a note is required to move a project back", "项目退回前一阶段时必须填写说明")
		}
		for _, s := range LineStages[:m.To.Index()+1] {
			checkStageFields(&probs, p, enterprise, s)
		}
	}
	return probs.Err()
}

// CheckReached checks that an edit keeps what the gates already passed
// required of the project's own fields: a signed project keeps its contract
// date and amounts, a registered one its enterprise, and so on. (The
// enterprise's own record is checked only when a project moves.)
func CheckReached(p *Project) error {
	var probs Problems
	line := p.LineStage.Index()
	for _, s := range LineStages[:line+1] {
		if s == StageRegistered {
			if p.EnterpriseID == nil {
				probs.Add("enterprise_id", "a registered project keeps its enterprise", "已注册的项目须保留其注册企业")
			}
			continue
		}
		checkStageFields(&probs, p, nil, s)
	}
	return probs.Err()
}

// checkStageFields records what the gate into s needs that p lacks.
func checkStageFields(probs *Problems, p *Project, enterprise *Company, s Stage) {
	switch s {
	case StageSigned:
		if p.ContractActual == nil {
			probs.Add("contract_actual", "the contract date is required to sign", "签约须填写合同签订日期")
		}
		if p.TotalInvestment == nil {
			probs.Add("total_investment", "the contracted total investment is required to sign", "签约须填写合同总投资")
		}
		if p.InvestmentMode != ModeDomestic && p.ContractedFDI == nil {
			probs.Add("contracted_fdi", "the contracted foreign investment is required to sign a foreign-invested project", "外资项目签约须填写合同外资")
		}
	case StageRegistered:
		switch {
		case p.EnterpriseID == nil || enterprise == nil:
			probs.Add("enterprise_id", "the registered enterprise is required", "须指定已注册的企业")
		default:
			if enterprise.USCC == "" && enterprise.ForeignRegNo == "" {
				probs.Add("enterprise.uscc", "the enterprise's USCC or foreign registration number is required", "须填写企业的统一社会信用代码或境外注册号")
			}
			if enterprise.RegistrationDate == nil {
				probs.Add("enterprise.registration_date", "the enterprise's registration date is required", "须填写企业注册日期")
			}
		}
	case StageConstruction:
		if p.ConstructionActual == nil {
			probs.Add("construction_actual", "the construction start date is required", "须填写实际开工日期")
		}
		if strings.TrimSpace(p.Site) == "" {
			probs.Add("site", "the site is required", "须填写项目载体（园区或地块）")
		}
	case StageOperating:
		if p.OperationActual == nil {
			probs.Add("operation_actual", "the operation start date is required", "须填写实际投产日期")
		}
	}
}

func joinStages() string {
	names := make([]string, len(Stages))
	for i, s := range Stages {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
