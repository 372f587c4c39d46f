package dev.kedrovertexai.core.vertex;

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
 * @param parameterValues resolved runtime parameter values (String, Long, Double, Boolean, List, Map)
 * @param manifest what the run keeps in temporary storage, written to its folder before it is submitted
 */
public record Submission(
    String jobJson,
    String source,
    String kedroProject,
    String kedroPipeline,
    Map<String, Object> parameterValues,
    RunManifest manifest) {
  public Submission {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(jobJson, "jobJson");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kedroProject, "kedroProject");
    Objects.requireNonNull(kedroPipeline, "kedroPipeline");
    parameterValues = java.util.Collections.unmodifiableMap(new TreeMap<>(parameterValues));
  }
}
