# Stands in for the Kedro task runtime in tests: it takes the same command line, records what it was given
# and when it ran, and behaves as the test's control file says (sleep, fail, exit at once, crash, start a child
# process). It also leaves a mark in its environment, in an imported module and in its working folder, which no
# other task may see.
import json
import os
import subprocess
import sys
import time


def parse(argv):
    options, params = {}, []
    i = 0
    while i < len(argv):
        if argv[i] == "--param":
            params.append(argv[i + 1 : i + 4])
            i += 4
        else:
            options[argv[i][2:]] = argv[i + 1]
            i += 2
    return options, params


def write(path, data):
    temp = path + ".tmp"
    with open(temp, "w") as f:
        json.dump(data, f)
    os.replace(temp, path)


options, params = parse(sys.argv[1:])
task = os.environ["FAKE_TASK"]
records = os.environ["FAKE_RECORD_DIR"]
control = {}
if os.environ.get("FAKE_CONTROL"):
    with open(os.environ["FAKE_CONTROL"]) as f:
        control = json.load(f).get(task, {})

record = {
    "task": task,
    "argv": sys.argv[1:],
    "options": options,
    "params": {name: [kind, value] for name, kind, value in params},
    "cwd": os.getcwd(),
    "files": sorted(os.listdir(".")),
    "pid": os.getpid(),
    "ppid": os.getppid(),
    "leaked_env": os.environ.get("FAKE_LEAK"),
    "leaked_module": getattr(json, "fake_leak", None),
    "env": {
        name: os.environ.get(name)
        for name in [
            "KEDRO_CONFIG_RUN_ID",
            "KEDRO_CONFIG_JOB_NAME",
            "GCP_PROJECT_ID",
            "GCP_REGION",
            "FAKE_ROOT",
            "FAKE_TASK_UUID",
            "FAKE_PARENT",
            "FAKE_VIA_LOCAL_PYTHON",
            "KEDRO_VERTEXAI_TIMINGS",
            "MLFLOW_RUN_ID",
        ]
    },
    "start": time.time(),
}
if control.get("child_sleep"):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(%s)" % control["child_sleep"]])
    record["child_pid"] = child.pid
write(os.path.join(records, task + ".start.json"), record)
os.environ["FAKE_LEAK"] = task
json.fake_leak = task
with open("written-by-%s.txt" % task, "w") as mark:
    mark.write(task)

print("task %s starting" % task)
print("task %s says hello on stderr" % task, file=sys.stderr)
nodes = json.loads(options["nodes"])
for node in nodes:
    began = time.time()
    time.sleep(control.get("sleep", 0) / len(nodes))
    print("ran node %s" % node)
    with open(os.environ["KEDRO_VERTEXAI_TIMINGS"], "a") as timings:
        timings.write(json.dumps({"node": node, "seconds": time.time() - began}) + "\n")

if control.get("read"):
    # As Kedro does, by its absolute path.
    with open(os.path.abspath(control["read"])) as upstream:
        print("read %s" % upstream.read())
if "write-output" in options and not control.get("no_output"):
    with open(options["write-output"], "w") as output:
        output.write(control.get("output", "run-of-" + task))
if control.get("os_exit") is not None:
    print("%s leaves at once" % task)
    os._exit(control["os_exit"])
if control.get("segfault"):
    import ctypes

    print("%s crashes" % task)
    ctypes.string_at(0)

if control.get("fail"):
    for line in range(1, 31):
        print("%s failure line %d" % (task, line), file=sys.stderr)
    sys.exit(control.get("exit_code", 3))

record["end"] = time.time()
write(os.path.join(records, task + ".end.json"), record)
