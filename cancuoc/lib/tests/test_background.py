"""start_job: inline at once; a thread or a process only once the transaction has committed."""

from __future__ import annotations

import threading

import pytest
from django.db import transaction

from cancuoc.lib import background


@pytest.mark.django_db
def test_inline_runs_at_once(tmp_path):
    ran = []
    background.start_job(lambda: ran.append(1), mode="inline", command="x", job_id=1,
                         log=tmp_path / "x.log")  # fmt: skip
    assert ran == [1]


@pytest.mark.django_db(transaction=True)
def test_a_thread_starts_after_the_commit_and_runs_the_job(tmp_path):
    done = threading.Event()
    with transaction.atomic():
        background.start_job(done.set, mode="thread", command="x", job_id=1,
                             log=tmp_path / "x.log")  # fmt: skip
        assert not done.wait(0.2)  # not before the commit
    assert done.wait(5)


@pytest.mark.django_db(transaction=True)
def test_a_process_is_started_after_the_commit_with_its_log(tmp_path):
    log = tmp_path / "job-7.log"
    with transaction.atomic():
        background.start_job(lambda: None, mode="subprocess", command="help", job_id=7, log=log)
        assert not log.exists()
    # `cancuoc help 7`: a real detached process of the real command line, writing its log
    for _ in range(100):
        if log.exists() and log.stat().st_size:
            break
        threading.Event().wait(0.1)
    assert log.read_text()
