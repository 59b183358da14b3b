"""The ``sekom-kg`` group, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click
from click.core import ParameterSource

from sekom_kg import __version__
from sekom_kg.core.errors import NotConformingError, SekomError

if TYPE_CHECKING:
    from sekom_kg.validation.validate import ValidationReport


EXIT_OK, EXIT_NOT_CONFORMING, EXIT_INPUT, EXIT_REMOTE = 0, 1, 2, 3
T = TypeVar("T")


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _fail(ctx: click.Context, error: BaseException, code: int) -> NoReturn:
    """Print ``error: ...`` (and the traceback with --debug) to stderr and exit."""
    if ctx.find_root().params.get("debug"):
        traceback.print_exception(error, file=sys.stderr)
    if isinstance(error, NotConformingError):
        for line in render_text(error.report)[:-1]:
            click.echo(line, err=True)
    click.echo(f"error: {error}", err=True)
    ctx.exit(code)


def _run(ctx: click.Context, func: Callable[[], T], interrupted: str = "interrupted") -> T:
    """Call library code, turning its exceptions (and Ctrl-C) into messages and exit codes."""
    try:
        return func()
    except SekomError as error:
        _fail(ctx, error, error.exit_code)
    except OSError as error:
        _fail(ctx, error, EXIT_INPUT)
    except KeyboardInterrupt:
        _fail(ctx, InterruptedError(interrupted), EXIT_INTERRUPTED)
    except Exception as error:
        _fail(ctx, RuntimeError(f"internal error: {error!r} (rerun with --debug)"), 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, "--version", prog_name="sekom-kg")
def cli(debug: bool) -> None:
    """Build, check and publish the Sekom international collaborations knowledge graph.

    Exit codes: 0 ok, 1 data does not conform, 2 bad input or usage, 3 remote failure.
    """


VALIDATOR_OPTION = click.option(
    "--validator",
    type=click.Choice(["fast", "pyshacl"]),
    default=None,
    help="SHACL engine: fast (pyshacl-turbo, proven equal; falls back to pyshacl) or pyshacl "
    "(the reference). Default: $SEKOM_KG_VALIDATOR, else fast.",
)


def _source_date_epoch(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A Unix time in the years 1–9999; errors name ``$SOURCE_DATE_EPOCH`` if it came from there."""
    from sekom_kg.publish.build import check_source_date_epoch

    if value is None:
        return None
    from_env = param.name and ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT
    given = f"$SOURCE_DATE_EPOCH is {value!r}, which" if from_env else repr(value)
    try:
        return check_source_date_epoch(int(value.strip()))
    except ValueError:
        raise click.BadParameter(f"{given} is not an integer (seconds since 1970)") from None
    except SekomError:
        raise click.BadParameter(f"{given} is not a Unix time in the years 1-9999") from None


def render_text(report: ValidationReport) -> list[str]:
    """Results grouped by focus node, then a summary line."""
    lines: list[str] = []
    focus = None
    for r in report.results:
        if r.focus_node != focus:
            focus = r.focus_node
            lines.append(focus)
        value = f" value={r.value}" if r.value is not None else ""
        path = f" path={r.result_path}" if r.result_path else ""
        lines.append(f"  {r.severity}: [{r.shape_name}]{path}{value}: {r.message}")
    lines.append(report.summary())
    return lines
