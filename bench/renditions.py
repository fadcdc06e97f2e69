"""Benchmark: rendition generation against the floor of raw Pillow, in the same run.

    .venv/bin/python bench/renditions.py [--jpegs 6] [--pngs 3] [--rounds 2] [--output FILE]

Makes large photo-like JPEGs (24 MP) and PNGs (12 MP) with Pillow under
bench/data/ (not committed), then times two ways of turning each into the
same files, each in its own process so that peak memory is its own:

- ours: the site's real path, ``library.add_image`` (checks, metadata,
  cleaned 2560 px original written to storage, a database row) and then
  ``renditions.sync`` (7 sizes x WebP and the original format, files in
  storage, rows), with FileSystemStorage and SQLite in a temporary folder;
- floor: raw Pillow producing the same outputs into memory: open, ``draft``
  for JPEG, ``reduce`` via ``resize(reducing_gap=3)``, save; nothing else.

The rounds alternate floor and ours, so a busy machine slows both alike.
Reports images per second, median and p95 seconds per image, peak resident
memory, and ours/floor. Target: within 1.3x of the floor.
"""

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
DATA = BENCH / "data"
JPEG_SIZE = (6000, 4000)  # 24 MP, a full-frame camera
PNG_SIZE = (4000, 3000)  # 12 MP, a large screenshot or graphic
BOX = 2560
WIDTHS = (300, 768, 1024, 1536, 2048)
CROPS = (150, 300)
TARGET = 1.3


def input_paths(jpegs, pngs):
    return [
        DATA / f"input-{index}-{size[0]}x{size[1]}.{extension}"
        for index in range(jpegs + pngs)
        for size, extension in [(JPEG_SIZE, "jpg") if index < jpegs else (PNG_SIZE, "png")]
    ]


