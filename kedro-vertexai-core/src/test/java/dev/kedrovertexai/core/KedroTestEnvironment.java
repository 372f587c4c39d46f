package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests against a real Kedro need, found once: a Python that imports kedro, cloudpickle and fsspec
 * ({@code KEDRO_PYTHON}, else {@code python3}), the bundled example project, and the spaceflights raw data
 * ({@code SPACEFLIGHTS_DATA}, else the example's {@code data/01_raw}, else {@code shared/data/spaceflights} in a
 * folder above the checkout). Without them those tests are skipped, and the reason is printed once.
 */
public final class KedroTestEnvironment {
  public static final List<String> RAW_FILES = List.of("companies.csv", "reviews.csv", "shuttles.xlsx");

  private static final KedroTestEnvironment FOUND = find();
  private static boolean reasonPrinted;

  /** The interpreter, or null. */
  public final String python;
  /** The example project in this checkout, or null. */
  public final Path example;
  /** A folder holding {@link #RAW_FILES}, or null. */
  public final Path rawData;
  /** Why the Kedro tests cannot run here, or null. */
  public final String missing;

  private KedroTestEnvironment(String python, Path example, Path rawData, String missing) {
    this.python = python;
    this.example = example;
    this.rawData = rawData;
    this.missing = missing;
  }

  public static KedroTestEnvironment get() {
    return FOUND;
  }

  public boolean available() {
    return missing == null;
  }

  /** Skips the calling test, saying why, when something is missing. */
  public void assumeAvailable() {
    if (missing != null) {
      synchronized (KedroTestEnvironment.class) {
        if (!reasonPrinted) {
          System.out.println("Skipping the tests against a real Kedro: " + missing);
          reasonPrinted = true;
        }
      }
    }
    assumeTrue(missing == null, missing);
  }

  /** The Kedro version of {@link #python}. */
  public String kedroVersion() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(python, "-c", "import kedro; print(kedro.__version__)").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("cannot read the Kedro version of " + python + ": " + output);
    }
    return output;
  }

  /**
   * A copy of the example's sources and config with the raw data, without anything a build or run left in the
   * example, made for the Kedro version of {@link #python}.
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
      Files.copy(rawData.resolve(file), raw.resolve(file));
    }
    return target;
  }

  private static KedroTestEnvironment find() {
    String python = kedroPython();
    Path repository = Path.of("").toAbsolutePath();
    while (repository != null && !Files.isRegularFile(repository.resolve("examples/spaceflights/pyproject.toml"))) {
      repository = repository.getParent();
    }
    Path example = repository == null ? null : repository.resolve("examples/spaceflights");
    Path rawData = example == null ? null : rawData(example);
    String missing = null;
    if (python == null) {
      missing =
          "no Python that imports kedro, cloudpickle and fsspec: set KEDRO_PYTHON to an interpreter with kedro,"
              + " kedro-datasets (pandas), scikit-learn, openpyxl, pyarrow, cloudpickle and fsspec";
    } else if (example == null) {
      missing = "the spaceflights example project is not in this checkout";
    } else if (rawData == null) {
      missing = "no spaceflights raw data: set SPACEFLIGHTS_DATA to a folder with " + String.join(", ", RAW_FILES);
    }
    return new KedroTestEnvironment(python, example, rawData, missing);
  }

  private static String kedroPython() {
    String configured = System.getenv("KEDRO_PYTHON");
    String candidate = configured != null && !configured.isBlank() ? configured : "python3";
    try {
      Process process =
          new ProcessBuilder(candidate, "-c", "import kedro, cloudpickle, fsspec").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? candidate : null;
    } catch (IOException e) {
      return null; // no such interpreter
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Path rawData(Path example) {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("SPACEFLIGHTS_DATA");
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(example.resolve("data/01_raw"));
    for (Path dir = example.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve("shared/data/spaceflights"));
    }
    for (Path candidate : candidates) {
      if (RAW_FILES.stream().allMatch(file -> Files.isRegularFile(candidate.resolve(file)))) {
        return candidate;
      }
    }
    return null;
  }
}
