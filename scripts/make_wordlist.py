"""Regenerate src/mfc_docs/output/passphrase_words.txt, the words encrypted packs' passphrases are made of.

A passphrase is read out over the phone to a police call handler or a social worker, so every word
must be heard once and written right: common, 4 to 8 letters, spelt the British way, and not a
word that sounds like another. The source is the EFF long word list (CC BY 3.0 US, Electronic
Frontier Foundation; shipped in the xkcdpass package as static/eff-long), kept only where Debian's
wbritish dictionary spells it the same, minus the homophones and the unsuitable words below.

    pip download --no-deps xkcdpass && unzip xkcdpass-*.whl 'xkcdpass/static/eff-long'
    apt-get install wbritish
    python scripts/make_wordlist.py xkcdpass/static/eff-long /usr/share/dict/british-english
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "mfc_docs" / "output" / "passphrase_words.txt"

# Words that sound like another word (either one in the list would be written wrong half the time).
HOMOPHONES = set("""
aisle allowed aloud altar alter ascent assent bail bale band banned bare bear baron barren berry bury berth birth
billed build blew blue boar bore board bored bolder boulder border boarder bough bow brake break bread bred bridal
bridle brows browse buy by bye cache cash ceiling sealing cell sell cellar seller cent scent sent cereal serial cheap
cheep chews choose chilli chilly chord cord cite sight site coarse course colonel kernel council counsel creak creek
crews cruise currant current dear deer dew due die dye dual duel ewe you faint feint fair fare feat feet find fined
fir fur flea flee flew flu flue flour flower for four fore foul fowl gait gate genes jeans gilt guilt gnaw nor grate
great groan grown guessed guest hail hale hair hare hall haul hay hey heal heel hear here heard herd heroin heroine
hi high higher hire hoard horde hole whole holy wholly hoarse horse hour our idle idol in inn jam jamb knead need
knew new knight night knot not know no knows nose lead led leak leek lessen lesson loan lone made maid mail male
main mane manner manor meat meet medal meddle metal mettle might mite mind mined miner minor missed mist moose mousse
morning mourning muscle mussel naval navel none nun oar ore one won paced paste pail pale pain pane pair pare pear
passed past patience patients pause paws peace piece peak peek peal peel pedal peddle peer pier plain plane plum plumb
pole poll pore pour pray prey presence presents principal principle profit prophet quarts quartz rain reign rein
raise rays rap wrap read reed real reel review revue right rite write ring wring road rode rowed role roll root route
rose rows rote wrote rough ruff sail sale scene seen sea see seam seem serf surf sew so sow shear sheer shoe shoo
side sighed slay sleigh soar sore sole soul some sum son sun stair stare stake steak stationary stationery steal
steel storey story suite sweet tail tale taught taut tea tee team teem tear tier tense tents there their threw through
throne thrown thyme time tide tied toad towed toe tow told tolled tow vain vane vein vary very wade weighed waist
waste wait weight war wore ware wear warn worn way weigh weak week weather whether which witch whine wine wood would
yoke yolk yore your wax whacks lute loot liar lyre ferry fairy tacks tax draft draught cue queue hostel hostile
mustard mustered gorilla guerrilla flair flare sweat suite baited bated
""".split())

# Words a worried shift lead should not have to read out to the police about a missing child.
UNSUITABLE = set("""
casket decay entomb fascism gallows graves hazing jailer maimed mammary mangle opium panic perish poison police
prison rotten womb
""".split())


def words(eff: Path, british: Path) -> list[str]:
    spelt_british = set(british.read_text(encoding="utf-8", errors="replace").split())
    chosen = []
    for line in eff.read_text(encoding="utf-8").splitlines():
        word = line.split()[-1] if line.strip() else ""
        if word.isascii() and word.isalpha() and word.islower() and 4 <= len(word) <= 8 \
                and word in spelt_british and word not in HOMOPHONES | UNSUITABLE:
            chosen.append(word)
    return sorted(set(chosen))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    chosen = words(Path(argv[1]), Path(argv[2]))
    header = ("# Words for mfc-docs passphrases, one a line: common, 4-8 letters, British spelling, no homophones.\n"
              "# From the EFF long word list (Electronic Frontier Foundation, CC BY 3.0 US), filtered by\n"
              "# scripts/make_wordlist.py. Do not edit by hand.\n")
    OUT.write_text(header + "\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} words written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
