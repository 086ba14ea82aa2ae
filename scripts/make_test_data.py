"""Generate the test data the repository keeps: café planner instances and a messy invitation list.

    .venv/bin/python scripts/make_test_data.py          # rewrites the files under tests/data/

Everything is fictional and of our own making (phones in Ofcom's drama ranges, emails at
.example domains), generated with fixed seeds: running the script again writes the same files.
The shapes follow the files a project machine may have in ../shared (cafe/instances/*.json in
the `joinedup-cafe-instance/1` format, data/invitation-list.{xlsx,csv}); the tests never read
those. What the invitation list holds, and how its counts come out, is in docs/directory.md.
"""

import csv
import io
import json
import random
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

# --- café instances ------------------------------------------------------------------------

SECTORS = [
    "housing", "community_safety", "domestic_violence", "child_protection", "social_services",
    "youth_offending", "schools", "education", "mental_health", "health", "police", "fire",
    "work_pensions", "employment", "immigration_enforcement", "home_office", "communities",
]  # fmt: skip

# name, rounds, tables, hosts per table, seats per table, case studies, organisations,
# share of central people, people present in only some rounds
CAFE_INSTANCES = [
    ("ilford-60", 4, 12, 1, 5, 12, 22, 0.2, 0),
    ("borough-120", 4, 20, 1, 6, 20, 30, 0.3, 10),
    ("region-300", 5, 30, 2, 10, 15, 32, 0.32, 24),
    ("national-1000", 6, 100, 1, 10, 100, 28, 0.33, 45),
]


def cafe_instance(name, rounds, n_tables, hosts, seats, n_studies, n_orgs, central, partial):
    """One instance: tables filled exactly (seats = people), hosts never move."""
    rnd = random.Random(f"joinedup-cafe-{name}")
    orgs = [
        (f"O{i + 1:03d}", rnd.choice(SECTORS), "central" if rnd.random() < central else "frontline")
        for i in range(n_orgs)
    ]
    people, tables, number = [], [], 0

    def person(org, wants):
        nonlocal number
        number += 1
        oid, sector, tier = org
        return {"id": f"P{number:04d}", "organisation": oid, "sector": sector, "tier": tier,
                "wants": wants}  # fmt: skip

    studies = [f"CS{i + 1:02d}" for i in range(n_studies)]
    for t in range(n_tables):
        table_hosts = [person(rnd.choice(orgs), []) for _ in range(hosts)]
        people += table_hosts
        tables.append(
            {
                "id": f"T{t + 1:02d}",
                "case_study": studies[t % n_studies],
                "hosts": [h["id"] for h in table_hosts],
                "seats": seats,
            }
        )
    for _ in range(n_tables * (seats - hosts)):
        people.append(person(rnd.choice(orgs), rnd.sample(studies, 3)))
    rotators = [p for p in people if p["wants"]]
    for p in rnd.sample(rotators, partial):
        # late arrivals and early leavers: everyone misses the first or the last round
        p["present"] = list(range(1, rounds)) if rnd.random() < 0.5 else list(range(rounds - 1))
    return {
        "format": "joinedup-cafe-instance/1",
        "name": name,
        "rounds": rounds,
        "revisits_allowed": False,
        "tables": tables,
        "participants": people,
    }


def write_cafe_instances() -> list[Path]:
    folder = DATA / "cafe" / "instances"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in CAFE_INSTANCES:
        path = folder / f"{spec[0]}.json"
        path.write_text(json.dumps(cafe_instance(*spec), indent=1) + "\n")
        paths.append(path)
    return paths


# --- the invitation list ---------------------------------------------------------------------

