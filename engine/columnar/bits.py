"""Sets of codes as bitsets: one uint64 word per 64 codes, stored words first ((words, rows)),
so each word is a contiguous column and a test touches only the words its codes fall in."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

Bits = NDArray[np.uint64]  # (words, rows)
Flags = NDArray[np.bool_]
ONE = np.uint64(1)


def words_for(k: int) -> int:
    """Words needed for `k` codes (at least one, so every bitset has a word to read)."""
    return max(1, -(-k // 64))


def mask(positions: Iterable[int], words: int) -> Bits:
    """The bitset (words,) of these bit positions."""
    out = np.zeros(words, np.uint64)
    for p in positions:
        out[p // 64] |= ONE << np.uint64(p % 64)
    return out


def from_runs(positions: NDArray[np.int64], counts: NDArray[np.int64], words: int) -> Bits:
    """Bitsets of owners whose bit positions come in runs, one run per owner in order, `counts`
    long (a run may be empty); no position repeats within a run, so a sum of bits is their OR."""
    rows = len(counts)
    out = np.zeros((words, rows), np.uint64)
    if not len(positions):
        return out
    starts = np.zeros(rows, np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    held = counts > 0
    for w in range(words):
        # bits outside this word add 0; a trailing 0 lets empty runs at the end index safely
        word = (ONE << (positions % 64).astype(np.uint64)) * (positions // 64 == w)
        out[w] = np.add.reduceat(np.append(word, np.uint64(0)), starts) * held
    return out


def any_of(bits: Bits, m: Bits) -> Flags:
    """Per row: holds any code of the mask."""
    out: Flags | None = None
    for w in np.flatnonzero(m):
        hit = (bits[w] & m[w]) != 0
        out = hit if out is None else out | hit
    return np.zeros(bits.shape[1], bool) if out is None else out


def all_of(bits: Bits, m: Bits) -> Flags:
    """Per row: holds every code of the mask."""
    out = np.ones(bits.shape[1], bool)
    for w in np.flatnonzero(m):
        out &= (bits[w] & m[w]) == m[w]
    return out


def count(bits: Bits) -> NDArray[np.int64]:
    """Per row: how many codes it holds."""
    return np.bitwise_count(bits).sum(axis=0, dtype=np.int64)


def keep_lowest(x: Bits, m: Bits) -> None:
    """Within the mask, keep only each row's lowest set bit (in place)."""
    found: Flags | None = None
    for w in np.flatnonzero(m):
        y = x[w] & m[w]
        low = y & (~y + ONE)  # the lowest set bit (0 when none)
        if found is not None:
            low *= ~found
        x[w] = (x[w] & ~m[w]) | low
        found = low != 0 if found is None else found | (low != 0)


def pop_lowest(x: Bits) -> NDArray[np.int64]:
    """Each row's lowest set bit position (-1 when none), cleared from x (in place)."""
    pos = np.full(x.shape[1], -1, np.int64)
    for w in range(x.shape[0]):
        y = x[w]
        low = y & (~y + ONE)
        if w:
            low *= pos < 0
        got = low != 0
        pos += got * (w * 64 + 1 + np.bitwise_count(low - ONE).astype(np.int64))
        x[w] ^= low
    return pos
