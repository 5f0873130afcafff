"""Checks that need more than one field, another file, or today's date.

Errors here are things that cannot be true (a date of birth in the future, a
photo file that does not exist, a next review before the last one). Warnings
are things that are out of date against the home's review cycles: they do not
stop a build, but they are printed by ``validate`` and on the documents.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Iterator

from ..rules.dates import age_on, british_date
from ..rules.placeholders import placeholder_values
from ..rules.review_cycles import (contacts_check_due, limits_of, latest_procedure_review, photo_due, police_check_due,
                            procedure_review_due, risk_review_due)
from .loading import LoadedFile
from ..problems import Problem

if TYPE_CHECKING:
    from .home_data import Child

# Ages a date of birth is checked against: under 8 or 18 and over is unusual (a warning); over 25 cannot be a
# child in a children's home (an error: the year is wrong, and every age on the documents with it).
YOUNGEST_LIKELY_AGE = 8
OLDEST_POSSIBLE_AGE = 25

# Contacts printed on the key contacts page; a missing phone is a gap staff would meet at night.
HOME_CONTACTS = {
    ("managers", "registered_manager"): "the Registered Manager",
    ("managers", "deputy_manager"): "the deputy manager",
    ("managers", "on_call_manager"): "the on-call manager",
    ("managers", "responsible_individual"): "the Responsible Individual",
    ("contacts", "emergency_duty_team"): "the Emergency Duty Team",
    ("contacts", "mash"): "the MASH",
    ("contacts", "mace"): "the exploitation (MACE) hub",
    ("contacts", "rhi_provider"): "the return home interview provider",
    ("contacts", "camhs_crisis"): "the CAMHS crisis line",
    ("contacts", "ofsted"): "Ofsted",
    ("contacts", "nspcc"): "the NSPCC",
    ("contacts", "childline"): "Childline",
    ("contacts", "missing_people"): "Missing People",
}


def _nearest_photo(path) -> str:
    """The file in the folder the name was meant to be ('Photo.JPG' for photo.jpg, from a Windows PC), said."""
    import difflib

    try:
        names = [entry.name for entry in path.parent.iterdir() if entry.is_file()]
    except OSError:
        names = []
    same = [name for name in names if name.strip().lower() == path.name.strip().lower()]
    if same:
        return f", but {same[0]} is: write file: {same[0]} (capitals count here)."
    near = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    return (f". Did you mean {near[0]}? Correct the name" if near else ". Put the photo there or correct the name") + \
        " in the YAML."


def _photo_problem(path) -> str | None:
    """Why the photo cannot go on the police pack, or None."""
    from .photos import PhotoError, check_photo

    try:
        exists = path.exists()
    except OSError as exc:  # e.g. a name longer than the system allows
        return f"the photo file name cannot be used ({exc.strerror}). Rename the photo, for example photo.jpg."
    if not exists:
        return f"the photo file {path.name} is not in {path.parent.name}/{_nearest_photo(path)}"
    try:
        check_photo(path)
    except PhotoError as exc:
        return str(exc)
    return None


_AUTHORITY_WORDS = re.compile(r"\b(the|of|city|county|borough|metropolitan|district|royal|council|councils|"
                              r"children's|childrens|services|fictional|la)\b|[^\w\s]")


def authority_key(name: str) -> str:
    """A council's name reduced to what tells councils apart: 'Westshire County Council' -> 'westshire'."""
    words = _AUTHORITY_WORDS.sub(" ", name.casefold().split("(")[0])
    return " ".join(words.split())


def placed_from_another_area(child_data: dict, config: dict | None) -> bool:
    """Whether the child's placing authority is not the council the home is in (it then arranges the RHI)."""
    if not config:
        return False
    return authority_key(child_data["placement"]["placing_authority"]) != authority_key(
        config["home"]["host_local_authority"])


def rhi_provider_of(child_data: dict, config: dict | None) -> dict | None:
    """Who carries out this child's return home interviews: their own provider, else the home's for a child of
    the host authority; None for a child from another area whose provider is not recorded yet."""
    own = child_data["placement"].get("rhi_provider")
    if own:
        return own
    if placed_from_another_area(child_data, config):
        return None
    return (config or {}).get("contacts", {}).get("rhi_provider")


def _future(loaded: LoadedFile, path: tuple, value: date | None, today: date, what: str) -> Iterator[Problem]:
    if value is not None and value > today:
        yield loaded.problem(path, f"{what} {british_date(value)} is in the future. Check the year and the month.")


