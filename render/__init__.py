"""Renderers (animatic, diffusers), the streaming encoder and assembly of the cut."""
