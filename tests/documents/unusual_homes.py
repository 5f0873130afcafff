"""Three homes nobody has seen, made from code, for reading the documents as their readers would.

- ``sparse``: every optional field left out, in the home and in the child's file: what do the
  documents say where nothing was recorded?
- ``full``: every list long (12 associates, 15 locations, 30 episodes), long medical and
  communication text, a long home name and address: is anything cut off or crowded out?
- ``scripts``: names and places in Polish, Vietnamese, Welsh and Arabic script.

All data is fictional: Ofcom drama numbers, example.org addresses, the sample's drawn photos.
"""

from __future__ import annotations

import copy
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from mfc_docs.rules.dates import never_happened

from ..conftest import FIXTURES, REPO


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _phone(n: int, mobile: bool = True) -> str:
    return f"07700 900{n:03d}" if mobile else f"01632 960{n:03d}"


# ---------------------------------------------------------------- sparse
SPARSE_CHILD = {
    "name": {"legal": "Jordan Ellery"},
    "date_of_birth": "2012-02-03",
    "legal_status": {"basis": "section_20"},
    "placement": {
        "placing_authority": "Exampleshire Council",
        "placed_on": "2026-11-20",
        "social_worker": {"name": "Duty social worker"},
    },
    "description": {"height": "About 150 cm", "build": "Slim", "hair": "Brown", "eyes": "Brown"},
    "risk_factors": {key: {"status": "none_known"} for key in (
        "sexual_exploitation", "criminal_exploitation", "substance_misuse", "peer_influence",
        "relationships_of_concern", "family_contact", "mental_health", "self_harm")},
    "communication_needs": {"first_language": "English"},
    "missing_history": {"summary": "Not known yet.", "trend": "none"},
    "protective_factors": {},
    "communication_strategy": {"who_makes_contact": ["Shift lead"], "tone": "Calm and kind"},
    "risk": {"level": "medium", "rationale": "New to the home; little is known yet."},
    "assessment": {"author": "Robin Test, Registered Manager", "last_reviewed": "2026-11-20",
                   "police_information_reviewed": "2026-11-20"},
}


def sparse_home(target: Path) -> Path:
    """The fixture's smallest home config with a child who has only the required fields."""
    target.mkdir(parents=True)
    shutil.copy(FIXTURES / "minimal_home" / "home_config.yaml", target / "home_config.yaml")
    _write(target / "young_people" / "jordan" / "profile.yaml", SPARSE_CHILD)
    return target


# ---------------------------------------------------------------- full
LONG_NAME = "The Old Rectory and Coach House Children's Home at Harrowfield-under-Lyne (Fenwick Lane Care)"
LONG_ADDRESS = ("The Old Rectory and Coach House\nFlat 2, Upper Ground Floor, Rear Annexe\n"
                "142-146 St Bartholomew-the-Less Road\nLower Harrowfield-under-Lyne\nWestshire XW14 7LH")
LONG_TEXT = ("Type 1 diabetes since the age of six, managed with a continuous glucose monitor on the back "
             "of the left arm and insulin injections with every meal; without insulin she becomes very "
             "unwell within twelve to twenty-four hours (diabetic ketoacidosis: thirst, vomiting, drowsiness, "
             "confusion, fruity-smelling breath) and needs hospital care at once. ")


def _associate(i: int) -> dict:
    influence = ("risk", "protective", "unknown")[i % 3]
    return {
        "name": f"Associate Number-{i + 1} Longsurname-Doublebarrelled",
        "relationship": f"Friend from the estate, about {15 + i % 8}, met through an older cousin",
        "influence": influence,
        "address": f"Flat {i + 10}, Tanner Street Buildings, Northmoor NM{i % 9} 4QT",
        "phone": _phone(400 + i),
        "social_media": f"Snapchat @associate.number.{i + 1}.sample",
        "safe_to_contact": influence == "protective",
        "notes": "Seen with her on several episodes; staff do not know the family well.",
        "as_of": "2026-11-19",
        "source": "Police intelligence and key worker",
    }


