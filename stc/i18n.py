"""Every fixed string of stc — reports and the interactive walkers — in Norwegian (bokmål)
and English: the one phrase table of the program.

Rules for the report wording, in both packs (read them before you add a phrase):

- Prose is prose: no arrows, no ISO dates (``long_date``), no progress-bar counts ("5 av 5",
  "(14 skrevet)"); say "for hver kodegruppe" when all are done, "for tre av fem" only when not.
- Numbers from zero to twelve are words in running text (``number``), digits in tables, in
  parentheses and before units of measure; a sentence never starts with a digit.
- Lists of names or groups end with "og" / "and" (``join``), never a bare comma.
- Titles of works and quoted labels use «» in Norwegian and “ ” in English (``quote``).
- References follow the Vancouver style of the Scandinavian Journal of Public Health.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # Bokmål, as a Norwegian research report writes it: "informanter", "meningsbærende
    # enheter", "kodegrupper", "gullsitat"; «» around titles and labels; dates as "2. september
    # 2025"; numbers up to tolv in words; "og" before the last item; no English loanwords where
    # the method has Norwegian terms (Malterud's own Norwegian: "fra villnis til temaer").
    "nb": {
        "draft": "Utkast",
        "toc": "Innhold",
        "summary_chapter": "Sammendrag",
        "background": "Innledning",
        "background_sub": "Bakgrunn",
        "data": "Datainnsamling",
        "recruitment": "Rekruttering",
        "interviews": "Intervjuene",
        "consent": "Samtykke og personvern",
        "method": "Metode",
        "preconceptions": "Forforståelse",
        "discussion": "Diskusjon",
        "conclusion": "Konklusjon",
        "references": "Referanser",
        "todo_summary": "skriv et sammendrag på om lag én side når resultatene er ferdige",
        "todo_background": (
            "skriv bakgrunnen for studien: oppdraget, tidligere forskning og hvorfor "
            "problemstillingene er viktige"
        ),
        "todo_recruitment": "beskriv hvordan informantene ble rekruttert, og av hvem",
        "todo_mode": (
            "beskriv intervjuform (for eksempel Teams, telefon eller fysisk møte), varighet "
            "og intervjuguide"
        ),
        "todo_consent": "beskriv informert samtykke, personvernvurdering og lagring av data",
        "todo_discussion": (
            "drøft funnene mot tidligere forskning, og studiens styrker og svakheter"
        ),
        "todo_conclusion": "skriv konklusjonen og eventuelle anbefalinger",
        "todo_preconceptions": "forskernes forforståelse er ikke skrevet ned i trinn 1 ennå",
        "todo_chapter_file": "teksten hentes fra templates/chapters/{key}.md når den finnes",
        "participants": "Deltakere",
        "participants_caption": "Tabell {n} – Deltakere og antall",
        "group": "Informantgruppe",
        "count": "Antall",
        "total": "Totalt",
        "intro": (
            "Studien bygger på {interviews}, til sammen {informants} informanter i "
            "{groups} informantgrupper (tabell {table})."
        ),
        "individual_1": "ett individuelt intervju",
        "individual_n": "{n} individuelle intervjuer",
        "interviews_n": "{n} intervjuer",
        "focus_1": "ett fokusgruppeintervju med {n} deltakere",
        "focus_n": "{k} fokusgruppeintervjuer med til sammen {n} deltakere",
        "period": "Intervjuene ble gjort mellom {first} og {last}.",
        "period_one": "Intervjuene ble gjort {first}.",
        "interviewed_by": "{items} gjorde intervjuene.",
        "questions": "Problemstillinger",
        "questions_intro": "Studien skal besvare disse problemstillingene:",
        "analysis": "Analyse",
        "analysis_intro": (
            "Materialet ble analysert med systematisk tekstkondensering (STC) etter Malterud "
            "(2012), en tverrgående tematisk analyse i fire trinn:"
        ),
        "researchers": "Analysen ble gjort av {researchers}.",
        "preconceptions_intro": (
            "Før analysen skrev forskerne ned sin forforståelse, for å kunne sette den i "
            "parentes under lesingen:"
        ),
        "step1": (
            "**Helhetsinntrykk – fra villnis til temaer.** Forskerne leste intervjuene, skrev "
            "ned {impressions} helhetsinntrykk og kom fram til {themes} foreløpige temaer."
        ),
        "step2": (
            "**Meningsbærende enheter – fra temaer til koder.** Forskerne identifiserte {units} "
            "meningsbærende enheter i {coded} intervjuer og kodet dem med {codes} koder, "
            "sortert i {code_groups} kodegrupper."
        ),
        "step3": (
            "**Kondensering – fra kode til mening.** Enhetene i hver kodegruppe ble sortert i "
            "{subgroups} subgrupper. For hver subgruppe ble det skrevet et kondensat, et "
            "kunstig sitat i informantenes egne ord, og valgt et gullsitat."
        ),
        "step3_missing": (
            "Så langt er kondensat skrevet for {condensates} og gullsitat valgt for {golden} "
            "av dem."
        ),
        "step4": (
            "**Sammenfatning – fra kondensering til beskrivelser.** For hver kodegruppe ble det "
            "skrevet en analytisk tekst, og resultatene ble holdt opp mot transkripsjonene igjen "
            "(rekontekstualisering)."
        ),
        "step4_some": (
            "**Sammenfatning – fra kondensering til beskrivelser.** Så langt er det skrevet en "
            "analytisk tekst for {syntheses} av {code_groups} kodegrupper; resultatene holdes "
            "opp mot transkripsjonene igjen (rekontekstualisering)."
        ),
        "count_coding": (
            "Resultatene bygger på kodingen til {coders}: {analysed} av de {all} "
            "meningsbærende enhetene i prosjektet."
        ),
        "count_shared": (
            "Der flere forskere kodet det samme tekstutdraget, telles utdraget én gang: de "
            "{units} enhetene dekker {passages} ulike utdrag, og det er utdragene tabellene "
            "teller."
        ),
        "count_matrix": (
            "Et utdrag med koder i flere kodegrupper telles i hver av dem, så totalene i "
            "tabell {table} er til sammen {sum}, mens antall ulike utdrag er {passages}."
        ),
        "anonymity": (
            "Sitater gjengis bare med informantgruppe. Grupper med færre enn {min} informanter "
            "er slått sammen med andre grupper når sitater gjengis: {merged}."
        ),
        "merged_as": "{labels} siteres som «{quote_as}»",
        "anonymity_none": "Sitater gjengis bare med informantgruppe.",
        "results": "Resultater",
        "results_intro": "Analysene ga {n} hovedtemaer: {themes}.",
        "results_intro_1": "Analysene ga ett hovedtema: {themes}.",
        "results_chapters": (
            "Hvert tema er et eget kapittel, med én del per kodegruppe og en oppsummering til "
            "slutt."
        ),
        "results_dropped_1": (
            "Det foreløpige temaet {labels} fra trinn 1 fikk ingen kodegrupper og er ikke et "
            "eget kapittel."
        ),
        "results_dropped": (
            "De foreløpige temaene {labels} fra trinn 1 fikk ingen kodegrupper og er ikke egne "
            "kapitler."
        ),
        "other_results": "Andre funn",
        "summary": "Oppsummering",
        "todo_theme_summary": (
            "punktene er subgruppenes overskrifter; skriv oppsummeringen i "
            "templates/chapters/summary-{theme}.md"
        ),
        "condensates_heading": "Subgrupper og kondensater",
        "condensate": "Kondensat",
        "golden": "Gullsitat",
        "units_informants": "{units} meningsbærende enheter fra {informants} informanter",
        "todo": "Å SKRIVE",
        "question": "Intervjuer",
        "todo_synthesis": "analytisk tekst for kodegruppen «{label}» er ikke skrevet ennå",
        "todo_subgroups": "enhetene i kodegruppen er ikke sortert i subgrupper ennå",
        "todo_condensate": "kondensat for subgruppen er ikke skrevet ennå",
        "todo_golden": "gullsitat er ikke valgt ennå",
        "todo_results": "ingen kodegrupper ennå – sorter kodene i kodegrupper (trinn 2)",
        "stale": "kondensatet bygger på enheter som er endret etterpå – les dem igjen",
        "quote_bank": "Vedlegg {letter}: Sitatbank",
        "quote_bank_intro": (
            "Alle meningsbærende enheter, ordnet etter kodegruppe og subgruppe. Utdrag som "
            "overlapper, er slått sammen."
        ),
        "unsorted_units": "Ikke sortert i subgruppe",
        "codebook": "Vedlegg {letter}: Kodebok",
        "codebook_caption": "Tabell {n} – Kodebok",
        "code_group": "Kodegruppe",
        "code": "Kode",
        "definition": "Definisjon",
        "unsorted_codes": "Ikke sortert i kodegruppe",
        "no_theme": "Uten tema",
        "colophon": "Utkast laget med stc {version}{commit} {date}.",
        "units": "Enheter",
        "overview": "Oversikt over funnene",
        "overview_intro": (
            "Tabell {a} viser temaene, kodegruppene og subgruppene med antall informanter som "
            "bidro til hver. Tabell {b} viser hvordan de meningsbærende enhetene fordeler seg på "
            "informantgrupper."
        ),
        "heat_legend": (
            "Tallet i parentes er antall informanter. Skyggen viser antall enheter i forhold "
            "til den største cellen i tabellen ({peak} enheter): jo mørkere, jo flere; – betyr "
            "ingen."
        ),
        "overview_caption": "Tabell {n} – Temaer, kodegrupper og subgrupper",
        "matrix_caption": (
            "Tabell {n} – Meningsbærende enheter (informanter) per kodegruppe og informantgruppe"
        ),
        "theme": "Tema",
        "subgroup": "Subgruppe",
        "informants": "Informanter",
        "power": "Informasjonsstyrke",
        "power_intro": (
            "Utvalgets informasjonsstyrke ble vurdert etter Malterud, Siersma og Guassora "
            "(2016): {items}."
        ),
        "power_aim": "formål",
        "power_specificity": "utvalgets spesifisitet",
        "power_theory": "etablert teori",
        "power_dialogue": "dialogens kvalitet",
        "power_strategy": "analysestrategi",
        "power_narrow": "smalt",
        "power_broad": "bredt",
        "power_dense": "tett",
        "power_sparse": "spredt",
        "power_applied": "anvendt",
        "power_none": "ingen",
        "power_strong": "sterk",
        "power_weak": "svak",
        "power_case": "enkeltcase",
        "power_cross-case": "tverrgående",
        "round": (
            "I analyserunde {number} (trinn {steps}) ble {transcripts} intervjuer fordelt "
            "{how} {among} {researchers}."
        ),
        "among_2": "mellom",
        "among_n": "mellom",
        "round_random": "tilfeldig, uavhengig av informantgruppe,",
        "round_by_group": "etter informantgruppe",
        "round_manual": "",
        "round_split_all": (
            "Hver informantgruppe med mer enn ett intervju i runden ble delt mellom forskerne."
        ),
        "round_split_some": (
            "{split} ble delt mellom forskerne, mens {whole} ble lest av én forsker."
        ),
        "round_split_none": "Ingen informantgruppe ble delt mellom forskerne.",
        "round_split": "{split} ble delt mellom forskerne.",
        "round_singles": "{groups} hadde bare ett intervju i runden.",
        "group_one": "informantgruppen {labels}",
        "group_many": "informantgruppene {labels}",
        "groups_other": "de andre informantgruppene",
        "coding_by": "Kodingen som resultatene bygger på, er gjort av {coders}.",
        "coding_consensus": (
            "Resultatene bygger på en konsensuskoding: kodingene til {coders} ble slått sammen, "
            "og uenigheter ble drøftet i analysemøter."
        ),
        "validation": (
            "Ved rekontekstualiseringen ble {n} funn holdt opp mot transkripsjonene igjen: "
            "{confirmed} ble bekreftet, {revised} revidert, og for {counter} ble det notert "
            "moteksempler."
        ),
        "decisions": "Beslutninger i analysemøtene",
        "step_word": "trinn",
        "original": "original på {language}",
        "untranslated_note": "",
        "language_nb": "norsk",
        "language_en": "engelsk",
        # the interactive walkers
        "pronouns": "jeg/vi",
        "unit_counts": "{here} her, {total} i intervjuet",
        "resuming": "fortsetter ved tur {n}",
        "themes": "Foreløpige temaer",
        "meaning_units": "meningsbærende enheter",
        "turn": "tur",
        "codes_prompt": "koder (nummer, begynnelse, +ny-kode; komma mellom)",
        "group_prompt": "kodegruppe for {code} (nummer, Enter = usortert)",
        "note_prompt": "notat (Enter = ingen)",
        "done": "Alle turer er gjennomgått.",
        "impression_template": (
            "<!-- Helhetsinntrykk av {tid} ({group}). Les hele intervjuet før du skriver.\n"
            "     Linjer inne i slike kommentarer fjernes når du lagrer. -->\n\n"
            "## Helhetsinntrykk\n\n\n"
            "## Forforståelse jeg må sette i parentes\n\n\n"
            "## Kandidater til foreløpige temaer\n\n"
        ),
        "condensate_head": (
            "# Kondensat: et kunstig sitat i første person (jeg/vi) som bevarer informantenes "
            "egne ord. Linjer som starter med # fjernes."
        ),
        "synthesis_reminder": (
            "<!-- Analytisk tekst for «{label}». Skriv i tredje person, med din stemme som "
            "forsker, og illustrer med sitater: [[enhets-id]] alene i et avsnitt blir et "
            "blokksitat. Første linje '# …' er overskriften – gjerne et uttrykk fra "
            "materialet. -->"
        ),
    },
    # British English as an academic report writes it: "informants", "meaning units", "code
    # groups", "golden quotation"; “ ” around titles and labels; dates as "2 September 2025";
    # numbers up to twelve in words; "and" before the last item (no serial comma); "Table 1"
    # with a capital; Malterud's terms as in her English papers ("from chaos to themes").
    "en": {
        "draft": "Draft",
        "toc": "Contents",
        "summary_chapter": "Summary",
        "background": "Introduction",
        "background_sub": "Background",
        "data": "Data collection",
        "recruitment": "Recruitment",
        "interviews": "The interviews",
        "consent": "Consent and data protection",
        "method": "Method",
        "preconceptions": "Preconceptions",
        "discussion": "Discussion",
        "conclusion": "Conclusion",
        "references": "References",
        "todo_summary": "write a summary of about one page when the results are final",
        "todo_background": (
            "write the study's background: the commission, earlier research and why the "
            "research questions matter"
        ),
        "todo_recruitment": "describe how the informants were recruited, and by whom",
        "todo_mode": (
            "describe the interview mode (for example Teams, telephone or in person), length "
            "and interview guide"
        ),
        "todo_consent": (
            "describe informed consent, the data protection assessment and data storage"
        ),
        "todo_discussion": (
            "discuss the findings against earlier research, and the study's strengths and "
            "limitations"
        ),
        "todo_conclusion": "write the conclusion and any recommendations",
        "todo_preconceptions": "the researchers' preconceptions are not yet written down in step 1",
        "todo_chapter_file": "the text is taken from templates/chapters/{key}.md when it exists",
        "participants": "Participants",
        "participants_caption": "Table {n} – Participants and numbers",
        "group": "Informant group",
        "count": "Number",
        "total": "Total",
        "intro": (
            "The study draws on {interviews}: {informants} informants in all, in "
            "{groups} informant groups (Table {table})."
        ),
        "individual_1": "one individual interview",
        "individual_n": "{n} individual interviews",
        "interviews_n": "{n} interviews",
        "focus_1": "one focus group of {n}",
        "focus_n": "{k} focus groups with {n} participants in all",
        "period": "The interviews took place between {first} and {last}.",
        "period_one": "The interviews took place on {first}.",
        "interviewed_by": "{items} conducted the interviews.",
        "questions": "Research questions",
        "questions_intro": "The study addresses these research questions:",
        "analysis": "Analysis",
        "analysis_intro": (
            "The material was analysed with systematic text condensation (STC) as described by "
            "Malterud (2012), a cross-case thematic analysis in four steps:"
        ),
        "researchers": "The analysis was carried out by {researchers}.",
        "preconceptions_intro": (
            "Before the analysis the researchers wrote down their preconceptions, so as to "
            "bracket them while reading:"
        ),
        "step1": (
            "**Total impression – from chaos to themes.** The researchers read the interviews, "
            "wrote down {impressions} total impressions and arrived at {themes} preliminary "
            "themes."
        ),
        "step2": (
            "**Meaning units – from themes to codes.** The researchers identified {units} "
            "meaning units in {coded} interviews and coded them with {codes} codes, sorted into "
            "{code_groups} code groups."
        ),
        "step3": (
            "**Condensation – from code to meaning.** The units of each code group were sorted "
            "into {subgroups} subgroups. For each subgroup a condensate – an artificial "
            "quotation in the informants' own words – was written and a golden quotation chosen."
        ),
        "step3_missing": (
            "So far a condensate has been written for {condensates} of them and a golden "
            "quotation chosen for {golden}."
        ),
        "step4": (
            "**Synthesis – from condensation to descriptions.** For each code group an analytic "
            "text was written, and the results were checked against the transcripts again "
            "(recontextualisation)."
        ),
        "step4_some": (
            "**Synthesis – from condensation to descriptions.** So far an analytic text has "
            "been written for {syntheses} of {code_groups} code groups; the results are checked "
            "against the transcripts again (recontextualisation)."
        ),
        "count_coding": (
            "The results rest on the coding by {coders}: {analysed} of the project's {all} "
            "meaning units."
        ),
        "count_shared": (
            "Where several researchers coded the same passage, it is counted once: the {units} "
            "units cover {passages} distinct passages, and the tables count passages."
        ),
        "count_matrix": (
            "A passage with codes in several code groups counts in each of them, so the totals "
            "in Table {table} add up to {sum}, while there are {passages} distinct passages."
        ),
        "anonymity": (
            "Quotes are attributed by informant group only. Groups with fewer than {min} "
            "informants are merged with other groups for attribution: {merged}."
        ),
        "merged_as": "{labels} are quoted as “{quote_as}”",
        "anonymity_none": "Quotes are attributed by informant group only.",
        "results": "Results",
        "results_intro": "The analysis gave {n} main themes: {themes}.",
        "results_intro_1": "The analysis gave one main theme: {themes}.",
        "results_chapters": (
            "Each theme is a chapter of its own, with one section per code group and a summary "
            "at the end."
        ),
        "results_dropped_1": (
            "The preliminary theme {labels} from step 1 was given no code groups and has no "
            "chapter of its own."
        ),
        "results_dropped": (
            "The preliminary themes {labels} from step 1 were given no code groups and have no "
            "chapters of their own."
        ),
        "other_results": "Other findings",
        "summary": "Summary",
        "todo_theme_summary": (
            "the points are the subgroups' headings; write the summary in "
            "templates/chapters/summary-{theme}.md"
        ),
        "condensates_heading": "Subgroups and condensates",
        "condensate": "Condensate",
        "golden": "Golden quotation",
        "units_informants": "{units} meaning units from {informants} informants",
        "todo": "TO WRITE",
        "question": "Interviewer",
        "todo_synthesis": "the analytic text for code group “{label}” is not written yet",
        "todo_subgroups": "the code group's units are not sorted into subgroups yet",
        "todo_condensate": "the subgroup's condensate is not written yet",
        "todo_golden": "no golden quotation chosen yet",
        "todo_results": "no code groups yet – sort the codes into code groups (step 2)",
        "stale": "the condensate rests on units that changed since – re-read them",
        "quote_bank": "Appendix {letter}: Quote bank",
        "quote_bank_intro": (
            "All meaning units, by code group and subgroup. Overlapping passages are merged."
        ),
        "unsorted_units": "Not sorted into a subgroup",
        "codebook": "Appendix {letter}: Codebook",
        "codebook_caption": "Table {n} – Codebook",
        "code_group": "Code group",
        "code": "Code",
        "definition": "Definition",
        "unsorted_codes": "Not sorted into a code group",
        "no_theme": "No theme",
        "colophon": "Draft made with stc {version}{commit} on {date}.",
        "units": "Units",
        "overview": "Overview of the findings",
        "overview_intro": (
            "Table {a} shows the themes, code groups and subgroups with the number of informants "
            "who contributed to each. Table {b} shows how the meaning units are spread over the "
            "informant groups."
        ),
        "heat_legend": (
            "The number in brackets counts informants. Shading shows the number of units "
            "relative to the largest cell in the table ({peak} units): the darker, the more; "
            "– means none."
        ),
        "overview_caption": "Table {n} – Themes, code groups and subgroups",
        "matrix_caption": (
            "Table {n} – Meaning units (informants) by code group and informant group"
        ),
        "theme": "Theme",
        "subgroup": "Subgroup",
        "informants": "Informants",
        "power": "Information power",
        "power_intro": (
            "The sample's information power was assessed on the five dimensions proposed by "
            "Malterud, Siersma and Guassora (2016): {items}."
        ),
        "power_aim": "aim",
        "power_specificity": "sample specificity",
        "power_theory": "established theory",
        "power_dialogue": "quality of dialogue",
        "power_strategy": "analysis strategy",
        "power_narrow": "narrow",
        "power_broad": "broad",
        "power_dense": "dense",
        "power_sparse": "sparse",
        "power_applied": "applied",
        "power_none": "none",
        "power_strong": "strong",
        "power_weak": "weak",
        "power_case": "case",
        "power_cross-case": "cross-case",
        "round": (
            "In analysis round {number} (steps {steps}), {transcripts} interviews were "
            "distributed {how} {among} {researchers}."
        ),
        "among_2": "between",
        "among_n": "among",
        "round_random": "at random, regardless of informant group,",
        "round_by_group": "by informant group",
        "round_manual": "",
        "round_split_all": (
            "Each informant group with more than one interview in the round was split between "
            "the researchers."
        ),
        "round_split_some": (
            "{split} was split between the researchers, while {whole} was read by one researcher."
        ),
        "round_split_none": "No informant group was split between the researchers.",
        "round_split": "{split} was split between the researchers.",
        "round_singles": "{groups} had only one interview in the round.",
        "group_one": "the informant group {labels}",
        "group_many": "the informant groups {labels}",
        "groups_other": "the other informant groups",
        "coding_by": "The coding the results rest on was done by {coders}.",
        "coding_consensus": (
            "The results rest on a consensus coding: the codings of {coders} were merged, and "
            "disagreements were discussed in analysis meetings."
        ),
        "validation": (
            "In recontextualisation, {n} findings were checked against the transcripts again: "
            "{confirmed} were confirmed, {revised} revised, and for {counter} counter-examples "
            "were noted."
        ),
        "decisions": "Decisions in the analysis meetings",
        "step_word": "step",
        "original": "{language} original",
        "untranslated_note": (
            "Quotes are given in the researchers' English translation where one exists; the "
            "others are in the {language} original and marked so. Headings, condensates and "
            "analytic texts not yet translated are in {language}."
        ),
        "language_nb": "Norwegian",
        "language_en": "English",
        # the interactive walkers
        "pronouns": "I/we",
        "unit_counts": "{here} here, {total} in the transcript",
        "resuming": "resuming at turn {n}",
        "themes": "Preliminary themes",
        "meaning_units": "meaning units",
        "turn": "turn",
        "codes_prompt": "codes (number, prefix, +new-code; comma-separated)",
        "group_prompt": "code group for {code} (number, Enter = unsorted)",
        "note_prompt": "note (Enter = none)",
        "done": "All turns are done.",
        "impression_template": (
            "<!-- Total impression of {tid} ({group}). Read the whole interview before you "
            "write.\n     Lines inside comments like this are dropped when you save. -->\n\n"
            "## Total impression\n\n\n"
            "## Preconceptions to bracket\n\n\n"
            "## Candidate preliminary themes\n\n"
        ),
        "condensate_head": (
            "# Condensate: an artificial quotation in the first person (I/we) that keeps the "
            "informants' own words. Lines starting with # are dropped."
        ),
        "synthesis_reminder": (
            "<!-- Analytic text for “{label}”. Write in the third person, in your voice as a "
            "researcher, and illustrate with quotes: [[unit-id]] alone in a paragraph becomes "
            "a block quote. The first line '# …' is the heading – often a phrase from the "
            "data. -->"
        ),
    },
}

_NUMBERS = {
    "nb": "null én to tre fire fem seks sju åtte ni ti elleve tolv".split(),
    "en": "no one two three four five six seven eight nine ten eleven twelve".split(),
}
_MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}
_AND = {"nb": "og", "en": "and"}
_QUOTES = {"nb": ("«", "»"), "en": ("“", "”")}


_IRREGULAR = {"entry": "entries", "analysis": "analyses", "is": "are", "was": "were"}


def count(n: int, word: str) -> str:
    """'1 unit', '2 units', '0 units'; the last word of ``word`` takes the plural
    ('meaning unit' → 'meaning units', 'codebook entry' → 'codebook entries')."""
    if n == 1:
        return f"{n} {word}"
    head, _, last = word.rpartition(" ")
    plural = _IRREGULAR.get(last) or (
        last + "es" if last.endswith(("s", "sh", "ch", "x")) else last + "s"
    )
    return f"{n} {head + ' ' if head else ''}{plural}"


def strings(language: str) -> dict[str, str]:
    return STRINGS[language]


def number(n: int, language: str, neuter: bool = False) -> str:
    """A count in running text: words up to twelve, digits above ("ett" for neuter nouns)."""
    if 0 <= n <= 12:
        word = _NUMBERS[language][n]
        return "ett" if neuter and language == "nb" and n == 1 else word
    return str(n)


def join(items: list[str] | tuple[str, ...], language: str) -> str:
    """ "a, b og c" / "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND[language]} {items[-1]}"


def quote(text: str, language: str) -> str:
    left, right = _QUOTES[language]
    return f"{left}{text}{right}"


def long_date(iso: str, language: str) -> str:
    """ "2025-09-02" as "2. september 2025" / "2 September 2025"; anything else unchanged."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return iso
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return iso
    name = _MONTHS[language].split()[month - 1]
    return f"{day}. {name} {year}" if language == "nb" else f"{day} {name} {year}"


def date_range(first: str, last: str, language: str) -> tuple[str, str]:
    """Two long dates without repeating a shared year: ("2. september", "16. oktober 2025")."""
    a, b = long_date(first, language), long_date(last, language)
    if a != first and b != last and first[:4] == last[:4]:
        a = a.rsplit(" ", 1)[0]
    return a, b
