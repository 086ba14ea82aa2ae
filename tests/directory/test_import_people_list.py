"""Reading a list of people with the import's reader, for other apps (event invitations)."""

import pytest

from joinedup.directory.imports.services import ListedPerson, SpreadsheetError, read_people_list


def test_read_people_list_matches_sectors_and_keeps_teams(place):
    data = (
        b"Name,Email,Organisation,Sector\n"
        b"Ann Other,ann@charity.example,Food Bank,Housing\n"
        b"Bob Smith,bob@police.example,Met Police,\n"
    )

    listed = read_people_list(place=place, data=data, filename="list.csv")

    assert (listed.file_type, listed.problems) == ("csv", [])
    assert listed.people == [
        ListedPerson(
            row=2,
            email="ann@charity.example",
            name="Ann Other",
            team="Food Bank",
            sector_code="housing",
        ),
        ListedPerson(
            row=3,
            email="bob@police.example",
            name="Bob Smith",
            team="Met Police",
            sector_code="",
        ),
    ]


def test_read_people_list_without_an_email_column_says_so(place):
    listed = read_people_list(
        place=place, data=b"Name,Phone\nAnn,020 7946 0001\n", filename="a.csv"
    )

    assert (listed.people, listed.problems) == ([], [(1, "The file needs a column called Email")])


def test_read_people_list_names_an_unknown_sector_by_row(place):
    data = b"Name,Email,Sector\nAnn Other,ann@charity.example,Astrology\n"

    listed = read_people_list(place=place, data=data, filename="list.csv")

    assert listed.people == []
    assert [row for row, _ in listed.problems] == [2]


def test_read_people_list_refuses_a_file_it_cannot_read(place):
    with pytest.raises(SpreadsheetError):
        read_people_list(place=place, data=b"\x00\x01PK\x03", filename="list.xlsx")
