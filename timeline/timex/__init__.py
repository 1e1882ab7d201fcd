"""Time expressions: recognition (``recognize``), the rule engine (``normalize``), the rule
files' compiler (``rules``), the resolvers and calendar periods."""

from timeline.timex.normalize import find, normalize
from timeline.timex.recognize import recognize
from timeline.timex.resolvers import Context, Normalized

__all__ = ["Context", "Normalized", "find", "normalize", "recognize"]
