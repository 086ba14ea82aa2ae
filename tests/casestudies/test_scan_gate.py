"""The scan gate: submitting scans, findings are fixed or dismissed, approval waits for both."""

import pytest

from joinedup.casestudies import scan_gate, services
from joinedup.casestudies.models import CaseStudy, ScanFinding
from joinedup.core.models import AuditEntry
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory


@pytest.fixture
def leaky_study(place, host):
    study = CaseStudyFactory(
        place=place,
        author=host,
        title="Kai's story",
        summary="Kai lived at 14 Cranbrook Road, Ilford IG1 4DU with his mum.",
        allow_list=["Kai"],
    )
    TimelineEntryFactory(
        case_study=study,
        what_happened="Kai's mum, Sarah Thompson, called 07700 900123 for help.",
    )
    return study


def _kinds(findings):
    return sorted(f.kind for f in findings)


def test_submit_stores_findings_with_positions_and_leaves_allowed_names(leaky_study, host):
    open_findings = services.submit_case_study(case_study=leaky_study, actor=host)
    leaky_study.refresh_from_db()
    assert leaky_study.state == CaseStudy.State.SUBMITTED
    assert "name" in _kinds(open_findings)
    assert "phone" in _kinds(open_findings)
    assert "postcode" in _kinds(open_findings) or "address" in _kinds(open_findings)
    for finding in open_findings:
        owner = finding.entry or leaky_study
        assert getattr(owner, finding.field)[finding.start : finding.end] == finding.text
        assert "Kai" not in finding.text


def test_approval_is_blocked_until_every_finding_is_fixed_or_dismissed(leaky_study, host, convenor):
    services.submit_case_study(case_study=leaky_study, actor=host)
    with pytest.raises(services.ApprovalBlocked) as blocked:
        services.approve_case_study(case_study=leaky_study, actor=convenor)
    assert blocked.value.open_findings

    findings = list(scan_gate.open_findings(leaky_study))
    phone = next(f for f in findings if f.kind == "phone")
    scan_gate.dismiss_finding(finding=phone, actor=host, reason="A made-up drama number")
    for finding in scan_gate.open_findings(leaky_study):
        scan_gate.apply_suggestion(finding=finding, actor=host)

    services.approve_case_study(case_study=leaky_study, actor=convenor)
    leaky_study.refresh_from_db()
    assert (leaky_study.state, leaky_study.approved_by) == (CaseStudy.State.APPROVED, convenor)
    entry = leaky_study.entries.get()
    assert "Sarah Thompson" not in entry.what_happened
    assert "[NAME 1]" in entry.what_happened
    assert "07700 900123" in entry.what_happened  # dismissed, so left as the author wrote it


def test_a_rescan_that_no_longer_finds_the_text_marks_it_fixed(leaky_study, host):
    services.submit_case_study(case_study=leaky_study, actor=host)
    entry = leaky_study.entries.get()
    services.save_entry(
        case_study=leaky_study,
        actor=host,
        entry=entry,
        fields={"what_happened": "Kai's mum called the council for help."},
    )
    statuses = dict(
        ScanFinding.objects.filter(entry=entry).values_list("kind", "status").distinct()
    )
    assert set(statuses.values()) == {ScanFinding.Status.FIXED}


def test_a_dismissed_finding_stays_dismissed_when_scanned_again(leaky_study, host):
    services.submit_case_study(case_study=leaky_study, actor=host)
    phone = next(f for f in scan_gate.open_findings(leaky_study) if f.kind == "phone")
    scan_gate.dismiss_finding(finding=phone, actor=host, reason="Made-up number")
    scan_gate.scan_case_study(case_study=leaky_study)
    phone.refresh_from_db()
    assert phone.status == ScanFinding.Status.DISMISSED
    assert not scan_gate.open_findings(leaky_study).filter(kind="phone").exists()


def test_dismissals_are_audit_logged_with_the_reason(leaky_study, host):
    services.submit_case_study(case_study=leaky_study, actor=host)
    finding = scan_gate.open_findings(leaky_study).first()
    scan_gate.dismiss_finding(finding=finding, actor=host, reason="  Not a real person  ")
    entry = AuditEntry.objects.get(action="casestudies.finding.dismissed")
    assert (entry.actor, entry.place, entry.data["reason"], entry.data["finding"]) == (
        host,
        leaky_study.place,
        "Not a real person",
        finding.pk,
    )


def test_a_dismissal_needs_a_reason(leaky_study, host):
    services.submit_case_study(case_study=leaky_study, actor=host)
    finding = scan_gate.open_findings(leaky_study).first()
    with pytest.raises(ValueError):
        scan_gate.dismiss_finding(finding=finding, actor=host, reason="   ")
    finding.refresh_from_db()
    assert finding.status == ScanFinding.Status.OPEN


def test_text_changed_after_submission_is_scanned_again_before_approval(
    leaky_study, host, convenor
):
    for finding in scan_gate.scan_case_study(case_study=leaky_study):
        scan_gate.dismiss_finding(finding=finding, actor=host, reason="checked")
    services.submit_case_study(case_study=leaky_study, actor=host)
    # Someone sneaks a new email address in without going through the services.
    CaseStudy.objects.filter(pk=leaky_study.pk).update(summary="Write to kai.m@mail.example")
    leaky_study.refresh_from_db()
    with pytest.raises(services.ApprovalBlocked):
        services.approve_case_study(case_study=leaky_study, actor=convenor)


def test_marked_segments_split_text_around_findings(leaky_study, host):
    services.submit_case_study(case_study=leaky_study, actor=host)
    entry = leaky_study.entries.get()
    found = list(ScanFinding.objects.filter(entry=entry, field="what_happened"))
    segments = scan_gate.marked_segments(entry.what_happened, found)
    assert "".join(s["text"] for s in segments) == entry.what_happened
    assert {s["finding"].pk for s in segments if s["finding"]} == {f.pk for f in found}
