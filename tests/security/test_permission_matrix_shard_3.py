"""The permission matrix, shard 4 of 4 (see ``permission_walk.py``)."""

import pytest

from tests.security.permission_walk import shard_patterns, walk


@pytest.mark.django_db
def test_permission_matrix(world):
    walk(world, shard_patterns(3))
