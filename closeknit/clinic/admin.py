"""Operators set up practices, staff and profiles here. Client data (leads, screens, consents, the
access log) is deliberately absent: it is read only through the clinic's pages and their rules."""

from __future__ import annotations

from django.contrib import admin

from closeknit.clinic.models import AvailabilityException, ClinicianProfile, Practice, StaffRole, WeeklyHours


class StaffInline(admin.TabularInline):
    model = StaffRole
    extra = 1
    raw_id_fields = ["user"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "consult_minutes", "slot_minutes"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StaffInline]


class HoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 1


class ExceptionInline(admin.TabularInline):
    model = AvailabilityException
    extra = 0


@admin.register(ClinicianProfile)
class ClinicianProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "accepting", "listed", "online", "in_person"]
    list_filter = ["practice", "accepting", "listed"]
    raw_id_fields = ["user"]
    inlines = [HoursInline, ExceptionInline]
