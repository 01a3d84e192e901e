"""Default response rules for every CMA warning type, and two demo contractors under contract.

Rules follow domain-facts §2 (the usual steps in news of Chinese greening bureaus, [P]); they are
staff-editable data. The contractors and contracts are demo data (``is_demo``), so the pipeline
can be shown end to end; replace them with the real contracts.
"""

from __future__ import annotations

import datetime

from greening.lib.citydata import Loader
from greenspaces.choices import GreenSpaceKind as Kind
from greenspaces.models import GreenSpace
from maintenance.choices import ContractStatus, Priority, WarningLevel, WarningType
from maintenance.models import ContractArea, Contractor, MaintenanceContract, ResponseRule

T = WarningType
L = WarningLevel

# name, type, from level, priority, filters, task (zh), task (en)
RULES: list[dict] = [
    {
        "name": "暴雨·排水防涝",
        "warning_type": T.RAINSTORM,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "task_zh": "清理雨水口、排水沟和出水口，排除树穴积水；雨后及时扶正、加固倾斜树木，清理倒伏枝干。",
        "task_en": "Clear gullies, drains and outfalls and drain waterlogged tree pits; after the rain, straighten and stake leaning trees and clear fallen branches.",
    },
    {
        "name": "暴雨·海绵设施巡查",
        "warning_type": T.RAINSTORM,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "needs_sunken_green_space": True,
        "task_zh": "检查下沉式绿地、生物滞留设施的溢流口和进水口是否通畅，清除堵塞杂物，记录积水深度和排空时间。",
        "task_en": "Check the inlets and overflows of sunken green spaces and bioretention areas, clear blockages, and record ponding depth and drain-down time.",
    },
    {
        "name": "暴雨·蓄水池",
        "warning_type": T.RAINSTORM,
        "min_level": L.BLUE,
        "priority": Priority.NORMAL,
        "needs_cisterns": True,
        "task_zh": "检查蓄水池进水、弃流和溢流设施，确保雨水收集通畅；雨后记录蓄水量。",
        "task_en": "Check the cisterns' inlets, first-flush and overflow devices so rainwater is collected; record the stored volume after the rain.",
    },
    {
        "name": "大风·树木安全",
        "warning_type": T.GALE,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "task_zh": "排查危险树木，对树冠过密的树木疏枝；检查新植树木的支撑和拉索，固定花箱、标识牌；风后清理倒伏树木和断枝。",
        "task_en": "Survey hazardous trees and thin dense crowns; check stakes and guy wires of new plantings; secure planters and signs; clear fallen trees and broken branches after the wind.",
    },
    {
        "name": "大风·古树名木",
        "warning_type": T.GALE,
        "min_level": L.BLUE,
        "priority": Priority.URGENT,
        "needs_heritage_trees": True,
        "task_zh": "检查古树名木的支撑、拉索和树体稳定情况，必要时加固；风后逐株巡查并报告受损情况。",
        "task_en": "Check the props, cables and stability of the heritage trees and reinforce where needed; patrol each tree after the wind and report damage.",
    },
    {
        "name": "台风·树木安全",
        "warning_type": T.TYPHOON,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "task_zh": "排查危险树木并疏枝，加固新植树木和古树名木的支撑，固定设施；风后清理倒伏树木。",
        "task_en": "Survey and thin hazardous trees, reinforce stakes of new plantings and heritage trees, secure fixtures; clear fallen trees afterwards.",
    },
    {
        "name": "沙尘暴·防护与冲洗",
        "warning_type": T.SANDSTORM,
        "min_level": L.YELLOW,
        "priority": Priority.NORMAL,
        "task_zh": "固定花箱、标识牌等易被吹动的设施；沙尘过后冲洗重点区域植物叶面的积尘。",
        "task_en": "Secure planters, signs and other loose fixtures; rinse the dust off leaves in key areas after the storm.",
    },
    {
        "name": "寒潮·防寒",
        "warning_type": T.COLD_WAVE,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "task_zh": "对不耐寒树种缠干、包裹，在北侧设置风障；覆盖灌木和花坛；未浇冻水的及时浇灌冻水。",
        "task_en": "Wrap the trunks of tender species and put up windbreaks on the north side; cover shrubs and flower beds; give winter watering where it has not been done.",
    },
    {
        "name": "寒潮·新植苗木",
        "warning_type": T.COLD_WAVE,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "needs_new_planting": True,
        "task_zh": "两年内新植苗木全部缠干或包裹防寒，根部培土覆盖。",
        "task_en": "Wrap every tree and shrub planted in the last two years and earth up and mulch their roots.",
    },
    {
        "name": "霜冻·覆盖",
        "warning_type": T.FROST,
        "min_level": L.BLUE,
        "priority": Priority.NORMAL,
        "task_zh": "覆盖花坛、草花和不耐寒灌木，必要时在傍晚浇水以减轻霜害。",
        "task_en": "Cover flower beds, bedding plants and tender shrubs; water in the evening where it lessens frost damage.",
    },
    {
        "name": "暴雪·除雪护绿",
        "warning_type": T.BLIZZARD,
        "min_level": L.BLUE,
        "priority": Priority.HIGH,
        "task_zh": "及时摇落常绿树和竹类上的积雪，对易折枝干进行支撑；禁止将含融雪剂的积雪堆入绿地。",
        "task_en": "Shake snow off evergreens and bamboo and prop branches that may break; keep snow containing de-icing salt out of the beds.",
    },
    {
        "name": "道路结冰·防融雪剂",
        "warning_type": T.ROAD_ICING,
        "min_level": L.YELLOW,
        "priority": Priority.NORMAL,
        "kinds": [Kind.ROAD_GREEN_BELT],
        "task_zh": "与环卫部门协调，禁止将含融雪剂的积雪推入隔离带绿地；必要时设置挡板。",
        "task_en": "Agree with street cleaning that snow with de-icing salt is not pushed into the median belts; put up boards where needed.",
    },
    {
        "name": "高温·灌溉时段",
        "warning_type": T.HEAT,
        "min_level": L.YELLOW,
        "priority": Priority.HIGH,
        "task_zh": "改在清晨或傍晚浇水，重点保障新植苗木和古树名木；地表覆盖保墒；午间停止修剪和喷药作业。",
        "task_en": "Water only early in the morning or in the evening, new plantings and heritage trees first; mulch the soil; no pruning or spraying at midday.",
    },
    {
        "name": "干旱·保苗",
        "warning_type": T.DROUGHT,
        "min_level": L.ORANGE,
        "priority": Priority.URGENT,
        "task_zh": "优先使用蓄水池雨水和中水灌溉，保障新植苗木和古树名木；覆盖保墒，暂停草坪低修剪。",
        "task_en": "Irrigate with harvested rainwater and reclaimed water first, new plantings and heritage trees first; mulch, and stop close mowing of lawns.",
    },
    {
        "name": "雷电·作业安全",
        "warning_type": T.LIGHTNING,
        "min_level": L.YELLOW,
        "priority": Priority.HIGH,
        "task_zh": "立即停止高空修剪等作业，人员撤离空旷地带；雷电过后检查古树名木避雷设施。",
        "task_en": "Stop work at height at once and move crews off open ground; check the lightning protection of heritage trees afterwards.",
    },
    {
        "name": "冰雹·灾后修剪",
        "warning_type": T.HAIL,
        "min_level": L.ORANGE,
        "priority": Priority.NORMAL,
        "task_zh": "冰雹过后巡查受损植物，剪除折断枝叶，清理落叶残枝，必要时补植。",
        "task_en": "After the hail, inspect the damage, prune broken shoots, clear debris and replant where needed.",
    },
    {
        "name": "大雾·道路作业安全",
        "warning_type": T.FOG,
        "min_level": L.YELLOW,
        "priority": Priority.NORMAL,
        "kinds": [Kind.ROAD_GREEN_BELT],
        "task_zh": "暂停道路隔离带内的养护作业，确需作业的须设置警示标志并安排专人看护。",
        "task_en": "Suspend maintenance in road medians; where work cannot wait, set out warning signs and a lookout.",
    },
    {
        "name": "霾·暂停扬尘作业",
        "warning_type": T.HAZE,
        "min_level": L.YELLOW,
        "priority": Priority.LOW,
        "task_zh": "暂停喷药、修剪粉碎等扬尘作业，霾过后冲洗重点区域叶面。",
        "task_en": "Suspend spraying, chipping and other dusty work; rinse leaves in key areas afterwards.",
    },
]

