"""People who sign in: staff (username + password) and citizens (mobile + one-time code)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, username: str | None = None, password: str | None = None, **extra: object
    ) -> User:
        user = self.model(username=username or None, **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member (has a username) or a citizen (has only a verified mobile)."""

    username = models.CharField(_("username"), max_length=150, unique=True, null=True, blank=True)
    # E.164 (+989…), the one stored form; see chatr.core.phone.
    mobile = models.CharField(_("mobile"), max_length=13, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Staff sign in with a password.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(username__isnull=False) | Q(mobile__isnull=False),
                name="user_has_username_or_mobile",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username or self.mobile_display

    @property
    def mobile_display(self) -> str:
        from chatr.core.phone import mask_mobile

        return mask_mobile(self.mobile) if self.mobile else ""

    @property
    def is_citizen(self) -> bool:
        return not self.is_staff


class OneTimeCode(models.Model):
    """A hashed SMS code sent to a mobile number to sign a citizen in (or confirm at a counter)."""

    mobile = models.CharField(max_length=13, db_index=True)
    purpose = models.CharField(max_length=32, default="sign_in")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(
                fields=["mobile", "purpose", "created_at"], name="otp_mobile_purpose_created"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"
