"""The CSV formats the app reads and writes, described as data.

The same description drives the importers (header synonyms, required columns), the
exports (column titles), the in-app help (`CSV_FORMATS`) and docs/csv-formats.md
(`csv_formats_markdown()`; a test keeps the file equal to it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CsvColumn:
    key: str
    title: str  # the header this app writes
    description: str
    example: str = ""
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class CsvFormat:
    key: str
    format: str  # the --format name
    title: str
    summary: str
    matching: str
    columns: tuple[CsvColumn, ...]
    required: tuple[tuple[str, ...], ...]  # each group: at least one of these columns
    rules: tuple[str, ...]
    example: str

    def column(self, key: str) -> CsvColumn:
        return next(c for c in self.columns if c.key == key)


GENERAL_RULES: tuple[str, ...] = (
    "Encodings: UTF-8, UTF-8 with BOM (Excel's 'CSV UTF-8'), UTF-16 (Excel's 'Unicode text') "
    "and Windows-1252 (Excel's plain 'CSV' on Windows).",
    "Delimiters: comma, semicolon, tab or vertical bar; the app finds which one the file uses.",
    "Header names are matched ignoring case, accents, spaces and punctuation, and each column "
    "has synonyms ('E-mail address' and 'Email' are both the email column). Columns the app "
    "does not know are ignored and listed in the import summary.",
    "Rows are counted as a spreadsheet shows them: the header is row 1.",
    "Times: 24-hour ('13:30', '9.05') or 12-hour ('1:30 PM', '1:30pm', '1 p.m.'). Dates: "
    "'2026-04-26', '26 April 2026', 'April 26, 2026', or d/m/y and m/d/y when only one "
    "reading is possible. Times are wall-clock times in the event's time zone.",
    "Several people in one cell are separated by ';' or ' and ' ('Ana Silva; Bo Li', "
    "'Ana Silva and Bo Li'). An author may carry an affiliation in brackets: "
    "'Ana Silva (Universidade de São Paulo)'.",
    "Yes/no cells accept yes, no, true, false, 1, 0 and x; an empty cell is no for a new record.",
    "A re-import updates the records it matches and adds the others; it never deletes. An "
    "empty cell keeps what a matched record holds (clear a field in the app's editor), so "
    "a spreadsheet with fewer details never erases what was entered elsewhere.",
    "An import is all or nothing: if any row has a problem, nothing is written and every "
    "problem is listed with its row, column and value.",
    "Cells this app exports that start with =, +, -, @, a tab or a carriage return are "
    "written with a leading apostrophe so spreadsheets do not run them as formulas; the "
    "apostrophe is removed again on import.",
)

ATTENDEES = CsvFormat(
    key="attendees",
    format="csv-attendees",
    title="Attendees",
    summary="The registration list: one row per attendee.",
    matching="A row updates the attendee with the same email (ignoring case), else the one "
    "with the same badge serial; other rows are added with the next free badge serial. "
    "Check-ins, stars and mentorship pairings of updated attendees are kept.",
    columns=(
        CsvColumn(
            "name",
            "Name",
            "Full name as printed on the badge. Required, unless First name and Last name "
            "are given.",
            "Ana Silva",
            (
                "Full name",
                "Attendee",
                "Attendee name",
                "Participant",
                "Participant name",
                "Display name",
                "Badge name",
            ),
        ),
        CsvColumn(
            "first_name",
            "First name",
            "Given name; joined with Last name when there is no Name column.",
            "Ana",
            ("Given name", "First", "Forename"),
        ),
        CsvColumn(
            "last_name", "Last name", "Family name.", "Silva", ("Family name", "Surname", "Last")
        ),
        CsvColumn(
            "email",
            "Email",
            "E-mail address, unique per attendee (ignoring case). Each row needs an email or "
            "a badge serial.",
            "ana.silva@example.org",
            ("E-mail", "Email address", "E-mail address", "Mail"),
        ),
        CsvColumn(
            "affiliation",
            "Affiliation",
            "University or company.",
            "Universidade de São Paulo",
            (
                "Institution",
                "Organisation",
                "Organization",
                "Company",
                "University",
                "Employer",
                "Org",
            ),
        ),
        CsvColumn(
            "category",
            "Category",
            "student, academic, industry, remote, speaker or organizer (also: PhD student, "
            "postdoc, faculty, company, online, organiser, ...). Empty: academic for a new "
            "attendee.",
            "student",
            (
                "Ticket",
                "Ticket type",
                "Registration type",
                "Attendee type",
                "Type",
                "Participant type",
            ),
        ),
        CsvColumn(
            "roles",
            "Roles",
            "Program roles, separated by ';' or ',': invited speaker, contributed speaker, "
            "panelist, mentor, organizer, chair.",
            "mentor; panelist",
            ("Role",),
        ),
        CsvColumn(
            "badge_serial",
            "Badge",
            "Badge serial. Leave empty to have one given; a serial never changes once given.",
            "S26-0042",
            ("Badge serial", "Badge number", "Badge no", "Badge id", "Serial"),
        ),
        CsvColumn(
            "staff_note",
            "Note",
            "A note for the registration desk.",
            "wheelchair user",
            ("Notes", "Staff note", "Comment", "Comments", "Remarks"),
        ),
    ),
    required=(("name", "first_name"),),
    rules=("Each row needs an Email or a Badge, so that a later re-import finds it again.",),
    example="Name,Email,Affiliation,Category\n"
    "Ana Silva,ana.silva@example.org,Universidade de São Paulo,student\n",
)

SESSIONS = CsvFormat(
    key="sessions",
    format="csv-sessions",
    title="Sessions",
    summary="The program: one row per talk, panel, poster session, break, ...",
    matching="A row updates the session with the same ID; without an ID, the session with "
    "the same title and start, else the only session with that title on that day. Other "
    "rows are added. A session whose time changes gets a higher calendar sequence so phone "
    "calendars move it.",
    columns=(
        CsvColumn(
            "uid",
            "ID",
            "Stable identifier; given by the app when empty.",
            "sci4dl-2026-01-invited-talk-1",
            ("UID", "Session id", "GUID", "Code"),
        ),
        CsvColumn(
            "date",
            "Date",
            "The day; may be left out when the event has one day.",
            "2026-04-26",
            ("Day",),
        ),
        CsvColumn(
            "start",
            "Start",
            "Start time (or date and time). Required.",
            "9:00 AM",
            ("Start time", "From", "Begins", "Begin", "Time"),
        ),
        CsvColumn(
            "end",
            "End",
            "End time; End or Duration is required.",
            "9:30 AM",
            ("End time", "To", "Until", "Ends", "Finish"),
        ),
        CsvColumn(
            "duration",
            "Duration",
            "Length in minutes ('30') or hours and minutes ('1:15').",
            "30",
            ("Length", "Minutes", "Duration (minutes)"),
        ),
        CsvColumn(
            "title",
            "Title",
            "Required.",
            "Invited talk 1",
            ("Session", "Session title", "Name", "Talk"),
        ),
        CsvColumn(
            "kind",
            "Kind",
            "invited talk, contributed talk, panel, poster session, break, social, award or "
            "other (also: keynote, oral, lunch, coffee, reception, ...). Empty: other for a "
            "new session.",
            "invited talk",
            ("Type", "Session type", "Format", "Category"),
        ),
        CsvColumn(
            "room",
            "Room",
            "Room name; a new name adds the room.",
            "Main hall",
            ("Location", "Venue", "Hall", "Place"),
        ),
        CsvColumn(
            "speakers",
            "Speakers",
            "Speakers, panelists or hosts; new names are added to the people.",
            "Jascha Sohl-Dickstein",
            ("Speaker", "Presenter", "Presenters", "Panelists", "Persons", "People"),
        ),
        CsvColumn("subtitle", "Subtitle", "Shown under the title (a talk's paper title).", ""),
        CsvColumn("track", "Track", "Track or theme.", "", ("Theme",)),
        CsvColumn(
            "abstract",
            "Abstract",
            "Description shown in the program.",
            "",
            ("Description", "Summary"),
        ),
        CsvColumn(
            "notes",
            "Notes",
            "Notes for the organisers (not printed).",
            "",
            ("Note", "Staff notes", "Comments"),
        ),
        CsvColumn("url", "URL", "Web page of the session.", "", ("Link", "Website", "Web page")),
    ),
    required=(("title",), ("start",), ("end", "duration")),
    rules=(
        "A session must end after it starts; two sessions in one room must not overlap.",
        "When the event has several days, every row needs a Date (or a date in Start).",
    ),
    example="Date,Start,End,Title,Kind,Room,Speakers\n"
    "2026-04-26,9:00 AM,9:30 AM,Invited talk 1,invited talk,Main hall,Jascha Sohl-Dickstein\n",
)

POSTERS = CsvFormat(
    key="posters",
    format="csv-posters",
    title="Posters",
    summary="Accepted papers with their poster session and board number.",
    matching="A row updates the poster with the same ID, else the one with the same "
    "OpenReview ID, else the only one with the same title; other rows are added. Stars and "
    "mentorship links of updated posters are kept.",
    columns=(
        CsvColumn(
            "uid",
            "ID",
            "Stable identifier; given by the app when empty.",
            "openreview:AbC123xyz",
            ("UID", "Poster id"),
        ),
        CsvColumn(
            "forum",
            "OpenReview ID",
            "The paper's OpenReview forum id.",
            "AbC123xyz",
            ("OpenReview", "Forum", "Forum id", "Paper id", "Submission id", "OpenReview forum"),
        ),
        CsvColumn(
            "title",
            "Title",
            "Required.",
            "Edge of stability in small transformers",
            ("Paper", "Paper title", "Poster title"),
        ),
        CsvColumn(
            "authors",
            "Authors",
            "Authors in order, optionally with affiliations in brackets.",
            "Ana Silva (USP); Bo Li",
            ("Author", "Author names", "Presenters"),
        ),
        CsvColumn("abstract", "Abstract", "", "", ("Description", "Summary")),
        CsvColumn(
            "keywords",
            "Keywords",
            "Separated by ';' or ','.",
            "loss landscapes; scaling laws",
            ("Keyword", "Topics", "Tags"),
        ),
        CsvColumn(
            "session",
            "Poster session",
            "Title or ID of a poster session.",
            "Poster session 1",
            ("Session", "Slot"),
        ),
        CsvColumn(
            "board",
            "Board",
            "Board number (1, 2, ...), unique within a poster session.",
            "12",
            ("Board number", "Poster number", "Number", "Position", "Board no"),
        ),
        CsvColumn(
            "remote",
            "Remote",
            "Yes when the authors present remotely (slides shown).",
            "no",
            ("Presented remotely", "Online", "Virtual"),
        ),
        CsvColumn(
            "challenge",
            "Challenge",
            "Yes for a Novel Phenomenon Challenge entry.",
            "no",
            ("Challenge entry", "Novel phenomenon challenge"),
        ),
        CsvColumn(
            "talk",
            "Talk",
            "Title or ID of the contributed talk that presents it.",
            "",
            ("Contributed talk", "Talk session", "Oral"),
        ),
        CsvColumn("url", "URL", "", "https://openreview.net/forum?id=AbC123xyz", ("Link", "PDF")),
    ),
    required=(("title", "uid", "forum"),),
    rules=(
        "A poster session must be a session of kind 'poster session'.",
        "A new poster needs a Title.",
    ),
    example="OpenReview ID,Title,Authors,Poster session,Board\n"
    "AbC123xyz,Edge of stability in small transformers,Ana Silva; Bo Li,Poster session 1,12\n",
)

PAIRINGS = CsvFormat(
    key="pairings",
    format="csv-pairings",
    title="Mentorship pairings",
    summary="Mentorship meetings: which mentor meets which mentee, in which break, where.",
    matching="A row updates the meeting of the same mentor and mentee; other rows are added. "
    "A mentor who is not yet in the program is added as a person with the mentor role.",
    columns=(
        CsvColumn(
            "mentor", "Mentor", "Name of the mentor. Required.", "Julia Kempe", ("Mentor name",)
        ),
        CsvColumn(
            "mentee",
            "Mentee",
            "Name of the mentee (an attendee).",
            "Ana Silva",
            ("Mentee name", "Student"),
        ),
        CsvColumn(
            "mentee_email",
            "Mentee email",
            "The mentee's email; finds the attendee even when two share a name.",
            "ana.silva@example.org",
            ("Mentee e-mail", "Student email", "Email", "E-mail"),
        ),
        CsvColumn(
            "slot",
            "Break",
            "The break of the meeting: its start time ('10:30'), 'HH:MM title', title or ID.",
            "10:30 Coffee break",
            ("Slot", "Session", "When", "Time", "Meeting time"),
        ),
        CsvColumn(
            "slot_id",
            "Break ID",
            "The break's session ID (written by exports; wins over Break).",
            "",
            ("Slot id", "Session id"),
        ),
        CsvColumn(
            "place",
            "Place",
            "Where they meet.",
            "Mentorship table 3, Foyer",
            ("Table", "Location", "Where"),
        ),
        CsvColumn(
            "topic",
            "Topic",
            "What they will talk about.",
            "loss landscapes",
            ("Topics", "Subject", "Interests"),
        ),
    ),
    required=(("mentor",), ("mentee", "mentee_email"), ("slot", "slot_id")),
    rules=(
        "The mentee must already be an attendee; the break must be a session of kind 'break'.",
        "A mentee has at most one meeting per break.",
    ),
    example="Mentor,Mentee,Mentee email,Break,Place\n"
    "Julia Kempe,Ana Silva,ana.silva@example.org,10:30 Coffee break,Table 3\n",
)

CSV_FORMATS: tuple[CsvFormat, ...] = (ATTENDEES, SESSIONS, POSTERS, PAIRINGS)


def csv_format(key: str) -> CsvFormat:
    return next(f for f in CSV_FORMATS if f.key == key or f.format == key)


def csv_formats_markdown() -> str:
    """docs/csv-formats.md, generated from the descriptions above."""
    out = [
        "# CSV formats",
        "",
        "<!-- Generated from src/sci4dl_desktop/io/csvspec.py; a test keeps them equal. -->",
        "",
        "The app imports and exports four CSV files: attendees, sessions, posters and "
        "mentorship pairings.",
        "Import them with File > Import or `sci4dl-desktop import FILE` (the kind of file is "
        "found from its header; `--format csv-attendees` etc. overrides), and export them "
        "with `sci4dl-desktop export --format csv-attendees --out FILE`.",
        "",
        "The files add to an event: import a schedule (frab) or an event package first, or "
        "create the event, in the app or with `sci4dl-desktop import --db NEW_FILE "
        "--event-title TITLE --timezone ZONE --date YYYY-MM-DD FILE...`.",
        "",
        "## Rules for every file",
        "",
        *[f"- {rule}" for rule in GENERAL_RULES],
        "",
    ]
    for spec in CSV_FORMATS:
        out += [
            f"## {spec.title} (`{spec.format}`)",
            "",
            spec.summary,
            "",
            f"**Matching on re-import.** {spec.matching}",
            "",
            "| Column | Also accepted | Meaning | Example |",
            "|---|---|---|---|",
        ]
        for column in spec.columns:
            synonyms = ", ".join(column.synonyms) or "–"
            out.append(
                f"| {column.title} | {synonyms} | {column.description or '–'} | "
                f"{column.example or '–'} |"
            )
        out += ["", *[f"- {rule}" for rule in spec.rules], "", "```csv", spec.example.rstrip()]
        out += ["```", ""]
    return "\n".join(out)


__all__ = [
    "ATTENDEES",
    "CSV_FORMATS",
    "GENERAL_RULES",
    "PAIRINGS",
    "POSTERS",
    "SESSIONS",
    "CsvColumn",
    "CsvFormat",
    "csv_format",
    "csv_formats_markdown",
]
