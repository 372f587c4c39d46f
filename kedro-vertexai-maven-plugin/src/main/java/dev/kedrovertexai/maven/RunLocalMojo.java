package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.RunLocalGoal;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the pipeline, then runs the compiled {@code target/vertexai/pipeline.json} on this machine, as
 * Vertex AI would: each task is a process running the task's container command with the project's Python, in
 * its own copy of the Kedro project under {@code target/vertexai/runs/<job name>/tasks/<task>}, with the pipeline
 * root under {@code target/vertexai/runs/<job name>/root}; what the tasks wrote is gathered under {@code
 * runs/<job name>/outputs}. A task starts once the tasks it depends on have succeeded, forked from one Python that
 * imported Kedro and the project once. Each task's output goes to
 * {@code target/vertexai/runs/<job name>/logs/<task>.log} and to this log; per-node durations to
 * {@code timings.json}. A failed task fails the build once the running tasks have ended; Ctrl-C stops every
 * task process.
 *
 * @since 0.1.0
 */
@Mojo(name = "run-local", threadSafe = true)
public class RunLocalMojo extends AbstractVertexAiMojo {

  /** The most tasks running at once. Default: the number of available processors. */
  @Parameter(property = "vertexai.parallelism")
  Integer parallelism;

  /**
   * Where the datasets kept between tasks go: a {@code gs://bucket/prefix} URL, read and written with the task
   * runtime's gcsfs (credentials from the environment; {@code STORAGE_EMULATOR_HOST} selects an emulator), as on
   * Vertex AI. Default: the run's own folder, {@code target/vertexai/runs/<job name>/root}.
   */
  @Parameter(property = "vertexai.storageRoot")
  String storageRoot;

  /**
   * Whether each task runs in its own copy of the project (sources, {@code conf/} and the local files the pipeline
   * only reads), as in its own container: a catalog dataset crossing tasks reaches them through temporary storage,
   * and a file a node writes outside the catalog for another task fails here as on Vertex AI.
   * {@code false}: every task runs in the project folder and writes there, as {@code kedro run} does.
   */
  @Parameter(property = "vertexai.isolateTasks", defaultValue = "true")
  boolean isolateTasks;

  /**
   * Whether tasks start as children of one Python that imported Kedro and the project once, rather than each as a
   * new Python. {@code false}: each task starts its own interpreter.
   */
  @Parameter(property = "vertexai.forkServer", defaultValue = "true")
  boolean forkServer;

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    RunLocalGoal.run(
        new RunLocalGoal.Request(
            projectRequest(),
            builtImageForCompile(),
            givenParameters(),
            parallelism,
            storageRoot,
            isolateTasks,
            forkServer),
        log);
  }

  @Override
  String goalName() {
    return "run-local";
  }
}
