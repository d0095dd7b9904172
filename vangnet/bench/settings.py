"""Settings of the load benchmark's server: the application's, plus the floor pages."""

from vangnet.settings import *  # noqa: F403

ROOT_URLCONF = "vangnet.bench.floor"
