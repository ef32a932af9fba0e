"""Admin building blocks every app uses."""


class ReadOnlyAdminMixin:
    """Readable in the admin, never added, changed or deleted there (a ModelAdmin or an inline).

    For records changed only through the portal's services, which validate and audit every change: the admin
    would bypass both.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
