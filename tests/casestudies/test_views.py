"""The case study pages: reads are audit-logged, findings are shown where they are."""

from django.urls import reverse

from joinedup.casestudies import scan_gate, services
from joinedup.casestudies.models import CaseStudy, ScanFinding
from joinedup.core.models import AuditEntry
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory


def _url(name, study, **kwargs):
    return reverse(
        f"casestudies:{name}", kwargs={"place_slug": study.place.slug, "pk": study.pk, **kwargs}
    )


def test_every_read_of_a_case_study_is_audit_logged(host_client, approved_study, host):
    for _ in range(2):
        assert host_client.get(_url("detail", approved_study)).status_code == 200
    reads = AuditEntry.objects.filter(action="casestudies.casestudy.viewed")
    assert [(r.actor, r.target_id, r.data) for r in reads] == [
        (host, str(approved_study.pk), {"via": "page"})
    ] * 2


def test_another_places_case_study_answers_404_and_is_not_logged(
    convenor_client, other_place, place
):
    foreign = CaseStudyFactory(place=other_place, state=CaseStudy.State.APPROVED)
    url = reverse("casestudies:detail", kwargs={"place_slug": place.slug, "pk": foreign.pk})
    assert convenor_client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="casestudies.casestudy.viewed").exists()


def test_someone_elses_draft_answers_404_to_a_host(client, place, make_member, host):
    draft = CaseStudyFactory(place=place, author=host)
    client.force_login(make_member(place, "host"))
    assert client.get(_url("detail", draft)).status_code == 404


def test_writing_a_case_study_and_a_moment(host_client, place, host):
    response = host_client.post(
        reverse("casestudies:create", kwargs={"place_slug": place.slug}),
        {"title": "A teenager excluded from school", "summary": "", "allow_list": "Kai, Rosa"},
    )
    study = CaseStudy.objects.get()
    assert response["Location"] == _url("detail", study)
    assert (study.author, study.allow_list) == (host, ["Kai", "Rosa"])

    empty = host_client.post(_url("entry_add", study), {"domain": "family"})
    assert "Enter the person&#x27;s age, or a period of life" in empty.content.decode()
    assert "Enter what happened" in empty.content.decode()
    host_client.post(
        _url("entry_add", study),
        {"age_years": "14", "age_months": "3", "domain": "education", "what_happened": "Excluded."},
    )
    assert [e.when for e in study.entries.all()] == ["aged 14 and 3 months"]


def test_submitted_findings_are_shown_inline_with_their_suggestion(host_client, place, host):
    study = CaseStudyFactory(place=place, author=host, summary="Kai's mum, Sarah Thompson, helped.")
    TimelineEntryFactory(case_study=study)
    response = host_client.post(_url("submit", study))
    assert response["Location"].endswith("#findings")
    page = host_client.get(_url("detail", study)).content.decode()
    finding = ScanFinding.objects.get(text="Sarah Thompson")
    assert (
        f'<mark class="jup-finding jup-finding--open" id="found-{finding.pk}">Sarah Thompson</mark>'
        in page
    )
    assert "Suggested instead: <strong>[NAME 1]</strong>" in page
    assert "Apply suggestion" in page


def test_dismissing_needs_a_reason_and_is_logged(host_client, place, host):
    study = CaseStudyFactory(place=place, author=host, summary="Met Sarah Thompson there.")
    TimelineEntryFactory(case_study=study)
    services.submit_case_study(case_study=study, actor=host)
    finding = scan_gate.open_findings(study).get()
    url = _url("finding_dismiss", study, finding_id=finding.pk)
    assert (
        "Enter why this is not personal data"
        in host_client.post(url, {"reason": ""}).content.decode()
    )
    host_client.post(url, {"reason": "Made up for the story"})
    finding.refresh_from_db()
    assert (finding.status, finding.dismissed_by.full_name) == ("dismissed", "Hana Host")
    assert AuditEntry.objects.get(action="casestudies.finding.dismissed").data["reason"] == (
        "Made up for the story"
    )


def test_the_approve_button_is_refused_while_findings_are_open(convenor_client, place, host):
    study = CaseStudyFactory(place=place, author=host, summary="Met Sarah Thompson there.")
    TimelineEntryFactory(case_study=study)
    services.submit_case_study(case_study=study, actor=host)
    response = convenor_client.post(_url("approve", study), follow=True)
    assert (
        "Fix or dismiss the 1 possible personal detail before approving"
        in response.content.decode()
    )
    study.refresh_from_db()
    assert study.state == CaseStudy.State.SUBMITTED


def test_an_author_cannot_change_an_approved_story(host_client, approved_study):
    assert host_client.get(_url("edit", approved_study)).status_code == 403


def test_no_open_api_says_anything_about_case_studies(client, approved_study):
    schema = client.get(reverse("oruk:openapi-json"))
    assert schema.status_code == 200
    text = schema.content.decode().lower()
    for word in ("case_stud", "casestud", "timeline", "intervention", "capture"):
        assert word not in text


def test_a_convenor_cannot_approve_their_own_story_from_its_page(convenor_client, place, convenor):
    study = CaseStudyFactory(place=place, author=convenor, title="A boy who moved school")
    TimelineEntryFactory(case_study=study, what_happened="He moved school.")
    services.submit_case_study(case_study=study, actor=convenor)

    page = convenor_client.get(_url("detail", study)).content.decode()
    response = convenor_client.post(_url("approve", study), follow=True)

    assert "another convenor must approve it" in page
    assert "Approve for use" not in page
    assert (
        "You wrote this case study: another convenor must approve it" in response.content.decode()
    )
    study.refresh_from_db()
    assert (study.state, study.approved_by) == (CaseStudy.State.SUBMITTED, None)
