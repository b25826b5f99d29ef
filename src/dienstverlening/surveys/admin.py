from django.contrib import admin

from .models import ImportMapping, Invitation, Questionnaire, SurveyRun, TeamQuestion


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at"]


@admin.register(SurveyRun)
class SurveyRunAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]


@admin.register(TeamQuestion)
class TeamQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "team", "kind", "order", "active"]
    list_filter = ["team"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "run", "service", "status", "created_on", "sent_on"]
    list_filter = ["status"]
    exclude = ["email", "address_hash"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["name"]
