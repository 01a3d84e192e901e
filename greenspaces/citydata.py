"""Yangquan's green estate as the bureau's reply letter describes it.

Figures the letter gives are marked ``confirmed`` in the source note; everything else
(coordinates, most areas, cistern sizes) is a plausible estimate, flagged ``estimated`` so
staff can see what to verify. Districts and codes: domain-facts §8 (codes [M]).
"""

from __future__ import annotations

from decimal import Decimal as D

from greening.lib.citydata import Loader
from greenspaces.choices import (
    AgeMethod,
    BackboneStatus,
    DroughtTolerance,
    GreenSpaceKind,
    MaintenanceGrade,
    OpeningStatus,
    SpeciesForm,
    Vigour,
    WaterUseClass,
)
from greenspaces.models import Cistern, District, GreenSpace, HeritageTree, Species

LETTER = "《关于对阳泉市第十六届人民代表大会第1605057号建议答复的函》"

DISTRICTS = [
    ("140302", "城区"),
    ("140303", "矿区"),
    ("140311", "郊区"),
    ("140321", "平定县"),
    ("140322", "盂县"),
]

GREEN_SPACES: list[dict] = [
    {
        "code": "nanshan-park",
        "name": "南山公园",
        "kind": GreenSpaceKind.COMPREHENSIVE_PARK,
        "district": "140302",
        "address": "阳泉市城区南山路",
        "latitude": D("37.846200"),
        "longitude": D("113.578900"),
        "total_area_m2": D("800000"),
        "hard_paved_area_m2": D("96000"),
        "planted_area_m2": D("640000"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "sunken_green_space_m2": D("3000"),
        "permeable_paving_m2": D("12000"),
        "source_note": f"{LETTER}：海绵绿地建设项目（下沉式绿地、透水砖铺装、雨水收集系统蓄水池、雨水再利用）。面积、坐标为估计值。",
        "cisterns": [("1号蓄水池", D("500"), True)],
    },
    {
        "code": "city-centre-park",
        "name": "城市中心公园",
        "kind": GreenSpaceKind.COMPREHENSIVE_PARK,
        "district": "140302",
        "address": "阳泉市城区德胜街",
        "latitude": D("37.857300"),
        "longitude": D("113.580400"),
        "total_area_m2": D("120000"),
        "hard_paved_area_m2": D("30000"),
        "planted_area_m2": D("78000"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "permeable_paving_m2": D("6000"),
        "source_note": f"{LETTER}：全园透水铺装，利用现有设施新建雨水收集和再利用系统；2025年硬质广场改造试点。面积、坐标为估计值。",
        "cisterns": [],
    },
    {
        "code": "yangquan-botanical-garden",
        "name": "阳泉植物园",
        "kind": GreenSpaceKind.BOTANICAL_GARDEN,
        "district": "140311",
        "address": "阳泉市郊区",
        "latitude": D("37.873500"),
        "longitude": D("113.553600"),
        "total_area_m2": D("600000"),
        "hard_paved_area_m2": D("42000"),
        "planted_area_m2": D("520000"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "permeable_paving_m2": D("5000"),
        "source_note": f"{LETTER}：利用地势修建雨水收集系统和蓄水池，透水砖铺装，整理边坡、边渠。面积、坐标为估计值。",
        "cisterns": [("1号蓄水池", D("800"), True)],
    },
    {
        "code": "taohe-park",
        "name": "桃河公园",
        "kind": GreenSpaceKind.RIVERSIDE_BELT,
        "district": "140302",
        "address": "阳泉市桃河两岸",
        "latitude": D("37.861000"),
        "longitude": D("113.567000"),
        "total_area_m2": D("900000"),
        "hard_paved_area_m2": D("135000"),
        "planted_area_m2": D("700000"),
        "length_m": D("18000"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "source_note": f"{LETTER}：节水型绿地改造，改造长度18公里（已确认）；新增中水供水管道与智能节水控制。面积、坐标为估计值。",
        "cisterns": [],
    },
    {
        "code": "shinaoshan-nursery",
        "name": "狮脑山苗圃段",
        "kind": GreenSpaceKind.NURSERY_BASE,
        "district": "140311",
        "address": "阳泉市郊区狮脑山",
        "latitude": D("37.883000"),
        "longitude": D("113.597000"),
        "total_area_m2": D("200000"),
        "hard_paved_area_m2": D("8000"),
        "planted_area_m2": D("180000"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "source_note": f"{LETTER}：道路雨水收集系统、蓄水池、雨水再利用系统。面积、坐标为估计值。",
        "cisterns": [("1号蓄水池", D("600"), True)],
    },
    {
        "code": "caishi-garden",
        "name": "彩石园",
        "kind": GreenSpaceKind.COMMUNITY_PARK,
        "district": "140303",
        "address": "阳泉市矿区",
        "latitude": D("37.869000"),
        "longitude": D("113.548000"),
        "total_area_m2": D("40000"),
        "hard_paved_area_m2": D("8000"),
        "planted_area_m2": D("28000"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "sunken_green_space_m2": D("1500"),
        "permeable_paving_m2": D("3000"),
        "source_note": f"{LETTER}：下沉式绿地、透水砖铺装、雨水收集系统、蓄水池、雨水再利用。面积、坐标为估计值。",
        "cisterns": [("1号蓄水池", D("300"), True)],
    },
    {
        "code": "quanxi-road-pocket-park",
        "name": "泉西路游园",
        "kind": GreenSpaceKind.POCKET_PARK,
        "district": "140302",
        "address": "阳泉市城区泉西路",
        "latitude": D("37.853500"),
        "longitude": D("113.567500"),
        "total_area_m2": D("15000"),
        "hard_paved_area_m2": D("3500"),
        "planted_area_m2": D("10500"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "source_note": f"{LETTER}：新建雨水收集系统，2个1000立方米蓄水池（已确认）。面积、坐标为估计值。",
        "cisterns": [("1号蓄水池", D("1000"), False), ("2号蓄水池", D("1000"), False)],
    },
    {
        "code": "taobei-west-street",
        "name": "桃北西街（赛鱼口至坡头高速口段）",
        "kind": GreenSpaceKind.ROAD_GREEN_BELT,
        "district": "140302",
        "address": "阳泉市桃北西街赛鱼口至坡头高速口",
        "latitude": D("37.866000"),
        "longitude": D("113.540000"),
        "total_area_m2": D("150000"),
        "length_m": D("10000"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "source_note": f"{LETTER}：建设面积共计15万平方米（已确认）；路缘石2万余米、彩色透水混凝土健身步道18000余平方米。长度、坐标为估计值。",
        "cisterns": [],
    },
    {
        "code": "yiping-road",
        "name": "义平路",
        "kind": GreenSpaceKind.ROAD_GREEN_BELT,
        "district": "140311",
        "address": "阳泉市义平路",
        "latitude": D("37.838000"),
        "longitude": D("113.600000"),
        "total_area_m2": D("60000"),
        "length_m": D("6000"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "source_note": f"{LETTER}：道路绿地提质改造。面积、长度、坐标为估计值。",
        "cisterns": [],
    },
    {
        "code": "chengnan-park",
        "name": "城南公园",
        "kind": GreenSpaceKind.COMPREHENSIVE_PARK,
        "district": "140302",
        "address": "阳泉市南庄矿保障性住房南侧",
        "latitude": D("37.832000"),
        "longitude": D("113.585000"),
        "total_area_m2": D("299700"),
        "maintenance_grade": MaintenanceGrade.ONE,
        "opening_status": OpeningStatus.PLANNED,
        "source_note": f"{LETTER}：新建公园，规划面积29.97公顷（已确认）；新建公园硬质铺装率不超过20%。坐标、所在区为估计值。",
        "cisterns": [],
    },
    {
        "code": "chemical-plant-park",
        "name": "化工厂公园",
        "kind": GreenSpaceKind.COMMUNITY_PARK,
        "district": "140302",
        "address": "阳泉市泉东路西侧、化工厂医院南侧",
        "latitude": D("37.859000"),
        "longitude": D("113.602000"),
        "total_area_m2": D("24700"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "opening_status": OpeningStatus.PLANNED,
        "source_note": f"{LETTER}：居住区公园，占地约2.47公顷（已确认）；工业用地，产权为晋东化工厂。坐标、所在区为估计值。",
        "cisterns": [],
    },
    {
        "code": "taohe-wetland",
        "name": "桃河湿地",
        "kind": GreenSpaceKind.WETLAND,
        "district": "140311",
        "address": "阳泉市桃河下游",
        "latitude": D("37.872000"),
        "longitude": D("113.640000"),
        "total_area_m2": D("350000"),
        "hard_paved_area_m2": D("20000"),
        "planted_area_m2": D("200000"),
        "maintenance_grade": MaintenanceGrade.TWO,
        "source_note": f"{LETTER}：恢复芦苇、香蒲群落，为黑鹳等濒危鸟类提供栖息地；2025年湿地公园硬质广场改造试点。面积、坐标为估计值。",
        "cisterns": [],
    },
]

NAMED_IN_LETTER = {"油松", "国槐", "连翘", "山杏"}

# Chinese name, Latin name, family, form, native, drought tolerance (domain-facts §7).
SPECIES = [
    ("油松", "Pinus tabuliformis", "松科 Pinaceae", SpeciesForm.EVERGREEN_TREE, True, DroughtTolerance.HIGH),
    (
        "侧柏",
        "Platycladus orientalis",
        "柏科 Cupressaceae",
        SpeciesForm.EVERGREEN_TREE,
        True,
        DroughtTolerance.VERY_HIGH,
    ),
    ("白皮松", "Pinus bungeana", "松科 Pinaceae", SpeciesForm.EVERGREEN_TREE, True, DroughtTolerance.HIGH),
    ("圆柏", "Juniperus chinensis", "柏科 Cupressaceae", SpeciesForm.EVERGREEN_TREE, True, DroughtTolerance.HIGH),
    ("国槐", "Styphnolobium japonicum", "豆科 Fabaceae", SpeciesForm.DECIDUOUS_TREE, True, DroughtTolerance.HIGH),
    (
        "臭椿",
        "Ailanthus altissima",
        "苦木科 Simaroubaceae",
        SpeciesForm.DECIDUOUS_TREE,
        True,
        DroughtTolerance.VERY_HIGH,
    ),
    ("榆树", "Ulmus pumila", "榆科 Ulmaceae", SpeciesForm.DECIDUOUS_TREE, True, DroughtTolerance.VERY_HIGH),
    ("元宝枫", "Acer truncatum", "无患子科 Sapindaceae", SpeciesForm.DECIDUOUS_TREE, True, DroughtTolerance.HIGH),
    (
        "栾树",
        "Koelreuteria paniculata",
        "无患子科 Sapindaceae",
        SpeciesForm.DECIDUOUS_TREE,
        True,
        DroughtTolerance.HIGH,
    ),
    ("刺槐", "Robinia pseudoacacia", "豆科 Fabaceae", SpeciesForm.DECIDUOUS_TREE, False, DroughtTolerance.VERY_HIGH),
    ("山杏", "Prunus sibirica", "蔷薇科 Rosaceae", SpeciesForm.DECIDUOUS_TREE, True, DroughtTolerance.HIGH),
    ("山桃", "Prunus davidiana", "蔷薇科 Rosaceae", SpeciesForm.DECIDUOUS_TREE, True, DroughtTolerance.HIGH),
    ("黄栌", "Cotinus coggygria var. cinerea", "漆树科 Anacardiaceae", SpeciesForm.SHRUB, True, DroughtTolerance.HIGH),
    ("连翘", "Forsythia suspensa", "木犀科 Oleaceae", SpeciesForm.SHRUB, True, DroughtTolerance.HIGH),
    ("黄刺玫", "Rosa xanthina", "蔷薇科 Rosaceae", SpeciesForm.SHRUB, True, DroughtTolerance.VERY_HIGH),
    ("沙棘", "Hippophae rhamnoides", "胡颓子科 Elaeagnaceae", SpeciesForm.SHRUB, True, DroughtTolerance.VERY_HIGH),
    (
        "荆条",
        "Vitex negundo var. heterophylla",
        "唇形科 Lamiaceae",
        SpeciesForm.SHRUB,
        True,
        DroughtTolerance.VERY_HIGH,
    ),
    ("紫丁香", "Syringa oblata", "木犀科 Oleaceae", SpeciesForm.SHRUB, True, DroughtTolerance.HIGH),
    ("酸枣", "Ziziphus jujuba var. spinosa", "鼠李科 Rhamnaceae", SpeciesForm.SHRUB, True, DroughtTolerance.VERY_HIGH),
    ("紫穗槐", "Amorpha fruticosa", "豆科 Fabaceae", SpeciesForm.SHRUB, False, DroughtTolerance.VERY_HIGH),
]

# WUCOLS class from drought tolerance: very drought-tolerant plants need very little water.
WATER_USE_BY_TOLERANCE = {DroughtTolerance.VERY_HIGH: WaterUseClass.VERY_LOW, DroughtTolerance.HIGH: WaterUseClass.LOW}

EXAMPLE_NOTE = "示例数据：仅用于演示登记簿的功能，不是已登记的真实古树，请以普查结果替换。"

HERITAGE_TREES = [
    {
        "registry_code": "YQ-EX-0001",
        "species": "国槐",
        "district": "140302",
        "green_space": None,
        "address": "阳泉市城区（示例地址）",
        "latitude": D("37.858100"),
        "longitude": D("113.583200"),
        "estimated_age_years": 620,
        "age_method": AgeMethod.RECORDS,
        "height_m": D("14.5"),
        "girth_cm": D("410.0"),
        "crown_ew_m": D("16.0"),
        "crown_ns_m": D("14.0"),
    },
    {
        "registry_code": "YQ-EX-0002",
        "species": "油松",
        "district": "140322",
        "green_space": None,
        "address": "阳泉市盂县（示例地址）",
        "latitude": D("38.086000"),
        "longitude": D("113.412000"),
        "estimated_age_years": 350,
        "age_method": AgeMethod.COMPARISON,
        "height_m": D("11.0"),
        "girth_cm": D("260.0"),
        "crown_ew_m": D("12.0"),
        "crown_ns_m": D("10.0"),
    },
    {
        "registry_code": "YQ-EX-0003",
        "species": "侧柏",
        "district": "140321",
        "green_space": None,
        "address": "阳泉市平定县（示例地址）",
        "latitude": D("37.786000"),
        "longitude": D("113.631000"),
        "estimated_age_years": 160,
        "age_method": AgeMethod.CORE,
        "height_m": D("9.0"),
        "girth_cm": D("150.0"),
        "crown_ew_m": D("6.0"),
        "crown_ns_m": D("7.0"),
    },
    {
        "registry_code": "YQ-EX-0004",
        "species": "国槐",
        "district": "140302",
        "green_space": "nanshan-park",
        "address": "南山公园内（示例地址）",
        "latitude": D("37.846500"),
        "longitude": D("113.579300"),
        "estimated_age_years": 70,
        "age_method": AgeMethod.ESTIMATE,
        "height_m": D("10.0"),
        "girth_cm": D("120.0"),
        "crown_ew_m": D("8.0"),
        "crown_ns_m": D("8.0"),
    },
]


def load(loader: Loader) -> None:
    """Districts, the letter's green spaces and cisterns, the 20 backbone species, example trees."""
    districts = {
        code: loader.sync(District, {"code": code}, {"name": name, "sort_order": index})
        for index, (code, name) in enumerate(DISTRICTS, start=1)
    }

    spaces = {}
    for row in GREEN_SPACES:
        values = {key: value for key, value in row.items() if key not in {"code", "cisterns"}}
        values["district"] = districts[values["district"]]
        values.setdefault("opening_status", OpeningStatus.OPEN)
        values["estimated"] = True  # every row has at least its coordinates estimated
        space = loader.sync(GreenSpace, {"code": row["code"]}, values)
        spaces[row["code"]] = space
        for name, capacity, estimated in row["cisterns"]:
            loader.sync(
                Cistern, {"green_space": space, "name": name}, {"capacity_m3": capacity, "estimated": estimated}
            )

    species = {}
    for chinese, latin, family, form, native, tolerance in SPECIES:
        named = chinese in NAMED_IN_LETTER
        species[chinese] = loader.sync(
            Species,
            {"chinese_name": chinese},
            {
                "latin_name": latin,
                "family": family,
                "form": form,
                "native": native,
                "backbone": BackboneStatus.NAMED if named else BackboneStatus.PROPOSED,
                "drought_tolerance": tolerance,
                "water_use": WATER_USE_BY_TOLERANCE[tolerance],
                "notes": "复函列名的骨干树种" if named else "建议列入骨干树种（待依据《乡土适生植物名录》确认）",
            },
        )

    for row in HERITAGE_TREES:
        values = {key: value for key, value in row.items() if key != "registry_code"}
        values["species"] = species[values["species"]]
        values["district"] = districts[values["district"]]
        values["green_space"] = spaces.get(values["green_space"])
        values.update(
            vigour=Vigour.NORMAL,
            custodian_unit="阳泉市城市管理局（示例）",
            estimated=True,
            source_note=EXAMPLE_NOTE,
        )
        loader.sync(HeritageTree, {"registry_code": row["registry_code"]}, values)
