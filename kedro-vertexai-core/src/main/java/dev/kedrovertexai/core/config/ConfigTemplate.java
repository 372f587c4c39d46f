package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commented starting {@code conf/base/vertexai.yml} that {@code init} writes. It loads as written (image and
 * root are valid placeholders), and every commented example is valid config too: the template marks example
 * lines, and tests load the file with all of them uncommented.
 */
public final class ConfigTemplate {
  /** Marks an example line: written as a comment, uncommented by {@link #render(Map, boolean)} for tests. */
  private static final String EXAMPLE = "#~ ";

  private static final String TEMPLATE =
      """
      # Vertex AI settings of this Kedro project, read by kedro-vertexai-maven-plugin (see its README).
      # conf/<env>/vertexai.yml is merged over this file key by key (env: -Dvertexai.env, else KEDRO_ENV, else
      # local); POM settings and -Dvertexai.yml.<key path>=<value> override both.
      # ${oc.env:VAR} and ${oc.env:VAR,default} read environment variables.

      project_id: {project_id}
      region: {region}

      run_config:
        # The image every task runs: this Kedro project with kedro, cloudpickle, fsspec and gcsfs installed.
        image: {region}-docker.pkg.dev/{project_id}/{name}/{name}:latest

        # To build and push that image from mvn package (the vertexai:image goal), without Docker: the project's
        # requirements and the project go on this base image, and the compiled pipeline names the image by digest.
        #~ image_build:
        #~   base_image: python:3.11-slim

        # Cloud Storage location for pipeline outputs and the datasets passed between tasks:
        # bucket/prefix or gs://bucket/prefix.
        root: {project_id}-vertexai/{name}

        # The Vertex AI experiment that records the runs (lower-case letters, digits, hyphens), created with this
        # description when missing. run-once records each run as it starts; scheduled runs are recorded by the
        # next mvn vertexai:schedule, as Vertex AI schedules cannot record them.
        experiment_name: {name}-experiment
        #~ experiment_description: Runs of the {name} pipelines

        #~ description: The {name} Kedro pipeline
        #~ scheduled_run_name: {name}-scheduled
        #~ service_account: pipelines@{project_id}.iam.gserviceaccount.com

        # The VPC to peer with (its full name, with the project *number*) and extra /etc/hosts entries.
        #~ network:
        #~   vpc: projects/123456789012/global/networks/my-vpc
        #~   host_aliases:
        #~     - ip: 10.10.0.2
        #~       hostnames: [mlflow.internal]

        # Resources per task. Keys are Kedro node names (in full, with their namespace), node tags, or group
        # names; a node name beats a tag, a tag beats __default__. A key that matches no node is an error, so
        # adapt the commented examples to names from target/vertexai/plan.md before uncommenting them.
        resources:
          __default__:
            cpu: 500m
            memory: 1024Mi
          #~ train_model_node:    # a node name
          #~   cpu: 4
          #~   memory: 16Gi
          #~ gpu:                 # a tag
          #~   gpu: 1

        # The accelerator of tasks that request a gpu, keyed like resources.
        #~ node_selectors:
        #~   gpu:
        #~     cloud.google.com/gke-accelerator: NVIDIA_TESLA_T4

        # How Kedro nodes become Vertex AI tasks. Default: one task per node
        # (kedro_vertexai.grouping.IdentityNodeGrouper). kedro_vertexai.grouping.TagNodeGrouper groups nodes
        # tagged <tag_prefix><group>; auto merges nodes into as few tasks as keeps the pipeline as fast.
        # auto takes every node to last node_seconds, unless node_timings names the timings.json of a
        # vertexai:run-local (relative to the project), copied next to this file.
        #~ grouping:
        #~   cls: auto
        #~   params:
        #~     tag_prefix: group.
        #~     task_overhead_seconds: 90
        #~     node_timings: conf/base/node-timings.json

        # Pipeline parameters: inputs of every run, handed to Kedro as runtime params.
        # Set them with -Dvertexai.params=name=value,...; one without a default must be given.
        #~ parameters:
        #~   model_version:
        #~     type: string
        #~     default: v1
        #~   epochs:
        #~     type: int

        # Schedules for mvn vertexai:schedule, keyed by pipeline name or default_schedule.
        #~ schedules:
        #~   default_schedule:
        #~     cron_expression: "0 6 * * 1-5"
        #~     timezone: Etc/UTC
        #~     max_concurrent_run_count: 1

        # Reuse the results of identical task runs.
        enable_caching: false

        # A dataset the catalog writes to a local path and a task in another container reads goes through the
        # run's temporary storage as well, with a warning (store); error stops the compile instead. Either way,
        # give such datasets gs:// paths in the catalog of the Kedro env you compile for Vertex AI.
        #~ local_datasets: error

        # A customer-managed encryption key (Cloud KMS, in the jobs' region).
        #~ encryption_key: projects/{project_id}/locations/{region}/keyRings/my-ring/cryptoKeys/my-key

        # Labels for every job.
        #~ labels:
        #~   team: data-science

        # A registered Kedro pipeline that runs after this one whatever its outcome (a Kubeflow exit handler); its
        # nodes read the outcome (status, failed tasks) as the runtime parameter pipeline_outcome.
        #~ on_exit_pipeline: notify

        # MLflow: with kedro-mlflow active in the project, each run is one MLflow run that every task logs into,
        # ended with the pipeline's outcome. For an MLflow behind Identity-Aware Proxy, every request gets a Google
        # ID token for the proxy's OAuth client id (add service_account to have IAM sign it for that account).
        #~ mlflow:
        #~   enabled: true
        #~   request_header_provider_params:
        #~     client_id: 123456789012-abc.apps.googleusercontent.com

        # Classes in the image that write a config file into conf/<env> before each task's Kedro session starts
        # (kedro-vertexai's interface; its own classes work without kedro-vertexai installed).
        #~ dynamic_config_providers:
        #~   - cls: kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider
        #~     params:
        #~       client_id: 123456789012-abc.apps.googleusercontent.com
      """;

