package dev.kedrovertexai.core.description;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Chooses the interpreter: configured, else {@code KEDRO_PYTHON}, else {@code .venv/bin/python}, else python3. */
public final class PythonLocator {
  /** The environment variable that names the project's interpreter. */
  public static final String KEDRO_PYTHON = "KEDRO_PYTHON";

  /** What runs when nothing else is configured or found; resolved on the PATH. */
  public static final String FALLBACK = "python3";

  /** A project's own virtualenv, POSIX layout first. */
  private static final List<String> PROJECT_VENV_INTERPRETERS =
      List.of(".venv/bin/python", ".venv/Scripts/python.exe");

  private PythonLocator() {}

  public static String locate(String configured, Path projectDir, Map<String, String> environment) {
    if (configured != null && !configured.isBlank()) {
      return configured.strip();
    }
    String fromEnvironment = environment.get(KEDRO_PYTHON);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    if (projectDir != null) {
      for (String relative : PROJECT_VENV_INTERPRETERS) {
        Path interpreter = projectDir.resolve(relative);
        if (Files.isRegularFile(interpreter) && Files.isExecutable(interpreter)) {
          return interpreter.toAbsolutePath().toString();
        }
      }
    }
    return FALLBACK;
  }
}
