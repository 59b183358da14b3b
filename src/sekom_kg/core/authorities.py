"""Codes from the EU Publications Office authority tables that the catalogue uses.

Kept offline and small: only what a build needs. Labels are the authority's own
preferred labels (English, Swedish), which DCAT-AP requires on every theme.

>>> THEMES["GOVE"]["en"]
'Government and public sector'
>>> ALPHA3["SE"]
'SWE'
"""

from __future__ import annotations

#: EU data-theme codes → preferred labels.
THEMES: dict[str, dict[str, str]] = {
    "AGRI": {
        "en": "Agriculture, fisheries, forestry and food",
        "sv": "Jordbruk, fiske, skogsbruk och livsmedel",
    },
    "ECON": {"en": "Economy and finance", "sv": "Ekonomi och finans"},
    "EDUC": {"en": "Education, culture and sport", "sv": "Utbildning, kultur och sport"},
    "ENER": {"en": "Energy", "sv": "Energi"},
    "ENVI": {"en": "Environment", "sv": "Miljö"},
    "GOVE": {"en": "Government and public sector", "sv": "Regeringen och den offentliga sektorn"},
    "HEAL": {"en": "Health", "sv": "Hälsa"},
    "INTR": {"en": "International issues", "sv": "Internationella frågor"},
    "JUST": {
        "en": "Justice, legal system and public safety",
        "sv": "Rättssystemet och allmän säkerhet",
    },
    "REGI": {"en": "Regions and cities", "sv": "Regioner och städer"},
    "SOCI": {"en": "Population and society", "sv": "Befolkning och samhälle"},
    "TECH": {"en": "Science and technology", "sv": "Vetenskap och teknik"},
    "TRAN": {"en": "Transport", "sv": "Transport"},
}

#: ISO 3166-1 alpha-2 → alpha-3 (the EU country authority code) for the graph's countries.
ALPHA3: dict[str, str] = {
    "AR": "ARG",
    "BE": "BEL",
    "CA": "CAN",
    "CL": "CHL",
    "DK": "DNK",
    "ET": "ETH",
    "FI": "FIN",
    "GB": "GBR",
    "JP": "JPN",
    "KE": "KEN",
    "NO": "NOR",
    "SE": "SWE",
    "US": "USA",
}