CONTRACTORS = [
    {
        "name": "阳泉市绿源园林养护有限公司（演示）",
        "credit_code": "91140300MA0LYGR01X",
        "contact_person": "王建国",
        "contact_phone": "13803530001",
        "duty_phone": "0353-2020001",
        "contract": "YQ-YH-2026-001",
        "districts": {"140302", "140303"},
    },
    {
        "name": "阳泉市晋阳绿化工程有限公司（演示）",
        "credit_code": "91140300MA0LJYB02R",
        "contact_person": "李晓东",
        "contact_phone": "13803530002",
        "duty_phone": "0353-2020002",
        "contract": "YQ-YH-2026-002",
        "districts": {"140311", "140321", "140322"},
    },
]


def load(loader: Loader) -> None:
    """Seed the response rules and the demo contractors with their contracts."""
    for rule in RULES:
        values = {key: value for key, value in rule.items() if key != "name"}
        values["is_demo"] = True
        loader.sync(ResponseRule, {"name": rule["name"]}, values)

    for row in CONTRACTORS:
        contractor = loader.sync(
            Contractor,
            {"credit_code": row["credit_code"]},
            {
                "name": row["name"],
                "contact_person": row["contact_person"],
                "contact_phone": row["contact_phone"],
                "duty_phone": row["duty_phone"],
                "is_demo": True,
                "notes": "演示数据：用于展示预警到养护指令的流程，请以实际养护合同替换。",
            },
        )
        contract = loader.sync(
            MaintenanceContract,
            {"code": row["contract"]},
            {
                "contractor": contractor,
                "start_date": datetime.date(2026, 1, 1),
                "end_date": datetime.date(2027, 12, 31),
                "status": ContractStatus.ACTIVE,
                "notes": "演示合同",
            },
        )
        for space in GreenSpace.objects.filter(district__code__in=row["districts"]).order_by("pk"):
            loader.sync(ContractArea, {"contract": contract, "green_space": space}, {})
