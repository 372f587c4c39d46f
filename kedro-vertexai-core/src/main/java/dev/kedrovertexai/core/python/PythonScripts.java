package dev.kedrovertexai.core.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Python scripts shipped in this jar, as text. */
public final class PythonScripts {
  /** The task runtime's option that carries the pipeline root; a local run points it at a folder of its own. */
  public static final String ROOT_OPTION = "--root";

  /**
   * The task runtime's option that adds an {@code IP=HOST1,HOST2} line to the container's {@code /etc/hosts};
   * a local run leaves it out, so as not to change the machine it runs on.
   */
  public static final String HOST_ALIAS_OPTION = "--host-alias";

  /** The task runtime's options that name the Kedro pipeline and env a task runs. */
  public static final String PIPELINE_OPTION = "--pipeline";

  public static final String ENV_OPTION = "--env";

  private static final String TASK_RUNTIME = "task_runtime.py";
  private static final String DESCRIBE_PROJECT = "describe_project.py";
  private static final String PROJECT_INPUTS = "project_inputs.py";
  private static final String FORK_SERVER = "fork_server.py";

  private PythonScripts() {}

  /**
   * The task runtime, embedded in every compiled spec and run as {@code python -c <text> --pipeline ...}. It
   * needs only kedro, cloudpickle and fsspec (gcsfs for gs://) in the image.
   */
  public static String taskScript() {
    return Holder.TASK_RUNTIME_TEXT;
  }

  /** The introspection script that prints the pipeline description (run as {@code python -c <text> ...}). */
  public static String describeScript() {
    return Holder.DESCRIBE_PROJECT_TEXT;
  }

  /**
   * Local runs only: writes the local files a pipeline only reads, which each isolated task gets a copy of (run as
   * {@code python -c <text> --pipeline P --env E --out FILE} in the project root).
   */
  public static String projectInputsScript() {
    return Holder.PROJECT_INPUTS_TEXT;
  }

  /**
   * Local runs only: one warm Python that imports Kedro and the project once, then forks a child per task (run as
   * {@code python -c <text> --project DIR [--env E]}).
   */
  public static String forkServerScript() {
    return Holder.FORK_SERVER_TEXT;
  }

  private static String load(String name) {
    try (InputStream in = PythonScripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The jar lacks its Python script " + name);
      }
      // Normalised line ends keep compiled specs byte-identical whatever the checkout's settings.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Python script " + name + " from the jar", e);
    }
  }

  /** Loaded once, on first use. */
  private static final class Holder {
    static final String TASK_RUNTIME_TEXT = load(TASK_RUNTIME);
    static final String DESCRIBE_PROJECT_TEXT = load(DESCRIBE_PROJECT);
    static final String PROJECT_INPUTS_TEXT = load(PROJECT_INPUTS);
    static final String FORK_SERVER_TEXT = load(FORK_SERVER);
  }
}
