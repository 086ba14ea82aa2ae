"""Places, people, memberships, the audit log, the email outbox and background jobs."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Place(models.Model):
    """A borough or city whose teams work together; every domain object belongs to one."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    local_authority = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    # Opt-in: other places may start from this place's approach (pathways, search words,
    # event set-ups, shareable case studies). Off until a convenor of this place says so.
    shares_approach = models.BooleanField(
        default=False,
        db_default=False,  # rows written by older code (or migrations) get False too
        help_text="Other places may start from our approach.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address; site admins have is_staff."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Site admins manage places and memberships."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session of the person at once (a role taken away); a session whose
    # stored hash was made with another epoch is signed out on its next request.
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, with the session epoch: either change ends sessions."""
        return f"{super().get_session_auth_hash()}.{self.session_epoch}"


class Role(models.TextChoices):
    CONVENOR = "convenor", "Convenor"
    HOST = "host", "Table host"
    PRACTITIONER = "practitioner", "Practitioner"
    STRATEGIST = "strategist", "Strategist"
    # answers referrals for the teams named by referrals.ReceiverTeam
    RECEIVER = "receiver", "Referral receiver"


class Membership(models.Model):
    """One role that a person holds in a place; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["place__name", "user__full_name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "place", "role"], name="one_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} in {self.place}"


class AuditEntry(models.Model):
    """One thing that happened: who did what to which object, with a small JSON payload."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["place", "-at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label or 'system'}"


class OutboxMessage(models.Model):
    """An email as Joinedup composed it; by default it never leaves this table."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        KEPT = "kept", "Kept in outbox"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # The key makes sending idempotent: a retried task finds the message it already wrote.
    key = models.CharField(max_length=200, unique=True, default=uuid.uuid4)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Names and content types of attachments."
    )
    raw = models.BinaryField(help_text="The whole MIME message, as it would be sent.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When a delivery task was last queued for it; the sweep queues another for a message
    # still "queued" long after this (a worker died before queueing it, or lost it).
    queued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # A failed message that is safe to send again (it certainly did not leave) is tried again
    # from this time by the sweep; a failed message without it is not sent again (core/mail.py).
    retry_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"


class Job(models.Model):
    """Progress of a long piece of background work, shown to the person who started it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="jobs")
    started_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A job run as steps names the task of its next step and its arguments, and each step
    # beats the heart: the sweep queues a step again for a job whose heart has stopped.
    resume_task = models.CharField(max_length=200, blank=True)
    resume_kwargs = models.JSONField(default=dict, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class CopyRun(models.Model):
    """One "start from another place": who copied what from which place into which, and the
    services the copied pathways name that still need mapping to the new place's directory."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="copy_runs")
    source_place = models.ForeignKey(
        Place, null=True, on_delete=models.SET_NULL, related_name="copied_into"
    )
    source_name = models.CharField(max_length=120, help_text="The source's name when copied.")
    copied_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_at = models.DateTimeField(default=timezone.now)
    chosen = models.JSONField(default=list, help_text="What was chosen: pathways, events, ...")
    summary = models.JSONField(default=dict, blank=True, help_text="Counts and names made.")
    to_map = models.JSONField(
        default=list, blank=True, help_text="Kit services left unmapped, with where they are used."
    )

    class Meta:
        ordering = ["-copied_at"]

    def __str__(self) -> str:
        return f"{self.place} from {self.source_name} on {self.copied_at:%-d %b %Y}"


class CopiedObject(models.Model):
    """The provenance of one copied object: which object of which place it was copied from.
    One table for every app (content type + id), so no app's model grows a field for it."""

    run = models.ForeignKey(CopyRun, on_delete=models.CASCADE, related_name="objects_copied")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(max_length=80, help_text='Model label, e.g. "events.event".')
    target_id = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, help_text='What it is, in words: "pathway", "event".')
    source_id = models.CharField(max_length=64)
    source_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["run", "kind", "label"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.label} copied from {self.source_label}"


class RoleInvitation(models.Model):
    """An invitation by email to take a role in a place: a single-use link for 7 days.

    Only the SHA-256 hash of the link's token is stored (core/tokens.py); the token itself
    exists only in the email.
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="role_invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["place", "email"])]

    def __str__(self) -> str:
        return f"{self.email} invited as {self.get_role_display()} in {self.place}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


class StoredFile(models.Model):
    """One stored copy of a file that several emails attach (a published report's PDF).

    An outbox message names it instead of holding its bytes; delivery attaches it.
    """

    key = models.CharField(max_length=200, unique=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.filename


class PeriodicRun(models.Model):
    """When a periodic job (joinedup.core.schedule) last ran, and what it did: the worker and
    `run_periodic` run a job only when its period has passed since then."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker (host and process), for /healthz."""

    worker = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.beat_at:%H:%M:%S}"
