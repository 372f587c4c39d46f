package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.config.ConfigLoader;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.ConfigProperties;
import dev.kedrovertexai.core.config.RuntimeParameters;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: skipping, the Kedro project and env, config overrides, and turning the core's
 * errors into one clear build failure. Subclasses implement {@link #run(ProjectSettings, EventLog)} with one
 * call into the core.
 *
 * <p>Precedence of config values, highest first: {@code -Dvertexai.*} on the command line, the POM's
 * {@code <configuration>} (and properties set by active profiles), {@code conf/<env>/vertexai.yml},
 * {@code conf/base/vertexai.yml}.
 */
abstract class AbstractVertexAiMojo extends AbstractMojo {
  static final String PROPERTY_PREFIX = "vertexai.";

  /** Skips every goal of this plugin. */
  @Parameter(property = "vertexai.skip", defaultValue = "false")
  boolean skip;

  /** The Kedro project root, holding {@code conf/} and {@code pyproject.toml}. */
  @Parameter(property = "vertexai.projectDir", defaultValue = "${project.basedir}", required = true)
  File projectDir;

  /** Where compiled files are written. */
  @Parameter(property = "vertexai.outputDir", defaultValue = "${project.build.directory}/vertexai", required = true)
  File outputDir;

  /**
   * The Kedro env: selects {@code conf/<env>/vertexai.yml} and the catalog, and is the env every task runs
   * with. Default: the {@code KEDRO_ENV} environment variable, else {@code local}.
   */
  @Parameter(property = "vertexai.env")
  String env;

  /** The registered Kedro pipeline to compile and run. */
  @Parameter(property = "vertexai.pipeline", defaultValue = "__default__")
  String pipeline;

  /**
   * The Python interpreter that can import the Kedro project. Default: {@code KEDRO_PYTHON}, else the
   * project's {@code .venv/bin/python}, else {@code python3}.
   */
  @Parameter(property = "vertexai.python")
  String python;

  /**
   * A saved pipeline description (the JSON that {@code vertexai:describe} writes). When set, no Python runs
   * at compile time.
   */
  @Parameter(property = "vertexai.pipelineDescription")
  File pipelineDescription;

  /** Overrides {@code project_id}. */
  @Parameter(property = "vertexai.projectId")
  String projectId;

  /** Overrides {@code region}. */
  @Parameter(property = "vertexai.region")
  String region;

  /** Overrides {@code run_config.image}. */
  @Parameter(property = "vertexai.image")
  String image;

  /** Overrides {@code run_config.root}. */
  @Parameter(property = "vertexai.root")
  String root;

  /** Overrides {@code run_config.experiment_name}. */
  @Parameter(property = "vertexai.experimentName")
  String experimentName;

  /** Overrides {@code run_config.experiment_description}. */
  @Parameter(property = "vertexai.experimentDescription")
  String experimentDescription;

  /** Overrides {@code run_config.service_account}. */
  @Parameter(property = "vertexai.serviceAccount")
  String serviceAccount;

  /** Overrides {@code run_config.network.vpc} ({@code projects/<number>/global/networks/<name>}). */
  @Parameter(property = "vertexai.network")
  String network;

  /** Overrides {@code run_config.description}. */
  @Parameter(property = "vertexai.description")
  String description;

  /**
   * A {@code timings.json} written by {@code vertexai:run-local} (relative to the Kedro project), whose measured
   * node run times {@code auto} grouping plans with. Overrides {@code run_config.grouping.params.node_timings};
   * without either, every node is modelled with {@code node_seconds}, whatever earlier runs left in
   * {@code target/}.
   */
  @Parameter(property = "vertexai.nodeTimings")
  String nodeTimings;

  /**
   * Overrides {@code run_config.image_build.base_image}: the image {@code vertexai:image} builds the task image on,
   * e.g. {@code python:3.11-slim}.
   */
  @Parameter(property = "vertexai.baseImage")
  String baseImage;

  /**
   * Overrides of any {@code vertexai.yml} key by its dotted path, for example
   * {@code <run_config.resources.__default__.cpu>2</run_config.resources.__default__.cpu>}. On the command
   * line: {@code -Dvertexai.yml.run_config.resources.__default__.cpu=2}.
   */
  @Parameter
  Map<String, String> overrides;

  /**
   * Values of the pipeline parameters declared under {@code run_config.parameters}, as
   * {@code name=value,name2=value2}; a value may be a JSON list or object. Wins over {@code <params>} name by
   * name. Used by run-once, schedule and run-local.
   */
  @Parameter(property = "vertexai.params")
  String paramsSpec;

  /** Values of the declared pipeline parameters in the POM ({@code <params><epochs>5</epochs></params>}). */
  @Parameter
  Map<String, String> params;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping " + goalName() + ": vertexai.skip is true");
      return;
    }
    EventLog log = new MavenEventLog(getLog());
    try {
      run(settings(), log);
    } catch (KedroVertexAiException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  /** The parameter values given in the POM and on the command line, parsed but not yet checked. */
  Map<String, String> givenParameters() throws KedroVertexAiException {
    Map<String, String> given = new TreeMap<>();
    if (params != null) {
      given.putAll(params);
    }
    given.putAll(RuntimeParameters.parseSpec(paramsSpec, "-Dvertexai.params"));
    return given;
  }

  /** The final value of every declared pipeline parameter, checked before anything is sent or run. */
  Map<String, Object> parameterValues(VertexAiConfig config, Map<String, String> given)
      throws KedroVertexAiException {
    return RuntimeParameters.resolve(
        config.runConfig().parameters(), given, "-Dvertexai.params or POM <params>");
  }

  /**
   * The compiles of this build: they name the image that {@code vertexai:image} built earlier in this build (its
   * {@code image.json}, handed over in the project's context) by digest, and mark the project compiled.
   */
  CompileWorkflow compileWorkflow(EventLog log) {
    if (project == null) {
      return new CompileWorkflow(log);
    }
    project.setContextValue(ImageMojo.COMPILED, Boolean.TRUE);
    Object builtImage = project.getContextValue(ImageMojo.BUILT_IMAGE);
    return new CompileWorkflow(log, builtImage == null ? null : Path.of(builtImage.toString()));
  }

  abstract void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException, MojoExecutionException;

  abstract String goalName();

  ProjectSettings settings() {
    return settings(
        System.getenv(), session == null ? new Properties() : session.getUserProperties());
  }

  ProjectSettings settings(Map<String, String> environment, Properties commandLine) {
    String resolvedEnv = env != null && !env.isBlank() ? env : ConfigLoader.defaultEnv(environment);
    return new ProjectSettings(
        projectDir.toPath(),
        outputDir.toPath(),
        resolvedEnv,
        pipeline,
        python,
        savedDescription(),
        configOverrides(commandLine),
        environment);
  }

  /**
   * The saved description, or null to read the project with Python. Maven turns an empty value (a profile's
   * {@code <vertexai.pipelineDescription/>}, or {@code -Dvertexai.pipelineDescription=}, unsetting the POM's) into
   * the project directory, which is never a description.
   */
  private Path savedDescription() {
    if (pipelineDescription == null || absolute(pipelineDescription).equals(absolute(projectDir))) {
      return null;
    }
    return pipelineDescription.toPath();
  }

  private static Path absolute(File file) {
    return file.toPath().toAbsolutePath().normalize();
  }

  /** POM values first, then the command line, so that later entries win. */
  List<ConfigOverride> configOverrides(Properties commandLine) {
    List<ConfigOverride> result = new ArrayList<>();
    Map<String, String> namedParameters = namedParameters();
    for (Map.Entry<String, String> named : namedParameters.entrySet()) {
      String property = PROPERTY_PREFIX + named.getKey();
      // A value that came from -D is added below with its true origin.
      if (named.getValue() != null && !commandLine.containsKey(property)) {
        result.add(
            new ConfigOverride(
                ConfigProperties.keyPath(named.getKey()),
                named.getValue(),
                Origin.of("POM <" + named.getKey() + ">")));
      }
    }
    if (overrides != null) {
      for (Map.Entry<String, String> entry : new TreeMap<>(overrides).entrySet()) {
        result.add(
            new ConfigOverride(
                entry.getKey(), entry.getValue(), Origin.of("POM <overrides><" + entry.getKey() + ">")));
      }
    }
    for (String name : namedParameters.keySet()) {
      String property = PROPERTY_PREFIX + name;
      String value = commandLine.getProperty(property);
      if (value != null) {
        result.add(new ConfigOverride(ConfigProperties.keyPath(name), value, Origin.of("-D" + property)));
      }
    }
    for (String property : new TreeSet<>(commandLine.stringPropertyNames())) {
      if (property.startsWith(ConfigProperties.PREFIX)) {
        result.add(
            new ConfigOverride(
                property.substring(ConfigProperties.PREFIX.length()),
                commandLine.getProperty(property),
                Origin.of("-D" + property)));
      }
    }
    return result;
  }

  private Map<String, String> namedParameters() {
    Map<String, String> named = new LinkedHashMap<>();
    named.put("projectId", projectId);
    named.put("region", region);
    named.put("image", image);
    named.put("root", root);
    named.put("experimentName", experimentName);
    named.put("experimentDescription", experimentDescription);
    named.put("serviceAccount", serviceAccount);
    named.put("network", network);
    named.put("description", description);
    named.put("nodeTimings", nodeTimings);
    named.put("baseImage", baseImage);
    return named;
  }
}
