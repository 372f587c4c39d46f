package dev.kedrovertexai.core.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run_config.template_repository}: the Artifact Registry repository of the Kubeflow Pipelines format that
 * {@code vertexai:upload} uploads the compiled pipeline to. Written either as the repository's name, which lives in
 * {@code project_id} and {@code region}, or as its URL {@code https://<location>-kfp.pkg.dev/<project>/<repository>}
 * (a repository of another project or location). A plain-HTTP URL on loopback is a local test registry.
 *
 * @param url the registry host the KFP SDK's {@code RegistryClient} is given, without a trailing {@code /}
 * @param project the repository's project
 * @param location the repository's location (region), {@code local} for a local registry
 * @param repository the repository's name
 */
public record TemplateRepository(String url, String project, String location, String repository) {
  // Artifact Registry's repository ids: lower-case letters, digits and hyphens, starting with a letter.
  private static final String NAME = "[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern BARE_NAME = Pattern.compile(NAME);
  // The host form the KFP SDK recognises as Artifact Registry (kfp.registry's kfp_pkg_dev pattern), made strict.
  private static final Pattern REGISTRY_URL =
      Pattern.compile("https://([a-z0-9-]+)-kfp\\.pkg\\.dev/([a-z][a-z0-9.:-]*[a-z0-9])/(" + NAME + ")");
  private static final Pattern LOOPBACK_URL =
      Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost|\\[::1\\]):[0-9]{1,5}/([^/\\s]+)/(" + NAME + ")");

  /** What the key takes, for messages. */
  static final String EXPECTED =
      "expected the name of an Artifact Registry repository of the Kubeflow Pipelines format (lower-case letters,"
          + " digits and hyphens, starting with a letter, e.g. kedro-pipelines; it is then looked up in project_id"
          + " and region) or its URL https://<region>-kfp.pkg.dev/<project>/<repository>";

  /** Empty when {@code value} has one of the accepted forms, else what was expected. */
  static Optional<String> check(String value) {
    String trimmed = stripSlash(value);
    if (BARE_NAME.matcher(trimmed).matches()
        || REGISTRY_URL.matcher(trimmed).matches()
        || LOOPBACK_URL.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    String hint = "";
    if (trimmed.contains("-docker.pkg.dev")) {
      hint = " (a Docker repository holds images, not pipeline templates: create one with --repository-format=kfp)";
    } else if (trimmed.startsWith("http://")) {
      hint = " (plain HTTP only for a local registry on 127.0.0.1 or localhost)";
    }
    return Optional.of("'" + value + "' is not a pipeline template repository" + hint + "; " + EXPECTED);
  }

  /** The repository {@code value} names, a bare name taken to be in {@code projectId} and {@code region}. */
  public static TemplateRepository resolve(String value, String projectId, String region) {
    String trimmed = stripSlash(value);
    if (BARE_NAME.matcher(trimmed).matches()) {
      return new TemplateRepository(
          "https://" + region + "-kfp.pkg.dev/" + projectId + "/" + trimmed, projectId, region, trimmed);
    }
    Matcher registry = REGISTRY_URL.matcher(trimmed);
    if (registry.matches()) {
      return new TemplateRepository(trimmed, registry.group(2), registry.group(1), registry.group(3));
    }
    Matcher loopback = LOOPBACK_URL.matcher(trimmed);
    if (loopback.matches()) {
      return new TemplateRepository(trimmed, loopback.group(1), "local", loopback.group(2));
    }
    throw new IllegalArgumentException(check(value).orElse("unrecognised template repository " + value));
  }

  /** The repository of a loaded config, or null when it has none. */
  public static TemplateRepository of(VertexAiConfig config) {
    String value = config.runConfig().templateRepository();
    return value == null ? null : resolve(value, config.projectId(), config.region());
  }

  /** A local test registry, reached over plain HTTP: it is sent no credentials. */
  public boolean local() {
    return url.startsWith("http://");
  }

  private static String stripSlash(String value) {
    String trimmed = value.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
