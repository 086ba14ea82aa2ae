"""Demo of "start from another place's approach": Ilford shares its approach and its first
three approved case studies, so Exeter's convenor can start Exeter from them.

Idempotent and respectful of people: a sharing choice someone already made (an audit entry
for the place or the story) is never changed back; nothing is copied for the demo (that is
the journey to try).
"""

from joinedup.casestudies.models import CaseStudy
from joinedup.core.models import AuditEntry

SHARED_STORIES = 3


PLACE_CHOICES = ["core.place.shares_approach", "core.place.stops_sharing"]
STORY_CHOICES = ["casestudies.casestudy.shared", "casestudies.casestudy.unshared"]


def _chosen_by_someone(obj, actions: list) -> bool:
    return AuditEntry.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk), action__in=actions
    ).exists()


def load_copy_demo(demo) -> None:
    """Ilford shares its approach and three approved stories (unless someone chose already)."""
    ilford = demo.places["ilford"]
    if not ilford.shares_approach and not _chosen_by_someone(ilford, PLACE_CHOICES):
        ilford.shares_approach = True
        ilford.save(update_fields=["shares_approach"])
    approved = CaseStudy.objects.filter(place=ilford, state=CaseStudy.State.APPROVED)
    for study in approved.order_by("title")[:SHARED_STORIES]:
        if not study.shareable and not _chosen_by_someone(study, STORY_CHOICES):
            CaseStudy.objects.filter(pk=study.pk).update(shareable=True)
