"""The small built-in lists the demo database is made from (names, places, classifications)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryData:
    """What the demo needs to invent addresses, names and phone numbers in one country."""

    code: str
    name: str
    language: str
    weight: int
    company_suffixes: tuple[str, ...]
    tld: str
    phone_prefix: str
    # (city, post code, county)
    cities: tuple[tuple[str, str, str], ...]
    streets: tuple[str, ...]
    number_first: bool
    first_names_f: tuple[str, ...]
    first_names_m: tuple[str, ...]
    surnames: tuple[str, ...]
    territories: tuple[str, ...]


COUNTRIES: tuple[CountryData, ...] = (
    CountryData(
        "GB",
        "United Kingdom",
        "ENG",
        40,
        ("Ltd", "plc", "Ltd", "& Co."),
        "co.uk",
        "+44",
        (
            ("London", "EC1A 1BB", "Greater London"),
            ("London", "SW1A 2AA", "Greater London"),
            ("Manchester", "M1 1AE", "Greater Manchester"),
            ("Leeds", "LS1 4DY", "West Yorkshire"),
            ("Birmingham", "B1 1BB", "West Midlands"),
            ("Bristol", "BS1 4DJ", "Bristol"),
            ("Edinburgh", "EH1 1YZ", "Midlothian"),
            ("Cambridge", "CB2 1TN", "Cambridgeshire"),
        ),
        ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "King Street"),
        True,
        ("Anna", "Sarah", "Emma", "Olivia", "Charlotte", "Sophie", "Grace", "Lucy"),
        ("James", "Oliver", "Thomas", "George", "Harry", "William", "Jack", "Daniel"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walker", "Hughes"),
        ("NORTH", "SOUTH", "MIDLANDS", "LONDON"),
    ),
    CountryData(
        "US",
        "United States",
        "ENG",
        20,
        ("Inc.", "LLC", "Corp."),
        "com",
        "+1",
        (
            ("New York", "10001", "NY"),
            ("Chicago", "60601", "IL"),
            ("Seattle", "98101", "WA"),
            ("Boston", "02108", "MA"),
            ("Austin", "73301", "TX"),
        ),
        ("Main Street", "Oak Avenue", "Park Avenue", "Maple Drive", "Lake Shore Drive"),
        True,
        ("Emily", "Jessica", "Ashley", "Megan", "Hannah", "Madison"),
        ("Michael", "Christopher", "Matthew", "Joshua", "Andrew", "Ryan"),
        ("Johnson", "Miller", "Davis", "Garcia", "Martinez", "Anderson", "Clark", "Lewis"),
        ("EXPORT",),
    ),
    CountryData(
        "DE",
        "Germany",
        "DEU",
        20,
        ("GmbH", "AG", "GmbH & Co. KG"),
        "de",
        "+49",
        (
            ("Berlin", "10115", "Berlin"),
            ("München", "80331", "Bayern"),
            ("Hamburg", "20095", "Hamburg"),
            ("Köln", "50667", "Nordrhein-Westfalen"),
            ("Frankfurt am Main", "60311", "Hessen"),
        ),
        ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee"),
        False,
        ("Julia", "Katrin", "Sabine", "Lena", "Jana", "Miriam"),
        ("Thomas", "Stefan", "Michael", "Jürgen", "Andreas", "Lukas"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"),
        ("EXPORT",),
    ),
    CountryData(
        "DK",
        "Denmark",
        "DAN",
        15,
        ("A/S", "ApS"),
        "dk",
        "+45",
        (
            ("København", "1050", "Hovedstaden"),
            ("Aarhus", "8000", "Midtjylland"),
            ("Odense", "5000", "Syddanmark"),
            ("Aalborg", "9000", "Nordjylland"),
        ),
        ("Vestergade", "Nørregade", "Strandvejen", "Søndergade", "Algade"),
        False,
        ("Mette", "Camilla", "Louise", "Sofie", "Ida", "Anne"),
        ("Søren", "Lars", "Anders", "Mikkel", "Jens", "Rasmus"),
        ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Jørgensen"),
        ("EXPORT",),
    ),
    CountryData(
        "NL",
        "Netherlands",
        "NLD",
        5,
        ("B.V.", "N.V."),
        "nl",
        "+31",
        (
            ("Amsterdam", "1012 AB", "Noord-Holland"),
            ("Rotterdam", "3011 AD", "Zuid-Holland"),
            ("Utrecht", "3511 AA", "Utrecht"),
        ),
        ("Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg"),
        False,
        ("Anouk", "Fleur", "Sanne", "Lotte"),
        ("Daan", "Bram", "Sander", "Joost"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"),
        ("EXPORT",),
    ),
)

LANGUAGES: tuple[tuple[str, str], ...] = (
    ("ENG", "English"),
    ("DEU", "German"),
    ("DAN", "Danish"),
    ("NLD", "Dutch"),
)

COMPANY_WORDS: tuple[str, ...] = (
    "Adatum",
    "Alpine",
    "Blue Yonder",
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Litware",
    "Proseware",
    "Tailspin",
    "Wingtip",
    "Lakeside",
    "Coho",
    "Margie's",
    "Trey",
    "Woodgrove",
    "Humongous",
)

COMPANY_TRADES: tuple[str, ...] = (
    "Trading",
    "Systems",
    "Supplies",
    "Furniture",
    "Foods",
    "Engineering",
    "Design",
    "Logistics",
    "Consulting",
    "Print",
)

SALESPEOPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("AH", "Annette Hill", "annette.hill@cronus.example", "+44 20 7946 0101", "Sales Manager"),
    ("BC", "Benjamin Chiu", "benjamin.chiu@cronus.example", "+44 20 7946 0102", "Account Manager"),
    ("JO", "Jim Olive", "jim.olive@cronus.example", "+44 20 7946 0103", "Sales Representative"),
    ("LT", "Linda Martin", "linda.martin@cronus.example", "+44 20 7946 0104", "Export Manager"),
    ("PS", "Peter Saddow", "peter.saddow@cronus.example", "+44 20 7946 0105", "Key Accounts"),
)

TERRITORIES: tuple[tuple[str, str], ...] = (
    ("NORTH", "North England and Scotland"),
    ("SOUTH", "South England"),
    ("MIDLANDS", "Midlands"),
    ("LONDON", "Greater London"),
    ("EXPORT", "Export markets"),
)

MAILING_GROUPS: tuple[tuple[str, str], ...] = (
    ("NEWS", "Newsletter"),
    ("PRESS", "Press releases"),
    ("XMAS", "Christmas card"),
    ("EVENTS", "Event invitations"),
)

INDUSTRY_GROUPS: tuple[tuple[str, str], ...] = (
    ("RETAIL", "Retail"),
    ("WHOLESALE", "Wholesale"),
    ("MANUF", "Manufacturing"),
    ("IT", "Information technology"),
    ("FINANCE", "Finance and insurance"),
    ("HEALTH", "Health care"),
)

BUSINESS_RELATIONS: tuple[tuple[str, str], ...] = (
    ("CUST", "Customer"),
    ("PROSP", "Prospect"),
    ("VEND", "Vendor"),
    ("PARTNER", "Partner"),
    ("BANK", "Bank"),
)

JOB_RESPONSIBILITIES: tuple[tuple[str, str], ...] = (
    ("PURCH", "Purchasing"),
    ("SALES", "Sales"),
    ("IT", "IT"),
    ("MGMT", "Management"),
    ("MARKETING", "Marketing"),
    ("FINANCE", "Finance"),
)

# Job titles with the responsibility that goes with them.
JOB_TITLES: tuple[tuple[str, str], ...] = (
    ("Purchasing Manager", "PURCH"),
    ("Buyer", "PURCH"),
    ("Sales Director", "SALES"),
    ("IT Manager", "IT"),
    ("Managing Director", "MGMT"),
    ("Office Manager", "MGMT"),
    ("Marketing Manager", "MARKETING"),
    ("Finance Director", "FINANCE"),
)

# Questionnaire code, description, then (question code, description, answers).
QUESTIONNAIRE: tuple[str, str, tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    "CUSTOMER",
    "Customer profile",
    (
        (
            "SIZE",
            "Company size",
            (("SMALL", "Under 50 staff"), ("MEDIUM", "50 to 500 staff"), ("LARGE", "Over 500")),
        ),
        (
            "INTEREST",
            "Main interest",
            (("PRICE", "Price"), ("QUALITY", "Quality"), ("SERVICE", "Service")),
        ),
    ),
)

INTERACTION_GROUPS: tuple[tuple[str, str], ...] = (
    ("LETTER", "Letters"),
    ("EMAIL", "E-mails"),
    ("MEETING", "Meetings"),
    ("PHONE", "Phone calls"),
)
