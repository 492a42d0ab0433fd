"""Context cues of event typing: the words around a trigger that refine its type.

Regular expressions read by `truceline.extract.triggers` (ACLED's codebook distinctions:
a protest met with force, violence by rioters, heavy weapons, air power, explosives,
seized weapons or goods, territory, a fight with fire returned, arson, protests' causes).
"""

from __future__ import annotations

import re

INTERVENTION = re.compile(
    r"\b(tear ?gas|tear-gas|water cannons?|baton|lathi|dispers|broke up|break up|"
    r"rubber bullets|stun grenades?|cordon(ed)? off|blocked by (the )?(police|security)|"
    r"(police|security|officers|authorities|military|army|troops|soldiers)( forces)? "
    r"(\w+ )?(charged|intervened|stopped|prevented|"
    r"blocked|removed|evicted|detained|arrested)|"
    r"(arrest|detain)\w* (\w+ ){0,4}(protesters|protestors|demonstrators|participants|"
    r"organi[sz]ers|marchers|them)|(protesters|demonstrators|participants) were (arrested|"
    r"detained)|\b(they|the \d+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|some|many|dozens|scores|a number of|(\w+ )?of them|(one|a) (\w+ )?protest\w*)\b"
    r"[^.]{0,60}\b(were|was) (\w+ ){0,2}(arrested|detained|taken into custody)|"
    r"arrests were made|(attempted|tried) to (arrest|detain|stop|disperse)|used force|"
    r"beat(en)? up|dragged|baton-?charg\w*|"
    r"attack\w* (the |a )?(\w+ )?(protest|demonstrat|sit-in|rally|march|gathering)|"
    r"(stopped|prevented|dissolved|removed|evicted) (\w+ ){0,3}(protest|demonstrat|"
    r"participants|them|the (crowd|gathering|sit-in|march|rally))|took down|tore down|"
    r"(fired|shots|shot) (\w+ ){0,2}(in|into) the air|warning shots|intervened)",
    re.I,
)

FORCE_ON_PROTESTERS = re.compile(
    r"\b(police|security forces|soldiers|troops|army)\b[^.]{0,60}"
    r"\b(shot (dead|and killed|at)|killed|opened fire (on|at)|fired live)\b"
    r"|\b(protesters?|demonstrators?|participants)\b.{0,40}\b(were|was) (shot|killed)\b",
    re.I,
)

RIOTING = re.compile(
    r"\b(pelt|(threw|hurled|throwing|hurling) (\w+ ){0,2}(stones|rocks)|stone[- ]pelting|"
    r"(?-i:torch)|vandali|set (\w+ )?(on )?fire|burn(ed|t|ing|s)?\b|"
    r"on fire|ablaze|molotov|storm(ed|ing)?\b(?! out)|barricades\b|"
    r"barricad\w* (the |a )?(\w+ )?(roads?|streets?|entrances?|highways?|routes?)|"
    r"lit (\w+ )?(tyres|tires|fires?)|(?<!verbal )confrontations?|scuffle|brawl|"
    r"counter-?(demonstrators|protesters)|broke into|"
    r"(attacked|beaten|assaulted|injured|hit) (up )?by (the )?(demonstrators|protesters|"
    r"rioters|participants|crowd)|(demonstrators|protesters|protestors|participants|rioters|"
    r"they) (\w+ ){0,2}(attacked|beat|destroyed|damaged|broke|killed|assaulted|set|threw|"
    r"hurled|pelted|burn\w*|torched|looted|blocked \w+ \w+ with burning)|"
    r"clash\w* with (the )?(demonstrators|protesters|protestors)|"
    r"clash(ed|es)? with (the )?(\w+ ){0,2}(police|security|military|soldiers|army|troops|"
    r"forces|gendarm\w*)|"
    r"attack(ed)? (a |the )?(\w+ )?(police|officers|security)|smash|ransack|violent\b)",
    re.I,
)

MOB = re.compile(
    r"\b(mob|lynch|villagers|residents|locals|crowd|group of (people|men|youths))\b", re.I
)

CIVILIAN = re.compile(
    r"\b(civilians?|man|men|woman|women|child|children|boy|girl|villagers?|residents?|farmers?|"
    r"journalists?|activists?|teachers?|students?|worshippers|family|families|shepherds?|"
    r"passengers?|driver|trader|businessman|politician|leader|official|councillor|"
    r"members? of the public|people|person|teenager|minor|vendor|doctor|nurse|priest|imam|"
    r"aid workers?|refugees?|migrants?|police officer|policeman|body|bodies)\b",
    re.I,
)

ARMED = re.compile(
    r"\b(forces|troops|soldiers?|army|military|militants?|rebels?|insurgents?|fighters?|"
    r"militia(men|s)?|gunmen|jihadists?|separatists?|positions?|checkpoints?|base|bases|"
    r"patrol|convoy|police|officers|gendarm\w*|servicem[ae]n|units?|brigade|battalion|"
    r"armed (group|men)|terrorists?|guerrillas?|combatants?|paramilitar\w*|cartel|gang)\b",
    re.I,
)

