"""The edit forms of needs, capacities, country profiles, providers and initiatives.

Each form knows three things: its fields (with the choices a person may pick), how to fill them
from a stored record (:meth:`values`), and how to turn what was typed into the document format
the one validator checks (:meth:`record_data`). The forms themselves only read what was typed
(a whole number, a date, an amount); every rule about records is the validator's, and its
problems are shown next to the field they name (:func:`web.pages.edit_state.place_problems`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from coordinator import taxonomy
from coordinator.domain import Capacity, Initiative, Money, Need, Profile, Provider

__all__ = ["RecordForm", "NeedForm", "CapacityForm", "ProfileForm", "ProviderForm",
           "InitiativeForm", "CheckboxesField", "FORMS", "options"]

PRIORITIES = [(str(p), f"{p}{' — highest' if p == 1 else ' — lowest' if p == 5 else ''}")
              for p in range(1, 6)]
NEED_STATUS_LABELS = {"open": "Open", "partially_met": "Partially met",
                      "met": "Met — the support has arrived", "withdrawn": "Withdrawn"}
FRAMEWORK_LABELS = {"none": "None yet", "drafting": "Being drafted", "adopted": "Adopted",
                    "operational": "Operational"}
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _whole(label: str, **kwargs: Any) -> StringField:
    # a text box, not type=number, so that whatever was typed is shown back as typed
    return StringField(label, render_kw={"inputmode": "numeric"}, **kwargs)


def _day(label: str, **kwargs: Any) -> StringField:
    return StringField(label, widget=DateInput(), **kwargs)


def _amount(label: str, **kwargs: Any) -> StringField:
    return StringField(label, render_kw={"inputmode": "decimal"}, **kwargs)


def _number(text: str | None) -> Any:
    """A typed number as a number; anything else as typed, for the validator to name.

    ``1,250,000`` and ``1 250 000`` are read as one and a quarter million.
    """
    if text is None or not text.strip():
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    for kind in (int, float):
        try:
            value = kind(cleaned)
        except ValueError:
            continue
        if kind is int or math.isfinite(value):
            return value
    return text.strip()


def _amount_text(amount: float) -> str:
    return f"{amount:.2f}".removesuffix(".00")


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _choice(label: str, choices: Iterable[tuple[str, str]] = (), **kwargs: Any) -> SelectField:
    return SelectField(label, choices=options(choices),
                       invalid_choice_message="Choose one of the options.", **kwargs)


def _choices(label: str, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(label, invalid_choice_message="Choose among the options.",
                               **kwargs)


def _money(amount: str | None, currency: str | None) -> dict[str, Any] | None:
    value = _number(amount)
    if value is None:
        return None
    return {"amount": value, "currency": currency or "USD"}


def _money_values(money: Money | None) -> tuple[str, str]:
    if money is None:
        return "", "USD"
    return _amount_text(money.amount), money.currency


def _day_text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _date_value(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


class RecordForm(FlaskForm):
    """What every edit form has: the version of the record it was opened on."""

    version = HiddenField()
    #: Where a problem of the validator is shown when its field is named differently here.
    PROBLEM_FIELDS: ClassVar[dict[str, str]] = {}
    #: Fields shown across the whole form.
    WIDE: ClassVar[tuple[str, ...]] = ()

    def field_for(self, problem_field: str) -> str | None:
        """The form field that shows a problem with the validator's field ``problem_field``."""
        for key in (problem_field, re.split(r"[.\[]", problem_field)[0]):
            name = self.PROBLEM_FIELDS.get(key, key)
            if name and name in self._fields and name not in ("version", "csrf_token"):
                return name
        return None


class NeedForm(RecordForm):
    """A country's capacity-building need."""

    country = _choice("Country")
    component = _choice("Action Plan component")
    title = StringField("Title", description="What is needed, in one line.")
    description = TextAreaField("Description", description="What the support should achieve.")
    priority = _choice("Priority", choices=PRIORITIES, default="3")
    sequence = _whole("Sequence", description="The order in which the country will address "
                                              "its needs (1 first); optional.")
    start = _day("From", description="When the support is needed; optional.")
    end = _day("Until")
    cost_amount = _amount("Estimated cost", description="Optional.")
    cost_currency = _choice("Currency", default="USD")
    status = _choice("Status", choices=list(NEED_STATUS_LABELS.items()), default="open",
                     description="Mark the need met when the support has arrived.")
    confidential = BooleanField(
        "Confidential", description="Only your country's focal points and the secretariat see "
        "a confidential need in full; everyone else sees only that a need exists.")
    PROBLEM_FIELDS = {"estimated_cost.amount": "cost_amount",
                      "estimated_cost.currency": "cost_currency",
                      "estimated_cost": "cost_amount"}
    WIDE = ("title", "description", "confidential")

    @staticmethod
    def values(record: Need) -> dict[str, Any]:
        """The form's fields filled from a stored need."""
        amount, currency = _money_values(record.estimated_cost)
        return {"country": record.country, "component": record.component,
                "title": record.title, "description": record.description,
                "priority": str(record.priority),
                "sequence": "" if record.sequence is None else str(record.sequence),
                "start": _date_value(record.start), "end": _date_value(record.end),
                "cost_amount": amount,
                "cost_currency": currency, "status": record.status,
                "confidential": record.confidential}

    def record_data(self) -> dict[str, Any]:
        """What was typed, in the document format."""
        return {"country": self.country.data, "component": self.component.data,
                "title": _text(self.title.data), "description": _text(self.description.data),
                "priority": int(self.priority.data), "sequence": _number(self.sequence.data),
                "start": _day_text(self.start.data), "end": _day_text(self.end.data),
                "estimated_cost": _money(self.cost_amount.data, self.cost_currency.data),
                "status": self.status.data, "confidential": bool(self.confidential.data)}


