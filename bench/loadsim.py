"""The load of ``bench_web.py``: simulated trainees over HTTP, textual-serve tabs over a
websocket, and what the processes under test use (resident memory, CPU), from /proc."""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]+" value="([^"]+)"')
CASE = re.compile(r'href="(/case/[^"]+)"')
STYLES = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
PIN = "2468"


# -- processes ---------------------------------------------------------------------------


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree = children_of()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(tree.get(p, []))
    return found


def rss_mib(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes and of their children that have exited."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in stat[11:15])
        except OSError:
            pass
    return total / ticks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_frontlijn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "frontlijn_game", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Sampler:
    """Samples the resident memory of a process tree every half second, in a task."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self.samples: list[float] = []

    async def run(self) -> None:
        while True:
            now = rss_mib(tree_pids(self.pid))
            self.samples.append(now)
            self.peak = max(self.peak, now)
            await asyncio.sleep(0.5)


# -- trainees over HTTP -----------------------------------------------------------------


@dataclass
class Tally:
    choice_s: list[float] = field(default_factory=list)
    """Round trips of choices answered with the next scene."""
    debrief_s: list[float] = field(default_factory=list)
    """Round trips of the last choice, answered with the debrief."""
    signin_s: list[float] = field(default_factory=list)
    active: int = 0
    peak_active: int = 0
    held: int = 0
    decisions: int = 0
    errors: list[str] = field(default_factory=list)


def fields(html: str, action: str) -> dict[str, str]:
    start = html.index(f'action="{action}"')
    return dict(FIELD.findall(html[start : html.index("</form>", start)]))


async def trainee(
    base: str, code: str, think: float, rng: random.Random, tally: Tally, address: str
) -> None:
    """A browser: sign in with code and PIN, open the first case on the home page, start
    it and play it to the debrief, reading each scene for a random think time (0.5-1.5 x
    ``think`` s). Cookies are kept per trainee, every form's hidden fields (CSRF and
    scene tokens) are sent back, redirects are followed, the stylesheet is fetched once.
    Each trainee comes from its own address, as through a reverse proxy."""
    headers = {"X-Forwarded-For": address, "User-Agent": "bench-web"}
    # A kept-alive connection is dropped by the client after 3 s idle, before uvicorn's
    # 5 s: else a post may race the server closing it (a browser would retry; httpx not).
    limits = httpx.Limits(keepalive_expiry=3.0)
    async with httpx.AsyncClient(
        base_url=base, timeout=120, follow_redirects=True, headers=headers, limits=limits
    ) as client:
        page = await client.get("/signin")
        for sheet in STYLES.findall(page.text)[:1]:
            await client.get(sheet)
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))  # typing the code and the PIN
        began = time.perf_counter()
        home = await client.post(
            "/signin", data={**fields(page.text, "/signin"), "code": code, "pin": PIN}
        )
        tally.signin_s.append(time.perf_counter() - began)
        if "/home" not in home.url.path:
            raise AssertionError(f"sign-in ended at {home.url.path} ({home.status_code})")
        tally.active += 1
        tally.peak_active = max(tally.peak_active, tally.active)
        try:
            case = CASE.findall(home.text)[0]
            intro = await client.get(case)
            scene = await client.post(case, data={**fields(intro.text, case), "action": "start"})
            while "/play/" in scene.url.path:
                play = scene.url.path
                choice = rng.choice(CHOICE.findall(scene.text))
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                began = time.perf_counter()
                scene = await client.post(play, data={**fields(scene.text, play), "choice": choice})
                spent = time.perf_counter() - began
                if scene.status_code != 200:
                    raise AssertionError(f"a choice answered {scene.status_code}")
                (tally.choice_s if "/play/" in scene.url.path else tally.debrief_s).append(spent)
                tally.decisions += 1
            if "/debrief/" not in scene.url.path:
                raise AssertionError(f"the case ended at {scene.url.path}")
            tally.held += 1
        finally:
            tally.active -= 1


async def trainees(base: str, codes: list[str], think: float, ramp: float, tally: Tally) -> None:
    rng = random.Random(17)
    tasks = []
    for n, code in enumerate(codes):
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        tasks.append(
            asyncio.create_task(
                trainee(base, code, think, random.Random(rng.random()), tally, address)
            )
        )
        await asyncio.sleep(ramp / max(1, len(codes)))  # arrivals spread over the ramp
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(result, BaseException):
            tally.errors.append(repr(result)[:160])


# -- textual-serve tabs -----------------------------------------------------------------


async def serve_tab(port: int, hold: asyncio.Event, shown: list[float]) -> None:
    """One browser tab of ``frontlijn serve``: the websocket the page opens, kept open
    (textual-serve runs one app process per tab) until ``hold`` is set."""
    import aiohttp

    began = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with session.ws_connect(url, heartbeat=20) as websocket:
            received = 0
            while received <= 2000:  # a screenful, not just the terminal set-up
                message = await asyncio.wait_for(websocket.receive(), 120)
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += len(message.data)
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    raise RuntimeError("the app process closed the websocket")
            shown.append(time.perf_counter() - began)

            async def drain() -> None:
                async for _message in websocket:
                    pass

            reader = asyncio.create_task(drain())
            await hold.wait()
            reader.cancel()
