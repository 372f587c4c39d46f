package dev.kedrovertexai.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.CraneRegistry;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.TestImages;
import dev.kedrovertexai.core.TestTools.Tool;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vertexai:image against a real registry (go-containerregistry's, on loopback) and a real pip: what is pushed, in
 * which layers, that a rebuild pushes only what changed, and that the same inputs give the same digest.
 */
class ImageBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "base/python:3.11-slim";
  /** A pure-Python wheel, pinned as in the Kedro 1.x test environment. */
  private static final String REQUIREMENT = "cloudpickle==3.1.3";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static CraneRegistry registry;
  private static String python;
  private static String pythonVersion;

  @BeforeAll
  static void startRegistry() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    python = kedro.python();
    pythonVersion = kedro.pythonVersion();
    registry = CraneRegistry.start();
    TestImages.pushBase(registry, BASE, Map.of("PYTHON_VERSION", pythonVersion, "LANG", "C.UTF-8"));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private BuiltImage build(Path project, String repositoryAndTag, Path outputDir, Path tarball, RecordingLog log)
      throws Exception {
    return build(project, repositoryAndTag, outputDir, tarball, shared.resolve("cache"), log);
  }

  private BuiltImage build(
      Path project, String repositoryAndTag, Path outputDir, Path tarball, Path cache, RecordingLog log)
      throws Exception {
    return new ImageBuilder(log)
        .build(
            new ImageRequest(
                project,
                outputDir,
                TinyProject.config(registry.host + "/" + repositoryAndTag, registry.host + "/" + BASE, null),
                python,
                RegistryCredentials.NONE,
                true,
                tarball,
                cache,
                System.getenv()));
  }

  private static LayerArchive layer(String repository, JsonNode layer) throws Exception {
    return new LayerArchive(registry.blob(repository, layer.get("digest").asText()));
  }

  @Test
  void pushesTheBaseTheRequirementsAndTheProjectAsLayers() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), REQUIREMENT + "\n");
    RecordingLog log = new RecordingLog();

    BuiltImage built = build(project, "tiny/app:1", dir.resolve("out"), null, log);

    String digest = registry.digest("tiny/app", "1");
    assertEquals(digest, built.digest());
    assertEquals(registry.host + "/tiny/app@" + digest, built.reference());
    assertEquals(BuiltImage.read(dir.resolve("out/image.json")), built);
    JsonNode manifest = registry.manifest("tiny/app", digest);
    assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType").asText());
    JsonNode layers = manifest.get("layers");
    assertEquals(3, layers.size(), "the base's one layer, the dependencies, the project: " + manifest);

    JsonNode config = registry.config("tiny/app", digest);
    assertEquals("amd64", config.get("architecture").asText());
    assertEquals("/app", config.path("config").path("WorkingDir").asText());
    Set<String> environment = new TreeSet<>();
    config.path("config").path("Env").forEach(variable -> environment.add(variable.asText()));
    assertTrue(environment.contains("PYTHONPATH=/opt/dependencies"), environment.toString());
    assertTrue(environment.contains("PYTHON_VERSION=" + pythonVersion), "the base's environment stays: " + environment);

    List<String> dependencies = layer("tiny/app", layers.get(1)).paths();
    assertTrue(dependencies.contains("opt/dependencies/cloudpickle/__init__.py"), dependencies.toString());
    assertTrue(dependencies.stream().anyMatch(path -> path.matches("opt/dependencies/cloudpickle-3\\.1\\.3\\.dist-info/METADATA")));
    assertFalse(dependencies.stream().anyMatch(path -> path.startsWith("opt/dependencies/bin/")), dependencies.toString());
    assertFalse(dependencies.stream().anyMatch(path -> path.endsWith(".pyc")), "pip compiled nothing");

    LayerArchive projectLayer = layer("tiny/app", layers.get(2));
    List<String> files = new ArrayList<>();
    for (LayerArchive.Entry entry : projectLayer.entries()) {
      if (!entry.path().endsWith("/")) {
        files.add(entry.path());
      }
      assertEquals(1000, entry.modified(), "a fixed time: " + entry);
      assertEquals(0, entry.owner(), "owned by root: " + entry);
      assertEquals(entry.path().endsWith("/") ? 0755 : 0644, entry.mode(), entry.path());
    }
    assertEquals(TinyProject.LAYER_FILES.stream().map(file -> "app/" + file).toList(), files.stream().sorted().toList());
    assertTrue(projectLayer.paths().contains("app/conf/local/"), "Kedro's default env folder, empty");

    assertTrue(log.infos().contains("Pushed " + built.reference() + " in " + seconds(log) + " s"), log.text());
    assertTrue(log.text().contains("left out as credentials: conf/base/credentials.yml, conf/base/credentials/\n"), log.text());
  }

  /** No credentials file, nothing of conf/local, no data and no secret's text reaches any layer. */
  @Test
  void credentialsLocalConfigAndDataNeverReachALayer() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), REQUIREMENT + "\n");
    TinyProject.write(project, "src/tiny/credentials.py", "KEY = 'module-secret'\n");
    Path keyFile = project.resolve("conf/base/service-account.json");
    TinyProject.write(project, "conf/base/service-account.json", "{\"private_key\": \"key-secret\"}\n");
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString());

    BuiltImage built =
        new ImageBuilder(new RecordingLog())
            .build(
                new ImageRequest(
                    project, dir.resolve("out"),
                    TinyProject.config(registry.host + "/tiny/secrets:1", registry.host + "/" + BASE, null), python,
                    RegistryCredentials.NONE, true, null, shared.resolve("cache"), environment));

    for (JsonNode layer : registry.manifest("tiny/secrets", built.digest()).get("layers")) {
      Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
      LayerArchive archive = layer("tiny/secrets", layer);
      archive.unpack(unpacked);
      for (String path : archive.paths()) {
        assertFalse(path.contains("credentials"), path);
        assertFalse(path.startsWith("app/data") || path.startsWith("app/conf/local/") && !path.equals("app/conf/local/"), path);
        assertFalse(path.endsWith("service-account.json") || path.contains("/.env"), path);
      }
      try (var files = Files.walk(unpacked)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
          for (String secret : List.of("base-secret", "folder-secret", "local-secret", "module-secret", "key-secret")) {
            assertFalse(text.contains(secret), secret + " in " + file);
          }
        }
      }
    }
  }

  @Test
  void theSameInputsGiveTheSameDigestPushedOrWrittenAsATarball() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), REQUIREMENT + "\n");
    BuiltImage first = build(project, "tiny/same:1", dir.resolve("first"), null, new RecordingLog());
    // Another cache (so pip installs again and Jib compresses again), another repository, another copy of the
    // project with other file times.
    Path copy = TinyProject.create(dir.resolve("copy"), REQUIREMENT + "\n");
    Files.setLastModifiedTime(copy.resolve("src/tiny/settings.py"), java.nio.file.attribute.FileTime.fromMillis(123456789));
    RecordingLog fresh = new RecordingLog();
    BuiltImage second = build(copy, "other/same:2", dir.resolve("second"), null, dir.resolve("other-cache"), fresh);
    assertTrue(fresh.text().contains("Installing the 1 requirements of requirements.txt"), fresh.text());
    Path tarball = dir.resolve("third/image.tar");
    BuiltImage third = build(copy, "tiny/same:1", dir.resolve("third"), tarball, new RecordingLog());

    assertEquals(first.digest(), second.digest());
    assertEquals(first.digest(), third.digest(), "the tarball holds the image that would be pushed");
    assertEquals(tarball.toString(), third.tarball());
    Map<String, byte[]> entries = tarEntries(tarball);
    JsonNode index = JSON.readTree(entries.get("index.json"));
    assertEquals(first.digest(), index.get("manifests").get(0).get("digest").asText());
    assertTrue(entries.containsKey("blobs/sha256/" + first.digest().substring("sha256:".length())));
    assertFalse(Files.exists(dir.resolve("third/.image.tar.partial")));
  }

  @Test
  void aRebuildAfterACodeChangePushesOnlyTheProjectLayer() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), REQUIREMENT + "\n");
    BuiltImage before = build(project, "tiny/change:1", dir.resolve("out"), null, new RecordingLog());
    TinyProject.write(project, "src/tiny/pipeline_registry.py", "def register_pipelines():\n    return {'x': None}\n");
    int requestsBefore = registry.requests().size();
    RecordingLog log = new RecordingLog();

    BuiltImage after = build(project, "tiny/change:1", dir.resolve("out"), null, log);

    assertNotEquals(before.digest(), after.digest());
    JsonNode beforeLayers = registry.manifest("tiny/change", before.digest()).get("layers");
    JsonNode manifest = registry.manifest("tiny/change", after.digest());
    JsonNode layers = manifest.get("layers");
    assertEquals(beforeLayers.get(1), layers.get(1), "the same dependency layer");
    assertEquals(
        List.of(layers.get(2).get("digest").asText(), manifest.get("config").get("digest").asText()),
        registry.uploadedBlobs(requestsBefore),
        "only the project layer and the image's config are uploaded");
    String text = log.text();
    assertTrue(text.contains("reused: the requirements did not change"), text);
    assertTrue(log.infos().stream().anyMatch(line -> line.matches(" +dependencies +sha256:\\w{12} .* already in the registry")), text);
    assertTrue(log.infos().stream().anyMatch(line -> line.matches(" +project +sha256:\\w{12} .* pushed")), text);
    assertTrue(log.infos().stream().anyMatch(line -> line.matches(" +base +1 layers, 1 already in the registry, 0 pushed")), text);
  }

  @Test
  void changedRequirementsAreInstalledAgain() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), REQUIREMENT + "\n");
    build(project, "tiny/requirements:1", dir.resolve("out"), null, new RecordingLog());
    TinyProject.write(project, "requirements.txt", REQUIREMENT + "\n# a comment changes nothing pip does, but the file\n");
    RecordingLog log = new RecordingLog();

    build(project, "tiny/requirements:1", dir.resolve("out"), null, log);

    assertTrue(log.text().contains("Installing the 1 requirements of requirements.txt"), log.text());
    assertFalse(log.text().contains("reused: the requirements did not change"), log.text());
  }

  @Test
  void aProjectWithoutRequirementsGetsNoDependencyLayer() throws Exception {
    Path project = TinyProject.create(dir.resolve("project"), null);
    TinyProject.write(project, "pyproject.toml", Files.readString(project.resolve("pyproject.toml")).replace("[project]\n", "[project]\ndependencies = []\n"));
    RecordingLog log = new RecordingLog();

    BuiltImage built = build(project, "tiny/nodeps:1", dir.resolve("out"), null, log);

    JsonNode layers = registry.manifest("tiny/nodeps", built.digest()).get("layers");
    assertEquals(2, layers.size());
    assertFalse(registry.config("tiny/nodeps", built.digest()).path("config").path("Env").toString().contains("PYTHONPATH"));
    assertTrue(log.text().contains("no dependency layer"), log.text());
  }

  private static String seconds(RecordingLog log) {
    return log.infos().stream()
        .filter(line -> line.startsWith("Pushed "))
        .map(line -> line.replaceFirst(".* in ([0-9.]+) s$", "$1"))
        .findFirst()
        .orElse("?");
  }

  private static Map<String, byte[]> tarEntries(Path tarball) throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        tar.transferTo(content);
        entries.put(entry.getName(), content.toByteArray());
      }
    }
    return entries;
  }
}
