"""Many triages in one run: cases in (JSON Lines or CSV), results out, streamed.

A case is read, triaged and written before the next one is read, so memory stays
the same whatever the size of the input. A bad case becomes an error line
(``{"line": N, "error": {"message": ...}}``) and the run goes on. Output is handed
on whenever the program is about to wait for more input, so ``head`` or ``jq``
downstream see results as they come without a write per line.

One module a job, each using only those listed below it:

- ``run``: :func:`run_batch`, in this process or in workers;
- ``parallel``: the batches of pieces the workers are given, and what they do with them;
- ``triaging``: the triage of one case and of a stream of them; ``progress``: the bar;
- ``writers``: the output, handed on in large pieces (what it holds is each format's
  stream writer, from :mod:`calcinosis_cli.render.registry`); ``csv_input``: CSV cases in;
- ``reading``: the input opened, its lines numbered, JSON Lines cases decoded;
- ``options``: the flags checked, and the :class:`Shape` of the output;
- ``workers``: the worker processes, forked, with results in order.

Only the progress bar uses Rich, and it is imported only when it is drawn.
"""

from ..result import encoder_for
from .csv_input import MAX_COLUMNS, csv_cases
from .options import (
    INPUT_FORMATS,
    MAX_DEFAULT_JOBS,
    MAX_JOBS,
    OUTPUT_FORMATS,
    PLAIN,
    STDIO,
    Shape,
    fields_for,
    id_field_for,
    input_format_for,
    jobs_for,
    output_format_for,
    source_for,
)
from .parallel import BATCH_CASES
from .progress import Progress, ProgressBar, wants_progress
from .reading import MAX_LINE_BYTES, CaseError, case_from_json_line, jsonl_cases, numbered_blocks, numbered_lines
from .run import BatchReport, run_batch
from .triaging import fewer_collections, triage_case
from .writers import Pending, output_stream, writer_for

__all__ = [
    "BATCH_CASES",
    "INPUT_FORMATS",
    "MAX_COLUMNS",
    "MAX_DEFAULT_JOBS",
    "MAX_JOBS",
    "MAX_LINE_BYTES",
    "OUTPUT_FORMATS",
    "PLAIN",
    "STDIO",
    "BatchReport",
    "CaseError",
    "Pending",
    "Progress",
    "ProgressBar",
    "Shape",
    "case_from_json_line",
    "csv_cases",
    "encoder_for",
    "fewer_collections",
    "fields_for",
    "id_field_for",
    "input_format_for",
    "jobs_for",
    "jsonl_cases",
    "numbered_blocks",
    "numbered_lines",
    "output_format_for",
    "output_stream",
    "run_batch",
    "source_for",
    "triage_case",
    "wants_progress",
    "writer_for",
]