def _location(i: int) -> dict:
    return {
        "name": f"Place {i + 1}: the underpass behind the retail park",
        "address": f"Between Unit {i + 3} and the canal towpath, Harrowfield Retail Park, Harrowfield XW4 {i}AB",
        "why": "Found here twice; older young people meet here after dark.",
        "risk_assessed": i % 2 == 0,
        **({} if i % 3 == 2 else {"safe_for_staff": i not in (1, 4)}),  # two places staff must not go
        "risk_notes": "Poorly lit after 18:00; staff must not go alone.",
        "as_of": "2026-11-19",
        "source": "Police intelligence",
    }


def _episode(i: int) -> dict:
    start = datetime(2024, 6, 1, 19, 40) + timedelta(days=20 * i)
    back = start + timedelta(hours=3 + i % 20)

    def at(moment: datetime) -> str:  # as the home's clocks showed it: 01:40 on the spring night was 02:40
        return (moment + timedelta(hours=1) if never_happened(moment) else moment).strftime("%Y-%m-%d %H:%M")

    return {
        "found_gone_at": at(start),
        "confirmed_missing_at": at(start + timedelta(minutes=10)),
        "last_seen_where": "Front door of the home; said she was going to the corner shop on the main road",
        "risk_level": ("high", "medium")[i % 2],
        "police": {"called_at": at(start + timedelta(minutes=25)), "number": "101",
                   "reference": f"WP-{start:%Y%m%d}-{1000 + i}", "risk_level": "medium",
                   "told_of_return_at": at(back + timedelta(minutes=10))},
        "manager_notified_at": at(start + timedelta(minutes=15)),
        "social_care_notified_at": at(start + timedelta(minutes=30)),
        "social_care_notified": "Northmoor Emergency Duty Team",
        "returned_at": at(back),
        "return_how": "Came back by herself",
        "where_found": "Harrowfield railway station, on the footbridge over platforms three and four",
        "condition_on_return": "Cold and tired; no injuries",
        "return_home_interview": {"offered_at": at(back + timedelta(hours=12)), "outcome": "accepted",
                                  "completed_at": at(back + timedelta(hours=40)),
                                  "by": "Waymark Young People's Service"},
        "post_incident_review_on": (back + timedelta(days=2)).strftime("%Y-%m-%d"),
        "risk_assessment_reviewed_on": (back + timedelta(days=2)).strftime("%Y-%m-%d"),
        "reg40": {"decision": "not_notified", "decided_on": (back + timedelta(days=1)).strftime("%Y-%m-%d"),
                  "reason": "Came back by herself within hours; no sign of harm."},
        "recorded_by": "Jess Armitage, Key Worker",
    }


def full_medical(medical: dict) -> dict:
    """A medical section as full as a real one can be: three essential medicines, long conditions."""
    return {**medical,
            "conditions": [LONG_TEXT * 2, "Asthma (moderate); attacks brought on by cold air.",
                           "Epilepsy: absence seizures, two or three a week."],
            "medication": medical["medication"] + [
                {"name": "NovoRapid FlexPen insulin (orange pen)", "dose": "4-10 units with each meal by the sliding scale",
                 "essential": True, "if_missed": LONG_TEXT, "notes": "Pen and needles in her bag."},
                {"name": "Levetiracetam 500 mg tablets", "dose": "One twice a day, 8:00 and 20:00", "essential": True,
                 "if_missed": "Seizures may come back within a day or two of missed doses, and may be longer than "
                              "usual; she must not be left alone if she has one.", "notes": "Kept in the office."}]}


