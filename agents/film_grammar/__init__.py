"""Film grammar: the `rules` brain's knowledge, as pure functions over the domain model."""
