"""models/jit.py: compiled code caches where it can and still works where it cannot."""

import models.jit as jit


def _no_locator(**options):
    if options.get("cache"):
        raise RuntimeError("cannot cache function 'f': no locator available for file")
    return lambda fn: ("compiled", fn, options)


def test_kjit_falls_back_to_uncached_compilation(monkeypatch):
    monkeypatch.setattr(jit, "njit", _no_locator)
    kind, fn, options = jit.kjit(parallel=True)(abs)
    assert (kind, fn) == ("compiled", abs)
    assert options == {"error_model": "numpy", "parallel": True}


def test_kvectorize_falls_back_to_uncached_compilation(monkeypatch):
    monkeypatch.setattr(jit, "vectorize", lambda sigs, **options: _no_locator(**options))
    kind, fn, options = jit.kvectorize(["f8(f8)"])(abs)
    assert (kind, fn, options) == ("compiled", abs, {})


def test_cached_path_is_used_when_a_locator_exists():
    f = jit.kjit()(lambda x: x + 1.0)
    assert f(1.0) == 2.0


def test_warm_up_compiles_both_paths_of_the_kernel():
    from models import kernel, warmup

    assert warmup.warm_up() >= 0.0
    assert kernel._entry is not None  # the compiled entry point is resolved
    assert len(kernel._advance.signatures) >= 1
