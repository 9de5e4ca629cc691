from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import RoleCode, Scope


class User(AbstractUser):
    """A person using the application. Supplier collaborators are bound to one supplier."""

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collaborators",
        help_text="Only for supplier collaborators: the supplier this person works for.",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.supplier_id and self.is_superuser:
            raise ValidationError({"supplier": "A supplier collaborator cannot be a superuser."})


class Role(models.Model):
    """A role of SPEC §3: a Django group plus how far it reaches and which tracks it works on.

    What a role may do on each model is the group's permissions (data, editable
    in the admin); the scope and tracks bound those permissions in the one
    permission choke point (``srm.core.permissions``).
    """

    code = models.SlugField(
        max_length=50, unique=True, choices=[(c.value, c.value) for c in RoleCode]
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    scope = models.CharField(
        max_length=20, choices=[(s.value, s.value) for s in Scope], default=Scope.ALL.value
    )
    collaboration_track = models.BooleanField(default=True)
    management_track = models.BooleanField(default=True)
    mfa_required = models.BooleanField(
        _("MFA required"),
        default=False,
        help_text=_("Holders must set up a second factor before using the application."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A REST API key of one user (``Authorization: Token KEY``).

    Only the SHA-256 digest of the key is kept: the key is shown once, when the
    token is created. A token stops working when it expires or is revoked; the
    row stays, so the audit trail can name it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The key's first characters: enough to recognise a token in a list, too few to use it.
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=ApiTokenScope.choices, default=ApiTokenScope.WRITE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class DirectoryGroupRule(models.Model):
    """Roles from the directory: a member of ``group`` in the identity provider holds
    ``role`` and the ``categories`` grants here, applied at every single sign-on.

    Roles and categories named by any rule are the directory's to give and take: a user
    whose group is gone loses them at the next sign-in. Others, given by hand, stay.
    """

    group = models.CharField(
        _("directory group"),
        max_length=200,
        help_text=_("The value in the identity provider's groups claim (name or id)."),
    )
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.CASCADE, related_name="directory_rules"
    )
    categories = models.ManyToManyField(
        "suppliers.Category",
        blank=True,
        related_name="directory_rules",
        help_text=_("Category grants for members of the group."),
    )

    class Meta:
        ordering = ["group", "id"]
        verbose_name = _("directory group rule")

    def __str__(self) -> str:
        return f"{self.group} → {self.role or '—'}"


class Invitation(models.Model):
    """A one-time link that lets an invited person set their password and start.

    The invited user exists from the start (inactive, no usable password) so that the
    roles and grants given with the invitation are the ones they get; only the SHA-256
    digest of the link's key is kept. The link works once, until ``expires_at``, and not
    after it was revoked (the user deactivated before accepting).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return self.email

    def is_open(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
