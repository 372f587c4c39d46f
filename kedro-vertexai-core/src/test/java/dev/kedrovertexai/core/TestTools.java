package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/**
 * The real tools the tests run against, as {@code test-env/provision.py} set them up for this build (it runs
 * before the tests, and writes {@code target/test-env/environment.json}). A test that needs a tool asks {@link
 * #require}: when the tool is missing, the test fails in CI ({@code CI=true}) and is skipped elsewhere, saying
 * why in both cases.
 */
public final class TestTools {
  /** A tool by its name in {@code environment.json}. */
  public enum Tool {
    KEDRO_1("kedro-1"),
    KEDRO_0_19("kedro-0.19"),
    KEDRO_MLFLOW("kedro-mlflow"),
    FAKE_GCS_SERVER("fake-gcs-server"),
    ACTIONLINT("actionlint"),
    CRANE("crane");

    public final String id;

    Tool(String id) {
      this.id = id;
    }
  }

  /** Set by the build to the {@code environment.json} of this module. */
  public static final String ENVIRONMENT_PROPERTY = "kedrovertexai.testEnv";

  private static final TestTools BUILD = new TestTools(read(environmentFile()));
  private static final Set<Tool> REPORTED = new HashSet<>();

  private final JsonNode found;

  private TestTools(JsonNode found) {
    this.found = found;
  }

  /**
   * For an integration test's hook scripts, which run outside the tests' JVM: the interpreter of the Kedro 1.x
   * environment recorded in {@code environmentFile}, or null when the test {@code name} is to be skipped (saying
   * why). In CI a missing interpreter fails instead.
   */
  public static String kedroPythonForIntegrationTest(String environmentFile, String name) {
    return toolForIntegrationTest(environmentFile, Tool.KEDRO_1, name);
  }

  /**
   * For an integration test's hook scripts: the path of {@code tool} as recorded in {@code environmentFile}, or
   * null when the test {@code name} is to be skipped (saying why). In CI a missing tool fails instead.
   */
  public static String toolForIntegrationTest(String environmentFile, Tool tool, String name) {
    TestTools tools = new TestTools(read(Path.of(environmentFile)));
    String missing = tools.missingTool(tool);
    if (missing == null) {
      return tools.found.get(tool.id).get("path").asText();
    }
    if (inCi()) {
      throw new IllegalStateException(tool.id + " is not available: " + missing + " (CI=true: every test must run)");
    }
    System.out.println("Skipping " + name + ": " + tool.id + " is not available: " + missing);
    return null;
  }

  /** True when the tests run in CI, where nothing may be skipped. */
  public static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && Set.of("true", "1", "yes").contains(ci.strip().toLowerCase(Locale.ROOT));
  }

  /** Why the tool cannot be used here, or null when it can. */
  public static String missing(Tool tool) {
    return BUILD.missingTool(tool);
  }

  private String missingTool(Tool tool) {
    if (found.has("error")) {
      return found.get("error").asText();
    }
    JsonNode entry = found.path(tool.id);
    if (entry.has("path") && Files.exists(Path.of(entry.get("path").asText()))) {
      return null;
    }
    if (entry.has("unavailable")) {
      return entry.get("unavailable").asText();
    }
    return entry.has("path")
        ? entry.get("path").asText() + " does not exist: run the build again to set it up"
        : "test-env/provision.py set up no " + tool.id;
  }

  /**
   * The tool's path (for a Python environment, its interpreter). When it is missing: in CI the calling test fails,
   * elsewhere it is skipped; both say why.
   */
  public static Path require(Tool tool) {
    String missing = missing(tool);
    if (missing == null) {
      return Path.of(BUILD.found.get(tool.id).get("path").asText());
    }
    String reason = tool.id + " is not available: " + missing;
    if (inCi()) {
      fail(reason + " (CI=true: every test must run)");
    }
    synchronized (REPORTED) {
      if (REPORTED.add(tool)) {
        System.out.println("Skipping the tests that need " + reason);
      }
    }
    throw new TestAbortedException(reason);
  }

  private static Path environmentFile() {
    String configured = System.getProperty(ENVIRONMENT_PROPERTY);
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of("target", "test-env", "environment.json").toAbsolutePath();
  }

  private static JsonNode read(Path file) {
    ObjectMapper json = new ObjectMapper();
    if (!Files.isRegularFile(file)) {
      return json.createObjectNode()
          .put(
              "error",
              file + " does not exist: the build sets the tools up before the tests (mvn verify), or run "
                  + "python3 test-env/provision.py --out " + file.getParent());
    }
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      return json.createObjectNode().put("error", "cannot read " + file + ": " + e.getMessage());
    }
  }
}
