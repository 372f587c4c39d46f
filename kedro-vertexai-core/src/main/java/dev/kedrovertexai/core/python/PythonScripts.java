package dev.kedrovertexai.core.python;

/** The Python scripts shipped in this jar, as text. */
public final class PythonScripts {
  private PythonScripts() {}

  /** The task runtime, embedded in every compiled spec. */
  public static String taskScript() {
    throw new UnsupportedOperationException("TODO(python)");
  }

  /** The introspection script that prints the pipeline description. */
  public static String describeScript() {
    throw new UnsupportedOperationException("TODO(python)");
  }
}
