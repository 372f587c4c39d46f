# Runs a Kedro project's pipeline in one session, as `kedro run` does, and also keeps every node output
# (memory datasets included) as a pickle under OUTDIR/<dataset>.pkl, so a test can compare a local run's
# datasets, including those kept in temporary storage between tasks, with Kedro's own.
# Usage (in the project root): python reference_run.py PIPELINE ENV OUTDIR
import inspect
import os
import pickle
import sys

from kedro.framework.hooks import hook_impl
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project


class KeepOutputs:
    def __init__(self, outdir):
        self._outdir = outdir

    @hook_impl
    def after_node_run(self, node, outputs):
        for name, value in outputs.items():
            with open(os.path.join(self._outdir, name + ".pkl"), "wb") as f:
                pickle.dump(value, f)


pipeline, env, outdir = sys.argv[1:4]
os.makedirs(outdir, exist_ok=True)
bootstrap_project(os.getcwd())
with KedroSession.create(project_path=os.getcwd(), env=env or None) as session:
    session._hook_manager.register(KeepOutputs(outdir))
    if "pipeline_names" in inspect.signature(session.run).parameters:
        session.run(pipeline_names=[pipeline])  # Kedro 1.x
    else:
        session.run(pipeline_name=pipeline)  # Kedro 0.19
