"""Keep search entries in step with ORM saves and deletes (bulk writers call reindex)."""

import threading

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from joinedup.core.models import Place
from joinedup.directory import search
from joinedup.directory.models import Attribute, Organization, Service, TaxonomyTerm
from joinedup.directory.services import seed_synonyms

# Services being deleted right now: their tags go first, and must not re-index them (an entry
# written mid-deletion would point at a deleted service and fail the foreign key at commit).
_deleting = threading.local()


def _being_deleted() -> set:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


@receiver(pre_delete, sender=Service, dispatch_uid="directory_service_deleting")
def note_service_deleting(sender, instance, **kwargs):
    """Remember that the service is on its way out (Django sends every pre_delete first)."""
    _being_deleted().add(instance.pk)


@receiver(post_delete, sender=Service, dispatch_uid="directory_service_deleted")
def forget_service_deleting(sender, instance, **kwargs):
    """The service is gone, and its search entry with it."""
    _being_deleted().discard(instance.pk)


@receiver(post_save, sender=Service, dispatch_uid="directory_index_service")
def index_saved_service(sender, instance, raw=False, **kwargs):
    """Index a saved service (fixtures loaded raw are indexed by reindex_services)."""
    if not raw:
        search.services_changed([instance.pk])


@receiver(post_save, sender=Organization, dispatch_uid="directory_index_organization")
def index_organization_services(sender, instance, created=False, raw=False, **kwargs):
    """Re-index an organisation's services: its name is part of their text."""
    if not raw and not created:
        search.services_changed(instance.services.values_list("id", flat=True))


@receiver(post_save, sender=Attribute, dispatch_uid="directory_index_attribute_saved")
@receiver(post_delete, sender=Attribute, dispatch_uid="directory_index_attribute_deleted")
def index_tagged_service(sender, instance, raw=False, **kwargs):
    """Re-index the service a term was added to or taken from."""
    if not raw and instance.service_id and instance.service_id not in _being_deleted():
        search.services_changed([instance.service_id])


@receiver(post_save, sender=TaxonomyTerm, dispatch_uid="directory_index_term")
def index_term_services(sender, instance, created=False, raw=False, **kwargs):
    """Re-index the services tagged with a renamed term."""
    if not raw and not created:
        search.services_changed(
            Attribute.objects.filter(taxonomy_term=instance, service__isnull=False).values_list(
                "service_id", flat=True
            )
        )


@receiver(post_save, sender=Place, dispatch_uid="directory_seed_synonyms")
def seed_place_synonyms(sender, instance, created=False, raw=False, **kwargs):
    """A new place starts with the default words people search for."""
    if created and not raw:
        seed_synonyms(place=instance)
