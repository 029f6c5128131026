"""Attach to a value exported by pagekv (``store.export(key)`` or ``pagekv export DIR KEY``).

Standard library only. ``attach(descriptor)`` maps the value read-only and returns an
``Export`` whose ``view`` is a ``memoryview`` over the mapping: no copy is made, and
``numpy.frombuffer(export.view, dtype=...)`` works on it where numpy exists.

Attaching never destroys the export. A shared-memory export is mapped straight from
``/dev/shm/<name>`` with ``mmap``; ``multiprocessing.shared_memory`` is not used for it,
because on CPython <= 3.12 its resource tracker unlinks, when this process exits, every
object the process merely attached to (``track=False`` arrived in 3.13). If you must use
``SharedMemory`` yourself, call ``open_shared_memory(descriptor)``, which opens it untracked.

The descriptor is checked as the JVM's ``SharedExport.attach`` checks it: the exact keys of
format version 1, a file inside the store (segment file, no symlink, store id in its header)
or ``/dev/shm/<export name of that store>``, bytes inside the file, and the CRC32C of the
value (pure Python, so by default only up to ``VERIFY_LIMIT`` bytes; pass ``verify=True``
to check any size, ``verify=False`` to skip). A refused descriptor raises ``ExportRefused``.

Command line: ``python3 pagekv_export.py DESCRIPTOR|@FILE`` prints the length, the SHA-256
of the value (hashed through the view, without copying) and how much this process's
anonymous memory grew while doing it.
"""

import hashlib
import json
import mmap
import os
import re
import stat
import sys

VERSION = 1
VERIFY_LIMIT = 4 << 20
SHM_DIR = "/dev/shm"
_KEYS = {"version", "route", "name", "storeId", "txn", "length", "crc32c", "file", "offset"}
_NAME = re.compile(r"pagekv-([0-9a-f]{16})-[0-9]{1,19}-[0-9]{1,19}-[0-9]{1,19}")
_SEGMENT = re.compile(r"seg-[0-9]{6,10}")
_SEGMENT_MAGIC = 0x53564B50
_HEADER_BYTES = 56  # through the store id at offset 48 of the segment header


class ExportRefused(Exception):
    """The descriptor was refused; nothing was mapped."""


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    """CRC32C of a bytes-like object (pure Python: about 5 MB/s)."""
    crc = 0xFFFFFFFF
    table = _TABLE
    for byte in memoryview(data).cast("B"):
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def parse(descriptor):
    """Parses and checks a descriptor's fields; returns a dict."""
    if isinstance(descriptor, bytes):
        descriptor = descriptor.decode("utf-8")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ExportRefused("export descriptor has a key twice")
        return dict(pairs)

    try:
        fields = json.loads(descriptor, object_pairs_hook=no_duplicates)
    except ValueError as ex:
        raise ExportRefused("export descriptor is not valid JSON: %s" % ex) from None
    if not isinstance(fields, dict) or set(fields) != _KEYS:
        raise ExportRefused("export descriptor must have exactly the keys %s" % sorted(_KEYS))
    for key in ("version", "txn", "length", "offset"):
        if type(fields[key]) is not int or fields[key] < 0:
            raise ExportRefused("export descriptor field %r is not a whole number" % key)
    for key in ("route", "name", "storeId", "crc32c", "file"):
        if not isinstance(fields[key], str):
            raise ExportRefused("export descriptor field %r is not a string" % key)
    if fields["version"] != VERSION:
        raise ExportRefused("export descriptor version %d, this reader reads %d" % (fields["version"], VERSION))
    if not re.fullmatch(r"[0-9a-f]{16}", fields["storeId"]) or not re.fullmatch(r"[0-9a-f]{8}", fields["crc32c"]):
        raise ExportRefused("export descriptor storeId or crc32c is not lower-case hex")
    if fields["route"] not in ("mapped", "shm"):
        raise ExportRefused("export descriptor route %r is neither 'mapped' nor 'shm'" % fields["route"])
    return fields


def _checked_path(fields):
    path = fields["file"]
    if fields["route"] == "shm":
        match = _NAME.fullmatch(fields["name"])
        if not match or match.group(1) != fields["storeId"]:
            raise ExportRefused("%r is not the name of an export of store %s" % (fields["name"], fields["storeId"]))
        if path != os.path.join(SHM_DIR, fields["name"]) or fields["offset"] != 0:
            raise ExportRefused("a shm export lies at offset 0 of %s/%s" % (SHM_DIR, fields["name"]))
        return path
    if not os.path.isabs(path) or os.path.normpath(path) != path:
        raise ExportRefused("file %r is not an absolute, normalized path" % path)
    store = os.path.dirname(path)
    if not _SEGMENT.fullmatch(os.path.basename(path)) or not os.path.isfile(os.path.join(store, "meta")):
        raise ExportRefused("file %r is not a segment file of a store" % path)
    if os.path.islink(path) or os.path.dirname(os.path.realpath(path)) != os.path.realpath(store):
        raise ExportRefused("file %r leads outside the store directory" % path)
    return path