class CapacityForm(RecordForm):
    """A capacity a country has, possibly offered to others (South–South)."""

    country = _choice("Country")
    component = _choice("Action Plan component")
    level = _choice("Level", choices=[(lvl, lvl.capitalize())
                                      for lvl in taxonomy.CAPACITY_LEVELS], default="basic")
    description = TextAreaField("Description", description="What the country can do, and "
                                                           "with whom or what.")
    can_offer = BooleanField("Offered to other countries",
                             description="The country can share this capacity with others "
                                         "(South–South cooperation).")
    WIDE = ("description", "can_offer")

    @staticmethod
    def values(record: Capacity) -> dict[str, Any]:
        """The form's fields filled from a stored capacity."""
        return {"country": record.country, "component": record.component,
                "level": record.level, "description": record.description,
                "can_offer": record.can_offer}

    def record_data(self) -> dict[str, Any]:
        """What was typed, in the document format."""
        return {"country": self.country.data, "component": self.component.data,
                "level": self.level.data, "description": _text(self.description.data),
                "can_offer": bool(self.can_offer.data)}


class ProfileForm(RecordForm):
    """A country's national biosafety status (Action Plan 5.1)."""

    focal_point = BooleanField("National focal point designated")
    competent_authority = BooleanField("Competent national authority designated")
    framework = _choice("Regulatory framework", choices=list(FRAMEWORK_LABELS.items()),
                        default="none")
    strategy = BooleanField("Capacity-building strategy adopted")
    coordination_mechanism = BooleanField("Coordination mechanism in place")
    bch_node = BooleanField("Biosafety Clearing-House node")
    short_amount = _amount("Funding need, short term", description="Optional.")
    short_currency = _choice("Currency", default="USD")
    long_amount = _amount("Funding need, long term", description="Optional.")
    long_currency = _choice("Currency", default="USD")
    PROBLEM_FIELDS = {"funding_need_short.amount": "short_amount",
                      "funding_need_short.currency": "short_currency",
                      "funding_need_short": "short_amount",
                      "funding_need_long.amount": "long_amount",
                      "funding_need_long.currency": "long_currency",
                      "funding_need_long": "long_amount"}

    @staticmethod
    def values(record: Profile) -> dict[str, Any]:
        """The form's fields filled from a stored profile."""
        short, short_currency = _money_values(record.funding_need_short)
        long, long_currency = _money_values(record.funding_need_long)
        return {"focal_point": record.focal_point,
                "competent_authority": record.competent_authority,
                "framework": record.framework, "strategy": record.strategy,
                "coordination_mechanism": record.coordination_mechanism,
                "bch_node": record.bch_node, "short_amount": short,
                "short_currency": short_currency, "long_amount": long,
                "long_currency": long_currency}

    def record_data(self) -> dict[str, Any]:
        """What was typed, in the document format (the update date is set on saving)."""
        return {"focal_point": bool(self.focal_point.data),
                "competent_authority": bool(self.competent_authority.data),
                "framework": self.framework.data, "strategy": bool(self.strategy.data),
                "coordination_mechanism": bool(self.coordination_mechanism.data),
                "bch_node": bool(self.bch_node.data),
                "funding_need_short": _money(self.short_amount.data, self.short_currency.data),
                "funding_need_long": _money(self.long_amount.data, self.long_currency.data)}


def _codes(text: str | None) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


