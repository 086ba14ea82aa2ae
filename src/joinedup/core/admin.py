from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from joinedup.core.audit import log_action
from joinedup.core.models import AuditEntry, Job, Membership, OutboxMessage, Place, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "local_authority"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        _save_memberships(request, formset)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "password1", "password2"]}),
    ]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        _save_memberships(request, formset)


def _save_memberships(request, formset) -> None:
    """Save membership inlines, writing each grant and revocation to the audit log."""
    instances = formset.save(commit=False)
    for membership in formset.deleted_objects:
        log_action(
            "core.membership.revoked",
            actor=request.user,
            target=membership,
            place=membership.place,
            data={"email": membership.user.email, "role": membership.role, "via": "admin"},
        )
        membership.delete()
    for membership in instances:
        created = membership.pk is None
        membership.save()
        log_action(
            "core.membership.granted" if created else "core.membership.changed",
            actor=request.user,
            target=membership,
            place=membership.place,
            data={"email": membership.user.email, "role": membership.role, "via": "admin"},
        )
    formset.save_m2m()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "place", "target_label"]
    list_filter = ["place", "action"]
    search_fields = ["action", "actor_label", "target_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "place"]
    list_filter = ["status", "place"]
    search_fields = ["subject"]
    exclude = ["raw"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name != "raw"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "title", "status", "place"]
    list_filter = ["status", "kind"]
