"""The plans and indicators of the bureau's reply letter (letter-digest §1, §2d) and the garden-city thresholds.

Titles, years and authors are the letter's. The letter states no status: the statuses below are a
reading of it (compiled plans in force, commissioned and future plans drafting), said so in each
plan's notes. Garden-city thresholds are the basic values of GB/T 50563-2010 (domain-facts §5);
every figure that is not in the letter says so in the notes.
"""

from __future__ import annotations

from decimal import Decimal as D

from greening.lib.citydata import Loader
from plans.choices import IndicatorDirection, IndicatorTargetKind, PlanKind, PlanRelationKind, PlanStatus
from plans.models import Indicator, Plan, PlanProject, PlanRelation
from projects.models import Project

LETTER = "《关于对阳泉市第十六届人民代表大会第1605057号建议答复的函》"
GARDEN_CITY_STANDARD = "GB/T 50563-2010《城市园林绿化评价标准》"
DESIGN_INSTITUTE = "阳泉市规划设计院"
STATUS_NOTE = "状态按复函内容推定，请核实。"
COMMISSIONED = f"{LETTER}：2022年以来，配合国家级园林城市复检工作，委托{DESIGN_INSTITUTE}编制。{STATUS_NOTE}"

ACTION_PLAN = "阳泉市绿化高质量发展五年行动计划（2026-2030）"
GREEN_SPACE_PLAN_2011 = "阳泉市城市绿地系统专项规划（2011—2030）"
FOURTEENTH = "阳泉市城镇园林绿化“十四五”规划"
GREEN_SPACE_PLAN = "城市绿地系统规划"
PARK_SYSTEM = "阳泉市公园体系规划"
GREENWAY = "城市绿道建设专项规划（2021-2030）"
BIODIVERSITY = "阳泉市生物多样性规划"
SPONGE_CITY = "阳泉市海绵城市专项规划"
FIFTEENTH = "阳泉市城镇园林绿化“十五五”规划"
MASTER_PLAN = "阳泉市国土空间总体规划（2021-2035）"

PLANS: list[dict] = [
    {
        "title": ACTION_PLAN,
        "kind": PlanKind.FIVE_YEAR_ACTION,
        "compiled_year": 2025,
        "period_start_year": 2026,
        "period_end_year": 2030,
        "author_unit": "专项工作组",
        "status": PlanStatus.DRAFTING,
        "notes": f"{LETTER}：计划2025年6月启动编制，成立专项工作组，完成调研，形成规划草案并向社会公示征求意见。",
    },
    {
        "title": GREEN_SPACE_PLAN_2011,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2011,
        "period_start_year": 2011,
        "period_end_year": 2030,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.IN_FORCE,
        "notes": f"{LETTER}：2011年由{DESIGN_INSTITUTE}编制。{STATUS_NOTE}",
    },
    {
        "title": FOURTEENTH,
        "kind": PlanKind.FIVE_YEAR,
        "compiled_year": 2021,
        "period_start_year": 2021,
        "period_end_year": 2025,
        "author_unit": "城市管理局",
        "status": PlanStatus.IN_FORCE,
        "notes": f"{LETTER}：2021年由城市管理局编制；已明确将油松、国槐、连翘、山杏等20种耐旱抗逆植物列为骨干树种，并已实施。规划期2021—2025年按“十四五”时期推定，不是复函中的数字。{STATUS_NOTE}",
    },
    {
        "title": GREEN_SPACE_PLAN,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2022,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.DRAFTING,
        "notes": f"{COMMISSIONED}规划期复函未给出。",
    },
    {
        "title": PARK_SYSTEM,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2022,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.DRAFTING,
        "notes": f"{COMMISSIONED}规划期复函未给出。",
    },
    {
        "title": GREENWAY,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2022,
        "period_start_year": 2021,
        "period_end_year": 2030,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.DRAFTING,
        "notes": COMMISSIONED,
    },
    {
        "title": BIODIVERSITY,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2022,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.DRAFTING,
        "notes": f"{COMMISSIONED}规划期复函未给出。",
    },
    {
        "title": SPONGE_CITY,
        "kind": PlanKind.SPECIAL,
        "compiled_year": 2022,
        "author_unit": DESIGN_INSTITUTE,
        "status": PlanStatus.DRAFTING,
        "notes": f"{COMMISSIONED}绿化规划须与本规划无缝衔接（多规融合）。规划期复函未给出。",
    },
    {
        "title": FIFTEENTH,
        "kind": PlanKind.FIVE_YEAR,
        "compiled_year": 2026,
        "period_start_year": 2026,
        "period_end_year": 2030,
        "author_unit": "",
        "status": PlanStatus.DRAFTING,
        "notes": f"{LETTER}：2026年将结合《{MASTER_PLAN}》编制，在规划中增加阳泉市绿化高质量发展内容。规划期2026—2030年按“十五五”时期推定；编制单位复函未给出。",
    },
    {
        "title": MASTER_PLAN,
        "kind": PlanKind.MASTER,
        "period_start_year": 2021,
        "period_end_year": 2035,
        "author_unit": "",
        "status": PlanStatus.IN_FORCE,
        "notes": f"{LETTER}：绿化规划须与本规划无缝衔接（多规融合，定期碰头研究）。编制单位、编制年份复函未给出。{STATUS_NOTE}",
    },
]

