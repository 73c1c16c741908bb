"""Stage 7, decide: run the stages, then build the explained decision (contract section 3)."""

from .build import decide, decide_all
from .decision import Decision
from .trace import Trace, trace_all

__all__ = ["Decision", "Trace", "decide", "decide_all", "trace_all"]
