"""French and Spanish texts of country needs, per component: (title, description) templates.

Not every component has a French or Spanish text; those needs are written in English.
"""
from __future__ import annotations

__all__ = ["NEEDS_FR", "NEEDS_ES", "CONFIDENTIAL_FR", "CONFIDENTIAL_ES"]

NEEDS_FR: dict[str, list[tuple[str, ...]]] = {
    "a1": [
        ("Adoption de la loi nationale sur la biosécurité",
         "Le projet de loi sur la biosécurité élaboré dans le cadre national de biosécurité "
         "n'est toujours pas adopté. Un appui à la rédaction juridique et des consultations avec "
         "les commissions parlementaires sont nécessaires.", "none drafting"),
        ("Textes d'application de la loi sur la biosécurité",
         "La loi est en vigueur mais les décrets d'application sur l'utilisation confinée, les "
         "essais au champ et les importations manquent, si bien qu'aucune demande ne peut être "
         "instruite.", "adopted operational"),
    ],
    "a2": [
        ("Procédures opérationnelles de l'autorité nationale compétente",
         "L'autorité nationale compétente ne dispose ni de procédures écrites ni de formulaires "
         "pour instruire les notifications. Un appui est nécessaire pour les concevoir et former "
         "le personnel."),
        ("Fonctionnement effectif du comité national de biosécurité",
         "Le comité national de biosécurité existe sur le papier mais ne s'est réuni que deux "
         "fois en trois ans ; il lui faut un secrétariat, un règlement intérieur et des règles "
         "sur les conflits d'intérêts."),
    ],
    "b": [
        ("Formation des agents de réglementation et des inspecteurs",
         "Environ {n} agents de l'autorité compétente, de la protection des végétaux et des "
         "douanes ont besoin d'une formation pratique ; la plupart des agents formés lors des "
         "projets précédents ont changé de poste."),
    ],
    "c": [
        ("Capacités d'évaluation des risques des OVM",
         "Des demandes concernant le {crop} sont attendues, mais aucun membre du comité national "
         "n'a d'expérience pratique de l'évaluation des risques selon l'annexe III. Une formation "
         "pratique et un tutorat sur des dossiers réels sont nécessaires."),
        ("Comité scientifique consultatif pour l'évaluation des risques",
         "Il faut constituer une liste de scientifiques nationaux capables d'examiner les "
         "évaluations des risques, avec un mandat et des engagements de confidentialité."),
    ],
    "e": [
        ("Sensibilisation et participation du public à la biosécurité",
         "Le public connaît mal la biosécurité et les procédures de participation prévues par "
         "la loi n'ont jamais été utilisées. Une stratégie nationale de sensibilisation et des "
         "audiences publiques pilotes sont nécessaires."),
        ("Information des décideurs et des médias sur la biosécurité",
         "Les parlementaires, les hauts fonctionnaires et les journalistes ont besoin d'une "
         "information exacte sur les obligations du pays au titre du Protocole."),
    ],
    "f": [
        ("Nœud national du BCH opérationnel",
         "Les informations du pays sur le Centre d'échange pour la prévention des risques "
         "biotechnologiques sont incomplètes et anciennes. La formation d'une équipe nationale "
         "et une petite dotation en équipement sont nécessaires."),
    ],
    "i": [
        ("Laboratoire national de détection des OVM",
         "Le pays ne dispose d'aucun laboratoire capable de détecter les OVM dans les "
         "importations de {crop} et de semences. Un équipement de PCR en temps réel, des "
         "matériaux de référence et la formation de {n} analystes sont nécessaires."),
        ("Accréditation du laboratoire de détection des OVM",
         "Le laboratoire réalise des tests de criblage mais n'est pas accrédité, et ses "
         "résultats sont contestés par les importateurs. Un appui vers l'accréditation ISO/CEI "
         "17025 est nécessaire."),
    ],
    "j": [
        ("Méthodologie pour les considérations socio-économiques",
         "La loi permet de tenir compte des considérations socio-économiques mais aucune "
         "méthodologie n'existe. Des études sur la production paysanne de {crop} et une ligne "
         "directrice nationale sont nécessaires."),
    ],
    "k": [
        ("Mise en œuvre des exigences de documentation de l'article 18.2",
         "Les importateurs et les douanes ne vérifient pas si les envois sont documentés "
         "conformément à l'article 18.2. Un guide et une formation des commissionnaires en "
         "douane sont nécessaires."),
    ],
    "m": [
        ("Capacité de détection et de réponse aux mouvements transfrontières illicites",
         "Aucune procédure ne prévoit ce qui se passe lorsqu'un envoi d'OVM non autorisé est "
         "découvert. Un plan d'intervention d'urgence au titre de l'article 17 et la formation "
         "des agents aux frontières sont nécessaires."),
    ],
}

