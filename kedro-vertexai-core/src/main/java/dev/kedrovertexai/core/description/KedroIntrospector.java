package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProcessTrees;
import dev.kedrovertexai.core.vertex.Durations;
import dev.kedrovertexai.core.python.PythonScripts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Runs the shipped describe script with the project's Python and parses what it prints. */
public final class KedroIntrospector {
  /** How long a project may take to load; loading spaceflights takes seconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** How long the interpreter and what it started may take to exit when stopped, before they are killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  /** Most error messages fit in this many lines; the full output is in the debug log. */
  private static final int MAX_ERROR_LINES = 12;

  /** The first line of a Python exception report, e.g. {@code ModuleNotFoundError: No module named 'kedro'}. */
  private static final Pattern EXCEPTION_LINE =
      Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt|Warning)(: .*)?$");

  private static final String CHOOSE_INTERPRETER_HINT =
      "set {param:python=<path>} or KEDRO_PYTHON, or compile from a saved description with"
          + " {param:pipelineDescription=<file>}";

  private final EventLog log;
  private final Duration timeout;

  public KedroIntrospector(EventLog log) {
    this(log, DEFAULT_TIMEOUT);
  }

  KedroIntrospector(EventLog log, Duration timeout) {
    this.log = log;
    this.timeout = timeout;
  }

  public PipelineDescription describe(String python, Path projectDir, String env) throws KedroVertexAiException {
    List<String> command = new ArrayList<>(List.of(python, "-c", PythonScripts.describeScript()));
    command.addAll(List.of("--project-dir", projectDir.toAbsolutePath().toString(), "--env", env == null ? "" : env));
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile());
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    // Reading a project must not leave __pycache__ folders in it.
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    log.debug("Running " + python + " -c <describe_project.py> --project-dir " + projectDir + " --env " + env);

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot run the Python interpreter '" + python + "' to read the Kedro project in " + projectDir + ": "
              + reason(e) + ". To choose the interpreter, " + CHOOSE_INTERPRETER_HINT);
    }
    closeQuietly(process);
    CompletableFuture<String> stdout = readAsync(process.getInputStream(), "stdout");
    CompletableFuture<String> stderr = readAsync(process.getErrorStream(), "stderr");
    int exitCode;
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        // The project's code may have started processes of its own: none may outlive the build.
        ProcessTrees.destroy(List.of(process.toHandle()), STOP_GRACE);
        throw new KedroVertexAiException(
            "Reading the Kedro project in " + projectDir + " with " + python + " did not finish within "
                + Durations.format(timeout) + "; check that `kedro run` starts there, or " + CHOOSE_INTERPRETER_HINT);
      }
      exitCode = process.exitValue();
    } catch (InterruptedException e) {
      ProcessTrees.destroy(List.of(process.toHandle()), STOP_GRACE);
      Thread.currentThread().interrupt();
      throw new KedroVertexAiException("Interrupted while reading the Kedro project in " + projectDir, e);
    }
    String errors = join(stderr, python);
    errors.lines().forEach(line -> log.debug("[python] " + line));
    if (exitCode != 0) {
      throw new KedroVertexAiException(failureMessage(python, projectDir, exitCode, errors));
    }
    String output = join(stdout, python);
    if (output.isBlank()) {
      throw new KedroVertexAiException(
          "The Python interpreter '" + python + "' printed no pipeline description for " + projectDir
              + lastLines(errors, "") + "\nHint: " + CHOOSE_INTERPRETER_HINT);
    }
    return DescriptionJson.parse(output, "the description printed by " + python);
  }

  private static String failureMessage(String python, Path projectDir, int exitCode, String errors) {
    String hint;
    if (errors.contains("No module named 'kedro'")) {
      hint = "this interpreter has no Kedro; point it at the project's environment: " + CHOOSE_INTERPRETER_HINT;
    } else if (errors.contains("No module named")) {
      hint = "a module the project needs is missing from this interpreter's environment; install the project's"
          + " requirements there, or " + CHOOSE_INTERPRETER_HINT;
    } else {
      hint = "check that `kedro run` works in " + projectDir + " with this interpreter, or compile from a saved"
          + " description with {param:pipelineDescription=<file>}";
    }
    return "Reading the Kedro project in " + projectDir + " with '" + python + "' failed (exit code " + exitCode
        + "):" + lastLines(errors, "no error output") + "\nHint: " + hint;
  }

  /**
   * The interpreter's own error: from the last exception line of its report to the end (Kedro's messages may
   * span several lines), else its last lines.
   */
  static String lastLines(String errors, String whenEmpty) {
    List<String> lines = errors.lines().map(String::stripTrailing).filter(line -> !line.isBlank()).toList();
    if (lines.isEmpty()) {
      return whenEmpty.isEmpty() ? "" : " " + whenEmpty;
    }
    int start = Math.max(0, lines.size() - 3);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (EXCEPTION_LINE.matcher(lines.get(i)).matches()) {
        start = i;
        break;
      }
    }
    List<String> shown = lines.subList(start, Math.min(lines.size(), start + MAX_ERROR_LINES));
    return "\n  " + String.join("\n  ", shown);
  }

  private static String reason(IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // "Cannot run program "x" (in directory "y"): error=2, No such file or directory" -> the last part.
    int errorAt = message.lastIndexOf("error=");
    if (errorAt >= 0) {
      int comma = message.indexOf(", ", errorAt);
      return comma >= 0 ? message.substring(comma + 2) : message.substring(errorAt);
    }
    return message;
  }

  /** The script reads nothing; a closed stdin makes any stray prompt fail instead of hanging. */
  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing to do: the process may already have ended.
    }
  }

  /** Drains a stream on its own thread, so a chatty stderr can never block stdout (or the other way round). */
  private static CompletableFuture<String> readAsync(InputStream stream, String name) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
              } catch (IOException | RuntimeException e) {
                text.completeExceptionally(e);
              }
            },
            "kedro-describe-" + name);
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  private static String join(CompletableFuture<String> text, String python) throws KedroVertexAiException {
    try {
      return text.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new KedroVertexAiException(
          "Cannot read the output of the Python interpreter '" + python + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KedroVertexAiException(
          "Interrupted while reading the output of the Python interpreter '" + python + "'", e);
    }
  }
}
