"""English texts of country needs, per component: (title, description) templates.

Placeholders as in demo_ini_en: {c}, {where}, {of}, {cna}, {crop}, {crop2}, {port}, {n}. A third
element, where present, names the framework stages the text fits.
"""
from __future__ import annotations

__all__ = ["NEEDS_EN", "CONFIDENTIAL_EN"]

NEEDS_EN: dict[str, list[tuple[str, ...]]] = {
    "a1": [
        ("Adopt a national biosafety law",
         "A draft biosafety bill prepared under the national biosafety framework has not been "
         "adopted. Legal drafting support and consultations with parliamentary committees are "
         "needed to finalise and table it.", "none drafting"),
        ("Implementing regulations for the biosafety act",
         "The biosafety act is in force but its implementing regulations on contained use, "
         "field trials and imports for food, feed or processing are missing, so applications "
         "cannot be processed.", "adopted operational"),
        ("Update biosafety legislation for liability and redress",
         "Legislation needs to be amended to implement the Nagoya-Kuala Lumpur Supplementary "
         "Protocol on Liability and Redress and to clarify appeal procedures.",
         "adopted operational"),
    ],
    "a2": [
        ("Operational procedures for the competent national authority",
         "{cna_cap} lacks written procedures, forms and time lines for handling notifications. "
         "Support is needed to design them and to train its staff."),
        ("Establish a functioning national biosafety committee",
         "The national biosafety committee exists on paper but has met twice in three years. "
         "Terms of reference, a secretariat and rules for conflicts of interest are needed."),
        ("Strengthen the biosafety secretariat",
         "The biosafety secretariat has two officers for all applications, inspections and BCH "
         "work. Funding for two additional posts for three years and staff training is sought."),
    ],
    "a3": [
        ("Equipment and connectivity for the biosafety office",
         "The competent authority's office has no reliable internet connection or secure "
         "storage for dossiers. Computers, a server and a connectivity contract are needed."),
        ("Upgrade laboratory infrastructure for biosafety testing",
         "Laboratory buildings available for biosafety testing lack containment level 2 "
         "facilities, a stable power supply and cold storage."),
    ],
    "a4": [
        ("Costed biosafety action plan and resource mobilisation",
         "No costed plan exists for biosafety capacity building, which makes it hard to "
         "request a budget line or approach donors. Support is needed to prepare one and "
         "to hold a donor round table."),
        ("Sustainable financing of the biosafety system",
         "The biosafety system depends entirely on project funding. An analysis of fee-based "
         "cost recovery and of options for a national budget line is needed."),
    ],
    "a5": [
        ("Monitoring and compliance system for biosafety decisions",
         "There is no system to check that permit conditions are respected once LMOs are "
         "approved. Inspection procedures and a compliance register are needed."),
        ("Indicators and review of biosafety capacity building",
         "The country cannot tell which capacity-building activities worked. A set of "
         "indicators and a baseline assessment are needed before the next national report."),
    ],
    "b": [
        ("Training of biosafety regulators and inspectors",
         "About {n} officers of the competent authority, plant protection and customs need "
         "practical training on their biosafety tasks; most staff trained under earlier "
         "projects have moved on."),
        ("Training-of-trainers programme in biosafety",
         "A core group of national trainers is needed so that biosafety training can continue "
         "without external experts."),
        ("Postgraduate training in biosafety",
         "The country has no postgraduate course in biosafety. Scholarships for {n} students "
         "and a partnership with a regional university are sought."),
    ],
    "c": [
        ("Risk assessment capacity for LMO applications",
         "Applications for {crop} are expected but the national committee has no member with "
         "practical experience of risk assessment under Annex III. Hands-on training and "
         "mentoring on real dossiers are needed."),
        ("Scientific advisory body for risk assessment",
         "A roster of national scientists able to review risk assessments, with terms of "
         "reference and confidentiality undertakings, needs to be set up."),
        ("Risk assessment of LMOs with stacked traits and new techniques",
         "Regulators need training to assess LMOs with stacked events and organisms produced "
         "by new genomic techniques."),
    ],
    "d": [
        ("Risk management and post-release monitoring plan",
         "If {crop} varieties are approved, the country will need a monitoring plan, refuge "
         "requirements and trained inspectors to manage risks."),
        ("Containment and emergency measures for LMO releases",
         "Procedures for containment, remediation and emergency measures in case of an "
         "accidental release have not been defined."),
    ],
    "e": [
        ("Public awareness and participation in biosafety",
         "Public knowledge of biosafety is low and the public participation procedures of the "
         "law have never been used. A national awareness strategy and pilot public hearings "
         "are needed."),
        ("Biosafety education for decision makers and media",
         "Parliamentarians, senior officials and journalists need accurate information on the "
         "country's obligations under the Protocol and on how decisions are taken."),
    ],
    "f": [
        ("Operational national BCH node",
         "The country's information on the Biosafety Clearing-House is incomplete and out of "
         "date. Training of a national BCH team and a small equipment grant are needed."),
        ("National biosafety database and website",
         "Decisions, applications and public notices are kept on paper. A national database "
         "linked to the BCH would make them accessible to the public."),
    ],
    "g": [
        ("Regional cooperation on biosafety",
         "The country wants to share dossier reviews and laboratory services with neighbouring "
         "countries, which requires a cooperation agreement and joint training."),
        ("Twinning with a more experienced competent authority",
         "A twinning arrangement with an experienced competent authority would let staff learn "
         "by working on real files."),
    ],
    "h": [
        ("Transfer of detection technologies",
         "Access to validated detection methods, reference materials and the know-how to use "
         "them is needed on fair terms."),
        ("Technology transfer for biosafety laboratories",
         "Laboratories need equipment, software and training transferred from partners, "
         "including maintenance capacity."),
    ],
    "i": [
        ("National LMO detection laboratory",
         "The country has no laboratory able to detect LMOs in imported {crop} and seed. "
         "Equipment for real-time PCR, reference materials and training for {n} analysts are "
         "needed."),
        ("Accreditation of the LMO detection laboratory",
         "The detection laboratory runs screening tests but is not accredited, so its results "
         "are challenged by importers. Support towards ISO/IEC 17025 accreditation is needed."),
        ("Rapid LMO screening at points of entry",
         "Inspectors at {port} have no means of screening consignments on the spot. Strip tests, "
         "sampling kits and training are needed."),
    ],
    "j": [
        ("Methodology for socio-economic considerations",
         "The biosafety law allows socio-economic considerations but there is no methodology "
         "to assess them. Studies on smallholder {crop} production and a national guideline are "
         "needed."),
        ("Socio-economic baseline for smallholder agriculture",
         "Baseline data on seed systems, markets and livelihoods are needed before any decision "
         "on the cultivation of LMO {crop}."),
    ],
    "k": [
        ("Implementation of Article 18.2 documentation requirements",
         "Importers and customs do not check whether shipments are documented as required by "
         "Article 18.2. Guidance and training for customs brokers and inspectors are needed."),
        ("Documentation checks for LMO commodity imports",
         "Documentation checks for LMOs need to be added to import procedures at {port}."),
    ],
    "l": [
        ("Procedures for confidential business information",
         "There are no criteria for accepting claims of confidentiality in applications. A "
         "procedure and secure filing are needed."),
    ],
    "m": [
        ("Capacity to detect and respond to illegal transboundary movements",
         "There is no procedure for what happens when an unauthorised LMO shipment is found. "
         "An emergency response plan under Article 17 and training of border staff are needed."),
        ("Border controls for LMO shipments",
         "Customs and plant protection officers at {port} need training and sampling equipment "
         "to control shipments that may contain LMOs."),
    ],
    "n": [
        ("National biosafety research programme",
         "Risk assessments rely on foreign data. A small national research programme on gene "
         "flow and non-target effects in local conditions is needed."),
        ("Research on gene flow to landraces and wild relatives",
         "Research is needed on gene flow from {crop} to landraces and wild relatives in the "
         "main producing areas."),
    ],
    "o": [
        ("Human health aspects in LMO decisions",
         "The health ministry is not consulted systematically on applications. Training on "
         "food safety assessment and a consultation procedure are needed."),
    ],
}

#: Needs that name an ongoing enforcement case or a suspected illegal movement.
CONFIDENTIAL_EN: dict[str, list[tuple[str, str]]] = {
    "m": [
        ("Forensic confirmation of a suspected unauthorised {crop} consignment",
         "In {year} inspectors at {port} held {crop} consignments declared as conventional; "
         "screening was positive for the 35S promoter. Event-specific confirmatory testing "
         "abroad and legal advice are needed to conclude the case. Details are restricted "
         "while the investigation is ongoing."),
        ("Response to suspected illegal planting of LMO seed",
         "Field inspectors reported {crop} plots grown from unregistered seed bought across the "
         "border. Testing of samples, tracing of the seed lots and support to the enforcement "
         "case are needed. The location and the parties are confidential."),
    ],
    "i": [
        ("Confirmatory testing for a pending enforcement case",
         "Samples seized in {year} from an importer of {crop} need event-specific testing by an "
         "accredited laboratory before the case can go to court. Information is restricted."),
    ],
    "l": [
        ("Protection of confidential dossier information after a data leak",
         "Parts of a confidential annex of an application were circulated without "
         "authorisation. Secure document handling, staff training and legal review are needed; "
         "the matter is under internal investigation."),
    ],
}
