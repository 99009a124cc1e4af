"""Just enough ELF to trim a Linux bundle safely: the libraries a binary links to
(DT_NEEDED), whether `strip` left a loadable file, and which dependency libraries only
left-out files needed. Reads the files with struct; no binutils needed.
"""

from __future__ import annotations

import functools
import os
import struct
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

PT_LOAD, PT_DYNAMIC, DT_NULL, DT_NEEDED, DT_STRTAB = 1, 2, 0, 1, 5


def _program_headers(data: bytes) -> list[tuple[int, int, int, int, int]] | None:
    """(type, offset, address, file size, alignment) of each program header of an ELF file
    (32 or 64 bits, either byte order); None when the data is not ELF."""
    if len(data) < 52 or data[:4] != b"\x7fELF":
        return None
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    (table,) = struct.unpack_from(order + ("Q" if wide else "I"), data, 32 if wide else 28)
    size, count = struct.unpack_from(order + "HH", data, 54 if wide else 42)
    headers = []
    for at in range(table, table + size * count, size):
        if wide:
            kind, _, offset, address, _, file_size, _, align = struct.unpack_from(
                order + "IIQQQQQQ", data, at
            )
        else:
            kind, offset, address, _, file_size, _, _, align = struct.unpack_from(
                order + "IIIIIIII", data, at
            )
        headers.append((kind, offset, address, file_size, align))
    return headers


@functools.lru_cache(maxsize=4096)
def elf_needed(path: str | Path) -> tuple[str, ...]:
    """The DT_NEEDED entries of an ELF file (the shared libraries it links to)."""
    data = Path(path).read_bytes()
    headers = _program_headers(data)
    dynamic = [(offset, size) for kind, offset, _, size, _ in headers or () if kind == PT_DYNAMIC]
    if not headers or not dynamic:
        return ()
    entry = struct.Struct(("<" if data[5] == 1 else ">") + ("QQ" if data[4] == 2 else "II"))
    start, length = dynamic[0]
    tags = [entry.unpack_from(data, at) for at in range(start, start + length, entry.size)]
    strtab = next((value for tag, value in tags if tag == DT_STRTAB), None)
    base = next(
        (
            offset + strtab - address
            for kind, offset, address, size, _ in headers
            if kind == PT_LOAD and strtab is not None and address <= strtab < address + size
        ),
        None,
    )
    if base is None:
        return ()
    names = []
    for tag, value in tags:
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            end = data.index(b"\0", base + value)
            names.append(data[base + value : end].decode("utf-8", "replace"))
    return tuple(names)


def strip_is_safe(stripped: str | Path) -> bool:
    """Whether a stripped library still loads: every PT_LOAD segment keeps its offset and
    address congruent modulo the page size and its alignment.

    `strip` rewrites libraries that patchelf changed (auditwheel vendors NumPy's and
    SciPy's OpenBLAS so) into files the loader refuses ("ELF load command address/offset
    not page-aligned"); those stay unstripped.
    """
    headers = _program_headers(Path(stripped).read_bytes())
    if headers is None:
        return False
    return all(
        (address - offset) % 4096 == 0 and (align <= 1 or (address - offset) % align == 0)
        for kind, offset, address, _, align in headers
        if kind == PT_LOAD
    )


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def _is_dependency(dest: str, kind: str) -> bool:
    """A shared library that is only there because something links to it: Qt's own
    libraries, vendored ones, and those PyInstaller collected from the system. Python
    extension modules, Qt plugins and libpython are loaded by name: they are the roots."""
    parts = _parts(dest)
    return (
        kind == "BINARY"
        and ".so" in parts[-1]
        and "plugins" not in parts
        and not parts[-1].startswith("libpython")
    )


def _reachable(entries: Sequence[tuple[str, str, str]]) -> set[str]:
    """Bundle paths of the binaries reachable through DT_NEEDED from the roots."""
    by_name: dict[str, list[str]] = {}
    for dest, _, _ in entries:
        by_name.setdefault(_parts(dest)[-1], []).append(dest)
    sources = {dest: source for dest, source, _ in entries}
    todo = [dest for dest, _, kind in entries if not _is_dependency(dest, kind)]
    seen: set[str] = set()
    while todo:
        dest = todo.pop()
        if dest in seen:
            continue
        seen.add(dest)
        if os.path.isfile(sources[dest]):
            for needed in elf_needed(sources[dest]):
                todo += by_name.get(needed, [])
    return seen


def orphaned_by_filtering(
    before: Sequence[tuple[str, str, str]], after: Sequence[tuple[str, str, str]]
) -> set[str]:
    """Dependency libraries that only the files the rules left out needed: the TLS stack
    of libcups, or QtQuick when no kept plugin links to it. Libraries nothing links to
    even before filtering stay: some are loaded with dlopen."""

    def orphans(entries: Sequence[tuple[str, str, str]]) -> set[str]:
        dependencies = {dest for dest, _, kind in entries if _is_dependency(dest, kind)}
        return dependencies - _reachable(entries)

    return orphans(after) - orphans(before)


__all__ = ["elf_needed", "orphaned_by_filtering", "strip_is_safe"]
