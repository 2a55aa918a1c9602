"""The starter site that `gksite init` writes: site.yaml and a few sample entries.

Kept as text so that the comments an editor reads in site.yaml survive; the sample
entries are dated the day `init` runs, so the new site shows them at once.
"""
from __future__ import annotations

import json
from datetime import date

from .pilot import pilot_catalog

DEFAULT_NAME = "示例县人民政府信息公开"

SITE_YAML = """\
# {name} — 由 gksite init 生成。改好下面各项后运行 gksite build。
site:
  name: {quoted_name}
  owner: 示例县人民政府办公室            # 主办单位
  site_code: ""                         # 网站标识码
  icp: ""                               # ICP 备案号
  psb: ""                               # 公安备案号
  description: 示例县人民政府依法主动公开的政府信息。
  contact:
    地址: 示例县人民路1号
    电话: 0000-1234567

# base_url: https://www.example.gov.cn/xxgk/   # 网站的完整地址；写上后生成 sitemap.xml 和二维码
output_dir: public
page_size: 20
latest: 10

index_number:
  serial_width: 7                       # 索引号: {{机构代码}}/{{年份}}-{{7位流水号}}
  # legacy_pattern: '\\d{{9}}/\\d{{4}}-\\d{{5}}'   # 从旧网站导入的索引号（正则表达式）

# allow_html_tags: [iframe]             # 正文里允许的 HTML 标签（脚本、框架、表单、样式默认都不允许）

catalog:
  - code: fdzdgknr
    name: 法定主动公开内容
    children:
      - {{code: jgzn, name: 机构职能}}
      - code: zcwj
        name: 政策文件
        policy: true
        children:
          - {{code: gfxwj, name: 规范性文件, policy: true}}
          - {{code: qtwj, name: 其他文件, policy: true}}
      - {{code: zcjd, name: 政策解读}}
      - {{code: ghxx, name: 规划信息}}
      - {{code: czyjs, name: 财政预决算}}
      - {{code: rsxx, name: 人事信息}}
      - {{code: tjxx, name: 统计信息}}
  - {{code: zfxxgkzn, name: 政府信息公开指南}}
  - {{code: zfxxgkzd, name: 政府信息公开制度}}
  - {{code: zfxxgknb, name: 政府信息公开年报}}
{pilot}
publishers:                             # 发布机构；code 是索引号开头的机构代码
  - {{name: 示例县人民政府, code: sxzf}}
  - {{name: 示例县人民政府办公室, code: sxzfb}}
  - {{name: 示例县教育局, code: sxjyj}}

topics:                                 # 主题分类
  - {{code: zwgk, name: 政务公开}}
  - {{code: jy, name: 科技、教育}}
  - {{code: czzj, name: 财政、金融、审计}}

mirror:                                 # 繁体镜像；不需要时写 mirror: false
  variant: s2t
  prefix: zh-hant
"""

GITIGNORE = "public/\n.public.*\n.gksite-cache/\n"


def site_yaml(name: str = DEFAULT_NAME, pilot: bool = False) -> str:
    """The text of a new site.yaml, with the pilot-domain branch when asked for."""
    name = " ".join(name.split()) or DEFAULT_NAME
    return SITE_YAML.format(name=name, quoted_name=json.dumps(name, ensure_ascii=False),
                            pilot=pilot_catalog() if pilot else "")


def sample_entries(today: date, pilot: bool = False) -> dict[str, str]:
    """Sample entries by path under content/, dated `today`."""
    year, day = today.year, today.isoformat()
    policy = f"sxzf/{year}-0000001"
    entries = {
        f"zfxxgkzn/sxzfb-{year}-0000001.md": _entry(
            "示例县人民政府信息公开指南", f"sxzfb/{year}-0000001", "示例县人民政府办公室", "zfxxgkzn", day,
            ["topic: 政务公开"], GUIDE_BODY),
        f"fdzdgknr/zcwj/gfxwj/sxzf-{year}-0000001.md": _entry(
            "示例县人民政府关于印发《示例县政务公开工作规范》的通知", policy, "示例县人民政府",
            "fdzdgknr/zcwj/gfxwj", day,
            [f"written: {day}", f"doc_no: 示政发〔{year}〕1号", "topic: 政务公开",
             "keywords: [政务公开, 工作规范]", "validity: 有效"], POLICY_BODY),
        f"fdzdgknr/zcjd/sxzfb-{year}-0000002.md": _entry(
            "《示例县政务公开工作规范》政策解读", f"sxzfb/{year}-0000002", "示例县人民政府办公室",
            "fdzdgknr/zcjd", day, [f"interprets: {policy}", "topic: 政务公开"],
            READING_BODY.format(policy=f"../zcwj/gfxwj/sxzf-{year}-0000001.md")),
    }
    if pilot:
        entries[f"jcgk/ywjy/sxjyj-{year}-0000001.md"] = _entry(
            f"示例县{year}年义务教育阶段学校招生工作方案", f"sxjyj/{year}-0000001", "示例县教育局",
            "jcgk/ywjy", day, ["topic: 科技、教育"], ENROLMENT_BODY)
    return entries


def _entry(title: str, index_no: str, publisher: str, category: str, day: str, extra: list[str],
           body: str) -> str:
    head = [f"title: {title}", f"index_no: {index_no}", f"publisher: {publisher}",
            f"category: {category}", f"date: {day}"] + extra
    return "---\n" + "\n".join(head) + "\n---\n" + body


GUIDE_BODY = """\
为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。

## 一、主动公开

本网站“法定主动公开内容”栏目按公开目录发布主动公开的政府信息，每条信息标明索引号、发布机构、发布日期和文号。

## 二、依申请公开

申请人可以通过信函或当面提交书面申请。受理机构：示例县人民政府办公室，地址：示例县人民路1号，电话：0000-1234567。

## 三、监督和救济

申请人认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。
"""

POLICY_BODY = """\
各乡镇人民政府，县政府各部门：

《示例县政务公开工作规范》已经县人民政府同意，现印发给你们，请认真贯彻执行。

## 示例县政务公开工作规范

**第一条** 为推进决策、执行、管理、服务、结果公开，制定本规范。

**第二条** 各单位应当按照公开目录及时、准确发布政府信息。

**第三条** 本规范自印发之日起施行。
"""

READING_BODY = """\
## 一、出台背景

为落实政务公开标准化规范化要求，县人民政府制定了[《示例县政务公开工作规范》]({policy})。

## 二、主要内容

规范明确了公开目录、发布时限和审核程序。
"""

ENROLMENT_BODY = """\
## 一、招生对象

具有本县户籍或在本县居住的适龄儿童少年。

## 二、招生时间

报名时间以各学校公告为准。

| 学段 | 报名方式 |
|---|---|
| 小学一年级 | 网上报名 |
| 初中一年级 | 学校统一报名 |
"""