class ProviderForm(RecordForm):
    """A donor, agency, expert or country offering support."""

    name = StringField("Name")
    kind = _choice("Kind", choices=list(taxonomy.PROVIDER_KINDS.items()))
    country = _choice("Based in", description="Optional.")
    focus_components = CheckboxesField("Focus components")
    focus_countries = _choices("Focus countries", description="Hold Ctrl (⌘ on a Mac) to "
                                                              "pick several.")
    focus_regions = _choices("Focus regions")
    budget_amount = _amount("Budget for new support", description="Optional.")
    budget_currency = _choice("Currency", default="USD")
    languages = StringField("Languages", description="Two-letter ISO 639-1 codes separated by "
                                                     "commas, like: en, fr, es.")
    contact = StringField("Contact", description="Seen only by the secretariat and by the "
                                                 "provider itself.")
    PROBLEM_FIELDS = {"budget.amount": "budget_amount", "budget.currency": "budget_currency",
                      "budget": "budget_amount"}
    WIDE = ("name", "focus_components")

    @staticmethod
    def values(record: Provider) -> dict[str, Any]:
        """The form's fields filled from a stored provider."""
        amount, currency = _money_values(record.budget)
        return {"name": record.name, "kind": record.kind, "country": record.country or "",
                "focus_components": list(record.focus_components),
                "focus_countries": list(record.focus_countries),
                "focus_regions": list(record.focus_regions), "budget_amount": amount,
                "budget_currency": currency, "languages": ", ".join(record.languages),
                "contact": record.contact or ""}

    def record_data(self) -> dict[str, Any]:
        """What was typed, in the document format."""
        return {"name": _text(self.name.data), "kind": self.kind.data,
                "country": self.country.data or None,
                "focus_components": list(self.focus_components.data or ()),
                "focus_countries": list(self.focus_countries.data or ()),
                "focus_regions": list(self.focus_regions.data or ()),
                "budget": _money(self.budget_amount.data, self.budget_currency.data),
                "languages": [c.lower() for c in _codes(self.languages.data)],
                "contact": _text(self.contact.data)}


class InitiativeForm(RecordForm):
    """A funded capacity-building project and who takes part in it."""

    title = StringField("Title")
    description = TextAreaField("Description")
    funding = _choices("Funding providers", description="Hold Ctrl (⌘ on a Mac) to pick "
                                                        "several.")
    implementing = _choices("Implementing providers")
    extending = _choices("Extending providers")
    recipient_countries = _choices("Recipient countries")
    recipient_regions = _choices("Recipient regions")
    components = CheckboxesField("Action Plan components")
    budget_amount = _amount("Budget", description="Optional.")
    budget_currency = _choice("Currency", default="USD")
    start = _day("Start")
    end = _day("End")
    status = _choice("Status", choices=[(s, s.capitalize())
                                        for s in taxonomy.INITIATIVE_STATUSES],
                     default="planned")
    lessons = TextAreaField("Lessons learned", description="Optional.")
    PROBLEM_FIELDS = {"budget.amount": "budget_amount", "budget.currency": "budget_currency",
                      "budget": "budget_amount", "providers": "funding"}
    WIDE = ("title", "description", "components", "lessons")

    @staticmethod
    def values(record: Initiative) -> dict[str, Any]:
        """The form's fields filled from a stored initiative."""
        amount, currency = _money_values(record.budget)
        return {"title": record.title, "description": record.description,
                **{role: list(record.provider_ids(role)) for role in taxonomy.PROVIDER_ROLES},
                "recipient_countries": list(record.recipient_countries),
                "recipient_regions": list(record.recipient_regions),
                "components": list(record.components), "budget_amount": amount,
                "budget_currency": currency, "start": _date_value(record.start),
                "end": _date_value(record.end),
                "status": record.status, "lessons": record.lessons or ""}

    def provider_slots(self) -> list[str]:
        """The form field behind each entry of the ``providers`` list, in order."""
        return [role for role in taxonomy.PROVIDER_ROLES
                for _ in (getattr(self, role).data or ())]

    def field_for(self, problem_field: str) -> str | None:
        """``providers[3].id`` is shown on the role's field that entry came from."""
        found = re.match(r"providers\[(\d+)\]", problem_field)
        slots = self.provider_slots()
        if found and int(found.group(1)) < len(slots):
            return slots[int(found.group(1))]
        return super().field_for(problem_field)

    def record_data(self) -> dict[str, Any]:
        """What was typed, in the document format."""
        return {"title": _text(self.title.data), "description": _text(self.description.data),
                "providers": [{"id": pid, "role": role} for role in taxonomy.PROVIDER_ROLES
                              for pid in (getattr(self, role).data or ())],
                "recipient_countries": list(self.recipient_countries.data or ()),
                "recipient_regions": list(self.recipient_regions.data or ()),
                "components": list(self.components.data or ()),
                "budget": _money(self.budget_amount.data, self.budget_currency.data),
                "start": _day_text(self.start.data), "end": _day_text(self.end.data),
                "status": self.status.data, "lessons": _text(self.lessons.data)}


FORMS: dict[str, type[RecordForm]] = {"need": NeedForm, "capacity": CapacityForm,
                                      "profile": ProfileForm, "provider": ProviderForm,
                                      "initiative": InitiativeForm}
