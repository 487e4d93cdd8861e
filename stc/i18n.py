"""Every fixed string of stc — reports and the interactive walkers — in Norwegian (bokmål)
and English: the one phrase table of the program."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "method": "Metode og datagrunnlag",
        "participants": "Deltakere",
        "participants_caption": "Tabell {n} – Deltakere og antall",
        "group": "Informantgruppe",
        "count": "Antall",
        "total": "Totalt",
        "intro": (
            "Studien bygger på {transcripts} intervjuer med {informants} informanter i "
            "{groups} informantgrupper (tabell {table})."
        ),
        "questions": "Problemstillinger",
        "analysis": "Analyse",
        "analysis_intro": (
            "Materialet ble analysert med systematisk tekstkondensering (STC) etter Malterud "
            "(2012), en tverrgående tematisk analyse i fire trinn:"
        ),
        "researchers": "Analysen ble gjort av {researchers}.",
        "step1": (
            "**Helhetsinntrykk – fra villnis til temaer.** Forskerne leste intervjuene og "
            "skrev {impressions} helhetsinntrykk; dette ga {themes} foreløpige temaer."
        ),
        "step2": (
            "**Meningsbærende enheter – fra temaer til koder.** {units} meningsbærende enheter "
            "i {coded} intervjuer ble identifisert og kodet med {codes} koder, sortert i "
            "{code_groups} kodegrupper."
        ),
        "step3": (
            "**Kondensering – fra kode til mening.** Enhetene i hver kodegruppe ble sortert i "
            "{subgroups} subgrupper. For hver subgruppe ble det skrevet et kondensat, et "
            "kunstig sitat i informantenes egne ord ({condensates} skrevet), og valgt et "
            "gullsitat ({golden} valgt)."
        ),
        "step4": (
            "**Sammenfatning – fra kondensering til beskrivelser.** For {syntheses} av "
            "{code_groups} kodegrupper ble det skrevet en analytisk tekst, og resultatene ble "
            "holdt opp mot transkripsjonene igjen (rekontekstualisering)."
        ),
        "anonymity": (
            "Sitater gjengis bare med informantgruppe. Grupper med færre enn {min} informanter "
            "er slått sammen med andre grupper når sitater gjengis ({merged})."
        ),
        "anonymity_none": "Sitater gjengis bare med informantgruppe.",
        "results": "Resultater",
        "other_results": "Andre funn",
        "summary": "Oppsummering av subgrupper",
        "condensate": "Kondensat",
        "golden": "Gullsitat",
        "units_informants": "{units} meningsbærende enheter fra {informants} informanter",
        "todo": "Å GJØRE",
        "question": "Intervjuer",
        "todo_synthesis": "analytisk tekst for kodegruppen «{label}» er ikke skrevet ennå",
        "todo_subgroups": "enhetene i kodegruppen er ikke sortert i subgrupper ennå",
        "todo_condensate": "kondensat for subgruppen er ikke skrevet ennå",
        "todo_golden": "gullsitat er ikke valgt ennå",
        "todo_results": "ingen kodegrupper ennå – sorter kodene i kodegrupper (trinn 2)",
        "stale": "kondensatet bygger på enheter som er endret etterpå – les dem igjen",
        "quote_bank": "Vedlegg A: Sitatbank",
        "quote_bank_intro": "Alle meningsbærende enheter, ordnet etter kodegruppe og subgruppe.",
        "unsorted_units": "Ikke sortert i subgruppe",
        "codebook": "Vedlegg B: Kodebok",
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
            "informantgrupper; tallet i parentes er antall informanter, og mørkere celler har "
            "flere enheter."
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
            "Analyserunde {number}: {transcripts} intervjuer ble {how} mellom {researchers} "
            "forskere (trinn {steps})."
        ),
        "round_random": "fordelt tilfeldig, uavhengig av informantgruppe,",
        "round_by_group": "fordelt slik at hver informantgruppe ble delt",
        "round_manual": "fordelt",
        "coding_by": "Kodingen som resultatene bygger på, er gjort av {coders}.",
        "coding_consensus": (
            "Resultatene bygger på en konsensuskoding: kodingene til {coders} ble slått sammen, "
            "og uenigheter ble drøftet i analysemøter."
        ),
        "validation": (
            "Ved rekontekstualiseringen ble {n} funn holdt opp mot transkripsjonene igjen: "
            "{confirmed} ble bekreftet, {revised} revidert, og for {counter} ble det notert "
            "motforestillinger."
        ),
        "decisions": "Beslutninger i analysemøtene",
        "step_word": "trinn",
        # the interactive walkers
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
    "en": {
        "method": "Methods and data",
        "participants": "Participants",
        "participants_caption": "Table {n} – Participants and numbers",
        "group": "Informant group",
        "count": "Number",
        "total": "Total",
        "intro": (
            "The study draws on {transcripts} interviews with {informants} informants in "
            "{groups} informant groups (table {table})."
        ),
        "questions": "Research questions",
        "analysis": "Analysis",
        "analysis_intro": (
            "The material was analysed with systematic text condensation (STC) after Malterud "
            "(2012), a cross-case thematic analysis in four steps:"
        ),
        "researchers": "The analysis was carried out by {researchers}.",
        "step1": (
            "**Total impression – from chaos to themes.** The researchers read the interviews "
            "and wrote {impressions} total impressions, giving {themes} preliminary themes."
        ),
        "step2": (
            "**Meaning units – from themes to codes.** {units} meaning units in {coded} "
            "interviews were identified and coded with {codes} codes, sorted into "
            "{code_groups} code groups."
        ),
        "step3": (
            "**Condensation – from code to meaning.** The units of each code group were sorted "
            "into {subgroups} subgroups. For each subgroup a condensate – an artificial "
            "quotation in the informants' own words – was written ({condensates} written) and "
            "a golden quotation chosen ({golden} chosen)."
        ),
        "step4": (
            "**Synthesis – from condensation to descriptions.** For {syntheses} of "
            "{code_groups} code groups an analytic text was written, and the results were "
            "checked against the transcripts again (recontextualisation)."
        ),
        "anonymity": (
            "Quotes are attributed by informant group only. Groups with fewer than {min} "
            "informants are merged with other groups for attribution ({merged})."
        ),
        "anonymity_none": "Quotes are attributed by informant group only.",
        "results": "Results",
        "other_results": "Other findings",
        "summary": "Summary of subgroups",
        "condensate": "Condensate",
        "golden": "Golden quotation",
        "units_informants": "{units} meaning units from {informants} informants",
        "todo": "TO DO",
        "question": "Interviewer",
        "todo_synthesis": "the analytic text for code group “{label}” is not written yet",
        "todo_subgroups": "the code group's units are not sorted into subgroups yet",
        "todo_condensate": "the subgroup's condensate is not written yet",
        "todo_golden": "no golden quotation chosen yet",
        "todo_results": "no code groups yet – sort the codes into code groups (step 2)",
        "stale": "the condensate rests on units that changed since – re-read them",
        "quote_bank": "Appendix A: Quote bank",
        "quote_bank_intro": "All meaning units, by code group and subgroup.",
        "unsorted_units": "Not sorted into a subgroup",
        "codebook": "Appendix B: Codebook",
        "codebook_caption": "Table {n} – Codebook",
        "code_group": "Code group",
        "code": "Code",
        "definition": "Definition",
        "unsorted_codes": "Not sorted into a code group",
        "no_theme": "No theme",
        "colophon": "Draft made with stc {version}{commit} {date}.",
        "units": "Units",
        "overview": "Overview of the findings",
        "overview_intro": (
            "Table {a} shows the themes, code groups and subgroups with the number of informants "
            "who contributed to each. Table {b} shows how the meaning units are spread over the "
            "informant groups; the number in brackets counts informants, and darker cells hold "
            "more units."
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
            "The sample's information power was appraised after Malterud, Siersma and Guassora "
            "(2016): {items}."
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
            "Analysis round {number}: {transcripts} interviews were {how} among {researchers} "
            "researchers (steps {steps})."
        ),
        "round_random": "distributed at random, regardless of informant group,",
        "round_by_group": "distributed so that each informant group was split",
        "round_manual": "distributed",
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
        # the interactive walkers
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


def strings(language: str) -> dict[str, str]:
    return STRINGS[language]
