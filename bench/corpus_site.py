"""The benchmark site's fixed part: 40 publishers, a 64-node catalog, 20 topics, and its site.yaml.

Nothing here is random: every seed and size of the corpus shares this site. `corpus.py`
files generated entries into it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from corpus_prose import TOPIC_LIST

SERIAL_WIDTH = 7


# -- 发布机构 ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    code: str
    doc_prefix: str     # 文号 prefix: 青财发〔2024〕12号
    topic: str          # the topic most of its documents fall under
    role: str           # gov, office, dept, centre, town


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc(kind: str, number: int) -> str:
    """An 18-char 统一社会信用代码 with a valid GB 32100 check character."""
    body = f"{kind}519900MB{number:07d}"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def org_code(number: int) -> str:
    """A 9-char 组织机构代码 with a valid GB 11714 check character."""
    body = f"{number:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


# (key, name, code kind, 文号 prefix, topic, role); code kind: "11"/"12" USCC, "org", or the custom code.
_PUBLISHERS = (
    ("gov", "青梧县人民政府", "11", "青府发", "zhzw", "gov"),
    ("office", "青梧县人民政府办公室", "11", "青府办发", "zwgk", "office"),
    ("fgj", "青梧县发展和改革局", "11", "青发改", "fzgh", "dept"),
    ("jyj", "青梧县教育局", "org", "青教发", "jy", "dept"),
    ("kjj", "青梧县科学技术局", "org", "青科发", "jy", "dept"),
    ("jxj", "青梧县经济和信息化局", "11", "青经信发", "gyjt", "dept"),
    ("gaj", "青梧县公安局", "11", "青公发", "gasf", "dept"),
    ("mzj", "青梧县民政局", "11", "青民发", "shbz", "dept"),
    ("sfj", "青梧县司法局", "org", "青司发", "gasf", "dept"),
    ("czj", "青梧县财政局", "11", "青财发", "czzj", "dept"),
    ("rsj", "青梧县人力资源和社会保障局", "11", "青人社发", "rlzy", "dept"),
    ("zrzyj", "青梧县自然资源局", "11", "青自然资发", "gtny", "dept"),
    ("sthjj", "青梧县生态环境局", "org", "青环发", "cxjs", "dept"),
    ("zjj", "青梧县住房和城乡建设局", "11", "青住建发", "cxjs", "dept"),
    ("jtj", "青梧县交通运输局", "org", "青交发", "gyjt", "dept"),
    ("slj", "青梧县水利局", "qwxslj", "青水发", "nync", "dept"),
    ("nyj", "青梧县农业农村局", "11", "青农发", "nync", "dept"),
    ("swj", "青梧县商务局", "qw_swj", "青商务发", "smhz", "dept"),
    ("wlj", "青梧县文化广播电视和旅游局", "11", "青文旅发", "whly", "dept"),
    ("wjj", "青梧县卫生健康局", "11", "青卫健发", "wsjk", "dept"),
    ("tyj", "青梧县退役军人事务局", "org", "青退役军人发", "tyjr", "dept"),
    ("yjj", "青梧县应急管理局", "11", "青应急发", "yjgl", "dept"),
    ("sjj", "青梧县审计局", "org", "青审发", "czzj", "dept"),
    ("scj", "青梧县市场监督管理局", "11", "青市监发", "scjg", "dept"),
    ("tjj", "青梧县统计局", "qwxtjj", "青统发", "tj", "dept"),
    ("ybj", "青梧县医疗保障局", "org", "青医保发", "wsjk", "dept"),
    ("lyj", "青梧县林业局", "QW-LYJ", "青林发", "nync", "dept"),
    ("xczxj", "青梧县乡村振兴局", "11", "青乡振发", "shbz", "dept"),
    ("zwfwj", "青梧县政务服务和大数据管理局", "11", "青政数发", "szzf", "dept"),
    ("cgj", "青梧县城市管理综合行政执法局", "org", "青城管发", "cxjs", "dept"),
    ("ggzy", "青梧县公共资源交易中心", "12", "青公资交", "czzj", "centre"),
    ("jgsw", "青梧县机关事务服务中心", "12", "青机事发", "zhzw", "centre"),
    ("qwz", "青梧县青梧镇人民政府", "qwzzf", "青梧镇府发", "zhzw", "town"),
    ("smz", "青梧县石门镇人民政府", "11", "石府发", "nync", "town"),
    ("bsz", "青梧县白沙镇人民政府", "bszzf", "白府发", "nync", "town"),
    ("lxx", "青梧县柳溪乡人民政府", "org", "柳府发", "shbz", "town"),
    ("ytx", "青梧县云台乡人民政府", "ytxzf", "云府发", "whly", "town"),
    ("lqz", "青梧县龙泉镇人民政府", "11", "龙府发", "cxjs", "town"),
    ("ghx", "青梧县桂花乡人民政府", "ghxzf", "桂府发", "nync", "town"),
    ("xqz", "青梧县新桥镇人民政府", "org", "新府发", "gyjt", "town"),
)


def _publishers() -> tuple[Publisher, ...]:
    result = []
    for number, (key, name, kind, prefix, topic, role) in enumerate(_PUBLISHERS, start=1):
        if kind in ("11", "12"):
            code = uscc(kind, number)
        elif kind == "org":
            code = org_code(66120000 + number * 173)
        else:
            code = kind
        result.append(Publisher(key, name, code, prefix, topic, role))
    return tuple(result)


PUBLISHERS = _publishers()


# -- 公开目录 ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    code: str
    name: str
    weight: float = 0.0                 # share of entries filed directly here
    style: str = "notice"               # body shape, see corpus_prose.Writer.body_*
    titles: tuple[str, ...] = ()
    who: tuple[str, ...] = ("any",)     # publisher keys or roles
    topic: str = ""                     # fixed topic code, else the publisher's
    policy: bool = False
    children: tuple["Node", ...] = ()
    path: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


POLICY_TITLES = ("{pub}关于印发《{county}{noun}{doctype}》的通知", "{pub}关于印发《{county}{noun}{doctype}》的通知",
                 "{pub}关于{verb}{noun}工作的通知", "{pub}关于{verb}{noun}的实施意见",
                 "{pub}关于做好{year}年{noun}工作的通知", "{county}{noun}{doctype}")
NOTICE_TITLES = ("{pub}关于{year}年{noun}工作情况的报告", "{pub}{year}年{noun}工作总结", "{pub}关于{noun}有关情况的公示",
                 "{pub}{year}年{noun}工作计划", "{pub}关于开展{noun}专项行动的通知", "{town}{year}年{noun}工作情况")
INTERP_TITLES = ("《{core}》政策解读", "关于《{core}》的解读", "《{core}》解读")


def N(code, name, weight=0.0, style="notice", titles=NOTICE_TITLES, who=("any",), topic="", policy=False,
      children=()):
    return Node(code, name, weight, style, tuple(titles), tuple(who), topic, policy, tuple(children))


def _catalog() -> tuple[Node, ...]:
    policy = dict(style="policy", titles=POLICY_TITLES, policy=True)
    tree = (
        N("fdzdgknr", "法定主动公开内容", 0.3, children=(
            N("jgzn", "机构职能", 0.1, "org", ("{pub}主要职责和内设机构",), children=(
                N("jgjj", "机构简介", 0.3, "org", ("{pub}机构简介", "{pub}机构职能（{year}年更新）")),
                N("ldxx", "领导信息", 0.3, "org", ("{pub}领导班子成员及分工", "{pub}领导信息（{year}年{month}月更新）")),
                N("nsjg", "内设机构", 0.3, "org", ("{pub}内设机构及职责", "{pub}下属单位信息")))),
            N("zcwj", "政策文件", 0.6, **policy, who=("gov", "office", "dept"), children=(
                N("gfxwj", "规范性文件", 0.5, **policy, who=("gov", "office", "dept"), children=(
                    N("xzfwj", "县政府文件", 4, **policy, who=("gov",)),
                    N("bmwj", "部门文件", 5, **policy, who=("dept",)))),
                N("qtwj", "其他文件", 0.5, **policy, who=("gov", "office", "dept", "town"), children=(
                    N("zfwj", "县政府文件", 4, **policy, who=("gov",)),
                    N("bgswj", "县政府办公室文件", 5, **policy, who=("office",)),
                    N("bmwj", "部门文件", 8, **policy, who=("dept", "town")))))),
            N("zcjd", "政策解读", 0.4, "interp", INTERP_TITLES, children=(
                N("wzjd", "文字解读", 4, "interp", INTERP_TITLES),
                N("tjjd", "图解解读", 1.5, "interp", ("图解：{core}", "一图读懂《{core}》")),
                N("wdjd", "问答解读", 1.5, "interp", ("《{core}》政策问答", "关于《{core}》的问答")))),
            N("ghxx", "规划信息", 0.3, "plan", ("{county}{noun}“{plan}”规划",), children=(
                N("fzgh", "发展规划", 1, "plan", ("{county}{noun}“{plan}”规划", "{county}{plan}时期{noun}发展规划"),
                  who=("gov", "fgj")),
                N("zxgh", "专项规划", 1.5, "plan", ("{county}{noun}专项规划", "{county}{year}—{next}年{noun}行动计划"),
                  who=("dept",)),
                N("gtkj", "国土空间规划", 0.6, "plan", ("{town}国土空间规划（2021—2035年）", "{town}村庄规划（{year}—2035年）"),
                  who=("zrzyj",), topic="gtny"))),
            N("czyjs", "财政预决算", 0.2, "budget", ("{pub}{year}年预决算公开",), topic="czzj", children=(
                N("zfyjs", "政府预决算", 0.2, "budget", ("{county}{year}年政府预决算",), ("czj",), "czzj", children=(
                    N("zfys", "政府预算", 0.8, "budget", ("{county}{prev}年预算执行情况和{year}年预算草案的报告",
                                                         "{county}{year}年一般公共预算"), ("czj",), "czzj"),
                    N("zfjs", "政府决算", 0.6, "budget", ("{county}{prev}年财政决算", "{county}{prev}年政府性基金决算"),
                      ("czj",), "czzj"))),
                N("bmyjs", "部门预决算", 0.2, "budget", ("{pub}{year}年部门预决算",), topic="czzj", children=(
                    N("bmys", "部门预算", 3, "budget", ("{pub}{year}年部门预算",), topic="czzj"),
                    N("bmjs", "部门决算", 3, "budget", ("{pub}{prev}年部门决算",), topic="czzj"))),
                N("sgjf", "三公经费", 1, "budget", ("{pub}{prev}年“三公”经费决算情况说明",
                                                   "{pub}{year}年“三公”经费预算情况说明"), topic="czzj"))),
            N("rsxx", "人事信息", 0.2, "notice", ("{pub}{year}年人事信息",), ("rsj",), "rlzy", children=(
                N("rmxx", "人事任免", 2, "notice", ("{pub}关于有关同志任免职务的通知", "{pub}关于{year}年第{n}批人事任免的通知"),
                  ("gov", "rsj"), "rlzy"),
                N("gwyzl", "公务员招录", 1, "hire", ("{county}{year}年考试录用公务员拟录用人员公示",
                                                    "{county}{year}年公务员招录体检结果公告"), ("rsj",), "rlzy"),
                N("sydwzp", "事业单位招聘", 2, "hire", ("{pub}{year}年公开招聘事业单位工作人员公告",
                                                       "{county}{year}年{half}事业单位公开招聘公告"), ("rsj", "dept"),
                  "rlzy"))),
            N("tjxx", "统计信息", 0.2, "stats", ("{county}{year}年{noun}统计调查结果",), ("tjj",), "tj", children=(
                N("tjgb", "统计公报", 0.5, "stats", ("{county}{prev}年国民经济和社会发展统计公报",), ("tjj",), "tj"),
                N("tjsj", "统计数据", 0.3, "stats", ("{county}{year}年{noun}统计数据",), ("tjj",), "tj", children=(
                    N("ydsj", "月度数据", 3, "stats", ("{year}年{month}月{county}主要经济指标",), ("tjj",), "tj"),
                    N("jdsj", "季度数据", 1.5, "stats", ("{year}年第{quarter}季度{county}经济运行情况",), ("tjj",), "tj"),
                    N("ndsj", "年度数据", 0.7, "stats", ("{county}{prev}年主要统计数据",), ("tjj",), "tj"))))),
            N("xzzf", "行政执法", 0.2, "enforce", ("{pub}{year}年{month}月行政执法决定公示",), ("dept",), children=(
                N("xzxk", "行政许可", 4, "enforce", ("{pub}{year}年{month}月行政许可决定公示",
                                                    "{pub}行政许可信息公示（{year}年第{n}期）"), ("dept",)),
                N("xzcf", "行政处罚", 4, "enforce", ("{pub}行政处罚决定信息公示（{year}年第{n}期）",
                                                    "{pub}{year}年{month}月行政处罚案件信息"), ("dept",)),
                N("xzqz", "行政强制", 1, "enforce", ("{pub}行政强制决定信息公示（{year}年第{n}期）",), ("dept",)))),
            N("jyta", "建议提案办理", 0.1, "reply", ("{pub}{year}年建议提案办理情况",), ("dept",), children=(
                N("rddbjy", "人大代表建议", 2, "reply", ("对县人大{year}年会议第{n}号建议的答复",
                                                        "关于{noun}的建议答复（第{n}号）"), ("dept",)),
                N("zxwyta", "政协委员提案", 2, "reply", ("对县政协{year}年会议第{n}号提案的答复",
                                                        "关于{noun}的提案答复（第{n}号）"), ("dept",)))))),
        N("zdlyxxgk", "重点领域信息公开", 0.2, children=(
            N("zdjsxm", "重大建设项目", 0.5, "tender", ("{county}{year}年重点建设项目计划",), ("fgj", "zjj", "jtj"), children=(
                N("xmpz", "项目批准", 2, "notice", ("关于{county}{noun}项目可行性研究报告的批复",
                                                    "{county}{year}年重点建设项目计划"), ("fgj",), "fzgh"),
                N("zbtb", "招标投标", 1.5, "tender", ("{county}{noun}项目招标公告", "{county}{noun}项目中标候选人公示"),
                  ("fgj", "zjj", "jtj", "slj")))),
            N("ggzyjy", "公共资源交易", 0.3, "tender", ("{county}{noun}项目交易公告",), ("ggzy",), children=(
                N("gcjs", "工程建设项目", 2, "tender", ("{county}{noun}工程施工招标公告", "{county}{noun}工程中标结果公示"),
                  ("ggzy", "zjj", "jtj")),
                N("zfcg", "政府采购", 3, "tender", ("{pub}{noun}采购项目中标（成交）结果公告",
                                                   "{county}{noun}服务项目竞争性磋商公告"), ("ggzy", "dept")),
                N("tdcr", "国有土地使用权出让", 1, "tender", ("{county}国有建设用地使用权出让公告（{year}第{n}号）",),
                  ("zrzyj", "ggzy"), "gtny"))),
            N("shjz", "社会救助", 3, "notice", ("{county}{year}年{month}月城乡最低生活保障资金发放情况",
                                                "{town}{year}年第{quarter}季度社会救助对象公示") + NOTICE_TITLES,
              ("mzj", "town"), "shbz"),
            N("jyly", "教育领域", 2, "notice", ("{county}{year}年义务教育招生入学工作方案",) + NOTICE_TITLES, ("jyj",), "jy"),
            N("ylws", "医疗卫生", 2, "notice", NOTICE_TITLES, ("wjj", "ybj"), "wsjk"),
            N("sthj", "生态环境", 0.5, "notice", NOTICE_TITLES, ("sthjj",), "cxjs", children=(
                N("hjzl", "环境质量", 1.5, "stats", ("{county}{year}年{month}月环境空气质量状况",), ("sthjj",), "cxjs"),
                N("hpxx", "环评信息", 1.5, "notice", ("{company}建设项目环境影响评价文件受理公示",), ("sthjj",), "cxjs"))),
            N("aqsc", "安全生产", 2, "notice", ("{county}{year}年{noun}专项整治工作方案",
                                                "{pub}关于{year}年{half}安全生产工作情况的通报"), ("yjj", "scj"), "yjgl"))),
        N("zfxxgkzn", "政府信息公开指南", 0.4, "guide", ("{pub}政府信息公开指南", "{pub}政府信息公开指南（{year}年修订）"),
          topic="zwgk"),
        N("zfxxgkzd", "政府信息公开制度", 0.5, "policy", ("{county}政府信息公开保密审查制度", "{county}政府信息公开发布协调制度",
                                                           "{county}政府信息公开工作考核办法",
                                                           "{pub}关于印发《{county}政务公开{doctype}》的通知"),
          ("office",), "zwgk", policy=True),
        N("zfxxgknb", "政府信息公开年报", 1, "report", ("{pub}{prev}年政府信息公开工作年度报告",), topic="zwgk"),
    )
    return tuple(_place(node, (), ()) for node in tree)


def _place(node: Node, path: tuple, names: tuple) -> Node:
    path, names = path + (node.code,), names + (node.name,)
    children = tuple(_place(child, path, names) for child in node.children)
    return Node(node.code, node.name, node.weight, node.style, node.titles, node.who, node.topic, node.policy,
                children, path, names)


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


CATALOG = _catalog()
NODES = tuple(walk(CATALOG))
CANDIDATES = {node.path: tuple(p for p in PUBLISHERS if "any" in node.who or p.key in node.who or p.role in node.who)
              for node in NODES}


# -- YAML ---------------------------------------------------------------------------------------------
_PLAIN_RISK = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$")
_YAML_WORDS = re.compile(r"^(?:[-+.\d_:eE]+|true|false|yes|no|on|off|null|~|y|n)$", re.IGNORECASE)


def scalar(value) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if not text or _PLAIN_RISK.search(text) or _YAML_WORDS.match(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def site_yaml() -> str:
    """site.yaml of the corpus: the sample site's keys, this corpus' catalog, publishers and topics."""
    out = ["# 青梧县政府信息公开 — gksite 基准测试语料（bench/corpus.py 生成，文字为虚构）",
           "site:",
           "  name: 青梧县人民政府信息公开",
           "  owner: 青梧县人民政府办公室",
           '  site_code: "5199000001"',
           "  icp: 青ICP备20260001号-1",
           "  psb: 青公网安备 51990002000001号",
           "  description: 青梧县人民政府依法主动公开的政府信息（基准测试语料）。",
           "  contact:",
           "    地址: 青梧县青梧大道1号",
           '    邮编: "629900"',
           "    电话: 0839-6200000",
           "    邮箱: zwgk@qingwu.example.gov.cn",
           "",
           "base_url: https://bench.qingwu.example.gov.cn/xxgk/",
           "output_dir: public",
           "page_size: 20",
           "latest: 10",
           "",
           "index_number:",
           f"  serial_width: {SERIAL_WIDTH}",
           "",
           "catalog:"]
    out += _catalog_yaml(CATALOG, "  ")
    out += ["", "publishers:"]
    for p in PUBLISHERS:
        out += [f"  - name: {scalar(p.name)}", f"    code: {json.dumps(p.code)}"]
    out += ["", "topics:"]
    out += [f"  - {{code: {json.dumps(t.code)}, name: {scalar(t.name)}}}" for t in TOPIC_LIST]
    out += ["", "mirror:", "  variant: s2t", "  prefix: zh-hant", ""]
    return "\n".join(out)


def _catalog_yaml(nodes, indent: str) -> list[str]:
    lines = []
    for node in nodes:
        lines += [f"{indent}- code: {json.dumps(node.code)}", f"{indent}  name: {scalar(node.name)}"]
        if node.policy:
            lines.append(f"{indent}  policy: true")
        if node.children:
            lines.append(f"{indent}  children:")
            lines += _catalog_yaml(node.children, indent + "    ")
    return lines
