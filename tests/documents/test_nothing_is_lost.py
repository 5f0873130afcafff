"""Every field a manager can fill in reaches at least one document: nothing is accepted and then dropped."""

from __future__ import annotations

from pathlib import Path

from mfc_docs.pipeline import build

from ..conftest import TODAY, edit
from ..render.helpers import docx_text, norm

CHILD = "young_people/alex/profile.yaml"


def test_every_filled_field_appears_in_some_document(minimal_home: Path) -> None:
    markers: list[str] = []

    def mark(name: str) -> str:
        markers.append(f"Mk{name}")
        return f"Mk{name}"

    edit(minimal_home / "home_config.yaml", "  host_local_authority: Exampleshire Council\n",
         f"  host_local_authority: Exampleshire Council\n  email: {mark('homeemail')}@example.org\n"
         f"  provider: {mark('provider')}\n  ofsted_urn: {mark('urn')}\n")
    edit(minimal_home / "home_config.yaml", "    name: Robin Test\n    phone: 07700 900001\n",
         f"    name: Robin Test\n    phone: 07700 900001\n    email: {mark('rmemail')}@example.org\n"
         f"    website: https://{mark('rmweb')}.example.org\n    hours: {mark('rmhours')}\n"
         f"    notes: {mark('rmnotes')}\n    out_of_hours_phone: 07700 900555\n")
    markers.append("07700 900555")
    edit(minimal_home / CHILD, "  basis: care_order\n", f"  basis: care_order\n  details: {mark('legal')}\n")
    edit(minimal_home / CHILD, "    name: Jo Worker\n    phone: 07700 900010\n",
         f"    name: Jo Worker\n    phone: 07700 900010\n    role: {mark('swrole')}\n    organisation: {mark('sworg')}\n"
         f"    email: {mark('swemail')}@example.org\n    hours: {mark('swhours')}\n    notes: {mark('swnotes')}\n"
         f"  iro:\n    name: {mark('iro')}\n    phone: 07700 900020\n    email: {mark('iroemail')}@example.org\n"
         f"  school:\n    name: {mark('school')}\n    phone: 01632 960099\n    notes: {mark('schoolnotes')}\n")
    edit(minimal_home / CHILD, "    - number: 07700 900011\n",
         f"    - number: 07700 900011\n      notes: {mark('mobilenote')}\n")
    edit(minimal_home / CHILD, "    phone: 07700 900012\n",
         f"    phone: 07700 900012\n    social_media: {mark('assocsocial')}\n")
    edit(minimal_home / CHILD, "communication_needs:\n",
         f"medical:\n  medication:\n    - name: {mark('medname')}\n      dose: {mark('meddose')}\n"
         f"      essential: no\n      notes: {mark('mednotes')}\ncommunication_needs:\n")
    build(minimal_home, today=TODAY)
    texts = " ".join(docx_text(path.read_bytes()) for path in (minimal_home / "output").rglob("*.docx"))
    missing = [m for m in markers if norm(m) not in texts]
    assert missing == [], f"accepted but printed nowhere: {missing}"
