"""Rebuild the bundled demo workspace's analyses from this declarative script.

The twelve transcripts in transcripts/ are synthetic and were written for stc. This script
carries the demo study through the four STC steps with stc's own Python API, so the files
in stc.yaml, codebooks/ and analyses/ are exactly what stc writes. Run it from the
repository root after editing the study:  python tools/build_demo.py [WORKSPACE]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from stc import api
from stc.model import InformantGroup, Project, Researcher, Round
from stc.store import Workspace

PROJECT = Project(
    title="Oppfølging av sykmeldte i NAV",
    subtitle="En syntetisk demonstrasjonsstudie med systematisk tekstkondensering",
    language="nb",
    researchers=(Researcher("ib", "Ingrid Bakke"), Researcher("tl", "Tor Lunde")),
    research_questions=(
        "Hvordan opplever NAV-ansatte, arbeidsgivere og sykmeldte oppfølgingen av sykmeldte?",
        "Hva fremmer og hemmer god oppfølging, og hvordan prioriteres ressursene?",
    ),
    groups=(
        InformantGroup("nav-veileder", "NAV-veileder"),
        InformantGroup("arbeidstaker", "Arbeidstaker"),
        InformantGroup("arbeidsgiver", "Arbeidsgiver"),
        InformantGroup("nav-fylket", "NAV Fylket", "NAV-ansatt, systemnivå"),
        InformantGroup(
            "nav-direktoratet", "NAV Arbeids- og velferdsdirektoratet", "NAV-ansatt, systemnivå"
        ),
    ),
    min_group_size=3,
    authors=("Ingrid Bakke", "Tor Lunde"),
    institution="Demonstrasjonsinstituttet",
)

PRECONCEPTIONS = {
    "ib": "Jeg har tidligere evaluert arbeidsrettede tiltak og forventer at ressursknapphet "
    "og høy saksmengde vil prege fortellingene. Jeg må passe på at jeg ikke bare leter etter "
    "bekreftelser på det.",
    "tl": "Jeg har bakgrunn fra bedriftshelsetjenesten og ser lett sykefravær fra "
    "arbeidsgivers side. Jeg forventer at samarbeidet med fastlegene beskrives som svakt.",
}

IMPRESSIONS = {
    "ib": {
        "vei-01": "Erfaren fra næringslivet, men ny i NAV. Tydelig på at saksmengden gjør at "
        "hun bare rekker det mest nødvendige. Kollegaen med lang erfaring går igjen som den "
        "viktigste kilden til kompetanse.",
        "vei-02": "Fristene styrer hverdagen. Konflikt på arbeidsplassen beskrives som det "
        "vanskeligste. Sterkt inntrykk: «Mange er redde for oss».",
        "vei-03": "Nyutdannet, overveldet i starten. Lærte mest ved å sitte med erfarne. "
        "Savner medisinsk rådgivning og kontinuitet for brukerne.",
        "ark-02": "Fokusgruppe med tre ulike forløp. Bytte av veileder og manglende tidlig "
        "kontakt går igjen; arbeidsgivers tilrettelegging avgjørende for dem som er tilbake.",
        "ag-02": "Kommunal HR med godt systemsamarbeid, men tilfeldig i enkeltsaker. "
        "Dialogmøte to kommer for sent. Fastlegen deltar nesten aldri.",
        "fyl-01": "Systemperspektiv: måltallene måler aktivitet, ikke effekt. Kompetansen "
        "sitter i hodene på de erfarne.",
        "dir-01": "Regelverket sier hva og når, men ikke hvordan. Dilemma mellom frister og "
        "kvalitet. Skjønn trenger støtte.",
    },
    "tl": {
        "vei-01": "Veileder med 130 saker. Prioriterer dem uten nettverk. Dialogmøtet kan "
        "være det beste verktøyet eller en formalitet.",
        "vei-02": "Erfaren veileder; «blikket» for hvem som trenger hjelp er erfaringsbasert. "
        "Fastlegen nesten aldri med.",
        "ark-01": "Hjelpepleier med prolaps. Stille fra NAV de første månedene; det andre "
        "dialogmøtet ble et vendepunkt. Bytte av veileder skapte uro.",
        "ag-01": "Transportbedrift uten HR. Ujevnt samarbeid, avhengig av veilederen. Ønsker "
        "fast kontaktperson.",
        "ag-03": "Liten bedrift, usikker arbeidsgiver. «Informasjon, men ikke hjelp». Godt "
        "dialogmøte ga trygghet.",
        "fyl-02": "Samarbeid hviler på enkeltpersoner. Sykmeldte med jobb nedprioriteres når "
        "ressursene er knappe.",
        "dir-02": "Tallene viser at møtene holdes, men tilbakeføringen endres lite. Færre "
        "saker per veileder henger sammen med tidligere samtaler.",
    },
}

THEMES = [
    (
        "prioritering",
        "Prioritering av begrensede ressurser",
        "ib",
        "Hvordan saksmengde, frister og måltall former hvem som får oppfølging.",
    ),
    (
        "kompetanse-samarbeid",
        "Kompetanse og samarbeid",
        "tl",
        "Hva veilederne kan, hvordan de lærer, og samarbeidet med arbeidsgivere og leger.",
    ),
    (
        "motet",
        "Møtet mellom NAV og den sykmeldte",
        "ib",
        "Dialogmøtene og de sykmeldtes opplevelse av å bli fulgt opp.",
    ),
    (
        "tidlig-innsats",
        "Tidlig innsats",
        "tl",
        "Foreløpig tema; gikk senere inn i de tre hovedtemaene.",
    ),
    (
        "styring",
        "Styring og måltall",
        "ib",
        "Foreløpig tema; slått sammen med prioritering av ressurser i trinn 2.",
    ),
]

CODE_GROUPS = [
    (
        "ressurser",
        "Rammebetingelser og ressursutnyttelse",
        "prioritering",
        "Saksmengde, frister, måltall og veiledernes prioriteringer.",
    ),
    (
        "kompetanse",
        "Kompetanse",
        "kompetanse-samarbeid",
        "Veiledernes opplæring, erfaring og forståelse av helse og arbeidsliv.",
    ),
    (
        "samarbeid",
        "Samarbeid med arbeidsgiver og fastlege",
        "kompetanse-samarbeid",
        "Hvordan NAV, arbeidsgivere og fastleger samarbeider om den sykmeldte.",
    ),
    (
        "dialogmote",
        "Dialogmøtet",
        "motet",
        "Erfaringer med dialogmøtene, både når de virker og når de ikke gjør det.",
    ),
    (
        "opplevelse",
        "Å bli sett",
        "motet",
        "De sykmeldtes opplevelse av kontakt, kontinuitet og å bli sett av NAV.",
    ),
]

CODES = [
    (
        "saksmengde",
        "Saksmengde og tid",
        "ressurser",
        "Utsagn om antall saker, tidspress og hva veilederne rekker.",
    ),
    (
        "frister-styrer",
        "Fristene styrer",
        "ressurser",
        "Lovpålagte frister og systemoppgaver som styrer arbeidsdagen.",
    ),
    (
        "malstyring",
        "Måltall og styring",
        "ressurser",
        "Styring gjennom måltall; aktivitet versus resultat.",
    ),
    (
        "skjonnsbasert-prioritering",
        "Skjønnsbasert prioritering",
        "ressurser",
        "Hvordan veiledere velger hvem de bruker tid på.",
    ),
    (
        "opplaering",
        "Opplæring og kurs",
        "kompetanse",
        "Formell opplæring, introduksjon og kurs for veiledere.",
    ),
    (
        "erfaringslaering",
        "Læring fra erfarne",
        "kompetanse",
        "Kompetanse som læres av og sitter hos erfarne kolleger.",
    ),
    (
        "medisinsk-forstaelse",
        "Medisinsk forståelse",
        "kompetanse",
        "Å forstå diagnoser og hva de betyr for arbeidsevnen.",
    ),
    (
        "arbeidslivskunnskap",
        "Kunnskap om arbeidslivet",
        "kompetanse",
        "Kjennskap til bransjer, arbeidsoppgaver og hva som lar seg tilrettelegge.",
    ),
    (
        "arbeidsgivers-tilrettelegging",
        "Arbeidsgivers tilrettelegging",
        "samarbeid",
        "Arbeidsgivers kontakt med og tilrettelegging for den sykmeldte.",
    ),
    (
        "fastlegen-fravaerende",
        "Fastlegen er fraværende",
        "samarbeid",
        "Fastlegens manglende deltakelse og kontakt med NAV og arbeidsgiver.",
    ),
    (
        "personavhengig-samarbeid",
        "Personavhengig samarbeid",
        "samarbeid",
        "Samarbeid som avhenger av enkeltpersoner og kontinuitet.",
    ),
    (
        "smaa-arbeidsgivere",
        "Små arbeidsgivere",
        "samarbeid",
        "Små virksomheter uten HR og deres behov for hjelp.",
    ),
    (
        "mote-som-verktoy",
        "Møtet som verktøy",
        "dialogmote",
        "Dialogmøter som fører til konkrete løsninger.",
    ),
    (
        "mote-som-formalitet",
        "Møtet som formalitet",
        "dialogmote",
        "Dialogmøter uten innhold eller som kommer for sent.",
    ),
    (
        "belastende-mote",
        "Belastende møter",
        "dialogmote",
        "Dialogmøter som oppleves som en belastning for den sykmeldte.",
    ),
    (
        "tidlig-kontakt",
        "Tidlig kontakt",
        "opplevelse",
        "Kontakt, eller mangel på kontakt, tidlig i sykmeldingsforløpet.",
    ),
    ("bytte-av-veileder", "Bytte av veileder", "opplevelse", "Kontinuitet og skifte av veileder."),
    (
        "bli-sett",
        "Å bli sett",
        "opplevelse",
        "Opplevelsen av at NAV ser hele personen og situasjonen.",
    ),
    ("frykt-for-nav", "Frykt for NAV", "opplevelse", "Forestillinger om NAV som kontrollinstans."),
]

UNITS: list[tuple[str, str, str, list[str]]] = [
    (
        "vei-01",
        "ib",
        "Akkurat nå har jeg rundt hundre og tretti saker i porteføljen.",
        ["saksmengde"],
    ),
    (
        "vei-01",
        "ib",
        "Jeg skulle gjerne ha ringt flere av dem før åtteukersfristen, men det går rett og slett ikke.",
        ["saksmengde", "tidlig-kontakt"],
    ),
    (
        "vei-01",
        "ib",
        "Vi har ikke noe fast system for det, så det blir mye skjønn.",
        ["skjonnsbasert-prioritering"],
    ),
    (
        "vei-01",
        "ib",
        "Det er de som ikke har noen rundt seg jeg prøver å bruke tida på.",
        ["skjonnsbasert-prioritering"],
    ),
    ("vei-01", "ib", "Læringskurven er bratt hvis man ikke har jobbet i NAV før.", ["opplaering"]),
    (
        "vei-01",
        "ib",
        "Jeg har ingen helsefaglig bakgrunn, så når det står noe på sykmeldingen som jeg ikke forstår, må jeg slå det opp eller spørre en kollega.",
        ["medisinsk-forstaelse"],
    ),
    (
        "vei-01",
        "ib",
        "Det er nok henne vi lærer mest av, mer enn av kursene. Kursene er ofte veldig generelle og kommer gjerne et halvt år etter at du trengte dem.",
        ["erfaringslaering", "opplaering"],
    ),
    (
        "vei-01",
        "ib",
        "Andre har ikke snakket med den ansatte siden sykmeldingen startet. Da blir det vi som må dra i gang dialogen, og det tar mye tid.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "vei-01",
        "ib",
        "Når de fungerer, er dialogmøtet det viktigste verktøyet vi har.",
        ["mote-som-verktoy"],
    ),
    (
        "vei-01",
        "ib",
        "Men det skjer at møtet blir en formalitet der alle bare bekrefter at situasjonen er som den er, og så går man hver til sitt.",
        ["mote-som-formalitet"],
    ),
    (
        "vei-01",
        "ib",
        "Jeg prøver å være ordentlig til stede når jeg først snakker med dem, for det kan være den eneste samtalen de har med NAV på flere måneder.",
        ["bli-sett"],
    ),
    (
        "vei-01",
        "tl",
        "Akkurat nå har jeg rundt hundre og tretti saker i porteføljen.",
        ["saksmengde"],
    ),
    ("vei-01", "tl", "Læringskurven er bratt hvis man ikke har jobbet i NAV før.", ["opplaering"]),
    (
        "vei-01",
        "tl",
        "Det er nok henne vi lærer mest av, mer enn av kursene.",
        ["erfaringslaering"],
    ),
    (
        "vei-01",
        "tl",
        "Men det skjer at møtet blir en formalitet der alle bare bekrefter at situasjonen er som den er, og så går man hver til sitt.",
        ["mote-som-formalitet"],
    ),
    (
        "vei-02",
        "tl",
        "Systemet sender oss oppgaver når det nærmer seg åtte uker, tjuesju uker og så videre, og det er fristene som styrer dagen.",
        ["frister-styrer"],
    ),
    (
        "vei-02",
        "tl",
        "Vi snakker mye om at vi skal jobbe tidlig og forebyggende, men i praksis blir det fristene som bestemmer.",
        ["frister-styrer"],
    ),
    (
        "vei-02",
        "tl",
        "De blir liggende, helt ærlig. Jeg vet at det finnes folk i porteføljen min som kunne hatt nytte av en telefon for lenge siden.",
        ["saksmengde"],
    ),
    (
        "vei-02",
        "tl",
        "Etter noen år får man et slags blikk for det.",
        ["skjonnsbasert-prioritering", "erfaringslaering"],
    ),
    (
        "vei-02",
        "tl",
        "Nye kolleger har ikke det blikket, og det er ikke noe man lærer på et kurs.",
        ["erfaringslaering"],
    ),
    (
        "vei-02",
        "tl",
        "Jeg har vært i møter der stemningen var så dårlig at jeg tenkte at vi gjorde vondt verre.",
        ["belastende-mote"],
    ),
    ("vei-02", "tl", "Fastlegen er nesten aldri med i dialogmøtet.", ["fastlegen-fravaerende"]),
    (
        "vei-02",
        "tl",
        "Men det betyr at vi ofte sitter uten den medisinske vurderingen, og så blir det arbeidsgiveren og den sykmeldte som forteller hva legen mener.",
        ["fastlegen-fravaerende"],
    ),
    (
        "vei-02",
        "tl",
        "Mange er redde for oss. De tror vi er ute etter å ta dem, at vi skal stoppe sykepengene.",
        ["frykt-for-nav"],
    ),
    ("vei-02", "tl", "Når de skjønner det, endrer samtalen seg helt.", ["bli-sett"]),
    (
        "vei-02",
        "ib",
        "Systemet sender oss oppgaver når det nærmer seg åtte uker, tjuesju uker og så videre, og det er fristene som styrer dagen.",
        ["frister-styrer"],
    ),
    (
        "vei-02",
        "ib",
        "Fastlegen er nesten aldri med i dialogmøtet. De har ikke tid, og jeg forstår det.",
        ["fastlegen-fravaerende"],
    ),
    ("vei-02", "ib", "Mange er redde for oss.", ["frykt-for-nav"]),
    (
        "vei-03",
        "ib",
        "Jeg fikk over hundre saker den første måneden og hadde knapt lært meg fagsystemene.",
        ["saksmengde", "opplaering"],
    ),
    (
        "vei-03",
        "ib",
        "Det fantes et introduksjonsprogram, men det var mest om systemer og rutiner.",
        ["opplaering"],
    ),
    (
        "vei-03",
        "ib",
        "Det lærte jeg ved å sitte med på møtene til en erfaren kollega.",
        ["erfaringslaering"],
    ),
    (
        "vei-03",
        "ib",
        "Jeg skulle ønske vi hadde lettere tilgang til en lege vi kunne rådføre oss med, for nå tar det flere uker å få svar fra rådgivende overlege.",
        ["medisinsk-forstaelse"],
    ),
    (
        "vei-03",
        "ib",
        "Så jeg ringer dem der jeg er usikker. Det er litt tilfeldig, egentlig, det er ikke noe system.",
        ["skjonnsbasert-prioritering"],
    ),
    (
        "vei-03",
        "ib",
        "De beste møtene er der arbeidsgiver har forberedt seg og kommer med konkrete forslag.",
        ["mote-som-verktoy"],
    ),
    (
        "vei-03",
        "ib",
        "Jeg hadde et møte med en butikkmedarbeider der sjefen hadde laget en plan for gradert oppstart med andre arbeidsoppgaver, og hun var tilbake i full jobb etter seks uker.",
        ["mote-som-verktoy", "arbeidsgivers-tilrettelegging"],
    ),
    (
        "vei-03",
        "ib",
        "Da sitter den sykmeldte der og må forklare seg enda en gang, og jeg ser at det er belastende.",
        ["belastende-mote"],
    ),
    (
        "vei-03",
        "ib",
        "Nå skifter de ofte veileder, og da må de begynne på nytt.",
        ["bytte-av-veileder"],
    ),
    (
        "ark-01",
        "tl",
        "Jeg fikk brev om rettigheter og plikter, og så var det stille i nesten to måneder.",
        ["tidlig-kontakt"],
    ),
    (
        "ark-01",
        "tl",
        "Jeg visste ikke om noen i NAV i det hele tatt visste hvem jeg var.",
        ["tidlig-kontakt"],
    ),
    (
        "ark-01",
        "tl",
        "Hun spurte hvordan jeg egentlig hadde det, ikke bare om ryggen. Det var første gang jeg følte at noen så hele situasjonen.",
        ["bli-sett"],
    ),
    (
        "ark-01",
        "tl",
        "Det første møtet, det med bare meg og avdelingslederen, var mest et skjema vi fylte ut.",
        ["mote-som-formalitet"],
    ),
    (
        "ark-01",
        "tl",
        "Men i det andre møtet var veilederen med, og da ble det snakket om konkrete ting, som at jeg kunne slippe tunge løft og ta mer av medisineringen og dokumentasjonen. Det var der det snudde for meg.",
        ["mote-som-verktoy", "arbeidsgivers-tilrettelegging"],
    ),
    (
        "ark-01",
        "tl",
        "Det betyr mye å vite at det er en plass å komme tilbake til.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ark-01",
        "tl",
        "Det var forvirrende at jeg fikk ny veileder etter tre måneder. Da måtte jeg forklare alt på nytt, og jeg var redd for at det som var avtalt, skulle forsvinne.",
        ["bytte-av-veileder"],
    ),
    (
        "ark-01",
        "tl",
        "Jeg tror ikke han og NAV har snakket sammen en eneste gang.",
        ["fastlegen-fravaerende"],
    ),
    (
        "ark-01",
        "tl",
        "Man føler seg veldig alene de første ukene. Det trenger ikke være mye, bare en telefon.",
        ["tidlig-kontakt"],
    ),
    (
        "ark-02",
        "ib",
        "Jeg har hatt tre forskjellige på et år, og hver gang må jeg fortelle historien min på nytt. Det er slitsomt når man allerede er sliten.",
        ["bytte-av-veileder"],
    ),
    (
        "ark-02",
        "ib",
        "Jeg har aldri snakket med noen fra NAV på telefon, så jeg vet ikke hvem som har saken min.",
        ["tidlig-kontakt"],
    ),
    (
        "ark-02",
        "ib",
        "Jeg ble overrasket, for jeg hadde trodd NAV bare var et kontor som passet på reglene.",
        ["bli-sett", "frykt-for-nav"],
    ),
    (
        "ark-02",
        "ib",
        "Det at han ikke presset, men heller ikke glemte meg, var avgjørende.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ark-02",
        "ib",
        "For meg var det at arbeidsgiveren fant andre oppgaver.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ark-02",
        "ib",
        "Jeg har ikke kommet tilbake ennå, og jeg tror en del av grunnen er at barnehagen ikke har noen lette oppgaver.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ark-02",
        "ib",
        "Det siste dialogmøtet mitt føltes som et forhør. Det var fire personer rundt bordet som spurte hva jeg kunne klare, og jeg satt der og følte at jeg måtte bevise at jeg var syk nok.",
        ["belastende-mote"],
    ),
    (
        "ark-02",
        "ib",
        "Jeg vet ikke om det trengtes et møte for det, men det skadet ikke.",
        ["mote-som-formalitet"],
    ),
    (
        "ark-02",
        "ib",
        "At man fikk beholde samme veileder. Det hadde betydd utrolig mye å slippe å begynne på nytt hver gang.",
        ["bytte-av-veileder"],
    ),
    (
        "ark-02",
        "ib",
        "Da jeg var på mitt verste, var det ingen som spurte, og da jeg endelig fikk en samtale, var jeg nesten på vei tilbake.",
        ["tidlig-kontakt"],
    ),
    (
        "ag-01",
        "tl",
        "Jeg prøver å ringe alle som er sykmeldt i løpet av den første uka.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ag-01",
        "tl",
        "Andre ganger er det en ny person hver gang, og da må jeg forklare hva en sjåfør gjør i løpet av en dag.",
        ["personavhengig-samarbeid", "arbeidslivskunnskap"],
    ),
    (
        "ag-01",
        "tl",
        "Men det var jeg som måtte finne ut at det fantes en slik ordning. Ingen fortalte meg om det.",
        ["smaa-arbeidsgivere"],
    ),
    (
        "ag-01",
        "tl",
        "Når veilederen også har satt seg inn i saken, blir det gode møter.",
        ["mote-som-verktoy"],
    ),
    (
        "ag-01",
        "tl",
        "Men det hender at veilederen åpenbart ikke har lest oppfølgingsplanen, og da blir det mest prat.",
        ["mote-som-formalitet"],
    ),
    ("ag-01", "tl", "Vi får vite det den ansatte forteller oss.", ["fastlegen-fravaerende"]),
    ("ag-01", "tl", "En fast kontaktperson for bedriften.", ["personavhengig-samarbeid"]),
    (
        "ag-02",
        "ib",
        "Men i den enkelte saken er det mer tilfeldig. Det avhenger veldig av hvilken veileder man får.",
        ["personavhengig-samarbeid"],
    ),
    (
        "ag-02",
        "ib",
        "Noen veiledere kjenner helse og omsorg og vet hva en turnus er.",
        ["arbeidslivskunnskap"],
    ),
    (
        "ag-02",
        "ib",
        "Andre veiledere foreslår ting som ikke lar seg gjøre, som at en sykepleier skal slippe stell.",
        ["arbeidslivskunnskap"],
    ),
    (
        "ag-02",
        "ib",
        "Jeg synes dialogmøte to ofte kommer for sent.",
        ["mote-som-formalitet", "tidlig-kontakt"],
    ),
    (
        "ag-02",
        "ib",
        "Så blir det vi og NAV som sitter og gjetter på hva som er medisinsk forsvarlig.",
        ["fastlegen-fravaerende"],
    ),
    (
        "ag-02",
        "ib",
        "Jeg vet at veilederne har mange saker, men det er i de vanskelige sakene vi trenger dem, og det er der de ofte er minst til stede.",
        ["saksmengde"],
    ),
    (
        "ag-03",
        "tl",
        "Jeg visste ikke hva jeg hadde lov til å spørre om, og jeg var redd for å gjøre noe galt.",
        ["smaa-arbeidsgivere"],
    ),
    (
        "ag-03",
        "tl",
        "Jeg fikk informasjon, men ikke hjelp, hvis du forstår.",
        ["smaa-arbeidsgivere"],
    ),
    ("ag-03", "tl", "Som liten bedrift har vi ingen HR å spørre.", ["smaa-arbeidsgivere"]),
    (
        "ag-03",
        "tl",
        "Etter møtet følte jeg meg tryggere på hva jeg skulle gjøre.",
        ["mote-som-verktoy"],
    ),
    (
        "ag-03",
        "tl",
        "Vi tilpasset arbeidsoppgavene, slik at hun slapp kundemøter den første tiden.",
        ["arbeidsgivers-tilrettelegging"],
    ),
    (
        "ag-03",
        "tl",
        "En telefon tidlig i forløpet hadde spart meg for mye usikkerhet.",
        ["smaa-arbeidsgivere", "tidlig-kontakt"],
    ),
    (
        "fyl-01",
        "ib",
        "Problemet er at tallene sier om vi har gjort noe, ikke om det vi gjorde hadde noen effekt.",
        ["malstyring"],
    ),
    (
        "fyl-01",
        "ib",
        "Et møte kan være avholdt uten at det har skjedd noe som helst.",
        ["malstyring", "mote-som-formalitet"],
    ),
    (
        "fyl-01",
        "ib",
        "Der det er egne team, ser vi at kompetansen bygges opp over tid.",
        ["erfaringslaering"],
    ),
    (
        "fyl-01",
        "ib",
        "Mye av kompetansen sitter i hodene på de erfarne veilederne, og når de slutter, forsvinner den.",
        ["erfaringslaering"],
    ),
    (
        "fyl-01",
        "ib",
        "Det blir opp til hver enkelt, og da blir det ulikt hvem som får hjelp.",
        ["skjonnsbasert-prioritering"],
    ),
    ("fyl-02", "tl", "Det hviler ofte på enkeltpersoner.", ["personavhengig-samarbeid"]),
    (
        "fyl-02",
        "tl",
        "Fastlegene er en viktig brikke vi ikke får tak i.",
        ["fastlegen-fravaerende"],
    ),
    (
        "fyl-02",
        "tl",
        "Når ressursene er knappe, er det lett å tenke at sykmeldte med jobb klarer seg, fordi de har en arbeidsgiver.",
        ["saksmengde", "skjonnsbasert-prioritering"],
    ),
    (
        "fyl-02",
        "tl",
        "Men for noen er det nettopp tidlig oppfølging som gjør forskjellen, og dem finner vi ikke godt nok i dag.",
        ["skjonnsbasert-prioritering", "tidlig-kontakt"],
    ),
    (
        "fyl-02",
        "tl",
        "Og jeg ville målt om folk faktisk kommer tilbake i jobb, ikke bare om møtene er holdt.",
        ["malstyring"],
    ),
    (
        "dir-01",
        "ib",
        "Det handler om regelverk, men også om samtaleferdigheter og om å forstå arbeidslivet.",
        ["opplaering", "arbeidslivskunnskap"],
    ),
    (
        "dir-01",
        "ib",
        "Det som virker, er at nye veiledere får gå sammen med erfarne, og det kan vi ikke bestemme sentralt.",
        ["erfaringslaering"],
    ),
    (
        "dir-01",
        "ib",
        "Men vi ser at fristene kan ta oppmerksomheten bort fra kvaliteten i oppfølgingen.",
        ["frister-styrer"],
    ),
    (
        "dir-01",
        "ib",
        "Vi må gi veilederne rom for skjønn, men også støtte til å bruke det skjønnet godt.",
        ["skjonnsbasert-prioritering"],
    ),
    ("dir-02", "tl", "Vi måler aktivitet mer enn resultater.", ["malstyring"]),
    (
        "dir-02",
        "tl",
        "Det er mye lettere å telle møter enn å vite hva et møte har ført til.",
        ["malstyring"],
    ),
    (
        "dir-02",
        "tl",
        "Vi ser i tallene at kontorene med færrest saker per veileder også har flest samtaler tidlig i forløpet.",
        ["saksmengde", "tidlig-kontakt"],
    ),
    (
        "dir-02",
        "tl",
        "Jeg mener vi bør bli bedre til å finne dem som trenger oss mest, tidlig.",
        ["skjonnsbasert-prioritering"],
    ),
]

# Per code group: subgroups (id, label, codes that sort a unit into it, golden quote as
# "transcript:beginning of the unit", condensate in the first person).
SUBGROUPS: dict[str, list[tuple[str, str, list[str], str, str]]] = {
    "ressurser": [
        (
            "for-mange-saker",
            "For mange saker til å følge opp alle",
            ["saksmengde"],
            "vei-02:De blir liggende",
            "Jeg har over hundre saker og rekker bare det aldri så nødvendige. Jeg vet at det "
            "finnes folk i porteføljen som kunne hatt nytte av en telefon for lenge siden, men de "
            "blir liggende. Det er i de vanskelige sakene vi trengs mest, og det er der vi ofte er "
            "minst til stede.",
        ),
        (
            "fristene-styrer",
            "Fristene og måltallene styrer",
            ["frister-styrer", "malstyring"],
            "dir-02:Vi måler aktivitet",
            "Det er fristene som styrer dagen. Vi snakker om å jobbe tidlig og forebyggende, men "
            "det er fristene som bestemmer. Tallene sier om vi har holdt møtene, ikke om det vi "
            "gjorde hadde noen effekt – et møte kan være avholdt uten at noe har skjedd.",
        ),
        (
            "skjonn-uten-stotte",
            "Prioritering uten støtte",
            ["skjonnsbasert-prioritering"],
            "fyl-01:Det blir opp til",
            "Vi har ikke noe fast system for hvem vi skal bruke tid på, så det blir mye skjønn. "
            "Etter noen år får man et blikk for hvem som står i fare for å falle ut, men det er "
            "litt tilfeldig. Det blir opp til hver enkelt, og da blir det ulikt hvem som får hjelp.",
        ),
    ],
    "kompetanse": [
        (
            "bratt-laeringskurve",
            "Bratt læringskurve, generelle kurs",
            ["opplaering"],
            "vei-01:Læringskurven er bratt",
            "Læringskurven er bratt når man kommer ny til NAV. Jeg fikk over hundre saker før jeg "
            "hadde lært meg systemene, og introduksjonen handlet mest om rutiner. Kursene er "
            "generelle og kommer gjerne et halvt år etter at jeg trengte dem.",
        ),
        (
            "laering-fra-erfarne",
            "Kompetansen sitter i de erfarne",
            ["erfaringslaering"],
            "fyl-01:Mye av kompetansen",
            "Det er de erfarne kollegene vi lærer mest av. Jeg lærte ved å sitte med på møtene "
            "til en erfaren kollega, og det blikket får man ikke på et kurs. Men kompetansen "
            "sitter i hodene på de erfarne, og når de slutter, forsvinner den.",
        ),
        (
            "helse-og-arbeidsliv",
            "Å forstå diagnoser og arbeidsplasser",
            ["medisinsk-forstaelse", "arbeidslivskunnskap"],
            "ag-02:Andre veiledere foreslår",
            "Jeg har ingen helsefaglig bakgrunn, og når det står noe på sykmeldingen jeg ikke "
            "forstår, må jeg slå det opp eller spørre en kollega. Arbeidsgiverne merker det når "
            "vi ikke kjenner bransjen: da foreslår vi ting som ikke lar seg gjøre, og de må "
            "forklare i stedet for å planlegge.",
        ),
    ],
    "samarbeid": [
        (
            "arbeidsgiveren-er-nokkelen",
            "Arbeidsgiveren er nøkkelen",
            ["arbeidsgivers-tilrettelegging", "smaa-arbeidsgivere"],
            "ark-02:Det at han ikke presset",
            "Det var arbeidsgiveren som gjorde at jeg kom tilbake: han ringte tidlig, fant andre "
            "oppgaver og sa at jeg var savnet. Som liten arbeidsgiver visste jeg ikke hva jeg "
            "hadde lov til å spørre om, og jeg fikk informasjon, men ikke hjelp.",
        ),
        (
            "fastlegen-utenfor",
            "Fastlegen står utenfor",
            ["fastlegen-fravaerende"],
            "ag-02:Så blir det vi og NAV",
            "Fastlegen er nesten aldri med i dialogmøtet. Vi får vite det den sykmeldte forteller "
            "oss, og så sitter vi og gjetter på hva som er medisinsk forsvarlig. Jeg tror ikke "
            "legen og NAV har snakket sammen en eneste gang.",
        ),
        (
            "personavhengig",
            "Samarbeid som hviler på enkeltpersoner",
            ["personavhengig-samarbeid"],
            "ag-02:Men i den enkelte saken",
            "Samarbeidet avhenger av hvilken veileder vi får. Det hviler på enkeltpersoner, og "
            "når det kommer en ny person hver gang, må vi forklare alt på nytt. Vi ønsker oss en "
            "fast kontaktperson som kjenner oss.",
        ),
    ],
    "dialogmote": [
        (
            "vendepunkt",
            "Når møtet blir et vendepunkt",
            ["mote-som-verktoy"],
            "ark-01:Men i det andre møtet",
            "Når alle har forberedt seg, er dialogmøtet det viktigste verktøyet vi har. Da "
            "snakker vi om konkrete ting, som å slippe tunge løft eller gradert oppstart med "
            "andre oppgaver, og det var der det snudde for meg. Etter møtet var jeg tryggere på "
            "hva jeg skulle gjøre.",
        ),
        (
            "formalitet-og-belastning",
            "Møtet som formalitet eller belastning",
            ["mote-som-formalitet", "belastende-mote"],
            "ark-02:Det siste dialogmøtet",
            "Noen ganger blir møtet en formalitet der alle bekrefter at situasjonen er som den "
            "er, eller det kommer så sent at kontakten med arbeidsplassen er borte. Det siste "
            "møtet mitt føltes som et forhør, og jeg måtte forklare meg enda en gang og bevise at "
            "jeg var syk nok.",
        ),
    ],
    "opplevelse": [
        (
            "alene-i-starten",
            "Alene de første ukene",
            ["tidlig-kontakt"],
            "ark-01:Man føler seg veldig alene",
            "I starten hørte jeg ingenting, bare brev om rettigheter og plikter. Jeg visste ikke "
            "om noen i NAV visste hvem jeg var. Da jeg var på mitt verste, var det ingen som "
            "spurte – det hadde holdt med en telefon.",
        ),
        (
            "begynne-paa-nytt",
            "Å begynne på nytt",
            ["bytte-av-veileder"],
            "ark-02:Jeg har hatt tre forskjellige",
            "Jeg har hatt flere veiledere, og hver gang må jeg fortelle historien min på nytt. "
            "Det er slitsomt når jeg allerede er sliten, og jeg var redd for at det som var "
            "avtalt, skulle forsvinne. Å få beholde samme veileder hadde betydd utrolig mye.",
        ),
        (
            "aa-bli-sett",
            "Å bli sett",
            ["bli-sett", "frykt-for-nav"],
            "ark-01:Hun spurte hvordan",
            "Jeg trodde NAV bare var et kontor som passet på reglene, og mange er redde for at vi "
            "skal stoppe sykepengene. Men veilederen spurte hvordan jeg egentlig hadde det, ikke "
            "bare om ryggen, og det var første gang jeg følte at noen så hele situasjonen.",
        ),
    ],
}

SYNTHESES: dict[str, tuple[str, str]] = {
    "ressurser": (
        "«Det er fristene som styrer dagen»",
        """
