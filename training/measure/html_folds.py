"""Leave sites out: the models that measure `format: "html"` on pages they never saw.

The model learns the headings of the real pages (training/prepare/headings.py), so a
model measured on all of them is measured partly on pages it trained on. Cut into folds of
whole pages (sites), each fold gets a model trained without its pages;
`darnel evaluate-html --leave-sites-out N` measures each fold's pages with its own model
and pools the figures.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from training.fit.train import train
from training.fit.vectorise import Config
from training.prepare.headings import pages_in_fold

# The faster setting of the leave-one-source-out runs (`darnel evaluate`): a fold trains in
# about 140 s on two cores, five in 12 minutes, where the release setting would take 30.
FOLD_CONFIG = Config(docs_per_language=60)
# One fold would leave every page out and train on none.
MIN_FOLDS = 2


def train_fold_models(folds: int, out: Path, config: Config) -> list[Path]:
    """Train one model per fold of `folds`, each without that fold's real pages, under
    `out`; return their directories in fold order."""
    if folds < MIN_FOLDS:
        raise ValueError(f"leave sites out needs at least {MIN_FOLDS} folds, not {folds}")
    models = []
    for k in range(folds):
        cfg = replace(config, skip_pages=pages_in_fold(k, folds))
        models.append(train(cfg, out / f"fold-{k}", f"sites-{k}-of-{folds}", release=False))
    return models
