"""`dkbm animate` and `dkbm handout`: real files, checked by reading them back; bad input."""

import os
import re
import stat

import numpy as np
import pytest
from PIL import Image

from simulation.cli import main

MONTHS = 14


def _run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def pdf_pages(path) -> int:
    """Page objects in a PDF (matplotlib writes object dictionaries uncompressed)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)] or [
        int(c) for c in re.findall(rb"/Count\s+(\d+)", data)
    ]
    assert counts and max(counts) == pages
    return pages


def test_animate_gif_has_a_frame_per_month_and_the_curves_grow(tmp_path, capsys):
    out = tmp_path / "run.gif"
    code, stdout, err = _run(
        capsys, ["animate", "funding-cliff", "--out", str(out), "--months", str(MONTHS)]
    )
    assert code == 0, err
    assert str(out) in stdout
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames >= MONTHS + 1
        gif.seek(1)
        early = np.asarray(gif.convert("RGB"), dtype=int)
        gif.seek(gif.n_frames - 1)
        late = np.asarray(gif.convert("RGB"), dtype=int)
    assert early.shape == late.shape and early.shape[1] >= 1000
    assert np.abs(early - late).sum() > 0  # something moves
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]  # no temporary left


def test_animate_mp4_can_be_read_back_frame_by_frame(tmp_path, capsys):
    import imageio_ffmpeg

    out = tmp_path / "run.mp4"
    argv = ["animate", "baseline", "--out", str(out), "--months", "8", "--fps", "8", "--lang", "en"]
    code, _, err = _run(capsys, argv)
    assert code == 0, err
    assert out.stat().st_size > 10_000
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    frames = sum(1 for _ in reader)
    assert frames >= 9
    assert meta["fps"] == pytest.approx(8)
    assert meta["size"][0] % 16 == 0 and meta["size"][1] % 16 == 0


def test_animate_is_reproducible_for_a_seed(tmp_path, capsys):
    a, b, c = (tmp_path / f"{k}.gif" for k in "abc")
    for path, seed in ((a, "3"), (b, "3"), (c, "4")):
        assert (
            main(["animate", "baseline", "--out", str(path), "--months", "6", "--seed", seed]) == 0
        )
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_handout_is_an_a4_pdf_of_at_least_two_pages(tmp_path, capsys, lang):
    out = tmp_path / "handout.pdf"
    code, _, err = _run(capsys, ["handout", "structures-first", "--out", str(out), "--lang", lang])
    assert code == 0, err
    assert pdf_pages(out) >= 2
    data = out.read_bytes()
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box and abs(float(box.group(1)) - 595.3) < 1 and abs(float(box.group(2)) - 841.9) < 1
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


BAD = [
    (["animate", "no-such-scenario", "--out", "{tmp}/x.gif"], ["no-such-scenario", "built-in"]),
    (["animate", "baseline", "--out", "{tmp}/x.docx"], ["--out", ".docx", ".gif, .mp4"]),
    (["animate", "baseline", "--out", "{tmp}/x.gif", "--fps", "0"], ["--fps", "[1, 30]", "0"]),
    (["animate", "baseline", "--out", "{tmp}/missing/x.gif"], ["--out", "not an existing folder"]),
    (["animate", "baseline", "--out", "{tmp}/ro/x.mp4"], ["--out", "permission denied"]),
    (["animate", "baseline", "--out", "{tmp}/x.gif", "--months", "0"], ["--months"]),
    (["handout", "no-such-scenario", "--out", "{tmp}/x.pdf"], ["no-such-scenario"]),
    (["handout", "baseline", "--out", "{tmp}/x.docx"], ["--out", ".docx", ".pdf"]),
    (["handout", "baseline", "--out", "{tmp}/ro/x.pdf"], ["--out", "permission denied"]),
]


@pytest.mark.parametrize(("argv", "fragments"), BAD, ids=[" ".join(a[:2]) + a[-1] for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, fragments):
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() == 0 and "{tmp}/ro/" in " ".join(argv):
        # root may write anywhere: make the folder a file's child instead, which nobody can
        readonly.chmod(0o755)
        readonly.rmdir()
        readonly.write_text("a file, not a folder")
        fragments = ["--out", "not an existing folder"]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, stdout, err = _run(capsys, argv)
    assert stdout == ""
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
