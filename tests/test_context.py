"""What every edition prints, decided once: the meeting's data, labels and numbers."""

from __future__ import annotations

import pytest

from pipeline.context import Document, meeting_name


@pytest.mark.parametrize(
    ("name", "short_name", "printed"),
    [
        ("Senior Officials Meeting", None, "Senior Officials Meeting"),
        ("Senior Officials Meeting", "SOM 11", "Senior Officials Meeting (SOM 11)"),
        ("Senior Officials Meeting (SOM 11)", "SOM 11", "Senior Officials Meeting (SOM 11)"),
        (
            "Regional Bilateral Dialogue Task Force (TF)",
            "TF 1",
            "Regional Bilateral Dialogue Task Force (TF 1)",
        ),
        ("Regional Task Force (TF)", "TFA", "Regional Task Force (TF) (TFA)"),
    ],
)
def test_a_meeting_is_named_with_its_short_name_once(name, short_name, printed):
    assert meeting_name(name, short_name) == printed


def test_the_meeting_facts_hold_each_datum_once(document: Document):
    assert [(f.key, f.label, f.value) for f in document.meeting_facts] == [
        ("process", "Process", "COMMIT Process"),
        ("meeting", "Meeting", "Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)"),
        ("number", "Number", "11"),
        ("venue", "Venue", "Vientiane, Lao PDR"),
        ("dates", "Dates", "23–24 November 2016"),
        ("host", "Host", "Government of Lao PDR"),
        ("adopted", "Adopted", "24 November 2016"),
    ]
