"""Fit the model on the prepared data and write its artifact.

`train` is `darnel train`: `vectorise` turns the prepared messages and documents into
hashed train/calibration/test matrices (its `Config` is what a run uses), `head` fits the
calibrated linear message and span heads, `labeller` fits the CRF that labels atoms from
out-of-fold span scores, `scoring` records the span head's held-out scores, and `artifact`
writes weights, metadata and the model card (`card`) into training/artifacts.
"""
