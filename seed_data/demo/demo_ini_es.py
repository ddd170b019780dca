"""Textos en español de los arquetipos de iniciativas (mismas claves y marcadores que demo_ini_en).

Marcadores: {c} país o lista de países, {where} «en Guatemala» / «en Guatemala, Honduras y Costa
Rica», {where_t} lugar para un título, {of} «de Guatemala», {cna} la autoridad competente,
{crop}, {crop2}, {port}, {n}, {k}, {partner}.
"""
from __future__ import annotations

__all__ = ["TEXTS_ES"]

TEXTS_ES: dict[str, dict[str, list[str]]] = {
    "nbf_impl": {
        "titles": [
            "Implementación del Marco Nacional de Bioseguridad {of}",
            "Apoyo a la puesta en marcha del Marco Nacional de Bioseguridad {where}",
        ],
        "intro": [
            "El proyecto apoya la puesta en funcionamiento del marco nacional de bioseguridad "
            "{of}, conforme a las obligaciones del Protocolo de Cartagena sobre Seguridad de la "
            "Biotecnología.",
        ],
        "acts": [
            "Se elaboran los reglamentos y guías para tramitar solicitudes de uso confinado, "
            "ensayos de campo e importación de OVM para uso directo como alimento humano o animal "
            "o para procesamiento.",
            "Se diseña un procedimiento único de notificación, con plazos, formularios y un "
            "registro de decisiones a cargo de {cna}.",
            "El personal de la autoridad nacional competente y los miembros del comité técnico de "
            "bioseguridad se capacitan en la revisión de expedientes y la toma de decisiones.",
            "Se establecen mecanismos de acceso a la información y de participación pública, "
            "incluido un periodo de consulta de treinta días para cada solicitud.",
            "Se crea el nodo nacional del Centro de Intercambio de Información sobre Seguridad de "
            "la Biotecnología (BCH) y se publican en él las primeras decisiones.",
        ],
        "close": [
            "La ejecución está a cargo de {cna}, con un comité directivo integrado por los "
            "ministerios de Ambiente, Agricultura, Salud y Comercio.",
        ],
        "lessons": [
            "Los reglamentos se aprobaron solo cuando el ministerio de Comercio se incorporó al "
            "comité directivo; haberlo invitado desde el taller de arranque habría ahorrado un "
            "año.",
        ],
    },
    "law_review": {
        "titles": [
            "Revisión de la ley de bioseguridad y su reglamento {where}",
            "Armonización de la legislación nacional de bioseguridad con el Protocolo de "
            "Cartagena {where}",
        ],
        "intro": [
            "La iniciativa brinda asesoría jurídica y técnica a {cna} para revisar la legislación "
            "de bioseguridad vigente desde hace más de una década.",
        ],
        "acts": [
            "Se realiza un análisis de brechas frente al Protocolo de Cartagena y al Protocolo "
            "Suplementario de Nagoya-Kuala Lumpur sobre Responsabilidad y Compensación.",
            "Se redactan enmiendas sobre participación pública, responsabilidad y compensación, y "
            "manejo de información confidencial.",
            "Se realizan tres rondas de consulta con el sector privado, organizaciones de "
            "productores y asociaciones de consumidores.",
            "Se informa a los legisladores de las comisiones de agricultura y ambiente sobre las "
            "opciones propuestas.",
        ],
        "close": [
            "Se espera presentar los proyectos normativos al Congreso antes del cierre del "
            "proyecto.",
        ],
        "lessons": [
            "Consultar temprano a la asesoría jurídica de la Presidencia evitó una segunda ronda "
            "de redacción.",
        ],
    },
    "bch": {
        "titles": [
            "Fortalecimiento de la participación efectiva en el Centro de Intercambio de "
            "Información sobre Seguridad de la Biotecnología {where_t}",
            "Proyecto regional BCH: nodos nacionales e intercambio de información {where_t}",
        ],
        "intro": [
            "El proyecto ayuda a {k} países ({c}) a publicar en el BCH información completa y "
            "actualizada, como exige el artículo 20 del Protocolo.",
        ],
        "acts": [
            "Los equipos nacionales del BCH se capacitan en talleres regionales para registrar "
            "leyes, decisiones y evaluaciones de riesgo.",
            "Cada país recibe una pequeña donación para equipo informático y conexión a internet "
            "de la oficina que aloja el nodo nacional.",
            "Se forman dos capacitadores nacionales por país, que a su vez capacitan a aduanas, "
            "institutos de investigación y periodistas.",
            "Una mesa de ayuda responde en español e inglés y da seguimiento a los registros "
            "incompletos.",
        ],
        "close": [
            "El número de registros nacionales publicados y su integridad son los indicadores "
            "principales.",
        ],
        "lessons": [
            "Los países donde el punto focal del BCH estaba en la autoridad competente mantuvieron "
            "sus registros al día.",
        ],
    },
    "lab_national": {
        "titles": [
            "Fortalecimiento del laboratorio nacional de detección de OVM {where}",
            "Equipamiento y acreditación de un laboratorio de referencia para la detección de OGM "
            "{where}",
        ],
        "intro": [
            "El proyecto equipa al laboratorio nacional de referencia {where} para detectar e "
            "identificar OVM en muestras de grano, semilla y alimentos.",
            "Los servicios de inspección {where} no pueden confirmar si las importaciones de "
            "{crop} contienen OVM no autorizados; la iniciativa crea esa capacidad.",
        ],
        "acts": [
            "Se adquieren e instalan un equipo de PCR en tiempo real, una línea de extracción de "
            "ADN y materiales de referencia certificados.",
            "Se capacita a {n} analistas en tamizaje (promotor 35S, terminador NOS) y en métodos "
            "de cuantificación específicos de evento.",
            "El laboratorio se prepara para la acreditación ISO/IEC 17025 y participa en ensayos "
            "de aptitud internacionales.",
            "Se acuerdan planes de muestreo de {crop} en los principales puntos de ingreso con "
            "los servicios de sanidad vegetal y aduanas.",
        ],
        "close": [
            "El laboratorio prestará servicios a la autoridad competente, a aduanas y al servicio "
            "de certificación de semillas.",
        ],
        "lessons": [
            "Los reactivos y los contratos de mantenimiento, más que el equipo, fueron el cuello "
            "de botella; se necesita una partida presupuestaria recurrente para insumos.",
        ],
    },
    "lab_network": {
        "titles": [
            "Red regional de laboratorios de detección de OVM {where_t}",
        ],
        "intro": [
            "El proyecto vincula los laboratorios de detección de {k} países ({c}) en una red "
            "regional que comparte métodos, materiales de referencia y ensayos de aptitud.",
        ],
        "acts": [
            "Un laboratorio de la red se fortalece como laboratorio regional de referencia y "
            "realiza los análisis confirmatorios para los demás.",
            "Se validan procedimientos normalizados de muestreo y tamizaje de {crop} mediante un "
            "ensayo interlaboratorio.",
            "Los analistas de cada laboratorio realizan pasantías de cuatro a seis semanas en el "
            "laboratorio de referencia.",
            "Las compras conjuntas de cebadores, sondas y materiales de referencia reducen los "
            "costos.",
        ],
        "close": [
            "Un memorando de entendimiento entre las autoridades competentes regula el uso del "
            "laboratorio de referencia.",
        ],
        "lessons": [
            "El envío de muestras oficiales entre países exigió acuerdos fitosanitarios y "
            "aduaneros que tomaron un año.",
        ],
    },
    "ra_training": {
        "titles": [
            "Curso de evaluación de riesgo de organismos vivos modificados {where_t}",
            "Fortalecimiento de capacidades en evaluación de riesgo de OVM {where_t}",
        ],
        "intro": [
            "El curso capacita a reguladores y miembros de comités científicos {where} para "
            "realizar y revisar evaluaciones de riesgo según el anexo III del Protocolo.",
        ],
        "acts": [
            "Los participantes analizan paso a paso un expediente real con la Orientación sobre "
            "la evaluación del riesgo de los organismos vivos modificados.",
            "Un curso presencial de dos semanas reúne a {n} participantes, seguido de seis meses "
            "de tutoría en línea.",
            "Los estudios de caso abarcan cultivos resistentes a insectos y tolerantes a "
            "herbicidas, incluido el {crop}.",
            "Como trabajo final, cada participante redacta la revisión de una solicitud en "
            "trámite.",
        ],
        "close": [
            "Los egresados son invitados a integrar la lista de expertos en seguridad de la "
            "biotecnología.",
        ],
        "lessons": [
            "La tutoría posterior al curso fue más determinante que el curso mismo.",
        ],
    },
    "awareness": {
        "titles": [
            "Concienciación y participación pública en bioseguridad {where}",
            "Información y participación ciudadana en las decisiones sobre OVM {where}",
        ],
        "intro": [
            "La iniciativa aplica el artículo 23 del Protocolo {where}: concienciación, educación "
            "y participación del público en las decisiones sobre OVM.",
        ],
        "acts": [
            "Programas de radio en idiomas locales explican cómo se toman las decisiones y cómo "
            "puede opinar el público.",
            "Periodistas asisten a un taller sobre cobertura equilibrada de biotecnología y "
            "bioseguridad.",
            "Legisladores y altos funcionarios reciben una sesión informativa sobre las "
            "obligaciones del país.",
            "Se realizan audiencias públicas sobre dos solicitudes en trámite, con resúmenes en "
            "lenguaje sencillo.",
        ],
        "close": [
            "Una encuesta de seguimiento mide el cambio en la concienciación pública.",
        ],
        "lessons": [
            "Las radios comunitarias llegaron a mucha más población rural que los folletos, a "
            "menor costo.",
        ],
    },
    "socio_econ": {
        "titles": [
            "Consideraciones socioeconómicas en la toma de decisiones sobre OVM {where_t}",
            "Evaluación de los impactos socioeconómicos de los OVM en la agricultura familiar "
            "{where_t}",
        ],
        "intro": [
            "La iniciativa ayuda a {c} a definir cómo se incorporan las consideraciones "
            "socioeconómicas del artículo 26 del Protocolo en las decisiones nacionales.",
            "Se estudian los posibles efectos socioeconómicos de variedades de {crop} sobre la "
            "agricultura familiar y las comunidades indígenas y locales {where}.",
        ],
        "acts": [
            "Se redacta una metodología de evaluación socioeconómica y se prueba en una solicitud "
            "en trámite.",
            "Encuestas a hogares rurales documentan los sistemas de semillas y el papel de las "
            "mujeres en su conservación.",
            "Un taller con múltiples actores acuerda qué consideraciones son pertinentes y cómo "
            "se ponderan.",
            "La guía sobre consideraciones socioeconómicas se traduce y adapta al contexto "
            "nacional.",
        ],
        "close": [
            "Las recomendaciones se presentan a {cna} para su inclusión en el reglamento.",
        ],
        "lessons": [
            "Acordar el alcance antes de recolectar datos evitó encuestas que el regulador no "
            "podía usar.",
        ],
    },
    "border": {
        "titles": [
            "Control de movimientos transfronterizos de OVM en frontera {where_t}",
            "Capacitación de aduanas e inspectores fitosanitarios sobre envíos de OVM {where_t}",
        ],
        "intro": [
            "La iniciativa fortalece a aduanas, sanidad vegetal y sanidad portuaria {where} para "
            "controlar envíos que pueden contener OVM.",
        ],
        "acts": [
            "Se capacita a {n} inspectores en revisión documental, muestreo y uso de tiras "
            "reactivas en {port}.",
            "Se incorporan perfiles de riesgo para cargamentos de {crop} al sistema de gestión de "
            "riesgo aduanero.",
            "Se redacta un procedimiento de emergencia conforme al artículo 17 y se prueba en un "
            "simulacro.",
            "Un convenio entre aduanas y la autoridad competente define quién muestrea, quién "
            "analiza y quién decide.",
        ],
        "close": [
            "La capacitación se integra al programa de la escuela de aduanas.",
        ],
        "lessons": [
            "El simulacro reveló responsabilidades poco claras que ningún taller había detectado.",
        ],
    },
    "documentation": {
        "titles": [
            "Aplicación de los requisitos de documentación del artículo 18.2 {where_t}",
        ],
        "intro": [
            "La iniciativa ayuda a exportadores, importadores y autoridades {where} a aplicar los "
            "requisitos de documentación del artículo 18.2 del Protocolo.",
        ],
        "acts": [
            "Se acuerda con los importadores de granos una redacción modelo para facturas "
            "comerciales.",
            "Agentes aduanales y navieros se capacitan sobre lo que deben declarar los "
            "documentos.",
            "La revisión documental se incorpora a la lista de verificación de importaciones en "
            "{port}.",
        ],
        "close": [
            "Se publica en el BCH una guía sobre los requisitos de documentación.",
        ],
        "lessons": [
            "Los comerciantes adoptaron la redacción modelo en cuanto la lista de verificación "
            "aduanera la exigió.",
        ],
    },
    "monitoring": {
        "titles": [
            "Monitoreo posliberación y gestión de riesgos de OVM {where}",
        ],
        "intro": [
            "El proyecto crea la capacidad de monitoreo y gestión de riesgos que {cna} necesita "
            "una vez autorizados OVM para siembra {where}.",
        ],
        "acts": [
            "Se diseña un plan de vigilancia general con los servicios de extensión y las "
            "organizaciones de productores.",
            "Se establece el monitoreo de resistencia de insectos con verificación de refugios en "
            "{n} fincas.",
            "Se capacita a inspectores para verificar las condiciones de los permisos en ensayos "
            "confinados.",
        ],
        "close": [
            "Los informes de monitoreo se publican cada año y los revisa el comité técnico de "
            "bioseguridad.",
        ],
        "lessons": [
            "Las observaciones de los productores fueron la alerta temprana más barata.",
        ],
    },
    "harmonisation": {
        "titles": [
            "Armonización regional de la normativa de bioseguridad {where_t}",
        ],
        "intro": [
            "El programa apoya a {k} países ({c}) en la adopción de reglas comunes de "
            "bioseguridad y en el intercambio de revisión científica.",
        ],
        "acts": [
            "Se redacta un reglamento regional de bioseguridad y sus guías, validados por los "
            "ministros.",
            "Se crea un comité científico regional que revisa expedientes en nombre de los "
            "países.",
            "Se revisan las leyes nacionales para asegurar su coherencia con el marco regional.",
        ],
        "close": [
            "La secretaría regional aloja la unidad de coordinación.",
        ],
        "lessons": [
            "La revisión regional de expedientes ahorró expertos nacionales escasos.",
        ],
    },
    "southsouth": {
        "titles": [
            "Cooperación Sur-Sur {partner}–{c} en bioseguridad",
        ],
        "intro": [
            "En el marco de un acuerdo de cooperación Sur-Sur, instituciones con experiencia "
            "comparten su práctica en bioseguridad con sus contrapartes {where}.",
        ],
        "acts": [
            "Científicos realizan pasantías en los laboratorios de referencia y la autoridad "
            "competente del país socio.",
            "Expertos del país socio ayudan a redactar procedimientos normalizados de detección y "
            "de revisión de expedientes.",
            "Se organiza una capacitación conjunta sobre evaluación de riesgo de {crop}.",
        ],
        "close": [
            "Un comité mixto revisa la cooperación cada año.",
        ],
        "lessons": [
            "Los especialistas de un país con condiciones similares resultaron más creíbles que "
            "expertos lejanos.",
        ],
    },
}
