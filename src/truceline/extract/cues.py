"""Context cues of event typing: the words around a trigger that refine its type.

Named patterns read by `truceline.extract.triggers` (ACLED's codebook distinctions:
a protest met with force, violence by rioters, heavy weapons, air power, explosives,
seized weapons or goods, territory, a fight with fire returned, arson, protests' causes).
Each is a word class of `data/lexicon.yaml` (`truceline.extract.lexicon`), defined there once.
"""

from __future__ import annotations

from truceline.extract.lexicon import pattern

# A protest met with force or stopped
INTERVENTION = pattern("protest_intervention")
# Protesters shot or killed by forces
FORCE_ON_PROTESTERS = pattern("force_on_protesters")
# Violence by the crowd itself
RIOTING = pattern("rioting")
MOB = pattern("mob")
CIVILIAN = pattern("civilians")
ARMED = pattern("armed")
HEAVY = pattern("heavy_weapons")
AIR = pattern("air_power")
IED = pattern("planted_explosives")
LABOUR_STRIKE = pattern("labour_strike")
TERRITORY = pattern("territory")
DEMANDS = pattern("demands_pressed")  # the demand words and a decision opposed
EXCHANGE = pattern("exchange_of_fire")
RETURNED = pattern("returned_fire")
WEAPON_GOODS = pattern("weapons")
GOODS = pattern("goods")
STATE_SIDE = pattern("state_side")
CASUALTIES = pattern("casualties")
AIR_SUPPORT = pattern("air_support")
MUTUAL_FIRE = pattern("mutual_fire")
REPELLED = pattern("repelled")
ARSON = pattern("arson")
DISRUPTED = pattern("disrupted")
EXPLODED = pattern("exploded")
PROTEST_WORD = pattern("protest_words")
MOB_CUE = pattern("mob_cues")
MUTUAL_CUE = pattern("mutual_words")
# Who bombs from the air: a state's forces or their aircraft
STATE_BOMBER = pattern("state_bombers")
