"""Peak memory of saving and loading a stored dataset: whole-buffer (the runtime before streaming) against streamed
(task_runtime.save_stored / load_stored), through fsspec on a local folder.

  python3 stored_dataset_benchmark.py [--mb 400] [--shape array|blocks|both] [--dir /tmp/stored-bench]

Needs cloudpickle and fsspec. Each measurement runs in a fresh process, because ru_maxrss only ever grows. A save
first builds the data, with no temporary copy, then saves it; a load starts from an empty process. "Peak" is the
process's peak RSS less what the interpreter and its imports held before, so it counts the data itself too: the
best any save or load can do is about 1x the pickled size.

Shapes: "array" is one bytearray (pickle writes it, like a numpy or pandas buffer, in a single write); "blocks" is
a list of 1 MiB bytes objects. The bytes come from a 16-letter alphabet, so bz2 halves them, as it does typical
tabular data.
"""

import argparse
import bz2
import hashlib
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

MIB = 1 << 20
RUNTIME = Path(__file__).resolve().parents[6] / "main/resources/dev/kedrovertexai/core/python/task_runtime.py"
HALF_ENTROPY = bytes.maketrans(bytes(range(256)), bytes(b"abcdefghijklmnop"[i % 16] for i in range(256)))


def peak_kib():
    # Linux and the BSDs report KiB; macOS reports bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def build(shape, mib):
    chunks = random.Random(42)
    if shape == "array":
        data = bytearray(mib * MIB)
        for i in range(mib):
            data[i * MIB : (i + 1) * MIB] = chunks.randbytes(MIB).translate(HALF_ENTROPY)
        return data
    return [chunks.randbytes(MIB).translate(HALF_ENTROPY) for _ in range(mib)]


def digest(data):
    sha = hashlib.sha256()
    for block in [data] if isinstance(data, bytearray) else data:
        sha.update(block)
    return sha.hexdigest()


def load_runtime(path):
    spec = importlib.util.spec_from_file_location("task_runtime", path)
    runtime = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runtime)
    return runtime


def whole_save(url, data):
    """What the runtime did before it streamed: the pickle and its compressed form, each whole in memory."""
    import cloudpickle
    import fsspec

    filesystem, path = fsspec.core.url_to_fs(url)
    filesystem.makedirs(os.path.dirname(path), exist_ok=True)
    with filesystem.open(path, "wb") as stored:
        stored.write(bz2.compress(cloudpickle.dumps(data)))


def whole_load(url):
    import cloudpickle
    import fsspec

    with fsspec.open(url, "rb") as stored:
        return cloudpickle.loads(bz2.decompress(stored.read()))


class _Counter:
    def __init__(self):
        self.size = 0

    def write(self, data):
        with memoryview(data) as view:
            self.size += view.nbytes


def child(args):
    import cloudpickle
    import fsspec  # noqa: F401 - imported before the baseline, as both ways need it

    runtime = load_runtime(args.runtime)
    save, load = (runtime.save_stored, runtime.load_stored) if args.way == "streamed" else (whole_save, whole_load)
    url = "file://" + os.path.abspath(args.file)
    baseline = peak_kib()
    if args.op == "save":
        data = build(args.shape, args.mb)
        started = time.monotonic()
        save(url, data)
        seconds = time.monotonic() - started
        peak = peak_kib()
        pickled = _Counter()
        cloudpickle.dump(data, pickled)
        result = {"pickled": pickled.size, "file": os.path.getsize(args.file), "sha256": digest(data)}
    else:
        started = time.monotonic()
        data = load(url)
        seconds = time.monotonic() - started
        peak = peak_kib()
        result = {"sha256": digest(data)}
    result.update({"peak_mib": (peak - baseline) / 1024, "seconds": seconds})
    print(json.dumps(result))


def measure(args, op, way, shape, file):
    command = [sys.executable, __file__, "--child", op, "--way", way, "--shape", shape, "--mb", str(args.mb),
               "--file", file, "--runtime", args.runtime]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=400, help="size of the data in MiB (default 400)")
    parser.add_argument("--shape", choices=("array", "blocks", "both"), default="both")
    parser.add_argument("--dir", default="/tmp/stored-dataset-benchmark", help="where the .bin files go")
    parser.add_argument("--runtime", default=str(RUNTIME), help="the task_runtime.py to measure")
    parser.add_argument("--child", choices=("save", "load"), dest="op", help=argparse.SUPPRESS)
    parser.add_argument("--way", choices=("whole", "streamed"), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.op:
        return child(args)

    os.makedirs(args.dir, exist_ok=True)
    print("{:<7} {:<9} {:<5} {:>12} {:>10} {:>9} {:>9}".format(
        "shape", "way", "op", "pickled MiB", "peak MiB", "x pickled", "seconds"))
    for shape in ("array", "blocks") if args.shape == "both" else (args.shape,):
        for way in ("whole", "streamed"):
            file = os.path.join(args.dir, "{}-{}.bin".format(shape, way))
            saved = measure(args, "save", way, shape, file)
            loaded = measure(args, "load", way, shape, file)
            if loaded["sha256"] != saved["sha256"]:
                raise SystemExit("{} {}: the loaded data differs from the saved data".format(shape, way))
            pickled = saved["pickled"] / MIB
            for op, result in (("save", saved), ("load", loaded)):
                print("{:<7} {:<9} {:<5} {:>12.0f} {:>10.0f} {:>9.2f} {:>9.1f}".format(
                    shape, way, op, pickled, result["peak_mib"], result["peak_mib"] / pickled, result["seconds"]))
            print("{:<7} {:<9} file {:.0f} MiB".format(shape, way, saved["file"] / MIB))
            os.remove(file)


if __name__ == "__main__":
    main()
