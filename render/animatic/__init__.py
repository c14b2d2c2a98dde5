"""The animatic renderer: a virtual camera over a 2.5D staged scene, on the CPU, with no weights."""
