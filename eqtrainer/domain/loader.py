"""Turn scenario files into `Scenario` models, reporting every problem an author can fix.

The work lives in modules named for what they do; this one gathers their public names:
reading one file (`read_file`, on `read_scenes` and `read_fields`), finding files
(`discovery`), loading a library (`library`) and checking one on several cores
(`parallel_check`).
"""

from .discovery import scenario_files
from .library import Library, check_duplicate_ids, load_library, sorted_diagnostics
from .parallel_check import PARALLEL_FROM, check_library
from .read_file import LoadResult, load_file

__all__ = [
    "PARALLEL_FROM",
    "Library",
    "LoadResult",
    "check_duplicate_ids",
    "check_library",
    "load_file",
    "load_library",
    "scenario_files",
    "sorted_diagnostics",
]
