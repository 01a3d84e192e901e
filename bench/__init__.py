"""Benchmarks and the city-scale data generator. Not part of the test run: `make bench`."""
