"""The words around a name that tell whether it is a place and what kind: locative words
("in", "near", "outskirts of"), place words ("X province", "the village of X"), bearings
("north of X"), and the words that say a name is something else (a title, a street, an
outlet, a government speaking). Read by `mentions.py`, and by the modules that ask the
same questions of a sentence.
"""

from __future__ import annotations

MAX_SPAN_TOKENS = 7

LOCATIVE = frozenset(
    """in near at outside around from to into toward towards across between inside via
    through throughout within on onto off along past beyond behind over under""".split()
)
NEAR_WORDS = frozenset("near outside around outskirts vicinity environs nearby close".split())
DIRECTIONS: dict[str, tuple[int, int]] = {
    "north": (1, 0), "northern": (1, 0), "south": (-1, 0), "southern": (-1, 0),
    "east": (0, 1), "eastern": (0, 1), "west": (0, -1), "western": (0, -1),
    "northeast": (1, 1), "northeastern": (1, 1), "north-east": (1, 1), "north-eastern": (1, 1),
    "northwest": (1, -1), "northwestern": (1, -1), "north-west": (1, -1),
    "north-western": (1, -1), "southeast": (-1, 1), "southeastern": (-1, 1),
    "south-east": (-1, 1), "south-eastern": (-1, 1), "southwest": (-1, -1),
    "southwestern": (-1, -1), "south-west": (-1, -1), "south-western": (-1, -1),
    "central": (0, 0),
}  # fmt: skip
CITY_WORDS = frozenset(
    """city town village villages settlement camp neighbourhood neighborhood suburb township
    hamlet locality ward colonia barangay quarter""".split()
)
PLURAL_CITY_WORDS = frozenset("villages towns settlements camps suburbs neighbourhoods".split())
REGION_WORDS = frozenset(
    """province provinces region regions governorate governorates district districts oblast
    state county prefecture department division territory territories zone raion rayon lga
    subdistrict sub-district municipality valley mountains frontline frontlines front fronts
    countryside sector emirate canton wilaya governorship subdivision commune payam tehsil
    taluk taluka upazila mandal""".split()
)
# "X province" but "Zone of X": the region words that may come before "of X".
REGION_OF_WORDS = frozenset(
    """province region governorate district oblast state county prefecture department
    division municipality territory""".split()
)
# "Murree road", "Moreno Square": a street or square named after a place is no evidence
# the event was there.
STREET_WORDS = frozenset(
    """road street avenue highway boulevard lane route motorway expressway bypass junction
    square roundabout""".split()
)
FACILITY_WORDS = frozenset(
    """airport airbase base university hospital mosque church market square street road
    bridge prison stadium port harbour harbor station checkpoint crossing highway dam
    refinery plant school college palace barracks border""".split()
)
TITLES = frozenset(
    """mr mrs ms dr president minister general gen col colonel lt major maj sgt captain capt
    prime premier king queen prince sheikh imam pope sir lord judge governor gov mayor
    senator sen rep commander spokesman spokeswoman spokesperson chief ambassador envoy
    secretary leader""".split()
)
NOT_PLACE_LABELS = frozenset("DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL".split())
CONNECTORS = frozenset(
    """de del della da do dos das di du des la las los lo le les el al ad ar as ash at az an
    ez es er ed en ul ur bin ibn ben bint abu van von der den ter of and e y i ye sur sous
    am im a à""".split()
)
# Connectors a run is split at when it does not match whole ("Square of Haifa").
SPLITTERS = frozenset(("of", "and"))
# Capitalised common words that are also towns somewhere: places only after "in"...
COMMON_WORDS = frozenset(
    """police army navy security defense defence justice union unity liberty independence
    freedom progress hope mission reform commerce victory peace mobile reading bath nice
    split orange eagle hamlet troy march may june august sunday monday tuesday wednesday
    thursday friday saturday christmas easter ramadan eid god allah islam media news press
    state government parliament congress senate court council ministry office forces
    national central north south east west northern southern eastern western republic
    democratic people popular islamic federal royal arab arabs kurd kurds kurdish turkmen
    fulani hausa tuareg dinka nuer muslim muslims christian christians jewish druze sunni
    shia shiite alawite yazidi dogon bambara military molotov""".split()
)
STRONG_LEVELS = frozenset(("zone", "country", "admin1"))
# "outskirts of X", "the hub of X": nouns that put what follows "of" on the map.
OF_PLACE_WORDS = frozenset(
    """outskirts parts part suburbs suburb hub heart centre center capital stronghold
    streets east west north south edge entrance gates residents inhabitants people
    population mayor governor citizens villagers""".split()
)
# Nouns a nationality word can locate: "Azerbaijani territory", "Syrian villages".
PLACE_NOUNS = frozenset(
    """territory territories soil land lands village villages town towns city cities border
    borders settlement settlements airspace waters region regions district districts
    province provinces capital coast frontier countryside area areas side""".split()
)
# Nouns a city name modifies when it stands for its government: "Kiev government troops".
ACTOR_NOUNS = frozenset(
    """government governments troops forces army military regime authorities officials
    police militia militias fighters rebels administration ministry leadership separatists
    parliament court council""".split()
)
# Verbs whose subject, when it is a capital, is its government ("Kyiv said").
STANCE_VERBS = frozenset(
    """say tell claim accuse deny blame warn insist respond retaliate announce reject
    condemn demand urge threaten vow confirm state report allege motion""".split()
)
# "retaliation from Baku", "a response from Moscow": the capital is the government.
RESPONSE_NOUNS = frozenset(
    """retaliation reprisal reprisals response reaction pressure support approval orders
    order backing condemnation protest protests warning warnings criticism""".split()
)
# Words after a name that make it an outlet's: "Saba news agency", "Rustavi TV".
MEDIA_WORDS = frozenset("news agency tv television radio newspaper channel daily".split())
DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
