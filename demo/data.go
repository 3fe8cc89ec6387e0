package demo

// The word lists the generator draws from. Every company, person and phone
// number is invented; the brands avoid well-known names so that no real
// enterprise appears to invest where it does not. Lists are slices, never
// maps, so that drawing from them is deterministic.

// pair is a Chinese text with its English counterpart.
type pair struct{ zh, en string }

// weighted is an index (into a list the context names) and its weight.
type weighted struct{ i, w int }

// teamNames are the desks of the demo agency: one per group of source
// economies, and one for industrial-chain work that follows sectors rather
// than origins (产业链招商).
var teamNames = []string{"港澳台招商组", "欧美招商组", "日韩及东南亚招商组", "产业链招商组"}

const (
	teamHKMOTW = iota
	teamEuropeAmerica
	teamAsia
	teamChain
)

// staffSpec is one demo user.
type staffSpec struct {
	username, name string
	role           string
	team           int // -1 for none
	language       string
}

// staffSpecs are the users of the demo agency. The usernames are the pinyin
// of their names, as Chinese government systems usually spell them.
var staffSpecs = []staffSpec{
	{"liang.zhiqiang", "梁志强", "director", -1, "zh"},
	{"huang.lihua", "黄丽华", "director", -1, "zh"},
	{"chen.jie", "陈杰", "officer", teamHKMOTW, "zh"},
	{"li.jiaxin", "李嘉欣", "officer", teamHKMOTW, "zh"},
	{"he.zhiming", "何志明", "officer", teamHKMOTW, "zh"},
	{"wang.lei", "王磊", "officer", teamEuropeAmerica, "zh"},
	{"zhang.min", "张敏", "officer", teamEuropeAmerica, "zh"},
	{"liu.siyuan", "刘思远", "officer", teamEuropeAmerica, "en"},
	{"lin.xiaoyan", "林晓燕", "officer", teamAsia, "zh"},
	{"zhao.yu", "赵宇", "officer", teamAsia, "zh"},
	{"wu.jiaqi", "吴佳琪", "officer", teamAsia, "zh"},
	{"zhou.jianguo", "周建国", "officer", teamChain, "zh"},
	{"zheng.haitao", "郑海涛", "officer", teamChain, "zh"},
	{"sun.yue", "孙悦", "officer", teamChain, "zh"},
	{"feng.xuemei", "冯雪梅", "integrity", -1, "zh"},
	{"xu.wenbo", "许文博", "viewer", -1, "zh"},
	{"deng.xiaolin", "邓晓琳", "viewer", -1, "zh"},
}

// staffDomain is the mail domain of the demo agency.
const staffDomain = "zqinvest.example"

// economy is a source economy of investors.
type economy struct {
	code       string // ISO 3166 alpha-2
	weight     int
	team       int
	style      string // how its people's names are written; see people.go
	language   string // preferred language of its people
	regNo      string // form of its company registration numbers; see people.go
	brands     []pair
	favour     []string   // ISIC classes its investors choose more often
	currencies []string   // of contracted foreign investment
	routes     []weighted // ultimate economies (indexes into economies) when it is an intermediate
	phone      string     // phone number form; see people.go
}

// Indexes into economies, for the routes and the named projects.
const (
	econHK = iota
	econMO
	econTW
	econSG
	econJP
	econKR
	econDE
	econUS
	econGB
	econFR
	econVG
	econKY
	econCN
)

