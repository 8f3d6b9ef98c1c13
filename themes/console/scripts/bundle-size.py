#!/usr/bin/env python3
"""What a console bundle weighs: the .js and .css files of each argument (a jar, or a folder
such as themes/target/classes/theme/palisade/admin/resources), raw and gzip-compressed at
level 6, in KiB. Used for docs/benchmarks.md, "Bundle size"."""
import gzip
import os
import sys
import zipfile


def assets(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as jar:
            for name in jar.namelist():
                if name.endswith((".js", ".css")):
                    yield jar.read(name)
        return
    for folder, _, files in os.walk(path):
        for name in files:
            if name.endswith((".js", ".css")):
                with open(os.path.join(folder, name), "rb") as f:
                    yield f.read()


for path in sys.argv[1:]:
    contents = list(assets(path))
    raw = sum(len(c) for c in contents)
    packed = sum(len(gzip.compress(c, 6)) for c in contents)
    print(f"{path}: {len(contents)} files, {raw // 1024} KiB raw, {packed // 1024} KiB gzip")
