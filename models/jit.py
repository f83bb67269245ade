"""Numba decorators that cache compiled code where they can and never fail at import.

``cache=True`` raises ``RuntimeError: cannot cache function ...: no locator available``
at decoration time when neither ``NUMBA_CACHE_DIR``, the package's ``__pycache__`` nor
``~/.cache/numba`` is writable (see ``numba/core/caching.py``). A read-only install must
still run, only slower to start, so the decorators fall back to compiling in memory.
"""

from __future__ import annotations

from numba import njit, vectorize


def kjit(**options):
    """``numba.njit(cache=True, error_model="numpy", **options)`` with an uncached fallback."""

    def decorate(fn):
        try:
            return njit(cache=True, error_model="numpy", **options)(fn)
        except RuntimeError:
            return njit(error_model="numpy", **options)(fn)

    return decorate


def kvectorize(signatures):
    """``numba.vectorize(signatures, cache=True)`` (a NumPy ufunc) with an uncached fallback."""

    def decorate(fn):
        try:
            return vectorize(signatures, cache=True)(fn)
        except RuntimeError:
            return vectorize(signatures)(fn)

    return decorate