// economies are where the demo's investors come from, weighted so that Hong
// Kong brings the largest share, as it does in Guangdong's statistics, and
// with BVI and Cayman holding companies that route the money of groups
// headquartered elsewhere.
var economies = []economy{
	econHK: {code: "HK", weight: 36, team: teamHKMOTW, style: "hk", language: "zh", regNo: "hk", phone: "hk",
		brands: []pair{{"嘉华", "Ka Wah"}, {"永利", "Wing Lee"}, {"恒昌", "Hang Cheong"}, {"荣达", "Wing Tat"}, {"泰丰", "Tai Fung"},
			{"宏德", "Wang Tak"}, {"利达", "Lee Tat"}, {"丰盛", "Fung Shing"}, {"德信", "Tak Shun"}, {"建业", "Kin Yip"},
			{"伟业", "Wai Yip"}, {"万通", "Man Tung"}, {"祥发", "Cheung Fat"}, {"富华", "Fu Wah"}, {"安盛", "On Shing"}},
		favour:     []string{"2610", "2592", "2599", "1075", "5210", "2750"},
		currencies: []string{"HKD", "USD"},
		routes:     []weighted{{econHK, 70}, {econCN, 12}, {econJP, 5}, {econUS, 5}, {econSG, 4}, {econDE, 4}}},
	econMO: {code: "MO", weight: 6, team: teamHKMOTW, style: "mo", language: "zh", regNo: "mo", phone: "mo",
		brands: []pair{{"莲峰", "Lin Fong"}, {"澳信", "Ou Son"}, {"嘉澳", "Ka Ou"}, {"福隆", "Fok Long"}, {"南湾", "Nam Van"},
			{"永福", "Weng Fok"}, {"澳华", "Ou Wa"}, {"妈阁", "Ma Kok"}},
		favour:     []string{"2100", "0128", "1075", "1079", "1030"},
		currencies: []string{"HKD", "USD"},
		routes:     []weighted{{econMO, 100}}},
	econTW: {code: "TW", weight: 8, team: teamHKMOTW, style: "tw", language: "zh", regNo: "tw", phone: "tw",
		brands: []pair{{"鼎新", "Ding Hsin"}, {"宏昇", "Hung Sheng"}, {"联嘉", "Lien Chia"}, {"建元", "Chien Yuan"}, {"精湛", "Ching Chan"},
			{"弘裕", "Hung Yu"}, {"台嘉", "Tai Chia"}, {"益通", "Yi Tung"}, {"华晶", "Hua Ching"}, {"正隆", "Cheng Lung"}},
		favour:     []string{"2610", "2930", "2592", "2750"},
		currencies: []string{"USD"},
		routes:     []weighted{{econTW, 100}}},
	econSG: {code: "SG", weight: 6, team: teamAsia, style: "sg", language: "en", regNo: "sg", phone: "sg",
		brands: []pair{{"狮峰", "Lion Peak"}, {"子午", "Meridian"}, {"港湾", "Harbourfront"}, {"加冷", "Kallang"}, {"胡姬", "Orchid"},
			{"南洋", "Nanyang"}, {"海峡", "Straits"}, {"星岸", "Starshore"}},
		favour:     []string{"5210", "2610", "1079", "6201"},
		currencies: []string{"USD"},
		routes:     []weighted{{econSG, 85}, {econCN, 15}}},
	econJP: {code: "JP", weight: 6, team: teamAsia, style: "jp", language: "ja", regNo: "jp", phone: "jp",
		brands: []pair{{"丸山", "Maruyama"}, {"大和", "Yamato"}, {"北斗", "Hokuto"}, {"东和", "Towa"}, {"中村", "Nakamura"},
			{"高桥", "Takahashi"}, {"山本", "Yamamoto"}, {"千代田", "Chiyoda"}, {"富士见", "Fujimi"}, {"日进", "Nisshin"}},
		favour:     []string{"2930", "2610", "2720", "2750"},
		currencies: []string{"USD"},
		routes:     []weighted{{econJP, 100}}},
	econKR: {code: "KR", weight: 4, team: teamAsia, style: "kr", language: "ko", regNo: "kr", phone: "kr",
		brands: []pair{{"世元", "Sewon"}, {"东一", "Dongil"}, {"星辰", "Sungjin"}, {"韩星", "Hanseong"}, {"大元", "Daewon"},
			{"永进", "Youngjin"}, {"光明", "Kwangmyung"}},
		favour:     []string{"2930", "2720", "2610"},
		currencies: []string{"USD"},
		routes:     []weighted{{econKR, 100}}},
	econDE: {code: "DE", weight: 6, team: teamEuropeAmerica, style: "de", language: "de", regNo: "de", phone: "de",
		brands: []pair{{"凯勒", "Keller"}, {"霍夫曼", "Hoffmann"}, {"瓦格纳", "Wagner"}, {"福格尔", "Vogel"}, {"布兰特", "Brandt"},
			{"克劳斯", "Krause"}, {"贝格曼", "Bergmann"}, {"洛伦茨", "Lorenz"}},
		favour:     []string{"2930", "2910", "2100", "2592"},
		currencies: []string{"EUR"},
		routes:     []weighted{{econDE, 100}}},
	econUS: {code: "US", weight: 5, team: teamEuropeAmerica, style: "en", language: "en", regNo: "us", phone: "us",
		brands: []pair{{"峰汇", "Summit"}, {"湖岸", "Lakeshore"}, {"明川", "Bright River"}, {"雪松", "Cedar"}, {"蓝岭", "Blue Ridge"},
			{"红岩", "Red Rock"}, {"鹰峰", "Eagle Peak"}, {"橡树", "Oakwood"}},
		favour:     []string{"2100", "6201", "2610", "7210"},
		currencies: []string{"USD"},
		routes:     []weighted{{econUS, 100}}},
	econGB: {code: "GB", weight: 3, team: teamEuropeAmerica, style: "en", language: "en", regNo: "gb", phone: "gb",
		brands:     []pair{{"阿什福德", "Ashford"}, {"泰晤士", "Thames"}, {"惠特莫尔", "Whitmore"}, {"温莎", "Windsor"}, {"哈德利", "Hadley"}},
		favour:     []string{"5210", "2100", "6201"},
		currencies: []string{"USD"},
		routes:     []weighted{{econGB, 100}}},
	econFR: {code: "FR", weight: 3, team: teamEuropeAmerica, style: "fr", language: "fr", regNo: "fr", phone: "fr",
		brands:     []pair{{"卢米埃", "Lumiere"}, {"里瓦日", "Rivage"}, {"莫罗", "Moreau"}, {"博利厄", "Beaulieu"}, {"杜兰", "Durand"}},
		favour:     []string{"2100", "2610", "1050", "2930"},
		currencies: []string{"EUR"},
		routes:     []weighted{{econFR, 100}}},
	econVG: {code: "VG", weight: 5, team: -1, style: "", language: "en", regNo: "vg", phone: "",
		brands: []pair{{"太平峰", "Pacific Crest"}, {"翠港", "Jade Harbour"}, {"长青湾", "Evergreen Bay"}, {"金帆", "Golden Sail"},
			{"东方辰", "Orient Dawn"}, {"瑞海", "Auspicious Sea"}},
		currencies: []string{"USD", "HKD"},
		routes:     []weighted{{econHK, 35}, {econTW, 25}, {econCN, 25}, {econUS, 15}}},
	econKY: {code: "KY", weight: 3, team: -1, style: "", language: "en", regNo: "ky", phone: "",
		brands:     []pair{{"恒远", "Everlasting Vista"}, {"云帆", "Cloud Sail"}, {"汇海", "Confluence"}, {"鼎峰", "Summit Tripod"}},
		currencies: []string{"USD"},
		routes:     []weighted{{econCN, 50}, {econHK, 25}, {econUS, 25}}},
	econCN: {code: "CN", weight: 12, team: teamChain, style: "cn", language: "zh", regNo: "cn", phone: "cn",
		brands: []pair{{"华创", "Huachuang"}, {"瑞丰", "Ruifeng"}, {"智恒", "Zhiheng"}, {"汇能", "Huineng"}, {"宏远", "Hongyuan"},
			{"鑫达", "Xinda"}, {"启航", "Qihang"}, {"联盛", "Liansheng"}, {"德润", "Derun"}, {"粤强", "Yueqiang"}, {"新辉", "Xinhui"}},
		favour:     []string{"2720", "2910", "2930", "6201", "1075"},
		currencies: nil,
		routes:     []weighted{{econCN, 100}}},
}

