"""The git merge driver's three-way merge of stc's YAML (stc.store.merge), tested directly."""

from stc.store.merge import merge


def unit(uid, codes, note="", start=0):
    return {"id": uid, "turn": 1, "start": start, "end": 10, "codes": codes, "note": note}


def test_units_added_on_both_sides_are_both_kept_in_order():
    base = {"units": [unit("a", ["x"])]}
    ours = {"units": [unit("a", ["x"]), unit("b", ["y"])]}
    theirs = {"units": [unit("a", ["x"]), unit("c", ["z"])]}
    merged, conflicts = merge(base, ours, theirs, "u.yaml")
    assert [u["id"] for u in merged["units"]] == ["a", "b", "c"]
    assert conflicts == []


def test_a_unit_removed_on_one_side_and_untouched_on_the_other_stays_removed():
    base = {"units": [unit("a", ["x"]), unit("b", ["y"])]}
    ours = {"units": [unit("a", ["x"])]}
    merged, conflicts = merge(base, ours, base, "u.yaml")
    assert [u["id"] for u in merged["units"]] == ["a"]
    assert conflicts == []


def test_codes_of_one_unit_merge_as_a_set():
    base = {"units": [unit("a", ["x"])]}
    ours = {"units": [unit("a", ["x", "y"])]}
    theirs = {"units": [unit("a", ["z", "x"])]}
    merged, conflicts = merge(base, ours, theirs, "u.yaml")
    assert merged["units"][0]["codes"] == ["x", "y", "z"]
    assert conflicts == []


def test_a_code_removed_on_one_side_is_removed_from_the_set():
    base = {"units": [unit("a", ["x", "y"])]}
    ours = {"units": [unit("a", ["x"])]}
    theirs = {"units": [unit("a", ["x", "y", "z"])]}
    merged, _ = merge(base, ours, theirs, "u.yaml")
    assert merged["units"][0]["codes"] == ["x", "z"]


def test_a_field_changed_on_one_side_takes_that_change():
    base = {"units": [unit("a", ["x"], note="")]}
    theirs = {"units": [unit("a", ["x"], note="viktig")]}
    merged, conflicts = merge(base, base, theirs, "u.yaml")
    assert merged["units"][0]["note"] == "viktig"
    assert conflicts == []


def test_the_same_field_changed_differently_is_a_conflict_keeping_ours():
    base = {"units": [unit("a", ["x"], note="")]}
    ours = {"units": [unit("a", ["x"], note="ours")]}
    theirs = {"units": [unit("a", ["x"], note="theirs")]}
    merged, conflicts = merge(base, ours, theirs, "u.yaml")
    assert merged["units"][0]["note"] == "ours"
    assert len(conflicts) == 1
    assert "units[id=a].note" in conflicts[0] and "'ours'" in conflicts[0]


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict_keeping_the_change():
    base = {"units": [unit("a", ["x"])]}
    ours = {"units": []}
    theirs = {"units": [unit("a", ["x"], note="changed")]}
    merged, conflicts = merge(base, ours, theirs, "u.yaml")
    assert merged["units"] == [unit("a", ["x"], note="changed")]
    assert conflicts == ["units[id=a]: deleted on one side, changed on the other"]


def test_top_level_keys_added_and_removed():
    base = {"title": "T", "old": 1}
    ours = {"title": "T", "old": 1, "new": "n"}
    theirs = {"title": "T2"}
    merged, conflicts = merge(base, ours, theirs, "stc.yaml")
    assert merged == {"title": "T2", "new": "n"}
    assert conflicts == []


def test_a_file_added_on_both_sides_merges_from_nothing():
    merged, conflicts = merge(
        None, {"units": [unit("a", ["x"])]}, {"units": [unit("b", ["y"])]}, "u"
    )
    assert [u["id"] for u in merged["units"]] == ["a", "b"]
    assert conflicts == []


def test_rounds_merge_by_round_number_and_impressions_by_transcript():
    base = {"rounds": [{"round": 1, "strategy": "random"}]}
    ours = {"rounds": [{"round": 1, "strategy": "random"}, {"round": 2, "strategy": "by-group"}]}
    theirs = {"rounds": [{"round": 1, "strategy": "manual"}]}
    merged, conflicts = merge(base, ours, theirs, "assignments.yaml")
    assert merged["rounds"] == [
        {"round": 1, "strategy": "manual"},
        {"round": 2, "strategy": "by-group"},
    ]
    assert conflicts == []
    base = {"impressions": [{"transcript": "t1", "text": "a"}]}
    ours = {"impressions": [{"transcript": "t1", "text": "a"}, {"transcript": "t2", "text": "b"}]}
    theirs = {"impressions": [{"transcript": "t1", "text": "A"}]}
    merged, _ = merge(base, ours, theirs, "step1/ib.yaml")
    assert merged["impressions"] == [
        {"transcript": "t1", "text": "A"},
        {"transcript": "t2", "text": "b"},
    ]


def test_a_long_value_in_a_conflict_is_shortened():
    base = {"text": ""}
    merged, conflicts = merge(base, {"text": "o" * 200}, {"text": "t" * 200}, "x")
    assert merged["text"] == "o" * 200
    assert "…" in conflicts[0] and len(conflicts[0]) < 250