# The 20 teams: name, what the "Area" column says, email domain.
TEAMS = [
    ("Housing Advice Team", "Housing", "council.example"),
    ("Rough Sleeping Outreach", "Homelessness", "council.example"),
    ("Anti-Social Behaviour Team", "ASB", "council.example"),
    ("Domestic Abuse Advocacy Service", "Domestic abuse", "council.example"),
    ("Multi-Agency Safeguarding Hub", "MASH", "council.example"),
    ("Early Help Family Support", "Early help", "council.example"),
    ("Children's Social Care Front Door", "Children's social care", "council.example"),
    ("Adult Social Care Duty Team", "Social care", "council.example"),
    ("Youth Justice Service", "Youth justice", "council.example"),
    ("Attendance and Inclusion Team", "Schools", "council.example"),
    ("Crisis Mental Health Team", "Mental health", "nhs.example"),
    ("Substance Misuse Service", "Drugs", "nhs.example"),
    ("Fire Prevention Team", "Fire and rescue", "fire.example"),
    ("Neighbourhood Policing Team (Ilford)", "Police", "police.example"),
    ("Jobcentre Plus Ilford", "Employment", "dwp.example"),
    ("Home Office Violence Reduction Unit", "Home Office", "homeoffice.example"),
    ("DHSC Public Health Policy", "Health", "health.example"),
    ("DfE Attendance Policy", "Education", "education.example"),
    ("MHCLG Homelessness Policy", "Communities", "communities.example"),
    ("DWP Work and Health Strategy", "Work and pensions", "dwp.example"),
]
# People listed under each team (80 in all), in the order of TEAMS.
PEOPLE_PER_TEAM = [5, 3, 5, 4, 5, 5, 5, 4, 4, 5, 4, 4, 3, 5, 4, 4, 3, 3, 4, 1]
# The one person of a team written under another spelling of its name (13 spellings).
OTHER_SPELLINGS = {
    "Housing Advice Team": "housing advice team ",
    "Anti-Social Behaviour Team": "ASB Team",
    "Domestic Abuse Advocacy Service": "Domestic Abuse Advocacy",
    "Multi-Agency Safeguarding Hub": "MASH",
    "Early Help Family Support": "Early Help - Family Support",
    "Children's Social Care Front Door": "CSC Front Door",
    "Youth Justice Service": "YOT",
    "Attendance and Inclusion Team": "Inclusion & Attendance",
    "Substance Misuse Service": "Drug and Alcohol Service",
    "Neighbourhood Policing Team (Ilford)": "Ilford Neighbourhood Policing",
    "Jobcentre Plus Ilford": "JCP Ilford",
    "Home Office Violence Reduction Unit": "HO Violence Reduction",
    "MHCLG Homelessness Policy": "MHCLG Homelessness",
}
FIRST = [
    "Adaeze", "Bilal", "Carys", "Dominik", "Efua", "Fergus", "Gulnara", "Hamish", "Ifeoma",
    "Jonah", "Kasia", "Leon", "Maryam", "Niall", "Oona", "Pavel", "Quentin", "Roisin", "Saoirse",
    "Tobias", "Ulla", "Vikram", "Wren", "Xander", "Yusuf", "Zora", "Anwen", "Brendan", "Celyn",
    "Dafydd", "Elif", "Florin", "Greta", "Hassan", "Isla", "Jakub", "Keziah", "Lorcan",
]  # fmt: skip
LAST = [
    "Achterberg", "Baptiste", "Castellano", "Dunmore", "Esterhazy", "Fairweather", "Gallacher",
    "Holloway", "Ingleby", "Jaworski", "Kettering", "Lindqvist", "Marchetti", "Nakamura",
    "Okonjo", "Pemberton", "Quarshie", "Ravensworth", "Sandoval", "Threlfall", "Underhill",
    "Vasquez", "Whitcombe", "Yardley", "Zielinski", "O'Hare", "MacAulay", "D'Souza",
]  # fmt: skip
ROLES = ["Caseworker", "Team Manager", "Senior Practitioner", "Policy Lead", "Analyst",
         "Coordinator", "Head of Service", "Duty Officer", "Outreach Worker"]  # fmt: skip
NOTES = ["", "", "", "", "", "", "met at the MARAC", "on leave until March", "ask about the pilot",
         "prefers a call"]  # fmt: skip
POUND_NOTE = "Offered £150 – ‘drop-in’ room"  # cp1252 in the csv twin: £, an en dash, curly quotes

# People by (team index, position in that team) whose email is malformed or missing.
MALFORMED = {
    (1, 1): "{first}.{last} at {domain}",
    (4, 2): "{first}.{last}@@{domain}",
    (7, 0): "{first}.{last}@council",
    (13, 3): "{first}.{last}@police,example",
    (12, 1): "{first}.{last}@{domain}.",
}
MISSING = {(2, 4), (10, 2), (15, 1), (18, 3)}
# Rows listed again (the same person): how the address is written the second time.
REPEATS = [
    ((0, 1), "same"),
    ((3, 0), "upper"),
    ((5, 3), "spaces"),
    ((8, 2), "same"),
    ((9, 1), "upper"),
    ((11, 0), "spaces"),
    ((14, 2), "upper and spaces"),
    ((16, 0), "same"),
    ((19, 0), "upper"),
    ((6, 4), "spaces"),
]
# People listed a second time under another team: (person, team index it is also under).
ACROSS = [((4, 0), 6), ((11, 3), 10)]
# Where the xlsx has a blank row: before these data rows (counted from 0).
BLANK_BEFORE = (30, 61)


