"""Build, fit and measure Darnel's classifier from the data committed in training/data.

Three packages, one per job, each importing only the ones before it: `prepare` (the
labelled data), `fit` (the model and its artifact in training/artifacts), `measure` (the
evaluation reports). `metrics` and `forked` are the helpers more than one of them uses.
"""
