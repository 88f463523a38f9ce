# ruff: noqa: E501  (data module: long titles and citations are kept on one line)
"""French sample documents. All wording is invented sample text; titles, numbers and dates of
laws are used only as facts."""

from corpus.tools.sample import SampleDoc as D

DOCS = [
    D(
        id="FRA-LAW-TRAITE-2013",
        type="legislation",
        title="Code pénal - Livre II, Titre II, Chapitre V, Section 1 bis : De la traite des êtres humains (extrait, échantillon)",
        country="FRA",
        language="fr",
        date="2013-08-05",
        dates={"adopted": "2013-08-05", "in_force": "2013-08-07"},
        fmt="txt",
        path="fra/code-penal-traite-2013.txt",
        crime_types=["trafficking-in-persons"],
        issues=["criminalization", "prosecution-sanctions", "legal-persons-liability", "victim-protection"],
        metadata={"law_title": "Loi n° 2013-711 du 5 août 2013 portant diverses dispositions d'adaptation",
                  "chapter": "Code pénal, articles 225-4-1 à 225-4-9"},
        body="""
# Section 1 bis : De la traite des êtres humains

## Article 225-4-1

La traite des êtres humains est le fait de recruter une personne, de la transporter, de la transférer, de
l'héberger ou de l'accueillir à des fins d'exploitation, soit par la menace, la contrainte ou la violence, soit par
une tromperie, soit en abusant d'une situation de vulnérabilité, soit en échange ou par l'octroi d'une rémunération
ou de tout autre avantage. Elle est punie de sept ans d'emprisonnement et de 150 000 euros d'amende. Lorsque la
victime est un mineur, l'infraction est constituée même en l'absence de l'un de ces moyens.

## Article 225-4-2

L'infraction prévue à l'article 225-4-1 est punie de dix ans d'emprisonnement et de 1 500 000 euros d'amende
lorsqu'elle est commise à l'égard de plusieurs personnes, lorsque la victime a été mise en contact avec l'auteur
par un réseau de communication électronique, ou lorsqu'elle a été commise par une personne ayant autorité sur la
victime ou abusant de l'autorité que lui confèrent ses fonctions.

## Article 225-4-3

L'infraction est punie de vingt ans de réclusion criminelle et de 3 000 000 euros d'amende lorsqu'elle est
commise en bande organisée. La tentative des délits prévus à la présente section est punie des mêmes peines.

## Article 225-4-6

Les personnes morales déclarées responsables pénalement, dans les conditions prévues par l'article 121-2, des
infractions définies à la présente section encourent, outre l'amende, la dissolution, la fermeture définitive
de l'établissement ayant servi à commettre les faits et la confiscation des biens qui en sont le produit.

## Article 225-4-9

Toute personne qui a tenté de commettre les infractions prévues à la présente section est exempte de peine si,
ayant averti l'autorité administrative ou judiciaire, elle a permis d'éviter la réalisation de l'infraction et
d'identifier, le cas échéant, les autres auteurs ou complices. Les victimes bénéficient d'un délai de réflexion
et d'un accompagnement social, sanitaire et juridique.
""",
    ),
    D(
        id="SEN-LAW-LBCFT-2018",
        type="legislation",
        title="Loi n° 2018-03 du 23 février 2018 relative à la lutte contre le blanchiment de capitaux et le financement du terrorisme (extrait, échantillon)",
        country="SEN",
        language="fr",
        date="2018-02-23",
        dates={"adopted": "2018-02-23"},
        fmt="html",
        path="sen/loi-2018-03-lbcft.html",
        crime_types=["money-laundering", "terrorism"],
        issues=["criminalization", "crim-laundering", "legal-persons-liability", "confiscation-seizure",
                "prevention", "international-cooperation"],
        metadata={"law_title": "Loi n° 2018-03 relative à la lutte contre le blanchiment de capitaux et le financement du terrorisme"},
        body="""
# Chapitre premier : Dispositions générales

## Article premier

La présente loi a pour objet de définir le cadre juridique de la lutte contre le blanchiment de capitaux, le
financement du terrorisme et la prolifération des armes de destruction massive au Sénégal, en vue de prévenir
l'utilisation du système économique et financier à ces fins.

## Article 7

Constituent un blanchiment de capitaux les agissements énumérés ci-après, commis intentionnellement : la
conversion ou le transfert de biens dont l'auteur sait qu'ils proviennent d'un crime ou d'un délit, dans le but de
dissimuler ou de déguiser leur origine illicite ; la dissimulation de la nature, de l'origine, de l'emplacement ou
de la propriété réels de ces biens ; l'acquisition, la détention ou l'utilisation de tels biens.

# Chapitre II : De la prévention

## Article 18

Les assujettis identifient leurs clients et, le cas échéant, les bénéficiaires effectifs, avant d'entrer en
relation d'affaires. Ils mettent en place des programmes de prévention comprenant des procédures internes, la
formation du personnel et un dispositif de contrôle, proportionnés aux risques identifiés.

# Chapitre IV : Des sanctions

## Article 125

Les personnes morales, autres que l'État, pour le compte ou au bénéfice desquelles une infraction de blanchiment
de capitaux ou de financement du terrorisme a été commise par l'un de leurs organes ou représentants, sont punies
d'une amende d'un taux égal au quintuple de celles encourues par les personnes physiques, sans préjudice de la
condamnation de ces dernières comme auteurs ou complices.

## Article 130

Dans tous les cas de condamnation, les juridictions ordonnent la confiscation au profit du Trésor public des biens
ayant servi ou destinés à commettre l'infraction, des biens qui en sont l'objet ou le produit, et, lorsque ceux-ci
ne peuvent être représentés, d'un montant équivalent. Les biens confisqués peuvent être partagés avec un État
étranger en application d'un accord.
""",
    ),
    D(
        id="MAR-LAW-TRAITE-2016",
        type="legislation",
        title="Loi n° 27-14 relative à la lutte contre la traite des êtres humains (extrait, échantillon)",
        country="MAR",
        language="fr",
        date="2016-08-25",
        dates={"adopted": "2016-08-25", "published": "2016-09-19"},
        fmt="pdf",
        path="mar/loi-27-14-traite.pdf",
        header="ÉCHANTILLON / SAMPLE - Bulletin officiel (non officiel)",
        crime_types=["trafficking-in-persons"],
        issues=["criminalization", "victim-protection", "prevention", "cooperation-with-law-enforcement"],
        metadata={"law_title": "Loi n° 27-14 relative à la lutte contre la traite des êtres humains",
                  "chapter": "Dahir n° 1-16-127 du 25 août 2016"},
        body="""
# Chapitre premier : Définitions

## Article premier

Au sens de la présente loi, on entend par traite des êtres humains le recrutement, le transport, le transfert,
l'hébergement ou l'accueil d'une ou plusieurs personnes, par la menace de recours ou le recours à la force, à
l'enlèvement, à la fraude, à la tromperie ou à l'abus d'autorité ou d'une situation de vulnérabilité, aux fins
d'exploitation. L'exploitation comprend l'exploitation sexuelle, le travail forcé, la servitude et le prélèvement
d'organes.

# Chapitre II : Des peines

## Article 448-2

Est puni de la réclusion de cinq à dix ans et d'une amende de 10 000 à 500 000 dirhams quiconque commet
l'infraction de traite des êtres humains. La peine est portée à la réclusion de vingt à trente ans lorsque
l'infraction est commise par une bande criminelle organisée ou à l'encontre d'un mineur de moins de dix-huit ans.

## Article 448-9

Est exempté de la peine l'auteur qui, avant toute poursuite, révèle aux autorités judiciaires l'existence d'une
entente ou d'un groupement formé pour commettre l'infraction. La peine est réduite de moitié lorsque la
révélation intervient après le déclenchement des poursuites et permet l'arrestation des autres auteurs.

# Chapitre III : De la protection des victimes

## Article 4

La victime de la traite ne peut être tenue pour pénalement responsable des actes qu'elle a été contrainte de
commettre. L'État assure, dans la limite des moyens disponibles, la protection des victimes, leur hébergement,
l'assistance médicale et psychologique et, le cas échéant, leur retour volontaire en sécurité dans leur pays
d'origine.

## Article 7

Il est créé auprès du Chef du gouvernement une commission nationale chargée de la coordination des mesures de
lutte et de prévention de la traite des êtres humains. Elle propose des programmes de sensibilisation et élabore
un rapport annuel sur la situation.
""",
    ),
    D(
        id="BEL-LAW-ARMES-2006",
        type="legislation",
        title="Loi du 8 juin 2006 réglant des activités économiques et individuelles avec des armes (extrait, échantillon)",
        country="BEL",
        language="fr",
        date="2006-06-08",
        dates={"adopted": "2006-06-08", "published": "2006-06-09"},
        fmt="txt",
        path="bel/loi-armes-2006.txt",
        crime_types=["firearms-trafficking"],
        issues=["criminalization", "prosecution-sanctions", "prevention", "confiscation-seizure"],
        metadata={"law_title": "Loi réglant des activités économiques et individuelles avec des armes"},
        body="""
# CHAPITRE Ier. - Dispositions générales

## Art. 2

Pour l'application de la présente loi, on entend par arme à feu toute arme portative à canon qui propulse des
plombs, une balle ou un projectile par l'action d'un propulseur combustible. Sont assimilées aux armes à feu les
pièces essentielles, notamment le canon, la carcasse, la culasse et le barillet.

## Art. 5

Nul ne peut exercer l'activité d'armurier, d'intermédiaire ou de fabricant d'armes sans avoir été préalablement
agréé par le gouverneur compétent. L'agrément est refusé lorsque le demandeur a été condamné pour une infraction
à la présente loi ou pour une infraction commise avec violence.

## Art. 5bis

Les armes à feu fabriquées ou importées sont pourvues d'un marquage unique comprenant le nom du fabricant, le pays
ou le lieu de fabrication, le numéro de série et l'année de fabrication. Les armuriers tiennent un registre des
opérations pendant au moins vingt ans.

# CHAPITRE VI. - Dispositions pénales

## Art. 22

Est puni d'un emprisonnement d'un mois à cinq ans et d'une amende de cent à vingt-cinq mille euros quiconque
fabrique, répare, offre en vente, vend, cède, transporte ou détient des armes en infraction à la présente loi.
La peine est de cinq à dix ans de réclusion lorsque l'infraction constitue un acte de trafic d'armes.

## Art. 24

Les armes et les munitions saisies sont confisquées, même si elles ne sont pas la propriété du condamné. Les armes
confisquées sont détruites, sauf si elles présentent un intérêt historique ou scientifique.
""",
    ),
    D(
        id="CIV-LAW-CYBER-2013",
        type="legislation",
        title="Loi n° 2013-451 du 19 juin 2013 relative à la lutte contre la cybercriminalité (extrait, échantillon)",
        country="CIV",
        language="fr",
        date="2013-06-19",
        dates={"adopted": "2013-06-19"},
        fmt="html",
        path="civ/loi-2013-451-cybercriminalite.html",
        crime_types=["cybercrime"],
        issues=["criminalization", "electronic-evidence", "international-cooperation", "jurisdiction"],
        metadata={"law_title": "Loi n° 2013-451 relative à la lutte contre la cybercriminalité"},
        body="""
# Chapitre premier : Dispositions générales

## Article premier

Pour l'application de la présente loi, on entend par système d'information tout dispositif isolé ou ensemble de
dispositifs interconnectés assurant en tout ou partie un traitement automatisé de données, et par données de
trafic les données relatives à une communication passant par un système d'information.

# Chapitre II : Des infractions

## Article 4

Est puni de un à deux ans d'emprisonnement et de 1 000 000 à 10 000 000 de francs CFA d'amende quiconque accède
ou tente d'accéder frauduleusement à tout ou partie d'un système d'information. La peine est doublée lorsqu'il en
résulte la suppression ou la modification de données.

## Article 4 bis

Est puni des mêmes peines quiconque, par le biais d'un système d'information, se fait remettre des fonds ou
des biens en usant de fausses qualités, d'un faux nom ou de manœuvres frauduleuses, notamment par l'envoi de
messages électroniques trompeurs.

# Chapitre III : De la procédure et de la coopération

## Article 21

Le juge d'instruction peut ordonner la conservation rapide des données de trafic et des données stockées dans un
système d'information, ainsi que leur saisie, lorsque les nécessités de l'enquête l'exigent. Les preuves
électroniques ainsi recueillies ont la même valeur que les preuves écrites.

## Article 27

Les autorités ivoiriennes compétentes peuvent, sous réserve de réciprocité, accorder l'entraide judiciaire la plus
large aux autorités étrangères pour les besoins des enquêtes relatives aux infractions prévues par la présente loi,
y compris par la communication de données conservées.
""",
    ),
    D(
        id="FRA-LAW-PIRATERIE-2011",
        type="legislation",
        title="Loi n° 2011-13 du 5 janvier 2011 relative à la lutte contre la piraterie et à l'exercice des pouvoirs de police de l'État en mer (extrait, échantillon)",
        country="FRA",
        language="fr",
        date="2011-01-05",
        dates={"adopted": "2011-01-05", "in_force": "2011-01-07"},
        fmt="pdf",
        path="fra/loi-2011-13-piraterie.pdf",
        header="ÉCHANTILLON - SAMPLE/FRA/2011-13",
        crime_types=["piracy-maritime"],
        issues=["jurisdiction", "criminalization", "law-enforcement-cooperation", "international-cooperation"],
        metadata={"law_title": "Loi n° 2011-13 relative à la lutte contre la piraterie"},
        body="""
# Titre Ier : De la piraterie

## Article 1er

Les dispositions du présent titre s'appliquent aux actes de piraterie commis en haute mer, dans les espaces
maritimes ne relevant de la juridiction d'aucun État et, lorsque le droit international l'autorise, dans les eaux
territoriales d'un État. Elles s'appliquent également aux actes préparatoires tels que la détention d'armes à bord
d'une embarcation sans pavillon.

## Article 2

Les commandants des bâtiments de l'État et les commandants des aéronefs de l'État, chargés de la surveillance en
mer, sont habilités à exécuter ou à faire exécuter les mesures de contrôle et de coercition prévues par le droit
international à l'encontre des navires soupçonnés de piraterie, y compris la saisie des objets ayant servi à
commettre les faits.

## Article 3

Les auteurs et complices des infractions commises hors du territoire de la République peuvent être poursuivis et
jugés par les juridictions françaises lorsqu'ils ont été appréhendés par des agents français, à défaut d'entente
avec les autorités d'un autre État pour l'exercice par celui-ci de sa compétence.

## Article 4

Les personnes appréhendées peuvent être remises aux autorités d'un État tiers ayant accepté d'exercer sa
compétence, dans le cadre d'un accord conclu avec cet État ou d'une opération menée sous mandat international.
""",
    ),
    D(
        id="FRA-CASE-CONTREFACON-2019",
        type="case",
        title="Tribunal correctionnel de Marseille, jugement du 14 mai 2019 (échantillon)",
        country="FRA",
        language="fr",
        date="2019-05-14",
        dates={"decided": "2019-05-14"},
        fmt="json",
        path="fra/tc-marseille-2019-contrefacon.json",
        crime_types=["counterfeiting", "falsified-medical-products", "organized-crime-participation"],
        issues=["criminalization", "prosecution-sanctions", "confiscation-seizure", "legal-persons-liability"],
        metadata={
            "court": "Tribunal correctionnel de Marseille",
            "case_number": "RG n° 00/00000 (échantillon)",
            "parties": [
                {"role": "prosecution", "name": "Ministère public"},
                {"role": "civil-party", "name": "Société Pharmalab (fictive)"},
                {"role": "defendant", "name": "M. X (fictif)"},
                {"role": "defendant", "name": "Société Medexport SARL (fictive)"},
            ],
            "charges": ["Contrefaçon de marque en bande organisée",
                        "Importation et vente de médicaments falsifiés"],
            "outcome": "Condamnation : quatre ans d'emprisonnement dont deux avec sursis, amende, confiscation",
            "summary": "Affaire fictive d'importation de médicaments falsifiés portant des marques contrefaites.",
        },
        body="""
# Faits

Le 3 mars 2018, les services des douanes du port de Marseille ont contrôlé un conteneur en provenance d'Asie
déclaré comme contenant des articles de papeterie. Ils y ont découvert 1,2 million de comprimés présentés sous
le conditionnement d'un médicament commercialisé par la partie civile. Les analyses ont révélé que les comprimés
ne contenaient pas la substance active déclarée.

# Procédure

Une information judiciaire a été ouverte des chefs de contrefaçon en bande organisée et de vente de médicaments
falsifiés. Le prévenu, gérant de la société importatrice, a été mis en examen, et la société elle-même a été
poursuivie en tant que personne morale. Le tribunal a été saisi par ordonnance de renvoi du juge d'instruction.

# Motifs

Le tribunal relève que le prévenu connaissait la provenance des marchandises, qu'il avait organisé le paiement par
l'intermédiaire de sociétés écrans et qu'il avait déjà vendu des lots similaires. L'infraction a été commise pour
le compte de la société, par son organe. La mise en danger de la santé publique justifie une peine ferme.

# Dispositif

Par ces motifs, le tribunal déclare M. X et la société Medexport coupables des faits reprochés, condamne M. X à
quatre ans d'emprisonnement dont deux avec sursis et à 100 000 euros d'amende, condamne la société à 500 000 euros
d'amende, ordonne la confiscation et la destruction des marchandises saisies et alloue des dommages et intérêts à
la partie civile.
""",
    ),
    D(
        id="UN-DOC-CTOC-WG-2024",
        type="document",
        title="Extradition et entraide judiciaire : bonnes pratiques des autorités centrales. Note du Secrétariat (SAMPLE/CTOC/COP/WG.3/2024/2)",
        country="UN",
        language="fr",
        date="2024-05-02",
        dates={"issued": "2024-05-02"},
        fmt="txt",
        path="un/sample-ctoc-cop-wg3-2024-2.fr.txt",
        crime_types=["organized-crime-participation", "corruption"],
        issues=["international-cooperation", "extradition", "mutual-legal-assistance", "electronic-evidence",
                "training-technical-assistance"],
        metadata={"symbol": "SAMPLE/CTOC/COP/WG.3/2024/2",
                  "summary": "Note fictive de style onusien avec paragraphes numérotés."},
        body="""
# I. Introduction

1. Le groupe de travail sur la coopération internationale a prié le Secrétariat de recenser les bonnes pratiques
des autorités centrales chargées de l'extradition et de l'entraide judiciaire en application des articles 16 et 18
de la Convention contre la criminalité transnationale organisée. La présente note est un document d'échantillon
rédigé pour les essais et ne reproduit aucun texte officiel.

# II. Autorités centrales

2. Plusieurs États ont indiqué que la désignation d'une autorité centrale unique, dotée de personnel formé et d'un
système de suivi électronique des demandes, avait réduit de moitié les délais de traitement. D'autres ont souligné
l'utilité de consultations préalables avec l'État requis avant l'envoi d'une demande formelle.

3. Les autorités centrales acceptent de plus en plus les demandes transmises par voie électronique, sous réserve
de la production ultérieure de l'original lorsque la loi interne l'exige, en particulier pour les demandes urgentes
de conservation de preuves électroniques.

# III. Extradition

4. S'agissant de l'extradition, les États ont fait état de difficultés liées à l'exigence de double incrimination
et au refus d'extrader les nationaux. Lorsque l'extradition est refusée pour ce motif, l'État requis doit soumettre
l'affaire à ses autorités compétentes aux fins de poursuites, conformément au principe aut dedere aut judicare.

# IV. Recommandations

5. Le groupe de travail pourrait recommander aux États de publier les coordonnées de leurs autorités centrales,
d'utiliser les formulaires types et l'outil de rédaction des demandes d'entraide, et de solliciter l'assistance
technique du Secrétariat pour la formation des praticiens.
""",
    ),
]
