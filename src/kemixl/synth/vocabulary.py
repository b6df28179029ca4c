"""Names, texts and account ranges a synthetic city is made of."""

from __future__ import annotations

from ..master.ledger import DEFAULT_ACCOUNTS, IGNORE

YEAR, FIRST_MONTH, LAST_MONTH = 2031, 1, 6


MAX_DEPARTMENTS = 999


MAX_AREAS = 999


CITY = "MERIKOSKEN KAUPUNKI"


ROOT_CODE = "70000000"


DEPARTMENT_NAMES = (
    "KESKUSHALLINTO",
    "ELINVOIMATOIMIALA",
    "HYVINVOINTITOIMIALA",
    "SIVISTYSTOIMIALA",
    "YMPÄRISTÖTOIMIALA",
    "KAUPUNKIRAKENNETOIMIALA",
    "KULTTUURI- JA VAPAA-AIKATOIMIALA",
    "KASVATUS- JA OPETUSTOIMIALA",
    "TEKNINEN TOIMIALA",
    "TYÖLLISYYS- JA ELINKEINOTOIMIALA",
)


AREA_NAMES = (
    "HALLINTOPALVELUT",
    "TIETOHALLINTOPALVELUT",
    "TALOUSPALVELUT",
    "HENKILÖSTÖPALVELUT",
    "VIESTINTÄ JA MARKKINOINTI",
    "ELINKEINOPALVELUT",
    "TYÖLLISYYSPALVELUT",
    "MAANKÄYTTÖ JA KAAVOITUS",
    "RAKENNUSVALVONTA",
    "YMPÄRISTÖNSUOJELU",
    "KIINTEISTÖNPITO",
    "YLEISTEN ALUEIDEN PALVELUT",
    "VARHAISKASVATUS",
    "PERUSOPETUS",
    "LUKIOKOULUTUS",
    "KANSALAISOPISTO",
    "KIRJASTOPALVELUT",
    "KULTTUURIPALVELUT",
    "MUSEOPALVELUT",
    "LIIKUNTAPALVELUT",
    "NUORISOPALVELUT",
    "RUOKAPALVELUT",
    "SIIVOUSPALVELUT",
    "AUTO- JA KONEVÄLITYS",
    "SATAMAPALVELUT",
    "VIRANOMAISTOIMINTA JA LUVITUS",
)


FIRST_NAMES = (
    "Aino", "Anna", "Eero", "Elina", "Hanna", "Heikki", "Jukka", "Kaisa", "Kimmo", "Laura",
    "Marke", "Mika", "Niina", "Paulus", "Piia", "Riikka", "Risto", "Sanna", "Timo", "Ville",
)  # fmt: skip


LAST_NAMES = (
    "Alila", "Grönvall", "Hakala", "Heikkinen", "Hulkkonen", "Immonen", "Korhonen", "Lehtonen",
    "Mäkinen", "Nieminen", "Pöykiö", "Rantajärvi", "Rautiala", "Remes", "Salminen", "Virtanen",
)  # fmt: skip


GOALS = ("ELINVOIMAINEN KAUPUNKI", "HYVINVOIVAT KUNTALAISET", "SUJUVA ARKI")


OBJECTIVES = (
    (
        "Vihreä ja kestävä kaupunki torjuu ilmastonmuutosta.",
        "Energiansäästösuunnitelma, vähähiiliset hankinnat",
    ),
    (
        "Palvelut ovat saavutettavia ja sujuvia.",
        "Sähköisten palvelujen käyttöönotto, asiakaspalautteen seuranta",
    ),
    (
        "Kuntatalous on kestävällä pohjalla.",
        "Talouden tasapainottamisohjelma, tilojen käytön tehostaminen",
    ),
    ("Lapset ja nuoret voivat hyvin.", "Harrastamisen malli, matalan kynnyksen palvelut"),
    (
        "Yritysympäristö on kilpailukykyinen.",
        "Yrityskäynnit, tonttitarjonta, lupaprosessien nopeutus",
    ),
    ("Henkilöstö on osaavaa ja hyvinvoivaa.", "Koulutussuunnitelma, työhyvinvointikysely"),
)


METRICS = (
    "Asiakastyytyväisyys, kyselyt",
    "Toteutuneet toimenpiteet, kpl",
    "Kustannukset euroa / asukas",
    "Hiilidioksidipäästöt, t CO2e",
)


REALIZATIONS = (
    "Toimenpiteet etenevät suunnitellusti.",
    "Työ on käynnistynyt; ensimmäiset tulokset syksyllä.",
    "Aikataulu on viivästynyt henkilöstövajeen vuoksi.",
    "Valmistelu alkaa toisella vuosipuoliskolla.",
    "Tavoite on saavutettu kesäkuun loppuun mennessä.",
)


SAVINGS = (
    "Täyttölupamenettely on käytössä, ja hankintoja on siirretty syksylle.",
    "Tilojen käyttöä tehostetaan: kaksi vuokrakohdetta luovutetaan.",
    "Ostopalvelujen sopimukset kilpailutetaan uudelleen.",
    "Sijaisten käyttöä rajoitetaan ja ylitöitä seurataan viikoittain.",
)


# accounts.csv: the default classes of the chart of accounts with the fixed assets' accounts
# split into investment expenditure and income (see templates/accounts.csv), so that the
# ledger's project column carries the synthetic projects' actuals
ACCOUNT_RANGES = (
    ("1000", "1189", "INVESTOINTIMENOT", "Pysyvät vastaavat, hankintamenot"),
    ("1190", "1199", "INVESTOINTITULOT", "Rahoitusosuudet investointimenoihin"),
    ("1200", "2999", IGNORE, "Tase"),
    *DEFAULT_ACCOUNTS[1:],
)
