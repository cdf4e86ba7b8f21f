"""Guards and checks: figurative uses, negation, past events, topics, who is named, distress.

They keep the pattern families precise: a match only counts when none of these explain it away."""

from __future__ import annotations

import re

from bot.guidance.crisis.kinds import _flexible

_GUARDS = [
    r"\b(dø|dør|døde|døyr) av (kjedsomhet|latter|nysgjerrighet|sult|skam|kjedsomheit|spenning)",
    r"\b(kjede[rt]?|ler|le|jobbe[rt]?|sulte[rt]?|fryse[rt]?|stresse[rt]?|mase[rt]?|trene[rt]?) (meg|seg|oss) i ?hjel",
    r"\bdø(ds|d)?(kjedelig|lei|sliten|trøtt|sulten|stress|lett)\w*",
    r"\bdrepende (kjedelig|lei|sliten|trøtt)",
    r"\bdrepe tiden",
    r"\bskyte (ned|inn|opp|fart|i været)\b",
    r"\bkutte[rt]? (i|ned|ut|ned på|på|kostnader|budsjett\w*|timer|stillinger|ansatte|utgifter)\b",
    r"\bkutte[rt]? (meg|seg) (ut|ned|vekk|bort|løs)\b",
    r"\bta (livet|tilværelsen) (med ro|litt (mer )?(med ro|seriøst)|mer seriøst|seriøst|tilbake|i egne hender)",
    r"\bta (imot|inn|i mot) (lærling\w*|folk|praktikant\w*|elev\w*|ungdom\w*|ansatte)",
    r"\b(det|som|tanken|plutselig) slår meg\b",
    r"\bslå (av|på|opp|sammen|fast|seg ned|seg til ro|til)\b",
    r"\bslått (sammen|på|opp|fast)\b",
    r"\b(slo|slår|banke[rt]?) (meg|oss|ham|han|henne) i (sjakk|fotball|fifa|spill|tennis|poker|kortspill|padel)",
    r"\bbanke[rt]? på (døra|døren|dør)",
    r"\bvold(s)?(forebygg|utøver|offer|alarm)\w*",
    r"\b(forebygg\w*|forebygge) (selvmord\w*|vold\w*)",
    r"\bselvmordsforebygg\w*",
    r"\b(brenner|brant|brenne) for\b",
    r"\bbrann i blodet",
    r"\bbrann(mann|menn|vesen\w*|konstabel\w*|vern\w*|øvelse\w*|sikkerhet\w*|forebygg\w*|kurs\w*|alarmøvelse\w*|slukk\w*|stasjon\w*|bil\w*)\b",
    r"\b(fyrt av|fyre av|fyrte av)\b",
    r"\boverdose (av|med) (informasjon|info|kaffe|koffein|sukker|jobb|møter|skjema\w*|e-?post\w*|meldinger|inntrykk|netflix|gaming|tiktok)",
    r"\b(kill|killing) (time|it)\b",
    r"\b(dying|die|dies) (to|for|of (boredom|laughter|embarrassment))\b",
    r"\bto die for\b",
    r"\bkiller\b",
    r"\b(is|are|was) killing me\b(?! (with|,? ?i)? ?(a )?(knife|gun))",
    r"\b(mamma|pappa|mora mi|faren min|moren min|sjefen|sjefen min|læreren|treneren|mum|mom|dad|boss|teacher) (kommer til å |skal |vil )?(drepe|dreper|kill|kills|will kill) (meg|me) (hvis|om|if|når|when)\b",
    r"\bnå dreper (du|dere) meg\b",
    r"\b(drepte|drept|skjøt|skutt|drepe) (ham|han|henne|meg|dem|de|noen|alle)? ?i (fortnite|spillet|cs|minecraft|gta|fifa|call of duty|cod|valorant)",
    r"\bskutt (på|i) (mål|fotball)",
    r"\b(ble|blir|har blitt|er blitt) slått ut\b",
    r"\b(truet|truer|true) med (sparken|oppsigelse|bot|gebyr|inkasso|advokat|streik)",
    r"\bsparket (fra|ut|på grunn)",
    r"\b(skadet|skada|skader) (meg|seg) (i|på) (kneet|foten|ryggen|skulderen|armen på trening|trening|fotball|jobb)",
    r"\b(skar|kuttet|kutta|skjærer) (meg|seg) (i fingeren|på (en |et )?(kniv|papir|glass|boks))",
    r"\bpå liv og død\b",
    r"\bover my dead body\b",
    r"\bdead (tired|serious|end)\b",
    r"\bon fire (today|lately|this week)\b",
    r"\bi'?m on fire\b",
    r"\bfire (år|dager|uker|måneder|timer|ganger|barn|ansatte|kvelder|lærlinger|stillinger|personer|elever)\b",
    r"\b(er|var) (helt )?(dau|død) (lei|sliten|trøtt)",
]
_GUARDS += [
    r"\b(eksamen\w*|skole\w*|jobben|matte\w*|lekser\w*|nav|sjefen|dette|det|prøve\w*|kurset|venting\w*|trening\w*|this|school|work|exams?) (tar livet av|dreper|kills?|is killing) (meg|me)\b",
    r"\bleve (på|av|med) (\w+ ){0,3}(penger|lønn|stønad\w*|sosialhjelp|kroner|kr|studielån|dagpenger|aap)\b",
    r"\blivet (som|på) \w+",
    r"\bta (livet|livet mitt|mitt liv|tilværelsen) (\w+ )?(tilbake|i egne hender|med ro|seriøst)",
    r"\b(leste|lest|lese|hørte|hørt|så|read|saw|heard) (om|about) (\w+ ){0,2}\w+",
    r"\b(work|working|jobber|jobbe|jobbet|arbeider|studerer|studere|utdanne meg) (med|with|in|i|innen) (\w+ ){0,2}(vold\w*|violence|rus\w*|brann\w*|overdos\w*|selvmord\w*|suicide|cases|saker|beredskap|ambulanse\w*|sykepleie\w*|legevakt\w*)",
    r"\bavskjedsbrev\w* (\w+ ){0,3}(kolleg\w*|jobb\w*|sjef\w*|arbeidsgiver\w*|slutter|oppsigelse\w*|arbeidsplass\w*)",
    r"\boverdose of (information|info|coffee|caffeine|sugar|work|meetings|emails|forms)",
    r"\b(slo|slått) meg (litt|bare litt)\b",
    r"\b(står|er|stå|være|is|are) i (stor )?(fare|faresonen) for (å|at)\b|\bat risk of\b",
]
_GUARDS += [
    r"\b(skyter|skyte|skjøt|shoot|shot) (meg|seg|myself|himself|herself) (selv )?i foten\b|\bshoot (myself|yourself) in the foot\b",
    r"\b(drepe|dreper|drep|slå meg i hjel|slår meg i hjel|kill|kills|murder) (meg|me) (hvis|om|if|når|when) (jeg|eg|i) (ikke |don't |dont )?(stryk\w*|får|kommer for sent|taper|glemmer|mister|blir|fail\w*|get|lose|forget|miss)\b",
    r"\b(drepe|dreper|slå|slår|knuse|knuser|kill|beat|destroy) (\w+ ){0,3}i (yatzy|sjakk|monopol|kort\w*|fifa|spill\w*|uno|ludo|poker|fotball|tennis|padel|bowling|quiz)\b",
    r"\b(gonna|going to|will|skal|vil) (kill|drepe|murder) (my|min|mitt|mi) (brother|sister|mom|mum|dad|boss|friend|teacher|bror|søster|mamma|pappa|sjef|kompis|lærer)\b(?=.*\b(lol|haha|ate|spiste|took|tok|again|igjen)\b)",
    r"\bkill (it|time|the vibe|the mood)\b",
]
_GUARDS += [
    r"\b(\w+(en|et|a|ene)|eksamen|skole\w*|jobb\w*|matte|nav|dette|det)( min| mi| mitt)? (tar livet av|dreper) meg\b",
    r"\b(skar|kuttet|kutta|kutter|skjærer|cut) (meg|seg|myself) (litt )?(i|på) (fingeren|tommelen|hånda|hånden|finger|my finger)",
    r"\b(las|leste|lest) i \w+ om\b",
]
_GUARDS += [
    r"\b(get|getting|put|turn) my life (together|back|on track|in order|around)\b|\bstart (over|again|fresh)\b",
    r"\b(få|fått) (skikk|orden|styr) på (livet|meg selv)\b|\b(ny start|starte på nytt|begynne på nytt|starte livet på nytt)\b",
]
_GUARDS += [
    r"\b(er|helt|totally|completely|så) (\w+ )?on fire\b",
    r"\b(dø|dør|die|døy) (hvis|om|if) (jeg|i|eg) (må|skal|have to|must|got to|har)\b",
    r"\b(ikke|ikkje) så (gale|ille|dårlig|galt) at (jeg|eg) (\w+ ){0,2}(dø|døy|leve|skade meg)\b",
    r"\brøyk (\w+ )?(fra|frå) (naboens |en |ein )?(grill\w*|peis\w*|bål\w*|pipa|pipe|røykmaskin\w*)",
    r"\b(losing my mind|going crazy|blir gal|går fra vettet)\b",
    r"\bsmoke (\w+ ){0,2}from (the |a |our |my )?(neighbour'?s |neighbor'?s )?(barbecue|bbq|grill|chimney|fireplace|bonfire)\b",
]
_GUARD_RE = re.compile("|".join(f"(?:{_flexible(g)})" for g in _GUARDS))

