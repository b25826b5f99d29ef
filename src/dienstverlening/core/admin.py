from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static import admin as _otp_static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from .formats import format_number
from .models import ApiClient, ApiScope, DeletionLog, User
from .retention import period_parse, rule_get, rules
from .services import api_client_save_new, api_client_token_renew, api_token_expiry
from .twofactor.services import twofactor_reset, twofactor_status

# Tokens of the old kind were kept in plain text and listed here; they now live, hashed, in
# API clients (migration core 0006). The old list stays out of the admin.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)

# django-otp's own device admins (imported above so that they are registered first) show and
# accept secrets; a device is reset from the user instead (action below, docs/operations.md).
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)

# Only a superuser hands out superuser status or loose permissions; the functioneel beheerder
# gives roles, and the role decides the rest (``core.services.user_access_sync``).
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form_template = "core/admin/user_add_form.html"
    list_display = ("username", "first_name", "last_name", "role", "twofactor_on", "is_active")
    list_filter = ("role", "is_active")
    readonly_fields = ("is_staff", "twofactor_shown", "last_login", "date_joined")
    actions = ["twofactor_reset_action"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Werkaccount"),
            {
                "fields": ("oidc_subject",),
                "description": _(
                    "Wie inlogt met het werkaccount van de organisatie, krijgt bij elke keer "
                    "inloggen naam en e-mailadres van de inlogdienst, en ook rol en teams als die "
                    "aan groepen zijn gekoppeld: wijzig die dan daar. Maak het kenmerk leeg om "
                    "het account los te koppelen."
                ),
            },
        ),
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
        (
            _("Tweestapsverificatie"),
            {
                "fields": ("twofactor_shown",),
                "description": _(
                    "Telefoon kwijt of nieuw? Kies in de lijst met gebruikers de actie "
                    "'Tweestapsverificatie opnieuw laten instellen'."
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
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        )
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    @admin.display(description=_("tweestapsverificatie"), boolean=True, ordering="has_app")
    def twofactor_on(self, obj: User) -> bool:
        return bool(getattr(obj, "has_app", False))

    @admin.display(description=_("status"))
    def twofactor_shown(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        status = twofactor_status(obj)
        if not status.is_on:
            return str(
                _("Uit (verplicht: stelt het in bij de volgende keer inloggen)")
                if status.required
                else _("Uit")
            )
        assert status.app is not None
        return str(
            ngettext(
                "Aan sinds %(date)s; nog %(left)s herstelcode",
                "Aan sinds %(date)s; nog %(left)s herstelcodes",
                status.codes_left,
            )
            % {
                "date": timezone.localtime(status.app.created_at).strftime("%d-%m-%Y"),
                "left": status.codes_left,
            }
        )

    @admin.action(
        description=_("Tweestapsverificatie opnieuw laten instellen"), permissions=["change"]
    )
    def twofactor_reset_action(self, request, queryset):
        """Removes the app and recovery codes of the chosen users, after asking first."""
        if request.POST.get("post") != "yes":
            response = TemplateResponse(
                request,
                "core/admin/twofactor_reset_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Tweestapsverificatie opnieuw laten instellen"),
                    "users": list(queryset),
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
            add_never_cache_headers(response)
            return response
        reset = 0
        for user in queryset:
            if twofactor_reset(user=user, by=request.user):
                reset += 1
                self.log_change(request, user, str(_("Tweestapsverificatie opnieuw ingesteld")))
        self.message_user(
            request,
            ngettext(
                "Tweestapsverificatie van %(count)d gebruiker weggehaald: die stelt bij het "
                "inloggen een nieuwe app in.",
                "Tweestapsverificatie van %(count)d gebruikers weggehaald: zij stellen bij het "
                "inloggen een nieuwe app in.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS if reset else messages.INFO,
        )
        return None


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Mag"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kies alleen wat het systeem nodig heeft."),
    )

    class Meta:
        model = ApiClient
        fields = ["name", "description", "scopes", "sources", "expires_at", "is_active"]

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if self.instance.pk is None and expires_at <= timezone.now():
            raise forms.ValidationError(_("Kies een datum in de toekomst."), code="past")
        return expires_at


def _token_page(request, tokens: list[tuple[ApiClient, str]]) -> TemplateResponse:
    """The new token(s), shown this once; never cached."""
    response = TemplateResponse(
        request,
        "core/admin/api_client_token.html",
        {
            **admin.site.each_context(request),
            "title": _("Nieuw token"),
            "tokens": tokens,
            "opts": ApiClient._meta,
        },
    )
    add_never_cache_headers(response)
    return response


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """API clients: the token is shown once, after adding or renewing; only its hash is kept."""

    form = ApiClientForm
    list_display = (
        "name",
        "token_shown",
        "scopes_shown",
        "sources",
        "expires_at",
        "last_used_at",
        "is_active",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "sources", "token_prefix")
    readonly_fields = ("token_shown", "last_used_at", "created_at", "created_by")
    actions = ["renew_tokens"]

    def get_fields(self, request, obj=None):
        fields = ["name", "description", "scopes", "sources", "expires_at", "is_active"]
        if obj is not None:
            fields += ["token_shown", "last_used_at", "created_at", "created_by"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        # A token's expiry is set when it is made; for a later date, give a new token.
        return (*self.readonly_fields, "expires_at") if obj is not None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"expires_at": api_token_expiry(), **super().get_changeform_initial_data(request)}

    @admin.display(description=_("token"))
    def token_shown(self, obj: ApiClient) -> str:
        return f"{obj.token_prefix}…" if obj.token_prefix else "-"

    @admin.display(description=_("mag"))
    def scopes_shown(self, obj: ApiClient) -> str:
        return ", ".join(str(ApiScope(scope).label) for scope in obj.scopes if scope in ApiScope)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            request._api_tokens = [(obj, api_client_save_new(client=obj, created_by=request.user))]

    def response_add(self, request, obj, post_url_continue=None):
        tokens = getattr(request, "_api_tokens", None)
        if tokens:
            return _token_page(request, tokens)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(
        description=_("Nieuw token maken (het oude werkt dan niet meer)"), permissions=["change"]
    )
    def renew_tokens(self, request, queryset):
        tokens = [
            (client, api_client_token_renew(client=client, by=request.user)) for client in queryset
        ]
        for client, _token in tokens:
            self.log_change(request, client, [{"changed": {"fields": ["token"]}}])
        return _token_page(request, tokens)


class DeletionRuleFilter(admin.SimpleListFilter):
    """Filter on the kind of data, named as the rules name it."""

    title = _("soort gegevens")
    parameter_name = "regel"

    def lookups(self, request, model_admin):
        return [(rule.code, rule.label) for rule in rules()]

    def queryset(self, request, queryset):
        return queryset.filter(rule=self.value()) if self.value() else queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that shows rows and never adds, changes or deletes them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    """What ``dienstverlening purge`` removed, rule by rule: read-only, nobody adds, changes or
    deletes a row here (the table is append-only)."""

    list_display = ("ran_at", "rule_shown", "count_shown", "period_shown", "dry_run")
    list_filter = ("dry_run", DeletionRuleFilter, "action")
    fields = (
        "ran_at",
        "rule_shown",
        "action",
        "count",
        "details_shown",
        "period_shown",
        "cutoff",
        "dry_run",
        "error",
    )
    readonly_fields = fields
    actions = None

    @admin.display(description=_("soort gegevens"), ordering="rule")
    def rule_shown(self, obj: DeletionLog) -> str:
        rule = rule_get(obj.rule)
        return str(rule.label) if rule is not None else obj.rule

    @admin.display(description=_("bewaartermijn"), ordering="period")
    def period_shown(self, obj: DeletionLog) -> str:
        try:
            return period_parse(obj.period, name=obj.rule).label()
        except ImproperlyConfigured:
            return obj.period

    @admin.display(description=_("per tabel"))
    def details_shown(self, obj: DeletionLog) -> str:
        return ", ".join(f"{name}: {format_number(n)}" for name, n in obj.details.items()) or "-"

    @admin.display(description=_("aantal"), ordering="count")
    def count_shown(self, obj: DeletionLog) -> str:
        if obj.error:
            return _("mislukt na %(count)s") % {"count": format_number(obj.count)}
        return format_number(obj.count)
