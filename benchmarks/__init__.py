"""Every benchmark in one place: each measures, writes reports/<name>.{json,md} through
benchmarks.reporting and exits 0, so a dip in a number is read, not hidden by a red build."""
