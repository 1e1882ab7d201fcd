"""Evaluation against TimeML gold data (TempEval-3 TBAQ: TimeBank, AQUAINT).

* :mod:`timeline.evaluation.timeml` - a safe TimeML reader (:func:`read_timeml`,
  :func:`iter_timeml`);
* :mod:`timeline.evaluation.timex` - TempEval-3 Task A scoring of time expressions
  (:func:`score_timex`, :func:`run_eval_timex`);
* :mod:`timeline.evaluation.anchoring` - event dating against TLINKs
  (:func:`score_anchoring`, :func:`run_eval_anchoring`, with a naive baseline).

The ``run_eval_*`` functions back ``timeline eval timex`` and ``timeline eval anchoring``;
see docs/evaluation.md.
"""

from timeline.evaluation.anchoring import AnchoringResult, run_eval_anchoring, score_anchoring
from timeline.evaluation.timeml import (
    GoldDocument,
    GoldEvent,
    GoldTimex,
    GoldTLink,
    TimeMLError,
    iter_timeml,
    read_timeml,
)
from timeline.evaluation.timex import TimexResult, run_eval_timex, score_timex

__all__ = [
    "AnchoringResult",
    "GoldDocument",
    "GoldEvent",
    "GoldTLink",
    "GoldTimex",
    "TimeMLError",
    "TimexResult",
    "iter_timeml",
    "read_timeml",
    "run_eval_anchoring",
    "run_eval_timex",
    "score_anchoring",
    "score_timex",
]
