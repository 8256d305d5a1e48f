"""Print the README's layout block: every module of mnist_gui with its line count and docstring."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "mnist_gui"


def first_line(path: pathlib.Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    line = doc.strip().splitlines()[0] if doc.strip() else ""
    return line if len(line) <= 100 else line[:97] + "..."


def main() -> None:
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        print(f"{rel:<30}{lines:>5}  {first_line(path)}")


if __name__ == "__main__":
    main()
