"""Where post bodies are converted: in this process, or in one worker process.

Converting and sanitising bodies is the import's main CPU cost, and writing
batches its main wait. For a large export a worker process converts the
next batch while this process writes the current one, which keeps both the
database and Python busy. A small export is converted in process: starting
a worker (a fresh interpreter with Django set up) would cost more than it
saves.
"""

import multiprocessing
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

import django

from posts.models import Post

from . import content

# Exports larger than this (bytes) are converted in a worker process.
WORKER_FROM_BYTES = 8 * 1024 * 1024


ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_SCRIPT = re.compile(r"[A-Za-z]")


@dataclass
class ConvertedBody:
    title: str
    body: str
    summary: str
    language: str
    unknown_shortcodes: frozenset
    dynamic_blocks: frozenset
    galleries: int
    videos: int


def convert_bodies(payloads):
    """Title, body, summary and language for each ``(content, excerpt, password, title,
    default language)``; body and summary as ``Post.save()`` derives them."""
    results = []
    for raw, excerpt, password, title, default_language in payloads:
        converted = content.convert(raw)
        post = Post(body=converted.html, excerpt=excerpt, password=password)
        post.prepare_body()
        title = content.plain_title(title)
        results.append(
            ConvertedBody(
                title=title,
                body=post.body,
                summary=post.summary,
                language=guess_language(f"{title} {post.summary[:300]}", default_language),
                unknown_shortcodes=frozenset(converted.unknown_shortcodes),
                dynamic_blocks=frozenset(converted.dynamic_blocks),
                galleries=converted.galleries,
                videos=converted.videos,
            )
        )
    return results


def guess_language(text, default):
    """Persian when Arabic script outweighs Latin letters (the site's only RTL language)."""
    if len(ARABIC_SCRIPT.findall(text)) > len(LATIN_SCRIPT.findall(text)):
        return "fa"
    return default


class InProcessConverter:
    def submit(self, payloads):
        future = Future()
        future.set_result(convert_bodies(payloads))
        return future

    def close(self):
        pass


class WorkerConverter:
    """One worker process, started fresh ("spawn"): it shares no database connection."""

    def __init__(self):
        self.pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=django.setup,
        )

    def submit(self, payloads):
        return self.pool.submit(convert_bodies, payloads)

    def close(self):
        self.pool.shutdown(cancel_futures=True)


def converter_for(size, worker=None):
    """A converter for an export of ``size`` bytes; ``worker`` forces the choice."""
    if worker is None:
        worker = size > WORKER_FROM_BYTES
    return WorkerConverter() if worker else InProcessConverter()
