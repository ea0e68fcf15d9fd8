"""Prepare the labelled data from training/data: read sources, splice real spam into real
prose, add hard negatives, and assign every record to a fixed split.

`corpus` and `sources` read the copied data sets (and the eval-only ones beside the
checkout); `splits` and `holdout` keep test and acceptance texts out of training;
`snippets`, `hardneg`, `islands`, `headings` and `inject` make the pieces and the documents;
`hardsets` and `datasets` assemble the message and span sets; `feedback` reads moderator and
Akismet decisions; `html_inject` hides spam in real HTML pages for the HTML evaluation.
"""
