"""Loads catalogues/appointments.yml into typed, validated objects.

Why: staff edit hours, closed days and appointment types in one YAML file; a typo there
should stop the action server at start-up with a clear message, not offer wrong slots.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = PROJECT_ROOT / "catalogues" / "appointments.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

Window = Tuple[time, time]
WeeklyHours = Dict[int, List[Window]]  # 0 = Monday, as date.weekday()


class BookingConfigError(ValueError):
    """The appointments file is missing something or has an impossible value."""


@dataclass(frozen=True)
class AppointmentType:
    key: str
    label: str
    short_label: str
    discreet_title: str
    detailed_title: str
    mode: str
    location: str
    resource: str
    duration_minutes: int
    buffer_minutes: int
    minimum_notice_hours: float
    booking_horizon_days: int
    hours: WeeklyHours


@dataclass(frozen=True)
class ClinicConfig:
    name: str
    city: str
    time_zone: ZoneInfo
    hours: WeeklyHours
    closed_dates: frozenset
    slot_grid_minutes: int


@dataclass(frozen=True)
class BookingConfig:
    clinic: ClinicConfig
    appointment_types: Dict[str, AppointmentType]

    def appointment_type(self, key: str) -> AppointmentType:
        try:
            return self.appointment_types[key]
        except KeyError as error:
            raise BookingConfigError(f"unknown appointment type {key!r}") from error


def _parse_time(text: str, where: str) -> time:
    try:
        hour, minute = str(text).split(":")
        return time(int(hour), int(minute))
    except (ValueError, TypeError) as error:
        raise BookingConfigError(f"{where}: {text!r} is not a HH:MM time") from error


def parse_weekly_hours(raw: Optional[dict], where: str) -> WeeklyHours:
    """Opening windows per weekday; a day left out or empty is closed."""
    raw = raw or {}
    unknown = set(raw) - set(WEEKDAYS)
    if unknown:
        raise BookingConfigError(f"{where}: unknown weekday(s) {sorted(unknown)}")
    hours: WeeklyHours = {}
    for index, day in enumerate(WEEKDAYS):
        windows = []
        for pair in raw.get(day) or []:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise BookingConfigError(f"{where}.{day}: each window is [open, close]")
            opens, closes = (_parse_time(value, f"{where}.{day}") for value in pair)
            if closes <= opens:
                raise BookingConfigError(f"{where}.{day}: {pair} closes before it opens")
            windows.append((opens, closes))
        hours[index] = sorted(windows)
    return hours


def _positive_int(raw: dict, name: str, where: str, minimum: int = 1) -> int:
    value = raw.get(name)
    if not isinstance(value, int) or value < minimum:
        raise BookingConfigError(f"{where}.{name} must be a whole number >= {minimum}")
    return value


def _parse_type(key: str, raw: dict, clinic: ClinicConfig) -> AppointmentType:
    where = f"appointment_types.{key}"
    for field in ("label", "short_label", "discreet_title", "detailed_title", "resource"):
        if not raw.get(field):
            raise BookingConfigError(f"{where}.{field} is required")
    notice = raw.get("minimum_notice_hours", 0)
    if not isinstance(notice, (int, float)) or notice < 0:
        raise BookingConfigError(f"{where}.minimum_notice_hours must be >= 0")
    hours = parse_weekly_hours(raw["hours"], f"{where}.hours") if "hours" in raw else clinic.hours
    return AppointmentType(
        key=key,
        label=raw["label"],
        short_label=raw["short_label"],
        discreet_title=raw["discreet_title"],
        detailed_title=raw["detailed_title"],
        mode=raw.get("mode", "in_person"),
        location=raw.get("location", clinic.city),
        resource=raw["resource"],
        duration_minutes=_positive_int(raw, "duration_minutes", where),
        buffer_minutes=_positive_int(raw, "buffer_minutes", where, minimum=0),
        minimum_notice_hours=float(notice),
        booking_horizon_days=_positive_int(raw, "booking_horizon_days", where),
        hours=hours,
    )


def parse_config(raw: dict) -> BookingConfig:
    """Builds a BookingConfig from the YAML mapping, raising BookingConfigError on mistakes."""
    if not isinstance(raw, dict) or "clinic" not in raw or "appointment_types" not in raw:
        raise BookingConfigError("the file needs a 'clinic' and an 'appointment_types' section")
    clinic_raw = raw["clinic"]
    if not clinic_raw.get("name"):
        raise BookingConfigError("clinic.name is required")
    try:
        zone = ZoneInfo(clinic_raw.get("time_zone", "America/New_York"))
    except (KeyError, ValueError) as error:
        raise BookingConfigError(f"clinic.time_zone: {error}") from error
    try:
        closed = frozenset(date.fromisoformat(str(d)) for d in clinic_raw.get("closed_dates") or [])
    except ValueError as error:
        raise BookingConfigError(f"clinic.closed_dates: {error}") from error
    clinic = ClinicConfig(
        name=clinic_raw["name"],
        city=clinic_raw.get("city", ""),
        time_zone=zone,
        hours=parse_weekly_hours(clinic_raw.get("hours"), "clinic.hours"),
        closed_dates=closed,
        slot_grid_minutes=_positive_int(clinic_raw, "slot_grid_minutes", "clinic"),
    )
    types = {
        key: _parse_type(key, value or {}, clinic)
        for key, value in (raw["appointment_types"] or {}).items()
    }
    if not types:
        raise BookingConfigError("appointment_types is empty")
    return BookingConfig(clinic=clinic, appointment_types=types)


def load_config_file(path: Path) -> BookingConfig:
    with open(path, encoding="utf-8") as handle:
        return parse_config(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def load_config() -> BookingConfig:
    """The project's booking configuration ($BOOKING_CONFIG overrides the default path)."""
    return load_config_file(Path(os.environ.get("BOOKING_CONFIG", DEFAULT_CONFIG_PATH)))
