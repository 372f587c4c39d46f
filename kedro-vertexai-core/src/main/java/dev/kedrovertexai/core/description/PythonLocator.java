package dev.kedrovertexai.core.description;

import java.nio.file.Path;
import java.util.Map;

/** Chooses the interpreter: configured, else {@code KEDRO_PYTHON}, else {@code .venv/bin/python}, else python3. */
public final class PythonLocator {
  private PythonLocator() {}

  public static String locate(String configured, Path projectDir, Map<String, String> environment) {
    throw new UnsupportedOperationException("TODO(description)");
  }
}
