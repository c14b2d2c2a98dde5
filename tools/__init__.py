"""What agents call: screenplay readers, and later the camera probe, metrics and exporters."""