def full_home(target: Path) -> Path:
    """The sample home with a long name and address and Nhung's file with every list long."""
    target.mkdir(parents=True)
    config = _read(REPO / "home_config.yaml")
    config["home"]["name"] = LONG_NAME
    config["home"]["address"] = LONG_ADDRESS
    config["home"]["provider"] = "Fenwick Lane Care and Education Services Limited (a fictional provider)"
    config["contacts"]["others"] = [
        {"name": f"Other contact {i + 1}: Harrowfield-under-Lyne Youth Offending Service",
         "role": "Youth justice worker", "phone": _phone(700 + i, mobile=False),
         "email": f"youth.offending.service.team{i + 1}@example.org", "hours": "Mon-Fri 9:00-17:00"}
        for i in range(12)]
    _write(target / "home_config.yaml", config)
    child_dir = target / "young_people" / "nhung"
    child_dir.mkdir(parents=True)
    shutil.copy(REPO / "young_people" / "nhung" / "photo.jpg", child_dir / "photo.jpg")
    child = _read(REPO / "young_people" / "nhung" / "profile.yaml")
    child["placement"]["placed_on"] = "2024-01-08"
    child["name"]["aliases"] = child["name"]["aliases"] + [f"Alias number {i}" for i in range(3)]
    child["description"]["distinguishing_features"] += [
        "Tattoo of a small swallow on the inside of her right wrist, usually covered by a sleeve",
        "Pierced tongue (silver bar) and nose stud on the left side",
        "Burn scar about 4 cm long on the back of her left hand"]
    child["associates"] = [_associate(i) for i in range(12)]
    child["locations"] = [_location(i) for i in range(15)]
    child["contact_details"]["mobiles"] += [{"number": _phone(310 + i), "notes": "Spare SIM"} for i in range(3)]
    child["medical"] = full_medical(child["medical"])
    child["communication_needs"]["needs"] = LONG_TEXT * 3
    child["triggers"] = child["triggers"] + [f"Trigger {i}: cancelled contact with her mum" for i in range(10)]
    child["risk"]["additional_response"] += [f"Extra step {i}: ring her grandmother" for i in range(6)]
    _write(child_dir / "profile.yaml", child)
    _write(child_dir / "episodes.yaml", {"episodes": [_episode(i) for i in range(30)]})
    return target


# ---------------------------------------------------------------- scripts
def scripts_home(target: Path) -> Path:
    """A Welsh home with children whose names are in Polish, Vietnamese and Arabic script."""
    target.mkdir(parents=True)
    config = _read(REPO / "home_config.yaml")
    config["home"]["name"] = "Tŷ Gwennol, Llanfair-ym-Muallt"
    config["home"]["address"] = "Tŷ Gwennol\n12 Heol yr Eglwys\nLlanfair-ym-Muallt\nPowys LD2 3AA"
    config["managers"]["registered_manager"]["name"] = "Siân Llŷr ap Dafydd"
    _write(target / "home_config.yaml", config)
    base = _read(REPO / "young_people" / "oisin" / "profile.yaml")
    children = {
        "zofia": ("Zofia Łucja Wróblewska-Żółkiewska", "Zosia", "Łódź, ulica Piotrkowska 104"),
        "nhung": ("Nguyễn Thị Hồng Nhung", "Nhung", "Phố Hàng Bạc, Hoàn Kiếm"),
        "youssef": ("يوسف عبد الرحمن الحسيني", "Youssef", "شارع الملك فيصل، المنامة"),
    }
    for child_id, (legal, preferred, place) in children.items():
        child = copy.deepcopy(base)
        child["name"] = {"legal": legal, "preferred": preferred,
                         "aliases": [f"{preferred} (Latin form)", "Youssef Abdelrahman Al-Husseini"]
                         if child_id == "youssef" else [preferred]}
        child["associates"][0]["name"] = {"zofia": "Grzegorz Świątek", "nhung": "Trần Văn Đức",
                                          "youssef": "فاطمة الزهراء"}[child_id]
        child["associates"][0]["address"] = place
        child["locations"][0]["name"] = "Siop Gymraeg, Llanfair-ym-Muallt"
        child["locations"][0]["address"] = place
        child_dir = target / "young_people" / child_id
        child_dir.mkdir(parents=True)
        shutil.copy(REPO / "young_people" / "oisin" / "photo.jpg", child_dir / "photo.jpg")
        _write(child_dir / "profile.yaml", child)
        shutil.copy(REPO / "young_people" / "oisin" / "episodes.yaml", child_dir / "episodes.yaml")
    return target


HOMES = {"sparse": sparse_home, "full": full_home, "scripts": scripts_home}
