package web

import (
	"fmt"
	"maps"
	"strings"
)

// Every word the pages show lives in a catalog, in English and Simplified
// Chinese. Pages call {{.T "nav.desk"}}; a message without arguments is
// written into the template's text when the templates are parsed, once per
// language (writeStatic), and a missing key there stops the start.
// Elsewhere a missing key shows the key itself, and TestCatalogComplete
// fails on any key a template uses that the catalog lacks.

type message struct{ en, zh string }

var catalog = map[string]message{}

// register adds messages to the catalog; each page's file registers its own.
func register(ms map[string]message) bool {
	for k := range ms {
		if _, dup := catalog[k]; dup {
			panic("web: message registered twice: " + k)
		}
	}
	maps.Copy(catalog, ms)
	return true
}

// Localizer renders messages, numbers and dates in one language.
type Localizer struct {
	Lang string // "zh" or "en"
}

// T returns the message of key, formatted with args. When the first
// argument is the number 1 and the catalog has key+".one", that singular
// form is used ("1 project", not "1 projects").
func (l Localizer) T(key string, args ...any) string {
	if len(args) > 0 && args[0] == 1 {
		if _, ok := catalog[key+".one"]; ok {
			key += ".one"
		}
	}
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m.en
	if l.Lang == "zh" {
		s = m.zh
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// OtherLang returns the language to switch to.
func (l Localizer) OtherLang() string {
	if l.Lang == "zh" {
		return "en"
	}
	return "zh"
}

// negotiate picks "zh" or "en" from an Accept-Language header, honouring
// quality values; Chinese when the header asks for nothing we have, since
// Attract's users are Chinese agencies first.
func negotiate(header string) string {
	best, bestQ := "", -1.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			fmt.Sscanf(v, "%g", &q)
		}
		tag = strings.ToLower(tag)
		var lang string
		switch {
		case strings.HasPrefix(tag, "zh"):
			lang = "zh"
		case strings.HasPrefix(tag, "en"):
			lang = "en"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	if best == "" {
		return "zh"
	}
	return best
}

var _ = register(map[string]message{
	"app.name":        {"Attract", "Attract 招商"},
	"app.tagline":     {"The investment promotion desk", "招商引资工作台"},
	"nav.desk":        {"My desk", "我的工作台"},
	"nav.pipeline":    {"Pipeline", "项目看板"},
	"nav.projects":    {"Projects", "项目"},
	"nav.dashboard":   {"Figures", "统计"},
	"nav.companies":   {"Companies", "企业"},
	"nav.contacts":    {"Contacts", "联系人"},
	"nav.admin":       {"Admin", "系统管理"},
	"nav.rates":       {"Exchange rates", "汇率"},
	"nav.account":     {"My account", "我的账户"},
	"nav.signout":     {"Sign out", "退出"},
	"nav.skip":        {"Skip to content", "跳到正文"},
	"nav.menu":        {"Menu", "菜单"},
	"search.label":    {"Search projects, companies and contacts", "搜索项目、企业和联系人"},
	"search.button":   {"Search", "搜索"},
	"search.shortcut": {"Press / to search", "按 / 键搜索"},
	"lang.switch":     {"Switch language", "切换语言"},
	// The page's language, and the other one to switch to, as codes and
	// as the other's name in itself: written into the templates.
	"lang.html":        {"en", "zh-CN"},
	"lang.other":       {"zh", "en"},
	"lang.otherhtml":   {"zh-CN", "en"},
	"lang.othername":   {"中文", "English"},
	"form.save":        {"Save", "保存"},
	"form.cancel":      {"Cancel", "取消"},
	"form.create":      {"Create", "创建"},
	"form.errors":      {"Please correct the fields marked below.", "请修改下方标出的字段。"},
	"form.required":    {"required", "必填"},
	"form.optional":    {"optional", "选填"},
	"form.none":        {"— none —", "— 无 —"},
	"error.title":      {"Something went wrong", "出错了"},
	"error.notfound":   {"Not found", "未找到"},
	"error.forbidden":  {"Not allowed", "无权访问"},
	"error.back":       {"Back to my desk", "返回我的工作台"},
	"common.yes":       {"Yes", "是"},
	"common.listsep":   {", ", "、"},
	"common.no":        {"No", "否"},
	"common.edit":      {"Edit", "编辑"},
	"common.new":       {"New", "新建"},
	"common.all":       {"All", "全部"},
	"common.filter":    {"Filter", "筛选"},
	"common.clear":     {"Clear", "清除"},
	"common.next":      {"Next page", "下一页"},
	"common.first":     {"First page", "第一页"},
	"common.badcursor": {"This page link is out of date; here is the first page.", "分页链接已失效，已回到第一页。"},
	"common.none":      {"Nothing here yet.", "暂无内容。"},
	"common.key":       {"Key project", "重点项目"},
	"common.days":      {"%d days", "%d 天"},
	"common.actions":   {"Actions", "操作"},
	"common.name":      {"Name", "名称"},
	"common.notes":     {"Notes", "备注"},
	"common.owner":     {"Owner", "负责人"},
	"common.team":      {"Team", "团队"},
	"common.stage":     {"Stage", "阶段"},
	"common.updated":   {"Updated", "更新时间"},
	"common.demo":      {"Demo data", "演示数据"},
	"common.close":     {"Close", "关闭"},
	"common.loading":   {"Loading…", "加载中…"},
	"common.export":    {"Export", "导出"},
	"common.version":   {"Version %d", "版本 %d"},
})
