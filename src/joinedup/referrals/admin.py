"""Site admins link receivers to their teams here. Referrals themselves are not in the admin:
the person's details are for the referrer and the receiving team only."""

from django.contrib import admin

from joinedup.referrals.models import ReceiverTeam


@admin.register(ReceiverTeam)
class ReceiverTeamAdmin(admin.ModelAdmin):
    list_display = ("user", "service", "place", "created_at")
    list_filter = ("place",)
    search_fields = ("user__email", "service__name")
    autocomplete_fields = ()
    raw_id_fields = ("user", "service")