ALIGNMENT = f"{LETTER}：定期与相关单位碰头研究，确保绿化规划与《{MASTER_PLAN}》《海绵城市专项规划》无缝衔接。"

# from plan, relation, to plan, note
RELATIONS = [
    (
        FIFTEENTH,
        PlanRelationKind.ALIGNS_WITH,
        MASTER_PLAN,
        f"{LETTER}：2026年将结合《{MASTER_PLAN}》编制“十五五”规划。",
    ),
    *(
        (greening_plan, PlanRelationKind.ALIGNS_WITH, target, ALIGNMENT)
        for greening_plan in (ACTION_PLAN, GREEN_SPACE_PLAN, PARK_SYSTEM, GREENWAY, FIFTEENTH)
        for target in (MASTER_PLAN, SPONGE_CITY)
        if (greening_plan, target) != (FIFTEENTH, MASTER_PLAN)
    ),
    (FIFTEENTH, PlanRelationKind.SUPERSEDES, FOURTEENTH, "“十五五”规划接替“十四五”规划；按规划期推定，不是复函原文。"),
]

NOT_IN_LETTER = "此阈值不是复函中的数字，取自国家园林城市评价标准。"

INDICATORS: list[dict] = [
    {
        "code": "new-park-hard-paving-ratio",
        "name": "新建公园硬质铺装率",
        "unit": "%",
        "direction": IndicatorDirection.AT_MOST,
        "target_value": D("20"),
        "target_kind": IndicatorTargetKind.ABSOLUTE,
        "standard": LETTER,
        "scope": "新建公园",
        "notes": "复函：要求新建公园硬质铺装率不超过20%。按陆地面积计算（GB 51192-2016），此计算口径不是复函内容。复函未给出期限。",
    },
    {
        "code": "taohe-annual-rainwater-retention",
        "name": "桃河两岸绿化带年雨水滞留量",
        "unit": "m³",
        "direction": IndicatorDirection.HIGHER_IS_BETTER,
        "baseline_value": None,
        "target_value": D("30"),
        "target_kind": IndicatorTargetKind.RELATIVE_PERCENT,
        "standard": LETTER,
        "scope": "桃河两岸绿化带",
        "notes": "复函：在桃河两岸绿化带建设中同步实施透水铺装、植草沟等海绵设施，确保绿地年雨水滞留量提升30%。基准值未知（复函未给出），测定后填写基准值和基准日期，目标值随之算出。复函未给出期限。",
    },
    {
        "code": "green-coverage-ratio",
        "name": "建成区绿化覆盖率",
        "unit": "%",
        "direction": IndicatorDirection.AT_LEAST,
        "target_value": D("36"),
        "target_kind": IndicatorTargetKind.ABSOLUTE,
        "standard": GARDEN_CITY_STANDARD,
        "scope": "建成区",
        "notes": f"基本项≥36%，提升项≥40%。{NOT_IN_LETTER}绿化覆盖率=植被垂直投影面积/建成区面积。另有2022年修订版，数值待核实。",
    },
    {
        "code": "green-space-ratio",
        "name": "建成区绿地率",
        "unit": "%",
        "direction": IndicatorDirection.AT_LEAST,
        "target_value": D("31"),
        "target_kind": IndicatorTargetKind.ABSOLUTE,
        "standard": GARDEN_CITY_STANDARD,
        "scope": "建成区",
        "notes": f"基本项≥31%，提升项≥35%。{NOT_IN_LETTER}绿地率=绿地面积/建成区面积。",
    },
    {
        "code": "park-green-space-per-capita",
        "name": "人均公园绿地面积",
        "unit": "m²/人",
        "direction": IndicatorDirection.AT_LEAST,
        "target_value": D("8"),
        "target_kind": IndicatorTargetKind.ABSOLUTE,
        "standard": GARDEN_CITY_STANDARD,
        "scope": "城区常住人口",
        "notes": f"基本项按人均城市建设用地分档：小于80 m²为7.5，80—100 m²为8，大于100 m²为9（m²/人）；此处取中档8，须按阳泉市人均城市建设用地核定档次。提升项9.5/10/11（最后一档未核实）。{NOT_IN_LETTER}",
    },
    {
        "code": "park-service-radius-coverage",
        "name": "公园绿地服务半径覆盖率",
        "unit": "%",
        "direction": IndicatorDirection.AT_LEAST,
        "target_value": D("80"),
        "target_kind": IndicatorTargetKind.ABSOLUTE,
        "standard": GARDEN_CITY_STANDARD,
        "scope": "建成区居住用地",
        "notes": f"基本项≥80%为常见引用值，未经标准原文核实；提升项≥90%。服务半径：5000 m²以上公园500 m，1000—5000 m²公园300 m（待核实）。{NOT_IN_LETTER}",
    },
]