HEAVY = re.compile(
    r"\b(artillery|mortars?|rockets?|missiles?|shells?|shelling|howitzers?|grad|tank fire|"
    r"heavy (and medium )?weapons|projectiles?|large-calibre|large-caliber|high-calibre|"
    r"high calibre|RPGs?|rocket-propelled|anti-?aircraft|cannons?|heavy machine ?guns?|"
    r"\d\d?(\.\d)? ?mm)\b",
    re.I,
)

AIR = re.compile(
    r"\b(air ?strikes?|air-strikes?|drones?|warplanes?|jets?|aircraft|helicopters?|"
    r"air force|air raids?|bombers?|UAVs?)\b",
    re.I,
)

IED = re.compile(
    r"\b(IEDs?|landmines?|mines?|roadside|improvised|explosive devices?|car bomb|"
    r"booby|VBIED|planted)\b",
    re.I,
)

LABOUR_STRIKE = re.compile(
    r"\b(on strike|hunger strike|general strike|went on a strike|"
    r"strike (action|by|over)|workers?|unions?)\b",
    re.I,
)

TERRITORY = re.compile(
    r"\b(control|town|village|city|territor|area|district|region|"
    r"positions?|base|hill|settlement)\b",
    re.I,
)

DEMANDS = re.compile(r"\b(demand\w*|protest\w*|demonstrat\w*|against the decision)", re.I)

RETURNED_FIRE = (
    r"fired back|returned (the )?fire|"
    r"(responded|reacted|retaliated) (\S+ ){0,2}(with|to) (\S+ ){0,2}(fire|gunfire|shots)"
)

EXCHANGE = re.compile(rf"\b(exchang\w*|clash(ed|es)?|{RETURNED_FIRE})\b", re.I)

RETURNED = re.compile(rf"\b({RETURNED_FIRE})\b", re.I)

WEAPON_GOODS = re.compile(
    r"\b(weapons?|arms|ammunition|munitions?|rifles?|guns?|pistols?|explosives?|IEDs?|TNT|"
    r"grenades?|mines?|rockets?|missiles?|caches?|rounds|bullets|detonators?)\b",
    re.I,
)

GOODS = re.compile(
    r"\b(drugs?|cocaine|heroin|marijuana|marihuana|cannabis|cigarettes|contraband|goods|"
    r"vehicles?|cars?|trucks?|motorcycles?|cash|money|livestock|cattle|goats|phones?|"
    r"property|belongings|fuel|timber|gold|lab(oratory)?|plants|crops|plantations?|land)\b",
    re.I,
)

STATE_SIDE = re.compile(
    r"\b(army|military|troops|soldiers|government|governmental|state|national|police|"
    r"gendarm\w*|regime|pro-government|loyalist|armed forces|marines|security forces)\b",
    re.I,
)

CASUALTIES = re.compile(
    r"\b(killed|killing|dead|died|wounded|injur\w*|hurt|fatalit\w*|bodies|body|shot)\b", re.I
)

AIR_SUPPORT = re.compile(
    r"\b(backed|supported|assisted|covered|accompanied|aided) by (\S+ ){0,3}?"
    r"(air ?strikes?|air-strikes?|air support|helicopters?|drones?|aircraft|warplanes?|jets?)",
    re.I,
)

MUTUAL_FIRE = re.compile(
    r"\b(exchang\w* (\w+ ){0,2}(fire|gunfire|shots)|shoot-?outs?|gun ?fights?|gun battles?|"
    r"fire ?fights?|fired back|returned (the )?fire)\b",
    re.I,
)

REPELLED = re.compile(
    r"\b(thwart\w*|repel\w*|repuls\w*|foil\w*|fought off|beat back|pushed back|"
    r"counter-?attack\w*)\b",
    re.I,
)

ARSON = re.compile(
    r"\b(arson|set (\w+ ){0,4}on fire|set fire|torch\w*|burn(ed|t|ing)? (down )?(\w+ )?"
    r"(vehicles?|cars?|trucks?|tractors?|machinery|houses|homes|shops|buildings?|schools?|"
    r"offices?|crops|fields)|(took|taking|carried|carrying) away|stole|stealing|looted|"
    r"looting|cut down|material damage|damaged)\b",
    re.I,
)

DISRUPTED = re.compile(
    r"\b(defus|diffus|dismantl|seiz|recover|discover|intercept|neutrali[sz]|shot down|locat|"
    r"controlled (explosion|detonation)|"
    r"caches?\b|found (an?|the|several)\b)",
    re.I,
)

EXPLODED = re.compile(r"\b(explod|detonat|went off|killed|wounded|injured|struck|hit)\w*", re.I)

PROTEST_WORD = re.compile(r"\b(protest|demonstrat|rall(y|ies|ied)|sit-in|dharna|picket)", re.I)

MOB_CUE = re.compile(
    r"\b(mob|lynch\w*|villagers|residents|locals|crowd|angry|group of (people|men|"
    r"youths|villagers|residents)|vigilantes?|relatives)\b",
    re.I,
)

MUTUAL_CUE = re.compile(r"\b(clash\w*|fought|fight\w*|battl\w*|exchang\w*|skirmish\w*)", re.I)

# Who bombs from the air: a state's forces or their aircraft ("the army bombed the market").
STATE_BOMBER = re.compile(
    r"\b(army|military|air ?force|regime|junta|government forces|jets?|warplanes?|aircraft|"
    r"helicopters?|planes?)\b",
    re.I,
)