_CHILD_IF_YOUNG = [
    r"\b(kastet|kasta|sparket|jaget) (meg |henne |ham )?ut (hjemmefra|av huset|av leiligheten)\b",
    r"\b(gifte|gifter|giftes) (meg|henne|seg) bort\b|\btvangs(ekteskap|gifte)\w*",
    r"\b(alene hjemme)\b.*\b(gråter|hele tiden|hele natta|ingen mat|sulten|ingen voksne|flere dager|i dagevis|igjen)\b",
    r"\b(barn|barna|ungene|småbarn|den minste)\b.*\balene hjemme\b",
    r"\bikke (gir|får) (meg )?mat\b|\bgir (meg|oss) ikke mat\b|\bdoesn't give me food\b|\bno food\b",
    r"\bikke (får|fikk) (lov )?(til )?å komme inn\b|\bute i kulda\b",
    r"\b(mamma|pappa|foreldrene|moren|faren) (har vært |er )?borte siden\b",
    r"\b(nothing|no food) in the fridge\b|\bdoesn't buy food\b|\bdrinks every day\b",
    r"\b(leaves|left|leaving) (\w+ ){0,3}alone for (days|hours|the night|nights)\b",
]

_YOUNG = re.compile(
    r"\b(jeg|er|e|på|is|am|i'm|im|aged?|bare|only|hun er|han er|she's|he's|she is|he is) ([6-9]|1[0-7])\b(?! (kr|prosent|timer|dager|ganger|ansatte|stk|%))"
    r"|\(([6-9]|1[0-7])\)"
    r"|\b([1-9]|1[0-7]) ?(år|åring\w*|yo|years? old|year-old|y/o)\b(?! siden)"
    r"|\b([5-9]|10) (klasse|trinn|grade)\b|\b(ungdomsskole\w*|barneskole\w*|vgs|videregående|vidaregåande|high school|middle school)\b"
    r"|\b(brother|sister|friend|son|daughter|bror\w*|søster\w*|venn\w*|kompis\w*|sønn\w*|datter\w*|elev\w*|lærling\w*|nabogutt\w*|nabojent\w*) (på )?([1-9]|1[0-7])\b"
    r"|\b(eleven|eleven min|elevene mine|en elev|en av elevene)\b"
    r"|\b(oss|vi|av oss|one of us) ([1-9]|1[0-7])\b|\b\d{1,2} klassing\w*"
    r"|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|[1-9]|1[0-7])-?åring\w*|\b(baby|babyen|toddler\w*|småbarn\w*|spedbarn\w*)\b"
    r"|\b(barnevern\w*|fosterhjem\w*|barnehjem\w*|lillebror\w*|lillesøster\w*|småsøsken\w*|naboungen|ungen|ungene|klassekamerat\w*|sønnen min|datteren min|"
    r"skolen|skoleplassen|skolegården|skuleplassen|friminutt\w*|school|schoolyard|classmate\w*|my student|my pupil)\b"
)
_CHILD_AT_RISK = re.compile(
    r"\b(barn|barna|barnet|ungen|ungene|lillebror|lillesøster|småsøsken|eleven|elev|elevene|"
    r"sønnen min|datteren min|niesen|nevøen|jenta|gutten|child|children|kid|kids|my son|my daughter|"
    r"little brother|little sister|pupil|student of mine)\b"
)
_HOME_ABUSE = re.compile(
    r"\b(pappa\w*|mamma\w*|faren|moren|far min|mor min|faren sin|moren sin|stefar\w*|stemor\w*|"
    r"foreldre\w*|hjemme|heime|dad|mom|mum|stepdad|stepfather|stepmother|father|mother|parents|"
    r"at home|onkel\w*|tante\w*)\b"
)
_THIRD = re.compile(
    r"\b(kompis\w*|venn|vennen|venninne\w*|bestevenn\w*|søster\w*|bror\w*|sønn\w*|datter\w*|"
    r"kjæreste\w*|eksen|elev\w*|kollega\w*|lærling\w*|mamma|pappa|moren min|faren min|naboen|"
    r"noen jeg kjenner|en jeg kjenner|han|hun|ham|henne|seg|"
    r"my (friend|sister|brother|son|daughter|girlfriend|boyfriend|colleague|student|mum|mom|dad|partner)|"
    r"friend|he|she|him|her|himself|herself|someone i know|a student|a colleague)\b"
)
_EMPLOYEE = re.compile(
    r"\b(ansatt\w*|medarbeider\w*|arbeidstaker\w*|lærlingen (vår|min)|en av (de ansatte|mine|våre)|"
    r"på jobb(en)? (vår|min)|i bedriften|i firmaet|kollega\w*|sjef for|employee\w*|staff|coworker\w*|"
    r"co-worker\w*|colleague\w*|one of my workers|my worker)\b"
)
_PAST = re.compile(
    r"\b(før(?= *($|\.|,| og| men))|tidligere|i fjor|i sommer|last year|once|for (\w+ ){0,2}(år|måneder|uker|veker|dager|døgn) siden|da jeg var|som barn|som liten|"
    r"for lenge siden|lenge siden|da (vi|jeg) var (små|liten|barn|yngre)|as a (teen|kid|child)|hadde|i perioder|ble|var|prøvde|tok|fikk|was|were|had|tried|"
    r"back in \d{4}|i \d{4}|in \d{4}|da jeg gikk på|da jeg var yngre|som tenåring|for (\w+ )?(lenge )?siden|"
    r"years ago|months ago|used to|when i was|as a child|in the past)\b"
)
_RECOVERED = re.compile(
    r"\b(nå går det (mye |veldig |litt |mye mye )?(bra|bedre|fint)|doing (fine|well|ok|okay|better)|i'm \d+ now|"
    r"flytt(et|a) (ut|hjemmefra)|går (bra|fint) nå|har det (bra|bedre|fint)( nå)?|nå har jeg det (bra|bedre|fint)|"
    r"er (frisk|bedre|ok|stabil) nå|nå er jeg (frisk|bedre|stabil|ok|\d+)|er over nå|ikke lenger|alt gikk bra|"
    r"har fått hjelp|fått hjelp|er (ferdig|ute) med det|men uansett|vil (jobbe|studere|utdanne meg) (med|innen|som)|"
    r"now i'm (fine|better|ok)|i'm (fine|better|ok) now|doing (fine|well|better) now|not anymore|"
    r"har jeg det (bra|fint|bedre)|fått behandling|vil nå (studere|jobbe|bli)|det er over nå|"
    r"(har vært|er) (rusfri|nykter|clean|frisk|stabil)|det (er|e|jeg) lenge siden|"
    r"kan (jeg|æ|eg) (\w+ )?(ta|få|bli|søke|jobbe|trene)|(er det|is it) (greit|greitt|ok|okay|trygt) å|"
    r"can i (still )?(work|get|apply|become|do)|"
    r"er (rusfri|nykter|clean|frisk) nå|doing ok|looking for work|"
    r"(må|bør|skal) (jeg|æ|eg) (si|fortelle|nevne) (noe om )?det|(intervju|jobbintervju|søknaden|arbeidsgiveren)\b|"
    r"kan jeg (få )?(jobbe|søke|bli)|engasjere meg|frivillig|"
    r"been fine|fine for years|har det greit|har vært (fin|bra|frisk)|"
    r"is fine now|has been fine|got help|nå vil jeg (\w+ ){0,8}(jobb|jobbe|skole|studere|utdanning)\w*)\b"
)
_NEGATORS = frozenset(
    {
        "ikke",
        "ingen",
        "aldri",
        "not",
        "no",
        "never",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "without",
        "uten",
        "null",
        "nei",
        "ingenting",
    }
)
# Forms, queues and crashing programs: the classifier alone does not call that a crisis.
_FRUSTRATION_ONLY = re.compile(
    r"\b(skjema\w*|telefonkø\w*|regneark\w*|form|forms|crash\w*|kø|ventetid|pivot\w*|excel)\b"
)
_OTHER_SUBJECT = re.compile(
    r"\b(han|hun|ho|de|noen|eksen|pappa|mamma|faren|moren|stefar\w*|kjæresten|typen|mannen|"
    r"he|she|they|someone)\b"
)
# "har ikke tatt noen piller": the rules read the crisis words as negated; the classifier may
# not read them otherwise.
_NEGATED_CRISIS_WORD = re.compile(
    r"\b(ikke|ingen|aldri|not|never|no)\b (\w+ ){0,3}(tatt|tok|taken|took|skade\w*|skadet|kutte\w*|"
    r"cut\w*|drepe|kill\w*|dø|die|selvmord\w*|suicid\w*|piller|pills|tabletter|overdos\w*|brann|fire)\b"
)
# An employer offering a place or a job: the classifier alone does not call that a crisis.
_EMPLOYER_OFFER = re.compile(
    r"\b(offer|tilby|ta imot|ta inn|ansette|hire|hiring|recruit\w*|rekrutter\w*)\b"
)
_STOP_VERBS = frozenset({"slutte", "stoppe", "stop", "slutta", "la", "unngå", "avoid", "help"})
_FRUSTRATION = re.compile(
    r"\b(skjema\w*|nav|vente\w*|venting|søknad\w*|søke\w*|jobbsøk\w*|cv|lekser|skole\w*|matte|"
    r"eksamen|prøve\w*|møte\w*|kø|telefonkø|byråkrati\w*|papirarbeid|systemet|mas|regler|"
    r"saksbehandl\w*|svar|e-?post\w*|forms?|paperwork|waiting|queue)\b"
)

