package dev.kedrovertexai.core;

/** A front end's spelling for tests, unlike any build tool's, so that a test sees what the front end decides. */
public final class PlainSpelling implements Spelling {
  public static final PlainSpelling INSTANCE = new PlainSpelling();

  private PlainSpelling() {}

  @Override
  public String goal(String name) {
    return "kv " + name;
  }

  @Override
  public String parameter(String name, String value) {
    return "--" + name + (value == null ? "" : "=" + value);
  }

  @Override
  public String setting(String path) {
    return "settings." + path.replace('/', '.');
  }

  @Override
  public String build(String step) {
    return "kv-build " + step;
  }
}
