package dev.kedrovertexai.core;

import dev.kedrovertexai.core.TestTools.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests against a real Kedro need, per Kedro line ({@link Tool#KEDRO_1}, {@link Tool#KEDRO_0_19}): the
 * provisioned interpreter, the bundled example project, and the spaceflights raw data ({@code SPACEFLIGHTS_DATA},
 * else made once by the example's {@code generate_raw_data.py}).
 */
public final class KedroTestEnvironment {
  public static final List<String> RAW_FILES = List.of("companies.csv", "reviews.csv", "shuttles.xlsx");

  /**
   * The example's datasets, from catalog entries on local paths (a dataset, a factory pattern), that one node
   * writes and a node of another task reads when each node is its own task: the plugin keeps them in temporary
   * storage between tasks, as it keeps memory datasets (run_config.local_datasets: store).
   */
  public static final List<String> LOCAL_CROSSINGS =
      List.of(
          "preprocessed_shuttles", "model_input_table", "active_modelling.regressor", "candidate_modelling.regressor");
  private static final Map<Tool, KedroTestEnvironment> BY_LINE = new EnumMap<>(Tool.class);

  public final Tool line;
  /** The example project in this checkout. */
  public final Path example;

  private Path rawData;
  private String kedroVersion;

  private KedroTestEnvironment(Tool line, Path example) {
    this.line = line;
    this.example = example;
  }

  public static synchronized KedroTestEnvironment of(Tool line) {
    return BY_LINE.computeIfAbsent(line, l -> new KedroTestEnvironment(l, findExample()));
  }

  /** Whether this line's interpreter is there; tests call {@link #python()}, which skips or fails without it. */
  public boolean available() {
    return TestTools.missing(line) == null;
  }

  /** The interpreter of this Kedro line; skips the calling test (fails it in CI) when it is missing. */
  public String python() {
    return TestTools.require(line).toString();
  }

  /** The Kedro version of {@link #python()}. */
  public synchronized String kedroVersion() throws IOException, InterruptedException {
    if (kedroVersion == null) {
      kedroVersion = runPython(example, "-c", "import kedro; print(kedro.__version__)");
    }
    return kedroVersion;
  }

  /** The Python version of {@link #python()}, e.g. {@code 3.11.7}. */
  public String pythonVersion() throws IOException, InterruptedException {
    return runPython(example, "-c", "import platform; print(platform.python_version())");
  }

  /** A folder holding {@link #RAW_FILES}: {@code SPACEFLIGHTS_DATA}, else generated once for this build. */
  public synchronized Path rawData() throws IOException, InterruptedException {
    if (rawData == null) {
      String configured = System.getenv("SPACEFLIGHTS_DATA");
      if (configured != null && !configured.isBlank()) {
        rawData = Path.of(configured);
      } else {
        Path generated = Path.of("target", "spaceflights-raw", line.id).toAbsolutePath();
        if (!RAW_FILES.stream().allMatch(file -> Files.isRegularFile(generated.resolve(file)))) {
          runPython(example, example.resolve("generate_raw_data.py").toString(), generated.toString());
        }
        rawData = generated;
      }
      for (String file : RAW_FILES) {
        if (!Files.isRegularFile(rawData.resolve(file))) {
          throw new IOException(rawData + " has no " + file + " (SPACEFLIGHTS_DATA must hold " + RAW_FILES + ")");
        }
      }
    }
    return rawData;
  }

  /**
   * A copy of the example's sources and config with the raw data, without anything a build or run left in the
   * example, made for the Kedro version of {@link #python()}.
   */
  public Path copyExample(Path target) throws IOException, InterruptedException {
    try (Stream<Path> files = Files.walk(example)) {
      for (Path source : files.toList()) {
        Path relative = example.relativize(source);
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        boolean generatedData =
            first.equals("data") && Files.isRegularFile(source) && !source.endsWith(".gitkeep");
        if (first.equals("target") || first.equals(".venv") || generatedData
            || relative.toString().contains("__pycache__")) {
          continue;
        }
        Path copy = target.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    // Kedro refuses a project made for another major (0.19: minor) version; the example is the same for both.
    Path pyproject = target.resolve("pyproject.toml");
    Files.writeString(
        pyproject,
        Files.readString(pyproject)
            .replaceFirst("kedro_init_version = \"[^\"]*\"", "kedro_init_version = \"" + kedroVersion() + "\""));
    Path raw = Files.createDirectories(target.resolve("data/01_raw"));
    for (String file : RAW_FILES) {
      Files.copy(rawData().resolve(file), raw.resolve(file));
    }
    return target;
  }

  private String runPython(Path directory, String... arguments) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of(python()), Stream.of(arguments)).toList();
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  private static Path findExample() {
    Path repository = Path.of("").toAbsolutePath();
    while (repository != null && !Files.isRegularFile(repository.resolve("examples/spaceflights/pyproject.toml"))) {
      repository = repository.getParent();
    }
    if (repository == null) {
      throw new IllegalStateException("examples/spaceflights is not in a folder above " + Path.of("").toAbsolutePath());
    }
    return repository.resolve("examples/spaceflights");
  }
}
