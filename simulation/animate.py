"""``dkbm animate``: one run of a scenario as an animated GIF or MP4, for a workshop.

Each frame is one month: the live chart of the web app (plan strip, cooperation,
Müssen/Wollen/Können, trust, institutionalisation; the curves grow), the network of
departments, and a caption with the month's most important events from the readable
event log. The run is the web app's live run: replication 1 of the scenario's ensemble
(same seed), so the animation shows exactly what the Training view shows.

GIF frames are written with Pillow; MP4 (H.264) with imageio-ffmpeg, which brings its
own ffmpeg binary. Files are written to a temporary name next to the target and renamed
at the end, so a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

import models

from .errors import LocatedInputError
from .i18n import t
from .scenarios import Scenario

FORMATS = (".gif", ".mp4")
DEFAULT_FPS, MAX_FPS = 4, 30
CAPTION_LINES = 2  # event lines under the figures
CAPTION_HOLD = 6  # frames a caption stays when the next months bring nothing new
BAR_COLOUR = (31, 78, 121)  # the web app's header blue
GIF_COLOURS = 128
LAST_FRAME_HOLD = 3.0  # seconds the last frame of a GIF stays


# --- checks before any work -------------------------------------------------------------
def check_output(target: str | Path, formats: tuple[str, ...], flag: str = "--out") -> Path:
    """``target`` as a Path if it has one of ``formats`` and its folder is writable.

    Raises
    ------
    LocatedInputError
        One line naming ``flag``, the path and the allowed extensions.
    """
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise LocatedInputError(
            flag,
            f"'{path}': unsupported file type '{suffix or '(none)'}'; "
            f"allowed: {', '.join(formats)}",
            key=flag,
        )
    if path.is_dir():
        raise LocatedInputError(flag, f"'{path}' is a directory; give a file name", key=flag)
    folder = path.absolute().parent
    if not folder.is_dir():
        raise LocatedInputError(
            flag, f"cannot write '{path}': '{folder}' is not an existing folder", key=flag
        )
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise LocatedInputError(flag, f"cannot write '{path}' (permission denied)", key=flag)
    return path


@contextlib.contextmanager
def atomic_file(path: Path, flag: str = "--out") -> Iterator[Path]:
    """A temporary path next to ``path`` (same extension), renamed to ``path`` at the end;
    removed if anything fails."""
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise LocatedInputError(
            flag, f"cannot write '{path}' ({exc.strerror or exc})", key=flag
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# --- frames --------------------------------------------------------------------------------
def live_seed(scenario: Scenario, seed: int | None = None) -> int:
    """The seed of the live run: replication 1 of the ensemble (as in the web app)."""
    return int(scenario.replication_seeds(1, seed)[0])


def font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (shipped with matplotlib) at ``size`` pixels."""
    from matplotlib import font_manager

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)