NEEDS_ES: dict[str, list[tuple[str, ...]]] = {
    "a1": [
        ("Aprobación de la ley nacional de bioseguridad",
         "El proyecto de ley de bioseguridad preparado en el marco nacional no ha sido aprobado. "
         "Se requiere apoyo en redacción jurídica y consultas con las comisiones legislativas.",
         "none drafting"),
        ("Reglamento de la ley de bioseguridad",
         "La ley está vigente pero falta el reglamento sobre uso confinado, ensayos de campo e "
         "importaciones, por lo que no se pueden tramitar solicitudes.", "adopted operational"),
    ],
    "a2": [
        ("Procedimientos operativos de la autoridad nacional competente",
         "La autoridad nacional competente carece de procedimientos escritos, formularios y "
         "plazos para tramitar notificaciones. Se requiere apoyo para diseñarlos y capacitar "
         "al personal."),
    ],
    "c": [
        ("Capacidad de evaluación de riesgo de OVM",
         "Se esperan solicitudes para {crop}, pero el comité técnico no tiene miembros con "
         "experiencia práctica en evaluación de riesgo según el anexo III. Se requiere "
         "capacitación práctica y tutoría sobre expedientes reales."),
    ],
    "e": [
        ("Concienciación y participación pública en bioseguridad",
         "El conocimiento público sobre bioseguridad es bajo y los procedimientos de "
         "participación previstos en la ley nunca se han usado. Se requiere una estrategia "
         "nacional de comunicación y audiencias públicas piloto."),
    ],
    "f": [
        ("Nodo nacional del BCH operativo",
         "La información del país en el BCH está incompleta y desactualizada. Se requiere "
         "capacitar a un equipo nacional y una pequeña donación de equipo."),
    ],
    "i": [
        ("Laboratorio nacional de detección de OVM",
         "El país no cuenta con un laboratorio capaz de detectar OVM en importaciones de {crop} "
         "y semillas. Se requiere equipo de PCR en tiempo real, materiales de referencia y "
         "capacitación de {n} analistas."),
        ("Acreditación del laboratorio de detección de OVM",
         "El laboratorio realiza pruebas de tamizaje pero no está acreditado, por lo que los "
         "importadores impugnan sus resultados. Se requiere apoyo para la acreditación ISO/IEC "
         "17025."),
    ],
    "j": [
        ("Metodología para consideraciones socioeconómicas",
         "La ley permite considerar aspectos socioeconómicos pero no existe metodología. Se "
         "requieren estudios sobre la producción campesina de {crop} y una guía nacional."),
        ("Línea de base socioeconómica de la agricultura familiar",
         "Antes de cualquier decisión sobre el cultivo de {crop} transgénico se necesitan datos "
         "de base sobre sistemas de semillas, mercados y medios de vida."),
    ],
    "k": [
        ("Aplicación de los requisitos de documentación del artículo 18.2",
         "Importadores y aduanas no verifican si los envíos están documentados según el "
         "artículo 18.2. Se requiere una guía y capacitación para agentes aduanales."),
    ],
    "m": [
        ("Capacidad de respuesta a movimientos transfronterizos ilícitos",
         "No existe un procedimiento para actuar cuando se detecta un envío de OVM no "
         "autorizado. Se requiere un plan de emergencia conforme al artículo 17 y capacitación "
         "del personal de frontera."),
    ],
    "n": [
        ("Investigación sobre flujo de genes hacia variedades nativas y parientes silvestres",
         "Se necesita investigación sobre el flujo de genes desde {crop} transgénico hacia "
         "variedades nativas y parientes silvestres en las principales zonas productoras."),
    ],
}

CONFIDENTIAL_FR: dict[str, list[tuple[str, ...]]] = {
    "m": [
        ("Confirmation d'un envoi suspect de {crop} non autorisé",
         "En {year}, des inspecteurs ont retenu {port} des cargaisons de {crop} déclarées "
         "conventionnelles ; le criblage s'est révélé positif pour le promoteur 35S. Des "
         "analyses de confirmation spécifiques d'événement et un conseil juridique sont "
         "nécessaires pour clore le dossier. Les détails restent confidentiels pendant "
         "l'enquête."),
    ],
}

CONFIDENTIAL_ES: dict[str, list[tuple[str, ...]]] = {
    "m": [
        ("Confirmación de un envío sospechoso de {crop} no autorizado",
         "En {year}, inspectores retuvieron en {port} cargamentos de {crop} declarados como "
         "convencionales; el tamizaje resultó positivo para el promotor 35S. Se requieren "
         "análisis confirmatorios específicos de evento y asesoría jurídica para concluir el "
         "caso. Los detalles son reservados mientras dure la investigación."),
    ],
}
