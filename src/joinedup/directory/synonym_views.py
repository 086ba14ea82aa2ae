"""Pages for the words people search for in a place: everyone may read the list, convenors
add, change and remove entries (joinedup.directory.services does the work)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.core.permissions import can, place_view
from joinedup.directory import services as directory
from joinedup.directory.forms import SynonymForm
from joinedup.directory.models import SearchSynonym


@place_view("directory.view")
def synonym_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's abbreviations and everyday words, and what search reads them as."""
    return render(
        request,
        "directory/synonyms.html",
        {
            "page_title": "Words people search for",
            "synonyms": SearchSynonym.objects.filter(place=request.place),
            "can_edit": can(request.user, "directory.edit", request.place),
        },
    )


def _save(request, place_slug, form, synonym=None):
    try:
        saved = directory.save_synonym(
            place=request.place,
            actor=request.user,
            phrase=form.cleaned_data["phrase"],
            meanings=form.cleaned_data["meanings"],
            synonym=synonym,
        )
    except directory.SynonymExists as refused:
        form.add_error(
            "phrase",
            f"{refused.existing.phrase} is already in the list: change that entry instead",
        )
        return None
    messages.success(request, f"Search now reads {saved.phrase} as {', '.join(saved.meaning_list)}")
    return redirect("directory:synonyms", place_slug=place_slug)


@place_view("directory.edit")
def synonym_create(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Add a phrase people search for."""
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _save(request, place_slug, form)
        if response is not None:
            return response
    return render(
        request,
        "directory/synonym_form.html",
        {"page_title": "Add words people search for", "form": form, "synonym": None},
    )


@place_view("directory.edit")
def synonym_edit(request: HttpRequest, place_slug: str, synonym_id: int) -> HttpResponse:
    """Change a phrase or what it means."""
    synonym = get_object_or_404(SearchSynonym, pk=synonym_id, place=request.place)
    form = SynonymForm(
        request.POST or None,
        initial={"phrase": synonym.phrase, "meanings": "\n".join(synonym.meaning_list)},
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, place_slug, form, synonym=synonym)
        if response is not None:
            return response
    return render(
        request,
        "directory/synonym_form.html",
        {"page_title": f"Change {synonym.phrase}", "form": form, "synonym": synonym},
    )


@place_view("directory.edit")
def synonym_delete(request: HttpRequest, place_slug: str, synonym_id: int) -> HttpResponse:
    """Ask, then take a phrase out of the list."""
    synonym = get_object_or_404(SearchSynonym, pk=synonym_id, place=request.place)
    if request.method == "POST":
        directory.delete_synonym(synonym=synonym, actor=request.user)
        messages.success(request, f"{synonym.phrase} removed from the words people search for")
        return redirect("directory:synonyms", place_slug=place_slug)
    return render(
        request,
        "directory/synonym_delete.html",
        {"page_title": f"Remove {synonym.phrase}", "synonym": synonym},
    )
