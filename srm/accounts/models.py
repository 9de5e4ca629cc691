from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models

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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
