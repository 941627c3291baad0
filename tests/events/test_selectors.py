"""Small numbers stay hidden in every figure, including by subtraction."""

from events.selectors import Row, protected_rows


def test_groups_under_5_are_merged_into_other():
    rows = protected_rows([Row("raadslid", 12, 10), Row("wethouder", 6, 6), Row("burgemeester", 3, 3), Row("griffier", 2, 1)], other_label="overig")

    assert [(row.label, row.registered) for row in rows] == [("raadslid", 12), ("wethouder", 6), ("overig", 5)]


def test_a_small_remainder_takes_the_next_smallest_group_along_so_nothing_can_be_subtracted():
    rows = protected_rows([Row("raadslid", 12, 10), Row("wethouder", 6, 6), Row("burgemeester", 1, 1)], other_label="overig")

    assert [(row.label, row.registered) for row in rows] == [("raadslid", 12), ("overig", 7)]
    assert rows[1].merged == ["burgemeester", "wethouder"]


def test_everything_small_shows_nothing():
    assert protected_rows([Row("raadslid", 2, 1), Row("wethouder", 1, 0)], other_label="overig") == []


def test_attendance_is_hidden_when_either_side_is_small_and_says_which():
    row = Row("burgemeester", 18, 3)

    assert (row.attended_text, row.no_shows_text, row.rate) == ("minder dan 5", "–", "–")
    assert (Row("raadslid", 20, 15).attended_text, Row("raadslid", 20, 15).rate) == ("15", "75%")