INFERRED = "推定，复函未明言哪项规划落实哪项工程，请核实。"
SPONGE_PROJECTS = (
    "nanshan-park-sponge",
    "city-centre-park-sponge",
    "botanical-garden-sponge",
    "taohe-park-water-saving",
    "shinaoshan-nursery-rainwater",
    "caishi-garden-sponge",
    "quanxi-road-pocket-park-sponge",
)

# plan, project code, note. The letter lists the key projects (重点工程) under plan-making without
# saying which plan each delivers; every link below is a reading of the projects' nature, marked 推定.
PLAN_PROJECTS = [
    *(
        (
            SPONGE_CITY,
            code,
            f"{LETTER}：阳泉市海绵城市公园绿地类建设项目（共7个，均为改建）。按项目性质归入《{SPONGE_CITY}》：{INFERRED}",
        )
        for code in SPONGE_PROJECTS
    ),
    (
        SPONGE_CITY,
        "pilot-2025-hard-squares",
        f"{LETTER}：2025年硬质广场改造试点，置换透水砖铺装，建设雨水花园。按性质归入《{SPONGE_CITY}》：{INFERRED}",
    ),
    (
        PARK_SYSTEM,
        "chengnan-park",
        f"{LETTER}：新建城南公园，规划面积29.97公顷。按性质归入《{PARK_SYSTEM}》：{INFERRED}",
    ),
    (
        PARK_SYSTEM,
        "chemical-plant-park",
        f"{LETTER}：化工厂公园填补该区域无公园绿地的空白，均衡城市公园绿地分布格局。按性质归入《{PARK_SYSTEM}》：{INFERRED}",
    ),
    (
        GREEN_SPACE_PLAN,
        "taobei-west-street-upgrade",
        f"{LETTER}：道路绿地提质改造工程。道路绿地属城市绿地系统，按性质归入《{GREEN_SPACE_PLAN}》：{INFERRED}",
    ),
    (
        GREEN_SPACE_PLAN,
        "yiping-road-upgrade",
        f"{LETTER}：道路绿地提质改造工程。道路绿地属城市绿地系统，按性质归入《{GREEN_SPACE_PLAN}》：{INFERRED}",
    ),
]


def load(loader: Loader) -> None:
    """The letter's ten plans, how they align (多规融合), the projects they deliver, and the indicators.

    Projects load before plans (``INSTALLED_APPS`` order); a project missing from the database is skipped.
    """
    plans = {
        row["title"]: loader.sync(
            Plan, {"title": row["title"]}, {key: value for key, value in row.items() if key != "title"}
        )
        for row in PLANS
    }
    for from_title, kind, to_title, note in RELATIONS:
        loader.sync(
            PlanRelation,
            {"from_plan": plans[from_title], "to_plan": plans[to_title], "kind": kind},
            {"note": note},
        )
    projects = {
        project.code: project for project in Project.objects.filter(code__in=[code for _p, code, _n in PLAN_PROJECTS])
    }
    for title, code, note in PLAN_PROJECTS:
        if code in projects:
            loader.sync(PlanProject, {"plan": plans[title], "project": projects[code]}, {"note": note})
    for row in INDICATORS:
        loader.sync(Indicator, {"code": row["code"]}, {key: value for key, value in row.items() if key != "code"})
