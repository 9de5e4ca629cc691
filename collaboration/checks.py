"""A model that names a ``sharing_dataset`` the sharing policy does not know would
silently publish nothing to suppliers; say so at start-up instead."""

from django.apps import apps
from django.core import checks


@checks.register(checks.Tags.models)
def sharing_datasets_are_known(app_configs=None, **kwargs):
    from .models import SharingDataset

    errors = []
    for model in apps.get_models():
        dataset = getattr(model, "sharing_dataset", None)
        if dataset is not None and dataset not in SharingDataset.values:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.sharing_dataset = {dataset!r} is not a data set of "
                    f"the sharing policy ({', '.join(SharingDataset.values)}).",
                    obj=model,
                    id="collaboration.E001",
                )
            )
        if dataset is not None and not getattr(model, "supplier_path", None):
            errors.append(
                checks.Error(
                    f"{model._meta.label} names a sharing_dataset but no supplier_path.",
                    obj=model,
                    id="collaboration.E002",
                )
            )
    return errors
