"""基层政务公开标准化: the 26 pilot domains (国办发〔2019〕54号) as a catalog branch.

`gksite init --with-pilot-domains` writes this branch into site.yaml. Each domain
comes with one sample 公开事项 and its elements (名称, 内容, 依据, 时限, 主体, 方式,
渠道, 对象), for an agency to correct and extend from its own 标准目录.
"""
from __future__ import annotations

import json

from .config import ITEM_ELEMENTS, DisclosureItem

PILOT_BRANCH = ("jcgk", "基层政务公开标准化")

_USUAL_DEADLINE = "信息形成或变更之日起20个工作日内"
_SITE = "政府网站"
_NOTICE_BOARDS = "政府网站、乡镇和村（社区）公开栏"
_EVERYONE = "全社会"


def _item(name: str, content: str, basis: str, agency: str, deadline: str = _USUAL_DEADLINE,
          channel: str = _SITE, audience: str = _EVERYONE) -> DisclosureItem:
    return DisclosureItem(name=name, content=content, basis=basis, deadline=deadline, agency=agency,
                          method="主动公开", channel=channel, audience=audience)


# (code, name, a sample 公开事项); codes are pinyin initials.
_DOMAINS = (
    ("zdjsxm", "重大建设项目", _item("批准服务信息", "项目建议书、可行性研究报告、初步设计的审批结果",
                                    "《政府投资条例》《企业投资项目核准和备案管理条例》", "示例县发展和改革局")),
    ("ggzyjy", "公共资源交易", _item("交易公告和结果", "招标公告、资格预审公告、中标候选人公示、中标结果",
                                    "《中华人民共和国招标投标法》《中华人民共和国政府采购法》", "示例县公共资源交易中心",
                                    deadline="按法定时限")),
    ("ywjy", "义务教育", _item("招生入学", "招生范围、招生条件、报名时间和方式、录取结果",
                              "《中华人民共和国义务教育法》", "示例县教育局", deadline="招生工作开始前")),
    ("hjgl", "户籍管理", _item("户口登记办事指南", "办理条件、所需材料、办理流程、办理时限",
                              "《中华人民共和国户口登记条例》", "示例县公安局")),
    ("shjz", "社会救助", _item("最低生活保障", "申请条件、办理程序、救助标准、保障对象名单",
                              "《社会救助暂行办法》", "示例县民政局、各乡镇人民政府", channel=_NOTICE_BOARDS)),
    ("ylfw", "养老服务", _item("养老机构信息", "养老机构名录、服务项目、收费标准",
                              "《中华人民共和国老年人权益保障法》", "示例县民政局")),
    ("ggflfw", "公共法律服务", _item("法律援助", "申请条件、办理流程、受理机构及联系方式",
                                    "《中华人民共和国法律援助法》", "示例县司法局")),
    ("czyjs", "财政预决算", _item("部门预决算", "部门预算、部门决算及“三公”经费说明",
                                 "《中华人民共和国预算法》", "示例县财政局、各预算部门", deadline="批复后20日内")),
    ("jy", "就业", _item("就业创业补贴", "补贴政策、申领条件、办理流程、发放结果",
                        "《中华人民共和国就业促进法》", "示例县人力资源和社会保障局")),
    ("shbx", "社会保险", _item("社会保险参保", "参保范围、缴费标准、办理流程",
                              "《中华人民共和国社会保险法》", "示例县人力资源和社会保障局、示例县医疗保障局")),
    ("cxgh", "城乡规划", _item("控制性详细规划", "规划批前公示、批准后的规划成果",
                              "《中华人民共和国城乡规划法》", "示例县自然资源局", deadline="批前公示不少于30日")),
    ("ncjttdzs", "农村集体土地征收", _item("征收土地预公告", "征收范围、土地现状、征收目的",
                                        "《中华人民共和国土地管理法》", "示例县人民政府", deadline="拟征收土地前",
                                        channel=_NOTICE_BOARDS, audience="被征地的农村集体经济组织及其成员")),
    ("sthj", "生态环境", _item("建设项目环境影响评价审批", "受理情况、拟审批公示、审批决定",
                              "《中华人民共和国环境影响评价法》", "示例县生态环境分局")),
    ("bzxzf", "保障性住房", _item("公共租赁住房分配", "申请条件、轮候情况、分配结果",
                                 "《公共租赁住房管理办法》", "示例县住房和城乡建设局")),
    ("gytdsfwzsybc", "国有土地上房屋征收与补偿", _item(
        "房屋征收决定", "征收补偿方案、征收决定公告", "《国有土地上房屋征收与补偿条例》", "示例县人民政府",
        deadline="作出房屋征收决定后及时公告")),
    ("ncwfgz", "农村危房改造", _item("补助对象和标准", "补助对象认定结果、补助标准、资金发放情况",
                                    "《中华人民共和国政府信息公开条例》", "示例县住房和城乡建设局、各乡镇人民政府",
                                    channel=_NOTICE_BOARDS)),
    ("szfw", "市政服务", _item("停水停气通知", "停止供应的时间、范围和原因",
                              "《城市供水条例》《城镇燃气管理条例》", "示例县住房和城乡建设局",
                              deadline="停止供应24小时前")),
    ("cszhzf", "城市综合执法", _item("行政处罚结果", "处罚对象、违法事实、处罚依据、处罚结果",
                                    "《中华人民共和国行政处罚法》", "示例县综合行政执法局",
                                    deadline="作出决定之日起7个工作日内")),
    ("snbt", "涉农补贴", _item("补贴政策和发放结果", "补贴项目、补贴标准、补贴对象、发放金额",
                              "《中华人民共和国农业法》", "示例县农业农村局、示例县财政局", channel=_NOTICE_BOARDS)),
    ("ggwhfw", "公共文化服务", _item("公共文化设施开放", "设施名称、地址、开放时间、免费服务项目",
                                    "《中华人民共和国公共文化服务保障法》", "示例县文化广播电视和旅游局")),
    ("wsjk", "卫生健康", _item("医疗机构执业登记", "医疗机构名称、地址、诊疗科目、执业许可信息",
                              "《医疗机构管理条例》", "示例县卫生健康局")),
    ("aqsc", "安全生产", _item("安全生产行政处罚", "处罚对象、违法行为、处罚决定",
                              "《中华人民共和国安全生产法》", "示例县应急管理局")),
    ("jz", "救灾", _item("救灾款物发放", "救助对象、救助标准、款物发放情况",
                        "《自然灾害救助条例》", "示例县应急管理局、各乡镇人民政府", channel=_NOTICE_BOARDS)),
    ("spypjg", "食品药品监管", _item("监督抽检结果", "抽检产品、抽检结果、不合格产品的核查处置",
                                    "《中华人民共和国食品安全法》《中华人民共和国药品管理法》", "示例县市场监督管理局")),
    ("ssgl", "税收管理", _item("税收政策和办税指南", "税收法律法规、税收优惠政策、办税流程",
                              "《中华人民共和国税收征收管理法》", "国家税务总局示例县税务局")),
    ("fp", "扶贫", _item("扶贫项目", "项目名称、资金规模、实施地点、受益对象、实施结果",
                        "《中华人民共和国乡村振兴促进法》", "示例县乡村振兴局", channel=_NOTICE_BOARDS)),
)

PILOT_DOMAINS = tuple((code, name) for code, name, _ in _DOMAINS)
PILOT_ITEMS = {code: item for code, _, item in _DOMAINS}


def pilot_catalog() -> str:
    """The `jcgk` branch of site.yaml's catalog: the 26 domains, each with its 公开事项."""
    code, name = PILOT_BRANCH
    elements = " ".join(chinese for _, chinese in ITEM_ELEMENTS)
    lines = [f"  - code: {code}", f"    name: {name}",
             "    description: 26 个试点领域的基层政务公开标准目录", "    children:"]
    for code, name, item in _DOMAINS:
        lines += [f"      - code: {code}", f"        name: {name}",
                  f"        items:                          # 公开事项；要素：{elements}"]
        for number, (key, chinese) in enumerate(ITEM_ELEMENTS):
            lead = "- " if number == 0 else "  "
            lines.append(f"          {lead}{chinese}: {json.dumps(getattr(item, key), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
