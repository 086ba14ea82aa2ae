"""Factories for pathways: a pathway with a version, steps of that version, thresholds."""

import factory

from joinedup.pathways.models import Pathway, PathwayVersion, Step, Threshold
from tests.core.factories import PlaceFactory
from tests.directory.factories import need


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    place = factory.SubFactory(PlaceFactory)
    need = factory.LazyFunction(lambda: need("child-at-risk"))
    title = "A child may be at risk of harm"


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayVersion

    pathway = factory.SubFactory(PathwayFactory)
    place = factory.SelfAttribute("pathway.place")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.SelfAttribute("pathway.title")
    status = PathwayVersion.Status.DRAFT


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step
        skip_postgeneration_save = True

    version = factory.SubFactory(VersionFactory)
    place = factory.SelfAttribute("version.place")
    code = factory.Sequence(lambda n: f"step-{n}")
    level = 2
    indicators = factory.LazyFunction(lambda: ["School attendance falling"])
    route_how = Step.How.FORM
    route_detail = "Early help request form"
    response_hours = 72
    consent = Step.Consent.ASK

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)


class ThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Threshold

    service = None
    place = factory.SelfAttribute("service.place")
    need = factory.LazyFunction(lambda: need("child-at-risk"))
    levels = factory.LazyFunction(lambda: [2, 3])
