"""Pages of the directory: find services, read one, add and change them, mark them checked,
and see what the place's directory covers."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from joinedup.core.permissions import can, place_view
from joinedup.directory import services as directory
from joinedup.directory.forms import ContactForm, OrganizationForm, SearchForm, ServiceForm
from joinedup.directory.models import (
    SECTORS_TAXONOMY,
    Attribute,
    Contact,
    Location,
    Organization,
    Schedule,
    Service,
)
from joinedup.directory.search import find_services
from joinedup.directory.sections import sections_for

PER_PAGE = 20
FIELD_LABELS = {
    "directory.service": {
        **ServiceForm.Meta.labels,
        "organization": "Organisation",
        "sectors": "Sectors",
        "needs": "Needs",
    },
    "directory.contact": {**ContactForm.Meta.labels, "phone": "Work phone number"},
}

HISTORY_LABELS = {
    "directory.service.created": "Service added",
    "directory.service.updated": "Details changed",
    "directory.service.checked": "Marked as checked",
    "pathways.threshold.changed": "Threshold changed",
    "directory.contact.created": "Contact added",
    "directory.contact.updated": "Contact changed",
    "directory.contact.deleted": "Contact removed",
}


def _terms_by_service(service_ids) -> dict:
    """{service_id: {"sectors": [...], "needs": [...]}} for a page of services."""
    found: dict = {}
    rows = (
        Attribute.objects.filter(service_id__in=service_ids)
        .select_related("taxonomy_term__taxonomy")
        .order_by("taxonomy_term__name")
    )
    for attribute in rows:
        taxonomy = attribute.taxonomy_term.taxonomy
        kind = "sectors" if taxonomy and taxonomy.key == SECTORS_TAXONOMY else "needs"
        found.setdefault(attribute.service_id, {"sectors": [], "needs": []})[kind].append(
            attribute.taxonomy_term
        )
    return found


@place_view("directory.view")
def service_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Find the place's services by words, need, sector and status."""
    form = SearchForm(request.GET or None, place=request.place)
    criteria = form.cleaned_data if form.is_valid() else {}
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    need = criteria.get("need")
    result = find_services(
        place=request.place,
        text=criteria.get("q", ""),
        needs=[need] if need else [],
        sector=criteria.get("sector") or None,
        status=criteria.get("status", ""),
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    terms = _terms_by_service([s.pk for s in result.services])
    rows = [
        {"service": s, **terms.get(s.pk, {"sectors": [], "needs": []})} for s in result.services
    ]
    pages = max(1, -(-result.total // PER_PAGE))
    query = request.GET.copy()
    query.pop("page", None)
    searching = bool(criteria and any(criteria.values()))
    return render(
        request,
        "directory/services.html",
        {
            "page_title": "Search results" if searching else "Directory",
            "form": form,
            "rows": rows,
            "total": result.total,
            "total_estimated": result.estimated,
            "page_number": page,
            "pages": pages,
            "query": query.urlencode(),
            "searching": searching,
            "expansions": result.expansions,
            "can_edit": can(request.user, "directory.edit", request.place),
            "can_import": can(request.user, "directory.import", request.place),
            "can_export": can(request.user, "directory.export", request.place),
        },
    )


def _service_or_404(request, service_id) -> Service:
    return get_object_or_404(
        Service.objects.select_related("organization"), pk=service_id, place=request.place
    )


@place_view("directory.view")
def service_detail(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """One service: what it does, who for, how to refer, contacts, places, hours, history."""
    service = _service_or_404(request, service_id)
    locations = list(
        Location.objects.visible_to(request.user, request.place)
        .filter(service_at_locations__service=service)
        .prefetch_related("addresses", "phones")
        .distinct()
    )
    hidden_locations = (
        Location.objects.filter(
            place=request.place, confidential=True, service_at_locations__service=service
        )
        .exclude(pk__in=[loc.pk for loc in locations])
        .count()
    )
    schedules = list(Schedule.objects.filter(service=service, place=request.place))
    terms = _terms_by_service([service.pk]).get(service.pk, {"sectors": [], "needs": []})
    history = [
        {
            "entry": entry,
            "label": HISTORY_LABELS.get(entry.action, entry.action),
            "changed": [
                FIELD_LABELS.get(entry.target_type, {}).get(
                    name, name.replace("_", " ").capitalize()
                )
                for name in (entry.data.get("changed") or {})
            ],
        }
        for entry in directory.service_history(service)[:20]
    ]
    return render(
        request,
        "directory/service.html",
        {
            "page_title": service.name,
            "service": service,
            "contacts": service.contacts.prefetch_related("phones").order_by("name"),
            "phones": service.phones.all(),
            "locations": locations,
            "hidden_locations": hidden_locations,
            "schedules": schedules,
            "sectors": terms["sectors"],
            "needs": terms["needs"],
            "stale": directory.is_stale(service),
            "history": history,
            "can_edit": can(request.user, "directory.edit", request.place),
            "sections": sections_for(request, service),
        },
    )


def _organization_for(request, form) -> Organization:
    organization = form.cleaned_data.get("organization")
    if organization is None:
        organization = directory.save_organization(
            place=request.place,
            actor=request.user,
            fields={"name": form.cleaned_data["new_organization"]},
        )
    return organization


@place_view("directory.edit")
def service_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Add a service (team) to the place's directory."""
    form = ServiceForm(
        request.POST or None,
        place=request.place,
        initial={"status": Service.Status.ACTIVE, "organization": request.GET.get("organisation")},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            service = directory.create_service(
                place=request.place,
                actor=request.user,
                organization=_organization_for(request, form),
                fields=form.service_fields(),
                sectors=list(form.cleaned_data["sectors"]),
                needs=list(form.cleaned_data["needs"]),
            )
        messages.success(request, f"{service.name} added to the directory")
        return redirect("directory:service", place_slug=place_slug, service_id=service.pk)
    return render(
        request,
        "directory/service_form.html",
        {"page_title": "Add a service", "form": form, "service": None},
    )


@place_view("directory.edit")
def service_edit(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """Change a service's details, organisation, sectors and needs."""
    service = _service_or_404(request, service_id)
    form = ServiceForm(request.POST or None, instance=service, place=request.place)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fields = form.service_fields()
            fields["organization"] = _organization_for(request, form)
            # the form has already written its values onto the instance; compare to the row
            service = Service.objects.get(pk=service.pk)
            changed = directory.update_service(
                service=service,
                actor=request.user,
                fields=fields,
                sectors=list(form.cleaned_data["sectors"]),
                needs=list(form.cleaned_data["needs"]),
            )
        messages.success(request, f"{service.name} updated" if changed else "Nothing was changed")
        return redirect("directory:service", place_slug=place_slug, service_id=service.pk)
    return render(
        request,
        "directory/service_form.html",
        {"page_title": f"Change {service.name}", "form": form, "service": service},
    )


@require_POST
@place_view("directory.edit")
def service_check(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """Record that the service's details were confirmed today."""
    service = _service_or_404(request, service_id)
    directory.mark_checked(service=service, actor=request.user)
    messages.success(request, f"{service.name} marked as checked today")
    fallback = reverse("directory:service", args=[place_slug, service.pk])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)


@place_view("directory.edit")
def organization_edit(request: HttpRequest, place_slug: str, organization_id) -> HttpResponse:
    """Change an organisation's name and how to reach it."""
    organization = get_object_or_404(Organization, pk=organization_id, place=request.place)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        directory.save_organization(
            place=request.place,
            actor=request.user,
            organization=Organization.objects.get(pk=organization.pk),
            fields=fields,
        )
        messages.success(request, f"{fields['name']} updated")
        back = request.GET.get("service")
        if back and Service.objects.filter(pk=back, place=request.place).exists():
            return redirect("directory:service", place_slug=place_slug, service_id=back)
        return redirect("directory:services", place_slug=place_slug)
    return render(
        request,
        "directory/organization_form.html",
        {
            "page_title": f"Change {organization.name}",
            "form": form,
            "organization": organization,
            "services": organization.services.order_by("name"),
        },
    )


@place_view("directory.edit")
def contact_create(request: HttpRequest, place_slug: str, service_id) -> HttpResponse:
    """Add a named contact to a service."""
    service = _service_or_404(request, service_id)
    form = ContactForm(request.POST or None, initial={"department": service.name})
    if request.method == "POST" and form.is_valid():
        contact = directory.save_contact(
            service=service,
            actor=request.user,
            fields=form.contact_fields(),
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, f"{contact.name} added as a contact")
        return redirect("directory:service", place_slug=place_slug, service_id=service.pk)
    return render(
        request,
        "directory/contact_form.html",
        {"page_title": f"Add a contact for {service.name}", "form": form, "service": service},
    )


def _contact_or_404(request, service, contact_id) -> Contact:
    return get_object_or_404(Contact, pk=contact_id, service=service, place=request.place)


@place_view("directory.edit")
def contact_edit(request: HttpRequest, place_slug: str, service_id, contact_id) -> HttpResponse:
    """Change a contact's name, job, email or phone."""
    service = _service_or_404(request, service_id)
    contact = _contact_or_404(request, service, contact_id)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        directory.save_contact(
            service=service,
            actor=request.user,
            contact=Contact.objects.get(pk=contact.pk),
            fields=form.contact_fields(),
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, f"{form.cleaned_data['name']} updated")
        return redirect("directory:service", place_slug=place_slug, service_id=service.pk)
    return render(
        request,
        "directory/contact_form.html",
        {
            "page_title": f"Change {contact.name}",
            "form": form,
            "service": service,
            "contact": contact,
        },
    )


@place_view("directory.edit")
def contact_delete(request: HttpRequest, place_slug: str, service_id, contact_id) -> HttpResponse:
    """Ask, then remove a contact from a service."""
    service = _service_or_404(request, service_id)
    contact = _contact_or_404(request, service, contact_id)
    if request.method == "POST":
        directory.delete_contact(contact=contact, actor=request.user)
        messages.success(request, f"{contact.name} removed")
        return redirect("directory:service", place_slug=place_slug, service_id=service.pk)
    return render(
        request,
        "directory/contact_delete.html",
        {"page_title": f"Remove {contact.name}", "service": service, "contact": contact},
    )


@place_view("directory.view")
def coverage(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every expected sector with its active services and named contacts, and the gaps."""
    report = directory.coverage_for(place=request.place)
    frontline = [row for row in report.sectors if row.sector.tier == "frontline"]
    central = [row for row in report.sectors if row.sector.tier != "frontline"]
    return render(
        request,
        "directory/coverage.html",
        {
            "page_title": "Coverage and gaps",
            "coverage": report,
            "tiers": [("Frontline services", frontline), ("Central government", central)],
            "can_edit": can(request.user, "directory.edit", request.place),
        },
    )
