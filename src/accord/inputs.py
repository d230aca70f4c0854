"""Reading a user's input file safely: one bounded read, one-line errors for what goes wrong."""

from __future__ import annotations

from pathlib import Path

from accord.errors import InputError


def read_bounded(path: str | Path, *, limit: int, what: str,
                 fix: str = "check you passed the right path") -> bytes:
    """At most `limit` bytes of `path`, or an `InputError` naming the file and the fix.

    The read itself is bounded (a device or a pipe reports no size), so `/dev/zero` or a
    mistyped multi-gigabyte path costs `limit` bytes, never the machine's memory.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a folder, not a file", file=str(p),
                             fix=f"give the path of {what}")
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=str(p), fix="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=str(p),
                         fix="check the path and permissions") from None
    if len(data) > limit:
        raise InputError(f"over the {limit / 1e6:.0f} MB limit for {what}", file=str(p), fix=fix)
    return data
