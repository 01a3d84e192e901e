"""The letter's key projects (重点工程) and their checklists.

Quantities the letter gives are exact (20,000 m of kerbs, 18,000 m² of trail, 150,000 m², 2 × 1,000 m³
cisterns, 18 km, 29.97 ha, 2.47 ha); lines whose quantity the letter does not give are one item of work,
marked estimated. Dates and the people responsible are left for staff to fill in.
"""

from __future__ import annotations

from decimal import Decimal as D

from greening.lib.citydata import Loader
from greenspaces.models import GreenSpace
from projects.choices import ProjectKind, ProjectStatus, SurfaceType, WorkUnit
from projects.models import DesignRainfall, DonationScheme, Project, RunoffCoefficient, SpecialSupervisor, WorkItem

LETTER = "《关于对阳泉市第十六届人民代表大会第1605057号建议答复的函》"
BUREAU = "阳泉市城市管理局"
ROAD = "道路绿地提质改造工程"
SPONGE = "阳泉市海绵城市公园绿地类建设项目"

# code, name, kind, programme, green space codes, contents, work items (name, unit, quantity, estimated)
PROJECTS: list[dict] = [
    {
        "code": "taobei-west-street-upgrade",
        "name": "桃北西街（赛鱼口至坡头高速口段）道路绿地提质改造",
        "kind": ProjectKind.ROAD_GREENING,
        "programme": ROAD,
        "spaces": ["taobei-west-street"],
        "description": "现有混凝土路缘石提质改造为双层定制石质缘石；隔离带绿地、风景林带绿地绿化景观提升；新增彩色透水混凝土健身步道；增设主题雕塑、绿地驿站等园林小品、服务设施；配套给排水、景观照明。",
        "items": [
            ("混凝土路缘石改造为双层定制石质缘石", WorkUnit.METRE, D("20000"), False),
            ("新增彩色透水混凝土健身步道", WorkUnit.SQUARE_METRE, D("18000"), False),
            ("道路绿地提质改造建设面积", WorkUnit.SQUARE_METRE, D("150000"), False),
            ("隔离带绿地、风景林带绿化景观提升", WorkUnit.ITEM, D("1"), True),
            ("主题雕塑、绿地驿站等园林小品和服务设施", WorkUnit.ITEM, D("1"), True),
            ("配套给排水、景观照明", WorkUnit.SYSTEM, D("1"), True),
        ],
    },
    {
        "code": "yiping-road-upgrade",
        "name": "义平路道路绿地提质改造",
        "kind": ProjectKind.ROAD_GREENING,
        "programme": ROAD,
        "spaces": ["yiping-road"],
        "description": "道路绿地提质改造。",
        "items": [("道路绿地提质改造", WorkUnit.ITEM, D("1"), True)],
    },
    {
        "code": "nanshan-park-sponge",
        "name": "南山公园海绵绿地建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["nanshan-park"],
        "description": "新建下沉式绿地、透水砖铺装、设置公园雨水收集系统蓄水池和雨水再利用系统以及配套绿化景观。",
        "items": [
            ("新建下沉式绿地", WorkUnit.ITEM, D("1"), True),
            ("透水砖铺装", WorkUnit.ITEM, D("1"), True),
            ("雨水收集系统蓄水池", WorkUnit.PIECE, D("1"), True),
            ("雨水再利用系统", WorkUnit.SYSTEM, D("1"), True),
            ("配套绿化景观", WorkUnit.ITEM, D("1"), True),
        ],
    },
    {
        "code": "city-centre-park-sponge",
        "name": "城市中心公园建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["city-centre-park"],
        "description": "全园采用透水铺装，利用现有设施新建公园雨水收集系统和雨水再利用系统，完善海绵绿地绿化景观。",
        "items": [
            ("全园透水铺装", WorkUnit.ITEM, D("1"), True),
            ("利用现有设施新建雨水收集系统", WorkUnit.SYSTEM, D("1"), True),
            ("雨水再利用系统", WorkUnit.SYSTEM, D("1"), True),
            ("海绵绿地绿化景观", WorkUnit.ITEM, D("1"), True),
        ],
    },
    {
        "code": "botanical-garden-sponge",
        "name": "阳泉植物园海绵绿地建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["yangquan-botanical-garden"],
        "description": "利用公园地势地貌修建雨水收集系统和蓄水池，完善雨水再利用系统，采用透水砖铺装，整理边坡、边渠。",
        "items": [
            ("利用地势修建雨水收集系统", WorkUnit.SYSTEM, D("1"), True),
            ("蓄水池", WorkUnit.PIECE, D("1"), True),
            ("雨水再利用系统", WorkUnit.SYSTEM, D("1"), True),
            ("透水砖铺装", WorkUnit.ITEM, D("1"), True),
            ("整理边坡、边渠", WorkUnit.ITEM, D("1"), True),
        ],
    },
    {
        "code": "taohe-park-water-saving",
        "name": "桃河公园节水型绿地改造项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["taohe-park"],
        "description": "改造长度18公里，增设一路新的供水管道，利用处理达标中水作为浇灌用水，增加智能化节水控制系统。",
        "items": [
            ("节水型绿地改造长度", WorkUnit.KILOMETRE, D("18"), False),
            ("新增中水供水管道", WorkUnit.KILOMETRE, D("18"), True),
            ("智能化节水控制系统", WorkUnit.SYSTEM, D("1"), True),
        ],
    },
    {
        "code": "shinaoshan-nursery-rainwater",
        "name": "狮脑山苗圃段雨水收集建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["shinaoshan-nursery"],
        "description": "道路雨水收集系统、蓄水池、雨水再利用系统及配套景观。",
        "items": [
            ("道路雨水收集系统", WorkUnit.SYSTEM, D("1"), True),
            ("蓄水池", WorkUnit.PIECE, D("1"), True),
            ("雨水再利用系统", WorkUnit.SYSTEM, D("1"), True),
            ("配套景观", WorkUnit.ITEM, D("1"), True),
        ],
    },
    {
        "code": "caishi-garden-sponge",
        "name": "彩石园海绵绿地建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["caishi-garden"],
        "description": "下沉式绿地、透水砖铺装、公园雨水收集系统、蓄水池、雨水再利用系统及配套景观。",
        "items": [
            ("下沉式绿地", WorkUnit.ITEM, D("1"), True),
            ("透水砖铺装", WorkUnit.ITEM, D("1"), True),
            ("雨水收集系统", WorkUnit.SYSTEM, D("1"), True),
            ("蓄水池", WorkUnit.PIECE, D("1"), True),
            ("雨水再利用系统及配套景观", WorkUnit.ITEM, D("1"), True),
        ],
    },
    {
        "code": "quanxi-road-pocket-park-sponge",
        "name": "泉西路游园海绵绿地建设项目",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": SPONGE,
        "spaces": ["quanxi-road-pocket-park"],
        "description": "新建雨水收集系统（2个1000立方蓄水池），并配套建设雨水节水再利用系统。",
        "items": [
            ("1000立方米蓄水池", WorkUnit.PIECE, D("2"), False),
            ("蓄水池总容量", WorkUnit.CUBIC_METRE, D("2000"), False),
            ("雨水节水再利用系统", WorkUnit.SYSTEM, D("1"), True),
        ],
    },
    {
        "code": "chengnan-park",
        "name": "城南公园建设工程",
        "kind": ProjectKind.NEW_PARK,
        "programme": "城南公园建设工程",
        "spaces": ["chengnan-park"],
        "hard_paving_target": D("20"),
        "description": "新建城南公园，位于南庄矿保障性住房南侧，规划面积29.97公顷；新建公园硬质铺装率不超过20%。",
        "items": [("公园建设（规划面积）", WorkUnit.HECTARE, D("29.97"), False)],
    },
    {
        "code": "chemical-plant-park",
        "name": "化工厂公园建设工程",
        "kind": ProjectKind.NEW_PARK,
        "programme": "化工厂公园建设工程",
        "spaces": ["chemical-plant-park"],
        "hard_paving_target": D("20"),
        "description": "位于泉东路西侧、化工厂医院南侧，占地约2.47公顷；工业用地，产权为晋东化工厂；建设居住区公园，填补区域公园绿地空白。",
        "items": [("居住区公园建设（占地面积）", WorkUnit.HECTARE, D("2.47"), False)],
    },
    {
        "code": "pilot-2025-hard-squares",
        "name": "2025年城市中心公园、湿地公园硬质广场改造试点",
        "kind": ProjectKind.SPONGE_RETROFIT,
        "programme": "近自然绿化模式",
        "spaces": ["city-centre-park", "taohe-wetland"],
        "description": "硬质广场改造试点，置换透水砖铺装，建设雨水花园。",
        "items": [
            ("城市中心公园硬质广场置换透水砖铺装", WorkUnit.ITEM, D("1"), True),
            ("湿地公园硬质广场置换透水砖铺装", WorkUnit.ITEM, D("1"), True),
            ("建设雨水花园", WorkUnit.ITEM, D("1"), True),
        ],
    },
]


