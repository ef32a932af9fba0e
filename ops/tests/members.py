"""One way to make a test user of a unit, for the root conftest's cast, the reform's people and the seed's."""

from django.contrib.auth import get_user_model

from ops.services import membership_assign


def member(username, unit, role):
    user = get_user_model().objects.create_user(username=username, password="test-password-123")
    membership_assign(user=user, unit=unit, role=role)
    return user
