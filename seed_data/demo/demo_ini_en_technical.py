"""English texts of the technical initiative archetypes: laboratories, training, borders, science.

Same placeholders as demo_ini_en.
"""
from __future__ import annotations

__all__ = ["TECHNICAL_EN"]

TECHNICAL_EN: dict[str, dict[str, list[str]]] = {
    "lab_national": {
        "titles": [
            "Strengthening the national LMO detection laboratory {where}",
            "Equipping and accrediting a reference laboratory for GMO detection {where}",
            "Capacity for the detection and identification of LMOs {where}",
        ],
        "intro": [
            "The project equips the national reference laboratory {where} to detect and identify "
            "LMOs in grain, seed and food samples.",
            "Inspection bodies {where} cannot confirm whether imported {crop} contains "
            "unauthorised LMOs; this initiative builds the laboratory capacity to do so.",
        ],
        "acts": [
            "Real-time PCR equipment, a DNA extraction line and certified reference materials are "
            "procured and installed.",
            "The project trains {n} laboratory analysts on qualitative screening (35S promoter, "
            "NOS terminator) and on event-specific quantification methods.",
            "The laboratory prepares for ISO/IEC 17025 accreditation and joins an international "
            "proficiency-testing scheme.",
            "Sampling plans for {crop} and {crop2} at the main entry points are agreed with the "
            "plant protection and customs services.",
            "A laboratory information management system is introduced to keep the chain of "
            "custody of official samples.",
        ],
        "close": [
            "The laboratory will serve the competent authority, customs and the seed certification "
            "service.",
            "Results of official controls will be published through the national BCH node.",
        ],
        "lessons": [
            "Reagents and service contracts, not equipment, were the bottleneck; a recurrent "
            "budget line for consumables should be secured before procurement.",
            "Accreditation took two years longer than planned; proficiency testing in the first "
            "year revealed the weak points early.",
            "The laboratory's usefulness depended on a sampling plan agreed with customs; without "
            "it few official samples arrived.",
        ],
    },
    "lab_network": {
        "titles": [
            "Regional network of LMO detection laboratories {where_t}",
            "Harmonised LMO detection and laboratory cooperation {where_t}",
        ],
        "intro": [
            "The project links the detection laboratories of {k} countries ({c}) into a regional "
            "network that shares methods, reference materials and proficiency tests.",
            "A regional approach to LMO detection lets {c} pool scarce laboratory capacity "
            "instead of equipping every laboratory for every method.",
        ],
        "acts": [
            "One laboratory in the network is upgraded as the regional reference laboratory and "
            "runs confirmatory event-specific analyses for the others.",
            "Common standard operating procedures for sampling and screening of {crop} are "
            "validated through an inter-laboratory ring trial.",
            "Analysts from each laboratory spend four to six weeks on exchange at the reference "
            "laboratory.",
            "A shared database of detection results and methods is set up and linked to the BCH.",
            "Bulk procurement of primers, probes and reference materials lowers costs for all "
            "members.",
        ],
        "close": [
            "A memorandum of understanding among the competent authorities governs the use of the "
            "reference laboratory.",
        ],
        "lessons": [
            "Shipping official samples across borders required phytosanitary and customs "
            "arrangements that took a year to negotiate.",
            "The ring trial showed large differences between laboratories and justified the "
            "exchange programme.",
        ],
    },
    "ra_training": {
        "titles": [
            "Risk assessment of LMOs: training course {where_t}",
            "Hands-on training in the risk assessment of living modified organisms {where_t}",
            "Building risk assessment expertise for biosafety regulators {where_t}",
        ],
        "intro": [
            "The course trains regulators and members of scientific advisory committees {where} to "
            "carry out and review risk assessments following Annex III of the Protocol.",
            "This initiative builds a pool of national experts able to review risk assessment "
            "dossiers for {crop} and other crops submitted {where}.",
        ],
        "acts": [
            "Participants work through a real dossier step by step, using the Guidance on Risk "
            "Assessment of Living Modified Organisms.",
            "A two-week residential course for {n} participants is followed by six months of "
            "online mentoring.",
            "Case studies cover insect-resistant and herbicide-tolerant crops, with a session on "
            "LMOs with stacked genes.",
            "A module on problem formulation and the choice of comparators is delivered with the "
            "national research institutes.",
            "Participants draft a review of a pending application as their final assignment.",
        ],
        "close": [
            "Graduates are invited to join the roster of biosafety experts.",
            "Course materials are made available on the BCH for reuse.",
        ],
        "lessons": [
            "Mentoring after the course mattered more than the course itself: those who reviewed "
            "a real dossier with a mentor kept using the skills.",
            "Mixing regulators and researchers in one course improved mutual understanding of "
            "what data a review needs.",
        ],
    },
    "border": {
        "titles": [
            "Controlling transboundary movements of LMOs at the border {where_t}",
            "Training customs and phytosanitary inspectors on LMO shipments {where_t}",
            "Preventing and responding to illegal transboundary movements of LMOs {where_t}",
        ],
        "intro": [
            "The initiative builds the capacity of customs, plant protection and port health "
            "services {where} to control shipments that may contain LMOs.",
            "Unintentional and illegal transboundary movements of LMOs are hard to detect without "
            "trained inspectors; this project addresses the border control chain {where}.",
        ],
        "acts": [
            "The project trains {n} customs and phytosanitary inspectors on documentation checks, "
            "sampling and the use of rapid strip tests at {port}.",
            "Risk profiles for high-risk consignments of {crop} are loaded into the customs "
            "risk-management system.",
            "An emergency response procedure under Article 17 is drafted and tested in a "
            "simulation exercise.",
            "Sampling kits and strip tests are supplied to the main border posts and the "
            "international airport.",
            "A memorandum of understanding between customs and the competent authority defines "
            "who samples, who tests and who decides.",
        ],
        "close": [
            "The training is integrated into the customs academy's curriculum so that it "
            "continues after the project.",
        ],
        "lessons": [
            "Inspectors trained without access to strip tests did not apply the procedures; "
            "equipment and training must arrive together.",
            "The simulation exercise exposed unclear lines of responsibility that no workshop had "
            "revealed.",
        ],
    },
    "documentation": {
        "titles": [
            "Implementing the documentation requirements of Article 18.2 {where_t}",
            "Identification and documentation of LMO shipments under Article 18.2 {where_t}",
        ],
        "intro": [
            "The initiative helps exporters, importers and authorities {where} apply the "
            "documentation requirements of Article 18.2 of the Protocol.",
            "Commercial shipments of {crop} commodities {where} often lack the statement "
            "'may contain LMOs'; this project works with traders and authorities to fix that.",
        ],
        "acts": [
            "Model wording for commercial invoices and accompanying documents is agreed with the "
            "grain traders' association.",
            "Customs brokers and shipping agents are trained on what the documents must state.",
            "Documentation checks are added to the import control checklist at {port}.",
            "A guide on the documentation requirements is published and uploaded to the BCH.",
        ],
        "close": [
            "Compliance with the documentation requirements is reviewed on a sample of shipments "
            "before and after the training.",
        ],
        "lessons": [
            "Traders adopted the model wording quickly once the customs checklist referred to it.",
        ],
    },
    "monitoring": {
        "titles": [
            "Post-release monitoring and risk management of LMOs {where}",
            "Environmental monitoring system for approved LMOs {where}",
        ],
        "intro": [
            "The project sets up the monitoring and risk management capacity that {cna} needs "
            "once LMOs are approved for cultivation {where}.",
            "Following the approval of {crop} varieties, the initiative builds the system to "
            "monitor their effects on the environment and on non-target organisms.",
        ],
        "acts": [
            "A general surveillance plan is designed with extension services and farmer "
            "organisations.",
            "Case-specific monitoring of insect resistance is set up with refuge compliance "
            "checks on {n} farms.",
            "Inspectors are trained to check permit conditions during confined field trials.",
            "Baseline data on non-target insects are collected in the main production areas.",
        ],
        "close": [
            "Monitoring reports are published annually and reviewed by the national biosafety "
            "committee.",
        ],
        "lessons": [
            "Farmer-reported observations were the cheapest early warning, provided extension "
            "officers collected them systematically.",
        ],
    },
    "research": {
        "titles": [
            "Biosafety research on {crop}: environmental effects and gene flow {where_t}",
            "Research grants for biosafety science {where_t}",
        ],
        "intro": [
            "The initiative funds research on the biosafety of LMOs {where}, so that risk "
            "assessments can rely on local data.",
            "Researchers {where} study gene flow from {crop} to landraces and wild relatives and "
            "effects on non-target organisms.",
        ],
        "acts": [
            "Competitive grants of up to two years are awarded to national research teams.",
            "Field studies on pollen-mediated gene flow are carried out over two seasons.",
            "PhD students are co-supervised with a partner university abroad.",
            "Results are presented to the national biosafety committee and published in open "
            "access.",
        ],
        "close": [
            "The research agenda was set jointly with the competent authority to answer questions "
            "raised in past risk assessments.",
        ],
        "lessons": [
            "Research questions set with the regulator produced data that were actually used in "
            "decisions.",
        ],
    },
    "health": {
        "titles": [
            "Taking human health into account in LMO risk assessment {where}",
            "Food safety and human health aspects of LMOs {where}",
        ],
        "intro": [
            "The initiative strengthens the capacity of the health and food safety authorities "
            "{where} to assess risks of LMOs to human health.",
        ],
        "acts": [
            "Food safety assessors are trained on allergenicity and toxicity assessment following "
            "Codex Alimentarius guidelines.",
            "The ministry of health designates a focal point to the national biosafety committee.",
            "A procedure for consulting the food safety authority on every application is "
            "adopted.",
        ],
        "close": [
            "The work is coordinated with the national Codex contact point.",
        ],
        "lessons": [
            "Health experts engaged once the procedure gave them a defined role and time line.",
        ],
    },
}
