"""Copy the bundled cases into the package so a non-editable install finds them."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithContent(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for name in ("scenarios", "curricula"):
            source = root / name
            if source.is_dir():
                target = Path(self.build_lib) / "frontlijn_game" / "data" / name
                shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithContent})
