package dev.kedrovertexai.core.vertex;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The labels that mark a job as ours: they are set on every submitted job and schedule, and {@code
 * list-pipelines} filters on the project and pipeline ones. Values are folded into Vertex AI's label alphabet
 * ({@code [a-z0-9_-]}, at most 63 characters).
 */
public final class JobLabels {
  public static final String PROJECT = "kedro-project";
  public static final String PIPELINE = "kedro-pipeline";
  public static final String ENV = "kedro-env";
  public static final String PLUGIN_VERSION = "kedro-vertexai-version";

  /** Vertex AI's limit on labels per resource. */
  public static final int MAX_LABELS = 64;

  static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  static final Pattern VALUE = Pattern.compile("[a-z0-9_-]{0,63}");

  private JobLabels() {}

  /** The labels that identify runs of one Kedro pipeline of one project. */
  public static Map<String, String> identity(String kedroProject, String kedroPipeline) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(PROJECT, value(kedroProject));
    labels.put(PIPELINE, value(kedroPipeline));
    return labels;
  }

  /** {@link #identity} plus the env and the plugin version. */
  public static Map<String, String> submission(
      String kedroProject, String kedroPipeline, String env, String pluginVersion) {
    Map<String, String> labels = identity(kedroProject, kedroPipeline);
    labels.put(ENV, value(env));
    labels.put(PLUGIN_VERSION, value(pluginVersion));
    return labels;
  }

  /** A ListPipelineJobs filter that matches every given label. */
  public static String filter(Map<String, String> labels) {
    StringBuilder filter = new StringBuilder();
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      if (filter.length() > 0) {
        filter.append(" AND ");
      }
      filter.append("labels.").append(label.getKey()).append("=\"").append(label.getValue()).append('"');
    }
    return filter.toString();
  }

  /** {@code Spaceflights 0.1} -> {@code spaceflights-0-1}: lower case, other characters become {@code -}. */
  public static String value(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder folded = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length() && folded.length() < 63; i++) {
      char c = lower.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      folded.append(allowed ? c : '-');
    }
    return folded.toString();
  }

  static boolean validKey(String key) {
    return KEY.matcher(key).matches();
  }

  static boolean validValue(String value) {
    return VALUE.matcher(value).matches();
  }
}
