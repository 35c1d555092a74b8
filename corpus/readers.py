"""Readers for the input formats: JSONL, CSV with a header, folder-per-label trees.

Every reader yields ``(where, record)`` pairs, ``where`` being ``(path, line)``,
so that validation can name the file and line of a bad record.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

from .errors import InputError

MAX_FILE_BYTES = 512 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, path: str) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is an InputError."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise InputError(f"not valid {encoding.upper()} text (byte {exc.start}); "
                         "save the file as UTF-8 or UTF-16 with BOM", path, line) from None
    if "\x00" in text:
        raise InputError("binary data (NUL bytes): this is not a text file", path)
    return text


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"file is larger than {MAX_FILE_BYTES // 2**20} MB", str(path))
    return decode_bytes(path.read_bytes(), str(path))


def read_jsonl(path, mapping: dict | None = None):
    """Yield the JSON objects of a JSONL file, renaming fields by ``mapping``.

    ``mapping`` maps our field names to the file's (``{"body": "text"}``).
    Blank lines are skipped; a malformed line yields an InputError in place
    of its record.
    """
    path = Path(path)
    text = _read(path)
    unseen = _named_fields(mapping)  # fields named on the command line but not met yet
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            # Yielded, not raised, so that the caller can report every bad line at once.
            why = f"{exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield (str(path), number), InputError(f"malformed JSON: {why}", str(path), number)
            continue
        if mapping and isinstance(record, dict):
            unseen -= record.keys()
            record = remap(record, mapping)
        yield (str(path), number), record
    for field in sorted(unseen):  # a misspelt --label-field would leave every label out unsaid
        yield (str(path), None), InputError(f"no record has the field {field!r} named on the command line", str(path))


def _named_fields(mapping: dict | None) -> set[str]:
    """The input's field names that ``mapping`` (ours → theirs) names."""
    return {theirs for theirs in (mapping or {}).values() if theirs}


def remap(record: dict, mapping: dict) -> dict:
    """Rename the fields of ``record``: ``mapping`` is ours → theirs."""
    record = dict(record)
    for ours, theirs in mapping.items():
        if theirs and theirs != ours:
            record[ours] = record.pop(theirs, None)
    return record


def read_csv(path, mapping: dict | None = None):
    """Yield the rows of a CSV file with a header row as dicts."""
    path = Path(path)
    text = _read(path)
    # strict: a quote left open is an error, not a field that runs to the end of the file
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}", str(path), 1) from None
    if not fieldnames:
        raise InputError("empty CSV file: a header row is required", str(path), 1)
    header = [h.strip() for h in fieldnames]
    reader.fieldnames = header
    twice = sorted({h for h in header if header.count(h) > 1 and h})
    if twice:
        raise InputError(f"CSV header names {', '.join(map(repr, twice))} more than once", str(path), 1)
    for needed in sorted(_named_fields(mapping) | {(mapping or {}).get("body") or "body"}):
        if needed not in header:
            raise InputError(f"CSV header has no {needed!r} column (found: {', '.join(header)})", str(path), 1)
    try:
        for row in reader:
            if None in row:
                raise InputError("row has more fields than the header", str(path), reader.line_num)
            record = {k: v for k, v in row.items() if v is not None}
            if mapping:
                record = remap(record, mapping)
            yield (str(path), reader.line_num), record
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", str(path), reader.line_num) from None


