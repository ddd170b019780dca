"""Use cases: one function per user action, a session as first argument."""
from .exports import EXPORT_FORMATS, export_path
from .records import FORMATS, ImportResult, import_document, import_path, reference_context
from .overview import overview
from .reference import seed_reference
from .seed import seed

__all__ = [
    "EXPORT_FORMATS",
    "export_path",
    "FORMATS",
    "ImportResult",
    "import_document",
    "import_path",
    "reference_context",
    "overview",
    "seed_reference",
    "seed",
]
