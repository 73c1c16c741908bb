"""Caseloads councils already hold, read into family profiles (contract section 2): `continuum import`."""