Veilederne beskriver en hverdag der saksmengden avgjør hva som er mulig. Med over hundre
sykmeldte hver rekker de **bare det mest nødvendige**, og mange saker blir liggende til en
frist tvinger dem fram:

[[vei-02:De blir liggende]]

Fristene og systemoppgavene setter dagsordenen. Både veiledere og informanter på systemnivå
peker på at styringen måler *aktivitet* – om møtene er holdt – og ikke om de sykmeldte kommer
tilbake i arbeid.[^maltall] Et møte kan være avholdt uten at noe har skjedd:

[^maltall]: Informantene nevner særlig andelen dialogmøter holdt innen fristen og andelen sykmeldte som er fulgt opp før 27 uker.

[[dir-02:Vi måler aktivitet]]

Når alle ikke kan følges opp likt, prioriterer veilederne etter skjønn. Erfarne veiledere
har et «blikk» for hvem som står i fare for å falle ut, mens nyere veiledere beskriver
prioriteringen som tilfeldig. Informanter på systemnivå erkjenner at veilederne mangler
støtte til å prioritere, og at resultatet blir ulikt hvem som får hjelp:

[[fyl-01:Det blir opp til]]

Funnene tyder på at ressursknappheten ikke bare gir mindre oppfølging, men også mer
*tilfeldig* oppfølging.
""",
    ),
    "kompetanse": (
        "«Læringskurven er bratt»",
        """