def _one_line(loaded: LoadedFile, data: dict, paths: list[tuple[str, str]]) -> list[Problem]:
    """A name written as a block ('|' or '>') with a line break: 'If Alex<new line>Smith is missing' on the card."""
    return [loaded.problem(path, "a name is printed inside sentences and headings, so it must be on one line; this "
                                 "one has a line break. Write it on one line after the ':'.")
            for path in paths if "\n" in str((data.get(path[0]) or {}).get(path[1]) or "").strip()]


def check_home(config: dict, loaded: LoadedFile, today: date) -> list[Problem]:
    problems: list[Problem] = []
    cycles = limits_of(config)
    names = placeholder_values(config)

    # {placeholders} and band colours are checked with the schema (validation.py), with every other problem.
    problems.extend(_one_line(loaded, config, [("home", "name")]))

    limits = config["time_limits"]
    if limits["rhi_offer_within_hours"] > limits["rhi_within_hours"]:
        problems.append(loaded.problem(("time_limits", "rhi_offer_within_hours"),
                                       f"the interview is to be offered within {limits['rhi_offer_within_hours']} hours "
                                       f"but held within {limits['rhi_within_hours']}: it cannot be held before it is "
                                       "offered. Make the offer limit the same or shorter.", "warning"))

    procedure = config["procedure"]
    problems.extend(_future(loaded, ("procedure", "approved_on"), procedure["approved_on"], today, "the approval date"))
    latest_review = latest_procedure_review(procedure, cycles)
    next_review = procedure_review_due(procedure, cycles)
    if next_review < procedure["approved_on"]:
        problems.append(loaded.problem(("procedure", "next_review"), "the next review is before the approval date."))
    elif next_review > latest_review:
        problems.append(loaded.problem(("procedure", "next_review"),
                                       f"the next review ({british_date(next_review)}) is more than "
                                       f"{cycles['procedure_review_months']} months after approval; "
                                       f"it should be by {british_date(latest_review)}.", "warning"))
    if next_review < today:
        problems.append(loaded.problem(("procedure", "next_review") if procedure.get("next_review") else ("procedure", "approved_on"),
                                       f"the procedure was due for review on {british_date(next_review)}. Review it, "
                                       "then update version, approved_on and next_review.", "warning"))

    checked = config["contacts"]["last_checked"]
    problems.extend(_future(loaded, ("contacts", "last_checked"), checked, today, "the date"))
    if contacts_check_due(config["contacts"], cycles) < today:
        problems.append(loaded.problem(("contacts", "last_checked"),
                                       f"the contact numbers were last checked on {british_date(checked)}, more than "
                                       f"{cycles['contacts_check_months']} months ago. Ring round, then update last_checked.",
                                       "warning"))
    for path, label in HOME_CONTACTS.items():
        section = config[path[0]].get(path[1])
        if not section:
            problems.append(loaded.problem(path, f"there is no entry for {label} yet: the key contacts page will show a "
                                                 f"blank to fill in by hand. Add '{path[1]}:' under '{path[0]}:' with "
                                                 "name and phone.", "warning", key=True))
        elif not (section.get("phone") or section.get("website")):
            problems.append(loaded.problem(path, f"no phone number for {label} yet: the key contacts page will show a "
                                                 "blank to fill in by hand. Add 'phone:' here.", "warning", key=True))
    return problems


