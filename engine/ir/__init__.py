"""Stage 4, the intermediate form: flat rules over flat facts, read by every backend.

`fields` declares every value a rule may test; `nodes` the rules; `pack` the compiled pack.
"""

from .dates import ALWAYS, Period
from .fields import HOLDERS, KINDS, Field, Kind, field
from .nodes import (
    STAGES,
    Clause,
    Effect,
    Escalate,
    Fact,
    Lead,
    Offer,
    Origin,
    RaiseLevel,
    Rule,
    Stage,
    Subject,
    Test,
    selective_first,
)
from .pack import (
    CinCodeInfo,
    CinGives,
    CompiledPack,
    IndicatorInfo,
    InterventionInfo,
    LevelInfo,
    RankingInfo,
    ReviewInfo,
    ServiceInfo,
    StageIndex,
)
from .tables import Cited, Placement, RatingRule, SupportingFamiliesTable, UrgencyTable

__all__ = [
    "ALWAYS",
    "HOLDERS",
    "KINDS",
    "STAGES",
    "CinCodeInfo",
    "CinGives",
    "Cited",
    "Clause",
    "CompiledPack",
    "Effect",
    "Escalate",
    "Fact",
    "Field",
    "IndicatorInfo",
    "InterventionInfo",
    "Kind",
    "Lead",
    "LevelInfo",
    "Offer",
    "Origin",
    "Period",
    "Placement",
    "RaiseLevel",
    "RankingInfo",
    "RatingRule",
    "ReviewInfo",
    "Rule",
    "ServiceInfo",
    "Stage",
    "StageIndex",
    "Subject",
    "SupportingFamiliesTable",
    "Test",
    "UrgencyTable",
    "field",
    "selective_first",
]
