"""People: users with role groups and category grants."""

import factory
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from srm.accounts.models import User
from srm.core.permissions import CATEGORY_GRANT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["category_manager"])`` puts the user in those role groups."""
        for code in extracted or []:
            self.groups.add(Group.objects.get(name=code))
        if create:
            self.save()

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        """``UserFactory(categories=[cat])`` grants those categories (guardian)."""
        for category in extracted or []:
            assign_perm(CATEGORY_GRANT, self, category)