class Export:
    """A mapped export. ``view`` is a read-only memoryview of the value; ``close()`` unmaps it
    (release every view and numpy array made from it first). Closing never removes the export."""

    def __init__(self, fields, mapping, start):
        self.name = fields["name"]
        self.length = fields["length"]
        self.txn = fields["txn"]
        self.route = fields["route"]
        self._mapping = mapping
        self.view = memoryview(mapping)[start:start + self.length] if mapping is not None else memoryview(b"")

    def close(self):
        self.view.release()
        if self._mapping is not None:
            self._mapping.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def attach(descriptor, verify=None):
    """Maps an export read-only, without copying, after checking its descriptor.

    verify: True checks the CRC32C, False skips it, None (default) checks values up to
    VERIFY_LIMIT bytes.
    """
    fields = parse(descriptor)
    path = _checked_path(fields)
    offset, length = fields["offset"], fields["length"]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as ex:
        raise ExportRefused("cannot open %s: %s (the export was closed, or its process died)" % (path, ex)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ExportRefused("%s is not a regular file" % path)
        if fields["route"] == "mapped":
            header = os.pread(fd, _HEADER_BYTES, 0)
            if len(header) < _HEADER_BYTES or int.from_bytes(header[32:36], "little") != _SEGMENT_MAGIC:
                raise ExportRefused("%s has no pagekv segment header" % path)
            store_id = "%016x" % int.from_bytes(header[48:56], "little")
            if store_id != fields["storeId"]:
                raise ExportRefused("%s belongs to store %s, the descriptor names store %s" % (path, store_id, fields["storeId"]))
            if offset < _HEADER_BYTES:
                raise ExportRefused("offset %d lies in the segment header of %s" % (offset, path))
        if offset > info.st_size or length > info.st_size - offset:
            raise ExportRefused("bytes %d..%d lie past the end of %s (%d bytes)" % (offset, offset + length, path, info.st_size))
        if length == 0:
            return Export(fields, None, 0)
        aligned = offset - offset % mmap.ALLOCATIONGRANULARITY
        mapping = mmap.mmap(fd, offset - aligned + length, access=mmap.ACCESS_READ, offset=aligned)
    finally:
        os.close(fd)
    export = Export(fields, mapping, offset - aligned)
    if verify or (verify is None and length <= VERIFY_LIMIT):
        computed = crc32c(export.view)
        if computed != int(fields["crc32c"], 16):
            export.close()
            raise ExportRefused("CRC32C %08x computed over %d bytes of %s, the descriptor says %s"
                                % (computed, length, path, fields["crc32c"]))
    return export


def open_shared_memory(descriptor):
    """Opens a shm export as multiprocessing.shared_memory.SharedMemory, untracked, so that this
    process's exit does not unlink it (CPython <= 3.12 would, through the resource tracker).
    The object may be longer than the value: use the descriptor's length."""
    from multiprocessing import shared_memory
    fields = parse(descriptor)
    if fields["route"] != "shm":
        raise ExportRefused("export %s is mapped from a segment file, not shared memory: use attach()" % fields["name"])
    _checked_path(fields)
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=fields["name"], create=False, track=False)
    from multiprocessing import resource_tracker
    shm = shared_memory.SharedMemory(name=fields["name"], create=False)
    # SharedMemory registered the name on open; take it back so the tracker never unlinks it.
    resource_tracker.unregister(shm._name, "shared_memory")
    return shm


def anonymous_rss():
    """This process's anonymous resident memory in bytes (Linux), to show that nothing was copied."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return -1


def main(argv):
    if len(argv) != 2:
        print("usage: pagekv_export.py DESCRIPTOR|@FILE", file=sys.stderr)
        return 2
    descriptor = argv[1]
    if descriptor.startswith("@"):
        with open(descriptor[1:]) as f:
            descriptor = f.read()
    try:
        before = anonymous_rss()
        with attach(descriptor, verify=False) as export:
            digest = hashlib.sha256(export.view).hexdigest()
            grown = anonymous_rss() - before
            print(json.dumps({"name": export.name, "route": export.route, "length": export.length,
                              "sha256": digest, "anonRssGrowth": grown}))
    except ExportRefused as ex:
        print("refused: %s" % ex, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
