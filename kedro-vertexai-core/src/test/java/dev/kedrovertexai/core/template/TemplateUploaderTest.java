package dev.kedrovertexai.core.template;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.config.TemplateRepository;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload of the compiled pipeline: the request the KFP SDK's RegistryClient sends, checked field by field by a
 * loopback fake of the upload API; the record it leaves; and one message for each way it can fail.
 */
class TemplateUploaderTest {
  private static final String IDENTITY = "service account deployer@my-project.iam.gserviceaccount.com";
  static final String SPEC =
      "{\n  \"pipelineInfo\": {\"name\": \"spaceflights\"},\n  \"schemaVersion\": \"2.1.0\",\n"
          + "  \"root\": {\"dag\": {\"tasks\": {}}}\n}\n";

  @TempDir Path dir;
  private final String token = FakeTemplateRegistry.newFakeToken();
  private final RecordingLog log = new RecordingLog();
  private FakeTemplateRegistry registry;
  private Path spec;
  private Path record;

  @BeforeEach
  void start() throws Exception {
    registry = new FakeTemplateRegistry("my-project", "kedro-pipelines", token);
    spec = dir.resolve("target/vertexai/pipeline.json");
    record = dir.resolve("target/vertexai/template.json");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, SPEC);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private UploadRequest request(String url, List<String> tags) {
    return new UploadRequest(
        spec,
        TemplateRepository.resolve(url, "my-project", "europe-west4"),
        "conf/base/vertexai.yml:6:3",
        tags,
        record);
  }

  private UploadedTemplate upload(List<String> tags) throws KedroVertexAiException {
    return new TemplateUploader(log, FakeTemplateRegistry.tokens(token, IDENTITY)).upload(request(registry.url(), tags));
  }

  private KedroVertexAiException fails(AccessTokens tokens, String url) {
    return assertThrows(
        KedroVertexAiException.class,
        () -> new TemplateUploader(log, tokens).upload(request(url, List.of("1.2.0", "latest"))));
  }

  private KedroVertexAiException fails() {
    return fails(FakeTemplateRegistry.tokens(token, IDENTITY), registry.url());
  }

