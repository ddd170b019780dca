"""Countries of the demo data set: M49 placement, groups, working language and local colour.

The M49 areas and the group memberships (LDC, LLDC, SIDS, EIT, centres of origin) agree with the
project's reference data in seed_data/reference (a test checks it). Everything else here -- the
framework stage, the crops, the competent authority's short name, the port -- only colours the
illustrative records.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Place", "PLACES", "AREA_NAMES", "OFFER_ONLY", "place", "in_area"]


@dataclass(frozen=True)
class Place:
    """One country of the demo: codes, groups, language and names in en/fr/es."""

    code: str
    area: str
    region: str
    groups: tuple[str, ...]
    lang: str
    stage: str
    en: str
    fr: str
    fr_in: str
    fr_of: str
    es: str
    crops: tuple[str, ...]
    port: str | None = None
    cna: str | None = None

    @property
    def es_in(self) -> str:
        """The Spanish phrase 'in <country>'."""
        return f"en {self.es}"

    @property
    def es_of(self) -> str:
        """The Spanish phrase 'of <country>'."""
        return f"de {self.es}"

    @property
    def areas(self) -> tuple[str, ...]:
        """M49 codes that contain the country, smallest first (with 202 / 419 where they apply)."""
        middle = {"011": "202", "014": "202", "017": "202", "018": "202",
                  "029": "419", "013": "419", "005": "419"}.get(self.area)
        return tuple(c for c in (self.area, middle, self.region) if c)


def _p(code, area, region, groups, lang, stage, en, fr, crops, port=None, cna=None, es=None):
    """A Place from a compact row; "coo" in ``groups`` stands for centre_of_origin."""
    name, fr_in, fr_of = fr
    named = tuple("centre_of_origin" if g == "coo" else g for g in groups.split())
    return Place(code, area, region, named, lang, stage, en,
                 name, fr_in, fr_of, es or en, tuple(crops.split(",")), port, cna)


_ROWS = [
    # Western Africa (011)
    _p("BEN", "011", "002", "ldc", "fr", "adopted", "Benin", ("Bénin", "au Bénin", "du Bénin"),
       "cotton,maize,cowpea", "Cotonou"),
    _p("BFA", "011", "002", "ldc lldc", "fr", "operational", "Burkina Faso",
       ("Burkina Faso", "au Burkina Faso", "du Burkina Faso"), "cotton,cowpea,sorghum",
       None, "Agence nationale de biosécurité (ANB)"),
    _p("CIV", "011", "002", "", "fr", "drafting", "Côte d'Ivoire",
       ("Côte d'Ivoire", "en Côte d'Ivoire", "de la Côte d'Ivoire"), "maize,cotton,cassava",
       "Abidjan"),
    _p("GHA", "011", "002", "", "en", "operational", "Ghana", ("Ghana", "au Ghana", "du Ghana"),
       "cowpea,cotton,rice", "Tema", "National Biosafety Authority"),
    _p("GIN", "011", "002", "ldc", "fr", "drafting", "Guinea",
       ("Guinée", "en Guinée", "de la Guinée"), "rice,maize,cassava", "Conakry"),
    _p("GNB", "011", "002", "ldc sids", "en", "none", "Guinea-Bissau",
       ("Guinée-Bissau", "en Guinée-Bissau", "de la Guinée-Bissau"), "rice,cashew", "Bissau"),
    _p("MLI", "011", "002", "ldc lldc", "fr", "adopted", "Mali", ("Mali", "au Mali", "du Mali"),
       "cotton,maize,sorghum"),
    _p("NER", "011", "002", "ldc lldc", "fr", "adopted", "Niger", ("Niger", "au Niger", "du Niger"),
       "cowpea,millet,sorghum"),
    _p("NGA", "011", "002", "", "en", "operational", "Nigeria",
       ("Nigéria", "au Nigéria", "du Nigéria"), "cowpea,cotton,maize", "Lagos (Apapa)",
       "National Biosafety Management Agency (NBMA)"),
    _p("SEN", "011", "002", "ldc", "fr", "adopted", "Senegal",
       ("Sénégal", "au Sénégal", "du Sénégal"), "rice,groundnut,maize", "Dakar"),
    _p("SLE", "011", "002", "ldc", "en", "none", "Sierra Leone",
       ("Sierra Leone", "en Sierra Leone", "de la Sierra Leone"), "rice,cassava", "Freetown"),
    _p("TGO", "011", "002", "ldc", "fr", "adopted", "Togo", ("Togo", "au Togo", "du Togo"),
       "maize,cotton,soybean", "Lomé"),
    _p("CPV", "011", "002", "sids", "en", "drafting", "Cabo Verde",
       ("Cabo Verde", "au Cabo Verde", "du Cabo Verde"), "maize,beans", "Praia"),
    # Eastern Africa (014)
    _p("BDI", "014", "002", "ldc lldc", "fr", "drafting", "Burundi",
       ("Burundi", "au Burundi", "du Burundi"), "cassava,banana,beans"),
    _p("COM", "014", "002", "ldc sids", "fr", "none", "Comoros",
       ("Comores", "aux Comores", "des Comores"), "cassava,banana,vanilla", "Moroni"),
    _p("ETH", "014", "002", "ldc lldc centre_of_origin", "en", "operational", "Ethiopia",
       ("Éthiopie", "en Éthiopie", "de l'Éthiopie"), "cotton,maize,teff"),
    _p("KEN", "014", "002", "coo", "en", "operational", "Kenya", ("Kenya", "au Kenya", "du Kenya"),
       "maize,cotton,cassava", "Mombasa", "National Biosafety Authority"),
    _p("MDG", "014", "002", "ldc", "fr", "drafting", "Madagascar",
       ("Madagascar", "à Madagascar", "de Madagascar"), "rice,vanilla,maize", "Toamasina"),
    _p("MOZ", "014", "002", "ldc", "en", "adopted", "Mozambique",
       ("Mozambique", "au Mozambique", "du Mozambique"), "maize,cassava,cotton", "Beira"),
    _p("MUS", "014", "002", "sids", "en", "adopted", "Mauritius",
       ("Maurice", "à Maurice", "de Maurice"), "sugarcane,vegetables", "Port Louis"),
    _p("MWI", "014", "002", "ldc lldc", "en", "operational", "Malawi",
       ("Malawi", "au Malawi", "du Malawi"), "cotton,maize,cassava"),
    _p("RWA", "014", "002", "ldc lldc", "en", "adopted", "Rwanda",
       ("Rwanda", "au Rwanda", "du Rwanda"), "cassava,banana,maize"),
    _p("TZA", "014", "002", "ldc", "en", "adopted", "the United Republic of Tanzania",
       ("Tanzanie", "en Tanzanie", "de la Tanzanie"), "cassava,maize,cotton", "Dar es Salaam"),
    _p("UGA", "014", "002", "ldc lldc", "en", "drafting", "Uganda",
       ("Ouganda", "en Ouganda", "de l'Ouganda"), "banana,cassava,maize"),
    _p("ZMB", "014", "002", "ldc lldc", "en", "adopted", "Zambia",
       ("Zambie", "en Zambie", "de la Zambie"), "maize,cotton"),
    _p("ZWE", "014", "002", "lldc", "en", "adopted", "Zimbabwe",
       ("Zimbabwe", "au Zimbabwe", "du Zimbabwe"), "maize,cotton"),
    # Middle Africa (017)
    _p("CMR", "017", "002", "", "fr", "adopted", "Cameroon",
       ("Cameroun", "au Cameroun", "du Cameroun"), "cotton,maize,cassava", "Douala"),
    _p("COD", "017", "002", "ldc", "fr", "drafting", "the Democratic Republic of the Congo",
       ("République démocratique du Congo", "en République démocratique du Congo",
        "de la République démocratique du Congo"), "cassava,maize", "Matadi"),
    _p("TCD", "017", "002", "ldc lldc", "fr", "none", "Chad", ("Tchad", "au Tchad", "du Tchad"),
       "sorghum,cotton"),
    _p("CAF", "017", "002", "ldc lldc", "fr", "none", "the Central African Republic",
       ("République centrafricaine", "en République centrafricaine",
        "de la République centrafricaine"), "cassava,cotton"),
    # Southern Africa (018)
    _p("BWA", "018", "002", "lldc", "en", "adopted", "Botswana",
       ("Botswana", "au Botswana", "du Botswana"), "maize,sorghum"),
    _p("ZAF", "018", "002", "coo", "en", "operational", "South Africa",
       ("Afrique du Sud", "en Afrique du Sud", "de l'Afrique du Sud"), "maize,soybean,cotton",
       "Durban"),
    # Northern Africa (015)
    _p("EGY", "015", "002", "", "en", "drafting", "Egypt", ("Égypte", "en Égypte", "de l'Égypte"),
       "maize,cotton,wheat", "Alexandria"),
    _p("MAR", "015", "002", "", "fr", "drafting", "Morocco", ("Maroc", "au Maroc", "du Maroc"),
       "wheat,maize", "Casablanca"),
    _p("SDN", "015", "002", "ldc", "en", "adopted", "Sudan", ("Soudan", "au Soudan", "du Soudan"),
       "cotton,sorghum", "Port Sudan"),
    # Southern Asia (034)
    _p("BGD", "034", "142", "ldc", "en", "operational", "Bangladesh", ("Bangladesh",) * 3,
       "eggplant,rice,potato", "Chattogram"),
    _p("LKA", "034", "142", "", "en", "drafting", "Sri Lanka", ("Sri Lanka",) * 3, "rice,maize",
       "Colombo"),
    _p("NPL", "034", "142", "ldc lldc", "en", "drafting", "Nepal", ("Népal",) * 3, "rice,maize"),
    _p("PAK", "034", "142", "coo", "en", "operational", "Pakistan", ("Pakistan",) * 3,
       "cotton,maize", "Karachi"),
    _p("IND", "034", "142", "coo", "en", "operational", "India", ("Inde",) * 3,
       "cotton,eggplant,mustard", "Mumbai (Nhava Sheva)"),
    # South-eastern Asia (035)
    _p("KHM", "035", "142", "ldc", "en", "adopted", "Cambodia", ("Cambodge",) * 3,
       "rice,maize,cassava", "Sihanoukville"),
    _p("IDN", "035", "142", "coo", "en", "operational", "Indonesia", ("Indonésie",) * 3,
       "sugarcane,rice,potato", "Tanjung Priok"),
    _p("LAO", "035", "142", "ldc lldc", "en", "adopted", "the Lao People's Democratic Republic",
       ("Laos",) * 3, "rice,maize"),
    _p("MMR", "035", "142", "coo ldc", "en", "drafting", "Myanmar", ("Myanmar",) * 3, "cotton,rice",
       "Yangon"),
    _p("PHL", "035", "142", "coo", "en", "operational", "the Philippines", ("Philippines",) * 3,
       "rice,eggplant,maize", "Manila"),
    _p("TLS", "035", "142", "ldc sids", "en", "none", "Timor-Leste", ("Timor-Leste",) * 3,
       "rice,maize,coffee", "Dili"),
    _p("VNM", "035", "142", "", "en", "operational", "Viet Nam", ("Viet Nam",) * 3,
       "maize,soybean", "Hai Phong"),
    _p("MYS", "035", "142", "coo", "en", "operational", "Malaysia", ("Malaisie",) * 3,
       "oil palm,rice", "Port Klang"),
    # Eastern Asia (030), Central Asia (143), Western Asia (145)
    _p("MNG", "030", "142", "lldc", "en", "adopted", "Mongolia", ("Mongolie",) * 3,
       "wheat,potato"),
    _p("KAZ", "143", "142", "lldc", "en", "adopted", "Kazakhstan", ("Kazakhstan",) * 3,
       "wheat,soybean"),
    _p("KGZ", "143", "142", "lldc", "en", "drafting", "Kyrgyzstan", ("Kirghizistan",) * 3,
       "wheat,potato"),
    _p("TJK", "143", "142", "coo lldc", "en", "drafting", "Tajikistan", ("Tadjikistan",) * 3,
       "cotton,wheat"),
    _p("ARM", "145", "142", "coo eit lldc", "en", "adopted", "Armenia", ("Arménie",) * 3,
       "wheat,potato"),
    _p("GEO", "145", "142", "coo eit", "en", "drafting", "Georgia", ("Géorgie",) * 3, "maize,wheat",
       "Poti"),
    _p("YEM", "145", "142", "ldc", "en", "none", "Yemen", ("Yémen",) * 3, "sorghum,wheat", "Aden"),
    # Oceania: Melanesia (054), Micronesia (057), Polynesia (061)
    _p("FJI", "054", "009", "sids", "en", "drafting", "Fiji", ("Fidji",) * 3,
       "sugarcane,taro", "Suva"),
    _p("PNG", "054", "009", "sids", "en", "adopted", "Papua New Guinea",
       ("Papouasie-Nouvelle-Guinée",) * 3, "sweet potato,taro", "Lae"),
    _p("SLB", "054", "009", "ldc sids", "en", "none", "Solomon Islands", ("Îles Salomon",) * 3,
       "taro,cassava", "Honiara"),
    _p("VUT", "054", "009", "sids", "en", "drafting", "Vanuatu", ("Vanuatu",) * 3,
       "taro,kava", "Port Vila"),
    _p("KIR", "057", "009", "ldc sids", "en", "none", "Kiribati", ("Kiribati",) * 3,
       "giant swamp taro,coconut", "Betio"),
    _p("FSM", "057", "009", "sids", "en", "none", "the Federated States of Micronesia",
       ("Micronésie",) * 3, "taro,breadfruit", "Pohnpei"),
    _p("NRU", "057", "009", "sids", "en", "none", "Nauru", ("Nauru",) * 3, "vegetables", "Aiwo"),
    _p("WSM", "061", "009", "sids", "en", "drafting", "Samoa", ("Samoa",) * 3, "taro,coconut",
       "Apia"),
    _p("TON", "061", "009", "sids", "en", "drafting", "Tonga", ("Tonga",) * 3, "squash,taro",
       "Nuku'alofa"),
    _p("TUV", "061", "009", "ldc sids", "en", "none", "Tuvalu", ("Tuvalu",) * 3,
       "pulaka,coconut", "Funafuti"),
    # Eastern Europe (151), Southern Europe (039)
    _p("MDA", "151", "150", "eit lldc", "en", "adopted", "the Republic of Moldova",
       ("Moldova",) * 3, "maize,soybean,sunflower"),
    _p("UKR", "151", "150", "eit", "en", "adopted", "Ukraine", ("Ukraine",) * 3,
       "soybean,maize,rapeseed", "Odesa"),
    _p("ALB", "039", "150", "eit", "en", "drafting", "Albania", ("Albanie",) * 3, "maize,wheat",
       "Durrës"),
    _p("MKD", "039", "150", "eit lldc", "en", "adopted", "North Macedonia",
       ("Macédoine du Nord",) * 3, "maize,wheat"),
    _p("MNE", "039", "150", "eit", "en", "drafting", "Montenegro", ("Monténégro",) * 3,
       "potato,maize", "Bar"),
    _p("SRB", "039", "150", "eit", "en", "adopted", "Serbia", ("Serbie",) * 3,
       "soybean,maize", None),
    # Caribbean (029)
    _p("HTI", "029", "019", "ldc sids", "fr", "none", "Haiti", ("Haïti", "en Haïti", "d'Haïti"),
       "maize,rice,beans", "Port-au-Prince", es="Haití"),
    _p("CUB", "029", "019", "sids", "es", "operational", "Cuba", ("Cuba", "à Cuba", "de Cuba"),
       "maize,soybean", "Mariel"),
    _p("DOM", "029", "019", "sids", "es", "adopted", "the Dominican Republic",
       ("République dominicaine",) * 3, "rice,maize", "Santo Domingo",
       es="la República Dominicana"),
    _p("JAM", "029", "019", "sids", "en", "drafting", "Jamaica", ("Jamaïque",) * 3,
       "papaya,banana", "Kingston"),
    _p("TTO", "029", "019", "sids", "en", "drafting", "Trinidad and Tobago",
       ("Trinité-et-Tobago",) * 3, "vegetables", "Port of Spain"),
    # Central America (013)
    _p("MEX", "013", "019", "coo", "es", "operational", "Mexico",
       ("Mexique",) * 3, "maize,cotton,soybean", "Manzanillo", "CIBIOGEM", es="México"),
    _p("GTM", "013", "019", "coo", "es", "adopted", "Guatemala",
       ("Guatemala",) * 3, "maize,beans", "Puerto Quetzal"),
    _p("HND", "013", "019", "", "es", "operational", "Honduras", ("Honduras",) * 3,
       "maize,sugarcane", "Puerto Cortés"),
    _p("CRI", "013", "019", "coo", "es", "operational", "Costa Rica", ("Costa Rica",) * 3,
       "pineapple,cotton", "Limón"),
    _p("BLZ", "013", "019", "sids", "en", "drafting", "Belize", ("Belize",) * 3,
       "sugarcane,citrus", "Belize City"),
    # South America (005)
    _p("PER", "005", "019", "coo", "es", "adopted", "Peru", ("Pérou",) * 3,
       "potato,maize,quinoa", "Callao", es="Perú"),
    _p("BOL", "005", "019", "coo lldc", "es", "adopted", "Bolivia",
       ("Bolivie",) * 3, "potato,quinoa,soybean"),
    _p("ECU", "005", "019", "coo", "es", "drafting", "Ecuador", ("Équateur",) * 3,
       "potato,maize,cacao", "Guayaquil"),
    _p("COL", "005", "019", "coo", "es", "operational", "Colombia", ("Colombie",) * 3,
       "cotton,maize", "Cartagena"),
    _p("GUY", "005", "019", "sids", "en", "drafting", "Guyana", ("Guyana",) * 3,
       "rice,sugarcane", "Georgetown"),
    _p("SUR", "005", "019", "sids", "en", "none", "Suriname", ("Suriname",) * 3, "rice,banana",
       "Paramaribo"),
]

#: Every country with needs in the demo, keyed by ISO alpha-3 code.
PLACES: dict[str, Place] = {p.code: p for p in _ROWS}

#: Countries that appear only as capacity holders (South-South offers), not as needing support.
OFFER_ONLY = {
    "BRA": Place("BRA", "005", "019", ("centre_of_origin",), "pt", "operational", "Brazil",
                 "Brésil", "au Brésil", "du Brésil", "Brasil", ("soybean", "maize", "cotton"),
                 "Santos", "CTNBio"),
    "ARG": Place("ARG", "005", "019", (), "es", "operational", "Argentina", "Argentine",
                 "en Argentine", "de l'Argentine", "Argentina", ("soybean", "maize"), "Rosario"),
    "CHN": Place("CHN", "030", "142", ("centre_of_origin",), "zh", "operational", "China",
                 "Chine", "en Chine", "de la Chine", "China", ("rice", "cotton"), "Shanghai"),
}

#: English names of the M49 areas the demo uses.
AREA_NAMES = {
    "002": "Africa", "011": "Western Africa", "014": "Eastern Africa", "017": "Middle Africa",
    "018": "Southern Africa", "015": "Northern Africa", "202": "Sub-Saharan Africa",
    "019": "Americas", "419": "Latin America and the Caribbean", "029": "Caribbean",
    "013": "Central America", "005": "South America", "142": "Asia", "034": "Southern Asia",
    "035": "South-eastern Asia", "030": "Eastern Asia", "143": "Central Asia",
    "145": "Western Asia", "150": "Europe", "151": "Eastern Europe", "039": "Southern Europe",
    "009": "Oceania", "054": "Melanesia", "057": "Micronesia", "061": "Polynesia",
}


def place(code: str) -> Place:
    """The demo country with ISO alpha-3 ``code`` (needing or offering)."""
    return PLACES.get(code) or OFFER_ONLY[code]


def in_area(code: str, area: str) -> bool:
    """Whether country ``code`` lies in M49 area ``area``."""
    return area in place(code).areas