def _phone(rnd) -> str:
    n = rnd.randrange(1000)
    shape = rnd.randrange(4)
    if shape == 0:
        return f"07700 900{n:03d}"
    if shape == 1:
        return f"020 7946 0{n:03d}"
    if shape == 2:
        return f"(020)79460{n:03d}"
    return f"+44 20 7946 0{n:03d}"


def _ascii(name: str) -> str:
    return name.replace("'", "").lower()


def invitation_rows() -> list[dict]:
    """Every data row of the list, in order: one dict per row."""
    rnd = random.Random("joinedup-invitation-list-2026")
    names = [(f, last) for f in FIRST for last in LAST]
    rnd.shuffle(names)
    people = {}  # (team, position) -> row
    for t, ((team, area, domain), count) in enumerate(zip(TEAMS, PEOPLE_PER_TEAM, strict=True)):
        for k in range(count):
            first, last = names.pop()
            fields = {"first": _ascii(first), "last": _ascii(last), "domain": domain}
            email = "{first}.{last}@{domain}".format(**fields)
            if (t, k) in MALFORMED:
                email = MALFORMED[(t, k)].format(**fields)
            if (t, k) in MISSING:
                email = ""
            spelling = team
            if k == count - 1 and team in OTHER_SPELLINGS:
                spelling = OTHER_SPELLINGS[team]
            people[(t, k)] = {
                "team": spelling,
                "first": first,
                "last": last,
                "role": rnd.choice(ROLES),
                "email": email,
                "phone": _phone(rnd),
                "area": area,
                "notes": rnd.choice(NOTES),
            }
    rows = list(people.values())
    for key, how in REPEATS:
        again = dict(people[key], team=TEAMS[key[0]][0], notes="")
        if "upper" in how:
            again["email"] = again["email"].upper()
        if "spaces" in how:
            again["email"] = f" {again['email']} "
        rows.append(again)
    for key, team in ACROSS:
        name, area, _ = TEAMS[team]
        rows.append(dict(people[key], team=name, area=area, notes=""))
    rnd.shuffle(rows)
    rows[rnd.randrange(len(rows))]["notes"] = POUND_NOTE
    for row in rnd.sample(rows, 2):
        row["area"] = ""  # some rows leave the Area column empty
    return rows


HEADERS_XLSX = ["Team / Service", "Contact name", "Job title", "Email address", "Tel", "Area",
                "Notes"]  # fmt: skip
HEADERS_CSV = ["Organisation", "First name", "Surname", "Role", "E-mail", "Phone number", "Notes"]
TITLE = "Ilford multi-agency day: invitation list (draft, do not circulate)"


def write_xlsx(rows: list[dict], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Invitations"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS_XLSX))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(HEADERS_XLSX)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for index, row in enumerate(rows):
        if index in BLANK_BEFORE:
            sheet.append([])
        sheet.append(
            [
                row["team"],
                f"{row['first']} {row['last']}",
                row["role"],
                row["email"],
                row["phone"],
                row["area"],
                row["notes"],
            ]
        )
    for column, width in zip("ABCDEFG", (38, 24, 20, 40, 18, 20, 30), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.creator = "Joinedup test data"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that regenerating it changes no byte."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode()
                for tag in ("dcterms:created", "dcterms:modified"):
                    start = text.find(f"<{tag}")
                    if start >= 0:
                        end = text.find(f"</{tag}>", start)
                        opening = text.index(">", start) + 1
                        text = text[:opening] + "2026-11-01T09:00:00Z" + text[end:]
                content = text.encode()
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def write_csv(rows: list[dict], path: Path) -> None:
    """The csv twin: the same rows, names split, no Area, no title; saved by Excel as cp1252."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS_CSV)
    for row in rows:
        fields = ("team", "first", "last", "role", "email", "phone", "notes")
        writer.writerow([row[f] for f in fields])
    path.write_bytes(text.getvalue().encode("cp1252"))


def write_invitation_list() -> list[Path]:
    folder = DATA / "directory"
    folder.mkdir(parents=True, exist_ok=True)
    rows = invitation_rows()
    xlsx, csv_path = folder / "invitation-list.xlsx", folder / "invitation-list.csv"
    write_xlsx(rows, xlsx)
    write_csv(rows, csv_path)
    return [xlsx, csv_path]


if __name__ == "__main__":
    for written in write_cafe_instances() + write_invitation_list():
        print(written.relative_to(ROOT))
