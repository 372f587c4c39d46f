package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.aiplatform.v1.PipelineJob;
import dev.kedrovertexai.core.template.FakeTemplateRegistry;
import dev.kedrovertexai.core.template.UploadedTemplate;
import dev.kedrovertexai.core.vertex.FakeVertexAi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload goal in a build: off without a template repository (unless asked for on the command line), refused
 * after run-once, and handing its template.json to the run-once after it, whose job then names the template.
 */
class UploadMojoTest {
  private static final String IDENTITY = "service account deployer@my-project.iam.gserviceaccount.com";

  @TempDir Path dir;
  private GoalTestProject tiny;
  private MavenProject project;
  private final List<String> infos = new ArrayList<>();

  @BeforeEach
  void projectFiles() throws Exception {
    tiny = new GoalTestProject(dir).config();
    project = tiny.maven;
  }

  private <T extends AbstractVertexAiMojo> T configure(T mojo) {
    tiny.configure(mojo).setLog(
        new SystemStreamLog() {
          @Override
          public void info(CharSequence content) {
            infos.add(content.toString());
          }
        });
    return mojo;
  }

  private UploadMojo upload(MojoExecution.Source source) {
    UploadMojo mojo = configure(new UploadMojo());
    mojo.mojoExecution = new MojoExecution(new MojoDescriptor(), "default", source);
    return mojo;
  }

  @Test
  void boundToTheLifecycleItSaysWhyItSkipsWithoutARepository() throws Exception {
    upload(MojoExecution.Source.LIFECYCLE).execute();

    assertEquals(
        List.of("Skipping upload: no template repository (set run_config.template_repository, or"
            + " -Dvertexai.templateRepository)"),
        infos.stream().filter(line -> line.startsWith("Skipping")).toList());
    assertEquals(List.of("Vertex AI config: conf/base/vertexai.yml (Kedro env local)"),
        infos.stream().filter(line -> !line.startsWith("Skipping")).toList(), "nothing else happens");
    assertFalse(Files.exists(dir.resolve("target/vertexai/template.json")));
    assertNull(project.getContextValue(UploadMojo.UPLOADED_TEMPLATE));
  }

  @Test
  void askedForOnTheCommandLineItNamesTheMissingKey() {
    MojoFailureException failure =
        assertThrows(MojoFailureException.class, () -> upload(MojoExecution.Source.CLI).execute());

    assertEquals(
        "No template repository to upload the pipeline to: set run_config.template_repository in"
            + " conf/base/vertexai.yml (a Kubeflow Pipelines repository of Artifact Registry, e.g. kedro-pipelines),"
            + " or -Dvertexai.templateRepository=<name or URL>",
        failure.getMessage());
  }

  @Test
  void withoutACompiledPipelineItSaysToCompileFirst() {
    UploadMojo mojo = upload(MojoExecution.Source.LIFECYCLE);
    mojo.templateRepository = "http://127.0.0.1:9/my-project/kedro";

    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

    assertEquals(
        "No compiled pipeline to upload: " + dir.resolve("target/vertexai/pipeline.json") + " does not exist. Run the"
            + " compile goal first: mvn deploy runs it in the package phase before the upload, or run mvn"
            + " vertexai:compile before mvn vertexai:upload.",
        failure.getMessage());
  }

  @Test
  void afterRunOnceOfTheSameBuildItRefusesToRun() {
    project.setContextValue(UploadMojo.SUBMITTED, Boolean.TRUE);
    UploadMojo mojo = upload(MojoExecution.Source.LIFECYCLE);
    mojo.templateRepository = "kedro-pipelines";

    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

    assertEquals(
        "mvn vertexai:upload runs after run-once or schedule of this build, whose runs would then not start from the"
            + " template it uploads: list the upload goal before them in POM <goals>, or run mvn"
            + " vertexai:upload before them on the command line",
        failure.getMessage());
  }

  @Test
  void theRunOnceAfterItStartsFromTheUploadedTemplate() throws Exception {
    String token = FakeTemplateRegistry.newFakeToken();
    try (FakeTemplateRegistry registry = new FakeTemplateRegistry("my-project", "kedro-pipelines", token);
        FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      configure(new CompileMojo()).execute();
      UploadMojo upload = upload(MojoExecution.Source.LIFECYCLE);
      upload.templateRepository = registry.url();
      upload.tokens = FakeTemplateRegistry.tokens(token, IDENTITY);
      upload.execute();

      Path record = dir.resolve("target/vertexai/template.json");
      assertEquals(record.toString(), project.getContextValue(UploadMojo.UPLOADED_TEMPLATE));
      UploadedTemplate uploaded = UploadedTemplate.read(record);
      assertEquals(List.of("1.2.0", "latest"), uploaded.tags());
      assertEquals(
          "1.2.0,latest",
          new String(registry.uploads().get(0).parts().get(0).body(), java.nio.charset.StandardCharsets.UTF_8));

      RunOnceMojo runOnce = configure(new RunOnceMojo());
      runOnce.endpoint = "http://127.0.0.1:" + vertex.port();
      runOnce.pollInterval = "1s";
      runOnce.execute();

      PipelineJob sent = vertex.createRequests().get(0).getPipelineJob();
      String digest = UploadedTemplate.sha256(Files.readAllBytes(dir.resolve("target/vertexai/pipeline.json")));
      assertEquals(registry.url() + "/tiny/" + digest, sent.getTemplateUri());
      assertEquals(uploaded.uri(), sent.getTemplateUri());
      assertEquals(
          "tiny",
          sent.getPipelineSpec().getFieldsOrThrow("pipelineInfo").getStructValue().getFieldsOrThrow("name")
              .getStringValue());
      assertEquals(
          1,
          infos.stream()
              .filter(("The run starts from the pipeline template uploaded in this build, " + uploaded.uri())::equals)
              .count(),
          String.join("\n", infos));
      assertFalse(String.join("\n", infos).contains(token));
    }
  }
}
