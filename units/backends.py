from django.contrib.auth.backends import BaseBackend

from .models import is_administrator


class AdministratorRoleBackend(BaseBackend):
    """Members with the role "admin" hold every model permission, as the role promises.

    Without it an administrator who is not a Django superuser would be refused in the admin.
    Admins still decide per ModelAdmin (read-only admins of audited data stay read-only).
    """

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and is_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and is_administrator(user_obj)
