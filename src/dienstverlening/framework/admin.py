from django.contrib import admin

from .models import CoreValue, FocusPeriod, Norm, Statement, WorkAgreement


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0


@admin.register(CoreValue)
class CoreValueAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    inlines = [StatementInline]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Norm)
class NormAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "team", "service", "subject", "valid_from", "valid_until")
    list_filter = ("level", "subject")
    search_fields = ("title",)


@admin.register(WorkAgreement)
class WorkAgreementAdmin(admin.ModelAdmin):
    list_display = ("text", "level", "team", "service", "value")
    list_filter = ("level", "value")


@admin.register(FocusPeriod)
class FocusPeriodAdmin(admin.ModelAdmin):
    list_display = ("value", "starts_on", "ends_on")