Nye veiledere beskriver starten som overveldende. De får mange saker før de kjenner
systemene, og den formelle opplæringen handler mest om rutiner:

[[vei-01:Læringskurven er bratt]]

Kompetansen som betyr mest – å snakke med en sykmeldt med depresjon, eller å ta opp at en
arbeidsgiver ikke har gjort jobben sin – læres ved å gå sammen med erfarne kolleger. Både
veiledere og informanter på systemnivå beskriver denne kompetansen som sårbar:

[[fyl-01:Mye av kompetansen]]

Veilederne savner også medisinsk forståelse og kunnskap om arbeidslivet. Arbeidsgiverne
merker forskjell på veiledere som kjenner bransjen og veiledere som ikke gjør det:

[[ag-02:Andre veiledere foreslår]]
""",
    ),
    "samarbeid": (
        "Arbeidsgiveren som nøkkel, fastlegen utenfor",
        """
For de sykmeldte som er kommet tilbake i arbeid, er det arbeidsgiveren som trekkes fram som
avgjørende. Tidlig kontakt, andre arbeidsoppgaver og en tydelig beskjed om at de er savnet
gjør forskjellen:

[[ark-02:Det at han ikke presset]]

Små arbeidsgivere uten egen HR beskriver seg som alene med ansvaret. De får
**informasjon, men ikke hjelp**. Fastlegen beskrives av nesten alle informantgrupper som
fraværende i oppfølgingen, og NAV og arbeidsgiver må gjette på hva som er medisinsk
forsvarlig:

[[ag-02:Så blir det vi og NAV]]

Samarbeidet mellom NAV og arbeidsgiverne hviler på enkeltpersoner. Når veilederen byttes ut,
må relasjonen bygges opp igjen, og arbeidsgiverne etterlyser en fast kontaktperson.
""",
    ),
    "dialogmote": (
        "«Det var der det snudde for meg»",
        """
Dialogmøtet beskrives både som det viktigste verktøyet i oppfølgingen og som en formalitet.
Forskjellen ligger i forberedelsen: når arbeidsgiver og veileder har satt seg inn i saken,
blir møtet et sted for konkrete løsninger, og for noen et vendepunkt:

[[ark-01:Men i det andre møtet]]

Når ingen har forberedt seg, blir møtet en gjennomgang av sykdomshistorien. Flere
sykmeldte beskriver møtet som en belastning, der de må forklare seg på nytt og bevise at de
er syke nok:

[[ark-02:Det siste dialogmøtet]]
""",
    ),
    "opplevelse": (
        "«Man føler seg veldig alene de første ukene»",
        """
De sykmeldte beskriver de første ukene som stille. De får brev, men ingen kontakt, og vet
ikke om noen i NAV kjenner saken deres:

[[ark-01:Man føler seg veldig alene]]

Bytte av veileder gjør at de må fortelle historien sin på nytt, noe som oppleves som
slitsomt og skaper uro for om avtaler blir borte. Likevel forteller flere om samtaler der de
ble *sett* – der veilederen spurte hvordan de egentlig hadde det:

