"""Prose for the benchmark corpus: titles, keywords and Markdown bodies of disclosure documents.

Every phrase here was written for this project; sentences are assembled from the banks
below with one `random.Random`, so a seed always yields the same text. Nothing here
knows about files or front matter — `corpus.py` decides what an entry is.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

COUNTY = "青梧县"
NUMERALS = "一二三四五六七八九十"

# 主题分类: code, name, and the domain nouns its documents talk about.
TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("zwgk", "政务公开", ("政务公开", "政府信息公开", "政策解读", "政府网站集约化", "政务新媒体", "基层政务公开标准化",
                        "依申请公开办理", "政策文件库", "政务公开专区", "公开目录编制")),
    ("zhzw", "综合政务", ("督查督办", "机关效能建设", "公文处理", "值班值守", "重点工作目标考核", "政务信息报送",
                        "会议纪要管理", "机关作风建设", "营商环境评价", "县长信箱办理")),
    ("czzj", "财政、金融、审计", ("预算绩效管理", "政府债务风险防控", "国库集中支付", "政府采购", "惠民惠农财政补贴",
                             "专项资金管理", "审计整改", "非税收入征缴", "普惠金融服务", "国有资产清查")),
    ("fzgh", "国民经济管理、国有资产监管", ("重点项目建设", "固定资产投资", "项目储备", "社会信用体系建设", "价格监测",
                                   "粮食安全保障", "国有企业改革", "以工代赈", "招商引资", "县域经济发展")),
    ("rlzy", "劳动、人事、监察", ("稳就业", "高校毕业生就业", "职业技能培训", "劳动保障监察", "根治欠薪",
                             "事业单位公开招聘", "公务员考核", "人才引进", "社会保险参保扩面", "劳动人事争议调解")),
    ("jy", "科技、教育", ("义务教育优质均衡", "学前教育普惠发展", "校园安全", "课后服务", "教师队伍建设",
                       "学生资助", "科技特派员", "高新技术企业培育", "职业教育产教融合", "科普示范")),
    ("tj", "统计", ("统计调查", "经济普查", "人口普查", "统计执法检查", "规模以上工业统计", "农业统计", "统计数据质量",
                  "统计监测", "服务业统计", "统计信息发布")),
    ("cxjs", "城乡建设、环境保护", ("老旧小区改造", "城市更新", "农村危房改造", "污水处理设施建设", "大气污染防治",
                             "建筑施工安全", "生活垃圾分类", "住房公积金", "保障性租赁住房", "河湖生态修复")),
    ("nync", "农业、林业、水利", ("高标准农田建设", "耕地地力保护补贴", "农村人居环境整治", "农机购置补贴", "河长制",
                             "森林防火", "小型水利工程管护", "农村集体经济", "畜禽粪污资源化利用", "特色农产品品牌")),
    ("shbz", "民政、扶贫、救灾", ("最低生活保障", "特困人员供养", "临时救助", "养老服务体系", "困难群众救助",
                             "防止返贫动态监测", "残疾人两项补贴", "儿童关爱保护", "殡葬改革", "社区治理")),
    ("wsjk", "卫生、体育", ("基本公共卫生服务", "家庭医生签约", "疾病预防控制", "县域医共体建设", "全民健身",
                          "妇幼健康", "医疗机构监管", "爱国卫生运动", "基层医疗卫生服务能力", "体育场地设施")),
    ("whly", "文化、广电、旅游", ("公共文化服务", "文物保护", "非物质文化遗产", "乡村旅游", "应急广播",
                             "文化市场综合执法", "全域旅游", "农家书屋", "旅游景区安全", "群众文化活动")),
    ("gtny", "国土资源、能源", ("国土空间规划", "耕地保护", "土地征收", "不动产登记", "矿产资源管理",
                             "地质灾害防治", "光伏发电项目", "天然气管网建设", "土地卫片执法", "生态保护红线")),
    ("gyjt", "工业、交通", ("工业园区建设", "中小企业纾困", "农村公路建设", "道路运输安全", "公交线路优化",
                          "工业技术改造", "智能制造", "物流体系建设", "客运站管理", "桥梁隧道养护")),
    ("scjg", "市场监管、安全生产监管", ("食品安全", "药品质量安全", "特种设备安全", "市场主体登记", "产品质量监督抽查",
                                 "安全生产专项整治", "价格监督检查", "知识产权保护", "计量监督", "消费者权益保护")),
    ("gasf", "公安、安全、司法", ("法治政府建设", "公共法律服务", "人民调解", "行政复议", "道路交通安全管理",
                             "社区矫正", "普法宣传", "扫黑除恶常态化", "矛盾纠纷排查化解", "行政执法监督")),
    ("smhz", "商贸、海关", ("县域商业体系建设", "电子商务进农村", "促进消费", "外贸稳增长", "农产品流通",
                          "成品油市场管理", "家政服务", "商贸企业培育", "夜间经济", "一刻钟便民生活圈")),
    ("yjgl", "应急管理", ("防汛抗旱", "森林草原防灭火", "自然灾害救助", "应急预案管理", "应急物资储备",
                        "危险化学品安全", "安全风险隐患排查", "消防安全", "地震灾害防御", "应急救援队伍建设")),
    ("tyjr", "退役军人事务", ("退役军人安置", "优抚对象抚恤", "拥军优属", "退役军人就业创业", "烈士纪念设施保护",
                            "退役军人服务站建设", "双拥模范创建", "军休服务", "退役军人权益维护", "褒扬纪念")),
    ("szzf", "数字政府、政务服务", ("一网通办", "政务服务事项标准化", "高效办成一件事", "电子证照应用", "政务数据共享",
                               "12345热线", "帮办代办", "政务服务便民热线", "基层便民服务", "好差评制度")),
)

GENERAL_KEYWORDS = ("通知", "实施方案", "工作要点", "管理办法", "公示", "公告", "工作总结", "目标任务", "责任分工",
                    "监督检查", "专项行动", "资金管理", "绩效评价", "考核办法", "民生实事", "服务指南")

BASES = ("《中华人民共和国政府信息公开条例》", "《中华人民共和国预算法》", "《优化营商环境条例》",
         "《中华人民共和国安全生产法》", "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》",
         "《中华人民共和国统计法》", "《社会救助暂行办法》", "《中华人民共和国土地管理法》",
         "《中华人民共和国食品安全法》", "《中华人民共和国乡村振兴促进法》", "《中华人民共和国突发事件应对法》",
         "《事业单位人事管理条例》", "《重大行政决策程序暂行条例》", "《保障农民工工资支付条例》",
         "上级有关文件精神", "省、市有关工作部署", "县委、县政府工作安排")

SUBJECTS = ("各乡镇人民政府", "县政府各部门", "各有关单位", "县直各部门", "各行业主管部门", "各村（社区）",
            "牵头单位", "各责任单位", "县级有关部门", "各乡镇和县级有关部门", "相关企业", "各级各部门")
MODALS = ("要", "应当", "要进一步", "要切实", "要持续", "要着力", "须", "要全面", "要严格", "要主动", "要加快", "要扎实")
ACTIONS = ("加强{}工作的组织领导", "健全{}工作机制", "落实{}各项措施", "做好{}的宣传解读", "规范{}的办理流程",
           "完善{}的监督考核", "推动{}提质增效", "压实{}主体责任", "统筹推进{}", "加大{}资金保障力度",
           "建立{}工作台账", "开展{}专项检查", "提升{}服务水平", "强化{}数据共享", "优化{}审批服务",
           "细化{}实施方案", "抓好{}问题整改", "夯实{}工作基础", "拓展{}覆盖范围", "做实{}日常监管",
           "健全{}长效机制", "加快补齐{}短板", "深入开展{}排查", "定期调度{}进展情况")
PURPOSES = ("确保各项任务按期完成", "切实维护群众合法权益", "不断提升群众满意度", "推动工作落地见效",
            "形成上下联动的工作合力", "防止出现工作断档", "为全县经济社会高质量发展提供有力支撑",
            "确保资金安全规范高效使用", "让群众办事更方便、更省心", "守住不发生系统性风险的底线",
            "做到底数清、情况明", "确保政策红利直达基层", "切实增强群众获得感", "推动形成长效常态",
            "以实际成效检验工作成果", "把好事办好、实事办实")
OPENERS = ("按照“谁主管、谁负责”的原则，", "对照年度目标任务，", "结合工作实际，", "坚持问题导向，",
           "在县委、县政府的统一部署下，", "坚持以人民为中心，", "按照属地管理原则，", "围绕中心工作，",
           "坚持公开为常态、不公开为例外，", "立足职能职责，", "坚持统筹兼顾，", "按照分级负责的要求，", "")
RESULTS = ("全年共办理{noun}相关事项{n}件，办结率达到{p}%。", "累计投入{noun}资金{m}万元，同比增长{p}%。",
           "截至目前，{noun}工作已覆盖{k}个村（社区），覆盖率达到{p}%。", "全年开展{noun}专项检查{k}次，发现并整改问题{k2}个。",
           "{noun}工作惠及群众{n}人次，群众满意度达到{p}%。", "全县{noun}项目累计完成投资{m}万元，完成年度计划的{p}%。",
           "组织{noun}业务培训{k}期，参训人员满意率为{p}%。", "共受理{noun}方面的群众诉求{n}件，按期办结率{p}%。")
CLOSINGS = ("各单位在执行中遇到的问题，请及时向{}反映。", "本通知自印发之日起施行。",
            "请各单位于每月{}日前将工作进展情况报送{}。", "工作中的重要情况请及时报告{}。",
            "此项工作纳入年度目标绩效考核，由{}负责督促检查。")
COMPANY_PARTS = ("宏达", "信诚", "青禾", "瑞丰", "鑫源", "泰和", "永盛", "锦程", "德润", "安平", "梧桐", "佳美",
                 "新远", "福满", "恒通", "聚鑫", "长青", "白沙", "石门", "云台")
COMPANY_KINDS = ("商贸有限公司", "建筑工程有限公司", "农业开发有限公司", "食品有限公司", "物流有限公司",
                 "餐饮店", "建材经营部", "运输有限公司", "药房", "种植专业合作社", "劳务有限公司", "超市")
VILLAGES = ("青梧镇", "石门镇", "白沙镇", "柳溪乡", "云台乡", "龙泉镇", "桂花乡", "新桥镇")


DOC_TYPES = ("管理办法", "实施办法", "实施细则", "暂行规定", "实施方案", "工作方案", "若干措施", "行动计划",
             "考核办法", "工作规则", "实施意见", "管理规定")
VERBS = ("进一步加强", "做好", "开展", "规范", "全面推进", "调整", "加快推进", "深入开展", "切实做好", "建立健全")
PLANS = ((2016, "十三五"), (2021, "十四五"), (2026, "十五五"))
POLICY_HEADINGS = ("总体要求", "工作目标", "主要任务", "重点工作", "实施步骤", "职责分工", "保障措施", "工作要求",
                   "监督考核", "其他事项")
INTERP_HEADINGS = ("出台背景", "主要依据", "主要内容", "适用对象", "政策亮点", "施行时间", "解读机关及联系方式")
PLAN_HEADINGS = ("发展基础", "面临形势", "总体要求", "发展目标", "主要任务", "重大项目", "保障措施")
BUDGET_HEADINGS = ("部门基本情况", "收支总体情况", "一般公共预算支出情况", "“三公”经费情况", "政府采购情况",
                   "绩效目标设置情况", "名词解释")
HIRE_HEADINGS = ("招聘岗位及人数", "报名条件", "报名时间和方式", "考试和考察", "体检和聘用", "其他事项")
REPLY_HEADINGS = ("基本情况", "已开展的工作", "存在的困难", "下一步工作打算")
GUIDE_HEADINGS = ("主动公开", "依申请公开", "收费标准", "政府信息公开工作机构", "监督和救济")
REPORT_HEADINGS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                   "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
NOTICE_HEADINGS = ("基本情况", "工作开展情况", "主要成效", "存在的问题", "下一步工作打算")
ORG_HEADINGS = ("主要职责", "内设机构", "办公地址和时间")
STATS_INDICATORS = (("地区生产总值", "亿元"), ("规模以上工业增加值", "亿元"), ("固定资产投资", "亿元"),
                    ("社会消费品零售总额", "亿元"), ("一般公共预算收入", "万元"), ("城镇居民人均可支配收入", "元"),
                    ("农村居民人均可支配收入", "元"), ("金融机构存款余额", "亿元"), ("金融机构贷款余额", "亿元"),
                    ("粮食产量", "万吨"), ("生猪出栏", "万头"), ("接待游客", "万人次"), ("全社会用电量", "亿千瓦时"),
                    ("进出口总额", "万美元"), ("城镇新增就业", "人"))
DIVISIONS = ("办公室", "综合股", "政策法规股", "计划财务股", "行政审批股", "监督检查股", "项目管理股", "人事股",
             "信息中心", "执法大队", "政务公开股", "安全生产股")


@dataclass(frozen=True)
class Topic:
    """A 主题分类 and the domain nouns its documents use."""

    code: str
    name: str
    nouns: tuple[str, ...]


TOPIC_LIST = tuple(Topic(code, name, nouns) for code, name, nouns in TOPICS)


@dataclass(frozen=True)
class Policy:
    """What an interpretation (政策解读) says about the document it interprets."""

    title: str
    core: str
    doc_no: str
    index_no: str


@dataclass(frozen=True)
class Doc:
    """Everything the prose of one entry depends on."""

    style: str                  # which body shape: policy, interp, plan, budget, stats …
    titles: tuple[str, ...]     # title templates of its catalog node
    topic: Topic
    publisher: str
    date: date
    doc_no: str = ""
    limit: int = 800            # the body stops growing near this many characters
    policy: Policy | None = None
    expires: date | None = None
    validity: str = ""
    redacted: bool = False


def chinese_number(n: int) -> str:
    """1..99 → 一 … 九十九."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Writer:
    """Titles, keywords and Markdown bodies, all drawn from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # -- small pieces ------------------------------------------------------------------------------
    # random.random() is one C call; randrange/randint cost ten Python-level calls each.
    def pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def num(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def percent(self) -> str:
        return f"{self.num(60, 999) / 10:.1f}"

    def sentence(self, topic: Topic) -> str:
        if self.rng.random() < 0.18:
            return self.pick(RESULTS).format(noun=self.pick(topic.nouns), n=self.num(30, 9800), k=self.num(2, 180),
                                             k2=self.num(1, 60), m=self.money(10, 9000), p=self.percent())
        action = self.pick(ACTIONS).format(self.pick(topic.nouns))
        return f"{self.pick(OPENERS)}{self.pick(SUBJECTS)}{self.pick(MODALS)}{action}，{self.pick(PURPOSES)}。"

    def paragraph(self, topic: Topic, count: tuple[int, int] = (2, 4)) -> str:
        return "".join(self.sentence(topic) for _ in range(self.num(*count)))

    def item(self, topic: Topic) -> str:
        head = self.pick(("加强", "推进", "做好", "规范", "落实", "完善", "深化", "强化")) + self.pick(topic.nouns)
        return f"{head}。{self.sentence(topic)}"

    def items(self, topic: Topic, low: int = 2, high: int = 5) -> str:
        return "\n".join(f"{n}. {self.item(topic)}" for n in range(1, self.num(low, high) + 1))

    def company(self) -> str:
        return f"{COUNTY}{self.pick(COMPANY_PARTS)}{self.pick(COMPANY_PARTS)}{self.pick(COMPANY_KINDS)}"

    def phone(self) -> str:
        return f"0839-62{self.num(0, 99999):05d}"

    def money(self, low: int = 10, high: int = 90000) -> str:
        return f"{self.num(low * 100, high * 100) / 100:.2f}"

    def block(self, topic: Topic, heading: str = "") -> str:
        """The text under one heading: prose, a numbered list, or prose and a table."""
        roll = self.rng.random()
        if roll < 0.45:
            return self.paragraph(topic)
        if roll < 0.88:
            return self.items(topic)
        return self.paragraph(topic, (1, 2)) + "\n\n" + self.table(topic)

    def table(self, topic: Topic) -> str:
        r = self.rng
        shape = r.randrange(3)
        columns = (("序号", "工作任务", "责任单位", "完成时限"), ("项目", "计划数", "完成数", "完成率（%）"),
                   ("指标", "本期", "上年同期", "增减（%）"))[shape]
        rows = []
        for n in range(1, self.num(3, 7)):
            noun = self.pick(topic.nouns)
            if shape == 0:
                rows.append((str(n), noun, self.pick(SUBJECTS), f"{self.num(1, 12)}月底前"))
            elif shape == 1:
                plan = self.num(10, 900)
                done = self.num(plan // 2, plan)
                rows.append((noun, str(plan), str(done), f"{done * 100 / plan:.1f}"))
            else:
                rows.append((noun, self.money(1, 9000), self.money(1, 9000), f"{self.num(-150, 300) / 10:.1f}"))
        return markdown_table(columns, rows)

    def sections(self, doc: Doc, headings: tuple[str, ...], opening: str, closing: str = "",
                 fill=None, every: bool = False) -> str:
        """Opening, then `## 一、…` sections (in `headings` order) while the body stays near `doc.limit`."""
        count = len(headings) if every else self.num(3, len(headings))
        chosen = sorted(self.rng.sample(range(len(headings)), count))
        parts, size = [opening], len(opening) + len(closing)
        for number, index in enumerate(chosen):
            text = f"## {NUMERALS[number]}、{headings[index]}\n\n{(fill or self.block)(doc.topic, headings[index])}"
            if number >= 2 and size + len(text) > doc.limit:
                break
            parts.append(text)
            size += len(text) + 2
        if closing:
            parts.append(closing)
        return "\n\n".join(parts)

    # -- titles ------------------------------------------------------------------------------------
    def title(self, doc: Doc) -> tuple[str, str]:
        """(title, core): the core is what an interpretation quotes in 《》."""
        day = doc.date
        plan = next((name for start, name in reversed(PLANS) if day.year >= start - 1), "十三五")
        values = dict(pub=doc.publisher, county=COUNTY, year=day.year, prev=day.year - 1, next=day.year + 1,
                      noun=self.pick(doc.topic.nouns), month=day.month, quarter=(day.month + 2) // 3,
                      doctype=self.pick(DOC_TYPES), verb=self.pick(VERBS), company=self.company(),
                      town=self.pick(VILLAGES), n=self.num(1, 260), plan=plan,
                      core=doc.policy.core if doc.policy else f"{COUNTY}{self.pick(doc.topic.nouns)}有关政策",
                      half="上半年" if day.month <= 6 else "下半年")
        title = self.pick(doc.titles).format(**values)
        if "《" in title and doc.style == "policy":
            core = title[title.index("《") + 1:title.index("》")]
        else:
            core = title[len(doc.publisher):] if title.startswith(doc.publisher) else title
        return title, core

    def keywords(self, doc: Doc, title: str) -> list[str]:
        words = [noun for noun in doc.topic.nouns if noun in title]
        extra = [self.pick(doc.topic.nouns), self.pick(GENERAL_KEYWORDS), doc.topic.name.split("、")[0]]
        for word in extra[:self.num(1, 3)]:
            if word not in words:
                words.append(word)
        return words[:5]

    # -- bodies ------------------------------------------------------------------------------------
    def body(self, doc: Doc, title: str) -> str:
        """The Markdown body for `doc`, 300 – ~2000 characters."""
        text = getattr(self, "body_" + doc.style)(doc, title)
        while len(text) < 300:
            text += "\n\n" + self.paragraph(doc.topic)
        if doc.redacted:
            text = "> 说明：本文件依法对涉及商业秘密和个人隐私的内容作了删减处理。\n\n" + text
        if doc.validity == "废止":
            text = f"> 本文件已废止，仅供查阅。\n\n{text}"
        return text + "\n"

    def opening(self, doc: Doc, what: str) -> str:
        return (f"为{self.pick(ACTIONS).format(self.pick(doc.topic.nouns))}，根据{self.pick(BASES)}"
                f"和{self.pick(BASES)}，结合本县实际，{what}。")

    def body_policy(self, doc: Doc, title: str) -> str:
        doctype = next((t for t in DOC_TYPES if t in title), "制度" if title.endswith("制度") else "通知")
        if doctype.endswith(("办法", "细则", "规定", "规则", "制度")):
            body = self.articles(doc, doctype)
        else:
            opening = f"{self.pick(SUBJECTS)}：\n\n" + self.opening(doc, "现就有关事项通知如下")
            body = self.sections(doc, POLICY_HEADINGS, opening)
        if doc.expires:
            body += f"\n\n本{doctype}自{cn_date(doc.date)}起施行，有效期至{cn_date(doc.expires)}。"
        elif self.rng.random() < 0.5:
            body += f"\n\n本{doctype}自印发之日起施行。"
        return body

    def articles(self, doc: Doc, doctype: str) -> str:
        """A 办法 written as 第一条, 第二条 …, in chapters when long."""
        chapters = iter(("管理职责", "申请和办理", "监督管理", "法律责任", "附则"))
        long = doc.limit > 1000
        parts = ["## 第一章　总则"] if long else []
        parts.append(f"第一条　为{self.pick(ACTIONS).format(self.pick(doc.topic.nouns))}，根据{self.pick(BASES)}，"
                     f"结合本县实际，制定本{doctype}。")
        size, number, chapter = len(parts[-1]), 2, 1
        while size < doc.limit - 160:
            if long and number % 4 == 0:
                name = next(chapters, None)
                if name:
                    chapter += 1
                    parts.append(f"## 第{chinese_number(chapter)}章　{name}")
            text = f"第{chinese_number(number)}条　{self.sentence(doc.topic)}{self.sentence(doc.topic)}"
            parts.append(text)
            size, number = size + len(text), number + 1
        parts.append(f"第{chinese_number(number)}条　本{doctype}由{doc.publisher}负责解释。")
        return "\n\n".join(parts)

    def body_interp(self, doc: Doc, title: str) -> str:
        if doc.policy:
            source = f"《{doc.policy.core}》"
            if doc.policy.doc_no:
                source += f"（{doc.policy.doc_no}）"
            lead = (f"近日，{source}正式印发（[点击查看原文](索引号:{doc.policy.index_no})）。"
                    f"为便于社会公众理解和执行，现就有关内容解读如下。")
        else:
            lead = f"为便于社会公众了解{self.pick(doc.topic.nouns)}相关政策，现就有关内容解读如下。"
        closing = f"解读机关：{doc.publisher}；联系电话：{self.phone()}。"
        if "问" in title or self.rng.random() < 0.3:
            return "\n\n".join([lead, self.questions(doc), closing])
        return self.sections(doc, INTERP_HEADINGS, lead, closing)

    def questions(self, doc: Doc) -> str:
        parts, size = [], 0
        for number in range(1, 9):
            noun = self.pick(doc.topic.nouns)
            ask = self.pick(("{}的适用对象有哪些", "{}的办理流程是什么", "{}有哪些新的变化", "如何申请{}",
                             "{}的资金如何保障", "群众对{}有意见可以向哪里反映"))
            text = f"**问{chinese_number(number)}：{ask.format(noun)}？**\n\n答：{self.paragraph(doc.topic, (1, 3))}"
            if number > 2 and size + len(text) > doc.limit:
                break
            parts.append(text)
            size += len(text)
        return "\n\n".join(parts)

    def body_plan(self, doc: Doc, title: str) -> str:
        return self.sections(doc, PLAN_HEADINGS, self.opening(doc, "编制本规划"))

    def body_budget(self, doc: Doc, title: str) -> str:
        def fill(topic: Topic, heading: str) -> str:
            if heading not in ("收支总体情况", "一般公共预算支出情况"):
                return self.paragraph(topic, (1, 3))
            rows = [(name, self.money(), self.money(), self.money())
                    for name in self.rng.sample(("基本支出", "项目支出", "人员经费", "公用经费", "一般公共服务支出",
                                                 "教育支出", "社会保障和就业支出", "农林水支出", "卫生健康支出"), 4)]
            return markdown_table(("科目", "预算数（万元）", "上年数（万元）", "执行数（万元）"), rows)

        total = self.num(10000, 5000000) / 100
        opening = (f"{doc.publisher}按照预算公开的有关要求，现将相关情况公开如下。本年度收支总预算{total:.2f}万元，"
                   f"其中一般公共预算拨款{total * self.num(40, 95) / 100:.2f}万元。")
        return self.sections(doc, BUDGET_HEADINGS, opening, fill=fill)

    def body_stats(self, doc: Doc, title: str) -> str:
        r = self.rng
        rows = [(name, unit, self.money(1, 900), self.money(1, 9000), f"{self.num(-80, 180) / 10:.1f}")
                for name, unit in r.sample(STATS_INDICATORS, self.num(5, 12))]
        opening = (f"{cn_date(doc.date)}，{doc.publisher}发布{COUNTY}主要统计数据。{self.paragraph(doc.topic, (1, 2))}")
        note = "注：表中数据为初步统计数，部分指标增速按可比价格计算；总量数据因四舍五入，分项之和与合计可能略有出入。"
        return "\n\n".join([opening, markdown_table(("指标", "单位", "本期", "累计", "同比增长（%）"), rows), note])

    def body_enforce(self, doc: Doc, title: str) -> str:
        r = self.rng
        rows = []
        for n in range(1, self.num(4, 14)):
            rows.append((str(n), self.company(), f"青执决字〔{doc.date.year}〕{self.num(1, 400)}号",
                         self.pick(doc.topic.nouns), r.choice(("准予许可", "警告", "罚款", "责令改正", "没收违法所得")),
                         doc.date.isoformat()))
        opening = (f"根据{self.pick(BASES)}和行政执法公示制度的有关规定，现将{doc.publisher}"
                   f"作出的行政执法决定信息公示如下。")
        return "\n\n".join([opening, markdown_table(("序号", "行政相对人", "决定书文号", "事由", "结果", "决定日期"),
                                                     rows), f"如对公示内容有异议，请致电{self.phone()}。"])

    def body_tender(self, doc: Doc, title: str) -> str:
        r = self.rng
        lines = [f"项目名称：{COUNTY}{self.pick(doc.topic.nouns)}项目", f"项目编号：QWZC-{doc.date.year}-{self.num(1, 300):03d}",
                 f"预算金额：{self.money(5, 5000)}万元", f"采购方式：{r.choice(('公开招标', '竞争性磋商', '竞争性谈判', '询价'))}",
                 f"采购人：{doc.publisher}", f"供应商：{self.company()}", f"联系电话：{self.phone()}"]
        body = "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
        opening = f"{self.pick(OPENERS)}现将{COUNTY}{self.pick(doc.topic.nouns)}项目有关信息公告如下。"
        return "\n\n".join([opening, body, self.paragraph(doc.topic, (1, 3))])

    def body_hire(self, doc: Doc, title: str) -> str:
        def fill(topic: Topic, heading: str) -> str:
            if heading == HIRE_HEADINGS[0]:
                rows = [(self.pick(DIVISIONS), self.pick(("管理岗", "专业技术岗", "工勤岗")), str(self.num(1, 5)),
                         self.pick(("本科及以上", "大专及以上", "研究生")))
                        for _ in range(self.num(2, 6))]
                return markdown_table(("招聘单位", "岗位类别", "人数", "学历要求"), rows)
            return self.items(topic)

        opening = f"根据{self.pick(BASES)}，经研究，{doc.publisher}决定面向社会公开招聘工作人员。现将有关事项公告如下。"
        return self.sections(doc, HIRE_HEADINGS, opening, f"咨询电话：{self.phone()}。", fill=fill)

    def body_reply(self, doc: Doc, title: str) -> str:
        opening = (f"您提出的关于{self.pick(doc.topic.nouns)}的建议收悉。经认真研究，并商县级有关部门，现答复如下。")
        closing = f"感谢您对{COUNTY}{self.pick(doc.topic.nouns)}工作的关心和支持。联系单位：{doc.publisher}，电话：{self.phone()}。"
        return self.sections(doc, REPLY_HEADINGS, opening, closing)

    def body_org(self, doc: Doc, title: str) -> str:
        duties = self.items(doc.topic, 4, 8)
        divisions = "\n".join(f"{n}. {name}。负责{self.pick(doc.topic.nouns)}等工作。"
                              for n, name in enumerate(self.rng.sample(DIVISIONS, self.num(3, 7)), 1))
        address = (f"办公地址：{COUNTY}{self.pick(('青梧大道', '人民路', '滨河路', '文昌街'))}{self.num(1, 300)}号；"
                   f"办公时间：法定工作日上午9:00—12:00，下午14:00—17:30；联系电话：{self.phone()}。")
        return "\n\n".join([f"{doc.publisher}是{COUNTY}人民政府工作部门。", f"## 一、{ORG_HEADINGS[0]}", duties,
                            f"## 二、{ORG_HEADINGS[1]}", divisions, f"## 三、{ORG_HEADINGS[2]}", address])

    def body_guide(self, doc: Doc, title: str) -> str:
        opening = (f"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"
                   f"需要获得{doc.publisher}政府信息公开服务的公民、法人或者其他组织，可以阅读本指南。")
        return self.sections(doc, GUIDE_HEADINGS, opening, f"政府信息公开工作机构联系电话：{self.phone()}。")

    def body_report(self, doc: Doc, title: str) -> str:
        def fill(topic: Topic, heading: str) -> str:
            if heading == REPORT_HEADINGS[2]:
                rows = [(name, str(self.num(0, 400))) for name in
                        ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")]
                return markdown_table(("办理结果", "数量（件）"), rows)
            return self.paragraph(topic, (2, 4))

        year = doc.date.year - 1
        opening = (f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至"
                   f"{year}年12月31日止。如对本报告有疑问，请与{doc.publisher}联系（电话：{self.phone()}）。")
        return self.sections(replace(doc, limit=max(doc.limit, 1700)), REPORT_HEADINGS, opening, fill=fill, every=True)

    def body_notice(self, doc: Doc, title: str) -> str:
        return self.sections(doc, NOTICE_HEADINGS, self.paragraph(doc.topic, (2, 3)))


def markdown_table(columns, rows) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
