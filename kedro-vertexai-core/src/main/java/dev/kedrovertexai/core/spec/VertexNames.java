package dev.kedrovertexai.core.spec;

import java.util.Locale;
import java.util.regex.Pattern;

/** Names and labels in the forms Vertex AI accepts, derived from the Kedro names users write. */
public final class VertexNames {
  /** {@code pipelineInfo.name}; the KFP backend rejects anything else. */
  public static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

  public static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");

  /** Kedro's name of the pipeline that {@code kedro run} runs without {@code --pipeline}. */
  public static final String DEFAULT_KEDRO_PIPELINE = "__default__";

  private static final Pattern NOT_NAME_CHARS = Pattern.compile("[^a-z0-9]+");
  private static final Pattern NOT_LABEL_CHARS = Pattern.compile("[^a-z0-9_-]");
  private static final int MAX_PIPELINE_NAME = 128;
  private static final int MAX_LABEL_VALUE = 63;
  private static final String FALLBACK_PIPELINE_NAME = "kedro-pipeline";

  private VertexNames() {}

  /**
   * {@code pipelineInfo.name} (and the job's display name): the project name, plus {@code -<pipeline>} for
   * any Kedro pipeline but {@code __default__}, lower-cased, every run of other characters turned into one
   * {@code -}, at most 128 characters, never starting or ending with {@code -}.
   */
  public static String pipelineName(String projectName, String kedroPipeline) {
    String base =
        kedroPipeline.equals(DEFAULT_KEDRO_PIPELINE) ? projectName : projectName + "-" + kedroPipeline;
    String name = NOT_NAME_CHARS.matcher(base.toLowerCase(Locale.ROOT)).replaceAll("-");
    name = trimDashes(name);
    if (name.length() > MAX_PIPELINE_NAME) {
      name = trimDashes(name.substring(0, MAX_PIPELINE_NAME));
    }
    return name.isEmpty() ? FALLBACK_PIPELINE_NAME : name;
  }

  /** A label value: lower-cased, characters Vertex refuses replaced by {@code -}, at most 63 characters. */
  public static String labelValue(String text) {
    String value = NOT_LABEL_CHARS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-");
    return value.length() > MAX_LABEL_VALUE ? value.substring(0, MAX_LABEL_VALUE) : value;
  }

  private static String trimDashes(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '-') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(start, end);
  }
}
