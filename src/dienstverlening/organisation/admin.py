from django.contrib import admin
from django.db import models

from .models import Channel, Domain, Municipality, Service, Team


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "inhabitants")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "mailbox", "phone")
    list_filter = ("domain",)
    search_fields = ("name", "core_tasks")
    filter_horizontal = ("managers", "members")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "team")
    list_filter = ("team__domain", "municipalities", "channels")
    search_fields = ("name", "keywords", "description")
    filter_horizontal = ("municipalities", "channels")
    prepopulated_fields = {"slug": ("name",)}
    # An address typed without scheme is a secure one (Django 6 does this by default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
