"""Models of the care-centers module, one file per slice; import them from here.

directory.py holds centers and licences; the licensing workflow, inspections and sanctions,
residents and subsidies add their own files and re-export them below.
"""

from chatr.centers.models.directory import Center, Licence

__all__ = ["Center", "Licence"]