[[ark-01:Hun spurte hvordan]]

Slike samtaler endrer bildet av NAV fra kontrollinstans til hjelper, og veilederne er selv
bevisste på at én samtale kan være den eneste de sykmeldte har med NAV på lenge.
""",
    ),
}


POWER = {
    "aim": "narrow",
    "specificity": "dense",
    "theory": "applied",
    "dialogue": "strong",
    "strategy": "cross-case",
    "notes": "Tolv intervjuer med informanter fra fem grupper ga tilstrekkelig informasjonsstyrke "
    "for et smalt formål; tolkningen støtter seg på litteratur om arbeidsrettet oppfølging.",
}

ROUNDS = [
    Round(
        1,
        "random",
        {"ib": ("vei-01", "ark-02", "fyl-01"), "tl": ("vei-02", "ag-01", "dir-02")},
        seed=2025,
        steps=(1, 2, 3),
    ),
    Round(
        2,
        "by-group",
        {"ib": ("vei-03", "ag-02", "dir-01"), "tl": ("ark-01", "ag-03", "fyl-02")},
        seed=2025,
        steps=(1, 2, 3, 4),
    ),
]

DECISIONS = [
    (
        "2025-10-20",
        2,
        "ib",
        "«Styring og måltall» slås sammen med «Prioritering av begrensede "
        "ressurser»; måltallene beskrives som en del av rammebetingelsene.",
    ),
    (
        "2025-10-27",
        3,
        "tl",
        "Dialogmøtet gis egen kodegruppe; erfaringene er for ulike til å "
        "beskrives under samarbeid.",
    ),
    (
        "2025-11-03",
        4,
        "ib",
        "Gullsitater velges fra ulike informantgrupper der det er mulig, så "
        "ingen gruppe dominerer resultatkapitlene.",
    ),
]

VALIDATIONS = [
    (
        "ib",
        "2025-11-05",
        "ressurser",
        "confirmed",
        "Leste vei-01–03 på nytt; bildet av friststyring holder.",
    ),
    (
        "ib",
        "2025-11-05",
        "kompetanse",
        "revised",
        "Nyanserte: kursene kritiseres for timing, ikke innhold.",
    ),
    (
        "tl",
        "2025-11-06",
        "samarbeid",
        "counter-example",
        "ag-03 beskriver et godt første dialogmøte uten fastlege.",
    ),
    (
        "tl",
        "2025-11-06",
        "opplevelse",
        "confirmed",
        "Fokusgruppen bekrefter bildet av de første ukene.",
    ),
]


# The researchers' own English translations of the quotes the results use, for the English
# report ("transcript:beginning of the unit"); two golden quotes are left untranslated so the
# English report shows how untranslated material is marked.
TRANSLATIONS = {
    "ag-02:Andre veiledere foreslår": (
        "Other advisers suggest things that cannot be done, such as a nurse being spared "
        "patient care."
    ),
    "ag-02:Så blir det vi og NAV": (
        "So it ends up with us and NAV sitting there guessing what is medically sound."
    ),
    "ark-01:Hun spurte hvordan": (
        "She asked how I was really doing, not just about my back. It was the first time I "
        "felt that someone saw the whole situation."
    ),
    "ark-01:Man føler seg veldig alene": (
        "You feel very alone in the first weeks. It doesn't have to be much, just a phone call."
    ),
    "ark-01:Men i det andre møtet": (
        "But in the second meeting the adviser was there, and we talked about concrete things, "
        "like being spared heavy lifting and taking on more of the medication and the "
        "paperwork. That was where it turned for me."
    ),
    "ark-02:Det at han ikke presset": (
        "That he didn't push, but didn't forget me either, made all the difference."
    ),
    "ark-02:Det siste dialogmøtet": (
        "My last dialogue meeting felt like an interrogation. There were four people round the "
        "table asking what I could manage, and I sat there feeling I had to prove I was ill "
        "enough."
    ),
    "dir-02:Vi måler aktivitet": "We measure activity more than results.",
    "fyl-01:Det blir opp til hver enkelt": (
        "It is up to each individual, and then who gets help varies."
    ),
    "fyl-01:Mye av kompetansen": (
        "Much of the competence sits in the heads of the experienced advisers, and when they "
        "leave, it disappears."
    ),
    "vei-01:Læringskurven er bratt": (
        "The learning curve is steep if you haven't worked in NAV before."
    ),
    "vei-02:De blir liggende": (
        "They are left lying, to be honest. I know there are people in my caseload who could "
        "have done with a phone call long ago."
    ),
}


def _translate(ws: Workspace) -> None:
    from dataclasses import replace

    every = [u.id for u in ws.study().units]
    wanted = {_find(ws, key, every): text for key, text in TRANSLATIONS.items()}
    for uf in list(ws.unit_files()):
        if any(u.id in wanted for u in uf.units):
            units = tuple(replace(u, translation=wanted.get(u.id, "")) for u in uf.units)
            ws.save_unit_file(replace(uf, units=units))


def _find(ws: Workspace, key: str, pool: list[str]) -> str:
    transcript, _, start = key.partition(":")
    study = ws.study()
    for uid in pool:
        u = study.unit_index[uid]
        if u.transcript == transcript and u.text.startswith(start):
            return uid
    raise SystemExit(f"no unit {key!r} among {len(pool)} candidates")


def build(root: Path) -> None:
    for sub in ("analyses", "codebooks"):
        shutil.rmtree(root / sub, ignore_errors=True)
    ws = Workspace(root)
    ws.save_project(PROJECT)
    for t in ws.transcripts():
        ws.save_transcript(t)
    for researcher, memo in PRECONCEPTIONS.items():
        api.record_preconceptions(ws, researcher, memo)
        for tid, text in IMPRESSIONS[researcher].items():
            api.record_impression(ws, tid, researcher, text)
    for tid, label, author, description in THEMES:
        api.add_theme(ws, label, tid, description, author)
    for gid, label, theme, definition in CODE_GROUPS:
        api.add_code_group(ws, gid, label, theme, definition)
    for cid, label, group, definition in CODES:
        api.add_code(ws, cid, group, label, definition)
    for tid, coder, quote, codes in UNITS:
        api.add_unit(ws, tid, coder, codes, quote=quote)
    _translate(ws)
    for cg, subgroups in SUBGROUPS.items():
        placed: set[str] = set()
        members = ws.study().units_by_code_group[cg]
        for sid, label, codes, golden, condensate in subgroups:
            ids = [u.id for u in members if u.id not in placed and set(u.codes) & set(codes)]
            placed.update(ids)
            api.add_subgroup(ws, cg, sid, label, ids)
            api.write_condensate(ws, cg, sid, condensate)
            api.choose_golden(ws, cg, sid, _find(ws, golden, ids))
    api.record_power(ws, notes=POWER["notes"], **{k: v for k, v in POWER.items() if k != "notes"})
    for r in ROUNDS:
        api.save_round(ws, r)
    for date, step, author, text in DECISIONS:
        api.record_decision(ws, text, step, author, date)
    for researcher, date, target, outcome, note in VALIDATIONS:
        api.record_validation(ws, researcher, target, outcome, note, date)
    for cg, (heading, body) in SYNTHESES.items():
        every = [u.id for u in ws.study().units_by_code_group[cg]]
        text = body
        for ref in set(_refs(body)):
            text = text.replace(f"[[{ref}]]", f"[[{_find(ws, ref, every)}]]")
        api.write_synthesis(ws, cg, text, heading)


def _refs(body: str) -> list[str]:
    import re

    return re.findall(r"\[\[([^\]]+)\]\]", body)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
