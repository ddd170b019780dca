"""Aligned English, French and Spanish phrases the synthetic generator writes records with.

Each entry is a tuple ``(en, fr, es)`` saying the same thing in the three languages, so that a
record can be "translated" by rendering the same choices in another language. Activities are
listed per Action Plan component (``coordinator.taxonomy.COMPONENTS``).
"""
from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "LANGUAGES",
    "ACTIVITIES",
    "TARGETS",
    "APPROACHES",
    "CROPS",
    "PARTNERS",
    "FRAMES",
    "TITLE_FRAMES",
    "NEED_FRAMES",
    "LESSONS",
    "SYNONYMS",
]

LANGUAGES = ("en", "fr", "es")

Phrase = tuple[str, str, str]

ACTIVITIES: MappingProxyType[str, tuple[Phrase, ...]] = MappingProxyType({
    "a": (
        ("institutional capacity building for biosafety",
         "renforcement des capacités institutionnelles en biosécurité",
         "fortalecimiento de la capacidad institucional en bioseguridad"),
        ("a national biosafety framework", "un cadre national de biosécurité",
         "un marco nacional de bioseguridad"),
    ),
    "a1": (
        ("drafting of biosafety regulations", "rédaction de la réglementation sur la biosécurité",
         "redacción del reglamento de bioseguridad"),
        ("review of the national biosafety law", "révision de la loi nationale sur la biosécurité",
         "revisión de la ley nacional de bioseguridad"),
        ("alignment of legislation with the Protocol",
         "harmonisation de la législation avec le Protocole",
         "armonización de la legislación con el Protocolo"),
    ),
    "a2": (
        ("setting up the competent national authority",
         "mise en place de l'autorité nationale compétente",
         "creación de la autoridad nacional competente"),
        ("procedures for handling notifications", "procédures de traitement des notifications",
         "procedimientos para tramitar las notificaciones"),
        ("a permit tracking system", "un système de suivi des permis",
         "un sistema de seguimiento de permisos"),
    ),
    "a3": (
        ("upgrading the national reference laboratory",
         "modernisation du laboratoire national de référence",
         "modernización del laboratorio nacional de referencia"),
        ("internet connectivity for the biosafety office",
         "connexion internet pour le bureau de biosécurité",
         "conectividad a internet para la oficina de bioseguridad"),
        ("greenhouse containment facilities", "installations de confinement en serre",
         "instalaciones de confinamiento en invernadero"),
    ),
    "a4": (
        ("a sustainable funding plan for biosafety",
         "un plan de financement durable de la biosécurité",
         "un plan de financiación sostenible de la bioseguridad"),
        ("budgeting for the biosafety office", "budgétisation du bureau de biosécurité",
         "presupuestación de la oficina de bioseguridad"),
    ),
    "a5": (
        ("a monitoring and evaluation framework", "un cadre de suivi et d'évaluation",
         "un marco de seguimiento y evaluación"),
        ("inspection and compliance monitoring", "inspection et contrôle de la conformité",
         "inspección y control del cumplimiento"),
    ),
    "b": (
        ("training of trainers in biosafety", "formation de formateurs en biosécurité",
         "formación de formadores en bioseguridad"),
        ("postgraduate scholarships in biosafety", "bourses de troisième cycle en biosécurité",
         "becas de posgrado en bioseguridad"),
        ("a national biosafety curriculum", "un programme national d'enseignement en biosécurité",
         "un plan de estudios nacional de bioseguridad"),
    ),
    "c": (
        ("case studies in risk assessment", "études de cas en évaluation des risques",
         "estudios de caso en evaluación del riesgo"),
        ("a risk assessment manual", "un manuel d'évaluation des risques",
         "un manual de evaluación del riesgo"),
        ("environmental risk assessment of field trials",
         "évaluation des risques environnementaux des essais au champ",
         "evaluación del riesgo ambiental de los ensayos de campo"),
    ),
    "d": (
        ("risk management plans for confined trials",
         "plans de gestion des risques pour les essais confinés",
         "planes de gestión del riesgo para ensayos confinados"),
        ("post-release monitoring", "surveillance après dissémination",
         "vigilancia posterior a la liberación"),
    ),
    "e": (
        ("public awareness campaigns", "campagnes de sensibilisation du public",
         "campañas de sensibilización del público"),
        ("public consultation on decisions", "consultation du public sur les décisions",
         "consulta pública sobre las decisiones"),
        ("biosafety education in schools", "éducation à la biosécurité dans les écoles",
         "educación en bioseguridad en las escuelas"),
    ),
    "f": (
        ("participation in the Biosafety Clearing-House",
         "participation au Centre d'échange pour la prévention des risques biotechnologiques",
         "participación en el Centro de Intercambio de Información sobre Seguridad de la "
         "Biotecnología"),
        ("a national biosafety database", "une base de données nationale sur la biosécurité",
         "una base de datos nacional de bioseguridad"),
    ),
    "g": (
        ("a regional network of biosafety regulators",
         "un réseau régional d'autorités de biosécurité",
         "una red regional de autoridades de bioseguridad"),
        ("South-South cooperation between laboratories",
         "coopération Sud-Sud entre laboratoires",
         "cooperación Sur-Sur entre laboratorios"),
    ),
    "h": (
        ("transfer of detection technologies", "transfert de technologies de détection",
         "transferencia de tecnologías de detección"),
        ("licensing of laboratory methods", "octroi de licences pour des méthodes de laboratoire",
         "concesión de licencias de métodos de laboratorio"),
    ),
    "i": (
        ("detection of living modified organisms",
         "détection des organismes vivants modifiés",
         "detección de organismos vivos modificados"),
        ("PCR testing for LMO identification", "analyses PCR pour l'identification des OVM",
         "pruebas PCR para la identificación de OVM"),
        ("sampling at border posts", "échantillonnage aux postes frontières",
         "muestreo en los puestos fronterizos"),
    ),
    "j": (
        ("socio-economic impact studies", "études d'impact socio-économique",
         "estudios de impacto socioeconómico"),
        ("assessment of impacts on smallholder farmers",
         "évaluation des effets sur les petits exploitants",
         "evaluación de los efectos en los pequeños agricultores"),
    ),
    "k": (
        ("documentation of shipments under Article 18",
         "documentation des expéditions au titre de l'article 18",
         "documentación de los envíos en virtud del artículo 18"),
        ("labelling of LMO shipments", "étiquetage des expéditions d'OVM",
         "etiquetado de los envíos de OVM"),
    ),
    "l": (
        ("rules for confidential business information",
         "règles sur les informations commerciales confidentielles",
         "normas sobre la información comercial confidencial"),
    ),
    "m": (
        ("response to illegal transboundary movements",
         "réponse aux mouvements transfrontières illicites",
         "respuesta a los movimientos transfronterizos ilícitos"),
        ("emergency measures for unintentional releases",
         "mesures d'urgence en cas de disséminations involontaires",
         "medidas de emergencia ante liberaciones involuntarias"),
    ),
    "n": (
        ("research on gene flow", "recherche sur le flux de gènes",
         "investigación sobre el flujo de genes"),
        ("research on effects on non-target organisms",
         "recherche sur les effets sur les organismes non ciblés",
         "investigación sobre los efectos en organismos no objetivo"),
    ),
    "o": (
        ("assessment of risks to human health", "évaluation des risques pour la santé humaine",
         "evaluación de los riesgos para la salud humana"),
        ("food safety assessment", "évaluation de la sécurité sanitaire des aliments",
         "evaluación de la inocuidad de los alimentos"),
    ),
})