  private ConfigTemplate() {}

  /** The project's {@code conf/base/vertexai.yml} (or {@code .yaml}), or null when it has none. */
  public static Path existing(Path projectDir) {
    Path baseDir = projectDir.resolve("conf").resolve("base");
    for (String name : List.of("vertexai.yml", "vertexai.yaml")) {
      if (Files.exists(baseDir.resolve(name))) {
        return baseDir.resolve(name);
      }
    }
    return null;
  }

  /**
   * Writes {@code conf/base/vertexai.yml} (or overwrites the existing {@code .yaml} with {@code force}) and
   * returns its path. {@code projectName} names the image, bucket prefix and experiment; null uses the
   * project directory's name.
   */
  public static Path write(Path projectDir, String projectId, String region, String projectName, boolean force)
      throws KedroVertexAiException {
    List<String> missing = new ArrayList<>();
    if (projectId == null || projectId.isBlank()) {
      missing.add("-Dvertexai.projectId=<GCP project id>");
    }
    if (region == null || region.isBlank()) {
      missing.add("-Dvertexai.region=<region, e.g. europe-west4>");
    }
    if (!missing.isEmpty()) {
      throw new KedroVertexAiException("mvn vertexai:init needs " + String.join(" and ", missing));
    }
    List<Problem> problems = new ArrayList<>();
    Formats.projectId(projectId.trim()).ifPresent(message -> problems.add(new Problem(Origin.of("-Dvertexai.projectId"), "", message)));
    Formats.region(region.trim()).ifPresent(message -> problems.add(new Problem(Origin.of("-Dvertexai.region"), "", message)));
    if (!problems.isEmpty()) {
      throw new ProblemsException("Cannot write conf/base/vertexai.yml", problems);
    }
    Path target = projectDir.resolve("conf").resolve("base").resolve("vertexai.yml");
    Path existing = existing(projectDir);
    if (existing != null && !force) {
      throw new KedroVertexAiException(
          ConfigLoader.relative(projectDir, existing) + " already exists; to replace it, run again with -Dvertexai.force=true");
    }
    if (existing != null) {
      target = existing;
    }
    String name = projectName == null || projectName.isBlank()
        ? String.valueOf(projectDir.toAbsolutePath().normalize().getFileName())
        : projectName;
    String text = render(values(projectId.trim(), region.trim(), name), false);
    try {
      AtomicFiles.write(target, text);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  static Map<String, String> values(String projectId, String region, String projectName) {
    String name = Formats.sanitizedName(projectName, 40);
    return Map.of("project_id", projectId, "region", region, "name", name.isEmpty() ? "kedro-project" : name);
  }

  /** The template text, with the example lines commented out, or uncommented ({@code examples}) for tests. */
  static String render(Map<String, String> values, boolean examples) {
    String text = TEMPLATE;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{" + value.getKey() + "}", value.getValue());
    }
    return text.replace(EXAMPLE, examples ? "" : "# ");
  }
}
