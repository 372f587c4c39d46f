package dev.kedrovertexai.core.storage;

/**
 * The layout of a run's temporary data under the pipeline root, as the task runtime writes it:
 * {@code <root>/kedro-vertexai-temp/<job name>/<dataset>.bin}, with the run's {@code manifest.json} beside them.
 */
public final class TempData {
  public static final String FOLDER = "kedro-vertexai-temp";
  public static final String MANIFEST = "manifest.json";

  private TempData() {}

  /** {@code <root>/kedro-vertexai-temp/}: every run's folder is below it. */
  public static String runsUrl(String root) {
    return stripSlash(root) + "/" + FOLDER + "/";
  }

  /** {@code <root>/kedro-vertexai-temp/<job name>/}. */
  public static String runUrl(String root, String jobName) {
    return runsUrl(root) + jobName + "/";
  }

  public static String datasetUrl(String root, String jobName, String dataset) {
    return runUrl(root, jobName) + dataset + ".bin";
  }

  public static String manifestUrl(String root, String jobName) {
    return runUrl(root, jobName) + MANIFEST;
  }

  private static String stripSlash(String root) {
    return root.replaceAll("/+$", "");
  }
}