TARGETS: tuple[Phrase, ...] = (
    ("customs officers", "les agents des douanes", "los funcionarios de aduanas"),
    ("laboratory staff", "le personnel de laboratoire", "el personal de laboratorio"),
    ("regulators", "les autorités de réglementation", "las autoridades reguladoras"),
    ("members of parliament", "les parlementaires", "los parlamentarios"),
    ("farmers' organisations", "les organisations paysannes",
     "las organizaciones de agricultores"),
    ("journalists", "les journalistes", "los periodistas"),
    ("university researchers", "les chercheurs universitaires",
     "los investigadores universitarios"),
    ("plant health inspectors", "les inspecteurs phytosanitaires",
     "los inspectores fitosanitarios"),
    ("the national focal point", "le correspondant national", "el punto focal nacional"),
    ("civil society", "la société civile", "la sociedad civil"),
    ("extension workers", "les agents de vulgarisation", "los extensionistas"),
    ("seed inspectors", "les inspecteurs des semences", "los inspectores de semillas"),
)

APPROACHES: tuple[Phrase, ...] = (
    ("Activities include national workshops and a training of trainers programme.",
     "Les activités comprennent des ateliers nationaux et un programme de formation de "
     "formateurs.",
     "Las actividades incluyen talleres nacionales y un programa de formación de formadores."),
    ("Equipment will be procured for the national reference laboratory.",
     "Du matériel sera acheté pour le laboratoire national de référence.",
     "Se adquirirá equipo para el laboratorio nacional de referencia."),
    ("Results will be shared through the Biosafety Clearing-House.",
     "Les résultats seront partagés par le Centre d'échange.",
     "Los resultados se compartirán a través del Centro de Intercambio."),
    ("An expert from the roster will provide technical backstopping.",
     "Un expert du fichier apportera un appui technique.",
     "Un experto de la lista prestará apoyo técnico."),
    ("The project builds on earlier support from the Global Environment Facility.",
     "Le projet s'appuie sur un soutien antérieur du Fonds pour l'environnement mondial.",
     "El proyecto se basa en el apoyo anterior del Fondo para el Medio Ambiente Mundial."),
    ("A national steering committee oversees the work.",
     "Un comité de pilotage national supervise les travaux.",
     "Un comité directivo nacional supervisa el trabajo."),
    ("Study tours to a regional centre of excellence are planned.",
     "Des voyages d'étude vers un centre régional d'excellence sont prévus.",
     "Se prevén viajes de estudio a un centro regional de excelencia."),
    ("Guidance documents will be translated into local languages.",
     "Des documents d'orientation seront traduits dans les langues locales.",
     "Se traducirán documentos de orientación a los idiomas locales."),
    ("E-learning modules complement the classroom sessions.",
     "Des modules d'apprentissage en ligne complètent les sessions en salle.",
     "Módulos de aprendizaje en línea complementan las sesiones presenciales."),
    ("Women make up at least half of the participants.",
     "Les femmes représentent au moins la moitié des participants.",
     "Las mujeres representan al menos la mitad de los participantes."),
)

