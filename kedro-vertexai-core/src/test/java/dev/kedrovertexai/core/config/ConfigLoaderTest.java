package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.ProblemsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path projectDir;
  ConfigFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ConfigFixture(projectDir);
  }

  private static ConfigOverride override(String keyPath, String value, String source) {
    return new ConfigOverride(keyPath, value, Origin.of(source));
  }

  @Test
  void loadsTheMinimalConfigWithKedroVertexAiDefaults() throws Exception {
    VertexAiConfig config = fixture.base(ConfigFixture.VALID_BASE).load();

    assertEquals("my-project", config.projectId());
    assertEquals("europe-west4", config.region());
    assertEquals("local", config.env());
    RunConfig run = config.runConfig();
    assertEquals("gcr.io/my-project/app:1", run.image());
    assertEquals("my-bucket/runs", run.root());
    assertNull(run.experimentName());
    assertEquals("spaceflights-experiment", run.experimentNameOrDefault("Spaceflights"));
    assertEquals(GroupingConfig.NONE, run.grouping());
    assertEquals(NetworkConfig.NONE, run.network());
    assertTrue(run.resources().isEmpty());
    assertFalse(run.enableCaching());
    assertTrue(fixture.warnings().isEmpty(), fixture.warnings().toString());
    assertEquals(List.of("Vertex AI config: conf/base/vertexai.yml (Kedro env local)"), fixture.infos());
  }

  @Test
  void readsTheYamlExtensionToo() throws Exception {
    fixture.file("conf/base/vertexai.yaml", ConfigFixture.VALID_BASE);
    assertEquals("my-project", fixture.load().projectId());
  }

  @Test
  void bothExtensionsInOneDirectoryIsAProblem() {
    fixture.base(ConfigFixture.VALID_BASE).file("conf/base/vertexai.yaml", ConfigFixture.VALID_BASE);
    assertEquals(
        List.of("conf/base/vertexai.yaml: both conf/base/vertexai.yml and conf/base/vertexai.yaml exist; keep one"),
        fixture.problems());
  }

  @Test
  void missingBaseFileSaysToRunInit() {
    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> fixture.load());
    assertFalse(e instanceof ProblemsException);
    assertTrue(e.getMessage().startsWith("No conf/base/vertexai.yml in "), e.getMessage());
    assertTrue(e.getMessage().contains("{goal:init}"), e.getMessage());
  }

  @Test
  void envFileIsDeepMergedOverBase() throws Exception {
    fixture
        .baseWith(
            """
            experiment_name: base-experiment
            resources:
              __default__: {cpu: 500m, memory: 1Gi}
              train: {cpu: "2"}
            labels: {team: a, stage: base}
            """)
        .file(
            "conf/prod/vertexai.yml",
            """
            run_config:
              root: gs://prod-bucket/runs
              resources:
                __default__: {memory: 2Gi}
              labels: {stage: prod}
            """);

    VertexAiConfig config = fixture.load("prod", List.of());

    RunConfig run = config.runConfig();
    assertEquals("prod", config.env());
    assertEquals("gs://prod-bucket/runs", run.root());
    assertEquals("gcr.io/my-project/app:1", run.image());
    assertEquals("base-experiment", run.experimentName());
    assertEquals(new ResourceRequest("500m", "2Gi", null), run.resources().get("__default__"));
    assertEquals(new ResourceRequest("2", null, null), run.resources().get("train"));
    assertEquals(Map.of("team", "a", "stage", "prod"), run.labels());
    assertEquals(new Origin("conf/prod/vertexai.yml", 2, 3), config.origins().get("run_config.root"));
    assertEquals(new Origin("conf/base/vertexai.yml", 4, 3), config.origins().get("run_config.image"));
    assertEquals(new Origin("conf/base/vertexai.yml", 9, 5), config.origins().get("run_config.resources.train"));
    assertEquals(
        List.of("Vertex AI config: conf/base/vertexai.yml + conf/prod/vertexai.yml (Kedro env prod)"), fixture.infos());
  }

  @Test
  void aNullInTheEnvFileUnsetsTheBaseValue() throws Exception {
    fixture
        .baseWith("description: from base")
        .file("conf/local/vertexai.yml", "run_config:\n  description:\n");
    assertNull(fixture.load().runConfig().description());
  }

  @Test
  void envWithoutDirectoryWarnsAndUsesBase() throws Exception {
    fixture.base(ConfigFixture.VALID_BASE);
    assertEquals("staging", fixture.load("staging", List.of()).env());
    assertEquals(
        List.of("Kedro env 'staging' has no conf/staging directory: using conf/base/vertexai.yml alone"),
        fixture.warnings());
  }

  @Test
  void defaultEnvIsKedroEnvElseLocal() {
    assertEquals("local", ConfigLoader.defaultEnv(Map.of()));
    assertEquals("local", ConfigLoader.defaultEnv(Map.of("KEDRO_ENV", " ")));
    assertEquals("prod", ConfigLoader.defaultEnv(Map.of("KEDRO_ENV", "prod")));
  }

  @Test
  void envNameThatEscapesConfIsRejected() {
    fixture.base(ConfigFixture.VALID_BASE);
    assertEquals(
        List.of("{param:env}: '../x' is not a Kedro env name (a directory under conf/)"),
        fixture.problems("../x", List.of()));
  }

  @Test
  void overridesApplyInOrderOverEnvAndBaseAndLaterWins() throws Exception {
    fixture
        .baseWith("resources:\n  __default__: {cpu: 500m, memory: 1Gi}")
        .file("conf/local/vertexai.yml", "run_config:\n  image: gcr.io/my-project/local:1\n");

    VertexAiConfig config =
        fixture.load(
            "local",
            List.of(
                override("run_config.image", "gcr.io/my-project/pom:1", "POM <image>"),
                override("run_config.image", "gcr.io/my-project/cli:1", "-Dvertexai.image"),
                override("run_config.resources.__default__.cpu", "2", "-Dvertexai.yml.run_config.resources.__default__.cpu"),
                override("run_config.network.vpc", "projects/123/global/networks/net", "POM <network>")));

    RunConfig run = config.runConfig();
    assertEquals("gcr.io/my-project/cli:1", run.image());
    assertEquals(new ResourceRequest("2", "1Gi", null), run.resources().get("__default__"));
    assertEquals("projects/123/global/networks/net", run.network().vpc());
    assertEquals(Origin.of("-Dvertexai.image"), config.origins().get("run_config.image"));
    assertEquals(Origin.of("POM <network>"), config.origins().get("run_config.network"));
    assertEquals(new Origin("conf/base/vertexai.yml", 7, 5), config.origins().get("run_config.resources.__default__"));
    assertEquals(
        List.of("Vertex AI config: conf/base/vertexai.yml + conf/local/vertexai.yml + 4 overrides (Kedro env local)"),
        fixture.infos());
  }

  @Test
  void overrideValuesAreYaml() throws Exception {
    fixture.base(ConfigFixture.VALID_BASE);
    RunConfig run =
        fixture
            .load(
                "local",
                List.of(
                    override("run_config.enable_caching", "true", "-D1"),
                    override("run_config.resources.train.gpu", "2", "-D2"),
                    override("run_config.network.host_aliases", "[{ip: 10.0.0.1, hostnames: [a.internal, b]}]", "-D3"),
                    override("run_config.labels", "{team: ds}", "-D4"),
                    override("run_config.parameters", "{epochs: {type: int, default: 3}}", "-D5")))
            .runConfig();
    assertTrue(run.enableCaching());
    assertEquals(2, run.resources().get("train").gpu());
    assertEquals(List.of(new HostAlias("10.0.0.1", List.of("a.internal", "b"))), run.network().hostAliases());
    assertEquals(Map.of("team", "ds"), run.labels());
    assertEquals(
        new PipelineParameter("epochs", ParameterType.INT, ParameterValue.ofInt(3)), run.parameters().get("epochs"));
  }

  @Test
  void anEmptyOverrideClearsAKey() throws Exception {
    fixture.baseWith("description: something");
    assertNull(fixture.load("local", List.of(override("run_config.description", "", "-Dx"))).runConfig().description());
  }

  @Test
  void overrideProblemsNameTheOverride() {
    fixture.baseWith("network:\n  host_aliases: [{ip: 10.0.0.1, hostnames: [a]}]");
    List<String> problems =
        fixture.problems(
            "local",
            List.of(
                override("run_config.imgae", "x", "-Dvertexai.yml.run_config.imgae"),
                override("run_config..root", "x", "POM <overrides><run_config..root>"),
                override("run_config.labels", "[a, b", "-Dvertexai.yml.run_config.labels"),
                override("run_config.network.host_aliases.ip", "1.1.1.1", "-Dvertexai.yml.h"),
                override("run_config.description", "Nightly: run", "-Dvertexai.description")));
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("POM <overrides><run_config..root>: run_config..root: is not a key path"), problems.get(0));
    assertTrue(problems.get(1).startsWith("-Dvertexai.yml.run_config.labels: run_config.labels: invalid YAML: "), problems.get(1));
    assertTrue(problems.get(2).startsWith("-Dvertexai.yml.h: run_config.network.host_aliases.ip: cannot set a key inside the list run_config.network.host_aliases"), problems.get(2));
    assertEquals("-Dvertexai.yml.run_config.imgae: run_config.imgae: unknown key; did you mean 'image'?", problems.get(3));
    assertTrue(problems.get(4).startsWith("-Dvertexai.description: run_config.description: expected a string, got a map (values given on the command line or in the build file are read as YAML"), problems.get(4));
  }

  @Test
  void interpolatesEnvironmentVariablesWithDefaults() throws Exception {
    fixture
        .env(Map.of("IMAGE_TAG", "abc123", "BUCKET", "env-bucket", "GPUS", "2", "CACHE", "true"))
        .base(
            """
            project_id: ${oc.env:PROJECT, my-project}
            region: ${oc.env:REGION,'europe-west4'}
            run_config:
              image: gcr.io/my-project/app:${oc.env:IMAGE_TAG}
              root: ${oc.env:BUCKET}/${oc.env:PREFIX,runs}
              description: cost \\${oc.env:NOT_READ} literally
              experiment_name: ${oc.env:EXPERIMENT,${oc.env:FALLBACK,nested-default}}
              scheduled_run_name: ${oc.env:RUN_NAME,null}
              enable_caching: ${oc.env:CACHE}
              resources:
                train: {gpu: "${oc.env:GPUS}"}
            """);

    VertexAiConfig config = fixture.load();

    assertEquals("my-project", config.projectId());
    assertEquals("europe-west4", config.region());
    RunConfig run = config.runConfig();
    assertEquals("gcr.io/my-project/app:abc123", run.image());
    assertEquals("env-bucket/runs", run.root());
    assertEquals("cost ${oc.env:NOT_READ} literally", run.description());
    assertEquals("nested-default", run.experimentName());
    assertNull(run.scheduledRunName());
    assertTrue(run.enableCaching());
    assertEquals(2, run.resources().get("train").gpu());
  }

  @Test
  void unsetVariableWithoutDefaultAndOtherInterpolationsAreProblems() {
    fixture.base(
        """
        project_id: my-project
        region: europe-west4
        run_config:
          image: gcr.io/my-project/app:${oc.env:IMAGE_TAG}
          root: ${globals:bucket}
          description: ${oc.env:OPEN
        """);
    assertEquals(
        List.of(
            "conf/base/vertexai.yml:4:3: run_config.image: environment variable 'IMAGE_TAG' is not set and"
                + " ${oc.env:IMAGE_TAG} has no default; set it or write ${oc.env:IMAGE_TAG,<default>}",
            "conf/base/vertexai.yml:5:3: run_config.root: unsupported interpolation '${globals:bucket}' in"
                + " '${globals:bucket}': vertexai.yml supports only ${oc.env:VAR} and ${oc.env:VAR,default}",
            "conf/base/vertexai.yml:6:3: run_config.description: unterminated interpolation in '${oc.env:OPEN': a"
                + " '}' is missing"),
        fixture.problems());
  }

  @Test
  void reportsEveryProblemOfEveryFileInOneException() {
    fixture
        .base(
            """
            project_id: My_Project
            region: europe-west4
            run_config:
              imgae: gcr.io/my-project/app:1
              root: my-bucket/runs
              resources:
                train_model:
                  cpu: lots
                  memory: 1.5Gi
            """)
        .file("conf/local/vertexai.yml", "run_config:\n  enable_caching: maybe\n");

    ProblemsException e = assertThrows(ProblemsException.class, () -> fixture.load());

    String nl = System.lineSeparator();
    assertEquals(
        "Invalid Vertex AI configuration (6 problems):" + nl
            + "  - conf/base/vertexai.yml:1:1: project_id: 'My_Project' is not a valid GCP project id: 6 to 30"
            + " lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen" + nl
            + "  - conf/base/vertexai.yml:4:3: run_config.imgae: unknown key; did you mean 'image'?" + nl
            + "  - conf/base/vertexai.yml:8:7: run_config.resources.train_model.cpu: 'lots' is not a CPU amount:"
            + " expected a number of cores (2, 1.5) or millicores (500m)" + nl
            + "  - conf/base/vertexai.yml:9:7: run_config.resources.train_model.memory: '1.5Gi' is not a memory"
            + " amount: expected a whole number with an optional unit (K, M, G, T, Ki, Mi, Gi, Ti, ...), e.g."
            + " 512Mi or 4Gi; did you mean '1536Mi'?" + nl
            + "  - conf/local/vertexai.yml:2:3: run_config.enable_caching: expected true or false, got 'maybe'" + nl
            + "  - conf/base/vertexai.yml: run_config.image: required key is missing (set it in"
            + " conf/base/vertexai.yml or with {param:image=...})",
        e.getMessage());
  }

  @Test
  void yamlSyntaxErrorsPointAtTheirPosition() {
    fixture.base("project_id: my-project\nregion: [europe-west4\n");
    List<String> problems = fixture.problems();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("conf/base/vertexai.yml:3:1: invalid YAML: "), problems.get(0));
  }

  @Test
  void duplicateKeysAreProblems() {
    fixture.base(ConfigFixture.VALID_BASE + "region: us-central1\n");
    assertEquals(
        List.of("conf/base/vertexai.yml:6:1: region: duplicate key; it is already set at conf/base/vertexai.yml:2:1"),
        fixture.problems());
  }

  @Test
  void anchorsAndMergeKeysWork() throws Exception {
    fixture.baseWith(
        """
        resources:
          big: &big {cpu: "8", memory: 32Gi}
          bigger:
            <<: *big
            memory: 64Gi
          same: *big
        """);
    Map<String, ResourceRequest> resources = fixture.load().runConfig().resources();
    assertEquals(new ResourceRequest("8", "32Gi", null), resources.get("big"));
    assertEquals(new ResourceRequest("8", "64Gi", null), resources.get("bigger"));
    assertEquals(new ResourceRequest("8", "32Gi", null), resources.get("same"));
  }

  @Test
  void emptyBaseFileReportsTheRequiredKeys() {
    fixture.base("# nothing yet\n");
    assertEquals(
        List.of(
            "conf/base/vertexai.yml: project_id: required key is missing (set it in conf/base/vertexai.yml or with"
                + " {param:projectId=...})",
            "conf/base/vertexai.yml: region: required key is missing (set it in conf/base/vertexai.yml or with"
                + " {param:region=...})",
            "conf/base/vertexai.yml: run_config: required key is missing"),
        fixture.problems());
  }

  @Test
  void requiredKeysMayComeFromOverridesAlone() throws Exception {
    fixture.base("run_config: {}\n");
    VertexAiConfig config =
        fixture.load(
            "local",
            List.of(
                override("project_id", "my-project", "-Dvertexai.projectId"),
                override("region", "us-central1", "-Dvertexai.region"),
                override("run_config.image", "gcr.io/p/i", "-Dvertexai.image"),
                override("run_config.root", "gs://b-1/x/", "-Dvertexai.root")));
    assertEquals("us-central1", config.region());
    assertEquals("gs://b-1/x", config.runConfig().root());
    assertEquals("b-1/x", config.runConfig().rootPath());
  }

  @Test
  void aConfigWrittenForKedroVertexAiLoadsWithOnlyCompatibilityWarnings() throws Exception {
    fixture.base(
        """
        project_id: my-gcp-project
        region: europe-west1
        run_config:
          image: eu.gcr.io/my-gcp-project/model:${oc.env:KEDRO_CONFIG_COMMIT_ID, unknown-commit}
          root: my-bucket/kedro
          experiment_name: model-experiment
          scheduled_run_name: model-run
          grouping:
            cls: kedro_vertexai.grouping.IdentityNodeGrouper
          ttl: 604800
          resources:
            __default__:
              cpu: 1000m
              memory: 2048Mi
            model_training:
              cpu: 8
              memory: 8Gi
              gpu: 1
          node_selectors:
            model_training:
              cloud.google.com/gke-accelerator: NVIDIA_TESLA_T4
          dynamic_config_providers: []
          schedules:
            default_schedule:
              cron_expression: "0 * * * *"
              timezone: Etc/UTC
              start_time: none
              end_time: none
              allow_queueing: false
              max_run_count: none
              max_concurrent_run_count: 1
        """);
    RunConfig run = fixture.load().runConfig();
    assertEquals("eu.gcr.io/my-gcp-project/model:unknown-commit", run.image());
    assertEquals(new ResourceRequest("8", "8Gi", 1), run.resources().get("model_training"));
    assertEquals(ScheduleConfig.DEFAULT, run.schedules().get("default_schedule"));
    assertEquals(1, fixture.warnings().size(), fixture.warnings().toString());
    assertTrue(fixture.warnings().get(0).startsWith("conf/base/vertexai.yml:10:3: run_config.ttl: has no effect"));
  }

  @Test
  void overrideValuesAreInterpolatedToo() throws Exception {
    fixture.env(Map.of("TAG", "7")).base(ConfigFixture.VALID_BASE);
    assertEquals(
        "gcr.io/p/app:7",
        fixture.load("local", List.of(override("run_config.image", "gcr.io/p/app:${oc.env:TAG}", "-Dvertexai.image")))
            .runConfig()
            .image());
  }

  @Test
  void theReadmeExampleLoads() throws Exception {
    fixture.base(
        """
        project_id: my-gcp-project
        region: europe-west4
        run_config:
          image: europe-west4-docker.pkg.dev/my-gcp-project/kedro/spaceflights:${oc.env:IMAGE_TAG,latest}
          root: my-bucket/spaceflights
          experiment_name: spaceflights-experiment
          resources:
            __default__: {cpu: 500m, memory: 1024Mi}
            train_model_node: {cpu: 4, memory: 16Gi}   # a Kedro node name
            gpu: {gpu: 1}                              # a tag
          node_selectors:
            gpu: {cloud.google.com/gke-accelerator: NVIDIA_TESLA_T4}
          parameters:
            model_version: {type: string, default: v1}
            epochs: {type: int}                        # no default: required on every run
        """);
    RunConfig run = fixture.load().runConfig();
    assertEquals("europe-west4-docker.pkg.dev/my-gcp-project/kedro/spaceflights:latest", run.image());
    assertEquals(3, run.resources().size());
    Map<String, ParameterValue> values =
        RuntimeParameters.resolve(
            run.parameters(), RuntimeParameters.parseSpec("epochs=20", "-Dvertexai.params"), "-Dvertexai.params");
    assertEquals(Map.of("epochs", ParameterValue.ofInt(20), "model_version", ParameterValue.ofString("v1")), values);
  }

  @Test
  void topLevelMustBeAMap() {
    fixture.base("- a\n- b\n");
    assertEquals(
        List.of("conf/base/vertexai.yml:1:1: expected a map of keys (project_id, region, run_config), got a list"),
        fixture.problems());
  }
}