def _title_and_body(text: str) -> tuple[str, str]:
    """Split a plain-text article: a short first line without final punctuation is the title."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > 1 and len(lines[0]) <= 200 and not lines[0].endswith((".", "!", "?", ";", ":", "…")):
        return lines[0], "\n\n".join(lines[1:])
    return "", "\n\n".join(lines)


def read_text_file(path) -> dict:
    """A ``.txt`` article as a record: title (first line, if it looks like one) and body."""
    title, body = _title_and_body(_read(Path(path)))
    return {"title": title, "body": body}


def read_folder(path, mapping: dict | None = None):
    """Yield one record per ``.txt`` file of a folder-per-label tree (VNTC layout).

    The name of the folder that holds a file is its label; the id is the
    file's path under ``path`` with separators replaced by ``:``.
    """
    root = Path(path)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError("no .txt files found (expected <label>/<article>.txt)", str(root))
    for file in files:
        rel = file.relative_to(root)
        if len(rel.parts) < 2:
            raise InputError("file is not inside a label folder", str(file))
        record = read_text_file(file)
        record["category"] = rel.parts[-2]
        stem = ":".join(rel.with_suffix("").parts)
        record["id"] = "".join(c if c.isalnum() or c in "._:-" else "-" for c in stem)[:120]
        yield (str(file), None), record


def read_records(path, fmt: str = "auto", mapping: dict | None = None):
    """Dispatch on ``fmt`` (``jsonl``, ``csv``, ``folder`` or ``auto`` by extension)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", str(path))
    if fmt == "auto":
        if path.is_dir():
            fmt = "folder"
        elif path.suffix.lower() == ".csv":
            fmt = "csv"
        else:
            fmt = "jsonl"
    readers = {"jsonl": read_jsonl, "csv": read_csv, "folder": read_folder}
    if fmt not in readers:
        raise InputError(f"unknown format {fmt!r}", str(path))
    if fmt != "folder" and path.is_dir():
        raise InputError(f"is a folder, not a {fmt} file", str(path))
    return readers[fmt](path, mapping)


def input_files(path, fmt: str = "auto") -> list[Path]:
    """The inputs a path stands for: the ``.jsonl`` files of a folder that has some (sorted),
    otherwise the path itself (a file, or a folder with one subfolder per label)."""
    path = Path(path)
    if fmt in ("auto", "jsonl") and path.is_dir():
        jsonl = sorted(p for p in path.iterdir() if p.suffix == ".jsonl")
        if jsonl:
            return jsonl
    return [path]


__all__ = ["read_records", "read_jsonl", "read_csv", "read_folder", "read_text_file",
           "decode_bytes", "input_files", "remap"]


MAX_DOCX_BYTES = 10 * 2**20          # the .docx file itself
MAX_DOCX_UNPACKED = 50 * 2**20       # all its parts, unpacked
MAX_DOCX_RATIO = 200                 # unpacked / packed, per part
MAX_DOCX_PARTS = 2000


def _check_docx_zip(data: bytes, name: str) -> None:
    """Refuse what is not a zip, or a zip that would unpack to far too much (a zip bomb)."""
    import zipfile
    if len(data) > MAX_DOCX_BYTES:
        raise InputError(f"file is larger than {MAX_DOCX_BYTES // 2**20} MB", name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError("not a .docx file (it is not a zip archive)", name) from None
    if len(infos) > MAX_DOCX_PARTS:
        raise InputError("not a plausible .docx file (too many parts)", name)
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNPACKED or any(i.compress_size and i.file_size / i.compress_size > MAX_DOCX_RATIO
                                        for i in infos if i.file_size > 2**20):
        raise InputError("refused: the .docx would unpack to far more than its size (zip bomb?)", name)
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError("not a .docx file (no word/document.xml)", name)


def read_docx_bytes(data: bytes, name: str) -> dict:
    """Title (the first paragraph, if it looks like one) and body of a .docx document."""
    _check_docx_zip(data, name)
    import docx
    try:
        paragraphs = _docx_lines(docx.Document(io.BytesIO(data)))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise InputError(f"cannot read this .docx file ({type(exc).__name__})", name) from None
    title, body = _title_and_body("\n".join(paragraphs))
    return {"title": title, "body": body}


def _docx_lines(document) -> list[str]:
    """The paragraphs of a document in order, each table row as one line (cells joined by " – ")."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:  # a merged cell comes once per column it spans
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                lines.append(" – ".join(cells))
    return lines


def read_upload(name: str, data: bytes) -> dict:
    """An uploaded article: ``.txt`` (UTF-8 or UTF-16 with BOM) or ``.docx``."""
    suffix = Path(name or "").suffix.lower()
    if suffix == ".docx":
        return read_docx_bytes(data, name)
    if suffix == ".txt":
        if len(data) > MAX_DOCX_BYTES:
            raise InputError(f"file is larger than {MAX_DOCX_BYTES // 2**20} MB", name)
        title, body = _title_and_body(decode_bytes(data, name))
        return {"title": title, "body": body}
    raise InputError("only .txt and .docx files can be uploaded", name)
