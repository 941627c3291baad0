from workshops.ical import ical_escape, ical_fold


def test_text_values_escape_backslash_semicolon_comma_and_newline():
    assert ical_escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100

    folded = ical_fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_short_lines_are_left_alone():
    assert ical_fold("SUMMARY:Debatteren") == "SUMMARY:Debatteren"
