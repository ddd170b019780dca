"""Textes français des archétypes d'initiatives (mêmes clés et marqueurs que demo_ini_en).

Marqueurs : {c} pays ou liste de pays, {where} « au Bénin » / « au Bénin, au Mali et au Togo »,
{where_t} lieu pour un titre, {of} « du Bénin », {cna} l'autorité compétente, {crop}, {crop2},
{port}, {n}, {k}, {partner}.
"""
from __future__ import annotations

__all__ = ["TEXTS_FR"]

TEXTS_FR: dict[str, dict[str, list[str]]] = {
    "nbf_impl": {
        "titles": [
            "Mise en œuvre du Cadre national de biosécurité {of}",
            "Appui à l'opérationnalisation du Cadre national de biosécurité {where}",
        ],
        "intro": [
            "Le projet appuie l'opérationnalisation du cadre national de biosécurité {of}, "
            "conformément aux obligations du Protocole de Cartagena sur la prévention des risques "
            "biotechnologiques.",
            "Ce projet financé par le FEM accompagne le passage d'un cadre national encore à "
            "l'état de projet à un dispositif réglementaire et administratif fonctionnel {where}.",
        ],
        "acts": [
            "Les textes d'application de la loi sur la biosécurité et les lignes directrices pour "
            "l'instruction des demandes d'utilisation confinée, d'essais au champ et "
            "d'importation d'OVM sont finalisés.",
            "Une procédure unique de notification est élaborée, avec des délais, des formulaires "
            "types et un registre des décisions tenu par {cna}.",
            "Les membres du comité national de biosécurité et le personnel de l'autorité nationale "
            "compétente sont formés à l'examen des dossiers et à la prise de décision.",
            "L'accès du public à l'information et sa participation aux décisions sont organisés, "
            "avec une période de consultation de trente jours sur chaque demande.",
            "Un nœud national du Centre d'échange pour la prévention des risques "
            "biotechnologiques (BCH) est créé et les premières décisions y sont publiées.",
        ],
        "close": [
            "L'exécution est confiée à {cna}, sous la supervision d'un comité de pilotage "
            "réunissant les ministères de l'Environnement, de l'Agriculture, de la Santé et du "
            "Commerce.",
        ],
        "lessons": [
            "Les textes d'application n'ont été adoptés qu'après l'entrée du ministère du Commerce "
            "au comité de pilotage ; l'associer dès l'atelier de démarrage aurait fait gagner un "
            "an.",
            "La rotation du personnel de l'autorité compétente a dilué les acquis des formations ; "
            "un module d'accueil pour les nouveaux agents s'est révélé plus durable.",
        ],
    },
    "law_review": {
        "titles": [
            "Révision de la loi sur la biosécurité et de ses textes d'application {where}",
            "Appui juridique à l'actualisation de la réglementation nationale sur la biosécurité "
            "{where}",
        ],
        "intro": [
            "L'initiative apporte un appui juridique et technique à {cna} pour réviser la "
            "législation sur la biosécurité adoptée il y a plus de dix ans.",
        ],
        "acts": [
            "Une analyse des écarts entre la législation en vigueur, le Protocole de Cartagena et "
            "le Protocole additionnel de Nagoya-Kuala Lumpur sur la responsabilité et la "
            "réparation est réalisée.",
            "Des projets d'amendements sont rédigés sur la participation du public, la "
            "responsabilité et la réparation, et le traitement des informations confidentielles.",
            "Trois séries de consultations sont tenues avec le secteur privé, les organisations "
            "paysannes et les associations de consommateurs.",
            "Les députés des commissions de l'agriculture et de l'environnement sont informés des "
            "options retenues.",
        ],
        "close": [
            "Les projets de textes doivent être transmis au Parlement avant la fin du projet.",
        ],
        "lessons": [
            "La consultation précoce du Secrétariat général du Gouvernement a évité une seconde "
            "série de rédaction.",
        ],
    },
    "bch": {
        "titles": [
            "Renforcement de la participation effective au Centre d'échange pour la prévention "
            "des risques biotechnologiques {where_t}",
            "Projet régional BCH : nœuds nationaux et partage de l'information {where_t}",
        ],
        "intro": [
            "Le projet aide {k} pays ({c}) à publier sur le Centre d'échange pour la prévention "
            "des risques biotechnologiques (BCH) des informations complètes et à jour, comme "
            "l'exige l'article 20 du Protocole.",
        ],
        "acts": [
            "Les équipes nationales du BCH sont formées, lors d'ateliers régionaux, à "
            "l'enregistrement des lois, décisions et évaluations des risques.",
            "Chaque pays reçoit une petite subvention pour l'équipement informatique et l'accès à "
            "Internet du service qui héberge le nœud national.",
            "Deux formateurs nationaux par pays sont préparés pour former à leur tour les "
            "douanes, les instituts de recherche et les journalistes.",
            "Un service d'assistance répond en français et en anglais et relance les pays dont "
            "les fiches sont incomplètes.",
        ],
        "close": [
            "Le nombre de fiches nationales publiées et leur exhaustivité servent d'indicateurs "
            "principaux.",
        ],
        "lessons": [
            "Les pays où le correspondant BCH siégeait au sein de l'autorité compétente ont tenu "
            "leurs fiches à jour ; ailleurs, elles ont vieilli en moins d'un an.",
        ],
    },
    "lab_national": {
        "titles": [
            "Renforcement du laboratoire national de détection des OVM {where}",
            "Équipement et accréditation d'un laboratoire de référence pour la détection des OGM "
            "{where}",
        ],
        "intro": [
            "Le projet équipe le laboratoire national de référence {where} pour détecter et "
            "identifier les OVM dans les échantillons de grains, de semences et d'aliments.",
            "Les services d'inspection {where} ne peuvent pas confirmer si les importations de "
            "{crop} contiennent des OVM non autorisés ; l'initiative crée cette capacité.",
        ],
        "acts": [
            "Un appareil de PCR en temps réel, une chaîne d'extraction d'ADN et des matériaux de "
            "référence certifiés sont acquis et installés.",
            "Le projet forme {n} analystes au criblage (promoteur 35S, terminateur NOS) et aux "
            "méthodes de quantification spécifiques d'événements.",
            "Le laboratoire prépare son accréditation ISO/CEI 17025 et participe à des essais "
            "d'aptitude internationaux.",
            "Des plans d'échantillonnage du {crop} aux principaux points d'entrée sont convenus "
            "avec la protection des végétaux et les douanes.",
        ],
        "close": [
            "Le laboratoire servira l'autorité nationale compétente, les douanes et le service "
            "de certification des semences.",
        ],
        "lessons": [
            "Les réactifs et les contrats de maintenance, plus que l'équipement, ont été le "
            "goulot d'étranglement ; une ligne budgétaire récurrente pour les consommables est "
            "indispensable.",
        ],
    },
    "lab_network": {
        "titles": [
            "Réseau régional de laboratoires de détection des OVM {where_t}",
            "Harmonisation de la détection des OVM et coopération entre laboratoires {where_t}",
        ],
        "intro": [
            "Le projet relie les laboratoires de détection de {k} pays ({c}) en un réseau "
            "régional qui partage méthodes, matériaux de référence et essais d'aptitude.",
        ],
        "acts": [
            "Un laboratoire du réseau est renforcé comme laboratoire régional de référence et "
            "réalise les analyses de confirmation pour les autres.",
            "Des modes opératoires normalisés d'échantillonnage et de criblage du {crop} sont "
            "validés par un essai interlaboratoires.",
            "Les analystes de chaque laboratoire effectuent un séjour de quatre à six semaines au "
            "laboratoire de référence.",
            "Des achats groupés d'amorces, de sondes et de matériaux de référence réduisent les "
            "coûts pour tous les membres.",
        ],
        "close": [
            "Un protocole d'accord entre les autorités nationales compétentes encadre le recours "
            "au laboratoire de référence.",
        ],
        "lessons": [
            "L'envoi d'échantillons officiels d'un pays à l'autre a exigé des arrangements "
            "phytosanitaires et douaniers qui ont pris un an.",
        ],
    },
    "ra_training": {
        "titles": [
            "Formation à l'évaluation des risques des OVM {where_t}",
            "Renforcement de l'expertise en évaluation des risques biotechnologiques {where_t}",
        ],
        "intro": [
            "La formation prépare les agents de réglementation et les membres des comités "
            "scientifiques {where} à conduire et à examiner des évaluations des risques selon "
            "l'annexe III du Protocole.",
        ],
        "acts": [
            "Les participants examinent pas à pas un dossier réel à l'aide des Orientations sur "
            "l'évaluation des risques des organismes vivants modifiés.",
            "Un cours résidentiel de deux semaines réunit {n} participants, suivi de six mois de "
            "tutorat en ligne.",
            "Les études de cas portent sur des plantes résistantes aux insectes et tolérantes aux "
            "herbicides, dont le {crop}.",
            "Comme travail final, chaque participant rédige l'avis sur une demande en instance.",
        ],
        "close": [
            "Les diplômés sont invités à rejoindre le fichier d'experts en biosécurité.",
        ],
        "lessons": [
            "Le tutorat après la formation a compté davantage que la formation elle-même.",
        ],
    },
    "awareness": {
        "titles": [
            "Sensibilisation et participation du public à la biosécurité {where}",
            "Information et participation du public aux décisions sur les OVM {where}",
        ],
        "intro": [
            "L'initiative met en œuvre l'article 23 du Protocole {where} : sensibilisation, "
            "éducation et participation du public aux décisions relatives aux OVM.",
        ],
        "acts": [
            "Des émissions de radio en langues nationales expliquent comment les décisions sont "
            "prises et comment le public peut donner son avis.",
            "Des journalistes participent à un atelier sur le traitement équilibré des questions "
            "de biotechnologie et de biosécurité.",
            "Les parlementaires et les hauts fonctionnaires sont informés des obligations du pays "
            "au titre du Protocole.",
            "Des audiences publiques sont organisées sur deux demandes en instance, avec des "
            "résumés en langage simple.",
        ],
        "close": [
            "Une enquête de suivi mesure l'évolution de la sensibilisation à la fin de "
            "l'initiative.",
        ],
        "lessons": [
            "Les radios communautaires ont touché bien plus de ruraux que les dépliants, pour un "
            "coût bien moindre.",
        ],
    },
    "socio_econ": {
        "titles": [
            "Prise en compte des considérations socio-économiques dans les décisions de "
            "biosécurité {where_t}",
        ],
        "intro": [
            "L'initiative aide {c} à définir comment les considérations socio-économiques, "
            "prévues à l'article 26 du Protocole, entrent dans les décisions nationales.",
        ],
        "acts": [
            "Une méthodologie d'évaluation socio-économique est rédigée et testée sur une demande "
            "en instance.",
            "Des enquêtes auprès des ménages agricoles documentent les systèmes semenciers et le "
            "rôle des femmes dans la conservation des semences.",
            "Un atelier multi-acteurs s'accorde sur les considérations pertinentes et leur "
            "pondération.",
        ],
        "close": [
            "Les recommandations sont soumises à {cna} en vue de leur intégration dans la "
            "réglementation.",
        ],
        "lessons": [
            "S'accorder sur le champ des considérations avant de collecter des données a évité "
            "des enquêtes inutilisables.",
        ],
    },
    "border": {
        "titles": [
            "Contrôle des mouvements transfrontières d'OVM aux frontières {where_t}",
            "Formation des douaniers et inspecteurs phytosanitaires aux envois d'OVM {where_t}",
        ],
        "intro": [
            "L'initiative renforce les capacités des douanes, de la protection des végétaux et "
            "des services de santé aux frontières {where} pour contrôler les envois susceptibles "
            "de contenir des OVM.",
        ],
        "acts": [
            "Le projet forme {n} douaniers et inspecteurs au contrôle documentaire, à "
            "l'échantillonnage et aux tests rapides sur bandelettes {port}.",
            "Des profils de risque pour les cargaisons de {crop} sont intégrés au système de "
            "gestion des risques des douanes.",
            "Une procédure d'urgence au titre de l'article 17 est rédigée et testée lors d'un "
            "exercice de simulation.",
            "Un protocole d'accord entre les douanes et l'autorité compétente précise qui "
            "prélève, qui analyse et qui décide.",
        ],
        "close": [
            "La formation est intégrée au programme de l'école des douanes.",
        ],
        "lessons": [
            "Les inspecteurs formés sans accès aux bandelettes n'ont pas appliqué les procédures ; "
            "équipement et formation doivent arriver ensemble.",
        ],
    },
    "documentation": {
        "titles": [
            "Mise en œuvre des exigences de documentation de l'article 18.2 {where_t}",
        ],
        "intro": [
            "L'initiative aide exportateurs, importateurs et autorités {where} à appliquer les "
            "exigences de documentation de l'article 18.2 du Protocole.",
        ],
        "acts": [
            "Une formulation type pour les factures commerciales est convenue avec les "
            "importateurs de céréales.",
            "Les commissionnaires en douane et les transitaires sont formés au contenu requis des "
            "documents.",
            "Le contrôle documentaire est ajouté à la liste de vérification à l'importation "
            "{port}.",
        ],
        "close": [
            "Un guide sur les exigences de documentation est publié sur le BCH.",
        ],
        "lessons": [
            "Les négociants ont adopté la formulation type dès que la liste de contrôle des "
            "douanes y a fait référence.",
        ],
    },
    "research": {
        "titles": [
            "Recherche en biosécurité sur le {crop} : flux de gènes et effets environnementaux "
            "{where_t}",
        ],
        "intro": [
            "L'initiative finance des recherches sur la biosécurité des OVM {where} afin que les "
            "évaluations des risques s'appuient sur des données locales.",
        ],
        "acts": [
            "Des subventions compétitives de deux ans sont attribuées à des équipes nationales.",
            "Des études de terrain sur le flux de gènes par le pollen sont menées sur deux "
            "saisons.",
            "Des doctorants sont co-encadrés avec une université partenaire.",
        ],
        "close": [
            "Le programme de recherche a été fixé avec l'autorité compétente.",
        ],
        "lessons": [
            "Les questions de recherche définies avec l'autorité de réglementation ont produit "
            "des données réellement utilisées.",
        ],
    },
    "mainstream": {
        "titles": [
            "Intégration de la biosécurité dans la planification et les budgets nationaux "
            "{where}",
        ],
        "intro": [
            "L'initiative aide {c} à assurer un financement durable de son dispositif de "
            "biosécurité.",
        ],
        "acts": [
            "Une stratégie nationale chiffrée de renforcement des capacités en biosécurité est "
            "élaborée.",
            "Les options de recouvrement des coûts par des redevances sur les demandes sont "
            "analysées.",
            "Une table ronde des partenaires techniques et financiers aligne les appuis sur le "
            "plan d'action.",
        ],
        "close": [
            "Le ministère des Finances participe au comité de pilotage.",
        ],
        "lessons": [
            "Un plan chiffré a permis d'obtenir pour la première fois une ligne budgétaire dédiée.",
        ],
    },
    "harmonisation": {
        "titles": [
            "Harmonisation régionale de la réglementation en biosécurité {where_t}",
            "Programme régional de biosécurité {where_t}",
        ],
        "intro": [
            "Le programme appuie {k} États membres ({c}) dans l'adoption de règles communes de "
            "biosécurité et la mise en commun de l'expertise scientifique.",
        ],
        "acts": [
            "Un règlement régional de biosécurité et ses lignes directrices sont élaborés et "
            "validés par les ministres.",
            "Un comité scientifique régional est créé pour examiner les dossiers pour le compte "
            "des États membres.",
            "Les législations nationales sont passées en revue au regard du cadre régional.",
        ],
        "close": [
            "La Commission régionale héberge l'unité de coordination.",
        ],
        "lessons": [
            "L'examen régional des dossiers a économisé une expertise nationale rare, à condition "
            "que les lois nationales le reconnaissent.",
        ],
    },
    "southsouth": {
        "titles": [
            "Coopération Sud-Sud {partner} – {c} en biosécurité",
        ],
        "intro": [
            "Dans le cadre d'un accord de coopération Sud-Sud, des institutions expérimentées "
            "partagent leur pratique de la biosécurité avec leurs homologues {where}.",
        ],
        "acts": [
            "Des scientifiques effectuent des visites d'étude dans les laboratoires de référence "
            "et auprès de l'autorité compétente du pays partenaire.",
            "Des experts aident à rédiger les modes opératoires normalisés de détection et "
            "d'examen des dossiers.",
            "Une formation conjointe sur l'évaluation des risques du {crop} est organisée.",
        ],
        "close": [
            "La coopération est revue chaque année par un comité mixte.",
        ],
        "lessons": [
            "Des praticiens venant d'un pays aux conditions proches ont été jugés plus crédibles "
            "que des experts lointains.",
        ],
    },
    "curriculum": {
        "titles": [
            "La biosécurité dans les cursus universitaires {where}",
        ],
        "intro": [
            "L'initiative forme des ressources humaines durables en biosécurité {where} par "
            "l'enseignement universitaire.",
        ],
        "acts": [
            "Un module de master sur la biosécurité et l'évaluation des risques est élaboré avec "
            "deux universités nationales.",
            "Les enseignants suivent une formation de formateurs.",
            "Des bourses sont attribuées à {n} étudiants pour un mémoire sur la biosécurité.",
        ],
        "close": [
            "Les universités intègrent le module à leurs programmes ordinaires.",
        ],
        "lessons": [
            "L'accréditation du module par le conseil d'université a garanti sa pérennité.",
        ],
    },
}