// mainlandCities are where the demo's domestic investors are registered,
// with the division code their USCCs carry.
var mainlandCities = []struct {
	zh, en, division string
}{
	{"广州", "Guangzhou", "440106"}, {"深圳", "Shenzhen", "440300"}, {"佛山", "Foshan", "440604"},
	{"东莞", "Dongguan", "441900"}, {"珠海", "Zhuhai", "440400"}, {"中山", "Zhongshan", "442000"},
}

// park is where a project may land. County parks take their names from the
// reference data (see parks in demo.go), so that the demo agrees with the
// divisions the rest of Attract knows.
type park struct {
	name     string // as the project's Park field shows it; "" to look up division
	division string // six-digit division code, also the USCC's positions 3-8
	places   []string
}

// Indexes into parkSpecs.
const (
	parkHiTech = iota
	parkNewDistrict
	parkCluster
	parkDuanzhou
	parkDinghu
	parkGaoyao
	parkSihui
	parkHuaiji
	parkDeqing
	parkGuangning
	parkFengkai
)

// parkSpecs are Zhaoqing's development zones and its counties (under 4412).
// The zones are not divisions, so their enterprises carry the city's code.
var parkSpecs = []park{
	parkHiTech:      {"肇庆高新区", "441200", []string{"大旺片区", "迎宾大道片区", "高新区北片区"}},
	parkNewDistrict: {"肇庆新区", "441200", []string{"长利湖片区", "砚阳湖片区", "总部经济区"}},
	parkCluster:     {"广东（肇庆）大型产业集聚区", "441200", []string{"富溪片区", "白土片区"}},
	parkDuanzhou:    {"", "441202", []string{"睦岗街道", "端州工业城"}},
	parkDinghu:      {"", "441203", []string{"永安镇", "莲花镇"}},
	parkGaoyao:      {"", "441204", []string{"金利镇", "蛟塘镇"}},
	parkSihui:       {"", "441284", []string{"大沙镇", "龙甫镇", "东城街道"}},
	parkHuaiji:      {"", "441224", []string{"怀城街道", "冷坑镇"}},
	parkDeqing:      {"", "441226", []string{"德城街道", "官圩镇"}},
	parkGuangning:   {"", "441223", []string{"南街街道"}},
	parkFengkai:     {"", "441225", []string{"江口街道"}},
}

