package dev.kedrovertexai.core.local;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.storage.RunManifest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a local run needs.
 *
 * @param specFile the compiled PipelineSpec ({@code target/vertexai/pipeline.json})
 * @param projectDir the Kedro project root: every task runs there, as it runs in the image's working directory
 * @param python the local interpreter that stands in for the image's {@code python}
 * @param parallelism the most tasks running at once, at least 1
 * @param parameters resolved values of root input parameters; root defaults apply to the others
 * @param runsDir where each run gets its directory ({@code target/vertexai/runs})
 * @param storageRoot the pipeline root the tasks get, where the datasets kept between tasks go: null for
 *     {@code <runs dir>/<job name>/root}, or a {@code gs://bucket/prefix} URL (checked by {@link #storageRoot})
 * @param environment the environment every task starts from, before the container's env is applied
 * @param manifest what the run keeps between tasks, written to its temporary folder before the first task; null
 *     for none
 * @param isolateTasks whether each task runs in its own copy of the project under {@code <runs dir>/<job
 *     name>/tasks/<task>}, as in its own container, rather than in {@code projectDir} itself
 * @param forkServer whether tasks that run the local Python start as children of one warm Python that imported
 *     Kedro and the project once, rather than each as a new interpreter
 */
public record LocalRunRequest(
    Path specFile,
    Path projectDir,
    String python,
    int parallelism,
    Map<String, ParameterValue> parameters,
    Path runsDir,
    String storageRoot,
    Map<String, String> environment,
    RunManifest manifest,
    boolean isolateTasks,
    boolean forkServer) {

  public LocalRunRequest {
    Objects.requireNonNull(specFile, "specFile");
    Objects.requireNonNull(projectDir, "projectDir");
    Objects.requireNonNull(python, "python");
    Objects.requireNonNull(runsDir, "runsDir");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    parameters = Collections.unmodifiableMap(new TreeMap<>(parameters == null ? Map.of() : parameters));
    environment = Collections.unmodifiableMap(new TreeMap<>(environment == null ? Map.of() : environment));
  }

  /**
   * A request for the required values, with the defaults for the others: {@link #defaultParallelism()} tasks at
   * once, no parameters, the run's own storage root, an empty environment, no manifest, isolated tasks started
   * from the fork server.
   */
  public static Builder builder(Path specFile, Path projectDir, String python, Path runsDir) {
    return new Builder(specFile, projectDir, python, runsDir);
  }

  /** A builder holding this request's values, to change some. */
  public Builder toBuilder() {
    return new Builder(specFile, projectDir, python, runsDir)
        .parallelism(parallelism)
        .parameters(parameters)
        .storageRoot(storageRoot)
        .environment(environment)
        .manifest(manifest)
        .isolateTasks(isolateTasks)
        .forkServer(forkServer);
  }

  /** The same request with isolation turned on or off. */
  public LocalRunRequest withIsolateTasks(boolean isolate) {
    return toBuilder().isolateTasks(isolate).build();
  }

  /** The same request with the fork server turned on or off. */
  public LocalRunRequest withForkServer(boolean fork) {
    return toBuilder().forkServer(fork).build();
  }

  /**
   * The storage root a user asked for (blank: the run's own folder), checked: a {@code gs://} URL with a bucket,
   * without a trailing slash. {@code source} names where it was set, for the error.
   */
  public static String storageRoot(String requested, String source) throws ProblemsException {
    if (requested == null || requested.isBlank()) {
      return null;
    }
    String root = requested.strip();
    if (!root.matches("gs://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?")) {
      throw new ProblemsException(
          "Cannot run locally",
          List.of(
              new Problem(
                  Origin.of(source),
                  "",
                  "expected a Cloud Storage URL gs://<bucket>[/<prefix>], or nothing for the run's own folder, got '"
                      + root + "'")));
    }
    return root.replaceAll("/+$", "");
  }

  /** The default parallelism: one task per available core. */
  public static int defaultParallelism() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * The parallelism a user asked for ({@code null}: {@link #defaultParallelism()}), checked; {@code source} names
   * where it was set, for the error.
   */
  public static int parallelism(Integer requested, String source) throws ProblemsException {
    if (requested == null) {
      return defaultParallelism();
    }
    if (requested < 1) {
      throw new ProblemsException(
          "Cannot run locally",
          List.of(
              new Problem(
                  Origin.of(source), "", "expected a number of tasks of at least 1, got " + requested)));
    }
    return requested;
  }

  /** Sets values by name; see {@link #builder} for the defaults. */
  public static final class Builder {
    private final Path specFile;
    private final Path projectDir;
    private final String python;
    private final Path runsDir;
    private int parallelism = defaultParallelism();
    private Map<String, ParameterValue> parameters = Map.of();
    private String storageRoot;
    private Map<String, String> environment = Map.of();
    private RunManifest manifest;
    private boolean isolateTasks = true;
    private boolean forkServer = true;

    private Builder(Path specFile, Path projectDir, String python, Path runsDir) {
      this.specFile = specFile;
      this.projectDir = projectDir;
      this.python = python;
      this.runsDir = runsDir;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder parameters(Map<String, ParameterValue> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder storageRoot(String storageRoot) {
      this.storageRoot = storageRoot;
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    public Builder manifest(RunManifest manifest) {
      this.manifest = manifest;
      return this;
    }

    public Builder isolateTasks(boolean isolateTasks) {
      this.isolateTasks = isolateTasks;
      return this;
    }

    public Builder forkServer(boolean forkServer) {
      this.forkServer = forkServer;
      return this;
    }

    public LocalRunRequest build() {
      return new LocalRunRequest(
          specFile, projectDir, python, parallelism, parameters, runsDir, storageRoot, environment, manifest,
          isolateTasks, forkServer);
    }
  }
}
