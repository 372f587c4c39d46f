package dev.kedrovertexai.core.template;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.TestTools;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.TemplateRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real KFP SDK (kfp 2.17.0, {@code test-env/python-kfp.txt}) against the loopback fake of the upload API: its
 * {@code RegistryClient} downloads, by version and by tag, exactly what our upload sent; and its own {@code
 * upload_pipeline} sends a request of the same shape as ours, part by part, which the fake takes.
 */
class TemplateRegistryClientTest {
  private static final String SCRIPT =
      """
      import json, os, sys
      from kfp.registry import ApiAuth, RegistryClient

      host, package, version, out, second = sys.argv[1:6]
      client = RegistryClient(host=host, auth=ApiAuth(os.environ["REGISTRY_TOKEN"]))
      files = {
          "version": client.download_pipeline(package, version=version, file_name=os.path.join(out, "by-version.yaml")),
          "1.2.0": client.download_pipeline(package, tag="1.2.0", file_name=os.path.join(out, "by-release.yaml")),
          "latest": client.download_pipeline(package, tag="latest", file_name=os.path.join(out, "by-latest.yaml")),
      }
      uploaded = client.upload_pipeline(file_name=second, tags=["sdk", "v2"])
      print(json.dumps({"files": files, "uploaded": list(uploaded)}))
      """;

  @TempDir Path dir;

  @Test
  void theKfpSdkReadsBackWhatWasUploadedAndUploadsTheSameWay() throws Exception {
    Path python = TestTools.require(Tool.KFP);
    String token = FakeTemplateRegistry.newFakeToken();
    Path spec = dir.resolve("pipeline.json");
    Files.writeString(spec, TemplateUploaderTest.SPEC);
    Path second = dir.resolve("second.json");
    Files.writeString(second, TemplateUploaderTest.SPEC.replace("spaceflights", "sdk-pipeline"));
    Path out = Files.createDirectories(dir.resolve("downloads"));
    Path home = Files.createDirectories(dir.resolve("home"));

    try (FakeTemplateRegistry registry = new FakeTemplateRegistry("my-project", "kedro-pipelines", token)) {
      UploadedTemplate ours =
          new TemplateUploader(new RecordingLog(), FakeTemplateRegistry.tokens(token, "test"))
              .upload(
                  new UploadRequest(
                      spec,
                      TemplateRepository.resolve(registry.url(), "my-project", "europe-west4"),
                      null,
                      List.of("1.2.0", "latest"),
                      dir.resolve("template.json")));

      ProcessBuilder builder =
          new ProcessBuilder(
                  python.toString(), "-c", SCRIPT, registry.url(), ours.packageName(), ours.version(), out.toString(),
                  second.toString())
              .redirectErrorStream(true);
      // A clean home: no ~/.config/kfp context or credentials of this machine may take part.
      builder.environment().put("HOME", home.toString());
      builder.environment().put("REGISTRY_TOKEN", token);
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
      assertEquals(0, process.exitValue(), output);

      JsonNode result = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
      byte[] uploaded = Files.readAllBytes(spec);
      for (String name : List.of("by-version.yaml", "by-release.yaml", "by-latest.yaml")) {
        assertArrayEquals(uploaded, Files.readAllBytes(out.resolve(name)), name);
      }
      assertEquals(
          List.of(ours.version(), "1.2.0", "latest"),
          registry.downloads().stream().map(path -> path.substring("spaceflights/".length())).toList());

      // The SDK's own upload: accepted, answered as ours was, and built like ours part by part.
      String sdkVersion = UploadedTemplate.sha256(Files.readAllBytes(second));
      assertEquals("[\"sdk-pipeline\",\"" + sdkVersion + "\"]", result.get("uploaded").toString());
      assertEquals(Map.of("sdk", sdkVersion, "v2", sdkVersion), registry.tagsOf("sdk-pipeline"));
      FakeTemplateRegistry.Upload mine = registry.uploads().get(0);
      FakeTemplateRegistry.Upload sdk = registry.uploads().get(1);
      assertEquals("Bearer " + token, sdk.authorization());
      assertTrue(sdk.contentType().startsWith("multipart/form-data; boundary="), sdk.contentType());
      assertEquals(mine.parts().size(), sdk.parts().size());
      assertEquals(mine.parts().get(0).headers(), sdk.parts().get(0).headers());
      assertEquals("sdk,v2", new String(sdk.parts().get(0).body(), StandardCharsets.UTF_8));
      assertEquals(
          mine.parts().get(1).headers(),
          Map.of("content-disposition", sdk.parts().get(1).disposition().replace("second.json", "pipeline.json")));
      assertArrayEquals(Files.readAllBytes(second), sdk.parts().get(1).body());
      assertFalse(output.contains(token), "the token stays out of the SDK's output");
    }
  }
}
