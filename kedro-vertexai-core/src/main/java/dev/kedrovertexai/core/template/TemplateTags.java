package dev.kedrovertexai.core.template;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.util.List;
import java.util.regex.Pattern;

/** The tags an uploaded template gets: the project's version, and {@code latest} for a release. */
public final class TemplateTags {
  public static final String LATEST = "latest";
  private static final String SNAPSHOT = "-SNAPSHOT";
  // Tags travel comma-separated in one form field, and a version starts with sha256: (the KFP SDK refuses such
  // tags), so neither may appear; Artifact Registry's tag characters otherwise.
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private TemplateTags() {}

  /**
   * {@code version}, plus {@code latest} unless it is a {@code -SNAPSHOT}: a snapshot is work in progress, so
   * {@code latest} keeps naming the last release.
   */
  public static List<String> forVersion(String version) throws KedroVertexAiException {
    if (version == null || !TAG.matcher(version).matches()) {
      throw new KedroVertexAiException(
          "The project version '" + version + "' cannot tag a pipeline template: a tag is 1 to 128 letters, digits,"
              + " '.', '_' or '-', not starting with '.' or '-'. Change the project's version.");
    }
    return version.endsWith(SNAPSHOT) ? List.of(version) : List.of(version, LATEST);
  }
}
