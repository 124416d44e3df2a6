from __future__ import annotations

from django.core.cache import cache

from chatr.core.refcache import ProcessCopy


def test_a_process_copy_is_loaded_once_per_generation_and_reloaded_after_forget() -> None:
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    copy = ProcessCopy("test:counting", load)
    assert copy.get() == 1
    assert copy.get() == 1  # same generation: the process's copy
    copy.forget()
    assert copy.get() == 2
    cache.clear()  # a cleared cache (or an expired mark) is a new generation for every process
    assert copy.get() == 3
    assert len(loads) == 3


def test_another_process_forgetting_renews_this_process_copy() -> None:
    values = iter(["first", "second"])
    here = ProcessCopy("test:shared", lambda: next(values))
    elsewhere = ProcessCopy("test:shared", lambda: "unused")  # same key, another process
    assert here.get() == "first"
    elsewhere.forget()
    assert here.get() == "second"