def check_child(child: "Child", config: dict | None, today: date) -> list[Problem]:
    data, loaded = child.data, child.loaded
    problems: list[Problem] = []
    cycles = limits_of(config)

    problems.extend(_one_line(loaded, data, [("name", "legal"), ("name", "preferred")]))
    dob = data["date_of_birth"]
    problems.extend(_future(loaded, ("date_of_birth",), dob, today, "the date of birth"))
    if dob <= today:
        age = age_on(dob, today)
        if age > OLDEST_POSSIBLE_AGE:
            problems.append(loaded.problem(("date_of_birth",), f"this date of birth makes the child {age}: children's "
                                                               "homes care for under-18s, so it cannot be right. "
                                                               "Check the year."))
        elif age >= 18:
            problems.append(loaded.problem(("date_of_birth",), f"the child is {age}: children's homes care for "
                                                               "under-18s. Check the date of birth.", "warning"))
        elif age < YOUNGEST_LIKELY_AGE:
            problems.append(loaded.problem(("date_of_birth",), f"the child is {age}: very few children this young live "
                                                               "in a children's home. Check the year of birth.",
                                           "warning"))
    placed = data["placement"]["placed_on"]
    problems.extend(_future(loaded, ("placement", "placed_on"), placed, today, "the placement date"))
    if placed < dob:
        problems.append(loaded.problem(("placement", "placed_on"), "the placement date is before the date of birth."))

    for section in ("description", "contact_details"):
        if data.get(section):
            problems.extend(_future(loaded, (section, "as_of"), data[section].get("as_of"), today, "the date"))
    for listing in ("associates", "locations"):
        for i, item in enumerate(data.get(listing) or []):
            problems.extend(_future(loaded, (listing, i, "as_of"), item.get("as_of"), today, "the date"))
    for i, place in enumerate(data.get("locations") or []):
        if place.get("safe_for_staff") is None:
            problems.append(loaded.problem(("locations", i), "say whether staff may go here to look for the child "
                                                             "(safe_for_staff: yes or no); until then the response card "
                                                             "tells staff to ask the on-call manager first.", "warning"))

    photo = data.get("photo")
    if photo is None:
        if not child.photo_problem:  # a photo named that cannot be used is said as its own error
            problems.append(loaded.problem(("name",), "no photo on file: the police pack will say so in large "
                                                      "letters. Add a 'photo:' section with a photo taken in the last "
                                                      f"{cycles['photo_max_age_months']} months.", "warning"))
    else:
        path = child.source.folder / photo["file"]
        photo_problem = _photo_problem(path)
        if photo_problem:
            problems.append(loaded.problem(("photo", "file"), photo_problem))
        problems.extend(_future(loaded, ("photo", "taken_on"), photo["taken_on"], today, "the date taken"))
        if photo_due(photo, cycles) < today:
            problems.append(loaded.problem(("photo", "taken_on"),
                                           f"the photo was taken on {british_date(photo['taken_on'])}, more than "
                                           f"{cycles['photo_max_age_months']} months ago. Take a new one and update "
                                           "file and taken_on.", "warning"))
        if not photo["consent_to_share"]:
            problems.append(loaded.problem(("photo", "consent_to_share"),
                                           "consent to share the photo is not recorded: the police pack will say so.",
                                           "warning"))

    assessment = data["assessment"]
    last = assessment["last_reviewed"]
    problems.extend(_future(loaded, ("assessment", "last_reviewed"), last, today, "the review date"))
    problems.extend(_future(loaded, ("assessment", "police_information_reviewed"),
                            assessment["police_information_reviewed"], today, "the review date"))
    next_review = assessment.get("next_review")
    if next_review is not None:
        if next_review < last:
            problems.append(loaded.problem(("assessment", "next_review"),
                                           "the next review is before the last review. Check both dates."))
        elif next_review > risk_review_due({**assessment, "next_review": None}, cycles):
            problems.append(loaded.problem(("assessment", "next_review"),
                                           f"the next review is more than {cycles['risk_assessment_days']} days after the "
                                           "last one; risk assessments are reviewed at least monthly.", "warning"))
    effective_next = risk_review_due(assessment, cycles)
    if effective_next < today:
        problems.append(loaded.problem(("assessment", "last_reviewed"),
                                       f"the risk assessment was due for review on {british_date(effective_next)}. "
                                       "Review it and update last_reviewed.", "warning"))
    police_due = police_check_due(assessment, cycles)
    if police_due < today:
        problems.append(loaded.problem(("assessment", "police_information_reviewed"),
                                       f"the police information was due to be checked on {british_date(police_due)}. "
                                       "Check Part 1 of the police pack and update police_information_reviewed.",
                                       "warning"))
    for i, entry in enumerate(assessment.get("history") or []):
        if entry["date"] > last:
            problems.append(loaded.problem(("assessment", "history", i, "date"),
                                           f"this review ({british_date(entry['date'])}) is after last_reviewed "
                                           f"({british_date(last)}). Update last_reviewed to the latest review."))

    if config and config["contacts"]["last_checked"] < placed <= today:
        problems.append(loaded.problem(("placement", "placed_on"),
                                       f"the contacts page was last checked on "
                                       f"{british_date(config['contacts']['last_checked'])}, before this child arrived: "
                                       "check their social worker's, IRO's and EDT's numbers, then update "
                                       "contacts.last_checked in home_config.yaml.", "warning"))
    if placed_from_another_area(data, config) and not data["placement"].get("rhi_provider"):
        problems.append(loaded.problem(("placement", "placing_authority"),
                                       f"{data['placement']['placing_authority']} placed this child from another area, "
                                       "so it arranges their return home interviews, not "
                                       f"{config['home']['host_local_authority']}'s provider. Add 'rhi_provider:' under "
                                       "'placement:' (name and phone) so the documents name the right one.",
                                       "warning"))
    social_worker = data["placement"]["social_worker"]
    if not social_worker.get("phone"):
        problems.append(loaded.problem(("placement", "social_worker"),
                                       "no phone number for the social worker: the contacts page and police pack will "
                                       "show a blank. Add 'phone:'.", "warning", key=True))
    return problems
