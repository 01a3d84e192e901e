"""The stewards' inspection checklist (监督养护质量), seeded as staff-editable data.

Items follow the parts of a green space that CJJ/T 287-2018 (园林绿化养护标准) grades: sanitation,
lawns, trees and shrubs, flower beds, irrigation, facilities, paths, toilets, safety; road belts
and water bodies get their own. Staff change, retire or add items in the admin; a re-run of
``load_yangquan`` keeps their edits.
"""

from __future__ import annotations

from greening.lib.citydata import Loader
from greenspaces.choices import GreenSpaceKind as K
from volunteers.models import ChecklistItem

PARKS = [K.COMPREHENSIVE_PARK, K.COMMUNITY_PARK, K.POCKET_PARK, K.BOTANICAL_GARDEN, K.WETLAND, K.SQUARE, K.OTHER]
ROADS = [K.ROAD_GREEN_BELT]
WATER = [K.RIVERSIDE_BELT, K.WETLAND, K.COMPREHENSIVE_PARK, K.BOTANICAL_GARDEN]

# code, Chinese, English, what to look at (Chinese), (English), kinds ([] = every kind)
CHECKLIST = [
    ("cleanliness", "环境卫生", "Cleanliness", "垃圾、落叶、杂物是否及时清理，果皮箱是否满溢",
     "Litter, fallen leaves and debris cleared; bins not overflowing", []),
    ("lawn", "草坪", "Lawn", "草坪是否平整、修剪及时，有无斑秃、杂草、黄化",
     "Even and mown; no bare patches, weeds or yellowing", []),
    ("trees-shrubs", "乔灌木", "Trees and shrubs", "修剪整形、病虫害、枯枝、倒伏、支撑是否完好",
     "Pruning, pests and diseases, dead wood, leaning trees, stakes in place", []),
    ("flower-beds", "花坛花境", "Flower beds", "花卉是否缺株、枯萎，花坛边缘是否整齐",
     "No gaps or wilted plants; tidy edges", PARKS),
    ("irrigation", "灌溉设施", "Irrigation", "喷头、管道有无损坏、漏水，浇水是否适时适量",
     "Sprinklers and pipes intact, no leaks; watering timely and not excessive", []),
    ("facilities", "园林设施", "Park facilities", "座椅、路灯、标识牌、健身器材是否完好可用",
     "Benches, lights, signs and fitness equipment intact and usable", PARKS),
    ("paths", "园路铺装", "Paths and paving", "园路、透水铺装有无破损、积水、松动",
     "Paths and permeable paving without damage, puddles or loose slabs", PARKS),
    ("toilets", "公共厕所", "Public toilets", "是否开放、清洁、无异味，设施是否完好",
     "Open, clean, no smell, fittings working", [K.COMPREHENSIVE_PARK, K.COMMUNITY_PARK, K.BOTANICAL_GARDEN,
                                                  K.WETLAND, K.SQUARE]),
    ("safety", "安全隐患", "Safety hazards", "枯枝悬挂、井盖缺失、护栏损坏、电线裸露等",
     "Hanging dead branches, missing manhole covers, broken railings, bare wires", []),
    ("kerbs-median", "路缘石与隔离带", "Kerbs and median strips", "路缘石是否破损缺失，隔离带绿篱是否整齐",
     "Kerbs intact; median hedges tidy", ROADS),
    ("water-body", "水体与驳岸", "Water and banks", "水面是否清洁，驳岸、湿地植物（芦苇、香蒲）是否完好",
     "Clean water surface; banks and wetland plants (reeds, cattails) in good order", WATER),
    ("sponge", "海绵设施", "Sponge-city facilities", "下沉式绿地、雨水花园、植草沟、蓄水池有无淤堵",
     "Sunken green space, rain gardens, swales and cisterns not silted or blocked", [*PARKS, K.RIVERSIDE_BELT]),
]  # fmt: skip


def load(loader: Loader) -> None:
    """Seed the inspection checklist."""
    for order, (code, name_zh, name_en, guidance_zh, guidance_en, kinds) in enumerate(CHECKLIST, start=1):
        loader.sync(
            ChecklistItem,
            {"code": code},
            {
                "name_zh": name_zh,
                "name_en": name_en,
                "guidance_zh": guidance_zh,
                "guidance_en": guidance_en,
                "kinds": sorted({str(kind) for kind in kinds}),
                "sort_order": order * 10,
            },
        )