RUNOFF_SOURCE = (
    "domain-facts §4：绿色屋顶0.30–0.40，硬屋面、道路0.80–0.90，块石铺装0.50–0.60，绿地0.15，透水铺装0.08–0.45，水面1.0"
    "（m.wuhaninfo.cn 算例，依《海绵城市建设技术指南》雨量径流系数）。取值为区间上限，算出的控制容积偏安全。"
)

# surface type, name, φ used, range low, range high, counts as paving (GB 51192-2016: 园路及铺装场地)
RUNOFF_COEFFICIENTS = [
    (SurfaceType.GREEN_ROOF, "绿色屋顶", D("0.40"), D("0.30"), D("0.40"), False),
    (SurfaceType.HARD_ROOF, "硬屋面", D("0.90"), D("0.80"), D("0.90"), False),
    (SurfaceType.HARD_PAVING, "道路、硬质铺装", D("0.90"), D("0.80"), D("0.90"), True),
    (SurfaceType.BLOCK_PAVING, "块石铺装", D("0.60"), D("0.50"), D("0.60"), True),
    (SurfaceType.PERMEABLE_PAVING, "透水铺装", D("0.45"), D("0.08"), D("0.45"), True),
    (SurfaceType.GREEN_SPACE, "绿地", D("0.15"), None, None, False),
    (SurfaceType.WATER, "水面", D("1.00"), None, None, False),
]

