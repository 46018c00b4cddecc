"""Reproducible load benchmarks. Run `make bench` (or `python bench/checkin_load.py --help`)."""
