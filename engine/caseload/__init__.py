"""Stage 10, caseloads: synthetic caseloads and batches of profiles decided in chunks, in processes.

`continuum synth` writes profiles from engine/synth/caseload.py; `continuum batch` reads records
(read.py), decides them in chunks (work.py, here or in worker processes: run.py) and writes one
decision per line in input order, with every refusal reported and none dropped.
"""