CROPS: tuple[Phrase, ...] = (
    ("maize", "maïs", "maíz"), ("cotton", "coton", "algodón"), ("cassava", "manioc", "yuca"),
    ("rice", "riz", "arroz"), ("soybean", "soja", "soya"), ("banana", "banane", "banano"),
    ("cowpea", "niébé", "caupí"), ("potato", "pomme de terre", "papa"),
    ("sorghum", "sorgho", "sorgo"), ("eggplant", "aubergine", "berenjena"),
    ("wheat", "blé", "trigo"), ("papaya", "papaye", "papaya"),
)

PARTNERS: tuple[str, ...] = (
    "National Agricultural Research Institute", "University of Agriculture",
    "Ministry of Environment", "Plant Protection Directorate", "National Standards Bureau",
    "Customs Authority", "Food Safety Agency", "National Biosafety Committee",
    "Academy of Sciences", "Institute of Biotechnology",
)

#: Description frames: {a1} {a2} activities, {target}, {crop}, {place}, {partner}, {count},
#: {approach}.
FRAMES: tuple[Phrase, ...] = (
    ("Support for {a1} and {a2} in {place}, for {target}, with a focus on {crop}. "
     "Implemented with the {partner}; about {count} participants. {approach}",
     "Appui à {a1} et à {a2} ({place}), pour {target}, en particulier pour le {crop}. "
     "Mis en œuvre avec le {partner} ; environ {count} participants. {approach}",
     "Apoyo a {a1} y a {a2} en {place}, para {target}, con énfasis en el {crop}. "
     "Ejecutado con el {partner}; unos {count} participantes. {approach}"),
    ("The project strengthens {a1} in {place}. It also covers {a2} for {target} and "
     "{crop}. Partner: {partner}. {approach} Expected participants: {count}.",
     "Le projet renforce {a1} ({place}). Il couvre aussi {a2} pour {target} et le {crop}. "
     "Partenaire : {partner}. {approach} Participants attendus : {count}.",
     "El proyecto fortalece {a1} en {place}. También abarca {a2} para {target} y el "
     "{crop}. Socio: {partner}. {approach} Participantes previstos: {count}."),
    ("{approach} In {place}, the work addresses {a1} and {a2}, reaching {count} of "
     "{target} through the {partner}; pilot crop: {crop}.",
     "{approach} En {place}, le travail porte sur {a1} et {a2}, et touche {count} "
     "personnes parmi {target} grâce au {partner} ; culture pilote : {crop}.",
     "{approach} En {place}, el trabajo aborda {a1} y {a2}, y llega a {count} personas "
     "entre {target} mediante el {partner}; cultivo piloto: {crop}."),
)

