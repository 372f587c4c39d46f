package dev.kedrovertexai.core.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.FakeMetadataServer;
import dev.kedrovertexai.core.TestTools;
import dev.kedrovertexai.core.TestTools.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run_config.dynamic_config_providers as the task runtime runs them, in the Kedro 1.x environment (no
 * kedro-vertexai installed): classes written for kedro-vertexai's interface, plain classes, kedro-vertexai's own
 * credentials provider against a fake metadata server, and the failures that end a task.
 */
class ConfigProvidersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HARNESS =
      String.join(
          "\n",
          "import json, sys",
          "namespace = {'__name__': 'task_runtime'}",
          "exec(compile(open(sys.argv[1], encoding='utf-8').read(), 'task_runtime.py', 'exec'), namespace)",
          "try:",
          "    print(json.dumps({'value': namespace['write_generated_config'](json.loads(sys.argv[2]), sys.argv[3], 'local')}))",
          "except SystemExit as stop:",
          "    print(json.dumps({'error': str(stop.code)}))");
  private static final String PROVIDERS =
      String.join(
          "\n",
          "from kedro_vertexai.dynamic_config import DynamicConfigProvider",
          "",
          "class Tokens(DynamicConfigProvider):",
          "    def __init__(self, config, **kwargs):",
          "        super().__init__(config, **kwargs)",
          "        self.audience = kwargs['audience']",
          "    @property",
          "    def target_config_file(self):",
          "        return 'credentials.yml'",
          "    def generate_config(self):",
          "        return {'tokens': {'audience': self.audience, 'project': self.config.project_id}}",
          "",
          "class Plain:",
          "    def __init__(self, name):",
          "        self.name = name",
          "    target_config_file = 'plain.yml'",
          "    def generate_config(self):",
          "        return {'name': self.name}",
          "",
          "class Broken(Plain):",
          "    def generate_config(self):",
          "        raise RuntimeError('no token today')",
          "",
          "class Escaping(Plain):",
          "    target_config_file = '../../outside.yml'");

  @TempDir Path dir;
  private Path conf;

  @BeforeEach
  void writeProviders() throws Exception {
    Files.writeString(dir.resolve("my_providers.py"), PROVIDERS);
    Files.writeString(dir.resolve("task_runtime.py"), PythonScripts.taskScript());
    Files.writeString(dir.resolve("harness.py"), HARNESS);
    conf = Files.createDirectories(dir.resolve("project/conf/local"));
  }

  private JsonNode write(String cls, Map<String, Object> params, Map<String, String> environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                TestTools.require(Tool.KEDRO_1).toString(),
                dir.resolve("harness.py").toString(),
                dir.resolve("task_runtime.py").toString(),
                JSON.writeValueAsString(Map.of("cls", cls, "params", params)),
                conf.toString())
            .directory(dir.toFile());
    builder.environment().put("PYTHONPATH", dir.toString());
    builder.environment().put("GCP_PROJECT_ID", "acme-ml");
    builder.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
    builder.environment().putAll(environment);
    Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);
    return JSON.readTree(output.strip().lines().reduce((first, last) -> last).orElse("{}"));
  }

  @Test
  void aKedroVertexaiProviderWorksWithoutKedroVertexaiAndMergesIntoTheFile() throws Exception {
    Files.writeString(conf.resolve("credentials.yml"), "tokens: {old: 1}\nother: {kept: true}\n");

    JsonNode result = write("my_providers.Tokens", Map.of("audience", "mlflow"), Map.of());

    assertEquals(conf.resolve("credentials.yml").toRealPath().toString(), result.path("value").asText(), result.toString());
    // kedro-vertexai's merge: the generated top-level keys replace the file's, the others stay.
    assertEquals(
        List.of("other:", "  kept: true", "tokens:", "  audience: mlflow", "  project: acme-ml"),
        Files.readAllLines(conf.resolve("credentials.yml")));
  }

  @Test
  void aPlainClassTakesItsParamsAsKeywords() throws Exception {
    write("my_providers.Plain", Map.of("name", "x"), Map.of());
    assertEquals(List.of("name: x"), Files.readAllLines(conf.resolve("plain.yml")));
  }

  @Test
  void aProviderThatCannotBeImportedOrFailsOrEscapesEndsTheTaskNamingIt() throws Exception {
    assertEquals(
        "Dynamic config provider my_providers.Missing cannot be imported: AttributeError: module 'my_providers' has no"
            + " attribute 'Missing'",
        write("my_providers.Missing", Map.of(), Map.of()).path("error").asText());
    assertEquals(
        "Dynamic config provider nowhere.Tokens cannot be imported: ModuleNotFoundError: No module named 'nowhere'",
        write("nowhere.Tokens", Map.of(), Map.of()).path("error").asText());
    assertEquals(
        "Dynamic config provider my_providers.Broken failed: RuntimeError: no token today",
        write("my_providers.Broken", Map.of("name", "x"), Map.of()).path("error").asText());
    assertEquals(
        "Dynamic config provider my_providers.Tokens failed: KeyError: 'audience'",
        write("my_providers.Tokens", Map.of(), Map.of()).path("error").asText());
    String escaping = write("my_providers.Escaping", Map.of("name", "x"), Map.of()).path("error").asText();
    assertTrue(
        escaping.startsWith(
            "Dynamic config provider my_providers.Escaping failed: ValueError: its target_config_file"
                + " '../../outside.yml' is not a file inside "),
        escaping);
    assertFalse(Files.exists(dir.resolve("project/outside.yml")));
    assertFalse(Files.exists(dir.resolve("outside.yml")));
  }

  @Test
  void kedroVertexaisOauthCredentialsProviderWritesAnIdTokenForItsClientId() throws Exception {
    try (FakeMetadataServer metadata = FakeMetadataServer.start()) {
      JsonNode result =
          write(
              "kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider",
              Map.of("client_id", "123-abc.apps.googleusercontent.com"),
              metadata.environment());
      assertFalse(result.has("error"), result.toString());
      assertEquals(List.of("123-abc.apps.googleusercontent.com"), metadata.audiences);
      assertEquals(
          List.of(
              "gcp_credentials:",
              "  MLFLOW_TRACKING_TOKEN: " + metadata.token("123-abc.apps.googleusercontent.com")),
          Files.readAllLines(conf.resolve("credentials.yml")));
    }
  }
}