# The references give no design rainfall depth for Yangquan (domain-facts §8 gives only ~516 mm a year).
DESIGN_RAINFALL_NOTE = (
    "估计值：参考资料未给出阳泉市年径流总量控制率对应的设计降雨量（仅有年降雨量约516毫米）。"
    "此为按华北年降雨量500毫米左右城市的量级取的占位值，须以《阳泉市海绵城市专项规划》所载数值替换。"
)

SUPERVISOR_NOTE = f"{LETTER}：诚邀王扬代表担任“绿化工程特约监督员”，参与重点项目考察和方案论证。联系方式待补充。"


def load(loader: Loader) -> None:
    """The key projects with their checklists, the donation scheme's naming rule, the runoff coefficients and
    design rainfall of the sponge calculations, and the deputy invited as special supervisor.

    No money figures: the letter gives none except the naming threshold, so no budgets or funding rows."""
    spaces = {space.code: space for space in GreenSpace.objects.all()}
    for row in PROJECTS:
        project = loader.sync(
            Project,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "programme": row["programme"],
                "responsible_unit": BUREAU,
                "status": ProjectStatus.PROPOSED,
                "hard_paving_target": row.get("hard_paving_target"),
                "description": row["description"],
                "estimated": any(estimated for *_rest, estimated in row["items"]),
                "source_note": f"{LETTER}。状态、日期和责任人待工作人员补充。",
            },
        )
        wanted = [spaces[code] for code in row["spaces"] if code in spaces]
        if not project.green_spaces.exists():
            project.green_spaces.set(wanted)
        for order, (name, unit, quantity, estimated) in enumerate(row["items"], start=1):
            loader.sync(
                WorkItem,
                {"project": project, "name": name},
                {"unit": unit, "planned_quantity": quantity, "sort_order": order, "estimated": estimated},
            )
    loader.sync(
        DonationScheme,
        {"name": "阳泉市绿化工程捐资奖励办法"},
        {
            "naming_threshold": D("1000000"),
            "naming_term_years": 10,
            "in_force": False,
            "source_note": f"{LETTER}：计划出台，企业捐资超100万元可冠名绿地（已确认）；冠名期限为估计值，待办法出台后确认。",
        },
    )
    for surface_type, name, coefficient, low, high, paving in RUNOFF_COEFFICIENTS:
        loader.sync(
            RunoffCoefficient,
            {"surface_type": surface_type},
            {
                "name": name,
                "coefficient": coefficient,
                "range_low": low,
                "range_high": high,
                "counts_as_paving": paving,
                "source": RUNOFF_SOURCE,
                "estimated": False,
            },
        )
    loader.sync(
        DesignRainfall,
        {"place": "阳泉市", "capture_ratio": D("85")},
        {"depth_mm": D("25.0"), "is_default": True, "source": DESIGN_RAINFALL_NOTE, "estimated": True},
    )
    loader.sync(
        SpecialSupervisor,
        {"name": "王扬"},
        {"affiliation": "阳泉市第十六届人民代表大会代表", "active": True, "notes": SUPERVISOR_NOTE},
    )
