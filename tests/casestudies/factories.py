"""Factories for case studies, their timelines and capture sheets."""

import factory

from joinedup.casestudies.models import CaseStudy, LifeDomain, TableCapture, TimelineEntry
from tests.core.factories import PlaceFactory, UserFactory


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    place = factory.SubFactory(PlaceFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"A young person excluded from school ({n})")
    summary = "A fictional story about a teenager and the services around him."
    allow_list = factory.LazyFunction(lambda: ["Kai"])


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    case_study = factory.SubFactory(CaseStudyFactory)
    order = factory.Sequence(lambda n: n + 1)
    age_years = 14
    domain = LifeDomain.EDUCATION
    what_happened = "Kai was excluded from school after a fight."


class TableCaptureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableCapture

    case_study = factory.SubFactory(CaseStudyFactory, state=CaseStudy.State.APPROVED)
    place = factory.SelfAttribute("case_study.place")
    label = factory.Sequence(lambda n: f"Table {n + 1}")
    round = 1
