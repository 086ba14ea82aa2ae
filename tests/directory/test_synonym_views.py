"""The "Words people search for" pages: everyone reads, convenors add, change and remove,
bad input is refused with a GOV.UK message and saves nothing, and the browse page uses them."""

import re
from html import unescape

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.directory.models import SearchSynonym
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def url(name, place, *args) -> str:
    return reverse(f"directory:{name}", args=[place.slug, *args])


def text_of(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_synonym_list_shows_the_place_words_to_a_practitioner(place, member_client):
    response = member_client("practitioner").get(url("synonyms", place))
    text = text_of(response)
    assert "DV domestic violence, domestic abuse" in text
    assert "CAMHS child and adolescent mental health" in text
    assert "Change" not in text


def test_synonym_list_offers_changes_to_a_convenor(place, member_client):
    text = text_of(member_client("convenor").get(url("synonyms", place)))
    assert "Add words people search for" in text
    assert "Change DV" in text
    assert "Remove DV" in text


def test_add_synonym_saves_logs_and_is_searched_at_once(place, member_client):
    client = member_client("convenor")
    ServiceFactory(place=place, name="Haven Refuge", description="Safe rooms for women.")
    response = client.post(
        url("synonym_create", place), {"phrase": "  Sanctuary ", "meanings": "refuge, safe rooms"}
    )
    assert response.status_code == 302
    saved = SearchSynonym.objects.get(place=place, key="sanctuary")
    assert (saved.phrase, saved.meaning_list) == ("Sanctuary", ["refuge", "safe rooms"])
    entry = AuditEntry.objects.get(action="directory.synonym.created")
    assert entry.data == {"phrase": "Sanctuary", "meanings": ["refuge", "safe rooms"]}
    page = client.get(url("services", place), {"q": "sanctuary"})
    assert [row["service"].name for row in page.context["rows"]] == ["Haven Refuge"]
    assert "Also searched for refuge, safe rooms (for “sanctuary”)" in text_of(page)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phrase": "", "meanings": "x"}, "phrase", "Enter what people type"),
        ({"phrase": "!!!", "meanings": "x"}, "phrase", "must include a letter or a number"),
        ({"phrase": "ZZ", "meanings": " , ;"}, "meanings", "Enter what it means"),
        ({"phrase": "ZZ", "meanings": "a" * 101}, "meanings", "100 characters or fewer"),
        ({"phrase": "dv", "meanings": "x"}, "phrase", "DV is already in the list"),
    ],
)
def test_add_synonym_refuses_bad_input_and_saves_nothing(
    place, member_client, data, field, message
):
    before = SearchSynonym.objects.filter(place=place).count()
    response = member_client("convenor").post(url("synonym_create", place), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in text_of(response)
    assert SearchSynonym.objects.filter(place=place).count() == before


def test_edit_synonym_changes_the_meanings(place, member_client):
    dv = SearchSynonym.objects.get(place=place, key="dv")
    client = member_client("convenor")
    form = client.get(url("synonym_edit", place, dv.pk))
    assert form.context["form"].initial == {
        "phrase": "DV",
        "meanings": "domestic violence\ndomestic abuse",
    }
    response = client.post(
        url("synonym_edit", place, dv.pk),
        {"phrase": "DV", "meanings": "domestic abuse\ncoercive control"},
    )
    assert response.status_code == 302
    dv.refresh_from_db()
    assert dv.meaning_list == ["domestic abuse", "coercive control"]
    entry = AuditEntry.objects.get(action="directory.synonym.updated")
    assert entry.data == {
        "changed": {
            "meanings": [
                "domestic violence\ndomestic abuse",
                "domestic abuse\ncoercive control",
            ]
        }
    }


def test_edit_synonym_refuses_renaming_onto_another_phrase(place, member_client):
    dv = SearchSynonym.objects.get(place=place, key="dv")
    response = member_client("convenor").post(
        url("synonym_edit", place, dv.pk), {"phrase": "camhs", "meanings": "x"}
    )
    assert response.context["form"].errors["phrase"] == [
        "CAMHS is already in the list: change that entry instead"
    ]
    dv.refresh_from_db()
    assert dv.phrase == "DV"


def test_remove_synonym_asks_then_removes(place, member_client):
    yot = SearchSynonym.objects.get(place=place, key="yot")
    client = member_client("convenor")
    assert "Remove YOT?" in text_of(client.get(url("synonym_delete", place, yot.pk)))
    assert SearchSynonym.objects.filter(pk=yot.pk).exists()
    response = client.post(url("synonym_delete", place, yot.pk))
    assert response.status_code == 302
    assert not SearchSynonym.objects.filter(pk=yot.pk).exists()
    assert AuditEntry.objects.filter(action="directory.synonym.deleted").count() == 1


def test_synonym_of_another_place_answers_404(place, other_place, member_client):
    foreign = SearchSynonym.objects.get(place=other_place, key="dv")
    response = member_client("convenor").get(url("synonym_edit", place, foreign.pk))
    assert response.status_code == 404
