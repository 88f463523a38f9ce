# ruff: noqa: E501  (data module: long titles and citations are kept on one line)
"""English sample documents. All wording is invented sample text; names of laws, courts and
dates are used only as facts to make the samples realistic."""

from corpus.tools.sample import SampleDoc as D

DOCS = [
    D(
        id="GBR-LAW-MODERNSLAVERY-2015",
        type="legislation",
        title="Modern Slavery Act 2015 (sample extract)",
        country="GBR",
        language="en",
        date="2015-03-26",
        dates={"adopted": "2015-03-26", "in_force": "2015-07-31"},
        fmt="txt",
        path="gbr/modern-slavery-act-2015.txt",
        crime_types=["trafficking-in-persons"],
        issues=["criminalization", "prosecution-sanctions", "victim-protection", "confiscation-seizure"],
        metadata={"law_title": "Modern Slavery Act 2015", "chapter": "2015 c. 30"},
        body="""
# Part 1 Offences

## Section 1 Slavery, servitude and forced or compulsory labour

A person commits an offence if the person holds another person in slavery or servitude, or requires another
person to perform forced or compulsory labour, and the circumstances are such that the person knows or ought to
know that the other person is so held or required. In deciding whether a person is held in slavery or servitude,
regard may be had to all the circumstances, including any personal vulnerability of the person such as age,
illness or family relationships, and any work or services the person is made to provide.

## Section 2 Human trafficking

A person commits an offence if the person arranges or facilitates the travel of another person with a view to
that person being exploited. It is irrelevant whether the other person consents to the travel, whether that
person is an adult or a child. Arranging or facilitating travel includes recruiting, transporting, transferring,
harbouring, receiving or exchanging control over the person. An offence is committed wherever the travel takes
place if the offender is a national of the United Kingdom.

## Section 5 Penalties

A person guilty of an offence under section 1 or 2 is liable, on conviction on indictment, to imprisonment for
life, and on summary conviction to imprisonment for a term not exceeding the general limit in a magistrates'
court or a fine, or both. The court may in addition order the forfeiture of any vehicle, ship or aircraft used
or intended to be used in connection with the offence.

# Part 5 Protection of victims

## Section 45 Defence for slavery or trafficking victims who commit an offence

A person is not guilty of an offence if the person does the act which constitutes the offence because the person
is compelled to do it, the compulsion is attributable to slavery or to relevant exploitation, and a reasonable
person in the same situation and having the person's relevant characteristics would have no realistic
alternative to doing that act. This defence does not apply to the most serious offences listed in the schedule.

## Section 49 Guidance about identifying and supporting victims

The Secretary of State must issue guidance to public authorities about the indicators that a person may be a
victim of slavery or human trafficking, the arrangements for providing assistance and support to such persons,
including accommodation, medical care, counselling, translation and legal advice, and the arrangements for
determining whether there are reasonable grounds to believe that a person is a victim.
""",
    ),
    D(
        id="NGA-LAW-CYBERCRIMES-2015",
        type="legislation",
        title="Cybercrimes (Prohibition, Prevention, etc.) Act, 2015 (sample extract)",
        country="NGA",
        language="en",
        date="2015-05-15",
        dates={"adopted": "2015-05-15"},
        fmt="html-boilerplate",
        path="nga/cybercrimes-act-2015.html",
        crime_types=["cybercrime"],
        issues=["criminalization", "jurisdiction", "international-cooperation", "mutual-legal-assistance",
                "electronic-evidence"],
        metadata={"law_title": "Cybercrimes (Prohibition, Prevention, etc.) Act, 2015"},
        body="""
# Part III Offences and penalties

## Section 6 Unlawful access to a computer

Any person who, without authorisation, intentionally accesses in whole or in part a computer system or network
for fraudulent purposes and obtains data that are vital to national security commits an offence and is liable
on conviction to imprisonment for a term of not more than five years or to a fine, or to both. Where the access
is made with the intent of obtaining computer data, securing access to any program or commercial or industrial
secrets, the term of imprisonment shall be not more than seven years.

## Section 14 Computer related fraud

Any person who knowingly and without authority or in excess of authority causes any loss of property to another
by altering, erasing, inputting or suppressing any data held in any computer, whether or not for the purpose of
conferring any economic benefit for himself or another person, commits an offence and is liable on conviction to
imprisonment for a term of not less than three years or a fine, or both.

# Part V Jurisdiction and international co-operation

## Section 50 Jurisdiction

The Federal High Court shall have jurisdiction to try offences under this Act if the offence is committed in
Nigeria, in a ship or aircraft registered in Nigeria, by a citizen or resident of Nigeria whose conduct is also
an offence in the country where it was committed, or outside Nigeria where the victim of the offence is a citizen
or resident of Nigeria.

## Section 52 Mutual assistance requests

The Attorney-General of the Federation may request or receive assistance from any agency or authority of a
foreign State in the investigation or prosecution of offences under this Act, including the collection of
electronic evidence, the expedited preservation of stored computer data and traffic data, and the search and
seizure of computer systems. A request may be transmitted by electronic means where the matter is urgent.
""",
    ),
    D(
        id="AUS-LAW-PROCEEDS-2002",
        type="legislation",
        title="Proceeds of Crime Act 2002 (Cth) (sample extract)",
        country="AUS",
        language="en",
        date="2002-10-11",
        dates={"adopted": "2002-10-11", "in_force": "2003-01-01"},
        fmt="md",
        path="aus/proceeds-of-crime-act-2002.md",
        crime_types=["money-laundering", "drug-offences"],
        issues=["confiscation-seizure", "confiscation-cooperation", "international-cooperation"],
        metadata={"law_title": "Proceeds of Crime Act 2002", "chapter": "Act No. 85 of 2002"},
        body="""
# Chapter 2 The confiscation scheme

## Section 17 Restraining orders: people convicted of or charged with indictable offences

A court with proceeds jurisdiction must order that property must not be disposed of or otherwise dealt with by any
person except as specified in the order, if the Commonwealth Director of Public Prosecutions applies for the order
and a person has been convicted of, or charged with, an indictable offence, and an authorised officer states in an
affidavit that there are reasonable grounds to suspect that the property is proceeds or an instrument of the offence.

## Section 47 Forfeiture orders: conduct constituting serious offences

A court must make an order that property specified in the order is forfeited to the Commonwealth if a restraining
order has been in force for at least six months and the court is satisfied that a person whose conduct formed the
basis of the restraining order engaged in conduct constituting one or more serious offences. A finding need not be
based on a finding as to the commission of a particular offence.

## Section 116 Pecuniary penalty orders

The court must, on application, order a person to pay an amount to the Commonwealth if the person has been convicted
of an indictable offence and has derived benefits from the commission of the offence. The amount is assessed by
reference to the value of the benefits derived, less the value of any property already forfeited.

# Chapter 4 Foreign matters

## Section 300 Requests by foreign countries

Where a foreign country requests that a restraining order or forfeiture order made in that country be registered
and enforced in Australia, the request is dealt with under the Mutual Assistance in Criminal Matters Act 1987, and
property may be restrained and forfeited as if the order had been made by an Australian court.
""",
    ),
    D(
        id="KEN-LAW-WILDLIFE-2013",
        type="legislation",
        title="Wildlife Conservation and Management Act, 2013 (sample extract)",
        country="KEN",
        language="en",
        date="2013-12-24",
        dates={"adopted": "2013-12-24", "in_force": "2014-01-10"},
        fmt="pdf",
        path="ken/wildlife-conservation-act-2013.pdf",
        header="SAMPLE/KEN/WCMA/2013",
        crime_types=["wildlife-forest-fisheries", "organized-crime-participation"],
        issues=["criminalization", "prosecution-sanctions", "confiscation-seizure", "prevention",
                "law-enforcement-cooperation", "international-cooperation"],
        metadata={"law_title": "Wildlife Conservation and Management Act, 2013", "chapter": "No. 47 of 2013"},
        body="""
# Part I Preliminary

## Section 1 Short title

This Act may be cited as the Wildlife Conservation and Management Act, 2013.¹ It applies to all wildlife resources
on public, community and private land and in the territorial waters and exclusive economic zone of Kenya.

^ ¹ Sample footnote: the Act replaced the Wildlife (Conservation and Management) Act of 1976 (Cap. 376). The wording
of this sample is invented.

## Section 3 Objects and purposes

The objects of this Act are to provide for the protection, conservation, sustainable use and management of wildlife
in Kenya; to ensure that the benefits of wildlife conservation are shared equitably with communities living in
wildlife areas; and to give effect to international agreements to which Kenya is a party, including the Convention
on International Trade in Endangered Species of Wild Fauna and Flora.

# Part XI Offences and penalties

## Section 92 Offences relating to endangered and threatened species

Any person who commits an offence in respect of an endangered or threatened species or in respect of any trophy of
that species shall be liable upon conviction to a fine of not less than twenty million shillings or imprisonment for
life, or to both such fine and imprisonment. The court shall, in passing sentence, take into account the value of the
trophy, the conservation status of the species and any involvement of an organised criminal group.

## Section 95 Offences relating to trophies and trophy dealing

Any person who keeps or is found in possession of a wildlife trophy, or deals in a wildlife trophy, or manufactures
any item from a trophy without a permit issued under this Act commits an offence and shall be liable upon conviction
to a fine of not less than one million shillings or imprisonment for a term of not less than five years, or both.

## Section 98 Subsistence hunting and prevention

The Cabinet Secretary shall, in consultation with county governments and community wildlife associations, put in
place measures to prevent poaching, including community scouts, awareness campaigns and alternative livelihood
programmes for communities living adjacent to protected areas, and shall publish an annual report on their
effectiveness.

# Part XII Enforcement

## Section 103 Powers of authorised officers

An authorised officer may, without a warrant, stop and search any vehicle, vessel or aircraft which he has reason{-}
able cause to suspect of carrying any wildlife or trophy in contravention of this Act, seize any such wildlife or
trophy together with any weapon, vehicle or vessel used in the commission of the offence, and arrest any person
found in possession of it. Anything seized shall be produced before a court as soon as practicable.

## Section 105 Forfeiture

Where a person is convicted of an offence under this Act, the court may order that any wildlife, trophy, weapon,
vehicle, vessel or other thing used in the commission of the offence be forfeited to the Service, and that the
proceeds of the offence be confiscated. The court may also order the convicted person to pay the costs of
rehabilitating any damaged habitat.

## Section 107 Cooperation with other agencies

The Kenya Wildlife Service shall cooperate with the National Police Service, the Kenya Revenue Authority, the
Director of Public Prosecutions and with the wildlife enforcement agencies of other States, including through the
exchange of information, joint operations at ports and borders and participation in regional enforcement networks
such as the Lusaka Agreement Task Force.
""",
    ),
    D(
        id="NZL-STRAT-TOC-2020",
        type="strategy",
        title="Transnational Organised Crime Strategy 2020-2025 (sample)",
        country="NZL",
        language="en",
        date="2020-12-01",
        dates={"adopted": "2020-12-01"},
        fmt="txt",
        path="nzl/toc-strategy-2020.txt",
        crime_types=["organized-crime-participation", "drug-offences", "money-laundering"],
        issues=["prevention", "training-technical-assistance", "international-cooperation",
                "law-enforcement-cooperation"],
        metadata={"summary": "Sample national strategy with numbered paragraphs."},
        body="""
# I. Purpose

1. This strategy sets out how government agencies will work together to prevent transnational organised crime from
harming people and communities in New Zealand and in the Pacific region. It replaces the action plan adopted in 2011
and is to be reviewed after five years.

2. Organised criminal groups exploit the country's trade links, its financial system and its digital connectivity.
The main markets of concern are methamphetamine and its precursors, fraud committed online, and the laundering of
proceeds through real estate, high-value goods and money remitters.

# II. Priorities

3. Agencies will prevent harm by reducing demand for illicit drugs, by making it harder to launder money through
professional facilitators, and by working with communities to identify and support people at risk of recruitment
into gangs.

4. Agencies will disrupt criminal networks by sharing intelligence, by using the full range of financial tools to
deprive offenders of their profits, and by working with partners abroad to target the leaders who direct offending
from outside the country.

# III. Partnerships and capacity

5. New Zealand will continue to support Pacific partners through training for police, customs and financial
intelligence units, secondment of advisers and joint operations coordinated through regional law enforcement
networks.

6. An annual progress report will be published. It will include measures of drug seizures, assets restrained,
offenders prosecuted and the number of officers trained under the capacity-building programme.
""",
    ),
    D(
        id="UN-DOC-CTOC-2024",
        type="document",
        title="Implementation of the Firearms Protocol: note by the Secretariat (SAMPLE/CTOC/COP/2024/1)",
        country="UN",
        language="en",
        date="2024-07-15",
        dates={"issued": "2024-07-15"},
        fmt="html",
        path="un/sample-ctoc-cop-2024-1.html",
        crime_types=["firearms-trafficking", "organized-crime-participation"],
        issues=["international-cooperation", "training-technical-assistance", "prevention",
                "law-enforcement-cooperation"],
        metadata={"symbol": "SAMPLE/CTOC/COP/2024/1", "summary": "Invented UN-style note with numbered paragraphs."},
        body="""
# I. Introduction

1. In its resolution on the implementation of the Protocol against the Illicit Manufacturing of and Trafficking in
Firearms, Their Parts and Components and Ammunition, the Conference of the Parties requested the Secretariat to
report on the assistance provided to States parties. The present note has been prepared in response to that request.
It is a sample document written for testing and does not reproduce any official text.

# II. Legislative assistance

2. During the reporting period, the Secretariat supported twelve States in reviewing their national firearms
legislation against the requirements of the Protocol, in particular the criminalization of illicit manufacturing and
trafficking, the marking of firearms at the time of manufacture and import, and the keeping of records for not less
than ten years.

3. Several States requested advice on the deactivation of firearms and on the regulation of brokering activities.
Model provisions and a legislative guide were made available in all six official languages.

# III. Capacity-building and cooperation

4. Training workshops brought together police, customs and prosecutors from neighbouring States to improve the
tracing of seized firearms and the exchange of information on trafficking routes. Participants noted that joint
investigations were more effective where focal points had been designated in advance.

5. The Secretariat recommends that States parties continue to use the technical assistance available, strengthen
cooperation between border agencies and report regularly on seizures of illicitly trafficked firearms.

# IV. Conclusions

6. The Conference may wish to encourage States to ratify the Protocol, to designate national focal points and to
share good practices in preventing the diversion of firearms from legal to illicit markets.
""",
    ),
    D(
        id="ZAF-CASE-CORRUPTION-2020",
        type="case",
        title="S v Mokoena and Another (sample case)",
        country="ZAF",
        language="en",
        date="2020-09-18",
        dates={"decided": "2020-09-18"},
        fmt="pdf",
        path="zaf/s-v-mokoena-2020.pdf",
        header="SAMPLE/ZAF/SCA/2020/412",
        crime_types=["corruption", "money-laundering"],
        issues=["criminalization", "crim-corruption", "crim-laundering", "prosecution-sanctions", "confiscation-seizure"],
        metadata={
            "court": "Supreme Court of Appeal of South Africa",
            "case_number": "412/2019 (sample)",
            "parties": [
                {"role": "appellant", "name": "T. Mokoena (fictitious)"},
                {"role": "appellant", "name": "R. Pillay (fictitious)"},
                {"role": "respondent", "name": "The State"},
            ],
            "charges": ["Corruption under s 3 of the Prevention and Combating of Corrupt Activities Act 12 of 2004",
                        "Money laundering under s 4 of the Prevention of Organised Crime Act 121 of 1998"],
            "outcome": "Appeal against conviction dismissed; sentence reduced on one count",
            "summary": "Invented appeal about payments to a municipal official in return for a tender.",
        },
        body="""
# Facts

The first appellant was the head of supply chain management in a municipality. Between 2014 and 2016 the second
appellant, a director of a construction company, paid amounts totalling R2.4 million into the account of a close
corporation controlled by the first appellant's spouse. During the same period the company was awarded three
tenders for road maintenance. The payments were described in invoices as consulting fees, but no consulting services
were rendered.

# Procedural history

The appellants were convicted in the regional court on one count of corruption each and the second appellant on
one count of money laundering. The first appellant was sentenced to twelve years' imprisonment and the second to
ten years'. The High Court dismissed their appeals, and special leave to appeal was granted by this court.

# Issues

The appeal raises two questions: whether the State proved that the payments were made in order to influence the
award of the tenders, and whether the transfer of the funds through the close corporation amounted to concealing
the nature and source of the proceeds of unlawful activities.

# Decision

The court held that the timing of the payments, the absence of any genuine services and the first appellant's
failure to declare his interest allowed only one reasonable inference, namely that the payments were gratification
for the tenders. The disguise of the payments as fees concealed their nature and source. The appeal against the
convictions is dismissed. The sentence of the second appellant is reduced to eight years' imprisonment, and the
confiscation order of the regional court is confirmed.
""",
    ),
    D(
        id="PHL-CASE-TIP-2019",
        type="case",
        title="People of the Philippines v. Dela Cruz (sample case)",
        country="PHL",
        language="en",
        date="2019-06-10",
        dates={"decided": "2019-06-10"},
        fmt="jsonl",
        path="cases/sample-cases-en.jsonl",
        crime_types=["trafficking-in-persons", "cybercrime"],
        issues=["criminalization", "victim-protection", "prosecution-sanctions"],
        metadata={
            "court": "Supreme Court of the Philippines, Third Division",
            "case_number": "G.R. No. 000001 (sample)",
            "parties": [
                {"role": "prosecution", "name": "People of the Philippines"},
                {"role": "appellant", "name": "M. Dela Cruz (fictitious)"},
            ],
            "charges": ["Qualified trafficking in persons under Republic Act No. 9208 as amended by RA 10364"],
            "outcome": "Conviction affirmed; life imprisonment and damages to each victim",
            "summary": "Invented appeal about minors exploited through online streaming.",
        },
        body="""
# Facts

Acting on a referral from a foreign police liaison officer, the police searched the house of the accused-appellant
and found three minors in a room equipped with cameras and a computer connected to the internet. The minors
testified that they had been recruited from a neighbouring province with offers of work and that they were made to
perform in live streams paid for by foreign customers.

# Procedural history

The Regional Trial Court convicted the accused-appellant of qualified trafficking in persons. The Court of Appeals
affirmed the conviction and increased the damages awarded. The accused-appellant appealed to this Court, arguing
that the minors had consented and that the prosecution failed to prove any payment.

# Issues

Whether the elements of qualified trafficking were proved, and whether the consent of the victims is a defence.

# Decision

The Court held that the recruitment, harbouring and use of children for sexual exploitation constitutes trafficking
regardless of the means used, and that the consent of a child is immaterial. Proof of payment is not an element of
the offence. The conviction is affirmed; each victim is awarded moral and exemplary damages, and the victims shall be
referred to the Department of Social Welfare and Development for continuing assistance.
""",
    ),
    D(
        id="IND-CASE-NDPS-2018",
        type="case",
        title="State v. Harpreet Singh (sample case)",
        country="IND",
        language="en",
        date="2018-02-27",
        dates={"decided": "2018-02-27"},
        fmt="jsonl",
        path="cases/sample-cases-en.jsonl",
        crime_types=["drug-offences", "organized-crime-participation"],
        issues=["prosecution-sanctions", "special-investigative-techniques", "international-cooperation"],
        metadata={
            "court": "High Court of Punjab and Haryana",
            "case_number": "CRA-S-0000-2016 (sample)",
            "parties": [
                {"role": "prosecution", "name": "State of Punjab"},
                {"role": "appellant", "name": "Harpreet Singh (fictitious)"},
            ],
            "charges": ["Possession of a commercial quantity of heroin, sections 21 and 29 NDPS Act 1985"],
            "outcome": "Appeal dismissed; sentence of 12 years' rigorous imprisonment upheld",
            "summary": "Invented appeal about a controlled delivery of heroin across the border.",
        },
        body="""
# Facts

Following information received from the Narcotics Control Bureau, a controlled delivery was organised of a
consignment of heroin that had crossed the international border concealed in a truck of onions. The appellant was
arrested when he took delivery of the truck, and 2.1 kilograms of heroin were recovered in the presence of a
gazetted officer.

# Procedural history

The Special Court convicted the appellant and sentenced him to twelve years' rigorous imprisonment and a fine of
one lakh rupees. The appellant appealed, contending that the mandatory search safeguards had not been followed.

# Issues

Whether the controlled delivery and the subsequent search complied with the safeguards of the Act, and whether
the evidence of the officers was reliable without independent witnesses.

# Decision

The Court held that the appellant had been informed of his right to be searched before a magistrate or gazetted
officer and that a controlled delivery authorised by the competent officer is a lawful investigative technique.
The absence of independent witnesses at a remote location does not by itself vitiate the recovery. The appeal is
dismissed.
""",
    ),
    D(
        id="KEN-CASE-PIRACY-2012",
        type="case",
        title="Republic v. Abdi Ali and Nine Others (sample case)",
        country="KEN",
        language="en",
        date="2012-10-05",
        dates={"decided": "2012-10-05"},
        fmt="jsonl",
        path="cases/sample-cases-en.jsonl",
        crime_types=["piracy-maritime"],
        issues=["jurisdiction", "prosecution-sanctions", "transfer-criminal-proceedings", "international-cooperation"],
        metadata={
            "court": "High Court of Kenya at Mombasa",
            "case_number": "Criminal Appeal No. 000 of 2011 (sample)",
            "parties": [
                {"role": "prosecution", "name": "Republic"},
                {"role": "appellant", "name": "Abdi Ali and nine others (fictitious)"},
            ],
            "charges": ["Piracy under section 369 of the Merchant Shipping Act, 2009"],
            "outcome": "Convictions upheld; universal jurisdiction over piracy on the high seas confirmed",
            "summary": "Invented appeal about suspects transferred to Kenya by a naval force.",
        },
        body="""
# Facts

A naval vessel operating under a regional counter-piracy mission intercepted a skiff in the Gulf of Aden after
an armed attack on a merchant tanker. Ten suspects, weapons and a ladder were found on board. The suspects were
transferred to Kenya under an arrangement between the mission and the Government of Kenya for trial.

# Procedural history

The Chief Magistrate's Court convicted the appellants of piracy and sentenced each to twenty years' imprisonment.
They appealed on the ground that Kenyan courts had no jurisdiction over acts committed outside Kenya by foreign
nationals against a foreign ship.

# Issues

Whether Kenyan courts have jurisdiction to try piracy committed on the high seas by non-nationals.

# Decision

The Court held that piracy is an offence against the law of nations which every State may punish, and that section
369 of the Merchant Shipping Act confers jurisdiction irrespective of the nationality of the offenders or the place
of the offence. The transfer of the suspects under the arrangement did not render the trial unlawful. The appeals
are dismissed.
""",
    ),
    D(
        id="ZAF-CASE-SGBV-2021",
        type="case",
        title="S v. Mokoena (sample case)",
        country="ZAF",
        language="en",
        date="2021-08-19",
        dates={"decided": "2021-08-19"},
        fmt="jsonl",
        path="cases/sample-cases-en.jsonl",
        crime_types=["sexual-gender-based-crimes"],
        issues=["victim-protection", "prosecution-sanctions"],
        metadata={
            "court": "High Court of South Africa, Gauteng Division",
            "case_number": "CC 00/2020 (sample)",
            "parties": [
                {"role": "prosecution", "name": "The State"},
                {"role": "defendant", "name": "T. Mokoena (fictitious)"},
            ],
            "charges": ["Rape and sexual assault under the Criminal Law (Sexual Offences and Related Matters) Amendment Act"],
            "outcome": "Convicted; life imprisonment; the complainant testified through an intermediary",
            "summary": "Invented trial about sexual violence against a domestic worker.",
        },
        body="""
# Facts

The complainant, a domestic worker in the household of the accused, reported that he had raped her on two
occasions and threatened to dismiss her if she told anyone. A medical examination the next day recorded injuries
consistent with her account, and a neighbour confirmed that she had come to her house in distress.

# Issues

Whether the evidence of the complainant was reliable, and whether she could testify through an intermediary in a
separate room to protect her from further trauma.

# Decision

The Court held that the evidence of a single witness in a case of sexual violence may found a conviction when it is
clear and satisfactory in every material respect, and that cautionary rules based on the gender of the complainant
have no place in the law. The complainant was allowed to testify through an intermediary. The accused is convicted
of rape and sentenced to life imprisonment; the complainant is referred to a victim support centre.
""",
    ),
    D(
        id="ZAF-CASE-CRSV-2016",
        type="case",
        title="S v. Kasongo (sample case)",
        country="ZAF",
        language="en",
        date="2016-03-21",
        dates={"decided": "2016-03-21"},
        fmt="jsonl",
        path="cases/sample-cases-en.jsonl",
        crime_types=["sexual-gender-based-crimes"],
        issues=["jurisdiction", "witness-protection", "victim-protection", "prosecution-sanctions"],
        metadata={
            "court": "High Court of South Africa, Western Cape Division",
            "case_number": "SS 00/2015 (sample)",
            "parties": [
                {"role": "prosecution", "name": "The State"},
                {"role": "defendant", "name": "Commander Kasongo (fictitious)"},
            ],
            "charges": ["Rape as a crime against humanity under the Implementation of the Rome Statute Act, committed abroad"],
            "outcome": "Convicted; twenty years' imprisonment; reparations ordered for the survivors",
            "summary": "Invented trial, under universal jurisdiction, about conflict-related sexual violence abroad.",
        },
        body="""
# Facts

During an attack on a village by an armed group, soldiers under the command of the accused raped at least
twenty women and girls. The survivors were later identified by a local organisation that provided medical and
psychological care. The accused was later found living in South Africa and tried there.

# Issues

Whether the accused bore command responsibility for conflict-related sexual violence committed by his soldiers,
and which protective measures the survivors needed to testify safely.

# Decision

The Court held that the rapes were part of a widespread attack on the civilian population and that the accused knew
of them and took no measure to prevent or punish them. The survivors testified behind a screen under pseudonyms.
The accused is convicted and sentenced to twenty years' imprisonment, and reparations are ordered for each
survivor.
""",
    ),
]
