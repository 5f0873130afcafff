"""A child's id: the folder or file name that commands and output paths use, and what to suggest instead.

One place for the rule, so `validate`'s "rename it, for example to ..." and the web page's "Add a
child" make the same id from the same name ('Łucja' is 'lucja' in both, never 'ucja').
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 40  # what "Add a child" makes and accepts
# What `validate` accepts in a folder named by hand: each document's file name is the id plus up to
# about 30 characters, and a file name may have at most 255 bytes.
ID_LONGEST = 100
# Letters NFKD does not take apart into a plain letter and an accent.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l",
                        "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "œ": "oe", "Œ": "oe", "ı": "i",
                        "ħ": "h", "ŋ": "n"})


def slug(text: str) -> str:
    """'Ștefan Bălănescu' -> 'stefan-balanescu': ASCII letters, digits and single hyphens; '' when none are left."""
    plain = unicodedata.normalize("NFKD", text.translate(_LATIN))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
    return plain[:ID_MAX].rstrip("-")


def known_id(typed: str, young_people) -> str:
    """The id of the child meant by ``typed`` ('Alex', ' alex ', 'Oisín' for oisin), or ``typed`` itself.

    Ids are lowercase ASCII and unique, so the id made from what was typed names at most one child: a
    night worker who types the name as written on the card gets the pack instead of "did you mean".
    """
    if (young_people / typed / "profile.yaml").is_file() or (young_people / f"{typed}.yaml").is_file():
        return typed
    plain = slug(typed)
    if plain and ((young_people / plain / "profile.yaml").is_file() or (young_people / f"{plain}.yaml").is_file()):
        return plain
    return typed
