"""Build, measure and export Darnel's classifier from the data committed in training/data."""
