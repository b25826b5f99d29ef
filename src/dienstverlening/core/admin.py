from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User

# Only a superuser hands out superuser status or loose permissions; the functioneel beheerder
# gives roles, and the role decides the rest (``core.services.user_access_sync``).
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form_template = "core/admin/user_add_form.html"
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Rol in Dienstverlening"),
            {
                "fields": ("role", "is_active"),
                "description": _(
                    "De rol bepaalt wat iemand mag. Zet een account op inactief als iemand "
                    "vertrekt; verwijderen kan niet."
                ),
            },
        ),
        (
            _("Beheer"),
            {
                "fields": ("is_staff", *SUPERUSER_ONLY_FIELDS),
                "description": _(
                    "Toegang tot het beheer volgt uit de rol: alleen de functioneel beheerder "
                    "(en een superuser) komt hier."
                ),
            },
        ),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
        (_("Rol in Dienstverlening"), {"fields": ("role",)}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return tuple(
            (
                name,
                {
                    **options,
                    "fields": tuple(f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS),
                },
            )
            for name, options in fieldsets
        )

    def get_queryset(self, request):
        """A functioneel beheerder neither sees nor changes superusers (nor their password)."""
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)
