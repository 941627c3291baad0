"""Quick Scan pages, one module per audience:

* `configure`: the griffier sets up a scan (terms, settings, link for residents, own questions, respondents);
* `monitor`: the griffier runs it (response monitor, opening, reminders, extending, closing);
* `answering`: respondents, without an account, through their personal link or the link for residents;
* `reports`: the report on screen and as PDF, and the verbeteragenda;
* `staff`: programme managers' overview, national figures and export.

Every page is private (`common.private`): no cache may keep a scan, a report or a personal link.
"""