def make_inputs(jpegs, pngs):
    """Photo-like test files (a scene with fine grain, so they compress like photos)."""
    from PIL import Image, ImageDraw

    DATA.mkdir(exist_ok=True)
    for index, path in enumerate(input_paths(jpegs, pngs)):
        if path.exists():
            continue
        is_jpeg = path.suffix == ".jpg"
        size = JPEG_SIZE if is_jpeg else PNG_SIZE
        scene = Image.new("RGB", size, (40 + 20 * index, 70, 120))
        draw = ImageDraw.Draw(scene)
        for step in range(0, size[1], 8):
            shade = 60 + 150 * step // size[1]
            draw.rectangle(
                [0, step, size[0], step + 8], fill=(shade, 90 + index * 10, 200 - shade // 2)
            )
        for n in range(400):
            x, y = (n * 7919 + index * 104729) % size[0], (n * 6151) % size[1]
            radius = 20 + n % 90
            draw.ellipse([x, y, x + radius, y + radius * 2], fill=(n % 256, (n * 3) % 256, 60))
        grain = Image.effect_noise(size, 40).convert("RGB")
        photo = Image.blend(scene, grain, 0.12)
        if is_jpeg:
            photo.save(path, "JPEG", quality=92)
        else:
            photo.save(path, "PNG", compress_level=6)


def floor(path):
    """The same outputs with raw Pillow, into memory."""
    from PIL import Image

    format = "JPEG" if path.suffix == ".jpg" else "PNG"
    options = {"JPEG": {"quality": 82}, "PNG": {"compress_level": 6}}[format]
    with Image.open(path) as image:
        scale = min(1.0, BOX / max(image.size))
        size = (round(image.width * scale), round(image.height * scale))
        if format == "JPEG":
            image.draft("RGB", size)
        image = image.convert("RGB") if image.mode not in ("RGB", "RGBA") else image
        original = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    original.save(io.BytesIO(), format, **({"quality": 90} if format == "JPEG" else options))
    for width in WIDTHS:
        if width < original.width:
            height = round(original.height * width / original.width)
            resized = original.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            resized.save(io.BytesIO(), format, **options)
            resized.save(io.BytesIO(), "WEBP", quality=86, method=4)
    for side in CROPS:
        left = (original.width - original.height) // 2
        box = (left, 0, left + original.height, original.height)
        crop = original.resize((side, side), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
        crop.save(io.BytesIO(), format, **options)
        crop.save(io.BytesIO(), "WEBP", quality=86, method=4)


def ours_setup(workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="freeiran.settings",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_gallery import library, renditions

    def ours(path):
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        image = library.add_image(upload)
        renditions.sync(image)

    return ours


def child(mode, paths):
    """Time ``mode`` on every file; print JSON with per-image seconds and peak memory."""
    with tempfile.TemporaryDirectory() as workdir:
        run = floor if mode == "floor" else ours_setup(Path(workdir))
        seconds = []
        for path in paths:
            started = time.perf_counter()
            run(path)
            seconds.append(time.perf_counter() - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def measure(mode, paths):
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results, paths, rounds):
    from PIL import __version__ as pillow

    lines = [
        "Rendition generation: ours (the site's upload path) against raw Pillow (the floor)",
        f"{time.strftime('%Y-%m-%d')} · Python {platform.python_version()} · Pillow {pillow} · "
        f"{os.cpu_count()} CPUs (shared) · {rounds} rounds, alternating",
        f"Inputs: {sum(p.suffix == '.jpg' for p in paths)} JPEG {JPEG_SIZE[0]}x{JPEG_SIZE[1]} (24 MP), "
        f"{sum(p.suffix == '.png' for p in paths)} PNG {PNG_SIZE[0]}x{PNG_SIZE[1]} (12 MP)",
        "Outputs per image: original fitted to 2560 px + 150/300 crops and 300/768/1024/1536/2048 "
        "wide, each in WebP and the original format",
        "",
        f"{'':18}{'images/s':>10}{'median s':>10}{'p95 s':>10}{'peak MB':>10}",
    ]
    medians = {}
    for mode in ("floor", "ours"):
        for kind, suffix in (("JPEG", ".jpg"), ("PNG", ".png"), ("all", "")):
            seconds = [
                s
                for run in results[mode]
                for s, path in zip(run["seconds"], paths, strict=True)
                if path.suffix.endswith(suffix)
            ]
            medians[mode, kind] = statistics.median(seconds)
            rate = len(seconds) / sum(seconds)
            peak = max(run["peak_mb"] for run in results[mode])
            lines.append(
                f"{mode + ' ' + kind:18}{rate:>10.2f}{medians[mode, kind]:>10.3f}"
                f"{p95(seconds):>10.3f}{peak:>10.0f}"
            )
    lines.append("")
    for kind in ("JPEG", "PNG", "all"):
        ratio = medians["ours", kind] / medians["floor", kind]
        verdict = "within" if ratio <= TARGET else "OVER"
        lines.append(
            f"ours/floor {kind:5} (median): {ratio:.2f}x  ({verdict} the {TARGET}x target)"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jpegs", type=int, default=6)
    parser.add_argument("--pngs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "inputs":
            make_inputs(args.jpegs, args.pngs)
        else:
            child(args.child[0], [Path(p) for p in args.child[1:]])
        return
    # Linux keeps a parent's peak memory in its children's getrusage(), so the
    # big inputs are drawn in a child too, keeping this process small.
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "inputs",
            f"--jpegs={args.jpegs}",
            f"--pngs={args.pngs}",
        ],
        check=True,
    )
    paths = input_paths(args.jpegs, args.pngs)
    results = {"floor": [], "ours": []}
    for _round in range(args.rounds):
        for mode in ("floor", "ours"):
            results[mode].append(measure(mode, paths))
    text = report(results, paths, args.rounds)
    print(text, end="")
    if args.output:
        args.output.write_text(text)


if __name__ == "__main__":
    main()
