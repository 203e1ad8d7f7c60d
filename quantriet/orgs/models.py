"""Party units (a tree of any depth) and the member roll with dated unit history."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quantriet.lib import vntext

# Width of one id segment in Unit.path. 10 digits covers any id a nation will reach.
PATH_SEGMENT = 10


class UnitKind(models.TextChoices):
    """The kinds of Party organisation. Levels are not code: depth comes from the tree."""

    PROVINCE = "province", _("Provincial Party organisation")  # đảng bộ tỉnh / thành phố
    COMMUNE = "commune", _("Commune or ward Party organisation")  # đảng bộ xã/phường/đặc khu
    DISTRICT = "district", _("District-level Party organisation")  # đảng bộ huyện (pre-2025)
    BLOC = "bloc", _("Bloc Party committee")  # đảng ủy khối
    GRASSROOTS = "grassroots", _("Grassroots Party organisation")  # đảng bộ cơ sở
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")  # chi bộ cơ sở
    SUB_ORG = "sub_org", _("Subordinate Party organisation")  # đảng bộ bộ phận
    CELL = "cell", _("Subordinate Party cell")  # chi bộ trực thuộc
    OTHER = "other", _("Other Party organisation")


class UnitQuerySet(models.QuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(active=True)

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def search(self, text: str) -> UnitQuerySet:
        """Accent-insensitive: every typed word within the name, or the exact code."""
        folded = vntext.fold(text)
        if not folded:
            return self
        q = Q()
        for word in folded.split(" "):
            q &= Q(name_fold__contains=word)
        return self.filter(q | Q(code=vntext.clean(text))).order_by("depth", "name")


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=32, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of zero-padded ids, root first, each followed by "/":
    # "0000000001/0000000042/". A subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active = models.BooleanField(_("active"), default=True)
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True)
    name_fold = models.CharField(max_length=255, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party unit")
        verbose_name_plural = _("Party units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def segment(pk: int) -> str:
        return f"{pk:0{PATH_SEGMENT}d}/"

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return prefix + self.segment(self.pk)

    def is_within(self, other: Unit) -> bool:
        """True if this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    @staticmethod
    def ids_in_path(path: str) -> list[int]:
        """Ids of the units along a materialised path, root first."""
        return [int(s) for s in path.split("/") if s]

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit (inclusive)."""
        return self.ids_in_path(self.path)

    def ancestors(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(pk__in=self.ancestor_ids()[:-1]).order_by("depth")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")  # chính thức
    PROBATIONARY = "probationary", _("Probationary member")  # dự bị


class MemberQuerySet(models.QuerySet):
    def active(self) -> MemberQuerySet:
        return self.filter(active=True)

    def in_subtree(self, unit: Unit) -> MemberQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def search(self, text: str) -> MemberQuerySet:
        """Accent-insensitive search on name, member id and card number.

        Every typed word must begin a word of the name, in any order: "an" finds "Ân" and
        "Nguyễn Văn An" but not "Hoàng Lan"; "nguyen an" finds "Nguyễn Văn An".
        """
        folded = vntext.fold(text)
        if not folded:
            return self
        q = Q()
        for word in folded.split(" "):
            q &= Q(name_fold__startswith=word) | Q(name_fold__contains=" " + word)
        raw = vntext.clean(text)
        return self.filter(q | Q(member_id=raw) | Q(card_no=raw))


class Member(models.Model):
    member_id = models.CharField(_("member id"), max_length=32, unique=True)
    card_no = models.CharField(_("card number"), max_length=32, blank=True, db_index=True)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("Party unit"), on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    exempt = models.BooleanField(_("exempt from activities"), default=False)
    exempt_reason = models.CharField(_("exemption reason"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Derived, kept for indexed search and ordering (see lib/vntext.py).
    name_fold = models.CharField(max_length=200, editable=False, default="", db_index=True)
    name_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["name_key", "member_id"]
        indexes = [models.Index(fields=["unit", "name_key"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.member_id})"

    def save(self, *args, **kwargs) -> None:
        self.set_derived()
        super().save(*args, **kwargs)

    def set_derived(self) -> None:
        self.full_name = vntext.clean(self.full_name)
        self.name_fold = vntext.fold(self.full_name)
        self.name_key = vntext.name_sort_key(self.full_name)


class MembershipQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> MembershipQuerySet:
        """The memberships in force on `day` (start inclusive, end exclusive)."""
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )


class Membership(models.Model):
    """A member's time in one unit. Transfers (chuyển sinh hoạt) close one and open the next.

    start_date NULL means "since before the records began"; end_date NULL means "current".
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        ordering = ["member", "start_date"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"])]
        constraints = [
            # At most one open membership per member, enforced by the database.
            models.UniqueConstraint(
                fields=["member"], condition=Q(end_date__isnull=True), name="one_open_membership"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.unit_id} [{self.start_date}, {self.end_date})"


class ImportKind(models.TextChoices):
    UNITS = "units", _("Party units")
    MEMBERS = "members", _("Party members")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded file being imported in the background, with its progress and outcome."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The unit whose subtree the uploader could write when uploading; used for scoping the job.
    scope_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    # [{"row": 12, "column": "birth_date", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(self.done_rows * 100 / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