// industry is a sector the demo's projects fall in: an ISIC Rev.4 class
// that fits Zhaoqing's industrial plan, with the words its companies and
// projects are named with.
type industry struct {
	isic     string
	weight   int
	company  []pair // what a company in it calls itself
	products []pair // what a project in it builds or makes
	activity string // business activity (attract.BusinessActivities), or ""
	// tech is the OECD class of R&D intensity of the activity (OECD, "ISIC
	// Rev.4 taxonomy of economic activities by R&D intensity", 2016), a
	// reading of "technology level" that statistics offices share.
	tech    string
	jobs    int     // jobs per 1亿元 invested
	land    bool    // needs land and energy rather than offices
	scale   float64 // added to the log10 of the investment: farms and offices are smaller
	parks   []weighted
	tags    []string
	offices bool // sits in office buildings, not on land parcels
}

// industries are the demo's sectors, weighted as Zhaoqing's pipeline leans:
// new-energy vehicles and their parts, electronics, metals, food for the Bay
// Area, traditional Chinese medicine, logistics.
var industries = []industry{
	{isic: "2930", weight: 14, activity: "manufacturing", tech: "medium_high", jobs: 60, land: true,
		company:  []pair{{"汽车零部件", "Auto Parts"}, {"汽车饰件", "Automotive Trim"}, {"汽车电子", "Automotive Electronics"}, {"精密模具", "Precision Moulds"}},
		products: []pair{{"汽车零部件", "Auto Parts"}, {"汽车座椅", "Automotive Seating"}, {"汽车线束", "Automotive Wiring Harness"}, {"汽车电子", "Automotive Electronics"}, {"新能源汽车电机", "EV Motor"}},
		parks:    []weighted{{parkHiTech, 5}, {parkCluster, 3}, {parkGaoyao, 1}, {parkSihui, 1}},
		tags:     []string{"新能源汽车", "汽车零部件"}},
	{isic: "2910", weight: 4, activity: "manufacturing", tech: "medium_high", jobs: 40, land: true, scale: 0.3,
		company:  []pair{{"新能源汽车", "New Energy Vehicles"}, {"专用车", "Special Vehicles"}},
		products: []pair{{"新能源商用车", "New Energy Commercial Vehicle"}, {"电动专用车", "Electric Special Vehicle"}, {"新能源整车", "New Energy Vehicle Assembly"}},
		parks:    []weighted{{parkCluster, 5}, {parkHiTech, 3}},
		tags:     []string{"新能源汽车"}},
	{isic: "2720", weight: 7, activity: "manufacturing", tech: "medium_high", jobs: 35, land: true, scale: 0.2,
		company:  []pair{{"新能源", "New Energy"}, {"电池科技", "Battery Technology"}},
		products: []pair{{"动力电池", "Power Battery"}, {"储能电池", "Energy Storage Battery"}, {"电池模组", "Battery Module"}},
		parks:    []weighted{{parkCluster, 5}, {parkHiTech, 3}, {parkSihui, 1}},
		tags:     []string{"新能源", "储能"}},
	{isic: "2610", weight: 10, activity: "manufacturing", tech: "high", jobs: 80, land: true,
		company:  []pair{{"电子", "Electronics"}, {"电子科技", "Electronic Technology"}, {"电路", "Circuits"}},
		products: []pair{{"电子元器件", "Electronic Components"}, {"印制电路板", "Printed Circuit Board"}, {"传感器", "Sensor"}, {"半导体封装测试", "Semiconductor Packaging and Testing"}},
		parks:    []weighted{{parkHiTech, 5}, {parkSihui, 3}, {parkDuanzhou, 1}, {parkCluster, 1}},
		tags:     []string{"电子信息"}},
	{isic: "2592", weight: 4, activity: "manufacturing", tech: "medium_low", jobs: 70, land: true, scale: -0.2,
		company:  []pair{{"精密五金", "Precision Metal"}, {"金属表面处理", "Metal Finishing"}},
		products: []pair{{"精密五金", "Precision Hardware"}, {"金属表面处理", "Metal Surface Treatment"}},
		parks:    []weighted{{parkGaoyao, 4}, {parkSihui, 4}, {parkDinghu, 2}},
		tags:     []string{"金属加工"}},
	{isic: "2599", weight: 4, activity: "manufacturing", tech: "medium_low", jobs: 70, land: true, scale: -0.2,
		company:  []pair{{"五金制品", "Hardware"}, {"不锈钢制品", "Stainless Steel"}},
		products: []pair{{"不锈钢制品", "Stainless Steel Products"}, {"五金卫浴", "Bathroom Hardware"}, {"金属家居用品", "Metal Homeware"}},
		parks:    []weighted{{parkGaoyao, 4}, {parkSihui, 3}, {parkDinghu, 2}},
		tags:     []string{"金属加工"}},
	{isic: "2420", weight: 3, activity: "manufacturing", tech: "medium", jobs: 30, land: true,
		company:  []pair{{"铝业", "Aluminium"}},
		products: []pair{{"高端铝型材", "High-end Aluminium Profiles"}, {"再生铝", "Recycled Aluminium"}},
		parks:    []weighted{{parkHiTech, 4}, {parkGaoyao, 3}, {parkSihui, 2}},
		tags:     []string{"新材料"}},
	{isic: "1075", weight: 4, activity: "manufacturing", tech: "low", jobs: 90, land: true, scale: -0.2,
		company:  []pair{{"食品", "Foods"}, {"预制菜", "Prepared Foods"}},
		products: []pair{{"预制菜", "Prepared Dishes"}, {"中央厨房", "Central Kitchen"}},
		parks:    []weighted{{parkGaoyao, 5}, {parkHuaiji, 2}, {parkDinghu, 1}},
		tags:     []string{"预制菜", "大湾区菜篮子"}},
	{isic: "1030", weight: 3, activity: "manufacturing", tech: "low", jobs: 80, land: true, scale: -0.3,
		company:  []pair{{"农产品", "Agri-Food"}},
		products: []pair{{"果蔬加工", "Fruit and Vegetable Processing"}, {"贡柑深加工", "Gonggan Mandarin Processing"}},
		parks:    []weighted{{parkDeqing, 3}, {parkHuaiji, 3}, {parkGaoyao, 2}},
		tags:     []string{"大湾区菜篮子"}},
	{isic: "1079", weight: 2, activity: "manufacturing", tech: "low", jobs: 70, land: true, scale: -0.3,
		company:  []pair{{"食品", "Foods"}},
		products: []pair{{"调味品", "Condiments"}, {"茶饮原料", "Tea Beverage Ingredients"}},
		parks:    []weighted{{parkGaoyao, 2}, {parkDinghu, 2}, {parkDuanzhou, 1}},
		tags:     []string{"食品"}},
	{isic: "1050", weight: 1, activity: "manufacturing", tech: "low", jobs: 50, land: true,
		company:  []pair{{"乳业", "Dairy"}},
		products: []pair{{"乳制品", "Dairy Products"}},
		parks:    []weighted{{parkGaoyao, 2}, {parkHuaiji, 2}},
		tags:     []string{"食品"}},
	{isic: "2100", weight: 6, activity: "manufacturing", tech: "high", jobs: 45, land: true,
		company:  []pair{{"医药", "Pharmaceutical"}, {"生物科技", "Biotech"}, {"中医药", "Chinese Medicine"}},
		products: []pair{{"中药饮片", "TCM Decoction Pieces"}, {"中成药", "Chinese Patent Medicine"}, {"生物医药", "Biopharmaceuticals"}},
		parks:    []weighted{{parkNewDistrict, 4}, {parkHiTech, 3}, {parkDinghu, 2}},
		tags:     []string{"生物医药", "中医药"}},
	{isic: "5210", weight: 5, activity: "logistics", tech: "low", jobs: 25, land: true,
		company:  []pair{{"物流", "Logistics"}, {"供应链", "Supply Chain"}},
		products: []pair{{"智慧物流园", "Smart Logistics Park"}, {"冷链仓储", "Cold-chain Warehousing"}, {"跨境电商仓储", "Cross-border E-commerce Warehousing"}},
		parks:    []weighted{{parkDinghu, 3}, {parkGaoyao, 2}, {parkCluster, 2}, {parkSihui, 1}},
		tags:     []string{"现代物流"}},
	{isic: "6201", weight: 4, activity: "rnd", tech: "medium_high", jobs: 150, offices: true, scale: -0.5,
		company:  []pair{{"软件", "Software"}, {"信息科技", "Information Technology"}, {"数字科技", "Digital Technology"}},
		products: []pair{{"软件研发中心", "Software R&D Centre"}, {"工业互联网平台", "Industrial Internet Platform"}, {"数字经济区域总部", "Digital Economy Regional Headquarters"}},
		parks:    []weighted{{parkNewDistrict, 5}, {parkDuanzhou, 4}},
		tags:     []string{"数字经济"}},
	{isic: "7210", weight: 2, activity: "rnd", tech: "high", jobs: 60, offices: true, scale: -0.3,
		company:  []pair{{"科技", "Technology"}, {"新材料", "Advanced Materials"}},
		products: []pair{{"研发中心", "R&D Centre"}, {"新材料研究院", "Advanced Materials Institute"}},
		parks:    []weighted{{parkNewDistrict, 4}, {parkHiTech, 3}},
		tags:     []string{"科技创新"}},
	{isic: "0113", weight: 2, tech: "low", jobs: 40, land: true, scale: -0.5,
		company:  []pair{{"农业", "Agriculture"}},
		products: []pair{{"蔬菜种植基地", "Vegetable Growing Base"}},
		parks:    []weighted{{parkHuaiji, 4}, {parkGuangning, 2}, {parkFengkai, 2}},
		tags:     []string{"大湾区菜篮子", "现代农业"}},
	{isic: "0123", weight: 2, tech: "low", jobs: 40, land: true, scale: -0.5,
		company:  []pair{{"果业", "Fruit"}},
		products: []pair{{"贡柑种植基地", "Gonggan Mandarin Orchard"}},
		parks:    []weighted{{parkDeqing, 5}, {parkFengkai, 1}},
		tags:     []string{"大湾区果盘子", "现代农业"}},
	{isic: "0128", weight: 2, tech: "low", jobs: 40, land: true, scale: -0.5,
		company:  []pair{{"南药", "Southern Herbs"}},
		products: []pair{{"南药种植基地", "Southern Medicinal Herb Plantation"}},
		parks:    []weighted{{parkGuangning, 2}, {parkDeqing, 2}, {parkHuaiji, 2}, {parkFengkai, 2}},
		tags:     []string{"中医药", "现代农业"}},
	{isic: "2750", weight: 2, activity: "manufacturing", tech: "medium_high", jobs: 70, land: true,
		company:  []pair{{"电器", "Appliances"}},
		products: []pair{{"智能小家电", "Smart Small Appliances"}},
		parks:    []weighted{{parkHiTech, 3}, {parkSihui, 2}},
		tags:     []string{"智能家电"}},
}

