package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.Spelling;

/**
 * Goals and parameters as a Maven user types them: {@code mvn vertexai:compile}, {@code -Dvertexai.env=dev}, and
 * a setting of the POM as {@code POM <overrides><run_config.image>}.
 */
final class MavenSpelling implements Spelling {
  static final MavenSpelling INSTANCE = new MavenSpelling();

  private MavenSpelling() {}

  @Override
  public String goal(String name) {
    return "mvn vertexai:" + name;
  }

  @Override
  public String parameter(String name, String value) {
    return "-Dvertexai." + name + (value == null ? "" : "=" + value);
  }

  @Override
  public String setting(String path) {
    return "POM <" + path.replace("/", "><") + ">";
  }

  @Override
  public String build(String step) {
    return "mvn " + step;
  }
}