  @Test
  void theBodyIsTheFormTheKfpSdkSends() {
    byte[] body = TemplateUploader.multipart("b0und", "1.2.0,latest", "pipeline.json", "{}".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        "--b0und\r\n"
            + "Content-Disposition: form-data; name=\"tags\"\r\n"
            + "\r\n"
            + "1.2.0,latest\r\n"
            + "--b0und\r\n"
            + "Content-Disposition: form-data; name=\"content\"; filename=\"pipeline.json\"\r\n"
            + "\r\n"
            + "{}\r\n"
            + "--b0und--\r\n",
        new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void aReleaseIsTaggedWithItsVersionAndLatestASnapshotOnlyWithItsVersion() throws Exception {
    assertEquals(List.of("1.2.0", "latest"), TemplateTags.forVersion("1.2.0"));
    assertEquals(List.of("1.3.0-SNAPSHOT"), TemplateTags.forVersion("1.3.0-SNAPSHOT"));
    assertEquals(List.of("2.0.0-rc1", "latest"), TemplateTags.forVersion("2.0.0-rc1"));
    KedroVertexAiException comma = assertThrows(KedroVertexAiException.class, () -> TemplateTags.forVersion("1,2"));
    assertTrue(comma.getMessage().startsWith("The project version '1,2' cannot tag a pipeline template"), comma.getMessage());
    assertThrows(KedroVertexAiException.class, () -> TemplateTags.forVersion("sha256:abc"));
  }

  @Test
  void uploadsTheCompiledPipelineAsTheKfpSdkDoesAndRecordsTheTemplate() throws Exception {
    byte[] content = Files.readAllBytes(spec);
    String digest = UploadedTemplate.sha256(content);

    UploadedTemplate uploaded = upload(List.of("1.2.0", "latest"));

    assertEquals(1, registry.uploads().size());
    FakeTemplateRegistry.Upload sent = registry.uploads().get(0);
    assertEquals("Bearer " + token, sent.authorization());
    assertTrue(sent.contentType().startsWith("multipart/form-data; boundary="), sent.contentType());
    assertEquals(2, sent.parts().size());
    FakeTemplateRegistry.Part tags = sent.parts().get(0);
    assertEquals(Map.of("content-disposition", "form-data; name=\"tags\""), tags.headers());
    assertEquals("1.2.0,latest", new String(tags.body(), StandardCharsets.UTF_8));
    FakeTemplateRegistry.Part file = sent.parts().get(1);
    assertEquals(Map.of("content-disposition", "form-data; name=\"content\"; filename=\"pipeline.json\""), file.headers());
    assertArrayEquals(content, file.body());

    assertEquals(registry.url(), uploaded.repository());
    assertEquals("spaceflights", uploaded.packageName());
    assertEquals(digest, uploaded.version());
    assertEquals(registry.url() + "/spaceflights/" + digest, uploaded.uri());
    assertEquals(Map.of("1.2.0", digest, "latest", digest), registry.tagsOf("spaceflights"));

    JsonNode recorded = new ObjectMapper().readTree(record.toFile());
    assertEquals(registry.url(), recorded.get("repository").asText());
    assertEquals("spaceflights", recorded.get("package").asText());
    assertEquals(digest, recorded.get("version").asText());
    assertEquals("[\"1.2.0\",\"latest\"]", recorded.get("tags").toString());
    assertEquals(uploaded.uri(), recorded.get("template_uri").asText());
    assertEquals(digest, recorded.get("pipeline_sha256").asText());
    assertEquals(uploaded, UploadedTemplate.read(record));

    // What was uploaded is what the download API gives back, by version and by each tag.
    for (String ref : List.of(digest, "1.2.0", "latest")) {
      var download = registry.download("spaceflights", ref, token);
      assertEquals(200, download.statusCode(), ref);
      assertArrayEquals(content, download.body(), ref);
    }
    assertEquals(404, registry.download("spaceflights", "9.9.9", token).statusCode());

    assertEquals(
        List.of(
            "INFO Uploading pipeline spaceflights (pipeline.json, " + content.length + " bytes) to " + registry.url()
                + " with tags 1.2.0, latest as " + IDENTITY),
        log.matching("Uploading"));
    assertEquals(1, log.matching("Uploaded spaceflights/" + digest + " in ").size(), log.text());
    assertEquals(
        List.of(
            "INFO Recorded it in " + record + ": run-once and schedule in this build start their runs from "
                + uploaded.uri()),
        log.matching("Recorded it in"));
    assertFalse(log.text().contains(token), "the token is never logged");
    assertFalse(Files.readString(record).contains(token), "nor recorded");
  }

  @Test
  void aSnapshotDoesNotMoveLatest() throws Exception {
    upload(TemplateTags.forVersion("1.2.0"));
    String release = UploadedTemplate.sha256(Files.readAllBytes(spec));
    Files.writeString(spec, SPEC.replace("2.1.0\"", "2.1.0\", \"sdkVersion\": \"next\""));

    UploadedTemplate snapshot = upload(TemplateTags.forVersion("1.3.0-SNAPSHOT"));

    assertEquals("1.3.0-SNAPSHOT", new String(registry.uploads().get(1).parts().get(0).body(), StandardCharsets.UTF_8));
    assertEquals(
        Map.of("1.2.0", release, "latest", release, "1.3.0-SNAPSHOT", snapshot.version()),
        registry.tagsOf("spaceflights"));
  }

  @Test
  void rejectedCredentialsNameTheIdentityToCheck() {
    KedroVertexAiException e = fails(FakeTemplateRegistry.tokens(FakeTemplateRegistry.newFakeToken(), IDENTITY), registry.url());

    assertEquals(
        "Not authenticated to upload to " + registry.url() + ": the credentials of " + IDENTITY + " were missing,"
            + " expired or rejected. Run `gcloud auth application-default login`, or point"
            + " GOOGLE_APPLICATION_CREDENTIALS at a valid key file. Artifact Registry said: Request had invalid"
            + " authentication credentials.",
        e.getMessage());
    assertFalse(Files.exists(record));
  }

  @Test
  void aDeniedUploadNamesThePermissionAndTheRole() {
    registry.refuseUploads(
        403,
        "{\"error\": {\"code\": 403, \"message\": \"Permission 'artifactregistry.repositories.uploadArtifacts' denied"
            + " on resource\", \"status\": \"PERMISSION_DENIED\"}}");

    assertEquals(
        "Permission denied: " + IDENTITY + " may not upload to the repository " + registry.url()
            + " (run_config.template_repository at conf/base/vertexai.yml:6:3). Grant it the permission"
            + " artifactregistry.repositories.uploadArtifacts on the repository (for example with the role"
            + " roles/artifactregistry.writer). Artifact Registry said: Permission"
            + " 'artifactregistry.repositories.uploadArtifacts' denied on resource",
        fails().getMessage());
  }

  @Test
  void aMissingRepositorySaysHowToCreateIt() {
    String elsewhere = registry.url().replace("/kedro-pipelines", "/other-repo");

    assertEquals(
        "The repository " + elsewhere + " (run_config.template_repository at conf/base/vertexai.yml:6:3) does not"
            + " exist. Create it as a Kubeflow Pipelines repository (gcloud artifacts repositories create other-repo"
            + " --repository-format=kfp --location=local --project=my-project), or fix"
            + " run_config.template_repository. Artifact Registry said: Repository not found",
        fails(FakeTemplateRegistry.tokens(token, IDENTITY), elsewhere).getMessage());
  }

  @Test
  void otherRefusalsGiveTheStatusAndTheServersMessage() {
    registry.refuseUploads(400, "Invalid pipeline: \n  schemaVersion 9.9 is not supported");

    assertEquals(
        "Artifact Registry refused the upload to " + registry.url() + " (run_config.template_repository at"
            + " conf/base/vertexai.yml:6:3): HTTP 400. It said: Invalid pipeline: schemaVersion 9.9 is not supported",
        fails().getMessage());

    registry.refuseUploads(503, "{\"error\": {\"code\": 503, \"message\": \"The service is currently unavailable.\"}}");
    assertTrue(
        fails().getMessage().endsWith(": HTTP 503. It said: The service is currently unavailable."), log.text());
  }

  @Test
  void anAnswerThatIsNotAPackageVersionIsAnError() {
    registry.refuseUploads(200, "<html>login</html>");

    assertEquals(
        "Unexpected answer from " + registry.url() + " to the upload: expected <package>/sha256:<digest>, got"
            + " '<html>login</html>'. Is this the URL of a Kubeflow Pipelines repository?",
        fails().getMessage());
    assertFalse(Files.exists(record));
  }

  @Test
  void anUnreachableHostSaysSoWithoutAStackTrace() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed + "/my-project/kedro-pipelines";

    assertEquals(
        "Cannot reach " + url + " (run_config.template_repository at conf/base/vertexai.yml:6:3): the connection"
            + " was refused. Check the repository's URL (its region and project) and this machine's network and"
            + " proxy settings.",
        fails(AccessTokens.none(), url).getMessage());
  }

  @Test
  void anUnknownHostSaysSo() {
    HttpClient client = HttpClient.newHttpClient();
    UploadRequest request =
        new UploadRequest(
            spec,
            new TemplateRepository("https://nowhere-kfp.pkg.dev.invalid/p/r", "p", "nowhere", "r"),
            null,
            List.of("1"),
            record);
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () ->
                new TemplateUploader(log, AccessTokens.none(), client, () -> "b")
                    .upload(request));

    assertEquals(
        "Cannot reach https://nowhere-kfp.pkg.dev.invalid/p/r: its host name is unknown. Check the repository's URL"
            + " (its region and project) and this machine's network and proxy settings.",
        e.getMessage());
  }

