import pytest

from tests.desk.editing import staff_in_roles


@pytest.fixture
def staff(db):
    """An administrator, an Editor, two Authors and a Contributor."""
    return staff_in_roles()
