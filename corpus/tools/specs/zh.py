# ruff: noqa: E501  (data module: long titles and citations are kept on one line)
"""Chinese sample documents. All wording is invented sample text; titles, numbers and dates of
laws are used only as facts. Chinese is kept out of PDFs (DejaVu Sans has no CJK glyphs)."""

from corpus.tools.sample import SampleDoc as D

DOCS = [
    D(
        id="CHN-LAW-CRIMINAL-1997",
        type="legislation",
        title="中华人民共和国刑法（节选，样本）",
        country="CHN",
        language="zh",
        date="1997-03-14",
        dates={"adopted": "1997-03-14", "in_force": "1997-10-01"},
        fmt="txt",
        path="chn/xingfa-jiexuan.txt",
        crime_types=["falsified-medical-products", "counterfeiting", "trafficking-in-persons",
                     "organized-crime-participation"],
        issues=["criminalization", "jurisdiction", "prosecution-sanctions", "crim-participation"],
        metadata={"law_title": "中华人民共和国刑法"},
        body="""
# 第一章 刑法的任务、基本原则和适用范围

## 第八条

外国人在中华人民共和国领域外对中华人民共和国国家或者公民犯罪，而按本法规定的最低刑为三年以上有期徒刑的，可以适用本法，但是按照犯罪地的法律不受处罚的除外。本条体现保护管辖原则，与属地管辖、属人管辖相互补充。

## 第九条

对于中华人民共和国缔结或者参加的国际条约所规定的罪行，中华人民共和国在所承担条约义务的范围内行使刑事管辖权的，适用本法。该规定为打击海盗、恐怖主义、跨国有组织犯罪等国际犯罪提供了管辖依据。

# 第三章 破坏社会主义市场经济秩序罪

## 第一百四十一条

生产、销售假药的，处三年以下有期徒刑或者拘役，并处罚金；对人体健康造成严重危害或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金；致人死亡或者有其他特别严重情节的，处十年以上有期徒刑、无期徒刑或者死刑，并处罚金或者没收财产。药品使用单位的人员明知是假药而提供给他人使用的，依照前款的规定处罚。

## 第二百一十三条

未经注册商标所有人许可，在同一种商品、服务上使用与其注册商标相同的商标，情节严重的，处三年以下有期徒刑，并处或者单处罚金；情节特别严重的，处三年以上十年以下有期徒刑，并处罚金。

# 第四章 侵犯公民人身权利、民主权利罪

## 第二百四十条

拐卖妇女、儿童的，处五年以上十年以下有期徒刑，并处罚金；拐卖妇女、儿童集团的首要分子，或者拐卖妇女、儿童三人以上的，处十年以上有期徒刑或者无期徒刑，并处罚金或者没收财产。拐卖妇女、儿童是指以出卖为目的，有拐骗、绑架、收买、贩卖、接送、中转妇女、儿童的行为之一的。

# 第六章 妨害社会管理秩序罪

## 第二百九十四条

组织、领导黑社会性质的组织的，处七年以上有期徒刑，并处没收财产；积极参加的，处三年以上七年以下有期徒刑，可以并处罚金或者没收财产；其他参加的，处三年以下有期徒刑、拘役、管制或者剥夺政治权利，可以并处罚金。
""",
    ),
    D(
        id="CHN-LAW-AML-2006",
        type="legislation",
        title="中华人民共和国反洗钱法（节选，样本）",
        country="CHN",
        language="zh",
        date="2006-10-31",
        dates={"adopted": "2006-10-31", "in_force": "2007-01-01"},
        fmt="html",
        path="chn/fanxiqianfa-2006.html",
        crime_types=["money-laundering", "terrorism"],
        issues=["prevention", "international-cooperation", "mutual-legal-assistance", "confiscation-cooperation"],
        metadata={"law_title": "中华人民共和国反洗钱法"},
        body="""
# 第一章 总则

## 第一条

为了预防洗钱活动，维护金融秩序，遏制洗钱犯罪及相关犯罪，制定本法。本法适用于在中华人民共和国境内设立的金融机构和按照规定应当履行反洗钱义务的特定非金融机构。

## 第二条

本法所称反洗钱，是指为了预防通过各种方式掩饰、隐瞒毒品犯罪、黑社会性质的组织犯罪、恐怖活动犯罪、走私犯罪、贪污贿赂犯罪、破坏金融管理秩序犯罪等犯罪所得及其收益的来源和性质的洗钱活动，依照本法规定采取相关措施的行为。

# 第三章 金融机构反洗钱义务

## 第十六条

金融机构应当按照规定建立客户身份识别制度。金融机构在与客户建立业务关系或者为客户提供一次性金融服务时，应当要求客户出示真实有效的身份证件或者其他身份证明文件，进行核对并登记。客户由他人代理办理业务的，金融机构应当同时对代理人和被代理人的身份证件进行核对并登记。

## 第二十条

金融机构应当按照规定执行大额交易和可疑交易报告制度。金融机构办理的单笔交易或者在规定期限内的累计交易超过规定金额或者发现可疑交易的，应当及时向反洗钱信息中心报告。

# 第五章 反洗钱国际合作

## 第二十七条

中华人民共和国根据缔结或者参加的国际条约，或者按照平等互惠原则，开展反洗钱国际合作。涉及追究洗钱犯罪的司法协助，由司法机关依照有关法律的规定办理，包括查询、冻结、扣押和没收犯罪所得。
""",
    ),
    D(
        id="CHN-LAW-ICJA-2018",
        type="legislation",
        title="中华人民共和国国际刑事司法协助法（节选，样本）",
        country="CHN",
        language="zh",
        date="2018-10-26",
        dates={"adopted": "2018-10-26", "in_force": "2018-10-26"},
        fmt="md",
        path="chn/guoji-xingshi-sifa-xiezhu-fa-2018.md",
        crime_types=["corruption", "money-laundering"],
        issues=["international-cooperation", "mutual-legal-assistance", "confiscation-cooperation",
                "transfer-sentenced-persons"],
        metadata={"law_title": "中华人民共和国国际刑事司法协助法"},
        body="""
# 第一章 总则

## 第二条

本法所称国际刑事司法协助，是指中华人民共和国和外国在刑事案件调查、侦查、起诉、审判和执行等活动中相互提供协助，包括送达文书，调查取证，安排证人作证或者协助调查，查封、扣押、冻结涉案财物，没收、返还违法所得及其他涉案财物，移管被判刑人以及其他协助。

## 第六条

国家监察委员会、最高人民法院、最高人民检察院、公安部、国家安全部等部门是开展国际刑事司法协助的主管机关，按照职责分工，审核向外国提出的刑事司法协助请求，审查处理对外联系机关转递的外国提出的刑事司法协助请求。

# 第二章 刑事司法协助请求的提出、接收和处理

## 第十二条

对外联系机关收到外国提出的刑事司法协助请求，应当对请求书及所附材料进行审查。对于请求书形式和内容符合要求的，应当按照职责分工，将请求书及所附材料转交有关主管机关处理；对于不符合要求的，可以要求请求国补充材料或者重新提出请求。

## 第十四条

外国向中华人民共和国提出的刑事司法协助请求，有下列情形之一的，可以拒绝提供协助：根据中华人民共和国法律，请求针对的行为不构成犯罪；在收到请求时，在中华人民共和国境内对于请求针对的犯罪正在进行调查、侦查、起诉、审判，已经作出生效判决，终止刑事诉讼程序，或者犯罪已过追诉时效的；请求与请求国正在进行的刑事案件无关的。
""",
    ),
    D(
        id="CHN-LAW-EXTRADITION-2000",
        type="legislation",
        title="中华人民共和国引渡法（节选，样本）",
        country="CHN",
        language="zh",
        date="2000-12-28",
        dates={"adopted": "2000-12-28", "in_force": "2000-12-28"},
        fmt="txt",
        path="chn/yindu-fa-2000.txt",
        crime_types=["organized-crime-participation", "corruption"],
        issues=["international-cooperation", "extradition", "jurisdiction"],
        metadata={"law_title": "中华人民共和国引渡法"},
        body="""
# 第一章 总则

## 第一条

为了保障引渡的正常进行，加强惩罚犯罪方面的国际合作，保护个人和组织的合法权益，维护国家利益和社会秩序，制定本法。

## 第四条

中华人民共和国和外国之间的引渡，通过外交途径联系。中华人民共和国外交部为指定的进行引渡的联系机关。引渡条约对联系机关有特别规定的，依照条约规定。

# 第二章 向中华人民共和国请求引渡

## 第七条

外国向中华人民共和国提出的引渡请求必须同时符合下列条件，才能准予引渡：引渡请求所指的行为，依照中华人民共和国法律和请求国法律均构成犯罪；为了提起刑事诉讼而请求引渡的，根据中华人民共和国法律和请求国法律，对于引渡请求所指的犯罪均可判处一年以上有期徒刑或者其他更重的刑罚。

## 第八条

外国向中华人民共和国提出的引渡请求，有下列情形之一的，应当拒绝引渡：根据中华人民共和国法律，被请求引渡人具有中华人民共和国国籍的；在收到引渡请求时，中华人民共和国的司法机关对于引渡请求所指的犯罪已经作出生效判决，或者已经终止刑事诉讼程序的；因政治犯罪而请求引渡的。

## 第十二条

请求国请求引渡，应当在出具请求书的同时，提供用以确认被请求引渡人的身份及其可能所在地的材料、有关法律条文以及为了提起刑事诉讼而请求引渡的逮捕证或者生效判决书的副本。所附材料应当附有中文译本。
""",
    ),
    D(
        id="CHN-CASE-TELECOMFRAUD-2019",
        type="case",
        title="某省高级人民法院 电信网络诈骗案二审刑事裁定书（样本）",
        country="CHN",
        language="zh",
        date="2019-07-23",
        dates={"decided": "2019-07-23"},
        fmt="json",
        path="chn/dianxin-zhapian-2019.json",
        crime_types=["cybercrime", "organized-crime-participation", "money-laundering"],
        issues=["criminalization", "prosecution-sanctions", "confiscation-seizure", "international-cooperation",
                "law-enforcement-cooperation"],
        metadata={
            "court": "某省高级人民法院（样本）",
            "case_number": "（2019）某刑终000号（样本）",
            "parties": [
                {"role": "prosecution", "name": "某市人民检察院"},
                {"role": "appellant", "name": "上诉人张某（虚构）"},
                {"role": "appellant", "name": "上诉人李某（虚构）"},
            ],
            "charges": ["诈骗罪", "组织、领导、参加犯罪集团"],
            "outcome": "驳回上诉，维持原判",
            "summary": "虚构的跨境电信网络诈骗集团案件，涉及境外窝点和资金转移。",
        },
        body="""
# 案情

二〇一七年起，上诉人张某纠集李某等人在境外设立窝点，冒充公检法机关工作人员，通过网络电话向境内居民拨打电话，以涉嫌洗钱需要资金核查为由，骗取被害人将钱款转入指定账户，共计骗取人民币八百余万元。诈骗所得经多层银行账户转移后提现。经两国警方合作，张某等人被抓获并移交我国。

# 裁判理由

本院认为，上诉人以非法占有为目的，利用电信网络技术手段，冒充国家机关工作人员骗取他人财物，数额特别巨大，其行为均已构成诈骗罪。张某组织、指挥犯罪集团，系首要分子，应当按照集团所犯的全部罪行处罚。通过国际警务合作调取的证据，经查证属实，可以作为定案的根据。

# 判决结果

驳回上诉，维持原判：张某犯诈骗罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产；李某犯诈骗罪，判处有期徒刑十二年，并处罚金人民币五十万元。扣押的涉案财物依法返还被害人。
""",
    ),
]
