package dev.kedrovertexai.core.vertex;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the Google Cloud console, for people to click on in the build log. */
public final class ConsoleLinks {
  private static final String CONSOLE = "https://console.cloud.google.com/vertex-ai";

  private ConsoleLinks() {}

  /** The page of one pipeline run. */
  public static String job(String projectId, String region, String jobId) {
    return CONSOLE
        + "/locations/"
        + encode(region)
        + "/pipelines/runs/"
        + encode(jobId)
        + "?project="
        + encode(projectId);
  }

  /** The list of pipeline runs of a project. */
  public static String pipelines(String projectId, String region) {
    return CONSOLE + "/pipelines/runs?project=" + encode(projectId) + "&region=" + encode(region);
  }

  /** The list of pipeline schedules of a project. */
  public static String schedules(String projectId, String region) {
    return CONSOLE + "/pipelines/schedules?project=" + encode(projectId) + "&region=" + encode(region);
  }

  /** The page of a Vertex AI experiment, as the Vertex AI SDK links it. */
  public static String experiment(String projectId, String region, String experimentId) {
    return CONSOLE
        + "/experiments/locations/"
        + encode(region)
        + "/experiments/"
        + encode(experimentId)
        + "?project="
        + encode(projectId);
  }

  /** The last segment of a resource name: {@code projects/p/locations/r/pipelineJobs/<id>} -> {@code <id>}. */
  public static String lastSegment(String resourceName) {
    return resourceName.substring(resourceName.lastIndexOf('/') + 1);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