class FrameMaker:
    """Frames of one live run: chart and network side by side, a title bar and captions."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None,
        lang: str,
        before_month: Callable[[models.CollaborationModel], None] | None = None,
    ):
        from .web.events import EventWatcher
        from .web.network import NetworkChart
        from .web.plots import LiveChart

        self.scenario, self.lang, self.before_month = scenario, lang, before_month
        self.model = models.CollaborationModel(
            rng=live_seed(scenario, seed), **scenario.model_kwargs()
        )
        self.names = [d.name(lang) for d in self.model.departments]
        self.watcher = EventWatcher(self.model)
        self.chart = LiveChart(
            scenario.months,
            tuple(self.model.interventions),
            tuple(self.model.shocks),
            int(self.model.params["funding_months"]),
            lang,
            large=False,
        )
        self.network = NetworkChart(self.model, lang, "readiness", large=False)
        self.caption: list[str] = []
        self.caption_age = 0
        self.title_font, self.caption_font = font(24), font(21)

    def series(self) -> dict[str, np.ndarray]:
        from .web.live import live_series

        return live_series(self.model)

    def frames(self) -> Iterator[np.ndarray]:
        """Month 0, then one frame per simulated month (RGB, uint8)."""
        yield self.frame([])
        while self.model.month < self.scenario.months:
            if self.before_month is not None:
                self.before_month(self.model)
            self.model.step()
            yield self.frame(self.watcher.after_step(self.model))

    def frame(self, events) -> np.ndarray:
        from .web.events import digest, phrase_line

        lines = [
            line
            for line in digest(events, per_month=CAPTION_LINES)
            if line.key not in ("ev_started", "ev_turnover")  # too frequent for a caption
        ]
        month = self.model.month
        if lines:
            when = t("at_month", self.lang, month=month)
            self.caption = [
                f"{when}: {phrase_line(line, self.names, self.lang)}"
                for line in lines[:CAPTION_LINES]
            ]
            self.caption_age = 0
        else:
            self.caption_age += 1
            if self.caption_age > CAPTION_HOLD:
                self.caption = []
        chart = self.chart.frame(self.series(), month)[..., :3]
        net = self.network.frame(self.model)
        return compose(
            chart,
            net,
            f"{self.scenario.title(self.lang)} · "
            + t("month_of_total", self.lang, month=month, months=self.scenario.months),
            self.caption,
            self.title_font,
            self.caption_font,
        )


def compose(chart, net, title: str, caption: list[str], title_font, caption_font) -> np.ndarray:
    """Chart left, network right (centred), a title bar on top and captions below; both
    sides are a multiple of 16 pixels (what H.264 encoders want)."""
    bar, cap = 44, 40 * CAPTION_LINES + 16
    height = max(chart.shape[0], net.shape[0]) + bar + cap
    width = chart.shape[1] + net.shape[1]
    height, width = -(-height // 16) * 16, -(-width // 16) * 16
    out = np.full((height, width, 3), 255, dtype=np.uint8)
    out[:bar] = BAR_COLOUR
    out[bar : bar + chart.shape[0], : chart.shape[1]] = chart
    top = bar + (chart.shape[0] - net.shape[0]) // 2
    out[top : top + net.shape[0], chart.shape[1] : chart.shape[1] + net.shape[1]] = net
    image = Image.fromarray(out)
    draw = ImageDraw.Draw(image)
    draw.text((16, 8), title, fill="white", font=title_font)
    y = bar + max(chart.shape[0], net.shape[0]) + 8
    for line in caption:
        draw.text(
            (16, y), _fit(draw, line, caption_font, width - 32), fill="#222222", font=caption_font
        )
        y += 40
    return np.asarray(image)


def _fit(draw, text: str, font_, width: int) -> str:
    if draw.textlength(text, font=font_) <= width:
        return text
    while text and draw.textlength(text + " …", font=font_) > width:
        text = text[:-1]
    return text.rstrip() + " …"


# --- writers -------------------------------------------------------------------------------
def write_gif(path: Path, frames: Iterator[np.ndarray], fps: int) -> int:
    """Write an animated GIF (Pillow); return the number of frames."""
    images = [
        Image.fromarray(f).quantize(GIF_COLOURS, method=Image.Quantize.FASTOCTREE) for f in frames
    ]
    durations = [round(1000 / fps)] * len(images)
    durations[-1] = max(durations[-1], round(1000 * LAST_FRAME_HOLD))
    images[0].save(
        path,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return len(images)


def write_mp4(path: Path, frames: Iterator[np.ndarray], fps: int) -> int:
    """Write an H.264 MP4 with the ffmpeg that imageio-ffmpeg brings; return the frames."""
    import imageio_ffmpeg

    first = next(frames)
    height, width = first.shape[:2]
    writer = imageio_ffmpeg.write_frames(
        str(path),
        (width, height),
        fps=fps,
        codec="libx264",
        pix_fmt_out="yuv420p",
        quality=7,
        macro_block_size=16,
        ffmpeg_log_level="error",
        output_params=["-f", "mp4"],
    )
    writer.send(None)
    count = 0
    try:
        for f in itertools.chain([first], frames):
            writer.send(np.ascontiguousarray(f))
            count += 1
    finally:
        writer.close()
    return count


def animate(
    scenario: Scenario,
    out: Path,
    *,
    seed: int | None = None,
    lang: str = "de",
    fps: int = DEFAULT_FPS,
    on_frame: Callable[[], None] | None = None,
    before_month: Callable[[models.CollaborationModel], None] | None = None,
) -> int:
    """Write the animation of ``scenario``'s live run to ``out`` (checked with
    :func:`check_output`); return the number of frames (months + 1).

    ``before_month(model)`` is called before each step (the web app applies the
    trainer's live actions there)."""
    maker = FrameMaker(scenario, seed, lang, before_month)

    def counted():
        for f in maker.frames():
            if on_frame is not None:
                on_frame()
            yield f

    writer = write_gif if out.suffix.lower() == ".gif" else write_mp4
    with atomic_file(out) as tmp:
        return writer(tmp, counted(), fps)


def animation_bytes(scenario: Scenario, suffix: str, lang: str = "de", **kwargs) -> bytes:
    """The animation as bytes (``suffix`` ``.gif`` or ``.mp4``), for a download."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"run{suffix}"
        animate(scenario, path, lang=lang, **kwargs)
        return path.read_bytes()
