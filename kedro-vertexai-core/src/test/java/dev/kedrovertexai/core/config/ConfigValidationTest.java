package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.Origin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of the schema, with the exact position and text users see. Appended run_config lines start at 6:3. */
class ConfigValidationTest {
  @TempDir Path projectDir;
  ConfigFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ConfigFixture(projectDir);
  }

  private List<String> problemsWith(String runConfigLines) {
    return fixture.baseWith(runConfigLines).problems();
  }

  private RunConfig loadWith(String runConfigLines) throws Exception {
    return fixture.baseWith(runConfigLines).load().runConfig();
  }

  private static final String AT = "conf/base/vertexai.yml:";

  @Test
  void unknownKeysSuggestTheClosestKnownKeyOrListThem() {
    fixture.base(
        """
        projectid: my-project
        project_id: my-project
        region: europe-west4
        run_config:
          image: gcr.io/my-project/app:1
          root: my-bucket/runs
          resource: {}
          network: {vcp: x}
          whatever: 1
        """);
    assertEquals(
        List.of(
            AT + "1:1: projectid: unknown key; did you mean 'project_id'?",
            AT + "7:3: run_config.resource: unknown key; did you mean 'resources'?",
            AT + "8:13: run_config.network.vcp: unknown key; did you mean 'vpc'?",
            AT + "9:3: run_config.whatever: unknown key; expected one of description, dynamic_config_providers,"
                + " enable_caching, encryption_key, experiment_description, experiment_name, grouping, image,"
                + " image_build, image_pull_policy, labels, local_datasets, mlflow, network, node_selectors,"
                + " on_exit_pipeline, parameters, resources, root, scheduled_run_name, schedules, service_account,"
                + " template_repository, ttl"),
        fixture.problems());
  }

  @Test
  void wrongTypesNameWhatWasExpected() {
    assertEquals(
        List.of(
            AT + "6:3: run_config.resources: expected a map, got a list",
            AT + "7:3: run_config.description: expected a string, got a map",
            AT + "8:3: run_config.dynamic_config_providers: expected a list, got a string",
            AT + "9:15: run_config.schedules.nightly: expected a map with cron_expression, timezone, ..., got a number"),
        problemsWith(
            """
            resources: [a, b]
            description: {a: b}
            dynamic_config_providers: none
            schedules: {nightly: 5}
            """));
  }

  @Test
  void theExperimentDescriptionIsAStringUnderItsOwnName() throws Exception {
    assertEquals(
        List.of(
            AT + "6:3: run_config.experiment_description: expected a string, got a list",
            AT + "7:3: run_config.experiment_descripton: unknown key; did you mean 'experiment_description'?"),
        problemsWith(
            """
            experiment_description: [nightly, runs]
            experiment_descripton: Nightly runs
            """));
    RunConfig run = loadWith("experiment_name: nightly\nexperiment_description: 'Nightly runs: price model'");
    assertEquals("nightly", run.experimentName());
    assertEquals("Nightly runs: price model", run.experimentDescription());
  }

  @Test
  void resourceValuesFollowTheKubeflowFormats() throws Exception {
    assertEquals(
        List.of(
            AT + "8:9: run_config.resources.a.cpu: 'lots' is not a CPU amount: expected a number of cores (2, 1.5)"
                + " or millicores (500m)",
            AT + "9:9: run_config.resources.b.cpu: '200' is more than the 96 vCPUs Vertex AI gives one step",
            AT + "10:9: run_config.resources.c.cpu: '0m' must be more than 0",
            AT + "11:9: run_config.resources.d.memory: '2GB' is not a memory amount: expected a whole number with an"
                + " optional unit (K, M, G, T, Ki, Mi, Gi, Ti, ...), e.g. 512Mi or 4Gi; did you mean '2G'?",
            AT + "12:9: run_config.resources.e.memory: '0.5gi' is not a memory amount: expected a whole number with"
                + " an optional unit (K, M, G, T, Ki, Mi, Gi, Ti, ...), e.g. 512Mi or 4Gi; did you mean '512Mi'?",
            AT + "13:9: run_config.resources.f.gpu: '0' is not a positive number of GPUs",
            AT + "14:9: run_config.resources.g.gpu: expected a whole number, got 'two'",
            AT + "15:9: run_config.resources.h.cpu: expected a string or a number, got a boolean",
            AT + "16:9: run_config.resources.i.ram: unknown key; expected one of cpu, gpu, memory",
            AT + "17:5: run_config.resources.j: expected a map with cpu, memory or gpu, got null"),
        problemsWith(
            """
            resources:
              ok1: {cpu: 500m, memory: 1024Mi, gpu: 1}
              a: {cpu: lots}
              b: {cpu: 200}
              c: {cpu: 0m}
              d: {memory: 2GB}
              e: {memory: 0.5gi}
              f: {gpu: 0}
              g: {gpu: two}
              h: {cpu: yes}
              i: {ram: 1Gi}
              j:
            """));
  }

  @Test
  void numericResourceValuesKeepTheirText() throws Exception {
    Map<String, ResourceRequest> resources =
        loadWith("resources:\n  a: {cpu: 2, memory: 1073741824, gpu: \"4\"}\n  b: {cpu: 1.5, memory: 1Gi}").resources();
    assertEquals(new ResourceRequest("2", "1073741824", 4), resources.get("a"));
    assertEquals(new ResourceRequest("1.5", "1Gi", null), resources.get("b"));
  }

  @Test
  void namesVertexWouldRejectAreProblems() {
    fixture.base(
        """
        project_id: 1project
        region: europe-west4-a
        run_config:
          image: gcr.io/My-Project/App:1
          root: s3://bucket/x
          experiment_name: My Experiment
          service_account: pipelines
          scheduled_run_name: %s
        """.formatted("x".repeat(129)));
    assertEquals(
        List.of(
            AT + "1:1: project_id: '1project' is not a valid GCP project id: 6 to 30 lower-case letters, digits or"
                + " hyphens, starting with a letter and not ending with a hyphen",
            AT + "2:1: region: 'europe-west4-a' is a zone, not a region; did you mean 'europe-west4'?",
            AT + "4:3: run_config.image: 'gcr.io/My-Project/App:1' is not a valid container image reference;"
                + " expected e.g. europe-west4-docker.pkg.dev/my-project/my-repo/my-image:tag (repository paths are"
                + " lower case)",
            AT + "5:3: run_config.root: 's3://bucket/x' is not a Cloud Storage location; expected bucket/prefix or"
                + " gs://bucket/prefix (or file:///path for local runs)",
            AT + "6:3: run_config.experiment_name: 'My Experiment' is not a valid Vertex AI experiment name: up to"
                + " 128 lower-case letters, digits and hyphens, starting with a letter or digit; did you mean"
                + " 'my-experiment'?",
            AT + "7:3: run_config.service_account: 'pipelines' is not a service account email such as"
                + " pipelines@my-project.iam.gserviceaccount.com",
            AT + "8:3: run_config.scheduled_run_name: is 129 characters long; Vertex AI allows at most 128"),
        fixture.problems());
  }

  @Test
  void rootAcceptsBucketPathsGcsUrlsAndFileUrls() throws Exception {
    assertEquals("my-bucket", rootOf("my-bucket"));
    assertEquals("gs://my_bucket.eu/a/b", rootOf("gs://my_bucket.eu/a/b/"));
    assertEquals("file:///tmp/vertex", rootOf("file:///tmp/vertex"));
    assertEquals(
        List.of(AT + "5:3: run_config.root: 'Bucket' is not a valid Cloud Storage bucket name: 3 to 63 characters of"
            + " a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit; expected bucket/prefix or"
            + " gs://bucket/prefix (or file:///path for local runs)"),
        rootProblems("Bucket/x"));
    assertEquals(List.of(AT + "5:3: run_config.root: 'file://relative' is not a valid local root: expected"
        + " file:///absolute/path"), rootProblems("file://relative"));
    assertEquals(1, rootProblems("ab/x").size());
    assertEquals(1, rootProblems("-bucket/x").size());
    assertEquals(1, rootProblems("b".repeat(64)).size());
    assertEquals(1, rootProblems("bucket//x").size());
  }

  private String rootOf(String root) throws Exception {
    return new ConfigFixture(projectDir).base(ConfigFixture.VALID_BASE.replace("my-bucket/runs", root)).load().runConfig().root();
  }

  private List<String> rootProblems(String root) {
    return new ConfigFixture(projectDir).base(ConfigFixture.VALID_BASE.replace("my-bucket/runs", root)).problems();
  }

  @Test
  void networkChecksVpcAddressesAndHostNames() throws Exception {
    assertEquals(
        List.of(
            AT + "7:5: run_config.network.vpc: 'my-vpc' is not a full VPC network name (a bare network name is not"
                + " enough: Vertex AI needs the project number); expected projects/<project number>/global/networks/<name>,"
                + " e.g. projects/123456789012/global/networks/my-vpc",
            AT + "9:9: run_config.network.host_aliases[0].ip: '10.0.0.300' is not an IPv4 or IPv6 address",
            AT + "10:34: run_config.network.host_aliases[0].hostnames[1]: 'bad_host' is not a valid host name",
            AT + "11:21: run_config.network.host_aliases[1].hostnames: needs at least one host name",
            AT + "12:9: run_config.network.host_aliases[2].hostnames: required key is missing",
            AT + "13:9: run_config.network.host_aliases[3]: expected a map with ip and hostnames, got a string"),
        problemsWith(
            """
            network:
              vpc: my-vpc
              host_aliases:
                - ip: 10.0.0.300
                  hostnames: [ok.internal, bad_host]
                - {ip: "::1", hostnames: []}
                - {ip: 10.0.0.1}
                - 10.0.0.1
            """));
    NetworkConfig network =
        new ConfigFixture(projectDir)
            .baseWith(
                """
                network:
                  vpc: projects/123456789012/global/networks/my-vpc
                  host_aliases: [{ip: "2001:db8::1", hostnames: [mlflow.internal]}, {ip: 10.1.2.3, hostnames: [a]}]
                """)
            .load()
            .runConfig()
            .network();
    assertEquals("projects/123456789012/global/networks/my-vpc", network.vpc());
    assertEquals(
        List.of(new HostAlias("2001:db8::1", List.of("mlflow.internal")), new HostAlias("10.1.2.3", List.of("a"))),
        network.hostAliases());
  }

  @Test
  void nodeSelectorsTakeAcceleratorTypesInVertexOrGkeForm() throws Exception {
    RunConfig run =
        loadWith(
            """
            node_selectors:
              gpu_tag: {cloud.google.com/gke-accelerator: NVIDIA_TESLA_T4}
              train: {cloud.google.com/gke-accelerator: nvidia-l4}
            """);
    assertEquals(
        Map.of(
            "gpu_tag", Map.of(Accelerators.GKE_ACCELERATOR_LABEL, "NVIDIA_TESLA_T4"),
            "train", Map.of(Accelerators.GKE_ACCELERATOR_LABEL, "NVIDIA_L4")),
        run.nodeSelectors());
    List<String> problems =
        new ConfigFixture(projectDir)
            .baseWith(
                """
                node_selectors:
                  a: {cloud.google.com/gke-acelerator: NVIDIA_TESLA_T4}
                  b: {cloud.google.com/gke-accelerator: nvidia-tesla-t5}
                """)
            .problems();
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(
        AT + "7:9: run_config.node_selectors.a.cloud.google.com/gke-acelerator: unknown node selector label; Vertex AI"
            + " supports only 'cloud.google.com/gke-accelerator'; did you mean 'cloud.google.com/gke-accelerator'?",
        problems.get(0));
    assertTrue(
        problems.get(1).startsWith(
            AT + "8:9: run_config.node_selectors.b.cloud.google.com/gke-accelerator: 'nvidia-tesla-t5' is not a Vertex"
                + " AI accelerator type; did you mean 'NVIDIA_TESLA_T4'? (valid: "),
        problems.get(1));
    assertTrue(problems.get(1).contains("NVIDIA_L4"), problems.get(1));
  }

  @Test
  void groupingStrategiesAndTheirParams() throws Exception {
    GroupingConfig tags =
        loadWith("grouping: {cls: kedro_vertexai.grouping.TagNodeGrouper, params: {tag_prefix: 'vertex.'}}").grouping();
    assertEquals(GroupingConfig.TAGS, tags.cls());
    assertEquals("vertex.", tags.tagPrefix());

    GroupingConfig auto = new ConfigFixture(projectDir).baseWith("grouping: {cls: auto}").load().runConfig().grouping();
    assertEquals(GroupingConfig.AUTO, auto.cls());
    assertEquals(Map.of(), auto.params());
    assertEquals(GroupingConfig.DEFAULT_TAG_PREFIX, auto.tagPrefix());

    GroupingConfig tuned =
        new ConfigFixture(projectDir)
            .baseWith("grouping: {cls: auto, params: {task_overhead_seconds: 30, node_seconds: 4, storage_seconds: 2}}")
            .load()
            .runConfig()
            .grouping();
    assertEquals(
        Map.of("task_overhead_seconds", 30.0, "node_seconds", 4.0, "storage_seconds", 2.0), tuned.params());
    assertEquals(Optional.empty(), tuned.nodeTimings());

    GroupingConfig measured =
        new ConfigFixture(projectDir)
            .baseWith("grouping: {cls: auto, params: {node_timings: conf/base/timings.json}}")
            .load()
            .runConfig()
            .grouping();
    assertEquals(Optional.of("conf/base/timings.json"), measured.nodeTimings());

    assertEquals(
        GroupingConfig.NONE,
        new ConfigFixture(projectDir)
            .baseWith("grouping: {cls: kedro_vertexai.grouping.IdentityNodeGrouper}")
            .load()
            .runConfig()
            .grouping());
  }

  @Test
  void groupingProblems() {
    assertEquals(
        List.of(
            AT + "7:5: run_config.grouping.cls: 'kedro_vertexai.grouping.TagNodeGroupper' is not a grouping strategy;"
                + " did you mean 'kedro_vertexai.grouping.TagNodeGrouper'?; expected"
                + " kedro_vertexai.grouping.IdentityNodeGrouper, kedro_vertexai.grouping.TagNodeGrouper or auto"),
        problemsWith("grouping:\n  cls: kedro_vertexai.grouping.TagNodeGroupper"));
    assertEquals(
        List.of(
            AT + "8:14: run_config.grouping.params.tag_prefix: unknown key; kedro_vertexai.grouping.IdentityNodeGrouper"
                + " takes no params"),
        new ConfigFixture(projectDir)
            .baseWith("grouping:\n  cls: kedro_vertexai.grouping.IdentityNodeGrouper\n  params: {tag_prefix: x}")
            .problems());
    assertEquals(
        List.of(
            AT + "8:14: run_config.grouping.params.task_overhead_secs: unknown key; did you mean 'task_overhead_seconds'?",
            AT + "9:7: run_config.grouping.params.task_overhead_seconds: expected a number, got 'slow'"),
        new ConfigFixture(projectDir)
            .baseWith("grouping:\n  cls: auto\n  params: {task_overhead_secs: 5,\n    task_overhead_seconds: slow}")
            .problems());
  }

  @Test
  void nodeTimingsAreAPathAndOnlyAutoTakesThem() {
    assertEquals(
        List.of(
            AT + "8:14: run_config.grouping.params.node_timings: only auto grouping takes it, but"
                + " run_config.grouping.cls is kedro_vertexai.grouping.TagNodeGrouper; set cls: auto or drop"
                + " node_timings"),
        new ConfigFixture(projectDir)
            .baseWith("grouping:\n  cls: kedro_vertexai.grouping.TagNodeGrouper\n  params: {node_timings: t.json}")
            .problems());
    assertEquals(
        List.of(
            "{param:nodeTimings}: run_config.grouping.params.node_timings: only auto grouping takes it, but"
                + " run_config.grouping.cls is kedro_vertexai.grouping.IdentityNodeGrouper; set cls: auto or drop"
                + " node_timings"),
        new ConfigFixture(projectDir)
            .base(ConfigFixture.VALID_BASE)
            .problems(
                "local",
                List.of(
                    new ConfigOverride(
                        ConfigProperties.keyPath("nodeTimings"), "t.json", Origin.of("{param:nodeTimings}")))));
    assertEquals(
        List.of(
            AT + "8:14: run_config.grouping.params.node_timings: expected the path of a timings.json written by"
                + " {goal:run-local}, got an empty value",
            AT + "9:6: run_config.grouping.params.tag_prefix: expected a string, got a list"),
        new ConfigFixture(projectDir)
            .baseWith("grouping:\n  cls: auto\n  params: {node_timings: ' ',\n   tag_prefix: [a]}")
            .problems());
  }

  @Test
  void schedulesGetKedroVertexAiDefaultsAndAcceptItsNoneSpelling() throws Exception {
    Map<String, ScheduleConfig> schedules =
        loadWith(
            """
            schedules:
              default_schedule:
                cron_expression: "0 * * * *"
                timezone: Etc/UTC
                start_time: none
                end_time: none
                allow_queueing: false
                max_run_count: none
                max_concurrent_run_count: 1
              training:
                cron_expression: "30 6 * * MON-FRI"
                timezone: Europe/Warsaw
                start_time: 2030-01-01T00:00:00Z
                end_time: "2030-06-01T00:00:00+02:00"
                allow_queueing: true
                max_run_count: 10
                max_concurrent_run_count: 2
              empty:
            """)
            .schedules();
    assertEquals(ScheduleConfig.DEFAULT, schedules.get("default_schedule"));
    assertEquals(ScheduleConfig.DEFAULT, schedules.get("empty"));
    assertEquals(
        new ScheduleConfig(
            "30 6 * * MON-FRI", "Europe/Warsaw", "2030-01-01T00:00:00Z", "2030-06-01T00:00:00+02:00", true, 10, 2),
        schedules.get("training"));
  }

  @Test
  void scheduleProblems() {
    assertEquals(
        List.of(
            AT + "8:7: run_config.schedules.nightly.cron_expression: '0 6 * *' is not a cron expression: expected 5"
                + " fields (minute hour day-of-month month day-of-week), e.g. '0 6 * * 1-5', found 4",
            AT + "9:7: run_config.schedules.nightly.timezone: 'Europe/Warsw' is not a time zone such as Etc/UTC or"
                + " Europe/Warsaw; did you mean 'Europe/Warsaw'?",
            AT + "10:7: run_config.schedules.nightly.start_time: '2030-01-01' is not an RFC 3339 time with an offset,"
                + " e.g. 2025-01-31T06:00:00Z",
            AT + "11:7: run_config.schedules.nightly.max_run_count: '0' must be a positive number",
            AT + "12:7: run_config.schedules.nightly.allow_queueing: expected true or false, got 'sometimes'",
            AT + "14:7: run_config.schedules.weekly.cron_expression: '0 25 * * *' is not a valid cron expression:"
                + " hour '25' is outside 0-23",
            AT + "15:7: run_config.schedules.weekly.Start_Time: unknown key; did you mean 'start_time'?",
            AT + "17:7: run_config.schedules.weekly.end_time: must be after start_time"),
        problemsWith(
            """
            schedules:
              nightly:
                cron_expression: "0 6 * *"
                timezone: Europe/Warsw
                start_time: 2030-01-01
                max_run_count: 0
                allow_queueing: sometimes
              weekly:
                cron_expression: "0 25 * * *"
                Start_Time: x
                start_time: 2030-02-01T00:00:00Z
                end_time: 2030-01-01T00:00:00Z
            """));
  }

  @Test
  void parametersAreDeclaredWithTypesAndConvertedDefaults() throws Exception {
    Map<String, PipelineParameter> parameters =
        loadWith(
            """
            parameters:
              name: {type: string, default: 2024}
              epochs: {type: int, default: 10}
              rate: {type: float, default: 1}
              verbose: {type: bool, default: true}
              layers: {type: list, default: [64, 32]}
              options: {type: dict, default: {b: 1, a: [x]}}
              required: {type: int}
            """)
            .parameters();
    assertEquals(ParameterValue.ofString("2024"), parameters.get("name").defaultValue());
    assertEquals(ParameterValue.ofInt(10), parameters.get("epochs").defaultValue());
    assertEquals(ParameterValue.ofFloat(1.0), parameters.get("rate").defaultValue());
    assertEquals(ParameterValue.ofBool(true), parameters.get("verbose").defaultValue());
    assertEquals(ParameterType.LIST, parameters.get("layers").defaultValue().type());
    assertEquals("[64,32]", parameters.get("layers").defaultValue().json().toString());
    // Keys sorted, whatever order the YAML has.
    assertEquals(ParameterType.DICT, parameters.get("options").defaultValue().type());
    assertEquals("{\"a\":[\"x\"],\"b\":1}", parameters.get("options").defaultValue().json().toString());
    assertEquals(new PipelineParameter("required", ParameterType.INT, null), parameters.get("required"));
  }

  @Test
  void parameterProblems() {
    assertEquals(
        List.of(
            AT + "7:25: run_config.parameters.epochs.default: expected a whole number from -(2^53 - 1) to 2^53 - 1,"
                + " got 'ten'",
            AT + "8:12: run_config.parameters.rate.type: 'double' is not a parameter type; expected one of bool, dict,"
                + " float, int, list, string",
            AT + "9:12: run_config.parameters.flag.type: 'boolean' is not a parameter type; did you mean 'bool'?;"
                + " expected one of bool, dict, float, int, list, string",
            AT + "10:5: run_config.parameters.untyped.type: required key is missing: one of bool, dict, float, int,"
                + " list, string",
            AT + "11:5: run_config.parameters.2fast: '2fast' is not a valid parameter name: letters, digits and '_',"
                + " not starting with a digit",
            AT + "12:5: run_config.parameters.kedro_nodes: 'kedro_nodes' is reserved for the plugin's own task inputs",
            AT + "13:26: run_config.parameters.layers.default: expected a list such as [1, 2], got a map",
            AT + "14:24: run_config.parameters.opts.defualt: unknown key; did you mean 'default'?",
            AT + "15:26: run_config.parameters.limits.default: expected a dict such as {\"key\": 1}, with every number"
                + " in it finite and every whole one within ±(2^53 - 1), as Vertex AI carries them, got a map"),
        problemsWith(
            """
            parameters:
              epochs: {type: int, default: ten}
              rate: {type: double}
              flag: {type: boolean}
              untyped: {default: 1}
              2fast: {type: int}
              kedro_nodes: {type: string}
              layers: {type: list, default: {a: 1}}
              opts: {type: dict, defualt: {}}
              limits: {type: dict, default: {low: -.inf, id: 9007199254740993}}
            """));
  }

  @Test
  void cachingEncryptionAndLabels() throws Exception {
    RunConfig run =
        loadWith(
            """
            enable_caching: true
            encryption_key: projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k
            labels: {team: data-science, cost_center: 42}
            """);
    assertTrue(run.enableCaching());
    assertEquals("projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k", run.encryptionKey());
    assertEquals(Map.of("team", "data-science", "cost_center", "42"), run.labels());
    assertEquals(
        List.of(
            AT + "6:3: run_config.encryption_key: 'my-key' is not a Cloud KMS key name; expected"
                + " projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>",
            AT + "8:5: run_config.labels.Team: 'Team' is not a valid label key: 1 to 63 lower-case letters, digits,"
                + " '_' or '-', starting with a letter",
            AT + "9:5: run_config.labels.owner: 'J. Doe' is not a valid label value: up to 63 lower-case letters,"
                + " digits, '_' or '-'"),
        new ConfigFixture(projectDir)
            .baseWith("encryption_key: my-key\nlabels:\n  Team: a\n  owner: J. Doe")
            .problems());
  }

  @Test
  void localDatasetsIsStoreUnlessSetToError() throws Exception {
    assertEquals(LocalDatasets.STORE, loadWith("").localDatasets());
    assertEquals(LocalDatasets.STORE, loadWith("local_datasets: store").localDatasets());
    assertEquals(LocalDatasets.ERROR, loadWith("local_datasets: error").localDatasets());
    assertEquals(
        List.of(
            AT + "6:3: run_config.local_datasets: 'eror' is not a rule for datasets on local paths; did you mean"
                + " 'error'?; expected error or store"),
        problemsWith("local_datasets: eror"));
    assertEquals(
        List.of(AT + "6:3: run_config.local_datasets: expected a string, got a map"),
        new ConfigFixture(projectDir).baseWith("local_datasets: {mode: error}").problems());
  }

  @Test
  void encryptionKeyInAnotherRegionIsAWarning() throws Exception {
    fixture.baseWith("encryption_key: projects/p/locations/us-east1/keyRings/r/cryptoKeys/k").load();
    assertEquals(
        List.of(
            AT + "6:3: run_config.encryption_key: the key is in location 'us-east1' but jobs run in region"
                + " 'europe-west4'; Vertex AI needs a key in the job's region"),
        fixture.warnings());
  }

  @Test
  void compatibilityKeysAreAcceptedWithWarnings() throws Exception {
    RunConfig run =
        loadWith(
            """
            ttl: 604800
            image_pull_policy: IfNotPresent
            dynamic_config_providers:
              - cls: kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider
                params: {client_id: abc}
            mlflow:
              request_header_provider_params: {client_id: abc}
            """);
    assertEquals(
        List.of(
            new DynamicConfigProvider(
                "kedro_vertexai.auth.gcp.MLFlowGoogleOAuthCredentialsProvider", Map.of("client_id", "abc"))),
        run.dynamicConfigProviders());
    assertEquals(new MlflowConfig(null, null, Map.of("client_id", "abc")), run.mlflow());
    assertEquals(MlflowConfig.OAUTH_PROVIDER, run.mlflow().effectiveHeaderProvider());
    assertEquals(
        List.of(
            AT + "6:3: run_config.ttl: has no effect on Vertex AI (accepted for compatibility with kedro-vertexai);"
                + " you can remove it",
            AT + "7:3: run_config.image_pull_policy: has no effect on Vertex AI (accepted for compatibility with"
                + " kedro-vertexai); you can remove it"),
        fixture.warnings());
  }

  @Test
  void trackingKeysAreTyped() throws Exception {
    RunConfig run =
        loadWith(
            """
            on_exit_pipeline: notify
            mlflow:
              enabled: true
              request_header_provider: kedro_vertexai.auth.gcp.MLflowGoogleIAMRequestHeaderProvider
              request_header_provider_params:
                client_id: 123.apps.googleusercontent.com
                service_account: tracker@p.iam.gserviceaccount.com
            dynamic_config_providers:
              - cls: my_project.auth.Tokens
                params: {audience: mlflow, scopes: [a, b], ttl: 60}
              - cls: my_project.auth.Other
            """);
    assertEquals("notify", run.onExitPipeline());
    assertEquals(Boolean.TRUE, run.mlflow().enabled());
    assertEquals(MlflowConfig.IAM_PROVIDER, run.mlflow().effectiveHeaderProvider());
    assertEquals(
        List.of(
            new DynamicConfigProvider(
                "my_project.auth.Tokens", Map.of("audience", "mlflow", "scopes", List.of("a", "b"), "ttl", 60L)),
            new DynamicConfigProvider("my_project.auth.Other", Map.of())),
        run.dynamicConfigProviders());
    assertEquals(List.of(), fixture.warnings());
    assertTrue(new MlflowConfig(null, null, Map.of()).tracks(true));
    assertEquals(false, new MlflowConfig(false, null, Map.of()).tracks(true));
    assertEquals(true, new MlflowConfig(true, null, Map.of()).tracks(false));
  }

  @Test
  void trackingKeysAreValidatedLikeTheOthers() {
    assertEquals(
        List.of(
            AT + "6:3: run_config.on_exit_pipeline: expected a string, got a list",
            AT + "8:5: run_config.mlflow.enable: unknown key; did you mean 'enabled'?",
            AT + "9:5: run_config.mlflow.request_header_provider: 'not a class' is not a Python class by its dotted"
                + " name, such as my_package.module.ClassName",
            AT + "10:5: run_config.mlflow.request_header_provider_params: expected a map, got a string",
            AT + "12:7: run_config.dynamic_config_providers[0].cls: required key is missing",
            AT + "12:8: run_config.dynamic_config_providers[0].param: unknown key; did you mean 'params'?",
            AT + "13:7: run_config.dynamic_config_providers[1].cls: 'Tokens' is not a Python class by its dotted"
                + " name, such as my_package.module.ClassName",
            AT + "14:7: run_config.dynamic_config_providers[2]: expected a map with cls and params, got a string",
            AT + "16:7: run_config.dynamic_config_providers[3].params: expected a map, got a list"),
        problemsWith(
            """
            on_exit_pipeline: [notify]
            mlflow:
              enable: true
              request_header_provider: not a class
              request_header_provider_params: x
            dynamic_config_providers:
              - {param: {a: 1}}
              - cls: Tokens
              - my.Provider
              - cls: my.Provider
                params: [a]
            """));
  }

  @Test
  void headerProviderParamsWithoutAClassAreKedroVertexaisOwn() {
    assertEquals(
        List.of(
            AT + "7:5: run_config.mlflow.request_header_provider_params.client_id: required key is missing:"
                + " MLFlowGoogleOauthRequestHeaderProvider needs client_id",
            AT + "8:7: run_config.mlflow.request_header_provider_params.client: unknown key; did you mean"
                + " 'client_id'?"),
        problemsWith(
            """
            mlflow:
              request_header_provider_params:
                client: abc
            """));
    assertEquals(
        List.of(
            AT + "8:5: run_config.mlflow.request_header_provider_params.service_account: required key is missing:"
                + " MLFlowGoogleIAMRequestHeaderProvider needs client_id and service_account"),
        problemsWith(
            """
            mlflow:
              request_header_provider: kedro_vertexai.auth.gcp.MLFlowGoogleIAMRequestHeaderProvider
              request_header_provider_params: {client_id: abc}
            """));
  }

  @Test
  void aProjectsOwnHeaderProviderTakesAnyParams() throws Exception {
    RunConfig run =
        loadWith(
            """
            mlflow:
              request_header_provider: my_project.auth.HeaderProvider
              request_header_provider_params: {realm: x, retries: 3}
            """);
    assertEquals("my_project.auth.HeaderProvider", run.mlflow().effectiveHeaderProvider());
    assertEquals(Map.of("realm", "x", "retries", 3L), run.mlflow().requestHeaderProviderParams());
  }

  @Test
  void aDisabledMlflowWithAHeaderProviderIsAWarning() throws Exception {
    loadWith("mlflow: {enabled: false, request_header_provider_params: {client_id: abc}}");
    assertEquals(
        List.of(AT + "6:12: run_config.mlflow.enabled: is false, so the request header provider is not used"),
        fixture.warnings());
  }

  @Test
  void emptyProvidersListIsSilent() throws Exception {
    fixture.baseWith("dynamic_config_providers: []").load();
    assertEquals(List.of(), fixture.warnings());
  }

  @Test
  void originsCoverEveryKeyPathForLaterStages() throws Exception {
    VertexAiConfig config =
        fixture
            .baseWith(
                """
                resources:
                  train_model: {cpu: 2}
                  ns.sub.node: {memory: 1Gi}
                """)
            .load();
    assertEquals(new Origin("conf/base/vertexai.yml", 7, 5), config.origins().get("run_config.resources.train_model"));
    assertEquals(new Origin("conf/base/vertexai.yml", 8, 5), config.origins().get("run_config.resources.ns.sub.node"));
    assertEquals(new Origin("conf/base/vertexai.yml", 7, 19), config.origins().get("run_config.resources.train_model.cpu"));
    assertEquals(
        new Origin("conf/base/vertexai.yml", 6, 3), config.origin("run_config.resources.unknown_node").orElseThrow());
  }
}
