"""Pages of "find help for a person": choose needs, answer the indicators, get the plan."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from joinedup.core.permissions import place_view
from joinedup.pathways.dash import score_dash
from joinedup.pathways.find_help import (
    BadSharedPlan,
    build_plan,
    choose_level,
    questions_for,
    read_shared,
    record_plan,
    share_query,
)
from joinedup.pathways.find_help_forms import QuestionsForm, StartForm


@place_view("pathways.view")
def find_help(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Needs, age and area (GET); the indicators and DASH (GET with needs); the plan (POST)."""
    place = request.place
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not request.GET:
        return render(
            request,
            "pathways/find_help_start.html",
            {"page_title": "Find help for a person", "form": StartForm(place=place)},
        )
    start = StartForm(data, place=place)
    if not start.is_valid():
        return render(
            request,
            "pathways/find_help_start.html",
            {"page_title": "Error: Find help for a person", "form": start},
        )
    questions = questions_for(place=place, needs=start.chosen_needs())
    form = QuestionsForm(request.POST or None, questions=questions)
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "pathways/find_help_questions.html",
            {
                "page_title": ("Error: " if form.is_bound else "") + "What applies to the person",
                "start": start,
                "form": form,
                "questions": questions,
            },
        )
    choices = []
    for question in questions:
        dash = None
        if question.uses_dash:
            dash = score_dash(
                form.dash_answers(),
                judgement_high=form.cleaned_data["dash_judgement"],
                incidents_12_months=form.cleaned_data["dash_incidents"] or 0,
            )
        if question.version is None:
            choices.append((question.need, None, [], dash))
            continue
        level, reasons = choose_level(steps=question.steps, ticked=form.ticked(question), dash=dash)
        choices.append((question.need, level, reasons, dash))
    area = start.cleaned_data["area"]
    plans = build_plan(
        place=place,
        user=request.user,
        choices=choices,
        area=area,
        age=start.cleaned_data["age"],
        known={q.need.pk: (q.version, q.steps) for q in questions},
    )
    record_plan(place=place, plans=plans)
    return _plan_page(request, plans, area=area, age=start.cleaned_data["age"])


def _plan_page(request, plans, *, area: str, age, shared: bool = False) -> HttpResponse:
    place = request.place
    link = reverse("pathways:find_help_plan", kwargs={"place_slug": place.slug})
    link += "?" + urlencode(share_query(plans=plans, area=area))
    return render(
        request,
        "pathways/find_help_plan.html",
        {
            "page_title": "Plan to find help",
            "plans": plans,
            "area": area,
            "age": age,
            "shared": shared,
            "share_url": request.build_absolute_uri(link),
        },
    )


@place_view("pathways.view")
def find_help_plan(request: HttpRequest, place_slug: str) -> HttpResponse:
    """A shared plan: needs, levels and area from the link, nothing about the person."""
    try:
        choices, area = read_shared(
            place=request.place,
            values=request.GET.getlist("n"),
            area=request.GET.get("area", ""),
        )
    except BadSharedPlan as error:
        return render(
            request,
            "pathways/find_help_bad_link.html",
            {"page_title": "This plan link does not work", "problem": str(error)},
            status=400,
        )
    plans = build_plan(place=request.place, user=request.user, choices=choices, area=area)
    return _plan_page(request, plans, area=area, age=None, shared=True)


@place_view("pathways.view")
def information_sharing(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Our short summary of the seven golden rules of information sharing."""
    return render(
        request,
        "pathways/information_sharing.html",
        {"page_title": "The seven golden rules of information sharing"},
    )
