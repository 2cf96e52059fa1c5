"""The production profile: configuration, and the Python that keeps its processes alive."""
