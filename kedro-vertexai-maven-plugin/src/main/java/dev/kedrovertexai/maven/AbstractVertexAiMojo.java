package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.UnexpectedFailures;
import dev.kedrovertexai.core.goal.GivenParameters;
import dev.kedrovertexai.core.goal.ProjectRequest;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: skipping, the Kedro project and its config values, and turning the core's errors into one
 * clear build failure. Subclasses implement {@link #run(EventLog)}: read their parameters into the request of their
 * goal in {@code dev.kedrovertexai.core.goal}, make that one call, and keep in the project's context what later goals
 * of the build need of its result.
 *
 * <p>Precedence of config values, highest first: {@code -Dvertexai.*} on the command line, the POM's
 * {@code <configuration>} (and properties set by active profiles), {@code conf/<env>/vertexai.yml},
 * {@code conf/base/vertexai.yml}.
 */
abstract class AbstractVertexAiMojo extends AbstractMojo {
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
   * Overrides {@code run_config.template_repository}: the Artifact Registry repository of the Kubeflow Pipelines
   * format that {@code vertexai:upload} uploads the compiled pipeline to, as its name (in {@code project_id} and
   * {@code region}) or its URL {@code https://<region>-kfp.pkg.dev/<project>/<repository>}.
   */
  @Parameter(property = "vertexai.templateRepository")
  String templateRepository;

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
      run(log);
    } catch (KedroVertexAiException e) {
      throw new MojoFailureException(MavenSpelling.INSTANCE.render(e.getMessage()), e);
    } catch (RuntimeException e) {
      // What files, the network or a service caused is the user's to act on; anything else is a bug, and keeps
      // its trace for the report.
      Optional<String> message = UnexpectedFailures.describe("vertexai:" + goalName(), e);
      if (message.isEmpty()) {
        throw e;
      }
      throw new MojoFailureException(message.get(), e);
    }
  }

  /** The pipeline parameter values given in the POM and on the command line, as given. */
  GivenParameters givenParameters() {
    return new GivenParameters(params, paramsSpec);
  }

  /**
   * The {@code image.json} of the image that {@code vertexai:image} built earlier in this build (handed over in the
   * project's context), which a compile names by digest, or null. Marks the project compiled, so that an image
   * built after it is caught instead of ignored.
   */
  Path builtImageForCompile() {
    if (project == null) {
      return null;
    }
    project.setContextValue(ImageMojo.COMPILED, Boolean.TRUE);
    Object builtImage = project.getContextValue(ImageMojo.BUILT_IMAGE);
    return builtImage == null ? null : Path.of(builtImage.toString());
  }

  /** The goal's one call into the core, with the request built from this goal's parameters. */
  abstract void run(EventLog log) throws KedroVertexAiException, MojoExecutionException;

  abstract String goalName();

  ProjectRequest projectRequest() {
    return projectRequest(System.getenv(), session == null ? new Properties() : session.getUserProperties());
  }

  ProjectRequest projectRequest(Map<String, String> environment, Properties commandLine) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : commandLine.stringPropertyNames()) {
      properties.put(name, commandLine.getProperty(name));
    }
    return new ProjectRequest(
        projectDir.toPath(),
        outputDir.toPath(),
        env,
        pipeline,
        python,
        savedDescription(),
        namedParameters(),
        overrides,
        properties,
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

  /** The named parameters that set {@code vertexai.yml} keys, as bound from the POM or the command line. */
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
    named.put("templateRepository", templateRepository);
    return named;
  }
}
