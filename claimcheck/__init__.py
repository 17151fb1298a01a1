"""claimcheck: find numbers in prose that cannot all be true.

The public API (``claimcheck.check_text``, ``claimcheck.extract_text``, ...) lives in
:mod:`claimcheck.api` and is re-exported here lazily, so importing the package (and
``claimcheck --version``) stays fast.
"""
__version__ = "0.1.0"

_API = ("extract_text", "extract_paths", "check_text", "check_paths", "check_sources", "load_rules")
_MODELS = ("Document", "Mention", "Claim", "Relation", "Finding", "Location", "Report", "Summary")
__all__ = ["__version__", *_API, *_MODELS, "ClaimcheckError"]


def __getattr__(name):
    if name in _API:
        from . import api
        return getattr(api, name)
    if name in _MODELS:
        from . import models
        return getattr(models, name)
    if name == "ClaimcheckError":
        from .errors import ClaimcheckError
        return ClaimcheckError
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
