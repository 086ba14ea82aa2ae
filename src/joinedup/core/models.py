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


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker (host and process), for /healthz."""

    worker = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.beat_at:%H:%M:%S}"
