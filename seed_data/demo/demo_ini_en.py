"""English texts of the initiative archetypes.

Placeholders: {c} country or list of countries, {where} "in <country/ies>", {where_t} the place for
a title ("in Ghana" / "in West Africa"), {of} "of <country>", {cna} the competent authority,
{crop}, {crop2}, {port}, {n} a head count, {k} number of countries in words, {partner}
the partner country of South-South cooperation.
"""
from __future__ import annotations

from demo_ini_en_technical import TECHNICAL_EN

__all__ = ["TEXTS_EN"]

TEXTS_EN: dict[str, dict[str, list[str]]] = {
    "nbf_impl": {
        "titles": [
            "Implementation of the National Biosafety Framework {of}",
            "Support to the implementation of the National Biosafety Framework {where}",
            "Building a workable and transparent national biosafety system {where}",
        ],
        "intro": [
            "The project helps {c} make its National Biosafety Framework operational, in line "
            "with its obligations under the Cartagena Protocol on Biosafety.",
            "This GEF-financed project supports the move from a draft framework to a functioning "
            "regulatory and administrative biosafety system {where}.",
        ],
        "acts": [
            "Implementing regulations and guidelines are finalised for handling applications for "
            "contained use, confined field trials and imports of LMOs for food, feed or "
            "processing.",
            "A single notification procedure is designed, with time lines, standard forms and a "
            "register of decisions kept by {cna}.",
            "Staff of the competent authority and members of the national biosafety committee are "
            "trained to review dossiers and prepare science-based decisions.",
            "Public access to information and public participation in decision making are "
            "organised, including a 30-day comment period on every application.",
            "A national node of the Biosafety Clearing-House is set up and the first decisions and "
            "risk assessment summaries are published on it.",
            "An inventory of laboratories able to support inspection and monitoring is compiled "
            "and draft inspection procedures are tested with the plant protection service.",
        ],
        "close": [
            "Execution is entrusted to {cna}, under a steering committee that brings together the "
            "ministries of environment, agriculture, health and trade.",
            "Progress is reported to the national coordination mechanism and feeds the national "
            "report under the Protocol.",
        ],
        "lessons": [
            "Regulations were adopted only after the trade and health ministries joined the "
            "steering committee; involving them from the inception workshop would have saved a "
            "year.",
            "Staff turnover in the competent authority eroded the training; a short induction "
            "package for new staff proved more durable than one-off workshops.",
            "Publishing decisions on the BCH from the first application onwards built trust with "
            "civil society and reduced the number of information requests.",
        ],
    },
    "law_review": {
        "titles": [
            "Review of the biosafety law and implementing regulations {where}",
            "Legal support for updating the national biosafety regulations {of}",
            "Aligning national biosafety legislation with the Cartagena Protocol {where}",
        ],
        "intro": [
            "The initiative gives legal and technical support to {cna} to review the biosafety "
            "legislation adopted more than a decade ago.",
            "A gap analysis of the current legislation against the Cartagena Protocol and the "
            "Nagoya-Kuala Lumpur Supplementary Protocol on Liability and Redress starts the work.",
        ],
        "acts": [
            "A legal drafting team prepares amendments on public participation, liability and "
            "redress, and the handling of confidential business information.",
            "Implementing regulations are drafted for transit, contained use and LMOs intended for "
            "direct use as food, feed or processing.",
            "Three consultation rounds are held with the private sector, farmer organisations and "
            "consumer associations before the drafts go to cabinet.",
            "Parliamentarians of the agriculture and environment committees attend a briefing on "
            "the options retained and their budget implications.",
            "Procedures for appeals against biosafety decisions are clarified and a model decision "
            "document is agreed.",
        ],
        "close": [
            "The draft texts are expected to be tabled in parliament before the end of the "
            "project.",
            "The work builds on the earlier national biosafety framework and on comments received "
            "from the Compliance Committee.",
        ],
        "lessons": [
            "Drafting took longer than planned because the texts had to be translated and "
            "validated in two official languages.",
            "Early consultation with the attorney general's office avoided a second drafting "
            "round.",
        ],
    },
    "bch": {
        "titles": [
            "Continued enhancement of capacity for effective participation in the Biosafety "
            "Clearing-House {where_t}",
            "Regional project on Biosafety Clearing-House participation {where_t}",
            "Strengthening national BCH nodes and information sharing {where_t}",
        ],
        "intro": [
            "The project helps {k} countries ({c}) to publish complete and up-to-date information "
            "on the Biosafety Clearing-House, as required by Article 20 of the Protocol.",
            "Building on the first BCH project, this regional initiative targets the national "
            "BCH focal points and the users of the information {where}.",
        ],
        "acts": [
            "National BCH teams are trained in regional workshops to register laws, decisions, "
            "risk assessments and capacity-building records in the central portal.",
            "Each country receives a small grant for computer equipment and internet access for "
            "the office hosting the national BCH node.",
            "A train-the-trainers course prepares two national BCH trainers per country, who then "
            "run sessions for customs, research institutes and journalists.",
            "A help desk answers technical questions in English, French and Spanish and follows "
            "up on incomplete national records.",
            "Countries draft national procedures that say who validates information before it is "
            "published and how often records are reviewed.",
        ],
        "close": [
            "The number of national records published and their completeness are tracked as the "
            "main indicators of success.",
            "The regional partners share materials through the BCH's capacity-building database.",
        ],
        "lessons": [
            "Countries where the BCH focal point sat in the competent authority kept their records "
            "up to date; elsewhere records went stale within a year.",
            "Mentoring by a neighbouring country's trained officer worked better than remote "
            "help-desk support.",
        ],
    },
    "bch_national": {
        "titles": [
            "Upgrading the national BCH node and biosafety information system {of}",
            "National biosafety information system and BCH node {where}",
        ],
        "intro": [
            "The initiative modernises the national biosafety information system {of} and "
            "connects it to the Biosafety Clearing-House.",
            "A national biosafety web portal is built that publishes decisions, applications and "
            "public notices and synchronises records with the BCH.",
        ],
        "acts": [
            "A data manager is recruited in {cna} and trained on the BCH interoperability "
            "features.",
            "Back-log records of decisions since the entry into force of the national law are "
            "digitised and uploaded.",
            "Servers, back-up storage and a reliable internet link are installed in the competent "
            "authority's office.",
            "An online form for public comments on applications is added to the national portal.",
        ],
        "close": [
            "The portal is maintained from the competent authority's own budget after the project "
            "ends.",
        ],
        "lessons": [
            "Hosting the portal on the government data centre solved maintenance but slowed "
            "updates; a clear service agreement is needed from the start.",
        ],
    },
    "awareness": {
        "titles": [
            "Public awareness and participation in biosafety decision making {where}",
            "Informing and involving the public on biosafety {where}",
            "Biosafety awareness campaign for farmers, consumers and decision makers {where}",
        ],
        "intro": [
            "The initiative implements Article 23 of the Protocol {where}: public awareness, "
            "education and participation in decisions on LMOs.",
            "Surveys showed that few farmers and consumers {where} knew that a biosafety law "
            "exists; this campaign addresses that gap.",
        ],
        "acts": [
            "Radio programmes in local languages explain how decisions on LMOs are taken and how "
            "the public can comment.",
            "Journalists attend a workshop on reporting on biotechnology and biosafety with "
            "balance and accuracy.",
            "Members of parliament and senior officials receive a briefing on the country's "
            "obligations under the Protocol.",
            "Teaching materials on biosafety are introduced in secondary schools in two provinces.",
            "Public hearings are organised on two pending applications, with summaries published "
            "in plain language.",
        ],
        "close": [
            "A follow-up survey measures changes in public awareness at the end of the "
            "initiative.",
        ],
        "lessons": [
            "Community radio reached far more rural people than printed leaflets at a fraction of "
            "the cost.",
            "Public hearings drew participants only when held close to the affected communities "
            "and announced two weeks in advance.",
        ],
    },
    "socio_econ": {
        "titles": [
            "Socio-economic considerations in biosafety decision making {where_t}",
            "Assessing the socio-economic impacts of LMOs on smallholder farming {where_t}",
        ],
        "intro": [
            "The initiative helps {c} decide how socio-economic considerations, as allowed by "
            "Article 26 of the Protocol, enter national biosafety decisions.",
            "Studies on the possible socio-economic effects of {crop} varieties on smallholders "
            "and indigenous and local communities are carried out {where}.",
        ],
        "acts": [
            "A methodology for socio-economic assessment is drafted and tested on a pending "
            "application.",
            "Household surveys in farming communities document seed systems, market access and "
            "the role of women in seed saving.",
            "A multi-stakeholder workshop agrees which considerations are relevant and how they "
            "are weighed.",
            "The Guidance on the assessment of socio-economic considerations is translated and "
            "adapted to the national context.",
        ],
        "close": [
            "Recommendations are submitted to {cna} for inclusion in the regulations.",
        ],
        "lessons": [
            "Agreeing on the scope of socio-economic considerations before collecting data avoided "
            "surveys that the regulator could not use.",
        ],
    },
    "cbi": {
        "titles": [
            "Handling confidential business information in biosafety procedures {where}",
        ],
        "intro": [
            "The initiative helps {cna} handle confidential information in applications in line "
            "with Article 21 of the Protocol.",
        ],
        "acts": [
            "Criteria and a procedure for claims of confidentiality are drafted.",
            "Staff are trained to separate confidential annexes from the public summary of a "
            "dossier.",
            "Secure storage and access rules for confidential files are introduced.",
        ],
        "close": [
            "The procedure is published on the national BCH node.",
        ],
        "lessons": [
            "Clear criteria reduced blanket confidentiality claims by applicants.",
        ],
    },
    "mainstream": {
        "titles": [
            "Mainstreaming biosafety into national development planning and budgets {where}",
            "Sustainable financing for the national biosafety system {of}",
        ],
        "intro": [
            "The initiative helps {c} secure lasting funding for its biosafety system by "
            "mainstreaming biosafety into development plans and budgets.",
        ],
        "acts": [
            "A costed national biosafety capacity-building strategy and action plan is prepared.",
            "Options for cost recovery through application fees are analysed.",
            "Biosafety objectives are integrated into the agriculture sector plan and the "
            "national biodiversity strategy and action plan.",
            "A donor round table is held to align external support with the action plan.",
        ],
        "close": [
            "The ministry of finance takes part in the steering committee.",
        ],
        "lessons": [
            "A costed plan made it possible to obtain a dedicated budget line for the first "
            "time.",
        ],
    },
    "harmonisation": {
        "titles": [
            "Regional harmonisation of biosafety regulations {where_t}",
            "Regional biosafety framework and cooperation {where_t}",
        ],
        "intro": [
            "The programme supports {k} countries ({c}) in adopting common rules for biosafety "
            "decisions and in sharing scientific review.",
        ],
        "acts": [
            "A regional biosafety regulation and its implementing guidelines are drafted and "
            "validated by ministers.",
            "A regional scientific committee is set up to review dossiers on behalf of member "
            "states.",
            "National laws are reviewed for consistency with the regional framework.",
            "A regional biosafety website and database are launched.",
        ],
        "close": [
            "The regional secretariat hosts the coordination unit and reports to the council of "
            "ministers.",
        ],
        "lessons": [
            "A common regional dossier review saved scarce national expertise but required "
            "national laws to recognise it.",
        ],
    },
    "southsouth": {
        "titles": [
            "{partner}–{c} South-South cooperation on biosafety",
            "South-South technical cooperation with {partner} on LMO detection and risk "
            "assessment",
        ],
        "intro": [
            "Under a bilateral South-South cooperation agreement, experienced institutions share "
            "their biosafety practice with counterparts {where}.",
        ],
        "acts": [
            "Scientists {where} spend study visits at the reference laboratories and competent "
            "authority of {partner}.",
            "Experts from {partner} help draft standard operating procedures for "
            "detection and for dossier review.",
            "Joint training is organised on risk assessment of {crop}.",
            "Equipment for a detection laboratory is donated and installed.",
        ],
        "close": [
            "The cooperation is reviewed annually by a joint committee of the two countries.",
        ],
        "lessons": [
            "Practitioners from a country with similar conditions were seen as more credible "
            "trainers than distant experts.",
        ],
    },
    "curriculum": {
        "titles": [
            "Biosafety in university curricula {where}",
            "Education and training programme on biosafety {where}",
        ],
        "intro": [
            "The initiative builds long-term human resources for biosafety {where} through "
            "university teaching.",
        ],
        "acts": [
            "A postgraduate module on biosafety and risk assessment is developed with two national "
            "universities.",
            "Lecturers attend a training-of-trainers programme.",
            "Scholarships are awarded to {n} students for master's research on biosafety topics.",
            "An e-learning course for civil servants is launched.",
        ],
        "close": [
            "The universities take over the module in their regular programmes.",
        ],
        "lessons": [
            "Accreditation of the module by the university senate was the step that secured its "
            "future.",
        ],
    },
    **TECHNICAL_EN,
}
