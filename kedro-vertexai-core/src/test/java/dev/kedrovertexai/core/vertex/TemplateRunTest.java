package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.kedrovertexai.core.config.TemplateRepository;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.template.FakeTemplateRegistry;
import dev.kedrovertexai.core.template.TemplateTags;
import dev.kedrovertexai.core.template.TemplateUploader;
import dev.kedrovertexai.core.template.UploadRequest;
import dev.kedrovertexai.core.template.UploadedTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs and schedules started from an uploaded pipeline template name it as the job's {@code template_uri}, as the
 * Vertex AI SDK's {@code PipelineJob(template_path=<registry URL>)} does, and still carry the pipeline spec.
 */
class TemplateRunTest extends InProcessVertexTest {
  private static final String URI =
      "https://europe-west4-kfp.pkg.dev/my-gcp-project/kedro-pipelines/spaceflights/sha256:"
          + "0123456789abcdef".repeat(4);

  @TempDir Path dir;

  private VertexAiService service() {
    VertexAiConfig config = Fixtures.config(Fixtures.runConfig(null, null, false, null, Map.of(), Map.of(), null));
    return vertex.service(config, bucket -> true, log, time, 7);
  }

  private static String pipelineName(PipelineJob job) {
    return job.getPipelineSpec().getFieldsOrThrow("pipelineInfo").getStructValue().getFieldsOrThrow("name").getStringValue();
  }

  @Test
  void aRunFromATemplateNamesItAndKeepsTheSpec() throws Exception {
    service().runOnce(Fixtures.submission(Map.of()).withTemplateUri(URI), VertexAiServiceTest.SUBMIT_ONLY);

    CreatePipelineJobRequest request = vertex.fake.createRequests().get(0);
    PipelineJob sent = request.getPipelineJob();
    assertEquals(URI, sent.getTemplateUri());
    assertEquals("spaceflights", pipelineName(sent));
    assertEquals("gs://kedro-bucket/runs", sent.getRuntimeConfig().getGcsOutputDirectory());
    assertEquals(Fixtures.PARENT, request.getParent());
  }

  @Test
  void aRunWithoutATemplateHasNoTemplateUri() throws Exception {
    service().runOnce(Fixtures.submission(Map.of()), VertexAiServiceTest.SUBMIT_ONLY);

    assertEquals("", vertex.fake.createRequests().get(0).getPipelineJob().getTemplateUri());
  }

  @Test
  void aScheduleFromATemplateNamesItInItsCreateRequest() throws Exception {
    service().schedule(Fixtures.submission(Map.of()).withTemplateUri(URI), null, ScheduleOverrides.NONE);

    Schedule stored = vertex.fake.schedules().get(0);
    PipelineJob job = stored.getCreatePipelineJobRequest().getPipelineJob();
    assertEquals(URI, job.getTemplateUri());
    assertEquals("spaceflights", pipelineName(job));
  }

  @Test
  void theRunAfterAnUploadStartsFromWhatWasUploaded() throws Exception {
    // pipeline.json as compile writes it: the pipelineSpec of pipeline-job.json.
    PipelineJob compiled = PipelineJobBuilder.parse(Fixtures.jobJson(), "pipeline-job.json");
    Path spec = dir.resolve("pipeline.json");
    Files.writeString(spec, JsonFormat.printer().print(compiled.getPipelineSpec()));
    Path record = dir.resolve("template.json");
    String token = FakeTemplateRegistry.newFakeToken();

    try (FakeTemplateRegistry registry = new FakeTemplateRegistry("my-gcp-project", "kedro-pipelines", token)) {
      TemplateRepository repository = TemplateRepository.resolve(registry.url(), "my-gcp-project", "europe-west4");
      new TemplateUploader(log, FakeTemplateRegistry.tokens(token, Fixtures.IDENTITY))
          .upload(new UploadRequest(spec, repository, "{param:templateRepository}", TemplateTags.forVersion("1.0.0"), record));
      String uri = UploadedTemplate.read(record).uriFor(spec, record, log);

      service().runOnce(Fixtures.submission(Map.of()).withTemplateUri(uri), VertexAiServiceTest.SUBMIT_ONLY);

      PipelineJob sent = vertex.fake.createRequests().get(0).getPipelineJob();
      String digest = UploadedTemplate.sha256(Files.readAllBytes(spec));
      String prefix = "http://127.0.0.1:";
      String templateUri = sent.getTemplateUri();
      assertEquals(prefix, templateUri.substring(0, prefix.length()));
      String[] path = templateUri.substring(templateUri.indexOf('/', prefix.length()) + 1).split("/");
      assertEquals("my-gcp-project", path[0]);
      assertEquals("kedro-pipelines", path[1]);
      assertEquals("spaceflights", path[2]);
      assertEquals(digest, path[3]);
      assertEquals(4, path.length);

      // The template the job names is the spec it carries (apart from the caching options set at submission).
      var download = registry.download(path[2], path[3], token);
      Struct.Builder template = Struct.newBuilder();
      JsonFormat.parser().merge(new String(download.body(), StandardCharsets.UTF_8), template);
      assertEquals(
          PipelineJobBuilder.withCaching(template.build(), false), sent.getPipelineSpec());
      assertFalse(log.text().contains(token));
    }
  }
}
