package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads, merges, interpolates and validates {@code vertexai.yml}: {@code conf/base}, then {@code conf/<env>}
 * merged over it key by key, then each override in list order (later wins), then {@code ${oc.env:...}}
 * interpolation, then validation. Every problem of all these steps is reported in one {@link ProblemsException}.
 */
public final class ConfigLoader {
  public static final String HEADLINE = "Invalid Vertex AI configuration";

  static final String FILE_NAME = "vertexai";
  private static final List<String> EXTENSIONS = List.of(".yml", ".yaml");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final Map<String, String> environment;
  private final EventLog log;

  public ConfigLoader(Map<String, String> environment, EventLog log) {
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /** kedro-vertexai's default env: {@code KEDRO_ENV}, else {@code local}. */
  public static String defaultEnv(Map<String, String> environment) {
    String env = environment.get("KEDRO_ENV");
    return env == null || env.isBlank() ? "local" : env.trim();
  }

  public VertexAiConfig load(Path projectDir, String env, List<ConfigOverride> overrides)
      throws KedroVertexAiException {
    List<Problem> problems = new ArrayList<>();
    if (!ENV_NAME.matcher(env).matches()) {
      throw new ProblemsException(
          HEADLINE,
          List.of(new Problem(Origin.of("{param:env}"), "", "'" + env + "' is not a Kedro env name (a directory under conf/)")));
    }
    Path baseFile = configFile(projectDir, "base", problems);
    if (baseFile == null && problems.isEmpty()) {
      throw new KedroVertexAiException(
          "No conf/base/vertexai.yml in " + projectDir.toAbsolutePath()
              + ". Create one with {goal:init} {param:projectId=<GCP project>} {param:region=<region>},"
              + " then set run_config.image and run_config.root.");
    }
    List<String> sources = new ArrayList<>();
    ConfigNode tree = baseFile == null ? null : read(projectDir, baseFile, problems, sources);
    if (!env.equals("base")) {
      Path envFile = configFile(projectDir, env, problems);
      if (envFile != null) {
        ConfigNode envTree = read(projectDir, envFile, problems, sources);
        tree = tree == null || envTree == null ? null : ConfigLayers.merge(tree, envTree);
      } else if (!Files.isDirectory(projectDir.resolve("conf").resolve(env)) && !env.equals("local")) {
        log.warn("Kedro env '" + env + "' has no conf/" + env + " directory: using conf/base/vertexai.yml alone");
      }
    }
    if (tree == null) {
      throw new ProblemsException(HEADLINE, sorted(problems));
    }
    if (!(tree instanceof ConfigNode.Mapping root)) {
      problems.add(new Problem(tree.origin(), "", "expected a map of keys (project_id, region, run_config), got " + tree.kindName()));
      throw new ProblemsException(HEADLINE, sorted(problems));
    }
    for (ConfigOverride override : overrides) {
      log.debug("vertexai.yml key " + override.keyPath() + " set by " + override.origin());
      root = ConfigLayers.apply(root, override, problems);
    }
    String baseSource = relative(projectDir, baseFile);
    // Interpolation rebuilds a mapping as a mapping.
    ConfigNode.Mapping interpolated =
        (ConfigNode.Mapping) new EnvInterpolation(environment, problems).apply(root, "", Origin.of(baseSource));
    Map<String, Origin> origins = new TreeMap<>();
    ConfigLayers.collectOrigins(interpolated, "", origins);
    // A key whose value already failed to merge or interpolate would only fail validation again.
    Set<String> alreadyReported = new HashSet<>();
    problems.forEach(problem -> alreadyReported.add(problem.keyPath()));
    List<Problem> validation = new ArrayList<>();
    ConfigValidator validator = new ConfigValidator(validation);
    VertexAiConfig config = validator.validate(interpolated, Origin.of(baseSource), env, origins);
    validation.stream().filter(problem -> !alreadyReported.contains(problem.keyPath())).forEach(problems::add);
    validator.warnings().forEach(log::warn);
    if (!problems.isEmpty() || config == null) {
      throw new ProblemsException(HEADLINE, sorted(problems));
    }
    String overridden = overrides.isEmpty() ? "" : " + " + overrides.size() + (overrides.size() == 1 ? " override" : " overrides");
    log.info("Vertex AI config: " + String.join(" + ", sources) + overridden + " (Kedro env " + env + ")");
    return config;
  }

  /** {@code conf/<dir>/vertexai.yml} or {@code .yaml}; both at once is a problem (which one would win?). */
  private static Path configFile(Path projectDir, String dir, List<Problem> problems) {
    List<Path> found = new ArrayList<>();
    for (String extension : EXTENSIONS) {
      Path candidate = projectDir.resolve("conf").resolve(dir).resolve(FILE_NAME + extension);
      if (Files.isRegularFile(candidate)) {
        found.add(candidate);
      }
    }
    if (found.size() > 1) {
      problems.add(
          new Problem(
              Origin.of(relative(projectDir, found.get(1))), "",
              "both conf/" + dir + "/vertexai.yml and conf/" + dir + "/vertexai.yaml exist; keep one"));
      return null;
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static ConfigNode read(Path projectDir, Path file, List<Problem> problems, List<String> sources)
      throws KedroVertexAiException {
    String source = relative(projectDir, file);
    sources.add(source);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return YamlReader.readDocument(text, source, problems);
  }

  /** {@code conf/base/vertexai.yml}: the way problems name files, whatever the OS separator. */
  static String relative(Path projectDir, Path file) {
    Path relative = projectDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
    return relative.toString().replace('\\', '/');
  }

  /** File problems first, top to bottom; then those from overrides, in the order found. */
  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> result = new ArrayList<>(problems);
    result.sort(
        Comparator.comparing((Problem problem) -> problem.origin().line() <= 0)
            .thenComparing(problem -> problem.origin().line() > 0 ? problem.origin().source() : "")
            .thenComparingInt(problem -> problem.origin().line())
            .thenComparingInt(problem -> problem.origin().column()));
    return result;
  }
}