  @Test
  void withoutACompiledPipelineItSaysToCompileFirstAndSendsNothing() throws Exception {
    Files.writeString(record, "{}");
    Files.delete(spec);

    assertEquals(
        "No compiled pipeline to upload: " + spec + " does not exist. Run the compile goal first: {build:deploy} runs it"
            + " in the package phase before the upload, or run {goal:compile} before {goal:upload}.",
        fails().getMessage());
    assertEquals(List.of(), registry.uploads());
    assertFalse(Files.exists(record), "an earlier build's record is gone");
  }

  @Test
  void aRecordThatNoLongerMatchesTheCompiledPipelineStopsTheRun() throws Exception {
    UploadedTemplate uploaded = upload(List.of("1.2.0"));
    RecordingLog runLog = new RecordingLog();

    assertEquals(uploaded.uri(), uploaded.uriFor(spec, record, runLog));
    assertEquals(
        List.of("The run starts from the pipeline template uploaded in this build, " + uploaded.uri()),
        runLog.infos());

    Files.writeString(spec, SPEC.replace("spaceflights", "changed"));
    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> uploaded.uriFor(spec, record, runLog));
    assertEquals(
        spec + " is not the pipeline uploaded in this build by {goal:upload} (" + record + " records " + uploaded.uri()
            + "): it was compiled again with another configuration or pipeline since. Give the upload goal and this"
            + " one the same configuration.",
        e.getMessage());
  }
}