// Where a project's name says what it is: a production base for makers, or
// nothing more where the product already names the place (a logistics park).
var manufacturingBases = []pair{{"生产基地", "Production Base"}, {"智能制造基地", "Smart Manufacturing Base"}, {"", ""}}

// givenName is a Chinese given name with its romanisation, and whether it
// is a woman's, so that an English first name used with it fits.
type givenName struct {
	zh, en string
	female bool
}

// Person names by style. Chinese given names carry the romanisation of the
// place (Cantonese in Hong Kong, Macao's Portuguese-based one, Wade-Giles in
// Taiwan, pinyin on the mainland) because that is what their cards say.
var (
	surnamesHK = []pair{{"陈", "Chan"}, {"李", "Lee"}, {"黄", "Wong"}, {"张", "Cheung"}, {"梁", "Leung"}, {"刘", "Lau"}, {"林", "Lam"},
		{"何", "Ho"}, {"吴", "Ng"}, {"郭", "Kwok"}, {"罗", "Law"}, {"邓", "Tang"}, {"麦", "Mak"}, {"叶", "Yip"}}
	givenHK = []givenName{{"志明", "Chi-ming", false}, {"嘉欣", "Ka-yan", true}, {"家豪", "Ka-ho", false}, {"伟强", "Wai-keung", false},
		{"美玲", "Mei-ling", true}, {"子轩", "Tsz-hin", false}, {"俊杰", "Chun-kit", false}, {"慧敏", "Wai-man", true},
		{"国华", "Kwok-wah", false}, {"文辉", "Man-fai", false}, {"咏诗", "Wing-sze", true}}
	// English first names many in Hong Kong and Taiwan use at work, by the
	// sex of the Chinese name they go with.
	englishMale   = []string{"Jason", "Kenneth", "Raymond", "Eric", "Patrick", "Anthony", "Kevin", "Vincent", "Peter", "Steven"}
	englishFemale = []string{"Alice", "Vivian", "Winnie", "Karen", "Grace", "Annie", "Joyce", "Cindy"}
	surnamesMO    = []pair{{"梁", "Leong"}, {"陈", "Chan"}, {"李", "Lei"}, {"黄", "Wong"}, {"何", "Ho"}, {"林", "Lam"}, {"区", "Au"}, {"崔", "Choi"}}
	givenMO       = []pair{{"国华", "Kuok Wa"}, {"嘉怡", "Ka I"}, {"志伟", "Chi Wai"}, {"少芬", "Sio Fan"}, {"家明", "Ka Meng"}, {"伟杰", "Wai Kit"}}
	surnamesTW    = []pair{{"陈", "Chen"}, {"林", "Lin"}, {"黄", "Huang"}, {"张", "Chang"}, {"王", "Wang"}, {"吴", "Wu"}, {"蔡", "Tsai"},
		{"许", "Hsu"}, {"郑", "Cheng"}, {"谢", "Hsieh"}}
	givenTW = []givenName{{"志明", "Chih-ming", false}, {"怡君", "Yi-chun", true}, {"建宏", "Chien-hung", false}, {"淑芬", "Shu-fen", true},
		{"俊宏", "Chun-hung", false}, {"雅婷", "Ya-ting", true}, {"家豪", "Chia-hao", false}, {"宗翰", "Tsung-han", false}}
	surnamesSG = []pair{{"陈", "Tan"}, {"林", "Lim"}, {"李", "Lee"}, {"黄", "Ng"}, {"吴", "Goh"}, {"张", "Teo"}, {"王", "Ong"}}
	givenSG    = []pair{{"伟明", "Wei Ming"}, {"慧玲", "Hui Ling"}, {"俊杰", "Jun Jie"}, {"美华", "Mei Hua"}, {"志强", "Zhi Qiang"}, {"佳慧", "Jia Hui"}}
	surnamesCN = []pair{{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"}, {"黄", "Huang"},
		{"赵", "Zhao"}, {"周", "Zhou"}, {"吴", "Wu"}, {"徐", "Xu"}, {"孙", "Sun"}, {"马", "Ma"}, {"朱", "Zhu"}, {"胡", "Hu"},
		{"郭", "Guo"}, {"何", "He"}, {"罗", "Luo"}, {"梁", "Liang"}}
	givenCN = []pair{{"磊", "Lei"}, {"静", "Jing"}, {"建华", "Jianhua"}, {"晓东", "Xiaodong"}, {"丽娟", "Lijuan"}, {"志刚", "Zhigang"},
		{"海燕", "Haiyan"}, {"文涛", "Wentao"}, {"雪梅", "Xuemei"}, {"国强", "Guoqiang"}, {"婷", "Ting"}, {"浩", "Hao"}}
	surnamesJP = []pair{{"山田", "Yamada"}, {"佐藤", "Sato"}, {"铃木", "Suzuki"}, {"高桥", "Takahashi"}, {"田中", "Tanaka"},
		{"渡边", "Watanabe"}, {"中村", "Nakamura"}, {"小林", "Kobayashi"}}
	givenJP    = []pair{{"健一", "Kenichi"}, {"浩", "Hiroshi"}, {"直树", "Naoki"}, {"裕子", "Yuko"}, {"美咲", "Misaki"}, {"拓也", "Takuya"}}
	surnamesKR = []pair{{"金", "Kim"}, {"李", "Lee"}, {"朴", "Park"}, {"崔", "Choi"}, {"郑", "Jung"}, {"姜", "Kang"}, {"尹", "Yoon"}}
	givenKR    = []pair{{"民俊", "Min-jun"}, {"智勋", "Ji-hoon"}, {"秀妍", "Soo-yeon"}, {"贤宇", "Hyun-woo"}, {"恩智", "Eun-ji"}, {"成浩", "Sung-ho"}}
	givenDE    = []pair{{"托马斯", "Thomas"}, {"米夏埃尔", "Michael"}, {"安德烈亚斯", "Andreas"}, {"斯特凡", "Stefan"}, {"卡特琳", "Katrin"},
		{"尤利娅", "Julia"}, {"弗兰克", "Frank"}, {"扎比内", "Sabine"}}
	surnamesDE = []pair{{"贝克尔", "Becker"}, {"施密特", "Schmidt"}, {"菲舍尔", "Fischer"}, {"韦伯", "Weber"}, {"迈尔", "Meyer"},
		{"里希特", "Richter"}, {"沃尔夫", "Wolf"}, {"克莱因", "Klein"}}
	givenEN = []pair{{"戴维", "David"}, {"迈克尔", "Michael"}, {"莎拉", "Sarah"}, {"艾米丽", "Emily"}, {"詹姆斯", "James"},
		{"罗伯特", "Robert"}, {"珍妮弗", "Jennifer"}, {"马克", "Mark"}}
	surnamesEN = []pair{{"史密斯", "Smith"}, {"约翰逊", "Johnson"}, {"米勒", "Miller"}, {"戴维斯", "Davis"}, {"克拉克", "Clark"},
		{"泰勒", "Taylor"}, {"沃克", "Walker"}, {"休斯", "Hughes"}}
	givenFR    = []pair{{"皮埃尔", "Pierre"}, {"克莱尔", "Claire"}, {"朱利安", "Julien"}, {"卡米耶", "Camille"}, {"尼古拉", "Nicolas"}, {"伊莎贝尔", "Isabelle"}}
	surnamesFR = []pair{{"杜波依斯", "Dubois"}, {"马丁", "Martin"}, {"勒费弗尔", "Lefevre"}, {"莫罗", "Moreau"}, {"洛朗", "Laurent"}, {"贝尔纳", "Bernard"}}
)

// Titles of an investor's people, most senior first; the contact list of a
// company starts at the top.
var (
	titlesSenior = []pair{{"董事长", "Chairman"}, {"总经理", "General Manager"}, {"总裁", "President"}, {"董事总经理", "Managing Director"}, {"首席执行官", "CEO"}}
	titlesMiddle = []pair{{"投资总监", "Investment Director"}, {"副总裁", "Vice President"}, {"财务总监", "CFO"}, {"战略发展总监", "Director of Strategy"}}
	titlesChina  = []pair{{"中国区总经理", "General Manager, China"}, {"中国区投资总监", "Investment Director, China"}, {"华南区总经理", "General Manager, South China"}}
	titlesJunior = []pair{{"项目经理", "Project Manager"}, {"行政经理", "Administration Manager"}, {"投资经理", "Investment Manager"}}
	titlesLocal  = []pair{{"总经理", "General Manager"}, {"厂长", "Plant Manager"}, {"行政人事经理", "HR and Administration Manager"}}
)

// lostElsewhere are the places a project lost to another location went:
// the neighbours Zhaoqing competes with for the same investors.
var lostElsewhere = []string{"佛山", "江门", "清远", "云浮", "广西梧州", "湖南郴州", "江西赣州", "越南北宁"}

// Stage notes, as officers write them.
var (
	notesOnHold = []string{
		"投资方资金安排调整，项目暂缓推进。",
		"等待投资方集团董事会审批。",
		"用地指标尚未落实，暂缓推进。",
		"受市场需求下滑影响，投资方放缓扩张计划。",
	}
	notesResume = []string{"投资方确认恢复推进，重新启动洽谈。", "用地问题已解决，项目恢复洽谈。"}
)
