"""Seal benchmark: sealing a 200 KB hearing vs plain AES-256-GCM over the same bytes.

Run: ``python benchmarks/bench_seal.py``. Prints medians and the ratio, measured in the same
run on the same machine; no timed assertions (the issue's aim is "< 2x raw AES-GCM plus one
key wrap", judged by reading the output).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from hearing.vault.envelope import Context, Kind, canonical_json, new_data_key  # noqa: E402
from hearing.vault.public import (  # noqa: E402
    OfficePublicKey,
    seal_bytes,
    seal_submission,
    wrap_data_key,
)

SIZE = 200 * 1024
ROUNDS = 200


def _answers(size: int) -> dict[str, str]:
    # Realistic-ish: many answers of free text, non-ASCII included, totalling about `size` bytes.
    chunk = "Ik ben vertrokken omdat mijn familie werd bedreigd — ‏عائلتي كانت مهددة‎. " * 4
    answers: dict[str, str] = {}
    total = 0
    i = 0
    while total < size:
        answers[f"q{i}"] = chunk
        total += len(chunk.encode()) + 8
        i += 1
    return answers


def _median_us(func: Callable[[], object], rounds: int = ROUNDS) -> float:
    for _ in range(5):
        func()  # warm up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    office = OfficePublicKey.from_key(X25519PrivateKey.generate().public_key())
    answers = _answers(SIZE)
    plaintext = canonical_json(answers)
    key = AESGCM.generate_key(bit_length=256)
    aes = AESGCM(key)
    context = Context(1, Kind.SUBMISSION, "2024.1")

    def raw() -> bytes:
        return aes.encrypt(os.urandom(12), plaintext, b"")

    def seal() -> bytes:
        return seal_bytes(office, context, plaintext)

    def seal_full() -> object:
        return seal_submission(office, case_id=1, questionnaire_version="2024.1",
                               locale="en", answers=answers)

    data_key = new_data_key()

    def wrap() -> bytes:
        return wrap_data_key(office, context, data_key)

    raw_us = _median_us(raw)
    seal_us = _median_us(seal)
    wrap_us = _median_us(wrap)
    full_us = _median_us(seal_full, rounds=50)
    print(f"payload: {len(plaintext)} bytes of canonical JSON")
    print(f"plain AES-256-GCM               median {raw_us:9.1f} µs")
    print(f"seal (envelope, same bytes)     median {seal_us:9.1f} µs   "
          f"ratio {seal_us / raw_us:5.2f}x")
    print(f"one key wrap (X25519+HKDF+GCM)  median {wrap_us:9.1f} µs")
    budget = 2 * raw_us + wrap_us
    print(f"aim: seal < 2x AES-GCM + one wrap = {budget:.1f} µs: "
          f"{'met' if seal_us < budget else 'not met'} "
          f"(seal - wrap = {(seal_us - wrap_us) / raw_us:.2f}x AES-GCM)")
    print(f"seal_submission from a dict     median {full_us:9.1f} µs   "
          "(adds canonical JSON encoding and the SHA-256 fingerprint)")


if __name__ == "__main__":
    main()
