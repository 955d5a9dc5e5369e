"""The bundled example, drafts/commit-som11.yaml, as a reader sees it: written out by hand, so
that the tests which render it compare with what it should say, not with what the code under
test computes (Markdown taken out, dates written long, paragraphs numbered)."""

from __future__ import annotations

SYMBOL = "COMMIT/SOM.11/2016/1"
TITLE = "Outcome of the Eleventh COMMIT Senior Officials Meeting"
SECTIONS = ["Key outcomes", "Decisions", "Next steps"]

INDICATORS = (
    "The meeting adopted the common ASEAN-COMMIT indicators of human trafficking and related "
    "forms of exploitation."
)
GUIDELINES = (
    "The meeting adopted the COMMIT Guidelines on Victim Identification and Referral Mechanisms."
)
IDENTIFICATION_PURPOSE = (
    "Both are designed to help significantly improve victim identification in the Greater "
    "Mekong Sub-region (GMS) and ensure that those identified receive adequate support services."
)
LABOUR_MIGRATION = (
    "The COMMIT governments unanimously agreed to make strengthening labour migration systems "
    "in the GMS a priority for interventions in 2017, thereby recognizing the fundamental "
    "connectedness between human trafficking and labour migration, especially in Southeast Asia."
)
ROTATING_CHAIR = (
    "The government delegates decided to introduce an annually rotating COMMIT Chair, to be "
    "performed by the country hosting the Senior Officials Meeting, working alongside UN-ACT to:"
)
ROTATING_CHAIR_ITEMS = (
    "represent COMMIT externally; and",
    "give guidance and direction internally.",
)
OWNERSHIP = (
    "The rotating Chair will help strengthen governmental ownership over COMMIT in the "
    "interest of the Process’ long-term sustainability."
)
LOCALIZATION = (
    "The next step will be to localize and operationalize the indicators and guidelines in "
    "national contexts."
)
WORK_PLANNING = (
    "Those involved in the COMMIT Process will now proceed with work planning for 2017, based "
    "on the decision points reached at the Vientiane meeting."
)
SECRETARIAT_SUPPORT = (
    "UN-ACT looks forward to supporting the Process in implementing the various important "
    "agreements reached."
)

#: (number, id, text, sub-items) of every outcome paragraph, in order.
PARAGRAPHS: list[tuple[int, str, str, tuple[str, ...]]] = [
    (1, "indicators", INDICATORS, ()),
    (2, "guidelines", GUIDELINES, ()),
    (3, "identification-purpose", IDENTIFICATION_PURPOSE, ()),
    (4, "labour-migration", LABOUR_MIGRATION, ()),
    (5, "rotating-chair", ROTATING_CHAIR, ROTATING_CHAIR_ITEMS),
    (6, "ownership", OWNERSHIP, ()),
    (7, "localization", LOCALIZATION, ()),
    (8, "work-planning-2017", WORK_PLANNING, ()),
    (9, "secretariat-support", SECRETARIAT_SUPPORT, ()),
]
TEXTS = [text for _, _, text, _ in PARAGRAPHS]

#: (action, responsible, due) of every follow-up action, the due date as printed ("–" for none).
ACTIONS = [
    (
        "Localize and operationalize the indicators and guidelines in national contexts.",
        "National COMMIT Task Forces",
        "–",
    ),
    (
        "Make strengthening labour migration systems in the GMS a priority for interventions.",
        "COMMIT governments",
        "31 December 2017",
    ),
    (
        "Introduce the annually rotating COMMIT Chair, held by the country hosting the SOM.",
        "COMMIT governments",
        "–",
    ),
    (
        "Plan the work for 2017 on the decision points reached at the Vientiane meeting.",
        "National COMMIT Task Forces, with UN-ACT",
        "–",
    ),
]