# Distress without danger: first-person statements, not questions about schemes.
_DISTRESS_SOURCE = (
    r"\b(jeg|eg) (har|sliter med|sliter veldig med|lider av|har fått|fikk|har hatt mye|har mye|har så mye|har veldig mye|har sterk|har sosial|har alvorlig) "
    r"(så mye |mye |veldig mye |sterk |sosial |alvorlig |mye )?(angst|panikkangst|panikkanfall|depresjon|depresjonar|depresjoner|psykiske (plager|problemer|vansker|utfordringer)|spiseforstyrrelse|ptsd|traumer|mørke tanker)\b"
    r"|\b(jeg|eg) er (så |veldig |helt |skikkelig |ganske )?(deprimert|nedfor|langt nede|ensom|knust|helt tom|tom inni meg|redd hele tiden)\b"
    r"|\b(jeg|eg) sliter (så |veldig |mye |skikkelig )?(psykisk|med psyken|mentalt|med livet|med alt)\b"
    r"|^(jeg |eg )?sliter (så |veldig |mye )?(psykisk|med psyken|mentalt)\b"
    r"|\b(jeg|eg) har det (så |veldig |helt |ganske |skikkelig |kjempe)?(tungt|vondt|jævlig|forferdelig|grusomt|mørkt|dritt)\b"
    r"|\b(jeg|eg) føler meg (så |helt |veldig |skikkelig )?(ensom|verdiløs|håpløs|tom|alene|deprimert|nedfor|som en byrde|ubrukelig|mislykket)\b"
    r"|\bgråter (hele tiden|hver dag|hver kveld|mye)\b"
    # Lonely, with no one to talk to: someone to talk to is the help (116 123, Kirkens SOS).
    r"|(\b(jeg|eg)|\bog|^|,) (trenger|treng|har behov for|vil bare ha|ønsker meg) (bare |så |virkelig )?(noen|nokon|noen voksne) "
    r"(å |og )?(snakke|prate|snakka|prata) (med|med nå)\b"
    r"(?! om (jobb|tiltak|skole|utdanning|bedrift|lærling|rekrutt|ansett|søknad|cv|nav|kurs|praksis))"
    r"|(\b(jeg|eg) |^)har (ingen|ingen venner|ikke noen|ingen eg kan|ingen jeg kan) (å )?(snakke|prate) med\b"
    r"|\b(jeg|eg) er (helt |så |veldig |skikkelig |heilt )?(alene|aleine|åleine|einsam)\b"
    r"(?= *(og|,|\.|!|$|i natt|nå|hele tiden))"
    r"|\bføler meg (så |helt )?(alene|ensom|einsam)\b"
    r"|\bi (just |really )?need (someone|somebody) to talk to\b|\bi have no ?one to talk to\b"
    r"|\bi'?m (all|so|completely) alone\b"
    r"|\b(alt|livet) (er|føles) (så |helt )?(håpløst|mørkt|svart|tungt)\b(?! (å|med|når))"
    r"|\bmørke tanker\b"
    r"|\b(i have|i've got|i struggle with|i'm struggling with|struggling with|i suffer from|i get) (bad |severe |social )?(anxiety|depression|panic attacks|my mental health|mental health (issues|problems))\b"
    r"|\bi'?m (so |really |very )?(depressed|lonely|hopeless|worthless)\b"
    r"|\bi feel (so |really )?(alone|hopeless|worthless|empty|depressed)\b"
)
_DISTRESS = re.compile(_flexible(_DISTRESS_SOURCE))


