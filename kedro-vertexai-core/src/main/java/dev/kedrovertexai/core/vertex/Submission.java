package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.storage.RunManifest;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A compiled pipeline to run or schedule.
 *
 * @param jobJson the content of {@code pipeline-job.json}
 * @param source where it came from, for messages ({@code target/vertexai/pipeline-job.json})
 * @param kedroProject the Kedro project name, for the labels
 * @param kedroPipeline the registered Kedro pipeline name, for the labels
 * @param parameterValues resolved runtime parameter values, by name
 * @param manifest what the run keeps in temporary storage, written to its folder before it is submitted
 * @param templateUri the pipeline template uploaded for this compile ({@code https://<region>-kfp.pkg.dev/...}),
 *     which the job names as its {@code template_uri}, or null
 */
public record Submission(
    String jobJson,
    String source,
    String kedroProject,
    String kedroPipeline,
    Map<String, ParameterValue> parameterValues,
    RunManifest manifest,
    String templateUri) {
  public Submission {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(jobJson, "jobJson");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kedroProject, "kedroProject");
    Objects.requireNonNull(kedroPipeline, "kedroPipeline");
    parameterValues = java.util.Collections.unmodifiableMap(new TreeMap<>(parameterValues));
  }

  /** A submission that starts from no uploaded template. */
  public Submission(
      String jobJson,
      String source,
      String kedroProject,
      String kedroPipeline,
      Map<String, ParameterValue> parameterValues,
      RunManifest manifest) {
    this(jobJson, source, kedroProject, kedroPipeline, parameterValues, manifest, null);
  }

  /** This submission, its job started from the template at {@code uri}. */
  public Submission withTemplateUri(String uri) {
    return new Submission(jobJson, source, kedroProject, kedroPipeline, parameterValues, manifest, uri);
  }
}
