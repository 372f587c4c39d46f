# Compares what two runs of a Kedro project produced and prints one line per difference (nothing if equal).
# Usage: python compare_runs.py REFERENCE_DATA LOCAL_DATA REFERENCE_OUTPUTS STORED_DIR
#   REFERENCE_DATA / LOCAL_DATA: the projects' data/ folders (every file below 02_* .. 08_* is compared);
#   REFERENCE_OUTPUTS: <dataset>.pkl per node output (reference_run.py);
#   STORED_DIR: <root>/kedro-vertexai-temp/<job>/ of the local run: each <dataset>.bin must equal the output.
import bz2
import json
import os
import pickle
import sys

import numpy
import pandas


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, (pandas.DataFrame, pandas.Series)):
        return a.equals(b)
    if isinstance(a, numpy.ndarray):
        return numpy.array_equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return same(vars(a), vars(b))
    return a == b


def load(path):
    if path.endswith(".parquet"):
        return pandas.read_parquet(path)
    if path.endswith(".csv"):
        return pandas.read_csv(path)
    if path.endswith(".json"):
        with open(path) as f:
            return json.load(f)
    with open(path, "rb") as f:
        return pickle.load(f) if path.endswith((".pickle", ".pkl")) else f.read()


def data_files(root):
    found = set()
    for folder, _, files in os.walk(root):
        if os.path.relpath(folder, root).startswith("01_raw"):
            continue
        for name in files:
            if not name.startswith("."):
                found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


reference_data, local_data, reference_outputs, stored = sys.argv[1:5]
differences = []
expected, actual = data_files(reference_data), data_files(local_data)
for path in sorted(expected ^ actual):
    differences.append("only in one run: " + path)
for path in sorted(expected & actual):
    if not same(load(os.path.join(reference_data, path)), load(os.path.join(local_data, path))):
        differences.append("differs: " + path)
stored_names = sorted(name for name in os.listdir(stored) if name.endswith(".bin")) if os.path.isdir(stored) else []
for name in stored_names:
    dataset = name[: -len(".bin")]
    reference = os.path.join(reference_outputs, dataset + ".pkl")
    if not os.path.exists(reference):
        differences.append("stored dataset no node produced: " + dataset)
        continue
    with open(os.path.join(stored, name), "rb") as f:
        kept = pickle.loads(bz2.decompress(f.read()))
    if not same(load(reference), kept):
        differences.append("stored dataset differs: " + dataset)
print("compared %d files and %d stored datasets" % (len(expected & actual), len(stored_names)), file=sys.stderr)
for line in differences:
    print(line)
