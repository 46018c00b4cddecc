"""Settings for the load benchmark: exactly the product's settings, plus a bare view to compare against.

The bare view lives only here (bench.urls), never in the product's URLs. Everything else, including
middleware, database options and the session store, is closeknit.settings unchanged, so the check-in
and the bare view are measured on the same stack.
"""

from closeknit.settings import *  # noqa: F403
from closeknit.settings import INSTALLED_APPS, LEAN_PATHS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# The bare views sit behind the API's middleware (closeknit/core/lean.py), so the ratio compares like with like.
LEAN_PATHS = (*LEAN_PATHS, "/bench/")
