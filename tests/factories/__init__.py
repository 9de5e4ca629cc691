"""factory_boy factories, one module per app; every factory is importable from here."""

from .accounts import (  # noqa: F401
    UserFactory,
)
from .collaboration import (  # noqa: F401
    ForecastFactory,
    ForecastLineFactory,
    IdeaFactory,
    PilotFactory,
    PilotTaskFactory,
    RoadmapItemFactory,
    SharingPolicyFactory,
)
from .risk import (  # noqa: F401
    ContinuityExerciseFactory,
    ContinuityPlanFactory,
    RiskScoreFactory,
    RiskValueFactory,
    dimension,
)
from .suppliers import (  # noqa: F401
    CategoryFactory,
    CertificateFactory,
    ContractFactory,
    ContractPriceFactory,
    ItemFactory,
    ReceiptFactory,
    ServiceLevelFactory,
    SupplierFactory,
)
