package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTemplateTest {
  @TempDir Path projectDir;

  @Test
  void writtenFileLoadsAsIsWithValidPlaceholders() throws Exception {
    Path written = ConfigTemplate.write(projectDir, "my-project", "europe-west4", "Spaceflights Demo", false);

    assertEquals(projectDir.resolve("conf/base/vertexai.yml"), written);
    ConfigFixture fixture = new ConfigFixture(projectDir);
    VertexAiConfig config = fixture.load();
    assertEquals("my-project", config.projectId());
    assertEquals("europe-west4", config.region());
    RunConfig run = config.runConfig();
    assertEquals("europe-west4-docker.pkg.dev/my-project/spaceflights-demo/spaceflights-demo:latest", run.image());
    assertEquals("my-project-vertexai/spaceflights-demo", run.root());
    assertEquals("spaceflights-demo-experiment", run.experimentName());
    assertEquals(Map.of(RunConfig.DEFAULT_KEY, new ResourceRequest("500m", "1024Mi", null)), run.resources());
    assertEquals(GroupingConfig.NONE, run.grouping());
    assertTrue(run.parameters().isEmpty());
    assertTrue(fixture.warnings().isEmpty(), fixture.warnings().toString());
  }

  @Test
  void writtenFileLoadsOnceImageAndRootAreEdited() throws Exception {
    ConfigTemplate.write(projectDir, "my-project", "us-central1", "shop", false);
    Path file = projectDir.resolve("conf/base/vertexai.yml");
    String text = Files.readString(file);
    text = text.replace("us-central1-docker.pkg.dev/my-project/shop/shop:latest", "gcr.io/my-project/shop:1.2.3");
    text = text.replace("root: my-project-vertexai/shop", "root: gs://team-bucket/pipelines");
    Files.writeString(file, text);

    RunConfig run = new ConfigFixture(projectDir).load().runConfig();
    assertEquals("gcr.io/my-project/shop:1.2.3", run.image());
    assertEquals("gs://team-bucket/pipelines", run.root());
  }

  @Test
  void everyCommentedExampleIsValidConfigWhenUncommented() throws Exception {
    String withExamples = ConfigTemplate.render(ConfigTemplate.values("my-project", "europe-west4", "shop"), true);
    ConfigFixture fixture = new ConfigFixture(projectDir).base(withExamples);

    RunConfig run = fixture.load().runConfig();

    assertEquals("Runs of the shop pipelines", run.experimentDescription());
    assertEquals("pipelines@my-project.iam.gserviceaccount.com", run.serviceAccount());
    assertEquals("projects/123456789012/global/networks/my-vpc", run.network().vpc());
    assertEquals(List.of(new HostAlias("10.10.0.2", List.of("mlflow.internal"))), run.network().hostAliases());
    assertEquals(new ResourceRequest("4", "16Gi", null), run.resources().get("train_model_node"));
    assertEquals(new ResourceRequest(null, null, 1), run.resources().get("gpu"));
    assertEquals(Map.of("gpu", Map.of(Accelerators.GKE_ACCELERATOR_LABEL, "NVIDIA_TESLA_T4")), run.nodeSelectors());
    assertEquals(GroupingConfig.AUTO, run.grouping().cls());
    assertEquals(Optional.of("conf/base/node-timings.json"), run.grouping().nodeTimings());
    assertEquals(new PipelineParameter("epochs", ParameterType.INT, null), run.parameters().get("epochs"));
    assertEquals("0 6 * * 1-5", run.schedules().get("default_schedule").cronExpression());
    assertEquals("projects/my-project/locations/europe-west4/keyRings/my-ring/cryptoKeys/my-key", run.encryptionKey());
    assertEquals(Map.of("team", "data-science"), run.labels());
    assertEquals(new ImageBuildConfig("python:3.11-slim", null), run.imageBuild());
    assertEquals("notify", run.onExitPipeline());
    assertEquals(
        new MlflowConfig(true, null, Map.of("client_id", "123456789012-abc.apps.googleusercontent.com")), run.mlflow());
    assertEquals(
        List.of(
            new DynamicConfigProvider(
                "kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider",
                Map.of("client_id", "123456789012-abc.apps.googleusercontent.com"))),
        run.dynamicConfigProviders());
    assertTrue(fixture.warnings().isEmpty(), fixture.warnings().toString());
  }

  @Test
  void examplesAreCommentedInTheWrittenFile() throws Exception {
    ConfigTemplate.write(projectDir, "my-project", "europe-west4", "shop", false);
    String text = Files.readString(projectDir.resolve("conf/base/vertexai.yml"));
    assertFalse(text.contains("#~"), text);
    assertTrue(text.contains("\n  # grouping:\n"), text);
    assertTrue(text.contains("\n    # train_model_node:    # a node name\n"), text);
    assertTrue(text.contains("\n  # schedules:\n"), text);
    assertTrue(text.contains("\n  # parameters:\n"), text);
  }

  @Test
  void missingProjectIdOrRegionNamesTheProperties() {
    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> ConfigTemplate.write(projectDir, null, " ", "shop", false));
    assertEquals(
        "mvn vertexai:init needs -Dvertexai.projectId=<GCP project id> and -Dvertexai.region=<region, e.g."
            + " europe-west4>",
        e.getMessage());
    e = assertThrows(KedroVertexAiException.class, () -> ConfigTemplate.write(projectDir, "my-project", null, "shop", false));
    assertEquals("mvn vertexai:init needs -Dvertexai.region=<region, e.g. europe-west4>", e.getMessage());
    assertFalse(Files.exists(projectDir.resolve("conf")));
  }

  @Test
  void invalidProjectIdOrRegionAreProblems() {
    ProblemsException e =
        assertThrows(ProblemsException.class, () -> ConfigTemplate.write(projectDir, "My_Project", "europe", "shop", false));
    assertEquals(2, e.problems().size());
    assertEquals(Origin.of("-Dvertexai.projectId"), e.problems().get(0).origin());
    assertEquals(Origin.of("-Dvertexai.region"), e.problems().get(1).origin());
    assertFalse(Files.exists(projectDir.resolve("conf")));
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    Path file = projectDir.resolve("conf/base/vertexai.yml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "mine: true\n");

    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class, () -> ConfigTemplate.write(projectDir, "my-project", "europe-west4", "shop", false));
    assertEquals(
        "conf/base/vertexai.yml already exists; to replace it, run again with -Dvertexai.force=true", e.getMessage());
    assertEquals("mine: true\n", Files.readString(file));

    ConfigTemplate.write(projectDir, "my-project", "europe-west4", "shop", true);
    assertTrue(Files.readString(file).contains("project_id: my-project"));
  }

  @Test
  void anExistingYamlExtensionCountsAndIsTheOneReplaced() throws Exception {
    Path yaml = projectDir.resolve("conf/base/vertexai.yaml");
    Files.createDirectories(yaml.getParent());
    Files.writeString(yaml, "mine: true\n");
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class, () -> ConfigTemplate.write(projectDir, "my-project", "europe-west4", "shop", false));
    assertTrue(e.getMessage().startsWith("conf/base/vertexai.yaml already exists"), e.getMessage());

    assertEquals(yaml, ConfigTemplate.write(projectDir, "my-project", "europe-west4", "shop", true));
    assertFalse(Files.exists(projectDir.resolve("conf/base/vertexai.yml")));
    assertEquals("my-project", new ConfigFixture(projectDir).load().projectId());
  }

  @Test
  void projectNameDefaultsToTheDirectoryNameMadeValid() throws Exception {
    Path dir = projectDir.resolve("My_Kedro.Project");
    ConfigTemplate.write(dir, "my-project", "europe-west4", null, false);
    RunConfig run = new ConfigFixture(dir).load().runConfig();
    assertEquals("my-kedro-project-experiment", run.experimentName());
    assertEquals("my-project-vertexai/my-kedro-project", run.root());
  }
}
