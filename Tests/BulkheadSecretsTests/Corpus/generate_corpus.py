#!/usr/bin/env python3
"""Writes files/, labels.tsv, spans.tsv and lookalikes.tsv of the labelled secrets corpus.

Kept for reference: re-running it rewrites every file with FRESH random values (and
regenerates the labels consistently). The committed files/ + *.tsv are the ground truth.
See README.md for the labelling policy.
"""
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genlib as g  # noqa: E402
from parts_a import files_a  # noqa: E402
from parts_b import files_b  # noqa: E402
from parts_c import files_c  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
MARK = re.compile(r"«(\[|\]|[sl]:[a-z0-9-]+)»")


def main():
    entries = files_a() + files_b() + files_c()
    paths = [p for p, _ in entries]
    dup = {p for p in paths if paths.count(p) > 1}
    assert not dup, dup
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    labels, spans, looks = [], [], []
    for path, text in entries:
        assert "@@" not in text, (path, text[text.index("@@") - 40: text.index("@@") + 40])
        if not text.endswith("\n"):
            text += "\n"
        lines = text.split("\n")[:-1]
        out = []
        open_at, in_span = None, []
        for i, line in enumerate(lines, 1):
            ms = MARK.findall(line)
            clean = MARK.sub("", line)
            assert "«" not in clean and "»" not in clean, (path, i, line[:80])
            kinds = [m[2:] for m in ms if m.startswith("s:")]
            cats = [m[2:] for m in ms if m.startswith("l:")]
            assert len(kinds) <= 1, (path, i, kinds)
            assert not (kinds and cats), (path, i, "secret and look-alike on one line")
            for m in ms:
                if m == "[":
                    assert open_at is None, (path, i, "nested span")
                    open_at, in_span = i, []
            if kinds:
                labels.append((path, i, kinds[0]))
                if open_at is not None:
                    in_span.append(i)
            if cats:
                looks.append((path, i, cats[0]))
            if "]" in ms:
                assert open_at is not None, (path, i, "span closed but not open")
                for li in in_span:
                    spans.append((path, li, open_at, i))
                open_at = None
            out.append(clean)
        assert open_at is None, (path, "unclosed span")
        dest = os.path.join(OUT, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", newline="\n") as f:
            f.write("\n".join(out) + "\n")
    with open(os.path.join(HERE, "labels.tsv"), "w") as f:
        f.write("file\tline\tkind\n")
        for p, l, k in sorted(labels):
            f.write(f"{p}\t{l}\t{k}\n")
    with open(os.path.join(HERE, "spans.tsv"), "w") as f:
        f.write("file\tline\tstart\tend\n")
        for p, l, s, e in sorted(spans):
            f.write(f"{p}\t{l}\t{s}\t{e}\n")
    with open(os.path.join(HERE, "lookalikes.tsv"), "w") as f:
        f.write("file\tline\tcategory\n")
        for p, l, c in sorted(looks):
            f.write(f"{p}\t{l}\t{c}\n")
    print(f"{len(entries)} files, {len(labels)} secret lines, {len(spans)} spans, {len(looks)} look-alike lines")


if __name__ == "__main__":
    main()