TITLE_FRAMES: tuple[Phrase, ...] = (
    ("{A1} in {place}", "{A1} ({place})", "{A1} en {place}"),
    ("{A1} and {a2}: {place}", "{A1} et {a2} : {place}", "{A1} y {a2}: {place}"),
    ("{place}: {a1} for {target}", "{place} : {a1} pour {target}",
     "{place}: {a1} para {target}"),
)

#: Need descriptions: {a1}, {target}, {place}, {crop}, {partner}, {count}, {approach}.
NEED_FRAMES: tuple[Phrase, ...] = (
    ("{place} needs support for {a1}, in particular for {target} working on {crop}. "
     "Lead institution: {partner}; about {count} people concerned. {approach}",
     "{place} a besoin d'un appui pour {a1}, en particulier pour {target} travaillant sur "
     "le {crop}. Institution chef de file : {partner} ; environ {count} personnes concernées. "
     "{approach}",
     "{place} necesita apoyo para {a1}, en particular para {target} que trabajan con el "
     "{crop}. Institución principal: {partner}; unas {count} personas afectadas. {approach}"),
    ("Priority for {place}: {a1}. Gaps remain for {target} ({count} people); crop concerned: "
     "{crop}. The {partner} would host the work. {approach}",
     "Priorité pour {place} : {a1}. Des lacunes subsistent pour {target} ({count} personnes) ; "
     "culture concernée : {crop}. Le {partner} accueillerait les travaux. {approach}",
     "Prioridad para {place}: {a1}. Persisten carencias para {target} ({count} personas); "
     "cultivo afectado: {crop}. El {partner} acogería el trabajo. {approach}"),
    ("{approach} {place} asks for help with {a1}. The {partner} has {count} staff among "
     "{target} to involve, mostly on {crop}.",
     "{approach} {place} demande de l'aide pour {a1}. Le {partner} compte {count} agents "
     "parmi {target} à associer, surtout pour le {crop}.",
     "{approach} {place} solicita ayuda para {a1}. El {partner} cuenta con {count} agentes "
     "entre {target} que participarán, sobre todo en el {crop}."),
)

LESSONS: tuple[str, ...] = (
    "Joint planning with other donors avoided duplicated workshops.",
    "Training was more effective when laboratory equipment arrived first.",
    "Regional meetings helped countries share detection protocols.",
    "Staff turnover in the competent authority slowed the work; train more than one person.",
    "Involving customs early made border sampling possible.",
    "Translation of guidance into local languages increased public participation.",
)

#: Same-language rewording used for planted duplicate records.
SYNONYMS: MappingProxyType[str, tuple[tuple[str, str], ...]] = MappingProxyType({
    "en": (("Support for", "Assistance to"), ("strengthens", "reinforces"),
           ("also covers", "additionally includes"), ("about", "around"),
           ("Implemented with", "Carried out together with"), ("with a focus on", "focusing on"),
           ("Expected participants", "Planned number of participants")),
    "fr": (("Appui à", "Soutien à"), ("renforce", "consolide"),
           ("couvre aussi", "inclut également"),
           ("environ", "près de"), ("Mis en œuvre avec", "Réalisé avec"),
           ("en particulier pour", "notamment pour")),
    "es": (("Apoyo a", "Asistencia a"), ("fortalece", "refuerza"),
           ("También abarca", "Además incluye"), ("unos", "alrededor de"),
           ("Ejecutado con", "Realizado junto con"), ("con énfasis en", "centrado en")),
})