def _negated(prefix: str) -> bool:
    """A negator among the last four words of the clause before the match."""
    clause = re.split(r" [.,] | men | but ", " " + prefix)[-1]
    words = clause.split()[-4:]
    for index, word in enumerate(words):
        if word in _NEGATORS and not set(words[index + 1 :]) & _STOP_VERBS:
            return True
    return False


def _clause_of(text: str, start: int, end: int) -> str:
    left = text.rfind(" . ", 0, start)
    right = text.find(" . ", end)
    return text[left + 1 if left >= 0 else 0 : right if right >= 0 else len(text)]


# Norwegian puts the subject after the verb when something else comes first ("og egentlig vil
# jeg ikke leve", "også tenker jeg på å dø"): the patterns see the verb and what follows it.
_INVERSION = re.compile(
    r"\b(vil|orker|klarer|gidder|ønsker|har|skal|kan|tror|ser|får|må|tenker|tenkte|planlegger|"
    r"vurderer|prøver|prøvde|kommer|tar|tok|gjør|drar|går|hopper|kutter|skader|kjøpte|skaffet|fant) "
    r"(jeg|han|hun|vi|de|du) "
    r"(?=(ikke|mye|ofte|på|å|til|bare|virkelig|livet|meg|seg|det|tau|piller|pillene)\b)"
)
_INFORMATIONAL = re.compile(
    r"\b(norsktimen|engelsktimen|timen|novelle\w*|boka|boken|bok|roman\w*|film\w*|dokumentar\w*|serie\w*|"
    r"nyhet\w*|avis\w*|artikkel\w*|oppgave\w*|masteroppgave\w*|bacheloroppgave\w*|statistikk\w*|"
    r"forskning\w*|foredrag\w*|podkast\w*|thesis|essay|sources|research|news|documentary|book|novel|"
    r"movie|film|podcast|statistics|lecture|course about|særoppgave\w*|framføring\w*|fremføring\w*|"
    r"fagbok\w*|fagbøker|naturfag\w*|helsefag\w*|pensum|hadde om|har om|fædrelandsvennen|nrk|"
    r"aftenposten|spillet|gamet|game|karakteren min|krim\w*|hovedperson\w*|thriller|"
    r"\w+student\w*|studerer)\b"
)
_PROFESSION = re.compile(
    r"\b(jobber|jobbet|jobbe|arbeider|work|working|worked) (på|i|som|med|at|as|in|with) (\w+ ){0,2}"
    r"(legevakt\w*|ambulanse\w*|sykehus\w*|akuttmottak\w*|politi\w*|brannvesen\w*|barnevern\w*|"
    r"psykiatri\w*|rusomsorg\w*|krisesenter\w*|hospital|ambulance|police|fire ?department|er|"
    r"emergency|social work\w*|helse\w*|sykepleie\w*)"
)
_JOKE = re.compile(r"\b(lol|haha\w*|hehe\w*|xd|lmao|rofl|jk)\b|😂|🤣|😅|😆")
_FIRST_PERSON = re.compile(
    r"\b(jeg|meg|me|myself|i'm)\b|\bi (want|will|am|have|can't|don't|need|feel|"
    r"think|cut|took|tried|wish|just|really)\b"
)


def _negated_after(text: str, end: int) -> bool:
    """Main-clause negation after the object: "han slår meg ikke", "eg skadar meg ikkje"."""
    after = text[end : end + 24].split()[:2]
    objects = ("selv", "lenger", "mer", "meg", "deg", "seg", "oss", "henne", "ham", "han", "hun")
    return (
        bool(after)
        and after[0] in ("ikke", "not", "aldri", "never")
        or (len(after) == 2 and after[1] in ("ikke", "aldri") and after[0] in objects)
    )
