"""``calcinosis batch``: the options, checked by the batch library, then its run.
The library (:mod:`calcinosis_cli.batch`) is imported only when the command runs: it is slow."""

from typing import Annotated

import typer

from .formats import BATCH_INPUT_FORMATS, BATCH_OUTPUT_FORMATS, BatchInputFormat, BatchOutputFormat, metavar

BATCH_HELP = """Triage many cases: one result per case, in order, streamed as it goes.

Input: JSON Lines (one answers object a line) or CSV (a header row of question
ids and lab fields: calcium_value, phosphate_value, albumin_value, units,
albumin_units; empty cells are unknown), chosen by --input-format or the file's
ending (.jsonl, .ndjson, .json, .csv); standard input is JSON Lines unless told
otherwise. A line that is a FHIR QuestionnaireResponse is read as one
(--input-format fhir: every line is). A case's identifier, its "id" field or the
field that --id-field NAME names, is echoed as "id" in its result. A bad case gives an
error line {"line": N, "error": {"message": ...}} (in FHIR output an
OperationOutcome) and the run goes on; the status is then 1.

Long inputs are triaged by worker processes side by side (--jobs); the output is
the same, in the same order, as with --jobs 1.

\b
Examples:
  calcinosis batch cases.jsonl > results.jsonl
  calcinosis batch cases.csv --format csv --output results.csv
  calcinosis batch cases.jsonl --format fhir > responses.ndjson
  cat cases.jsonl | calcinosis batch | jq -r '.suggested_type.id'
"""

FileArgument = Annotated[
    str | None,
    typer.Argument(metavar="FILE", help="The cases; '-' or nothing reads standard input.", show_default=False),
]
InputFormatOption = Annotated[
    BatchInputFormat | None,
    typer.Option(
        "--input-format",
        metavar=metavar(BATCH_INPUT_FORMATS),
        help="Format of the cases (default: from the ending); fhir: one QuestionnaireResponse a line.",
        case_sensitive=False,
    ),
]
OutputFormatOption = Annotated[
    BatchOutputFormat,
    typer.Option(
        "--format",
        metavar=metavar(BATCH_OUTPUT_FORMATS),
        help="Format of the results (default jsonl); fhir: one FHIR QuestionnaireResponse a line, "
        "and fhir-bundle one Bundle a line.",
        show_default=False,
        case_sensitive=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE, complete or not at all (default standard output)."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace --output FILE if it exists.")]
JobsOption = Annotated[
    str | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Worker processes, 1 to 64 (default: one per CPU, at most 8; 1: all in this process).",
        show_default=False,
    ),
]
IdFieldOption = Annotated[
    str | None,
    typer.Option(
        "--id-field",
        metavar="NAME",
        help='The field of a case that identifies it, echoed as "id" (default id).',
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="KEY,KEY,...",
        help="Only these keys of each result (JSON Lines and CSV).",
        show_default=False,
    ),
]


def batch_command(
    file: FileArgument = None,
    input_format: InputFormatOption = None,
    output_format: OutputFormatOption = "jsonl",
    output: OutputOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    id_field: IdFieldOption = None,
    fields: FieldsOption = None,
) -> None:
    from .. import batch
    from ..files import stop_on_signals

    workers = batch.jobs_for(jobs)
    source = batch.source_for(file)
    in_format = batch.input_format_for(source, input_format)
    out_format = batch.output_format_for(output_format)
    keys = batch.fields_for(fields, out_format)
    name, named = batch.id_field_for(id_field)
    shape = batch.Shape(name, keys, named and out_format == "csv", in_format == "fhir")
    progress = batch.ProgressBar(source) if batch.wants_progress(source, output) else None
    with stop_on_signals(), batch.output_stream(output, force=force) as stream:
        report = batch.run_batch(
            source,
            input_format=in_format,
            output_format=out_format,
            output=stream,
            progress=progress,
            jobs=workers,
            shape=shape,
        )
    if report.errors:
        raise typer.Exit(1)
