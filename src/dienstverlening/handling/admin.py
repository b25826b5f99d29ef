from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dienstverlening.core.admin import ReadOnlyAdmin

from .mailsync import mailbox_set_password
from .models import ClosingDay, HandlingItem, ImportSource, Mailbox, MailFolderState
from .recompute import DueRecomputeResult, closing_day_save, closing_days_delete


class ClosingDayForm(forms.ModelForm):
    class Meta:
        model = ClosingDay
        fields = ("municipality", "date", "reason")
        help_texts = {
            "date": _(
                "Openstaande items van deze gemeente krijgen meteen een nieuwe uiterste datum. "
                "Afgehandelde items blijven zoals ze waren."
            )
        }


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    """Closing days change working days: every save or delete recomputes the open items."""

    form = ClosingDayForm
    list_display = ("date", "municipality", "reason")
    list_filter = ("municipality",)
    date_hierarchy = "date"

    def _report(self, request, result: DueRecomputeResult) -> None:
        self.message_user(
            request,
            ngettext(
                "%(count)s openstaand item kreeg een nieuwe uiterste datum.",
                "%(count)s openstaande items kregen een nieuwe uiterste datum.",
                result.moved_open,
            )
            % {"count": result.moved_open},
            messages.INFO,
        )

    def save_model(self, request, obj: ClosingDay, form, change) -> None:
        before = None
        if change:
            before = (
                ClosingDay.objects.filter(pk=obj.pk).values_list("municipality_id", "date").first()
            )
        self._report(request, closing_day_save(closing_day=obj, before=before))

    def delete_model(self, request, obj: ClosingDay) -> None:
        self._report(request, closing_days_delete(queryset=ClosingDay.objects.filter(pk=obj.pk)))

    def delete_queryset(self, request, queryset) -> None:
        self._report(request, closing_days_delete(queryset=queryset))


@admin.register(ImportSource)
class ImportSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "default_kind", "default_team")


class MailboxForm(forms.ModelForm):
    new_password = forms.CharField(
        label=_("Nieuw wachtwoord"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Wordt versleuteld bewaard en nooit meer getoond. Leeg laten om het huidige "
            "wachtwoord te houden. Liever: een omgevingsvariabele."
        ),
    )

    class Meta:
        model = Mailbox
        fields = (
            "name",
            "team",
            "municipality",
            "host",
            "port",
            "security",
            "username",
            "password_env",
            "folders",
            "sent_folder",
            "done_folders",
            "active",
        )


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("name", "team", "host", "active", "last_synced_at", "last_error_at")
    list_filter = ("active", "municipality")
    readonly_fields = ("password_stored", "last_synced_at", "last_error", "last_error_at")

    @admin.display(description=_("wachtwoord opgeslagen"), boolean=True)
    def password_stored(self, obj: Mailbox) -> bool:
        return bool(obj.password_encrypted)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("new_password"):
            mailbox_set_password(mailbox=obj, password=form.cleaned_data["new_password"])


@admin.register(MailFolderState)
class MailFolderStateAdmin(admin.ModelAdmin):
    list_display = ("mailbox", "folder", "uidvalidity", "last_uid")


@admin.register(HandlingItem)
class HandlingItemAdmin(ReadOnlyAdmin):
    """Read-only: items change through imports, the API and mailbox syncs (roll-ups stay right)."""

    list_display = ("source", "source_id", "kind", "team", "received_at", "closed_at", "due_at")
    list_filter = ("kind", "status", "municipality")
    search_fields = ("source_id",)
    show_full_result_count = False
